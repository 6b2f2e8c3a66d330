"""`--state-file`: every workspace's state, clock, credentials and rules kept across restarts.

The file keeps TinyDB's JSON layout (`{"workspaces": {"1": document, ...}}`, one document per
workspace), so it stays plain JSON that TinyDB and people can read. TinyDB itself only writes by
truncating the file and dumping everything again, which a crash turns into an empty file, so
this module writes that layout itself:

- **Behind, within a bounded delay.** `Registry.changed` marks a workspace dirty and starts a
  timer (`--state-write-delay`, 1 s by default); when it fires, the dirty workspaces are
  snapshotted on the event loop (a snapshot is a private deep copy, so the loop may go on
  changing state) and a single writer thread serialises and writes them. Later changes do not
  push the timer back, so nothing waits longer than the delay plus one write. On shutdown the
  last changes are written before the process exits.
- **Atomically.** A temporary file beside the state file, flushed and fsynced, renamed over it,
  then the directory fsynced: a crash leaves the old file or the new one, never half of one.
- **Per workspace.** Each workspace's document is serialised on its own and kept; one that cannot
  be snapshotted is logged and its last written version stays in the file, so one bad workspace
  never blocks the others.
- **Loudly.** A file that cannot be read, or a path that cannot be written, is refused at start-up
  (`StateFileError`, one line naming the file) instead of starting empty and overwriting it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import orjson

from mockserver.core.workspaces import DEFAULT_ID, Registry, Workspace

logger = logging.getLogger("mockserver.persistence")

TABLE = "workspaces"
# After a failed write (disk full, directory gone) the next attempt waits at least this long, so
# a broken disk costs one log line a second, not a busy loop.
RETRY_SECONDS = 1.0


class StateFileError(Exception):
    """The state file cannot be read or its path cannot be written; `str()` is one line that
    names the file and the problem."""


# -- reading ---------------------------------------------------------------------------------


def _documents(path: Path) -> list[dict]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except IsADirectoryError:
        raise StateFileError(f"{path}: is a directory, not a state file") from None
    except OSError as exc:
        raise StateFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        # What an interrupted non-atomic save leaves behind: starting empty would then overwrite
        # whatever the user still hoped to recover.
        raise StateFileError(f"{path}: is empty, not a state file (delete it to start afresh)")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StateFileError(f"{path}: is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise StateFileError(f"{path}: is not a state file: expected a JSON object of tables")
    table = data.get(TABLE, {})
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise StateFileError(f"{path}: is not a state file: {TABLE!r} must be an object of documents")
    return list(table.values())


def _one_line(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return text.splitlines()[0] if text.strip() else type(exc).__name__


def load(registry: Registry, path: str) -> list[dict]:
    """Re-create the workspaces saved in `path`; returns their documents. A missing file is no
    error, anything else that keeps a document from loading is a StateFileError."""
    documents = _documents(Path(path))
    for number, document in enumerate(documents, 1):
        workspace_id = document.get("id")
        try:
            if not isinstance(workspace_id, str) or not workspace_id:
                raise ValueError("no workspace id")
            seed = document.get("seed")
            if not isinstance(seed, int) or isinstance(seed, bool):
                raise ValueError("seed must be an integer")
            credentials = document.get("credentials", {})
            if not isinstance(credentials, dict):
                raise ValueError("credentials must be an object")
            for name, provider in registry.providers.items():
                credentials.setdefault(name, provider.new_credentials(workspace_id))
            workspace = registry.load(workspace_id, seed, credentials, document)
            workspace.scenarios.restore(document.get("scenarios", []))
        except Exception as exc:  # whatever it is, the user needs the file and the workspace named
            name = repr(workspace_id) if isinstance(workspace_id, str) else f"#{number}"
            raise StateFileError(f"{path}: workspace {name} cannot be loaded: {_one_line(exc)}") from None
    return documents


# -- writing ---------------------------------------------------------------------------------


def temporary_path(path: Path) -> Path:
    """One fixed name beside the state file: a crash mid-write leaves at most this one file,
    which the next write replaces."""
    return path.with_name(path.name + ".tmp")


def _fsync_directory(directory: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a directory; its rename is durable enough
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, content: bytes) -> None:
    """`path` holds `content` afterwards, or (after a crash at any point) what it held before."""
    temporary = temporary_path(path)
    with open(temporary, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    _fsync_directory(path.parent)


def check_writable(path: str) -> None:
    """Refuses, at start-up, a state file that could never be written: it is better to fail
    before serving than to lose every change at the first write."""
    target = Path(path)
    directory = target.parent
    if target.is_dir():
        raise StateFileError(f"{target}: is a directory, not a state file")
    if not directory.exists():
        raise StateFileError(f"{target}: cannot be written: directory {directory} does not exist")
    if not directory.is_dir():
        raise StateFileError(f"{target}: cannot be written: {directory} is not a directory")
    probe = temporary_path(target)
    try:
        with open(probe, "wb") as file:
            file.write(b"{}")
        probe.unlink()
    except OSError as exc:
        raise StateFileError(
            f"{target}: cannot be written: cannot create a file in {directory}: {exc.strerror or exc}"
        ) from None


def render(documents: list[bytes]) -> bytes:
    """TinyDB's layout, one workspace per line."""
    rows = b",\n".join(b'"%d": %s' % (number, doc) for number, doc in enumerate(documents, 1))
    return b'{"%s": {\n%s\n}}\n' % (TABLE.encode(), rows)


