"""What the scenario layer costs a request: none loaded, and 1,000 loaded that all miss.

Runs the Fakturan gateway in-process (no sockets, so the figures are the gateway's own), with
a request that matches none of the rules, and prints microseconds per request. Run it with
`python bench/bench_scenarios.py`; it asserts nothing, it records the figure.
"""

from __future__ import annotations

import asyncio
import base64
import statistics
import time

from mockserver.core.clock import today_midnight_utc
from mockserver.core.gateway import Gateway
from mockserver.core.providers import Incoming
from mockserver.core.scenarios import RuleSpec
from mockserver.core.workspaces import Registry
from mockserver.providers import all_providers

RULES = 1000
ROUNDS = 7
REQUESTS = 2000
AUTH = b"Basic " + base64.b64encode(b"demo-key-id:demo-key-secret")


def near_misses(count: int) -> list[RuleSpec]:
    """Rules that get as far as they can before missing: right provider and method, wrong
    path; right path, wrong query, header or body; other providers."""
    kinds = [
        lambda n: {
            "match": {"provider": "fakturan", "method": "GET", "path": f"/fakturan/api/v2/things{n}/**"}
        },
        lambda n: {"match": {"path": "/fakturan/api/v2/clients", "query": {"page": str(n + 2)}}},
        lambda n: {"match": {"provider": "fakturan", "headers": {"x-test-case": f"case-{n}"}}},
        lambda n: {"match": {"method": "GET", "path": "/fakturan/**", "body": {"client_id": n}}},
        lambda n: {"match": {"provider": "regtech", "path": "/regtech/invoice/create"}},
    ]
    return [
        RuleSpec.model_validate({**kinds[n % len(kinds)](n), "respond": {"status": 503}})
        for n in range(count)
    ]


async def per_request_us(gateway: Gateway) -> float:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/fakturan/api/v2/clients",
        "root_path": "/fakturan",
        "query_string": b"per_page=5",
        "headers": [(b"authorization", AUTH), (b"host", b"bench")],
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(REQUESTS):
            await gateway(dict(scope), receive, send)
        timings.append((time.perf_counter() - started) / REQUESTS * 1e6)
    return statistics.median(timings)


def select_us(registry: Registry) -> float:
    workspace = registry.default
    incoming = Incoming("GET", "/fakturan/api/v2/clients", b"per_page=5", [(b"authorization", AUTH)], b"")
    started = time.perf_counter()
    for _ in range(REQUESTS):
        assert workspace.scenarios.select("fakturan", incoming, workspace.clock) is None
    return (time.perf_counter() - started) / REQUESTS * 1e6


def idle_check_ns(registry: Registry) -> float:
    """The whole cost of scenarios for a workspace without rules: the gateway's one check."""
    workspace = registry.default
    number = 1_000_000
    started = time.perf_counter()
    for _ in range(number):
        if workspace.scenarios.rules:
            raise AssertionError("no rules expected")
    return (time.perf_counter() - started) / number * 1e9


def main() -> None:
    registry = Registry(all_providers(), clock_start=today_midnight_utc(), journal_capacity=100)
    gateway = Gateway(registry.providers["fakturan"], registry, max_body_bytes=10 * 1024 * 1024)
    bare = asyncio.run(per_request_us(gateway))
    idle = idle_check_ns(registry)
    registry.default.scenarios.add(near_misses(RULES))
    loaded = asyncio.run(per_request_us(gateway))
    matching_only = select_us(registry)
    print(f"gateway + Fakturan GET /clients, no rules loaded:  {bare:8.1f} µs/request")
    print(f"  of which the scenario check (no rules):          {idle / 1000:8.3f} µs/request")
    print(f"gateway + Fakturan GET /clients, {RULES} rules, none fire: {loaded:8.1f} µs/request")
    print(f"  of which matching {RULES} rules (ScenarioSet.select): {matching_only:8.1f} µs/request")
    print(f"  cost per loaded rule: {(loaded - bare) / RULES * 1000:.0f} ns")


if __name__ == "__main__":
    main()
