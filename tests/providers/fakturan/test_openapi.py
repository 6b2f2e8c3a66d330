"""The OpenAPI document describes what the server does: every operation exists, and answers
validate against the schemas it names."""

import httpx
import pytest
from pydantic import TypeAdapter

from mockserver.providers.fakturan.models import ErrorMessage, ValidationErrors
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


def _declared(method: str, path: str):
    return next(op for op in OPERATIONS if op.method == method and op.documented_path == path)


def _error_model(method: str, path: str, status: int) -> TypeAdapter:
    """What the declaration says the error answer is: a model, or `A | B`."""
    return TypeAdapter(_declared(method, path).errors[status][1])


@pytest.mark.parametrize("tag", ["clients", "products", "invoices"])
def test_a_listing_documents_its_422_for_an_unknown_sort_field(fakturan, document, tag):
    answer = fakturan.get(f"/{tag}", params={"sort": "nonsense"})
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"sort": [{"error": "inclusion", "value": "nonsense"}]}}
    assert "422" in document["paths"][f"/api/v2/{tag}"]["get"]["responses"]
    _error_model("GET", f"/api/v2/{tag}", 422).validate_python(answer.json())


@pytest.mark.parametrize(
    ("method", "path"),
    [(op.method, op.documented_path) for op in OPERATIONS if op.body is not None],
    ids=lambda value: str(value),
)
def test_an_operation_with_a_body_documents_its_400_for_a_body_that_is_not_json(
    fakturan, document, method, path
):
    answer = fakturan.request(
        method,
        path.removeprefix("/api/v2").replace("{id}", "1"),
        content=b"not json",
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.json() == {"error": "400 Bad Request"}
    assert "400" in document["paths"][path][method.lower()]["responses"]
    _error_model(method, path, 400).validate_python(answer.json())


def test_send_documents_both_of_its_422_shapes(fakturan, document):
    documented = document["paths"]["/api/v2/invoices/{id}/send"]["post"]["responses"]["422"]
    assert documented["content"]["application/json"]["schema"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/ValidationErrors"},
            {"$ref": "#/components/schemas/ErrorMessage"},
        ]
    }
    model = _error_model("POST", "/api/v2/invoices/{id}/send", 422)
    invalid = fakturan.post("/invoices/1/send", json={"delivery_method": "pigeon"})
    assert invalid.status_code == 422
    assert "delivery_method" in invalid.json()["errors"]
    assert isinstance(model.validate_python(invalid.json()), ValidationErrors)
    assert isinstance(model.validate_python({"error": "no usable recipient"}), ErrorMessage)
