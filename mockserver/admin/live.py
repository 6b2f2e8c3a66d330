"""`GET /_admin/workspaces/{id}/events`: the dashboard's live feed, as server-sent events.

Events: `request` (a journal entry, once its answer is complete), `clock`, `scenarios` (the
rules with their hit counts) and `workspaces`, each sent when it changes. The stream looks at
the workspace every TICK seconds: reading a few in-memory values is cheaper than hooks in the
request path, and a tenth of a second is near-instant for a person watching. It ends when the
client goes away, when the workspace is deleted, or after MAX_SECONDS (EventSource-style
clients reconnect), so no stream outlives a shutdown for long.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from mockserver.admin.routes import registry_of, workspace_from
from mockserver.core.journal import JournalEntry

TICK = 0.1
KEEPALIVE_TICKS = 150
MAX_SECONDS = 600


def event(name: str, data) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


class JournalFollower:
    """Hands out each journal entry once, when complete (the gateway sets its duration last),
    in the order the requests came in."""

    def __init__(self, entries) -> None:
        self.seen = max((entry.id for entry in entries), default=0)
        self.pending: dict[int, JournalEntry] = {}

    def completed(self, entries) -> list[JournalEntry]:
        for entry in reversed(entries):
            if entry.id <= self.seen:
                break
            self.pending[entry.id] = entry
        if self.pending:
            self.seen = max(self.seen, max(self.pending))
        done = [entry for _, entry in sorted(self.pending.items()) if entry.duration_ms]
        for entry in done:
            del self.pending[entry.id]
        return done


def _changes(workspace, registry, last: dict) -> list[bytes]:
    """The clock, rules and workspace list, each sent when it differs from what was sent."""
    current = {
        "clock": workspace.clock.to_dict(),
        "scenarios": {"rules": [rule.listing() for rule in workspace.scenarios]},
        "workspaces": {"workspaces": [ws.describe() for ws in registry.workspaces.values()]},
    }
    clock = current["clock"]
    # A running clock is compared to the second: the page counts the milliseconds itself.
    signatures = {**current, "clock": (clock["now"][:19], clock["start"], clock["frozen"])}
    sent = []
    for name, value in current.items():
        if last.get(name) != signatures[name]:
            last[name] = signatures[name]
            sent.append(event(name, value))
    return sent


async def events(request: Request) -> StreamingResponse:
    workspace = workspace_from(request)
    registry = registry_of(request)

    async def stream() -> AsyncIterator[bytes]:
        follower = JournalFollower(workspace.journal.entries)
        last: dict = {}
        quiet = 0
        for _ in range(int(MAX_SECONDS / TICK)):
            if registry.workspaces.get(workspace.id) is not workspace:
                yield event("gone", {"id": workspace.id})
                return
            chunks = [event("request", e.to_dict()) for e in follower.completed(workspace.journal.entries)]
            chunks += _changes(workspace, registry, last)
            quiet = 0 if chunks else quiet + 1
            if quiet >= KEEPALIVE_TICKS:
                chunks, quiet = [b": keep-alive\n\n"], 0
            if chunks:
                yield b"".join(chunks)
            await asyncio.sleep(TICK)

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


ROUTES = [Route("/workspaces/{id}/events", events, methods=["GET"])]
