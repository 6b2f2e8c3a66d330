"""Regtech as a core-registry declaration: the document lists what is served, HEAD (documented)
and the trailing-slash redirect answer as Starlette's router did, and state lives in Store tables that
forks share until they write them."""

from datetime import UTC, datetime

import pytest

from mockserver.app import create_app
from mockserver.providers.regtech import REGTECH
from mockserver.settings import Settings
from mockserver.testing.inprocess import InProcessClient
from tests.providers.regtech.conftest import invoice

CREDENTIALS = {"clientId": "demo-client", "clientSecret": "demo-secret"}


@pytest.fixture
def client():
    app = create_app(Settings(clock_start=datetime(2026, 11, 1, tzinfo=UTC)))
    with InProcessClient(app) as client:
        token = client.post("/regtech/auth/token", json=CREDENTIALS).json()["access_token"]
        client.bearer = {"authorization": f"Bearer {token}"}
        client.registry = app.state.registry
        yield client


def test_the_document_lists_every_served_pair_with_head_where_get_is():
    document = REGTECH.openapi()
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert documented == {(op.method, op.documented_path) for op in REGTECH.operations}
    gets = {path for method, path in documented if method == "GET"}
    assert gets == {path for method, path in documented if method == "HEAD"}
    assert ("GET", "/view/{key}/{viewId}") in documented, "the invoice page is documented"
    (parameter,) = document["paths"]["/invoice/{customInvoiceId}/status"]["get"]["parameters"]
    assert parameter["description"] == "customInvoiceId used when sending invoice"


def test_head_answers_where_get_does_without_opening_the_invoice(client):
    created = client.post("/regtech/invoice", json=invoice("h-1"), headers=client.bearer).json()
    page = created["invoiceUrl"].removeprefix("http://localhost")
    assert client.request("HEAD", "/regtech/invoice/h-1/status", headers=client.bearer).status_code == 200
    assert client.request("HEAD", page).status_code == 200
    assert client.get("/regtech/invoice/h-1/status", headers=client.bearer).json() == {
        "deliveredAt": "2026-11-01"
    }, "HEAD did not open it"
    assert client.get(page).status_code == 200
    assert "openedAt" in client.get("/regtech/invoice/h-1/status", headers=client.bearer).json()


def test_a_known_path_with_a_trailing_slash_redirects_and_an_unknown_one_is_404(client):
    moved = client.get("/regtech/invoice/x/status//?a=1", headers=client.bearer)
    assert moved.status_code == 307
    assert moved.headers["location"] == "http://localhost/regtech/invoice/x/status?a=1"
    assert client.get("/regtech/invoice/create/", headers=client.bearer).status_code == 307
    unknown = client.get("/regtech/nothing/", headers=client.bearer)
    assert unknown.status_code == 404
    assert unknown.json() == {"statusCode": "404", "message": "Cannot GET /nothing/", "error": "Not Found"}


def test_state_is_store_tables_and_a_fork_shares_them_until_it_writes(client):
    client.post("/regtech/invoice", json=invoice("f-1"), headers=client.bearer)
    client.post("/_admin/workspaces", json={"id": "forked", "from": "default"})
    registry = client.registry
    origin, fork = registry.get("default").store("regtech"), registry.get("forked").store("regtech")
    assert set(origin.names()) >= {"invoices", "views", "tokens", "pending"}
    assert origin.table("invoices") is fork.table("invoices"), "shared until written"
    fork.put("invoices", "f-2", {**origin.get("invoices", "f-1"), "customInvoiceId": "f-2"})
    assert origin.get("invoices", "f-2") is None and fork.get("invoices", "f-2") is not None
    assert fork.find("invoices", "customInvoiceId", "f-2")["customInvoiceId"] == "f-2"


def test_what_would_have_been_sent_is_in_the_outbox_and_the_journal(client):
    url = client.post("/regtech/invoice", json=invoice("o-1"), headers=client.bearer).json()["invoiceUrl"]
    client.post("/regtech/invoice", json=invoice("o-2", createOnly=True), headers=client.bearer)
    client.post("/regtech/invoice/o-1/send", headers=client.bearer)  # refused: already sent
    workspace = client.registry.default
    (message,) = workspace.outbox.list("regtech")
    assert {key: message[key] for key in ("method", "to", "customInvoiceId", "invoiceUrl", "text")} == {
        "method": "mobile",
        "to": "+358401234567",
        "customInvoiceId": "o-1",
        "invoiceUrl": url,
        "text": "Your invoice from Acme",
    }
    assert client.post("/regtech/invoice/o-2/send", headers=client.bearer).status_code == 200
    assert [m["customInvoiceId"] for m in workspace.outbox.list("regtech")] == ["o-1", "o-2"]
    assert workspace.journal.entries[-1].outbound[0]["customInvoiceId"] == "o-2"


def test_tokens_a_day_past_expiry_are_forgotten_when_the_next_is_issued(client):
    tokens = client.registry.default.store("regtech")
    old = client.bearer["authorization"].removeprefix("Bearer ")
    client.post("/_admin/workspaces/default/clock", json={"advance": "PT2H"})
    expired = client.get("/regtech/invoice/FI-1001/status", headers=client.bearer)
    assert expired.status_code == 401 and expired.json()["message"].startswith("Access token has expired")
    client.post("/_admin/workspaces/default/clock", json={"advance": "P1D"})
    fresh = client.post("/regtech/auth/token", json=CREDENTIALS).json()["access_token"]
    assert tokens.find("tokens", "token", old) is None
    assert [held["token"] for held in tokens.all("tokens")] == [fresh]
    forgotten = client.get("/regtech/invoice/FI-1001/status", headers=client.bearer)
    assert forgotten.status_code == 401 and forgotten.json()["message"] == "Invalid access token"
