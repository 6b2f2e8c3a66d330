"""How to use the Fakturan sandbox: the provider's own documented examples, sent as written to a
freshly started `mockserver serve` with the documented default credentials.

Base URL: http://HOST:PORT/fakturan/api/v2, HTTP Basic with `demo-key-id` / `demo-key-secret`.
"""

import httpx
import pytest

from mockserver.testing.client import RunningServer
from tests.providers.fakturan.conftest import without_ids

GOOGLE = {
    "id": 1,
    "number": 1,
    "name": "Google Inc",
    "first_name": "",
    "last_name": "",
    "email": "",
    "fax": "",
    "phone": "",
    "home_phone": "",
    "mobile_phone": "",
    "client_type": "company",
    "org_number": "556677-8899",
    "settings": {
        "currency": "USD",
        "discount": 0,
        "email_attach_pdf": False,
        "invoice_days": 30,
        "invoice_delivery_method": "email",
        "invoice_template": "croatia",
        "locale": "sv",
        "prices_inc_tax": "no",
        "show_product_code": False,
        "tax": 25,
        # The 2025-12-01 recording shows these two beside the documented settings.
        "estimate_valid_to_days": 30,
        "use_invoice_address_as_delivery_address": True,
    },
    "address": {
        "street_address": "1600 Amphitheatre Parkway",
        "care_of": "",
        "zip_code": "94043",
        "city": "Mountain View",
        "country": "SE",
    },
}
ROW = {
    "product_id": 0,
    "discount": "0.0",  # a decimal string in the 2025-12-01 recording (the docs' example shows 0)
    "text": "",
    "product_code": None,
    "product_unit": "",
    "text_row": False,
    "tax_deductible": False,
}


@pytest.fixture(scope="module")
def api():
    server = RunningServer()
    with httpx.Client(
        base_url=f"{server.url}/fakturan/api/v2", auth=("demo-key-id", "demo-key-secret")
    ) as client:
        yield client
    server.stop()


def test_show_the_documented_client(api):
    answer = api.get("/clients/1")
    assert answer.status_code == 200
    assert answer.json() == {"data": GOOGLE}


def test_create_an_individual_client(api):
    body = {
        "first_name": "Nils",
        "last_name": "Eriksson",
        "address": {
            "street_address": "Testvägen",
            "care_of": "Någon",
            "zip_code": "12345",
            "city": "Karlstad",
            "country": "SE",
        },
        "mobile_phone": "46701234567",
        "email": "test@test.com",
        "fax": "",
        "phone": "070 751 51 66",
        "home_phone": "46701234567",
        "client_type": "individual",
        "org_number": "8001010043",
    }
    answer = api.post("/clients", json=body)
    assert answer.status_code == 201
    data = answer.json()["data"]
    assert answer.headers["location"].endswith(f"/fakturan/api/v2/clients/{data['id']}")
    assert without_ids(data) == {
        "name": "Nils Eriksson",
        "first_name": "Nils",
        "last_name": "Eriksson",
        "email": "test@test.com",
        "fax": "",
        "phone": "070 751 51 66",
        "home_phone": "46701234567",
        "mobile_phone": "46701234567",
        "client_type": "individual",
        "org_number": "8001010043",
        "settings": {**GOOGLE["settings"], "currency": "SEK"},
        "address": body["address"],
    }
    assert api.get(f"/clients/{data['id']}").json()["data"] == data


def test_a_company_needs_a_name(api):
    answer = api.post("/clients", json={"company": ""})
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"company": [{"error": "blank"}]}}


def test_update_a_client(api):
    assert api.put("/clients/2", json={"company": "After"}).status_code == 204
    assert api.get("/clients/2").json()["data"]["name"] == "After"


def test_create_an_invoice_to_an_existing_client(api):
    body = {
        "client_id": 1,
        "rows": [
            {"product_name": "My product", "product_tax": 25, "product_price": "100", "amount": "10"},
            {"product_name": "My product 2", "product_tax": 12, "product_price": "100", "amount": "10 st"},
            {"text": "Some arbitrary text", "text_row": True},
        ],
    }
    answer = api.post("/invoices", json=body)
    assert answer.status_code == 201
    assert without_ids(answer.json()["data"]) == {
        "days": 30,
        "our_reference": "",
        "your_reference": "",
        "sent": False,
        "paid_at": None,
        "locale": "sv",
        "currency": "SEK",
        "settings": {"invoice_template": "croatia", "prices_inc_tax": "no", "show_product_code": False},
        "sum": "2370.0",
        "net": "2000.0",
        "tax": "370.0",
        "tax_details": {"25": "250.0", "12": "120.0"},
        "address": {
            "name": "Google Inc",
            "street_address": "1600 Amphitheatre Parkway",
            "care_of": "",
            "zip_code": "940 43",
            "city": "Mountain View",
            "country": "SE",
        },
        "rows": [
            {
                **ROW,
                "amount": "10.0",
                "product_name": "My product",
                "product_price": "100.0",
                "product_tax": 25,
                "sort_order": 0,
            },
            {
                **ROW,
                "amount": "10.0",
                "product_name": "My product 2",
                "product_price": "100.0",
                "product_tax": 12,
                "sort_order": 1,
            },
            {
                **ROW,
                "amount": "0.0",
                "text": "Some arbitrary text",
                "product_name": "",
                "product_price": "0.0",
                "product_tax": 0,
                "text_row": True,
                "sort_order": 2,
            },
        ],
    }


