"""Rule-level helpers: a seeded Kontera store without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.kontera import rules, seed

START = datetime(2024, 2, 15, tzinfo=UTC)


def seeded(number: int = 0, start: datetime = START, **configuration) -> Store:
    store = Store(seed.seed(Seeding(seed=number, provider="kontera", locale="de_CH", clock_start=start)))
    if configuration:
        base = rules.base_data(store)
        store.set_value("baseData", base | {"configuration": base["configuration"] | configuration})
    return store


def wait_for(predicate, what: str, timeout: float = 10.0):
    """Poll until `predicate()` is truthy and return its value: webhook deliveries run in the
    server's background, so a test waits for their outcome instead of sleeping."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
