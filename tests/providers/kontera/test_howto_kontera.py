"""How to use the Kontera sandbox, as docs/kontera.md shows it (the same server, data and answers).

Base URL: http://HOST:PORT/kontera with `Authorization: Bearer kontera-demo-token` (or a
workspace's own token). Exports and the validator are the sandbox's own routes (Kontera only
pushes); booking, which makes the webhook fire, and the delivery log are on the control plane.
"""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest

from mockserver.testing.client import RunningServer

from .helpers import wait_for

ADMIN = "/_admin/workspaces/default"
AUTH = {"authorization": "Bearer kontera-demo-token"}


@pytest.fixture(scope="module")
def server():
    """`mockserver serve --clock-start 2026-03-01T00:00:00Z` (seed 0), as in the docs."""
    running = RunningServer("--clock-start", "2026-03-01T00:00:00Z")
    with httpx.Client(base_url=running.url, timeout=10) as client:
        assert client.post(f"{ADMIN}/clock", json={"frozen": True}).status_code == 200
        yield client
    running.stop()


def test_export_a_day_as_json_and_csv_and_validate_both(server):
    window = {"from": "2026-02-07", "to": "2026-02-07"}
    document = server.get("/kontera/exports", params=window, headers=AUTH)
    assert document.status_code == 200
    (transaction,) = document.json()
    assert transaction["konteraId"] == "K-A19F01821FB8"
    assert transaction["contact"]["name"] == "Ammann Probst & Partner"
    (entry,) = transaction["entries"]
    assert [(line["creditDebit"], line["amount"], line["account"]["number"]) for line in entry["lines"]] == [
        ("debit", "138.02", "6500"),
        ("credit", "138.02", "2000"),
    ]
    assert entry["lines"][0]["tax"] == {"code": "VB81", "externalId": "2", "value": "8.1", "type": "pre-tax"}

    text = server.get("/kontera/exports", params=window | {"format": "csv"}, headers=AUTH)
    rows = text.text.split("\r\n")
    assert rows[1].startswith("K-A19F01821FB8,939069,,CHF,2026-02-07,") and rows[2:] == [""]

    for body, media in ((document.content, "application/json"), (text.content, "text/csv")):
        verdict = server.post("/kontera/validate", content=body, headers=AUTH | {"content-type": media})
        assert verdict.json() == {"valid": True, "errors": []}


def test_the_validator_points_at_each_broken_field(server):
    document = server.get("/kontera/exports", params={"from": "2026-02-07", "to": "2026-02-07"}, headers=AUTH)
    broken = document.content.replace(
        b'"lineNumber":1,"creditDebit":"debit","amount":"138.02"',
        b'"lineNumber":1,"creditDebit":"debit","amount":"130.00"',
    ).replace(b'"legalType":"company"', b'"legalType":"firm"')
    verdict = server.post(
        "/kontera/validate", content=broken, headers=AUTH | {"content-type": "application/json"}
    )
    assert verdict.json() == {
        "valid": False,
        "errors": [
            {"path": "[0].contact.legalType", "message": "must be one of 'company' or 'person'"},
            {"path": "[0].entries[0]", "message": "does not balance: debits 130.00, credits 138.02"},
        ],
    }


def test_book_and_receive_a_signed_webhook_retried_on_the_clock(server, receiver):
    secret = "my-webhook-secret"
    configuration = {"journalExportUsesWebhook": True, "webhookUrl": receiver.url, "webhookSecret": secret}
    patched = server.patch(
        "/kontera/api/public/v1/base-data", json={"configuration": configuration}, headers=AUTH
    )
    assert patched.status_code == 200 and patched.json()["configuration"]["journalExportUsesWebhook"] is True
    receiver.statuses = [500, 500]

    booked = server.post(f"{ADMIN}/kontera/transactions")
    assert booked.status_code == 201 and booked.json()["konteraId"] == "K-44B0AE4DAA10"

    def attempts() -> list:
        return server.get(f"{ADMIN}/kontera/deliveries/1").json()["attempts"]

    wait_for(lambda: len(attempts()) == 1, "the first attempt")
    server.post(f"{ADMIN}/clock", json={"advance": "PT1M"})
    wait_for(lambda: len(attempts()) == 2, "the first retry")
    server.post(f"{ADMIN}/clock", json={"advance": "PT4M"})
    wait_for(lambda: len(attempts()) == 3, "the second retry")
    assert [a["status"] for a in attempts()] == [500, 500, 200]

    again = server.post(f"{ADMIN}/kontera/deliveries/1/redeliver")
    assert again.status_code == 201 and again.json()["redeliveryOf"] == 1
    wait_for(lambda: len(receiver.received) == 4, "the redelivery")
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-hub-signature-256"] == expected