def test_an_invalid_invoice(api):
    answer = api.post(
        "/invoices",
        json={"client_id": 0, "date": "", "rows": [{"product_code": "ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-"}]},
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "errors": {
            "client_id": [{"error": "blank"}],
            "rows": [{"0": {"rows.product_code": [{"error": "too_long", "count": 30}]}}],
        }
    }


def test_create_an_invoice_to_a_new_client_then_pay_it(api):
    body = {
        "date": "2021-01-25",
        "client": {
            "company": "Google",
            "address": {
                "street_address": "1600 Amphitheatre Parkway",
                "zip_code": "94043",
                "city": "Mountain View",
                "country": "SE",
            },
        },
        "rows": [{"product_name": "My product", "product_tax": 25, "product_price": "100", "amount": "10"}],
    }
    answer = api.post("/invoices", json=body)
    assert answer.status_code == 201
    invoice = answer.json()["data"]
    assert invoice["date"] == "2021-01-25"
    assert (invoice["sum"], invoice["net"], invoice["tax"], invoice["tax_details"]) == (
        "1250.0",
        "1000.0",
        "250.0",
        {"25": "250.0"},
    )
    assert invoice["address"]["name"] == "Google" and invoice["address"]["zip_code"] == "940 43"
    assert api.get(f"/clients/{invoice['client_id']}").json()["data"]["name"] == "Google"

    payment = api.post(f"/invoices/{invoice['id']}/payments", json={"paid_at": "2021-01-25"})
    assert payment.status_code == 201
    assert payment.json() == {
        "data": {
            "id": payment.json()["data"]["id"],
            "paid_at": "2021-01-25",
            "amount": "1250.0",
            "invoice_id": invoice["id"],
        }
    }
    assert api.get(f"/invoices/{invoice['id']}").json()["data"]["paid_at"] == "2021-01-25"


def test_update_an_invoice_row_by_id(api):
    invoice = api.post(
        "/invoices",
        json={
            "client_id": 1,
            "rows": [
                {
                    "product_name": "product",
                    "product_unit": "st",
                    "product_price": "200",
                    "amount": "5",
                    "product_tax": 25,
                }
            ],
        },
    )
    invoice = invoice.json()["data"]
    row_id = invoice["rows"][0]["id"]
    update = api.put(
        f"/invoices/{invoice['id']}",
        json={"date": "2021-01-26", "rows": [{"id": row_id, "product_name": "Updated name"}]},
    )
    assert update.status_code == 204 and update.content == b""
    shown = api.get(f"/invoices/{invoice['id']}").json()["data"]
    assert shown["date"] == "2021-01-26"
    assert [(r["id"], r["product_name"], r["amount"]) for r in shown["rows"]] == [
        (row_id, "Updated name", "5.0")
    ]
    assert shown["sum"] == "1250.0"


def test_sending_to_a_client_without_email_is_refused(api):
    invoice = api.post("/invoices", json={"client_id": 1, "rows": [{"product_price": "1", "amount": "1"}]})
    answer = api.post(f"/invoices/{invoice.json()['data']['id']}/send")
    assert answer.status_code == 422
    assert answer.json() == {"error": "You must select at least one recipient."}


def test_list_payments(api):
    invoice = api.post("/invoices", json={"client_id": 1, "rows": [{"product_price": "240", "amount": "1"}]})
    invoice_id = invoice.json()["data"]["id"]
    api.post(f"/invoices/{invoice_id}/payments", json={"paid_at": "2021-01-25", "amount": "100"})
    api.post(f"/invoices/{invoice_id}/payments", json={"paid_at": "2021-01-25", "amount": "200"})
    answer = api.get(f"/invoices/{invoice_id}/payments")
    assert answer.status_code == 200
    assert [(p["paid_at"], p["amount"], p["invoice_id"]) for p in answer.json()["data"]] == [
        ("2021-01-25", "100.0", invoice_id),
        ("2021-01-25", "200.0", invoice_id),
    ]
    assert answer.json()["paging"] == {"total_pages": 1, "current_page": 1, "next": None, "previous": None}


def test_wrong_credentials_are_denied_the_rails_way(api):
    answer = httpx.get(str(api.base_url) + "/clients", auth=("demo-key-id", "wrong"))
    assert answer.status_code == 401
    assert answer.text == "HTTP Basic: Access denied.\n"
    assert answer.headers["www-authenticate"] == 'Basic realm="Application"'
