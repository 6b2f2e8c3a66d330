"""`GET /conta/openapi.json` is the published document filtered to what is emulated, and the
coverage table in docs/conta.md is the one generated from it and the declarations."""

from pathlib import Path

import httpx

from mockserver.providers.conta import CONTA, coverage, spec
from tests.openapi_refs import schema_refs

DOCS = Path(__file__).parents[3] / "docs" / "conta.md"


def test_the_served_document_is_the_published_one_filtered(mockserver):
    document = httpx.get(f"{mockserver.url}/conta/openapi.json").json()
    assert document["openapi"] == "3.0.3" and document["servers"] == [{"url": "/conta"}]
    components = document["components"]
    unresolved = [
        ref for ref in schema_refs(document) if ref.split("/")[-1] not in components[ref.split("/")[-2]]
    ]
    assert unresolved == []
    published = spec.published()["paths"]
    pairs = {(m, p) for p, item in document["paths"].items() for m in item}
    assert pairs == {(op.method.lower(), op.documented_path) for op in CONTA.operations}
    for method, path in pairs:
        entry = document["paths"][path][method]
        if path in published and method in published[path]:
            assert entry["operationId"] == published[path][method]["operationId"]
            assert entry.get("requestBody") == published[path][method].get("requestBody")
            for answer in entry["responses"].values():
                assert all("schema" in media for media in answer.get("content", {}).values())
        elif entry.get("x-mockserver-sandbox-only"):
            assert (method, path) == ("get", "/invoice/organizations/{opContextOrgId}/files/{id}/content")
            assert "application/pdf" in entry["responses"]["200"]["content"]
        else:
            assert entry["x-mockserver-guide-only"] is True and (method, path) == (
                "delete",
                "/invoice/organizations/{opContextOrgId}/customers/{id}",
            )
    assert "/defaultRequest" not in document["paths"]


def test_the_coverage_table_in_the_docs_is_current():
    text = DOCS.read_text(encoding="utf-8")
    assert coverage.START in text and coverage.END in text
    assert coverage.rewrite(text, CONTA) == text, (
        "run: python -m mockserver.providers.conta.coverage docs/conta.md"
    )


def test_the_coverage_table_lists_all_71_operations():
    rows = coverage.rows(CONTA)
    assert sum(1 for row in rows if row[4] in ("emulated", "not emulated")) == 71
    assert {row[4] for row in rows} == {
        "emulated",
        "not emulated",
        "emulated, guide only",
        "emulated, sandbox only",
    }


def test_every_operation_documents_the_template_errors_as_they_are_on_the_wire(
    mockserver, mockserver_workspace
):
    document = httpx.get(f"{mockserver.url}/conta/openapi.json").json()
    for item in document["paths"].values():
        for entry in item.values():
            assert {"400", "401", "403", "404", "409", "500"} <= set(entry["responses"])
    customers = "/invoice/organizations/{opContextOrgId}/customers"
    headers = {"apiKey": mockserver_workspace.credentials["conta"]["apiKey"]}
    base = f"{mockserver.url}/conta/invoice/organizations"
    answers = {
        "403": httpx.get(f"{base}/99/customers", headers=headers),  # a known org the key cannot reach
        "404": httpx.get(f"{base}/abc/customers", headers=headers),
        "409": httpx.get(f"{base}/11/customers", params={"hits": "many"}, headers=headers),
    }
    for status, answer in answers.items():
        assert str(answer.status_code) == status, answer.text
        schema = document["paths"][customers]["get"]["responses"][status]["content"]["application/json"]
        assert spec.problems(schema["schema"], answer.json()) == [], (status, answer.json())
    assert answers["403"].json()["name"] == "OrgAccessDeniedException"
    assert answers["409"].json()["name"] == "InputOpException"
