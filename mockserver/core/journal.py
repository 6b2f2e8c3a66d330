"""The request journal: a capped ring buffer of what each workspace was asked and answered.

Recording is cheap (raw bytes and header lists are kept as they came); decoding into the JSON the
control plane shows happens only when someone reads the journal.
"""

from __future__ import annotations

import fnmatch
from collections import deque
from dataclasses import dataclass, field

import orjson

BODY_PREVIEW_BYTES = 64 * 1024


@dataclass(slots=True)
class JournalEntry:
    id: int
    at: str
    provider: str
    method: str
    path: str
    query: str
    status: int = 0
    duration_ms: float = 0.0
    request_headers: list = field(default_factory=list)
    request_body: bytes = b""
    response_headers: list = field(default_factory=list)
    response_body: bytes = b""
    rule: str | None = None
    outbound: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "provider": self.provider,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 3),
            "request": {"headers": _headers(self.request_headers), "body": _body(self.request_body)},
            "response": {"headers": _headers(self.response_headers), "body": _body(self.response_body)},
            "rule": self.rule,
            "outbound": self.outbound,
        }


def _headers(raw: list) -> dict:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in raw}


def _body(raw: bytes):
    if not raw:
        return None
    preview = raw[:BODY_PREVIEW_BYTES]
    try:
        return orjson.loads(preview)
    except orjson.JSONDecodeError:
        text = preview.decode("utf-8", errors="replace")
        return text + ("…" if len(raw) > BODY_PREVIEW_BYTES else "")


class Journal:
    """One workspace's journal, newest last internally and newest first when listed."""

    def __init__(self, capacity: int = 1000) -> None:
        self.entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._next_id = 0

    def start(self, **fields) -> JournalEntry:
        self._next_id += 1
        entry = JournalEntry(id=self._next_id, **fields)
        self.entries.append(entry)
        return entry

    def clear(self) -> None:
        self.entries.clear()

    def query(
        self,
        *,
        provider: str | None = None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """Newest first. `path` is a glob (`*/invoices*`) or, without wildcards, a prefix."""
        found = []
        for entry in reversed(self.entries):
            if provider and entry.provider != provider:
                continue
            if method and entry.method != method.upper():
                continue
            if status and entry.status != status:
                continue
            if path and not _path_matches(entry.path, path):
                continue
            found.append(entry.to_dict())
            if limit and len(found) >= limit:
                break
        return found


def _path_matches(actual: str, pattern: str) -> bool:
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(actual, pattern)
    return actual.startswith(pattern)
