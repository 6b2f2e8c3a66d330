"""Booking on the control plane (in process): generated or posted transactions, refusals that
leave nothing, the webhook delivery each enqueues, the delivery log, redelivery, the outbox."""

from __future__ import annotations

import copy

import orjson

from mockserver.providers.kontera import webhooks
from mockserver.providers.kontera.validation import validate_document

from .conftest import START

JSON = {"content-type": "application/json"}


def _invalid(answer, status: int = 422) -> dict:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["error"] and body["message"]
    return body


def test_booking_from_the_seed_is_dated_today_valid_and_exported(app):
    answer = app.book()
    assert answer.status_code == 201 and answer.headers["content-type"] == "application/json"
    booked = answer.json()
    assert validate_document([booked]) == []
    assert {entry["date"] for entry in booked["entries"]} == {START[:10]}
    assert app.get(f"/exports/{booked['konteraId']}").json() == booked
    today = app.get("/exports", params={"from": START[:10]}).json()
    assert [t["konteraId"] for t in today] == [booked["konteraId"]]
    assert app.book().json()["konteraId"] != booked["konteraId"], "each booking draws a new one"


def test_the_same_seed_and_bookings_give_the_same_transactions(app):
    from .conftest import InProcess

    other = InProcess()
    try:
        assert [app.book().content for _ in range(3)] == [other.book().content for _ in range(3)]
    finally:
        other.close()


def test_an_empty_body_books_from_the_seed_too(app):
    answer = app.admin("POST", "/kontera/transactions", content=b"")
    assert answer.status_code == 201 and answer.json()["konteraId"].startswith("K-")


def test_a_posted_transaction_is_booked_as_given_and_not_twice(app):
    template = app.get("/exports").json()[0]
    posted = copy.deepcopy(template)
    new_id = "K-ABCDEF012345"
    posted["konteraId"] = new_id
    for entry in posted["entries"]:
        entry["entryId"] = entry["entryId"].replace(template["konteraId"], new_id)
        for line in entry["lines"]:
            line["lineId"] = line["lineId"].replace(template["konteraId"], new_id)
    answer = app.book(posted)
    assert answer.status_code == 201
    assert answer.json()["entries"] == posted["entries"]
    assert app.get(f"/exports/{new_id}").json()["entries"] == posted["entries"]
    again = _invalid(app.book(posted), 409)
    assert again["error"] == "conflict" and new_id in again["message"]


def test_an_invalid_transaction_is_refused_with_every_path_and_books_nothing(app):
    before = app.store.count("transactions")
    broken = copy.deepcopy(app.get("/exports").json()[0])
    broken["entries"][0]["lines"][0]["amount"] = "1.000"
    broken["konteraId"] = "K-1"
    body = _invalid(app.book(broken))
    assert body["error"] == "invalid"
    paths = {p["path"] for p in body["errors"]}
    assert {"konteraId", "entries[0].lines[0].amount"} <= paths
    assert _invalid(app.book([1]))["errors"] == [{"path": "", "message": "must be an object"}]
    assert (
        _invalid(app.admin("POST", "/kontera/transactions", content=b"null", headers=JSON))["error"]
        == "invalid"
    )
    assert (
        _invalid(app.admin("POST", "/kontera/transactions", content=b"{", headers=JSON), 400)["error"]
        == "bad_request"
    )
    assert app.store.count("transactions") == before and app.store.count(webhooks.TABLE) == 0
    unknown = app.http.get("/_admin/workspaces/nope/kontera/deliveries")
    assert unknown.status_code == 404 and unknown.json() == {
        "error": "not_found",
        "message": "no workspace 'nope'",
    }


def test_with_the_webhook_on_a_booking_enqueues_a_signed_delivery_and_tells_the_outbox(app, receiver):
    assert (
        app.configure(
            journalExportUsesWebhook=True, webhookUrl=receiver.url, webhookSecret="s3cret"
        ).status_code
        == 200
    )
    booked = app.book().json()
    app.settle()
    (delivery,) = app.admin("GET", "/kontera/deliveries").json()["deliveries"]
    assert delivery["konteraId"] == booked["konteraId"] and delivery["url"] == receiver.url
    assert orjson.loads(delivery["body"]) == [booked]
    assert delivery["headers"]["x-hub-signature-256"] == webhooks.signature(
        "s3cret", delivery["body"].encode()
    )
    assert delivery["state"] == "delivered" and [a["status"] for a in delivery["attempts"]] == [200]
    ((headers, body),) = receiver.received
    assert (
        body == delivery["body"].encode()
        and headers["x-hub-signature-256"] == delivery["headers"]["x-hub-signature-256"]
    )
    (message,) = app.admin("GET", "/outbox", params={"provider": "kontera"}).json()["messages"]
    assert message["channel"] == "webhook" and message["to"] == receiver.url
    assert message["deliveryId"] == delivery["id"] and message["body"] == delivery["body"]
    assert message["at"] == START


def test_without_the_webhook_nothing_is_enqueued(app):
    app.book()
    assert app.admin("GET", "/kontera/deliveries").json() == {"deliveries": []}
    assert app.workspace.outbox.list("kontera") == []


def test_a_refused_delivery_is_retried_when_the_clock_moves_and_can_be_redelivered(app, receiver):
    app.configure(journalExportUsesWebhook=True, webhookUrl=receiver.url, webhookSecret="k")
    receiver.statuses = [503]
    app.book()
    app.settle()
    (first,) = app.admin("GET", "/kontera/deliveries").json()["deliveries"]
    assert first["state"] == "pending" and [a["status"] for a in first["attempts"]] == [503]
    assert first["nextAttemptAt"] == "2026-03-01T00:01:00Z"
    assert app.admin("POST", "/clock", json={"advance": "PT1M"}).status_code == 200
    app.settle()
    shown = app.admin("GET", f"/kontera/deliveries/{first['id']}").json()
    assert shown["state"] == "delivered" and [a["status"] for a in shown["attempts"]] == [503, 200]
    again = app.admin("POST", f"/kontera/deliveries/{first['id']}/redeliver")
    assert again.status_code == 201
    assert again.json()["redeliveryOf"] == first["id"] and again.json()["body"] == first["body"]
    app.settle()
    listing = app.admin("GET", "/kontera/deliveries").json()["deliveries"]
    assert [d["id"] for d in listing] == [again.json()["id"], first["id"]]
    assert listing[0]["state"] == "delivered" and len(receiver.received) == 3
    assert len(app.workspace.outbox.list("kontera")) == 2
    missing = _invalid(app.admin("GET", "/kontera/deliveries/99"), 404)
    assert missing == {"error": "not_found", "message": "no delivery 99"}
    assert _invalid(app.admin("POST", "/kontera/deliveries/99/redeliver"), 404)["error"] == "not_found"


def test_reset_forgets_bookings_and_deliveries(app, receiver):
    app.configure(journalExportUsesWebhook=True, webhookUrl=receiver.url)
    booked = app.book().json()
    app.settle()
    assert app.admin("POST", "/reset").status_code == 200
    assert app.get(f"/exports/{booked['konteraId']}").status_code == 404
    assert app.admin("GET", "/kontera/deliveries").json() == {"deliveries": []}
