"""A provider's operations, models and seed are imported the first time something needs them,
and what clients see does not depend on when that was."""

from __future__ import annotations

import subprocess
import sys
import threading

from mockserver.core.providers import LazyProvider
from mockserver.providers import all_providers

# Runs in a fresh interpreter: in this one, other tests have imported every provider already.
PROBE = """
import asyncio, sys
import httpx
from mockserver.app import create_app

def loaded():
    return sorted(m.split(".")[2] for m in sys.modules if m.endswith(".provider") and "providers" in m)

async def main():
    transport = httpx.ASGITransport(app=create_app(), client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        print(loaded())
        assert len((await client.get("/")).json()["providers"]) == 5
        created = (await client.post("/_admin/workspaces", json={})).json()
        assert sorted(created["credentials"]) == ["conta", "fakturan", "kontera", "konto", "regtech"]
        print(loaded())
        auth = ("demo-key-id", "demo-key-secret")
        (await client.get("/fakturan/api/v2/clients/1", auth=auth)).raise_for_status()
        print(loaded())
        print("faker" in sys.modules)
        (await client.get("/_admin/workspaces/default/snapshot")).raise_for_status()
        print(loaded())

asyncio.run(main())
"""


def test_providers_are_imported_on_first_use():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[]",  # started, listed, a workspace created with every provider's credentials
        "[]",
        "['fakturan']",  # its first request
        "False",  # seeded from Faker's recorded answers, without Faker
        "['conta', 'fakturan', 'kontera', 'konto', 'regtech']",  # a snapshot holds every state
    ]


def test_light_declarations_name_their_provider():
    for declared in all_providers():
        assert isinstance(declared, LazyProvider)
        assert declared.loaded.name == declared.name
        assert declared.loaded.title == declared.title
        assert declared.loaded.auth is declared.auth
        assert declared.has_admin == declared.loaded.has_admin


def test_two_first_uses_at_once_get_one_provider():
    fresh = [LazyProvider(p.name, p.title, p.auth, p._load) for p in all_providers()]
    found: list = []
    threads = [threading.Thread(target=lambda: found.extend(p.loaded for p in fresh)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 4 * len(fresh)
    assert {id(p) for p in found} == {id(p.loaded) for p in fresh}
