"""Customers and items: list, search, paging, count, get, create, update; credentials however sent."""

import httpx
import pytest

from tests.providers.konto.conftest import CUSTOMER_GUID, ITEM_S, ITEM_Z

NEW_CUSTOMER = {
    "output_select": 3,
    "registration_no": "1111111111",
    "name": "Test",
    "address": "Abc",
    "zip": "104",
    "city": "Abc",
    "email": "xxxx@gmail.com",
    "lang": "is",
    "currency": "ISK",
}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_credentials_as_multipart_urlencoded_query_or_json(konto, mockserver, method):
    url = f"{mockserver.url}/konto/api/v1/get-count-items"
    creds = konto.credentials
    expected = konto.ok("get-count-items")
    if method == "POST":
        # get-count-items is a GET; the same credentials on a POST slug
        url = url.replace("get-count-items", "get-dashboard-data")
    ways = [
        httpx.request(method, url, files={k: (None, v) for k, v in creds.items()}),
        httpx.request(method, url, data=creds),
        httpx.request(method, url, params=creds),
        httpx.request(method, url, json=creds),
    ]
    for answer in ways:
        assert answer.status_code == 200
        assert answer.json()["status"] is True, answer.text
        if method == "GET":
            assert answer.json()["result"] == expected


def test_workspaces_do_not_see_each_other(konto, mockserver):
    guid = konto.ok("create-customer", "POST", data=NEW_CUSTOMER)
    default = httpx.get(
        f"{mockserver.url}/konto/api/v1/get-customer",
        params={"username": "testuser", "api_key": "3a62cd2568635f115c975b8bd1317e3d", "guid": guid},
    )
    assert default.json() == {
        "status": False,
        "message": f"Customer with guid {guid} not found",
        "result": None,
    }


def test_list_search_and_page_customers(konto):
    everyone = konto.ok("get-customers")
    assert len(everyone) == konto.ok("get-count-customers") == 14
    assert CUSTOMER_GUID in {row["guid"] for row in everyone}
    first, second = konto.ok("get-customers", limit=5, page=1), konto.ok("get-customers", limit=5, page=2)
    assert first == everyone[:5] and second == everyone[5:10]
    assert konto.ok("get-customers", limit=5, page=4) == []
    name = everyone[3]["name"]
    needle = name.split()[0][1:4].upper()
    found = konto.ok("get-customers", search=needle)
    assert found and all(needle.casefold() in row["name"].casefold() for row in found)
    assert konto.ok("get-count-customers", search=needle) == len(found)


def test_create_then_get_and_update_a_customer(konto):
    guid = konto.ok("create-customer", "POST", data=NEW_CUSTOMER)
    customer = konto.ok("get-customer", guid=guid)
    assert customer | {"updated_timestamp": None} == {
        "guid": guid,
        "output_select": "3",
        "name": "Test",
        "address": "Abc",
        "zip": "104",
        "city": "Abc",
        "registration_no": "1111111111",
        "email": "xxxx@gmail.com",
        "term": None,
        "photo": None,
        "due_date": 0,
        "settlement_date": 0,
        "trading_partner_id": None,
        "phone_number": None,
        "vat": None,
        "lang": "is",
        "currency": "ISK",
        "tax_exempt": False,
        "customer_number": None,
        "updated_timestamp": None,
    }
    assert konto.ok("get-count-customers") == 15
    assert (
        konto.ok("update-customer", "POST", guid=guid, data={"city": "Reykjavík", "currency": "eur"}) == guid
    )
    updated = konto.ok("get-customer", guid=guid)
    assert (updated["city"], updated["currency"], updated["name"]) == ("Reykjavík", "EUR", "Test")


def test_customer_rules(konto):
    assert konto.refused("create-customer", "POST", data={**NEW_CUSTOMER, "name": ""}) == "name is required"
    assert konto.refused(
        "create-customer", "POST", data={**NEW_CUSTOMER, "registration_no": "1111111121"}
    ) == ("Vinsamlegast skrá rétta kennitölu (registration_no: 1111111121 is not a valid kennitala)")
    assert konto.refused("create-customer", "POST", data={**NEW_CUSTOMER, "lang": "de"}).startswith(
        "Invalid lang:"
    )
    assert konto.refused("create-customer", "POST", data={**NEW_CUSTOMER, "email": "nope"}).startswith(
        "Invalid email:"
    )
    assert konto.refused("update-customer", "POST", guid="missing", data={"name": "x"}) == (
        "Customer with guid missing not found"
    )
    assert konto.ok("get-count-customers") == 14


def test_items_list_get_create_update(konto):
    assert len(konto.ok("get-items")) == konto.ok("get-count-items") == 12
    assert konto.ok("get-item", guid=ITEM_Z)["unit_price"] == 1
    assert konto.ok("get-item", guid=ITEM_S) | {"updated_timestamp": None} == {
        "guid": ITEM_S,
        "item_number": "1004",
        "description": "Mánaðaráskrift",
        "uom": "C62",
        "tax": "S",
        "unit_price": 1690,
        "category": "Áskrift",
        "active": True,
        "updated_timestamp": None,
    }
    guid = konto.ok(
        "create-item",
        "POST",
        data={
            "description": "Test",
            "uom": "KGS",
            "tax": "AA",
            "unit_price": "200",
            "category": "",
            "active": "1",
        },
    )
    item = konto.ok("get-item", guid=guid)
    assert (item["item_number"], item["unit_price"], item["tax"], item["active"]) == ("1013", 200, "AA", True)
    assert konto.ok("update-item", "POST", guid=guid, data={"unit_price": "249.5", "active": 0}) == guid
    item = konto.ok("get-item", guid=guid)
    assert (item["unit_price"], item["active"], item["description"]) == (249.5, False, "Test")
    assert konto.ok("get-items", limit=5, page=3)[-1]["guid"] == guid


def test_item_rules(konto):
    assert konto.refused("create-item", "POST", data={"description": "x", "uom": "KGS", "tax": "AA"}) == (
        "unit_price is required"
    )
    assert konto.refused(
        "create-item", "POST", data={"description": "x", "uom": "KGS", "tax": "V", "unit_price": 1}
    ) == ("Invalid tax: Input should be 'S', 'AA' or 'Z' (got 'V')")
    assert konto.refused("update-item", "POST", guid=ITEM_Z, data={"item_number": "1004"}) == (
        "Invalid item_number: 1004 is already used by another item"
    )
    assert konto.refused("update-item", "POST", guid=ITEM_Z, data={"colour": "red"}).startswith(
        "Nothing to update"
    )
