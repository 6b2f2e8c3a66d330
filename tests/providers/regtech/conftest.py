import copy

import httpx
import pytest

# A valid private-customer invoice sent by SMS: 2 x 25.00 less 10 % plus 24 % VAT = 55.80,
# and 1 x 10.00 with no VAT.
INVOICE = {
    "recipientDetails": {
        "customerType": "0",
        "firstName": "Matti",
        "lastName": "Meikäläinen",
        "phoneNumber": "+358401234567",
        "email": "matti@example.fi",
        "address1": "Mannerheimintie 1",
        "zipCode": "00100",
        "postOffice": "Helsinki",
    },
    "invoicerDetails": {"companyName": "Acme Oy", "businessId": "1234567-1"},
    "invoiceDetails": {
        "customInvoiceId": "acme-1",
        "invoiceDate": "01-11-2026",
        "dueDate": "15-11-2026",
        "total": 65.80,
        "currency": "EUR",
        "invoiceType": "0",
        "invoiceSendType": "0",
        "invoiceNumber": "1001",
        "iban": "FI2112345600000785",
        "reference": "13",
        "invoiceRows": [
            {
                "productCode": "A1",
                "description": "Widget",
                "quantity": 2,
                "unitPrice": 25.0,
                "discount": 10,
                "priceNoVat": 45.0,
                "vatPerc": 24,
                "price": 55.80,
            },
            {"productCode": "B2", "description": "Shipping", "quantity": 1, "unitPrice": 10, "price": 10},
        ],
    },
    "smsDetails": {"senderName": "Acme", "freeText": "Your invoice from Acme"},
}


def invoice(invoice_id: str = "acme-1", **sms) -> dict:
    """A fresh copy of INVOICE with its own customInvoiceId (and smsDetails overrides)."""
    body = copy.deepcopy(INVOICE)
    body["invoiceDetails"]["customInvoiceId"] = invoice_id
    body["smsDetails"].update(sms)
    return body


def get_token(base_url: str, credentials: dict) -> str:
    answer = httpx.post(f"{base_url}/regtech/auth/token", json=credentials, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


@pytest.fixture
def regtech(mockserver, mockserver_workspace):
    """An HTTP client for Regtech bound to a fresh workspace, holding a fresh bearer token."""
    token = get_token(mockserver.url, mockserver_workspace.credentials["regtech"])
    with httpx.Client(
        base_url=f"{mockserver.url}/regtech", headers={"authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        client.workspace = mockserver_workspace
        client.admin = mockserver.admin
        yield client


def state_of(workspace) -> dict:
    """The Regtech tables (invoices, views, tokens, pending) as the snapshot shows them."""
    return workspace.snapshot()["state"]["regtech"]["tables"]


def event(client, invoice_id: str, name: str) -> httpx.Response:
    """The control plane playing the recipient."""
    return client.admin.http.post(
        f"/workspaces/{client.workspace.id}/regtech/invoices/{invoice_id}/events", json={"event": name}
    )


def behave(client, **settings) -> httpx.Response:
    return client.admin.http.put(
        f"/workspaces/{client.workspace.id}/regtech/recipient-behaviour", json=settings
    )
