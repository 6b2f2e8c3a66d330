"""Products: search hits with VAT, create with defaults, read, full replace."""

from tests.providers.conta.conftest import state_of

PRODUCTS = "/invoice/organizations/11/products"


def test_search_hits_are_the_short_model_with_vat(conta):
    page = conta.get(PRODUCTS, params={"q": "konsulent", "sort": "id"}).json()
    assert page["hitCount"] == 2
    first = page["hits"][0]
    assert set(first) == {"id", "productNo", "name", "priceExVat", "vat", "priceIncVat"}
    assert (first["priceExVat"], first["vat"], first["priceIncVat"]) == (1150, 287.5, 1437.5)


def test_create_with_the_spec_defaults_then_read_it(conta):
    answer = conta.post(
        PRODUCTS, json={"name": "Rådgivning", "vatCode": "output.high", "bookkeepingAccountNo": "3000"}
    )
    assert answer.status_code == 200
    product = answer.json()
    assert product["price"] == 0 and product["isActive"] is True and product["displayIsIncludingVat"] is False
    assert product["createdAt"].startswith(conta.workspace.snapshot()["clock"]["now"][:10])
    assert conta.get(f"{PRODUCTS}/{product['id']}").json() == product
    assert state_of(conta.workspace)["tables"]["products"][str(product["id"])]["_org"] == 11


def test_prices_come_back_as_minimal_numbers(conta):
    product = conta.post(
        PRODUCTS,
        json={"name": "Time", "vatCode": "output.low", "bookkeepingAccountNo": "3000", "price": 100.0},
    ).json()
    assert product["price"] == 100 and isinstance(product["price"], int)
    hit = conta.get(PRODUCTS, params={"q": "Time", "hits": 0}).json()["hits"][-1]
    assert (hit["vat"], hit["priceIncVat"]) == (12, 112)


def test_update_requires_every_field_and_replaces(conta):
    product = conta.post(
        PRODUCTS, json={"name": "Kurs", "vatCode": "output.high", "bookkeepingAccountNo": "3000"}
    ).json()
    missing = conta.put(f"{PRODUCTS}/{product['id']}", json={"name": "Kurs"})
    assert missing.status_code == 409
    assert {e["property"]["path"] for e in missing.json()["errors"]} == {
        "price",
        "vatCode",
        "bookkeepingAccountNo",
        "displayIsIncludingVat",
        "isActive",
    }
    body = {k: v for k, v in product.items() if k != "id"} | {"price": 2500, "isActive": False}
    updated = conta.put(f"{PRODUCTS}/{product['id']}", json=body).json()
    assert updated == {**product, "price": 2500, "isActive": False}


def test_product_vat_codes_and_accounts_are_checked(conta):
    wrong = conta.post(PRODUCTS, json={"name": "X", "vatCode": "high", "bookkeepingAccountNo": "30"})
    assert wrong.status_code == 409
    assert {(e["id"], e["property"]["path"]) for e in wrong.json()["errors"]} == {
        ("enum", "vatCode"),
        ("minLength", "bookkeepingAccountNo"),
    }
    unknown = conta.post(
        PRODUCTS, json={"name": "X", "vatCode": "output.high", "bookkeepingAccountNo": "3999"}
    )
    assert unknown.status_code == 409
    assert unknown.json()["errors"][0]["id"] == "bookkeepingAccountNoOutsideAllowedRange"
