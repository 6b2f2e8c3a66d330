"""What a loopback control plane must refuse even though it needs no token.

Any web page the developer visits can send requests to 127.0.0.1: a cross-site form or
`text/plain` POST needs no CORS permission, and a DNS-rebinding page (its own name, re-pointed at
127.0.0.1) can even read the answers. So, before any route runs:
- an `Origin` other than the sandbox's own (same scheme, host and port) is refused, 403;
- on loopback, a `Host` that is not a loopback name (localhost, *.localhost, 127.x, [::1]) or
  the configured `--host` is refused, 403: a rebinding page's requests carry its own name.
  Beyond loopback the admin token guards instead, and any name may lead to the server;
- a body is only read as JSON (or YAML where scenarios take it), so a write with a body of any
  other content type is refused, 415: browsers cannot send those cross-site without CORS;
- a body over `max_body_bytes` is refused, 413, as the providers refuse theirs.
"""

from __future__ import annotations

import ipaddress
import re

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.bodies import BodyIncomplete, BodyTooLarge, read_body, replay

JSON_TYPES = frozenset({"application/json"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml"})
# The routes that read YAML as well as JSON (CONTRACT.md: scenarios, "YAML or JSON body").
_YAML_ROUTES = re.compile(r"/workspaces/[^/]+/scenarios/?$")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _split_host(value: str) -> tuple[str, int | None]:
    """`name:port`, `[::1]:port` or a bare name as (lower-case name, port or None)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest.removeprefix(":")
    else:
        name, _, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if port and not port.isdigit():
        raise ValueError(value)
    return name.rstrip("."), int(port) if port else None


def is_loopback_name(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _origin(value: str) -> tuple[str, str, int] | None:
    scheme, sep, rest = value.strip().lower().partition("://")
    if not sep or scheme not in _DEFAULT_PORTS or not rest or "/" in rest:
        return None
    try:
        name, port = _split_host(rest)
    except ValueError:
        return None
    return scheme, name, port or _DEFAULT_PORTS[scheme]


class Guard:
    """The checks above, around the whole control plane, answering in its error shape."""

    def __init__(self, app: ASGIApp, *, render, host: str, loopback_only: bool, max_body_bytes: int) -> None:
        self.app = app
        self.render = render  # (status, message) -> ASGI response
        self.host = host.strip("[]").lower()
        self.loopback_only = loopback_only
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            headers = _headers(scope)
            self._check_site(scope, headers)
            body = await self._read_body(receive, headers)
            if body and scope["method"] in _WRITES:
                self._check_type(scope, headers)
        except Refused as refused:
            await self.render(refused.status, refused.message)(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)

    def _check_site(self, scope: Scope, headers: dict[str, str]) -> None:
        raw_host = headers.get("host", "")
        if not raw_host:
            return  # HTTP/1.0 without Host: not a browser, which always names the host it asked
        try:
            host, port = _split_host(raw_host)
        except ValueError:
            raise Refused(403, f"Host {raw_host!r} is not a host name") from None
        if self.loopback_only and not (is_loopback_name(host) or host == self.host):
            raise Refused(
                403,
                f"Host {raw_host!r} refused: on loopback the control plane answers only to loopback "
                f"names (localhost, 127.0.0.1, [::1]) or --host",
            )
        origin = headers.get("origin")
        if origin is None:
            return
        scheme = scope.get("scheme", "http")
        own = (scheme, host, port or _DEFAULT_PORTS.get(scheme, 80))
        if _origin(origin) != own:
            raise Refused(403, f"cross-site request refused: Origin {origin!r} is not this sandbox's own")

    def _check_type(self, scope: Scope, headers: dict[str, str]) -> None:
        given = headers.get("content-type", "").partition(";")[0].strip().lower()
        allowed = JSON_TYPES
        if _YAML_ROUTES.search(scope["path"]):
            allowed = JSON_TYPES | YAML_TYPES
        if given not in allowed:
            names = " or ".join(sorted(allowed))
            shown = repr(given) if given else "none"
            raise Refused(
                415,
                f"a request body here must be sent as {names} (Content-Type was {shown}; "
                "with curl: -H 'content-type: application/json')",
            )

    async def _read_body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        try:
            return await read_body(receive, self.max_body_bytes, headers.get("content-length"))
        except BodyTooLarge:
            raise Refused(413, f"request body larger than {self.max_body_bytes} bytes") from None
        except BodyIncomplete:
            # Gone before the body was complete: answered for the record, never executed.
            raise Refused(400, "the request body ended before its end") from None


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
