"""The delivery engine without the server: schedule, signature, outcomes, on a clock of its own."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from mockserver.core.clock import Clock, format_instant, parse_instant
from mockserver.core.store import Store
from mockserver.providers.kontera import webhooks

CONFIG = {"journalExportUsesWebhook": True, "journalExportFormat": "json", "webhookSecret": "k"}
START = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_signature_is_githubs_form():
    body = b'[{"konteraId":"K-0A96DAA13D0D"}]'
    expected = hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert webhooks.signature("k", body) == f"sha256={expected}"


def test_only_json_exports_with_a_url_are_pushed():
    assert webhooks.enabled(CONFIG | {"webhookUrl": "https://example.ch/hook"})
    assert webhooks.enabled(
        CONFIG | {"webhookUrl": "https://example.ch/hook", "journalExportUsesWebhook": "true"}
    )
    assert not webhooks.enabled(CONFIG)
    assert not webhooks.enabled(
        CONFIG | {"webhookUrl": "https://example.ch/hook", "journalExportFormat": "csv"}
    )
    assert not webhooks.enabled(
        CONFIG | {"webhookUrl": "https://example.ch/hook", "journalExportUsesWebhook": False}
    )


def test_failures_back_off_exponentially_then_give_up():
    store = Store()
    delivery = webhooks.enqueue(store, START, CONFIG | {"webhookUrl": "https://example.ch/h"}, "[]", "K-1")
    assert webhooks.due(store, START) == [delivery]
    at, gaps = START, []
    for _ in range(webhooks.MAX_ATTEMPTS):
        updated = webhooks.record_attempt(store, delivery["id"], at, {"status": 502, "error": None})
        if updated["nextAttemptAt"] is None:
            break
        following = parse_instant(updated["nextAttemptAt"])
        assert not webhooks.due(store, following - timedelta(seconds=1)) and webhooks.due(store, following)
        gaps.append(following - at)
        at = following
    assert gaps == list(webhooks.BACKOFF)  # 1, 4, 16, 64 minutes
    final = store.get(webhooks.TABLE, delivery["id"])
    assert final["state"] == "failed" and len(final["attempts"]) == webhooks.MAX_ATTEMPTS
    assert webhooks.due(store, START.replace(year=2030)) == []


def test_a_2xx_delivers_and_redelivery_is_a_new_delivery_of_the_same_body():
    store = Store()
    config = CONFIG | {"webhookUrl": "https://example.ch/h"}
    first = webhooks.enqueue(store, START, config, '[{"a":1}]', "K-1")
    assert webhooks.record_attempt(store, first["id"], START, {"status": 204})["state"] == "delivered"
    again = webhooks.redeliver(store, first["id"], START, config | {"webhookSecret": "new"})
    assert (
        again["body"] == first["body"]
        and again["redeliveryOf"] == first["id"]
        and again["state"] == "pending"
    )
    assert again["headers"]["x-hub-signature-256"] == webhooks.signature("new", first["body"].encode())
    assert [d["id"] for d in webhooks.listing(store)] == [again["id"], first["id"]]
    assert webhooks.redeliver(store, 99, START, config) is None


def test_dispatcher_sends_in_the_background_and_records_on_the_store(receiver):
    store, clock = Store(), Clock(START, frozen=True)
    receiver.statuses = [500]
    delivery = webhooks.enqueue(store, START, CONFIG | {"webhookUrl": receiver.url}, '["x"]', "K-1")

    async def run():
        webhooks.DISPATCHER.kick(store, clock.now(), clock)
        await webhooks.DISPATCHER.idle()
        clock.advance("PT1M")
        webhooks.DISPATCHER.kick(store, clock.now())
        await webhooks.DISPATCHER.idle()

    asyncio.run(run())
    done = store.get(webhooks.TABLE, delivery["id"])
    assert [a["status"] for a in done["attempts"]] == [500, 200] and done["state"] == "delivered"
    assert done["attempts"][1]["at"] == format_instant(clock.now())
    assert [body for _, body in receiver.received] == [b'["x"]', b'["x"]']
    assert receiver.received[0][0]["x-hub-signature-256"] == webhooks.signature("k", b'["x"]')


def test_base_data_merge_patch_and_its_checks():
    from mockserver.providers.kontera import basedata, rules

    from .helpers import seeded

    base = rules.base_data(seeded())
    assert basedata.problems(base) == []
    patch = {"configuration": {"webhookUrl": "http://[::1]:9000/hook", "journalExportUsesWebhook": "true"}}
    merged = basedata.normalized(rules.merge(base, patch))
    assert (
        merged["accounts"] == base["accounts"] and merged["configuration"]["journalExportUsesWebhook"] is True
    )
    assert basedata.problems(merged) == []
    assert "organization" not in rules.merge(base, {"organization": None})
    for url in ("http://example.com/hook", "ftp://127.0.0.1/x", "https://x"):
        found = basedata.problems(rules.merge(base, {"configuration": {"webhookUrl": url}}))
        assert [p["path"] for p in found] == ["configuration.webhookUrl"], url
    assert [p["path"] for p in basedata.problems({"taxPeriods": []})] == ["organization"]
