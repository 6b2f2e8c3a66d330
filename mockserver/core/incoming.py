"""A request as the gateway has buffered it, before any provider code parsed it.

Everything derived from it (credentials, a parsed form, the query) is computed once and kept
on it (`once`), so the gateway's credential lookup, the provider's parser and the journal read
the same parse instead of three.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

T = TypeVar("T")
_UNSET: Any = object()


@dataclass(slots=True)
class Incoming:
    method: str
    path: str  # below the provider's prefix: "/api/v2/clients/1"
    query_string: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    prefix: str = ""  # the provider's prefix: "/fakturan"
    # The ASGI scope it came in, for `base_url`: most answers carry no link, so the URL is
    # worked out only when one asks for it.
    scope: Mapping[str, Any] | None = None
    memo: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return None

    @property
    def base_url(self) -> str:
        """The provider's root as the client addressed it: "http://host:8080/fakturan"."""
        return self.once("base_url", lambda: base_url_of(self.scope or {}, self.prefix))

    @property
    def full_path(self) -> str:
        """The path as the sandbox serves it, prefix included (what scenario globs match)."""
        return self.prefix + self.path

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for, the kept value after."""
        value = self.memo.get(key, _UNSET)  # not try/except: the first ask of each request misses
        if value is _UNSET:
            value = self.memo[key] = compute()
        return value

    @property
    def query(self) -> dict[str, str]:
        """The query string's parameters, the last value of a repeated name winning (as Rails
        and PHP read them)."""
        return self.once(
            "query", lambda: dict(parse_qsl(self.query_string.decode("latin-1"), keep_blank_values=True))
        )


def base_url_of(scope: Mapping[str, Any], prefix: str) -> str:
    """The provider's root URL as the client addressed it: with its prefix under the main port,
    without it under `--provider-port`."""
    host = None
    for key, value in scope.get("headers", ()):
        if key == b"host":
            host = value.decode("latin-1")
            break
    if host is None:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    root = "" if scope.get("mockserver.at_root") else prefix
    return f"{scope.get('scheme', 'http')}://{host}{root}"
