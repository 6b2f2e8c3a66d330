"""The guide's customer flows: search with q/hits/page/sort, get, create an individual and an
organization, update, delete."""

import pytest

from tests.providers.conta.conftest import state_of

CUSTOMERS = "/invoice/organizations/11/customers"

INDIVIDUAL = {
    "name": "Kari Nordmann",
    "customerType": "INDIVIDUAL",
    "emailAddress": "kari.nordmann@example.no",
    "phoneNo": "+47 912 34 567",
    "dateOfBirth": "1985-04-12",
    "customerAddressLine1": "Storgata 1",
    "customerAddressPostcode": "0155",
    "customerAddressCity": "Oslo",
    "customerAddressCountry": "Norge",
}
ORGANIZATION = {
    "name": "Fjord Teknikk AS",
    "customerType": "ORGANIZATION",
    "orgNo": "923609016",
    "emailAddress": "faktura@fjordteknikk.no",
    "customerAddressLine1": "Bryggen 4",
    "customerAddressPostcode": "5003",
    "customerAddressCity": "Bergen",
    "invoiceDeliveryMethod": "EMAIL",
    "contacts": [{"name": "Ola Hansen", "emailAddress": "ola@fjordteknikk.no", "title": "Økonomisjef"}],
}


def test_get_customer_123_of_org_11(conta):
    answer = conta.get(f"{CUSTOMERS}/123")
    assert answer.status_code == 200
    customer = answer.json()
    assert customer["id"] == 123 and customer["name"]
    assert not any(key.startswith("_") for key in customer)
    assert None not in customer.values()


def test_search_finds_the_customer_starting_with_lisa(conta):
    answer = conta.get(CUSTOMERS, params={"q": "Lisa"})
    assert answer.status_code == 200
    page = answer.json()
    assert page["hitCount"] >= 1
    assert all(
        hit["customerName"].split()[0].lower().startswith("lisa") or "lisa" in hit.get("emailAddress", "")
        for hit in page["hits"]
    )
    hit = page["hits"][0]
    assert "name" not in hit and {
        "id",
        "customerName",
        "customerType",
        "numberOfInvoices",
        "isActive",
    } <= set(hit)


