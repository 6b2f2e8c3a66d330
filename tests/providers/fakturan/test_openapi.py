"""The OpenAPI document describes what the server does: every operation exists, and answers
validate against the schemas it names."""

import httpx
import pytest

from mockserver.providers.fakturan.operations import OPERATIONS
from tests.openapi_refs import unresolved_refs


@pytest.fixture(scope="module")
def document(mockserver):
    answer = httpx.get(f"{mockserver.url}/fakturan/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def test_document_lists_every_route(document):
    listed = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert ("GET", "/api/v2/clients") in listed and ("POST", "/api/v2/invoices/{id}/payments") in listed
    assert len(listed) == 19, "16 documented by Fakturan, and PATCH beside each of the three PUTs"
    assert document["servers"] == [{"url": "/fakturan"}]
    assert document["components"]["securitySchemes"] == {"basic": {"type": "http", "scheme": "basic"}}


def test_every_schema_reference_resolves(document):
    assert unresolved_refs(document) == []


def test_invoice_input_schema_has_the_documented_limits(document):
    row = document["components"]["schemas"]["RowInput"]["properties"]
    assert row["product_code"]["anyOf"][0]["maxLength"] == 30
    assert row["product_tax"]["anyOf"][0]["enum"] == [25, 12, 6, 0]


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.method == "GET"], ids=lambda op: op.name)
def test_get_answers_validate_against_their_response_model(fakturan, operation):
    answer = fakturan.get(operation.documented_path.removeprefix("/api/v2").replace("{id}", "1"))
    assert answer.status_code == operation.status
    operation.response.model_validate(answer.json())
