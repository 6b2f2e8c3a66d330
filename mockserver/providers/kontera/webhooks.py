"""Webhook deliveries: each newly booked transaction POSTed to `webhookUrl`, signed, retried.

The delivery log is state (table `deliveries` of the provider's store), so it is in snapshots,
forks and resets like everything else. A delivery holds the exact body it sends, signed
`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with webhookSecret>` (GitHub's form,
to which Kontera's page defers), and every attempt: when (workspace clock), the answer's status
or what went wrong (`connection refused`, `timeout`, ...), how long it took.

Retries follow the workspace clock: after a failed attempt n the next is due `BACKOFF[n-1]`
later (1, 4, 16, 64 minutes: exponential, factor 4); after `MAX_ATTEMPTS` the delivery has
`failed`. A non-2xx answer, a refused connection and a timeout (`TIMEOUT` seconds) all count as
failures. Due attempts run when the clock is moved, on the next Kontera request, or, while the
clock runs with real time, when their moment comes. A delivery can be sent again
(`redeliver`): a new delivery of the same body to the current URL, signed with the current
secret.

Sending happens in asyncio tasks beside the server's requests, never inside one, so a receiver
that hangs slows nothing but its own delivery. `Dispatcher` keeps only those running tasks and
timers (process resources, not state).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from datetime import datetime, timedelta

import orjson

from mockserver.core.clock import format_instant, parse_instant
from mockserver.core.store import Store

TABLE = "deliveries"
BACKOFF = (timedelta(minutes=1), timedelta(minutes=4), timedelta(minutes=16), timedelta(minutes=64))
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 10.0  # seconds for connecting, sending and reading the answer, each
USER_AGENT = "mockserver-kontera-webhook/1"


def enabled(configuration: dict) -> bool:
    """Kontera pushes only JSON exports, and only when the webhook is switched on and has a URL."""
    flag = configuration.get("journalExportUsesWebhook") in (True, "true")
    return (
        flag
        and configuration.get("journalExportFormat", "json") == "json"
        and bool(configuration.get("webhookUrl"))
    )


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue(
    store: Store, now: datetime, configuration: dict, body: str, kontera_id: str | None, *, of=None
) -> dict:
    """A new delivery of `body`, its first attempt due now."""
    secret = configuration.get("webhookSecret")
    headers = {"content-type": "application/json", "user-agent": USER_AGENT}
    if secret:
        headers["x-hub-signature-256"] = signature(secret, body.encode())
    delivery = {
        "konteraId": kontera_id,
        "url": configuration["webhookUrl"],
        "headers": headers,
        "body": body,
        "createdAt": format_instant(now),
        "state": "pending",
        "nextAttemptAt": format_instant(now),
        "attempts": [],
        "redeliveryOf": of,
    }
    return store.insert(TABLE, delivery)


def payload(document: dict) -> str:
    """The webhook body: an export document (an array) with the one transaction, so a receiver
    parses files and webhooks alike."""
    return orjson.dumps([document]).decode()


def due(store: Store, now: datetime) -> list[dict]:
    moment = format_instant(now)
    return [d for d in store.all(TABLE) if d["state"] == "pending" and _at(d["nextAttemptAt"]) <= _at(moment)]


def _at(text: str) -> datetime:
    return parse_instant(text)


def record_attempt(store: Store, delivery_id: int, at: datetime, outcome: dict) -> dict | None:
    """File one attempt's outcome (`status` or `error`, `duration_ms`) and schedule what follows."""
    if store.get(TABLE, delivery_id) is None:
        return None  # the workspace was reset or restored meanwhile
    delivery = store.edit(TABLE, delivery_id)
    number = len(delivery["attempts"]) + 1
    status = outcome.get("status")
    ok = status is not None and 200 <= status < 300
    delivery["attempts"].append({"attempt": number, "at": format_instant(at), **outcome, "ok": ok})
    if ok:
        delivery["state"], delivery["nextAttemptAt"] = "delivered", None
    elif number >= MAX_ATTEMPTS:
        delivery["state"], delivery["nextAttemptAt"] = "failed", None
    else:
        delivery["nextAttemptAt"] = format_instant(at + BACKOFF[number - 1])
    return delivery


