"""How to use the Regtech sandbox, from a token to a paid invoice.

Base URL: http://HOST:PORT/regtech. Get a bearer token with the default client credentials
`demo-client` / `demo-secret` (or a workspace's own, from POST /_admin/workspaces), then call the
Invoicing API's own paths. The recipient's side is played by the control plane under
/_admin/workspaces/{id}/regtech/ and by the invoice page `invoiceUrl` points at.
"""

import httpx
import pytest

from mockserver.testing.client import RunningServer
from tests.providers.regtech.conftest import invoice

ADMIN = "/_admin/workspaces/default"


@pytest.fixture(scope="module")
def server():
    """A fresh `mockserver serve`, its clock frozen so the dates below are predictable."""
    running = RunningServer("--clock-start", "2026-03-02T09:00:00Z")
    with httpx.Client(base_url=running.url, timeout=10) as client:
        assert client.post(f"{ADMIN}/clock", json={"frozen": True}).status_code == 200
        yield client
    running.stop()


def bearer(server: httpx.Client) -> dict:
    """Step 1: trade the client credentials for a token (it lives 3600 s; there is no refresh token)."""
    answer = server.post(
        "/regtech/auth/token", json={"clientId": "demo-client", "clientSecret": "demo-secret"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    return {"Authorization": f"Bearer {body['access_token']}"}


def test_an_invoice_from_creation_to_payment(server):
    auth = bearer(server)

    # Create it without sending (smsDetails.createOnly): nothing has happened to it yet.
    created = server.post("/regtech/invoice/create", json=invoice("howto-1", createOnly=True), headers=auth)
    assert created.status_code == 201
    assert created.json()["statusCode"] == "201"
    assert created.json()["invoiceUrl"].startswith(f"{server.base_url}/regtech/view/")
    assert server.get("/regtech/invoice/howto-1/status", headers=auth).json() == {}

    # Send it: with the default recipient behaviour it is delivered at once.
    sent = server.post("/regtech/invoice/howto-1/send", headers=auth)
    assert sent.status_code == 200
    assert sent.json()["invoiceUrl"] == created.json()["invoiceUrl"]
    assert server.get("/regtech/invoice/howto-1/status", headers=auth).json() == {"deliveredAt": "2026-03-02"}

    # The recipient opens it, then pays it, as the control plane says.
    for name in ("opened", "paid"):
        assert (
            server.post(f"{ADMIN}/regtech/invoices/howto-1/events", json={"event": name}).status_code == 200
        )
    status = server.get("/regtech/invoice/howto-1/status", headers=auth).json()
    assert status == {"deliveredAt": "2026-03-02", "openedAt": "2026-03-02", "paidAt": "2026-03-02"}


def test_the_invoice_page_is_served_by_the_sandbox_and_viewing_it_opens_the_invoice(server):
    auth = bearer(server)
    url = server.post("/regtech/invoice", json=invoice("howto-2"), headers=auth).json()["invoiceUrl"]
    page = httpx.get(url)  # no token: it is the recipient who follows the link
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Invoice 1001" in page.text and "65.80 EUR" in page.text
    assert server.get("/regtech/invoice/howto-2/status", headers=auth).json() == {
        "deliveredAt": "2026-03-02",
        "openedAt": "2026-03-02",
    }


def test_a_token_dies_after_3600_seconds_of_the_workspace_clock(server):
    old = bearer(server)
    assert server.post(f"{ADMIN}/clock", json={"advance": "PT3601S"}).status_code == 200
    expired = server.get("/regtech/invoice/howto-1/status", headers=old)
    assert expired.status_code == 401
    assert expired.json() == {
        "statusCode": "401",
        "error": "Unauthorized",
        "message": "Access token has expired; request a new one from /auth/token",
    }
    assert server.get("/regtech/invoice/howto-1/status", headers=bearer(server)).status_code == 200


def test_recipients_can_act_on_their_own_as_the_clock_runs(server):
    behaviour = {"deliver_after": "PT1M", "open_after": "PT2H", "pay_after": "P3D"}
    assert server.put(f"{ADMIN}/regtech/recipient-behaviour", json=behaviour).json() == behaviour
    auth = bearer(server)
    server.post("/regtech/invoice/create", json=invoice("howto-3"), headers=auth)
    assert server.get("/regtech/invoice/howto-3/status", headers=auth).json() == {}

    server.post(f"{ADMIN}/clock", json={"advance": "PT2H1M"})
    auth = bearer(server)  # the first one expired an hour ago
    assert set(server.get("/regtech/invoice/howto-3/status", headers=auth).json()) == {
        "deliveredAt",
        "openedAt",
    }

    server.post(f"{ADMIN}/clock", json={"advance": "P3D"})
    status = server.get("/regtech/invoice/howto-3/status", headers=bearer(server)).json()
    assert set(status) == {"deliveredAt", "openedAt", "paidAt"}
    server.put(
        f"{ADMIN}/regtech/recipient-behaviour",
        json={"deliver_after": "PT0S", "open_after": None, "pay_after": None},
    )