def snapshot_of(workspace: Workspace) -> dict:
    snapshot = workspace.snapshot()
    snapshot["scenarios"] = workspace.scenarios.to_data()
    return snapshot


def _not_written(workspace_id: str, exc: Exception) -> None:
    logger.error(
        "workspace %r not written to the state file, its last written version is kept: %s: %s",
        workspace_id,
        type(exc).__name__,
        _one_line(exc),
    )


@dataclass
class Batch:
    """What the loop hands the writer thread: the workspaces that exist, in order, and fresh
    snapshots of those that changed (the others keep the document written last time)."""

    order: list[str]
    snapshots: dict[str, dict]


class StateWriter:
    """Writes the registry to `path` behind its changes; `start` on the event loop that serves
    requests, `close` on shutdown. Until `start`, changes are only remembered."""

    def __init__(
        self, registry: Registry, path: str, *, delay: float = 1.0, loaded: Sequence[dict] = ()
    ) -> None:
        self.registry = registry
        self.path = Path(path)
        self.delay = delay
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        self._writes = 0  # handed to the writer thread and not finished
        self._pending = False  # a change (or a failed write) not yet handed to the writer
        self._since = 0.0  # when the oldest of those happened (time.monotonic)
        # Loop side: workspaces changed since their last snapshot, and the object each id had when
        # it was last snapshotted (a workspace deleted and re-created under its id is new).
        self._dirty: dict[str, Workspace] = {}
        self._known: dict[str, Workspace] = {}
        # Writer-thread side: the last document serialised for each workspace, starting with the
        # ones read at start-up, so a workspace that cannot be snapshotted keeps its old version.
        self._written: dict[str, bytes] = {}
        for document in loaded:
            self._written[document["id"]] = orjson.dumps(document)
            # The file already holds these as they are now, so the first write need not snapshot
            # them all again; the default workspace is re-snapshotted, as start-up scenario files
            # are loaded into it after the state file.
            if document["id"] != DEFAULT_ID and document["id"] in registry.workspaces:
                self._known[document["id"]] = registry.workspaces[document["id"]]
        registry.on_change(self.changed)

    # -- on the event loop ---------------------------------------------------------------------

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mockserver-state")
        self._schedule()

    def changed(self, workspace: Workspace | None) -> None:
        """A workspace changed (None: the set of workspaces did); it is written within the delay."""
        loop = self._loop
        if loop is not None and threading.get_ident() != self._loop_thread:
            loop.call_soon_threadsafe(self.changed, workspace)
            return
        if workspace is not None:
            self._dirty[workspace.id] = workspace
        if not self._pending:
            self._pending, self._since = True, time.monotonic()
        if loop is not None:
            self._schedule()

    def _schedule(self, at_least: float = 0.0) -> None:
        """A write `delay` after the oldest change not yet written. While one is under way no
        other is queued: its end schedules the next, so a slow disk coalesces changes into fewer
        writes instead of piling up snapshots."""
        if self._timer is None and not self._writes and self._pending and not self._closed:
            assert self._loop is not None  # only scheduled once started
            wait = max(at_least, self._since + self.delay - time.monotonic(), 0.0)
            self._timer = self._loop.call_later(wait, self._flush)

    def _flush(self) -> None:
        self._timer = None
        self._submit().add_done_callback(self._written_or_failed)

    def _submit(self) -> asyncio.Future:
        assert self._loop is not None  # only written once started
        batch = self._collect()
        self._writes += 1
        return self._loop.run_in_executor(self._executor, self._write, batch)

    def _written_or_failed(self, future: asyncio.Future) -> None:
        self._writes -= 1
        error = None if future.cancelled() else future.exception()
        if error is not None:
            logger.error("state file %s not written: %r", self.path, error)
        if future.cancelled() or error is not None or future.result() is False:
            # The writer keeps every document it has; asking for another write is enough to retry.
            if not self._pending:
                self._pending, self._since = True, time.monotonic()
            self._schedule(at_least=RETRY_SECONDS)
        else:
            self._schedule()

    def _collect(self) -> Batch:
        current = dict(self.registry.workspaces)
        dirty, self._dirty, self._pending = self._dirty, {}, False
        snapshots = {}
        for workspace_id, workspace in current.items():
            if self._known.get(workspace_id) is workspace and workspace_id not in dirty:
                continue
            try:
                snapshots[workspace_id] = snapshot_of(workspace)
            except Exception as exc:
                _not_written(workspace_id, exc)
                continue
            self._known[workspace_id] = workspace
        for gone in self._known.keys() - current.keys():
            del self._known[gone]
        return Batch(list(current), snapshots)

    async def write_now(self) -> bool:
        """Writes every change so far, after any write still under way; False if it failed."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        future = self._submit()
        future.add_done_callback(self._written_or_failed)
        return await future

    async def close(self) -> None:
        """The last write; later changes are no longer written."""
        if self._loop is None or self._executor is None:
            return
        self._closed = True
        try:
            await self.write_now()
        finally:
            self._executor.shutdown(wait=True)

    # -- on the writer thread ------------------------------------------------------------------

    def _write(self, batch: Batch) -> bool:
        for workspace_id, snapshot in batch.snapshots.items():
            try:
                self._written[workspace_id] = orjson.dumps(snapshot)
            except Exception as exc:
                _not_written(workspace_id, exc)
        self._written = {key: self._written[key] for key in batch.order if key in self._written}
        try:
            write_atomically(self.path, render(list(self._written.values())))
        except OSError as exc:
            logger.error("state file %s not written, retrying: %s", self.path, exc.strerror or exc)
            return False
        return True
