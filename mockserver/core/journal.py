"""The request journal: a capped ring buffer of what each workspace was asked and answered.

Recording is cheap (raw bytes, header lists and the clock's instant are kept as they came);
masking secrets, formatting the instant and decoding into the JSON the control plane shows
happen only when someone reads the journal.
"""

from __future__ import annotations

import fnmatch
import functools
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from mockserver.core.clock import format_instant

BODY_LIMIT = 64 * 1024
BYTE_LIMIT = 32 * 1024 * 1024  # bodies kept by one workspace's journal in all
MASK = "***"
# Headers that carry credentials or sessions; masked unless --journal-show-secrets. Conta's
# `apiKey` header is a credential too, so any name with key, token, secret or password is one.
_SECRET_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie", b"set-cookie"})
_SECRET_WORDS = (b"key", b"token", b"secret", b"password", b"session")


@functools.lru_cache(maxsize=4096)  # a client sends the same few names on every request
def is_secret(name: bytes) -> bool:
    name = name.lower()
    return name in _SECRET_HEADERS or any(word in name for word in _SECRET_WORDS)


def mask_headers(raw: list) -> list:
    """Header pairs with secret values replaced; an Authorization keeps its scheme (`Basic ***`),
    which says what kind of credential was sent without saying which."""
    if not any(is_secret(name) for name, _ in raw):
        return raw
    masked = []
    for name, value in raw:
        if is_secret(name):
            scheme, space, _ = value.partition(b" ")
            value = (
                scheme + b" " if space and name.lower().endswith(b"authorization") else b""
            ) + MASK.encode()
        masked.append((name, value))
    return masked


@dataclass(slots=True)
class JournalEntry:
    """One exchange. Bodies are kept up to `body_limit` bytes (their full size beside them);
    `response_body` is a property so that a caller appending the answer chunk by chunk is capped
    without knowing it. Headers are kept raw and masked when shown (`to_dict`)."""

    id: int
    at: str | datetime  # the workspace clock's instant, formatted when shown
    provider: str
    method: str
    path: str
    query: str
    status: int = 0
    duration_ms: float = 0.0
    request_headers: list = field(default_factory=list)
    request_body: bytes = b""
    rule: str | None = None
    outbound: list = field(default_factory=list)
    body_limit: int = BODY_LIMIT
    show_secrets: bool = False
    request_size: int = 0
    response_size: int = 0
    kept_response_headers: list = field(default_factory=list)
    kept_response_body: bytes = b""

    @property
    def response_body(self) -> bytes:
        return self.kept_response_body

    @response_body.setter
    def response_body(self, value: bytes) -> None:
        kept = self.kept_response_body
        if len(kept) < len(value) and value.startswith(kept):
            self.response_size += len(value) - len(kept)  # `entry.response_body += chunk`
        else:
            self.response_size = len(value)
        self.kept_response_body = value[: self.body_limit]

    @property
    def response_headers(self) -> list:
        return self.kept_response_headers

    @response_headers.setter
    def response_headers(self, value: list) -> None:
        self.kept_response_headers = value

    def answered(self, status: int, headers: list, body: bytes) -> None:
        """The whole answer at once (the gateway's usual case), instead of chunk by chunk."""
        self.status = status
        self.kept_response_headers = headers
        self.kept_response_body = body[: self.body_limit]
        self.response_size = len(body)

    def to_dict(self) -> dict:
        shown = _headers if self.show_secrets else _masked
        at = self.at
        return {
            "id": self.id,
            "at": at if isinstance(at, str) else format_instant(at),
            "provider": self.provider,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 3),
            "request": _side(shown(self.request_headers), self.request_body, self.request_size),
            "response": _side(shown(self.kept_response_headers), self.kept_response_body, self.response_size),
            "rule": self.rule,
            "outbound": self.outbound,
        }


def _side(headers: dict, body: bytes, size: int) -> dict:
    shown = {"headers": headers, "body": _body(body, truncated=size > len(body))}
    if size > len(body):
        shown["truncated"] = {"size": size, "kept": len(body)}
    return shown


def _headers(raw: list) -> dict:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in raw}


def _masked(raw: list) -> dict:
    return _headers(mask_headers(raw))


def _body(raw: bytes, *, truncated: bool):
    if not raw:
        return None
    if not truncated:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return raw.decode("utf-8", errors="replace")


def _kept(entry: JournalEntry) -> int:
    return len(entry.request_body) + len(entry.kept_response_body)


class Journal:
    """One workspace's journal, newest last internally and newest first when listed."""

    def __init__(
        self,
        capacity: int = 1000,
        *,
        body_limit: int = BODY_LIMIT,
        show_secrets: bool = False,
        byte_limit: int = BYTE_LIMIT,
    ) -> None:
        self.entries: deque[JournalEntry] = deque()
        self.capacity = capacity
        self.body_limit = body_limit
        self.show_secrets = show_secrets
        self.byte_limit = byte_limit
        self._next_id = 0
        self._bytes = 0  # bodies kept by the entries before the newest (whose answer may still come)

    def start(
        self,
        at: str | datetime,
        provider: str,
        method: str,
        path: str,
        query: str,
        request_headers: list | None = None,
        request_body: bytes = b"",
    ) -> JournalEntry:
        """A new entry, its request body capped (its headers are masked when shown)."""
        self._next_id += 1
        # Every field given in order: the dataclass's keyword and default-factory handling is a
        # measurable part of a request's cost.
        entry = JournalEntry(
            self._next_id,
            at,
            provider,
            method,
            path,
            query,
            0,
            0.0,
            request_headers if request_headers is not None else [],
            request_body[: self.body_limit],
            None,
            [],
            self.body_limit,
            self.show_secrets,
            len(request_body),
            0,
            [],
            b"",
        )
        if self.entries:
            self._bytes += _kept(self.entries[-1])
        self.entries.append(entry)
        # Oldest out first, by count and by the bytes the bodies hold, always keeping the newest.
        while len(self.entries) > 1 and (len(self.entries) > self.capacity or self._bytes > self.byte_limit):
            self._bytes -= _kept(self.entries.popleft())
        if self.capacity == 0:
            self.entries.clear()
        return entry

    def clear(self) -> None:
        self.entries.clear()
        self._bytes = 0

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
