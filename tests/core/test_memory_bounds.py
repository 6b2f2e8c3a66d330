"""Memory stays bounded: a journal keeps at most so many bytes of bodies, idle workspaces can be
evicted, and deleting a workspace forgets only its own credentials."""

import time
from datetime import UTC, datetime

import httpx
import pytest

from mockserver.core.journal import Journal
from mockserver.core.workspaces import DEFAULT_ID, Registry, WorkspaceError
from mockserver.providers import all_providers
from mockserver.testing.client import ControlPlane, RunningServer

START = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_journal_drops_its_oldest_entries_beyond_its_byte_limit():
    journal = Journal(1000, body_limit=100, byte_limit=250)
    for _ in range(5):
        entry = journal.start(
            at="t", provider="p", method="POST", path="/x", query="", request_body=b"x" * 100
        )
        entry.response_body = b"y" * 30
    # Each entry holds 130 bytes: one fits under 250 beside the newest, whose answer may still come.
    assert [e.id for e in journal.entries] == [4, 5]
    journal.clear()
    assert (
        journal.entries == type(journal.entries)()
        and journal.start(at="t", provider="p", method="GET", path="/", query="").id == 6
    )


def test_idle_workspaces_are_evicted_and_the_default_one_never():
    registry = Registry(all_providers(), clock_start=START, idle_timeout=60)
    old = registry.create()
    fresh = registry.create()
    old.last_used -= 120
    registry.default.last_used -= 120
    assert registry.evict_idle() == [old.id]
    assert set(registry.workspaces) == {DEFAULT_ID, fresh.id}
    key = registry.providers["fakturan"].credential_keys(old.credentials["fakturan"])[0]
    assert registry.find("fakturan", key) is None
    with pytest.raises(WorkspaceError):
        registry.get(old.id)


def test_deleting_a_workspace_keeps_every_other_credential():
    registry = Registry(all_providers(), clock_start=START)
    keep, gone = registry.create(), registry.create()
    registry.delete(gone.id)
    for name, provider in registry.providers.items():
        for workspace in (keep, registry.default):
            for key in provider.credential_keys(workspace.credentials[name]):
                assert registry.find(name, key) is workspace
        for key in provider.credential_keys(gone.credentials[name]):
            assert registry.find(name, key) is None


def test_the_idle_timeout_flag_over_http():
    server = RunningServer("--workspace-idle-timeout", "0.5", "--journal-bytes", "1000")
    admin = ControlPlane(server.url)
    try:
        first = admin.create_workspace()
        time.sleep(0.8)
        second = admin.create_workspace()  # creating sweeps the idle ones
        ids = [ws["id"] for ws in admin.get("/workspaces")["workspaces"]]
        assert first.id not in ids and second.id in ids and DEFAULT_ID in ids
        answer = httpx.get(f"{server.url}/_admin/workspaces/{first.id}")
        assert answer.status_code == 404
    finally:
        admin.close()
        server.stop()
