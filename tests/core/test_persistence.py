"""The state file: written behind within a bounded delay, atomically, one workspace at a time, and
refused loudly at start-up when it cannot be read or written."""

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from tinydb import TinyDB

from mockserver.cli import main
from mockserver.core import persistence
from mockserver.core.workspaces import Registry
from mockserver.providers import all_providers
from mockserver.testing.client import RunningServer

FAKTURAN = ("demo-key-id", "demo-key-secret")
START = datetime(2026, 1, 1, tzinfo=UTC)


def new_registry() -> Registry:
    return Registry(all_providers(), clock_start=START)


def documents(path) -> dict[str, dict]:
    with TinyDB(str(path), access_mode="r") as db:  # the file stays in TinyDB's layout
        return {document["id"]: document for document in db.table("workspaces").all()}


def run_writer(writer: persistence.StateWriter, *steps) -> list[bool]:
    """Runs the writer on an event loop of its own: each step is called, then written at once."""
    results = []

    async def scenario():
        writer.start()
        for step in steps:
            step()
            results.append(await writer.write_now())
        await writer.close()

    asyncio.run(scenario())
    return results


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


# -- writing ---------------------------------------------------------------------------------


def test_a_write_that_fails_after_the_temporary_file_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    persistence.write_atomically(path, b'{"workspaces": {}}\n')

    def crash(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persistence.os, "replace", crash)
    with pytest.raises(OSError):
        persistence.write_atomically(path, b'{"workspaces": {"1": {"id": "half"}}}\n')
    assert path.read_bytes() == b'{"workspaces": {}}\n'
    assert persistence.temporary_path(path).read_bytes().startswith(b'{"workspaces": {"1"')


