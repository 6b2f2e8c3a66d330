"""GET /konto/openapi.json describes all 33 endpoints (31 documented, 2 from client code), and real answers match the result models
it names (which forbid undocumented fields)."""

import httpx
import pytest

from tests.openapi_refs import unresolved_refs
from tests.providers.konto.conftest import DOC_GUID, ENDPOINTS, ITEM_S, invoice_data, result_model


@pytest.fixture(scope="module")
def document(mockserver):
    answer = httpx.get(f"{mockserver.url}/konto/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def test_every_endpoint_is_described(document):
    listed = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert listed == {(method, f"/api/v1/{slug}") for slug, method, *_ in ENDPOINTS}
    assert len(listed) == 33
    assert document["servers"] == [{"url": "/konto"}]
    create = document["paths"]["/api/v1/create-invoice"]["post"]["requestBody"]["content"][
        "multipart/form-data"
    ]
    form = document["components"]["schemas"][create["schema"]["$ref"].split("/")[-1]]
    assert set(form["required"]) == {"username", "api_key", "data"}
    assert form["properties"]["data"]["contentMediaType"] == "application/json"


def test_every_schema_reference_resolves(document):
    assert unresolved_refs(document) == []


def test_answers_match_their_result_models(konto):
    konto.ok("create-invoice", "POST", data=invoice_data(items=[{"guid": ITEM_S, "qty": 1}], amount=2095.6))
    calls = {slug: {} for slug, method, *_ in ENDPOINTS if method == "GET"}
    calls.update(
        {
            slug: {"guid": DOC_GUID}
            for slug in (
                "get-customer",
                "get-item",
                "get-invoice",
                "get-cost",
                "get-bookkeeper",
                "get-tenant",
            )
        }
    )
    calls["get-customer"] = {"guid": "5a140a1c-13c6-11e7-9914-408d5c6208bc"}
    calls["get-item"] = {"guid": ITEM_S}
    calls["get-customers-by-kennitala"] = {"kennitala": "4444444444"}
    for slug, fields in calls.items():
        result_model(slug).model_validate(konto.call(slug, **fields))
    for slug, fields in (("get-dashboard-data", {}), ("get-invoices-from-order", {"guid": DOC_GUID})):
        result_model(slug).model_validate(konto.call(slug, "POST", **fields))


@pytest.mark.parametrize("slug", ["hello", "get-costs"])
def test_a_refusal_matches_the_documented_answer_of_an_endpoint_with_fields_of_its_own(konto, slug):
    # hello and get-costs answer more than `result` on success; refused, they answer the plain
    # envelope, which their documented answer must allow too.
    refused = konto.call(slug, limit="many") if slug == "get-costs" else None
    if refused is None:
        answer = konto.http.get(f"/{slug}", params={"username": "nobody", "api_key": "wrong"})
        assert answer.status_code == 200
        refused = answer.json()
    assert refused["status"] is False and refused["result"] is None and refused["message"]
    assert set(refused) == {"status", "message", "result"}
    result_model(slug).model_validate(refused)
