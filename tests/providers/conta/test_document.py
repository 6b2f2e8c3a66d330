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
    assert sum(1 for row in rows if row[4] != "emulated, guide only") == 71
    assert {row[4] for row in rows} == {"emulated", "not emulated", "emulated, guide only"}
