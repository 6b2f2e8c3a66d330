"""Creating, sending and polling invoices."""

import httpx
import pytest

from tests.openapi_refs import unresolved_refs
from tests.providers.regtech.conftest import INVOICE, invoice, state_of


@pytest.mark.parametrize("path", ["/invoice/create", "/invoice"])
def test_create_sends_at_once_and_answers_201(regtech, path):
    answer = regtech.post(path, json=invoice("c-1"))
    assert answer.status_code == 201
    body = answer.json()
    assert body["statusCode"] == "201"
    assert body["message"] == "Invoice c-1 created and sent"
    assert body["invoiceUrl"].startswith(f"{regtech.base_url}view/")
    status = regtech.get("/invoice/c-1/status")
    assert status.status_code == 200
    assert list(status.json()) == ["deliveredAt"]


def test_the_invoice_is_stored_as_sent_with_amounts_as_decimal_strings(regtech):
    regtech.post("/invoice/create", json=invoice("c-2"))
    stored = state_of(regtech.workspace)["invoices"]["c-2"]
    details = stored["invoice"]["invoiceDetails"]
    assert details["total"] == "65.80"
    assert details["invoiceRows"][0] == {
        "productCode": "A1",
        "description": "Widget",
        "quantity": "2",
        "unitPrice": "25.00",
        "discount": "10",
        "priceNoVat": "45.00",
        "vatPerc": "24",
        "price": "55.80",
    }
    assert stored["invoice"]["recipientDetails"] == INVOICE["recipientDetails"]
    assert stored["sentAt"] is not None and stored["deliveredAt"] == stored["sentAt"]


def test_create_only_waits_for_send(regtech):
    created = regtech.post("/invoice/create", json=invoice("c-3", createOnly=True))
    assert created.status_code == 201
    assert created.json()["message"] == "Invoice c-3 created; send it with POST /invoice/c-3/send"
    assert regtech.get("/invoice/c-3/status").json() == {}

    sent = regtech.post("/invoice/c-3/send")
    assert sent.status_code == 200
    assert sent.json() == {
        "statusCode": "200",
        "message": "Invoice c-3 sent",
        "invoiceUrl": created.json()["invoiceUrl"],
    }
    assert list(regtech.get("/invoice/c-3/status").json()) == ["deliveredAt"]


def test_sending_twice_is_400(regtech):
    regtech.post("/invoice/create", json=invoice("c-4"))
    again = regtech.post("/invoice/c-4/send")
    assert again.status_code == 400
    assert again.json() == {
        "statusCode": "400",
        "error": "Bad Request",
        "message": "Invoice with customInvoiceId 'c-4' has already been sent",
    }


def test_a_duplicate_custom_invoice_id_is_409_and_keeps_the_first(regtech):
    regtech.post("/invoice/create", json=invoice("c-5", createOnly=True))
    second = invoice("c-5")
    second["invoiceDetails"]["invoiceNumber"] = "2002"
    answer = regtech.post("/invoice", json=second)
    assert answer.status_code == 409
    assert answer.json() == {
        "statusCode": "409",
        "error": "Conflict",
        "message": "Invoice with customInvoiceId 'c-5' already exists",
    }
    stored = state_of(regtech.workspace)["invoices"]["c-5"]
    assert stored["invoice"]["invoiceDetails"]["invoiceNumber"] == "1001" and stored["sentAt"] is None


def test_without_custom_invoice_id_the_sandbox_names_one(regtech):
    body = invoice()
    del body["invoiceDetails"]["customInvoiceId"]
    first = regtech.post("/invoice/create", json=body).json()["message"]
    second = regtech.post("/invoice/create", json=body).json()["message"]
    assert (first, second) == ("Invoice RT000001 created and sent", "Invoice RT000002 created and sent")
    assert regtech.get("/invoice/RT000002/status").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/invoice/nope/status"), ("POST", "/invoice/nope/send")]
)
def test_unknown_invoices_are_404(regtech, method, path):
    answer = regtech.request(method, path)
    assert answer.status_code == 404
    assert answer.json() == {
        "statusCode": "404",
        "error": "Not Found",
        "message": "Invoice with customInvoiceId 'nope' not found",
    }


@pytest.mark.parametrize("body", [b"", b"{", b"not json", b'{"recipientDetails": '])
def test_a_body_that_is_not_json_is_400_and_stores_nothing(regtech, body):
    before = state_of(regtech.workspace)["invoices"]
    answer = regtech.post("/invoice/create", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json() == {
        "statusCode": "400",
        "error": "Bad Request",
        "message": "Request body must be valid JSON",
    }
    assert state_of(regtech.workspace)["invoices"] == before


def test_json_that_is_not_an_object_is_422(regtech):
    answer = regtech.post("/invoice/create", json=[INVOICE])
    assert answer.status_code == 422
    assert answer.json()["message"] == "body: must be an object"


def test_unknown_paths_and_methods_answer_in_the_api_shape(regtech):
    missing = regtech.get("/invoices")
    assert missing.status_code == 404
    assert missing.json() == {"statusCode": "404", "message": "Cannot GET /invoices", "error": "Not Found"}
    wrong = regtech.delete("/invoice/create")
    assert wrong.status_code == 405
    assert wrong.json()["message"] == "Cannot DELETE /invoice/create"


def test_workspaces_do_not_see_each_others_invoices(mockserver, regtech):
    regtech.post("/invoice/create", json=invoice("mine"))
    default_token = httpx.post(
        f"{mockserver.url}/regtech/auth/token",
        json={"clientId": "demo-client", "clientSecret": "demo-secret"},
    ).json()["access_token"]
    answer = httpx.get(
        f"{mockserver.url}/regtech/invoice/mine/status", headers={"authorization": f"Bearer {default_token}"}
    )
    assert answer.status_code == 404


def test_the_openapi_document_describes_the_api(mockserver):
    document = httpx.get(f"{mockserver.url}/regtech/openapi.json").json()
    assert set(document["paths"]) >= {
        "/auth/token",
        "/invoice/create",
        "/invoice",
        "/invoice/{customInvoiceId}/status",
        "/invoice/{customInvoiceId}/send",
    }
    schema = document["components"]["schemas"]["RecipientDetails"]
    assert set(schema["required"]) == {"customerType", "phoneNumber"}
    assert schema["properties"]["customerType"]["enum"] == ["0", "1"]
    assert document["servers"] == [{"url": "/regtech"}]
    assert unresolved_refs(document) == []


def test_a_scenario_outage_answers_in_the_api_shape(regtech):
    regtech.workspace.add_scenario(
        {
            "rules": [
                {
                    "match": {"provider": "regtech", "method": "POST"},
                    "when": {"times": 1},
                    "respond": {"status": 503},
                }
            ]
        }
    )
    answer = regtech.post("/invoice/create", json=invoice("outage-1"))
    assert answer.status_code == 503
    assert answer.json() == {
        "statusCode": "503",
        "message": "Service Unavailable",
        "error": "Service Unavailable",
    }
    assert regtech.get("/invoice/outage-1/status").status_code == 404
    assert regtech.post("/invoice/create", json=invoice("outage-1")).status_code == 201