def redeliver(store: Store, delivery_id: int, now: datetime, configuration: dict) -> dict | None:
    original = store.get(TABLE, delivery_id)
    if original is None:
        return None
    current = {**configuration, "webhookUrl": configuration.get("webhookUrl") or original["url"]}
    return enqueue(store, now, current, original["body"], original["konteraId"], of=original["id"])


def listing(store: Store) -> list[dict]:
    """Newest first, each with its attempts."""
    return sorted(store.all(TABLE), key=lambda d: d["id"], reverse=True)


async def send(delivery: dict) -> dict:
    """One POST; the outcome as an attempt records it. Never raises."""
    # Imported on the first delivery, not at start-up: httpx (and the rich console it pulls in
    # when installed) is a tenth of a second of import that serving never needs otherwise.
    import httpx

    started = time.monotonic()
    outcome: dict = {"status": None, "error": None}
    timeout = httpx.Timeout(TIMEOUT)
    try:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False, follow_redirects=False) as client:
            answer = await client.post(
                delivery["url"], content=delivery["body"].encode(), headers=delivery["headers"]
            )
        outcome["status"] = answer.status_code
    except httpx.TimeoutException:
        outcome["error"] = "timeout"
    except httpx.ConnectError:
        outcome["error"] = "connection refused"
    except (httpx.HTTPError, OSError, ValueError) as error:
        outcome["error"] = f"{type(error).__name__}: {error}"[:200]
    outcome["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    return outcome


class Dispatcher:
    """Starts due attempts as background tasks and, while a workspace clock runs with real time,
    wakes up for the next one. One per process; it holds tasks, timers and the clock each store
    runs on (process resources, not state), never deliveries."""

    def __init__(self) -> None:
        self._running: set[tuple[int, int]] = set()
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._clocks: dict[int, object] = {}
        self._tasks: set[asyncio.Task] = set()

    def kick(self, store: Store, now: datetime, clock=None) -> None:
        """Start every attempt of this store due at `now` (no-op outside an event loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if clock is not None:
            self._clocks[id(store)] = clock
        for delivery in due(store, now):
            key = (id(store), delivery["id"])
            if key not in self._running:
                self._running.add(key)
                task = loop.create_task(self._attempt(store, now, delivery, key))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        self._arm(loop, store, now)

    def _now(self, store: Store, fallback: datetime) -> datetime:
        clock = self._clocks.get(id(store))
        return clock.now() if clock is not None else fallback  # type: ignore[attr-defined]

    async def _attempt(self, store: Store, now: datetime, delivery: dict, key: tuple[int, int]) -> None:
        started = self._now(store, now)
        try:
            outcome = await send(delivery)
            record_attempt(store, delivery["id"], started, outcome)
        finally:
            self._running.discard(key)
        self.kick(store, self._now(store, started))

    def _arm(self, loop: asyncio.AbstractEventLoop, store: Store, now: datetime) -> None:
        """While the store's clock runs with real time, wake up when its next retry falls due."""
        previous = self._timers.pop(id(store), None)
        if previous is not None:
            previous.cancel()
        clock = self._clocks.get(id(store))
        if clock is None or clock.frozen:  # type: ignore[attr-defined]
            return  # moving the clock (or the next request) runs it
        later = [_at(d["nextAttemptAt"]) for d in store.all(TABLE) if d["state"] == "pending"]
        later = [moment for moment in later if moment > now]
        if later:
            delay = (min(later) - now).total_seconds()
            self._timers[id(store)] = loop.call_later(delay, lambda: self.kick(store, self._now(store, now)))

    async def idle(self) -> None:
        """Wait for the attempts running now (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


DISPATCHER = Dispatcher()
