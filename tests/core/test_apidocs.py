"""`GET /<provider>/docs`: a Swagger UI page per provider, every asset served by the sandbox."""

import re

import httpx
import pytest

from mockserver.providers import all_providers

PROVIDERS = [p.name for p in all_providers()]


@pytest.fixture
def client(mockserver):
    with httpx.Client(base_url=mockserver.url) as http:
        yield http


@pytest.mark.parametrize("name", PROVIDERS)
def test_docs_page_renders_the_providers_document_with_local_assets_only(client, name):
    page = client.get(f"/{name}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "SwaggerUIBundle" in text and 'url: "openapi.json"' in text and "validatorUrl: null" in text
    assert not re.search(r"(https?:)?//[a-z]", text), "the page must not load anything from elsewhere"
    base = f"{client.base_url}/{name}/docs"
    references = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert "docs/assets/swagger-ui-bundle.js" in references and "docs/assets/swagger-ui.css" in references
    for reference in references:
        answer = client.get(httpx.URL(base).join(reference))
        assert answer.status_code == 200, reference
    bundle = client.get(httpx.URL(base).join("docs/assets/swagger-ui-bundle.js"))
    assert bundle.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert len(bundle.content) > 500_000


def test_index_links_every_providers_docs_page(client):
    index = client.get("/").json()
    assert {p["name"]: p["docs"] for p in index["providers"]} == {
        name: f"{client.base_url}/{name}/docs" for name in PROVIDERS
    }
