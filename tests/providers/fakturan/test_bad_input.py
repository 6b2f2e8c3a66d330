"""Bad input gets Fakturan's own 4xx, never a 500, and changes nothing."""

import pytest

from tests.providers.fakturan.conftest import state_of

WRITES = [
    ("POST", "/clients"),
    ("PUT", "/clients/1"),
    ("POST", "/products"),
    ("PUT", "/products/1"),
    ("POST", "/invoices"),
    ("PUT", "/invoices/1"),
    ("POST", "/invoices/1/send"),
    ("POST", "/invoices/1/payments"),
]
BAD_TYPES = [
    {"company": {"a": 1}, "client_type": 5, "settings": "x", "address": [1], "number": "abc"},
    {"name": ["x"], "price": {"x": 1}, "tax": "many", "unit": True},
    {"client_id": "abc", "rows": "x", "days": -1, "locale": "xx", "settings": {"invoice_template": 1}},
    {"client_id": 1, "rows": [1, "a", None, {"amount": {}, "product_tax": 7, "text_row": "maybe"}]},
    {"paid_at": 20210125, "amount": [1]},
    {"delivery_method": ["email"], "as_reminder": "perhaps"},
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_malformed_json_is_400_and_changes_nothing(fakturan, method, path):
    before = state_of(fakturan.workspace)
    answer = fakturan.request(
        method, path, content=b'{"company": "Half', headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json() == {"error": "400 Bad Request"}
    assert state_of(fakturan.workspace) == before


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("body", BAD_TYPES)
def test_wrong_types_are_422_never_500(fakturan, method, path, body):
    before = state_of(fakturan.workspace)
    answer = fakturan.request(method, path, json=body)
    assert answer.status_code in (200, 201, 204, 422), answer.text
    if answer.status_code == 422:
        assert "errors" in answer.json() or "error" in answer.json()
        assert state_of(fakturan.workspace) == before


def test_wrong_types_name_the_field(fakturan):
    answer = fakturan.post("/invoices", json=BAD_TYPES[2])
    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "client_id": [{"error": "invalid"}],
        "rows": [{"error": "invalid"}],
        "days": [{"error": "greater_than_or_equal_to", "count": 0}],
        "locale": [{"error": "inclusion"}],
        "settings.invoice_template": [{"error": "inclusion"}],
        "base": [{"error": "Invoice_must_contain_rows"}],
    }
    rows = fakturan.post("/invoices", json=BAD_TYPES[3]).json()["errors"]["rows"]
    assert rows == [
        {"0": {"rows": [{"error": "invalid"}]}},
        {"1": {"rows": [{"error": "invalid"}]}},
        {"2": {"rows": [{"error": "invalid"}]}},
        {
            "3": {
                "rows.amount": [{"error": "invalid"}],
                "rows.product_tax": [{"error": "inclusion"}],
                "rows.text_row": [{"error": "invalid"}],
            }
        },
    ]


def test_a_json_array_or_scalar_body_is_treated_as_no_parameters(fakturan):
    answer = fakturan.post("/clients", json=[1, 2])
    assert answer.status_code == 422 and answer.json() == {"errors": {"company": [{"error": "blank"}]}}


def test_unknown_fields_are_ignored(fakturan):
    answer = fakturan.post(
        "/clients", json={"company": "Extra AB", "favourite_colour": "blue", "settings": {"unknown": 1}}
    )
    assert answer.status_code == 201
    assert "favourite_colour" not in answer.json()["data"]


def test_huge_body_is_413_in_fakturan_shape_and_changes_nothing(fakturan):
    before = state_of(fakturan.workspace)
    answer = fakturan.post(
        "/clients",
        content=b'{"company": "' + b"x" * (11 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json() == {"error": "request body larger than 10485760 bytes"}
    assert state_of(fakturan.workspace) == before


def test_long_strings_are_too_long_not_truncated(fakturan):
    answer = fakturan.post("/clients", json={"company": "x" * 256})
    assert answer.json() == {"errors": {"company": [{"error": "too_long", "count": 255}]}}


@pytest.mark.parametrize(
    "path",
    [
        "/clients/0",
        "/products/99999",
        "/invoices/99999",
        "/invoices/99999/payments",
        "/nothing-here",
        "/invoices/1/unknown",
    ],
)
def test_unknown_ids_and_paths_are_404(fakturan, path):
    answer = fakturan.get(path)
    assert answer.status_code == 404
    assert answer.json() == {"error": "404 Not Found"}


def test_wrong_method_is_404_like_rails_routing(fakturan):
    answer = fakturan.delete("/clients/1")
    assert answer.status_code == 404 and answer.json() == {"error": "404 Not Found"}
    assert fakturan.get("/clients/1").status_code == 200


def test_values_beyond_the_columns_are_refused_and_nothing_is_stored(fakturan):
    before = state_of(fakturan.workspace)
    price = fakturan.post("/products", json={"name": "Dyr", "price": 1e30})
    assert price.status_code == 422
    assert price.json() == {"errors": {"price": [{"error": "less_than", "count": 10**12}]}}
    row = {"text": "x", "amount": "1e30", "product_price": "1"}
    huge_row = fakturan.post("/invoices", json={"client_id": 1, "rows": [row]})
    assert huge_row.status_code == 422
    assert huge_row.json()["errors"]["rows"] == [
        {"0": {"rows.amount": [{"error": "less_than", "count": 10**12}]}}
    ]
    number = fakturan.post("/invoices", json={"client_id": 1, "number": 2**64 + 1, "rows": [row]})
    assert number.status_code == 422 and number.json()["errors"]["number"][0]["error"] in (
        "invalid",
        "less_than_or_equal_to",
    )
    assert state_of(fakturan.workspace) == before
    assert fakturan.get("/products").status_code == 200 and fakturan.get("/invoices").status_code == 200


@pytest.mark.parametrize("page", ["18446744073709551616", "\u00b2", "-1", "0", "x"])
def test_any_page_parameter_answers_a_page(fakturan, page):
    answer = fakturan.get("/clients", params={"page": page})
    assert answer.status_code == 200 and "paging" in answer.json()
