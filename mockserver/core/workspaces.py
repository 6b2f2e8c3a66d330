"""Workspaces: isolated worlds, each with its own credentials, data, clock, journal and scenarios.

Requests find their workspace by the credentials they carry (`Registry.find`). Seeded state is
built once per (provider, seed, clock start) and copied into each workspace that needs it, so
creating, forking and resetting a workspace costs a copy, not a run of Faker.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from mockserver.core import collector, snapshots
from mockserver.core.clock import Clock, format_instant
from mockserver.core.journal import Journal
from mockserver.core.outbox import Outbox
from mockserver.core.scenarios.rules import ScenarioSet
from mockserver.core.seeding import Seeding, StaleRecording, recorded_answers
from mockserver.core.store import Store, copy_state

if TYPE_CHECKING:
    from mockserver.core.providers import Provider

log = logging.getLogger("mockserver.workspaces")
DEFAULT_ID = "default"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class WorkspaceError(Exception):
    """A control-plane request that cannot be honoured; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Workspace:
    """One isolated world. Provider state is seeded lazily, on first use."""

    def __init__(
        self, registry: Registry, workspace_id: str, seed: int, clock_start: datetime, credentials: dict
    ) -> None:
        self.registry = registry
        self.id = workspace_id
        self.seed = seed
        self.credentials = credentials
        self.clock = Clock(clock_start)
        self.journal = Journal(registry.journal_capacity, **registry.journal_options)
        self.scenarios = ScenarioSet(seed)
        self.outbox = Outbox()
        self.last_used = time.perf_counter()  # by a request or the control plane
        self._stores: dict[str, Store] = {}

    def store(self, provider: str) -> Store:
        """The provider's store in this workspace, seeded on first use (a copy-on-write fork of
        the seeded store: untouched tables are shared, not copied)."""
        found = self._stores.get(provider)
        if found is None:
            found = self._stores[provider] = self.registry.seeded_store(provider, self.seed, self.clock.start)
        return found

    def state(self, provider: str) -> dict:
        return self.store(provider).state

    def all_states(self) -> dict[str, dict]:
        return {name: self.state(name) for name in self.registry.providers}

    def _set_states(self, states: dict[str, dict]) -> None:
        self._stores = {name: self.registry.new_store(name, state) for name, state in states.items()}

    def reset(self) -> None:
        """Back to the seeded state: data, clock and journal. Scenario rules stay loaded, their
        counters, rate-limit windows and random sequences start over."""
        self._stores = {}
        self.clock.reset()
        self.journal.clear()
        self.outbox.clear()
        self.scenarios.reset()

    def describe(self) -> dict:
        return {
            "id": self.id,
            "seed": self.seed,
            "clock_start": format_instant(self.clock.start),
            "credentials": self.credentials,
        }

    def snapshot(self) -> dict:
        return {**self.describe(), "clock": self.clock.to_dict(), "state": copy_state(self.all_states())}

    def restore(self, snapshot: dict) -> None:
        """Replace state and clock from a snapshot; validated whole before anything changes."""
        if not isinstance(snapshot, dict) or not isinstance(snapshot.get("state"), dict):
            raise WorkspaceError(
                422, "a snapshot is an object with a 'state' object, as GET .../snapshot returns"
            )
        states = snapshot["state"]
        unknown = sorted(set(states) - set(self.registry.providers))
        if unknown:
            raise WorkspaceError(422, f"unknown provider(s) in state: {', '.join(unknown)}")
        bad = [name for name, value in states.items() if not isinstance(value, dict)]
        if bad:
            raise WorkspaceError(422, f"state of {', '.join(bad)} must be an object")
        snapshots.check_states(states)
        clock = None
        if snapshot.get("clock") is not None:
            try:
                clock = Clock.from_dict(snapshot["clock"])
            except (KeyError, TypeError, ValueError) as error:
                raise WorkspaceError(422, f"clock: {error}") from None
        self._set_states(copy_state(states))
        if clock is not None:
            self.clock = clock