def test_the_guides_paging_example_returns_items_21_to_30_by_id(conta):
    everything = conta.get(CUSTOMERS, params={"hits": 0, "sort": "id"}).json()
    ids = [hit["id"] for hit in everything["hits"]]
    assert ids == sorted(ids) and everything["pageCount"] == 1
    third = conta.get(CUSTOMERS, params={"hits": 10, "page": 2, "sort": "id"}).json()
    assert [hit["id"] for hit in third["hits"]] == ids[20:30]
    assert third["hitCount"] == len(ids) and third["pageCount"] == -(-len(ids) // 10)


def test_default_page_is_20_hits_and_sort_descending_works(conta):
    page = conta.get(CUSTOMERS, params={"sort": "-id"}).json()
    ids = [hit["id"] for hit in page["hits"]]
    assert len(ids) == 20 and ids == sorted(ids, reverse=True)
    by_name = conta.get(CUSTOMERS, params={"sort": "+customerName", "hits": 0}).json()["hits"]
    names = [hit["customerName"].lower() for hit in by_name]
    assert names == sorted(names)


def test_an_empty_result_has_no_hits_key(conta):
    page = conta.get(CUSTOMERS, params={"q": "Zyxwvutsrq"}).json()
    assert page == {"hitCount": 0, "pageCount": 0, "sum": 0}


def test_filter_by_customer_type(conta):
    hits = conta.get(CUSTOMERS, params={"customerType": "ORGANIZATION", "hits": 0}).json()["hits"]
    assert hits and all(hit["customerType"] == "ORGANIZATION" for hit in hits)


def test_create_an_individual_then_read_it_back_and_find_it(conta):
    answer = conta.post(CUSTOMERS, json=INDIVIDUAL)
    assert answer.status_code == 200
    created = answer.json()
    assert created == {**INDIVIDUAL, "id": created["id"], "isActive": True, "contacts": []}
    assert conta.get(f"{CUSTOMERS}/{created['id']}").json() == created
    found = conta.get(CUSTOMERS, params={"q": "kari nord"}).json()["hits"]
    assert [hit["id"] for hit in found] == [created["id"]]
    stored = state_of(conta.workspace)["tables"]["customers"][str(created["id"])]
    assert stored["_org"] == 11


def test_create_an_organization_with_a_contact(conta):
    created = conta.post(CUSTOMERS, json=ORGANIZATION).json()
    assert created["customerType"] == "ORGANIZATION" and created["orgNo"] == "923609016"
    [contact] = created["contacts"]
    assert contact["customerId"] == created["id"] and contact["id"] >= 1 and contact["name"] == "Ola Hansen"


def test_a_contacts_unknown_fields_are_dropped_as_the_customers_are(conta):
    # Found by the fuzz test: `{"": false}` in a contact came back, outside the published model.
    contact = {"name": "Ola Hansen", "": False, "nickname": "Ola"}
    created = conta.post(CUSTOMERS, json={**ORGANIZATION, "contacts": [contact], "nickname": "FT"}).json()
    assert "nickname" not in created
    assert created["contacts"] == [
        {"name": "Ola Hansen", "id": created["contacts"][0]["id"], "customerId": created["id"]}
    ]
    assert conta.get(f"{CUSTOMERS}/{created['id']}").json()["contacts"] == created["contacts"]


def test_an_id_in_the_create_body_is_ignored(conta):
    created = conta.post(CUSTOMERS, json={**INDIVIDUAL, "id": 123}).json()
    assert created["id"] != 123
    assert conta.get(f"{CUSTOMERS}/123").json()["name"] != INDIVIDUAL["name"]


def test_update_replaces_the_customer_and_accepts_what_was_read(conta):
    created = conta.post(CUSTOMERS, json=ORGANIZATION).json()
    read = conta.get(f"{CUSTOMERS}/{created['id']}").json()
    changed = {**read, "name": "Fjord Teknikk Holding AS", "customerAddressCity": "Stavanger"}
    answer = conta.put(f"{CUSTOMERS}/{created['id']}", json=changed)
    assert answer.status_code == 200
    assert answer.json() == changed
    assert conta.get(f"{CUSTOMERS}/{created['id']}").json() == changed


def test_update_is_a_full_replace(conta):
    created = conta.post(CUSTOMERS, json=INDIVIDUAL).json()
    slim = {
        k: INDIVIDUAL[k]
        for k in (
            "name",
            "customerType",
            "customerAddressLine1",
            "customerAddressPostcode",
            "customerAddressCity",
        )
    }
    updated = conta.put(f"{CUSTOMERS}/{created['id']}", json=slim).json()
    assert "emailAddress" not in updated and "dateOfBirth" not in updated


def test_delete_a_customer_then_it_is_gone(conta):
    created = conta.post(CUSTOMERS, json=INDIVIDUAL).json()
    answer = conta.delete(f"{CUSTOMERS}/{created['id']}")
    assert answer.status_code == 200 and answer.content == b""
    gone = conta.get(f"{CUSTOMERS}/{created['id']}")
    assert gone.status_code == 404 and gone.json()["name"] == "NotFoundIdModelStorageToolException"
    assert str(created["id"]) not in state_of(conta.workspace)["tables"]["customers"]
    assert conta.delete(f"{CUSTOMERS}/{created['id']}").status_code == 404


def test_another_organizations_customer_is_not_found(conta):
    org12 = conta.get("/invoice/organizations/12/customers", params={"hits": 1}).json()["hits"][0]["id"]
    assert conta.get(f"{CUSTOMERS}/{org12}").status_code == 404
    assert conta.put(f"{CUSTOMERS}/{org12}", json=INDIVIDUAL).status_code == 404
    assert conta.delete(f"{CUSTOMERS}/{org12}").status_code == 404
    assert conta.get(f"/invoice/organizations/12/customers/{org12}").status_code == 200


def test_a_customer_that_invoices_refer_to_cannot_be_deleted():
    from mockserver.core.store import Store
    from mockserver.providers.conta.rules import customers
    from mockserver.providers.conta.rules.common import INDEXED

    store = Store({"tables": {"invoices": {"1": {"id": 1, "_org": 11, "customerId": 123}}}}, indexed=INDEXED)
    assert customers.in_use(store, 11, 123) and not customers.in_use(store, 12, 123)


@pytest.mark.parametrize("language, first", [("EN", "EN"), ("NO", "NO"), (None, "NO")])
def test_conta_language_orders_the_messages_and_keeps_both(conta, language, first):
    headers = {"conta-language": language} if language else {}
    body = conta.get(f"{CUSTOMERS}/999999", headers=headers).json()
    assert list(body["messages"]) == [first, "NO" if first == "EN" else "EN"]
