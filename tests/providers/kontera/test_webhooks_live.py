"""Webhooks over a real server: a receiving HTTP server on loopback, signatures checked with the
secret, failures retried as the workspace clock moves, a hanging receiver slowing nothing."""

from __future__ import annotations

import hashlib
import hmac

import orjson

from .helpers import wait_for

SECRET = "whsec-live-test"


def _attempts(kontera, count: int) -> dict:
    def ready():
        (delivery,) = kontera.deliveries()
        return delivery if len(delivery["attempts"]) >= count else None

    return wait_for(ready, f"{count} attempt(s)")


def _freeze(kontera) -> str:
    return kontera.admin.post("/clock", json={"frozen": True}).json()["now"]


def test_failing_receiver_is_retried_on_the_clock_and_every_body_is_signed(kontera, receiver):
    _freeze(kontera)
    answer = kontera.configure(journalExportUsesWebhook=True, webhookUrl=receiver.url, webhookSecret=SECRET)
    assert answer.status_code == 200, answer.text
    receiver.statuses = [500, 502]
    booked = kontera.book()
    assert booked.status_code == 201
    transaction = booked.json()

    first = _attempts(kontera, 1)
    assert first["state"] == "pending" and first["attempts"][0]["status"] == 500
    assert kontera.admin.post("/clock", json={"advance": "PT1M"}).status_code == 200
    second = _attempts(kontera, 2)
    assert [a["status"] for a in second["attempts"]] == [500, 502] and second["state"] == "pending"
    assert kontera.admin.post("/clock", json={"advance": "PT3M"}).status_code == 200
    assert len(kontera.deliveries()[0]["attempts"]) == 2, "the second retry is due 4 minutes later"
    assert kontera.admin.post("/clock", json={"advance": "PT1M"}).status_code == 200
    third = _attempts(kontera, 3)
    assert [a["status"] for a in third["attempts"]] == [500, 502, 200] and third["state"] == "delivered"

    assert len(receiver.received) == 3
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-hub-signature-256"], expected)
        assert headers["content-type"] == "application/json"
        assert orjson.loads(body) == [transaction]
    (message,) = kontera.workspace.outbox("kontera")
    assert (
        message["channel"] == "webhook"
        and message["to"] == receiver.url
        and message["konteraId"] == transaction["konteraId"]
    )
    state = kontera.workspace.snapshot()["state"]["kontera"]["tables"]["deliveries"]
    assert [d["state"] for d in state.values()] == ["delivered"], "the log is state: in the snapshot"


def test_a_refused_connection_is_an_attempt_that_failed(kontera, receiver):
    _freeze(kontera)
    url = receiver.url
    receiver.close()  # nobody listens there any more
    kontera.configure(journalExportUsesWebhook=True, webhookUrl=url)
    assert kontera.book().status_code == 201
    delivery = _attempts(kontera, 1)
    assert (
        delivery["attempts"][0]["error"] == "connection refused" and delivery["attempts"][0]["status"] is None
    )
    assert delivery["state"] == "pending" and "x-hub-signature-256" not in delivery["headers"]


def test_a_hanging_receiver_slows_no_api_request(kontera, receiver):
    _freeze(kontera)
    kontera.configure(journalExportUsesWebhook=True, webhookUrl=receiver.url, webhookSecret=SECRET)
    receiver.hang = True
    assert kontera.book().status_code == 201
    wait_for(lambda: receiver.received, "the delivery to reach the receiver")
    # The receiver now holds its request until released: everything else still answers.
    assert kontera.http.get("/exports", params={"format": "csv"}).status_code == 200
    assert kontera.book().status_code == 201
    assert kontera.http.get("/api/public/v1/base-data").status_code == 200
    assert all(d["state"] == "pending" and not d["attempts"] for d in kontera.deliveries())
    receiver.release.set()
    delivered = wait_for(
        lambda: all(d["state"] == "delivered" for d in kontera.deliveries()) and kontera.deliveries(),
        "both deliveries",
    )
    assert len(delivered) == 2
