"""Fakturan as the real service answers where its documentation is silent: what the public PHP
client sends and what the 2025-12-01 recordings against sandbox.fakturan.nu show. Over real HTTP."""

import orjson
import pytest

FRESH = "max-age=0, private, must-revalidate"


def get_with_body(fakturan, path, body, **options):
    """A GET whose parameters are in a JSON body, as the PHP client (Guzzle's `json`) sends it."""
    return fakturan.request(
        "GET", path, content=orjson.dumps(body), headers={"Content-Type": "application/json"}, **options
    )


@pytest.fixture
def many_products(fakturan):
    for index in range(29):  # 8 seeded + 29 = 37: three pages of 15
        assert fakturan.post("/products", json={"name": f"Vara {index:02}", "price": "10"}).status_code == 201
    return fakturan


def test_paging_parameters_in_a_json_body_on_get(many_products):
    answer = get_with_body(many_products, "/products", {"per_page": 15})
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["data"]) == 15
    assert body["paging"]["total_pages"] == 3 and body["paging"]["current_page"] == 1
    assert body["paging"]["next"].endswith("/fakturan/api/v2/products?page=2&per_page=15")
    second = get_with_body(many_products, "/products", {"per_page": 15, "page": 2}).json()
    assert second["paging"]["current_page"] == 2 and second["data"][0]["id"] == body["data"][-1]["id"] + 1


def test_the_query_string_wins_over_the_body(many_products):
    answer = get_with_body(many_products, "/products", {"per_page": 15}, params={"per_page": 5})
    assert len(answer.json()["data"]) == 5 and answer.json()["paging"]["total_pages"] == 8


def test_filters_and_sort_in_a_json_body(fakturan):
    found = get_with_body(fakturan, "/products", {"product_code": "KONS-1"}).json()["data"]
    assert [p["product_code"] for p in found] == ["KONS-1"]
    prices = [p["price"] for p in get_with_body(fakturan, "/products", {"sort": "-price"}).json()["data"]]
    assert prices[0] == "12000.0" and prices == sorted(prices, key=float, reverse=True)
    mine = get_with_body(fakturan, "/invoices", {"client_id": 3}).json()["data"]
    assert mine and all(invoice["client_id"] == 3 for invoice in mine)


def test_the_total_is_whole_kronor_and_payments_follow_it(fakturan):
    rows = [{"text": f"Rad {price}", "amount": "5", "product_price": str(price)} for price in (50, 51, 52)]
    answer = fakturan.post("/invoices", json={"client_id": 2, "rows": rows})
    invoice = answer.json()["data"]
    assert (invoice["net"], invoice["tax"], invoice["sum"]) == ("765.0", "191.25", "956.0")
    assert invoice["tax_details"] == {"25": "191.25"}
    payment = fakturan.post(f"/invoices/{invoice['id']}/payments", json={"paid_at": "2026-01-05"})
    assert payment.json()["data"]["amount"] == "956.0"
    assert fakturan.get(f"/invoices/{invoice['id']}").json()["data"]["paid_at"] == "2026-01-05"


def test_an_invoice_needs_rows(fakturan):
    answer = fakturan.post("/invoices", json={"client_id": 2})
    assert answer.status_code == 422
    assert answer.content == b'{"errors":{"base":[{"error":"Invoice_must_contain_rows"}]}}'
    empty = fakturan.post("/invoices", json={})
    assert empty.json() == {
        "errors": {"client_id": [{"error": "blank"}], "base": [{"error": "Invoice_must_contain_rows"}]}
    }
    assert fakturan.post("/invoices", json={"client_id": 2, "rows": []}).status_code == 422


def test_defaults_as_the_service_writes_them(fakturan):
    client = fakturan.post("/clients", json={"company": "Utan Adress AB"}).json()["data"]
    assert client["address"] == {
        "street_address": "",
        "care_of": "",
        "zip_code": "",
        "city": "",
        "country": "SE",
    }
    assert client["settings"]["estimate_valid_to_days"] == 30
    assert client["settings"]["use_invoice_address_as_delivery_address"] is True
    invoice = fakturan.post(
        "/invoices",
        json={"client_id": client["id"], "rows": [{"text": "x", "amount": "1", "product_price": "1"}]},
    ).json()["data"]
    assert invoice["address"]["country"] == "SE"
    assert invoice["rows"][0]["discount"] == "0.0"
    product = fakturan.post("/products", json={"name": "Utan kod"}).json()["data"]
    assert product["product_code"] == ""
    assert fakturan.get(f"/products/{product['id']}").json()["data"]["product_code"] == ""


def test_cache_headers(fakturan):
    def headers(answer):
        return answer.status_code, answer.headers["cache-control"], answer.headers.get("content-type")

    assert headers(fakturan.get("/clients/1")) == (200, FRESH, "application/json; charset=utf-8")
    assert headers(fakturan.post("/clients", json={"company": "Ny AB"})) == (
        201,
        FRESH,
        "application/json; charset=utf-8",
    )
    assert headers(fakturan.post("/clients", json={"company": ""})) == (
        422,
        "no-cache",
        "application/json; charset=utf-8",
    )
    assert headers(fakturan.get("/clients/999")) == (404, "no-cache", "application/json; charset=utf-8")
    assert headers(fakturan.put("/clients/1", json={"phone": "1"})) == (204, "no-cache", None)
    assert headers(fakturan.get("/clients/1", auth=("nobody", "x"))) == (
        401,
        "no-cache",
        "text/html; charset=utf-8",
    )