def test_the_writer_keeps_the_old_file_when_a_write_fails_and_retries_later(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    registry = new_registry()
    writer = persistence.StateWriter(registry, str(path), delay=0)
    real_replace = os.replace
    failing = []

    def replace(source, target):
        if failing:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(persistence.os, "replace", replace)

    def first():
        registry.create(workspace_id="first")
        registry.changed(None)

    def second():
        failing.append(True)
        registry.create(workspace_id="second")
        registry.changed(None)

    def third():
        failing.clear()

    assert run_writer(writer, first, second, third) == [True, False, True]
    assert set(documents(path)) == {"default", "first", "second"}


def test_every_write_is_fsynced_then_renamed_then_its_directory_fsynced(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(persistence.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        persistence.os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    persistence.write_atomically(tmp_path / "state.json", b"{}")
    assert calls == ["fsync", "replace", "fsync"]
    assert (tmp_path / "state.json").read_bytes() == b"{}"
    assert not persistence.temporary_path(tmp_path / "state.json").exists()


def test_changes_during_a_slow_write_are_coalesced_into_the_next_one(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    registry = new_registry()
    writer = persistence.StateWriter(registry, str(path), delay=0)
    disk = threading.Event()
    writes = []
    real_write = persistence.write_atomically

    def slow_write(target, content):
        disk.wait(10)
        writes.append(content)
        real_write(target, content)

    monkeypatch.setattr(persistence, "write_atomically", slow_write)

    async def scenario():
        writer.start()
        for number in range(50):
            registry.create(workspace_id=f"ws-{number}")
            registry.changed(None)
            await asyncio.sleep(0.001)  # lets a due write start, as a busy server would
        disk.set()
        await writer.close()

    asyncio.run(scenario())
    # The first write, at most one more that gathered the changes made while it was stuck, and
    # the one at shutdown: not one write (and one snapshot held in memory) per change.
    assert 2 <= len(writes) <= 3
    assert set(documents(path)) == {"default", *(f"ws-{n}" for n in range(50))}


def test_a_workspace_that_cannot_be_snapshotted_keeps_its_last_version_and_blocks_no_other(tmp_path, caplog):
    path = tmp_path / "state.json"
    registry = new_registry()
    good = registry.create(workspace_id="good")
    bad = registry.create(workspace_id="bad")
    writer = persistence.StateWriter(registry, str(path), delay=0)

    def first():
        registry.changed(None)

    def break_bad_then_change_both():
        def unrenderable():
            raise OverflowError("int too big to convert")

        bad.snapshot = unrenderable
        bad.clock.advance("P10D")
        good.clock.advance("P1D")
        registry.changed(bad)
        registry.changed(good)
        registry.create(workspace_id="later")
        registry.changed(None)

    before = {}

    def remember():
        before.update(documents(path))

    with caplog.at_level(logging.ERROR, logger="mockserver.persistence"):
        assert run_writer(writer, first, remember, break_bad_then_change_both) == [True, True, True]
    after = documents(path)
    assert set(after) == {"default", "good", "bad", "later"}
    assert after["bad"] == before["bad"]
    assert after["good"]["clock"] != before["good"]["clock"]
    assert [r.getMessage() for r in caplog.records] == [
        "workspace 'bad' not written to the state file, its last written version is kept: "
        "OverflowError: int too big to convert"
    ]
    again = new_registry()
    persistence.load(again, str(path))
    assert set(again.workspaces) == {"default", "good", "bad", "later"}


def test_a_workspace_that_fails_after_a_restart_keeps_the_version_read_at_start_up(tmp_path):
    path = tmp_path / "state.json"
    registry = new_registry()
    registry.create(workspace_id="kept")
    run_writer(persistence.StateWriter(registry, str(path), delay=0), lambda: registry.changed(None))
    written = documents(path)["kept"]

    restarted = new_registry()
    loaded = persistence.load(restarted, str(path))
    restarted.workspaces["kept"].snapshot = lambda: {}["unrenderable"]
    writer = persistence.StateWriter(restarted, str(path), delay=0, loaded=loaded)
    run_writer(writer, lambda: restarted.changed(restarted.workspaces["kept"]))
    assert documents(path)["kept"] == written


def test_deleted_and_recreated_workspaces_are_written_as_they_are_now(tmp_path):
    path = tmp_path / "state.json"
    registry = new_registry()
    writer = persistence.StateWriter(registry, str(path), delay=0)

    def create():
        registry.create(workspace_id="a", seed=1)
        registry.create(workspace_id="b")
        registry.changed(None)

    def delete_and_recreate():
        registry.delete("b")
        registry.delete("a")
        registry.create(workspace_id="a", seed=2)
        registry.changed(None)

    run_writer(writer, create, delete_and_recreate)
    after = documents(path)
    assert set(after) == {"default", "a"}
    assert after["a"]["seed"] == 2


# -- start-up --------------------------------------------------------------------------------


def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty, not a state file (delete it to start afresh)"),
        (b'{"workspaces": {"1": {"id": "de', "is not JSON: "),
        (b"[1, 2]", "is not a state file: expected a JSON object of tables"),
        (b'{"workspaces": [1]}', "is not a state file: 'workspaces' must be an object of documents"),
        (
            b'{"workspaces": {"1": {"id": "x", "seed": 0, "state": 5}}}',
            "workspace 'x' cannot be loaded: a snapshot is an object with a 'state' object",
        ),
        (b'{"workspaces": {"1": {"seed": 0}}}', "workspace #1 cannot be loaded: no workspace id"),
    ],
)
def test_a_state_file_that_cannot_be_read_stops_the_server_with_one_line(tmp_path, content, problem):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    result = serve("--state-file", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"mockserver: --state-file: {path}: {problem}")
    assert path.read_bytes() == content  # never overwritten with an empty start


def test_a_state_file_that_cannot_be_opened_names_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    path.write_bytes(b"{}")

    def refused_read(self):
        raise PermissionError(13, "Permission denied")  # what a non-root user meets on a 0600 file

    monkeypatch.setattr(type(path), "read_bytes", refused_read)
    with pytest.raises(persistence.StateFileError) as refused:
        persistence.load(new_registry(), str(path))
    assert str(refused.value) == f"{path}: cannot be read: Permission denied"


def test_a_state_file_that_is_a_directory_is_refused(tmp_path):
    result = serve("--state-file", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"mockserver: --state-file: {tmp_path}: is a directory, not a state file"
    ]


def test_a_state_file_in_a_missing_directory_is_refused_at_start_up(tmp_path):
    path = tmp_path / "missing" / "state.json"
    result = serve("--state-file", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"mockserver: --state-file: {path}: cannot be written: directory {path.parent} does not exist"
    ]
    assert not path.parent.exists()


def test_a_state_file_under_a_regular_file_is_refused_at_start_up(tmp_path):
    (tmp_path / "file").write_text("x")
    path = tmp_path / "file" / "state.json"
    result = serve("--state-file", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"mockserver: --state-file: {path}: cannot be written: {path.parent} is not a directory"
    ]


def test_a_state_file_in_a_directory_that_refuses_files_is_refused(tmp_path, monkeypatch):
    real_open = open

    def refusing(file, mode="r", *args, **kwargs):
        if str(file).endswith(".tmp") and "w" in mode:
            raise PermissionError(13, "Permission denied")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing)
    with pytest.raises(persistence.StateFileError) as refused:
        persistence.check_writable(str(tmp_path / "state.json"))
    assert str(refused.value) == (
        f"{tmp_path / 'state.json'}: cannot be written: cannot create a file in {tmp_path}: Permission denied"
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--state-write-delay", "-1"],
            {},
            "mockserver: --state-write-delay: must be a number of seconds, 0 or more, got '-1'",
        ),
        (
            [],
            {"MOCKSERVER_STATE_WRITE_DELAY": "soon"},
            "mockserver: MOCKSERVER_STATE_WRITE_DELAY: must be a number of seconds, 0 or more, got 'soon'",
        ),
    ],
)
def test_a_bad_write_delay_is_one_line_and_exits_2(capsys, monkeypatch, args, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        main(["serve", *args])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == message + "\n"


# -- a running server ------------------------------------------------------------------------


def test_a_change_is_written_behind_without_a_shutdown_and_survives_sigkill(tmp_path):
    path = tmp_path / "state.json"
    server = RunningServer("--state-file", str(path), "--state-write-delay", "0.2")
    try:
        made = httpx.post(
            f"{server.url}/fakturan/api/v2/invoices",
            json={
                "client_id": 1,
                "rows": [{"product_name": "Durable", "product_price": "100", "amount": "2"}],
            },
            auth=FAKTURAN,
        )
        assert made.status_code == 201
        invoice = made.json()["data"]
        wait_for(lambda: path.exists() and b'"Durable"' in path.read_bytes())
        rule = httpx.post(
            f"{server.url}/_admin/workspaces/default/scenarios",
            json={
                "rules": [{"name": "kept-rule", "match": {"path": "/nowhere"}, "respond": {"status": 503}}]
            },
        )
        assert rule.status_code == 201
        wait_for(lambda: b'"kept-rule"' in path.read_bytes())
    finally:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
    again = RunningServer("--state-file", str(path))
    try:
        shown = httpx.get(f"{again.url}/fakturan/api/v2/invoices/{invoice['id']}", auth=FAKTURAN)
        assert shown.status_code == 200
        assert shown.json()["data"]["number"] == invoice["number"]
        rules = httpx.get(f"{again.url}/_admin/workspaces/default/scenarios").json()["rules"]
        assert [r["name"] for r in rules] == ["kept-rule"]
    finally:
        assert again.stop() == 0
    assert set(documents(path)) == {"default"}
    assert orjson.loads(path.read_bytes())["workspaces"]["1"]["id"] == "default"