class Registry:
    """All workspaces of one server and the credential index that routes requests to them."""

    def __init__(
        self,
        providers: list[Provider],
        *,
        default_seed: int = 0,
        clock_start: datetime,
        journal_capacity: int = 1000,
        journal_options: dict | None = None,
        idle_timeout: float = 0.0,
    ) -> None:
        self.providers = {provider.name: provider for provider in providers}
        self.default_seed = default_seed
        self.clock_start = clock_start
        self.journal_capacity = journal_capacity
        self.journal_options = journal_options or {}  # Journal's body_limit, show_secrets, byte_limit
        self.idle_timeout = idle_timeout  # seconds; 0: workspaces are never evicted
        self.workspaces: dict[str, Workspace] = {}
        self._index: dict[tuple[str, str], Workspace] = {}
        self._seeded: dict[tuple[str, int, datetime], Store] = {}
        self._listeners: list[Callable[[Workspace | None], None]] = []
        defaults = {name: dict(p.default_credentials) for name, p in self.providers.items()}
        self.default = self._add(Workspace(self, DEFAULT_ID, default_seed, clock_start, defaults))

    # -- seeding -------------------------------------------------------------------------------

    def seeded_store(self, provider: str, seed: int, clock_start: datetime) -> Store:
        """A fork of the provider's seeded store, which is built once per seed and clock start
        and never written itself."""
        key = (provider, seed, clock_start)
        seeded = self._seeded.get(key)
        if seeded is None:
            handler = self.providers[provider]
            recorded = recorded_answers(handler.recorded_answers, seed)
            try:
                state = handler.seed(Seeding(seed, provider, handler.locale, clock_start, recorded))
            except StaleRecording as stale:
                log.warning(
                    "%s: Faker's recorded answers are stale (%s); seeding with Faker", provider, stale
                )
                state = handler.seed(Seeding(seed, provider, handler.locale, clock_start))
            seeded = self._seeded[key] = self.new_store(provider, state)
            collector.seeded()  # never written, kept for good: out of the collector's full passes
        return seeded.fork()

    def new_store(self, provider: str, state: dict) -> Store:
        declared = self.providers[provider]
        return Store(state, unique=declared.unique, indexed=declared.indexed)

    # -- routing -------------------------------------------------------------------------------

    def find(self, provider: str, key: str | None) -> Workspace | None:
        return self._index.get((provider, key)) if key is not None else None

    def _add(self, workspace: Workspace) -> Workspace:
        self.workspaces[workspace.id] = workspace
        for name, provider in self.providers.items():
            for key in provider.credential_keys(workspace.credentials[name]):
                self._index[(name, key)] = workspace
        return workspace

    # -- changes -------------------------------------------------------------------------------

    def on_change(self, listener: Callable[[Workspace | None], None]) -> None:
        self._listeners.append(listener)

    def changed(self, workspace: Workspace | None = None) -> None:
        """Called after a request that may have written `workspace` (None: that may have added or
        removed workspaces), so that listeners such as the state file writer pick it up."""
        for listener in self._listeners:
            listener(workspace)

    # -- lifecycle -----------------------------------------------------------------------------

    def get(self, workspace_id: str) -> Workspace:
        try:
            return self.workspaces[workspace_id]
        except KeyError:
            raise WorkspaceError(404, f"no workspace {workspace_id!r}") from None

    def create(
        self,
        *,
        seed: int | None = None,
        source: str | None = None,
        clock_start: datetime | None = None,
        workspace_id: str | None = None,
    ) -> Workspace:
        """A fresh workspace from a seed, or a fork of `source`'s current state and clock."""
        self.evict_idle()
        if workspace_id is not None:
            if not _ID_PATTERN.match(workspace_id):
                raise WorkspaceError(422, "id must be 1-64 letters, digits, '.', '_' or '-'")
            if workspace_id in self.workspaces:
                raise WorkspaceError(409, f"workspace {workspace_id!r} already exists")
        origin = self.get(source) if source is not None else None
        workspace_id = workspace_id or "ws_" + secrets.token_hex(6)
        if seed is None:
            seed = origin.seed if origin else self.default_seed
        start = clock_start or (origin.clock.start if origin else self.clock_start)
        credentials = {name: p.new_credentials(workspace_id) for name, p in self.providers.items()}
        workspace = Workspace(self, workspace_id, seed, start, credentials)
        if origin is not None:
            workspace._stores = {name: store.fork() for name, store in origin._stores.items()}
            workspace.clock = Clock.from_dict(origin.clock.to_dict())
        return self._add(workspace)

    def delete(self, workspace_id: str) -> None:
        if workspace_id == DEFAULT_ID:
            raise WorkspaceError(409, "the default workspace cannot be deleted; reset it instead")
        workspace = self.workspaces.pop(self.get(workspace_id).id)
        for name, provider in self.providers.items():
            for key in provider.credential_keys(workspace.credentials[name]):
                if self._index.get((name, key)) is workspace:
                    del self._index[(name, key)]

    def evict_idle(self, now: float | None = None) -> list[str]:
        """Delete the workspaces no request has used for `idle_timeout` seconds (never the
        default one); their ids."""
        if not self.idle_timeout:
            return []
        now = time.perf_counter() if now is None else now
        idle = [
            ws.id
            for ws in self.workspaces.values()
            if ws.id != DEFAULT_ID and now - ws.last_used > self.idle_timeout
        ]
        for workspace_id in idle:
            self.delete(workspace_id)
        if idle:
            self.changed(None)
        return idle

    def load(self, workspace_id: str, seed: int, credentials: dict, snapshot: dict) -> Workspace:
        """Re-create a persisted workspace with its own credentials (used at start-up)."""
        if workspace_id == DEFAULT_ID:
            workspace = self.default
        else:
            workspace = Workspace(self, workspace_id, seed, self.clock_start, credentials)
            self._add(workspace)
        workspace.restore(snapshot)
        return workspace
