"""The seed: the docs' identifiers exist, kennitölur pass their checksum, and the same seed gives
the same answers byte for byte."""

import httpx

from mockserver.core.identifiers import valid_kennitala
from tests.providers.konto.conftest import DOC_GUID, ITEM_S, ITEM_Z

DOC_CUSTOMERS = (
    "5a140a1c-13c6-11e7-9914-408d5c6208bc",
    "614669f6-3560-11e7-8d19-408d5c6208bc",
    "5a14796e-13c6-11e7-9914-408d5c6208bc",
)
DOC_ITEMS = ("f120bb56-f080-11e6-a96f-0050560102f2", "053a639f-3565-11e7-8d19-408d5c6208bc", ITEM_Z, ITEM_S)


def test_the_docs_identifiers_exist(konto):
    for guid in DOC_CUSTOMERS:
        assert konto.ok("get-customer", guid=guid)["guid"] == guid
    for guid in DOC_ITEMS:
        assert konto.ok("get-item", guid=guid)["guid"] == guid
    assert (konto.ok("get-item", guid=ITEM_Z)["unit_price"], konto.ok("get-item", guid=ITEM_Z)["tax"]) == (
        1,
        "Z",
    )
    assert (konto.ok("get-item", guid=ITEM_S)["unit_price"], konto.ok("get-item", guid=ITEM_S)["tax"]) == (
        1690,
        "S",
    )
    for slug in ("get-invoice", "get-cost", "get-bookkeeper", "get-tenant"):
        assert konto.ok(slug, guid=DOC_GUID)["guid"] == DOC_GUID
    assert konto.ok("get-invoices-from-order", "POST", guid=DOC_GUID)
    assert "4444444444" in {row["registration_no"] for row in konto.ok("get-customers")}


def test_seeded_kennitolur_pass_their_checksum(konto):
    numbers = [row["registration_no"] for row in konto.ok("get-customers")]
    numbers.append(konto.ok("get-tenant", guid=DOC_GUID)["registration_no"])
    # 4444444444 is the docs' test user: its check digit is right, its century digit is not real
    assert all(valid_kennitala(number) for number in numbers if number != "4444444444"), numbers


def test_same_seed_same_answers(mockserver, konto):
    twin = mockserver.admin.create_workspace(seed=konto.workspace.seed)
    try:
        other = httpx.Client(base_url=f"{mockserver.url}/konto/api/v1")
        for slug in ("get-customers", "get-items", "get-invoices", "get-costs"):
            mine = konto.http.get(f"/{slug}", params={**konto.credentials, "limit": 100}).content
            theirs = other.get(f"/{slug}", params={**twin.credentials["konto"], "limit": 100}).content
            assert mine == theirs, slug
        other.close()
    finally:
        twin.delete()


def test_a_json_body_works_like_form_fields(konto):
    answer = konto.http.post(
        "/create-item",
        json={
            **konto.credentials,
            "data": {"description": "Json", "uom": "C62", "tax": "S", "unit_price": 5, "active": True},
        },
    )
    guid = answer.json()["result"]
    assert konto.ok("get-item", guid=guid)["description"] == "Json"
