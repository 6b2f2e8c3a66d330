"""Konto on the core registry, in process: the form is parsed once per request whoever reads it,
and workspaces forked copy-on-write never see each other's writes (recurring catch-up included)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from mockserver.app import create_app
from mockserver.providers.konto import forms
from mockserver.settings import Settings
from mockserver.testing.inprocess import InProcessClient
from tests.providers.konto.conftest import CUSTOMER_GUID, DOC_GUID, DOC_KEY, ITEM_S, invoice_data

CREDENTIALS = {"username": "testuser", "api_key": DOC_KEY}


@pytest.fixture
def app():
    built = create_app(Settings(clock_start=datetime(2026, 3, 10, tzinfo=UTC)))
    with InProcessClient(built) as client:
        client.registry = built.state.registry
        yield client


def call(client, slug: str, method: str = "GET", credentials=CREDENTIALS, **fields) -> dict:
    parts = {
        key: (None, value if isinstance(value, str) else json.dumps(value))
        for key, value in {**credentials, **fields}.items()
    }
    answer = client.request(method, f"/konto/api/v1/{slug}", files=parts)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def parses(monkeypatch):
    counted: list[bytes] = []
    original = forms.parse_request

    def counting(content_type, query_string, body):
        counted.append(body)
        return original(content_type, query_string, body)

    monkeypatch.setattr(forms, "parse_request", counting)
    return counted


def test_one_parse_per_request_for_credentials_dialect_and_refusals(app, parses):
    assert call(app, "get-customer", guid=CUSTOMER_GUID)["status"] is True
    assert len(parses) == 1, "the credential lookup and the dialect share one parse"
    assert call(app, "get-customer", credentials={"username": "testuser", "api_key": "no"}) == {
        "status": False,
        "message": "Invalid api_key",
        "result": None,
    }
    assert len(parses) == 2
    broken = app.post(
        "/konto/api/v1/hello",
        content=b"--xyz\r\n",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status_code == 200 and broken.json()["message"].startswith("Malformed request")
    assert len(parses) == 3, "a body that cannot be read is read (and refused) once too"


def test_a_fork_and_its_origin_never_see_each_others_writes(app):
    origin = app.registry.default
    fork = app.post("/_admin/workspaces", json={"from": "default"}).json()
    mine = fork["credentials"]["konto"]
    before = origin.snapshot()["state"]["konto"]

    assert call(app, "update-customer", "POST", mine, guid=CUSTOMER_GUID, data={"name": "Fork ehf."})[
        "status"
    ]
    assert call(app, "update-cost", "POST", mine, guid=DOC_GUID, data={"accounting_message": "fork"})[
        "status"
    ]
    assert call(app, "get-customer", credentials=mine, guid=CUSTOMER_GUID)["result"]["name"] == "Fork ehf."
    assert call(app, "get-customer", guid=CUSTOMER_GUID)["result"]["name"] != "Fork ehf."
    assert origin.snapshot()["state"]["konto"] == before

    assert call(app, "update-item", "POST", guid=ITEM_S, data={"category": "Origin"})["status"]
    assert call(app, "get-item", credentials=mine, guid=ITEM_S)["result"]["category"] == "Áskrift"


def test_recurring_invoices_issued_in_a_fork_stay_in_the_fork(app):
    schedule = invoice_data(
        recurring_name="Áskrift",
        recurring_interval="monthly",
        recurring_start_date="2026-03-10",
        items=[{"guid": ITEM_S, "qty": 1}],
        amount=2095.6,
        issue_date="2026-03-10",
        due_date="2026-03-20",
        settlement_date="2026-03-20",
    )
    assert call(app, "create-recurring-invoice", "POST", data=schedule)["status"] is True
    issued = call(app, "get-count-invoices")["result"]
    fork = app.post("/_admin/workspaces", json={"from": "default"}).json()
    mine = fork["credentials"]["konto"]

    app.post(f"/_admin/workspaces/{fork['id']}/clock", json={"advance": "P62D"})
    assert call(app, "get-count-invoices", credentials=mine)["result"] == issued + 2
    assert call(app, "get-count-invoices")["result"] == issued
    recurring = app.registry.default.snapshot()["state"]["konto"]["tables"]["recurring"]
    assert [schedule["issued"] for schedule in recurring.values()] == [1]
