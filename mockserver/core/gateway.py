"""The gateway in front of every provider: pure ASGI, one per provider mount.

For each request it buffers the body (refusing oversized, truncated or stalled ones in the
provider's words), finds the workspace by the credentials the request carries, lets the provider
catch up with the workspace's clock, asks the workspace's scenario rules whether one fires (only
when it has any), runs the provider or the rule's effect, and records the exchange, the rule and
what the provider would have sent out in the journal and the workspace's outbox.
"""

from __future__ import annotations

import time

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from mockserver.core import access_log
from mockserver.core.bodies import BodyIncomplete, BodyTooLarge, read_body, read_body_within, replay
from mockserver.core.clock import format_instant
from mockserver.core.incoming import Incoming
from mockserver.core.journal import JournalEntry
from mockserver.core.providers import INCOMING, OUTBOUND, WORKSPACE, Provider
from mockserver.core.scenarios import SERVER_SEND, play
from mockserver.core.workspaces import Registry

# HTTP versions whose requests carry a body only when Content-Length or Transfer-Encoding says
# so (RFC 9112 §6.3); under HTTP/2 and 3 a body may come without either.
_FRAMED = frozenset({"1.0", "1.1"})


class Gateway:
    """Routes one provider's requests to their workspace and journals them."""

    def __init__(
        self,
        provider: Provider,
        registry: Registry,
        *,
        max_body_bytes: int,
        timeout_hold: float = 30.0,
        body_timeout: float = 30.0,
    ) -> None:
        self.provider = provider
        self.registry = registry
        self.max_body_bytes = max_body_bytes
        self.timeout_hold = timeout_hold
        self.body_timeout = body_timeout
        self.app = provider.serve
        self.direct = provider.direct
        self.prefix = f"/{provider.name}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        provider = self.provider
        headers = scope["headers"]
        declared = chunked = None
        for key, value in headers:
            if key == b"content-length":
                declared = value.decode("latin-1")
            elif key == b"transfer-encoding":
                chunked = value
        if declared is None and chunked is None and scope.get("http_version", "1.1") in _FRAMED:
            body, refusal = b"", None  # HTTP/1 framing says there is none: nothing to wait for
        else:
            read = await self._read(declared, chunked, receive)
            if read is None:
                return  # nobody is left to answer, and half a body is never executed
            body, refusal = read
        incoming = Incoming(
            scope["method"],
            scope["path"].removeprefix(self.prefix) or "/",
            scope.get("query_string", b""),
            headers,
            body,
            self.prefix,
            scope,
        )
        workspace = self.registry.find(provider.name, provider.identify(incoming))
        authenticated = workspace is not None
        workspace = workspace or self.registry.default
        workspace.last_used = started
        now = workspace.clock.now()  # the request's instant: journal and catch-up read it once
        entry = workspace.journal.start(
            now,  # formatted when the journal is read
            provider.name,
            incoming.method,
            incoming.full_path,
            incoming.query_string.decode("latin-1"),
            headers,
            # Anyone can reach the default workspace's journal without credentials: it keeps
            # what they asked, not what they sent.
            body if authenticated else b"",
        )
        outbound: list = []
        refused = provider.error_response(*refusal) if refusal is not None else None
        if refused is None and not authenticated:
            refused = provider.unauthenticated(incoming)
        try:
            if refused is None:
                provider.on_clock(workspace, now)
                # One attribute check is all that scenarios cost a workspace without rules.
                fired = (
                    workspace.scenarios.select(provider.name, incoming, workspace.clock)
                    if workspace.scenarios.rules
                    else None
                )
                if fired is not None or not self.direct:
                    await self._serve(fired, incoming, scope, receive, send, entry, outbound, workspace)
                    return
                answer = provider.respond(workspace, incoming, outbound, now)
            else:
                answer = refused
            if type(answer).__call__ is Response.__call__ and answer.background is None:
                # A plain Response goes out as its two raw messages.
                entry.answered(answer.status_code, answer.raw_headers, answer.body)
                await send(
                    {
                        "type": "http.response.start",
                        "status": answer.status_code,
                        "headers": answer.raw_headers,
                    }
                )
                await send({"type": "http.response.body", "body": answer.body})
            else:
                await self._run(answer, scope, incoming, workspace, outbound, send, entry)
        finally:
            self._finish(workspace, incoming, entry, outbound, started, changed=refused is None)

    async def _read(
        self, declared: str | None, chunked, receive: Receive
    ) -> tuple[bytes, tuple | None] | None:
        """The whole body and, when it cannot be had, the refusal to answer instead (None when the
        client went away). A body that is declared is waited for under a timer; an empty one
        (`Content-Length: 0`, or none declared under HTTP/2) comes with the request's end."""
        try:
            if (declared is None or declared == "0") and chunked is None:
                return await read_body(receive, self.max_body_bytes), None
            return await read_body_within(receive, self.max_body_bytes, declared, self.body_timeout), None
        except BodyIncomplete:
            return None
        except BodyTooLarge:
            return b"", (413, f"request body larger than {self.max_body_bytes} bytes")
        except TimeoutError:
            return b"", (408, f"request body not received within {self.body_timeout:g} s")

    def _finish(
        self, workspace, incoming: Incoming, entry, outbound: list, started: float, *, changed
    ) -> None:
        """The journal entry completed (its duration last: the live view waits for it), what the
        request sent out put in the outbox, the state file told."""
        entry.outbound = outbound
        if outbound:
            at = format_instant(entry.at)
            for message in outbound:
                workspace.outbox.add(self.provider.name, message, at=at, request_id=entry.id)
        entry.duration_ms = (time.perf_counter() - started) * 1000
        if changed and incoming.method not in ("GET", "HEAD", "OPTIONS"):
            self.registry.changed(workspace)  # the state file is written behind
        access_log.emit(workspace.id, entry)

    async def _run(self, response: Response, scope, incoming, workspace, outbound, send, entry) -> None:
        """A response that is more than status, headers and body (a stream, one that reads the
        request) runs as an ASGI app, journaled as it goes out."""
        scope = {**scope, WORKSPACE: workspace, OUTBOUND: outbound, INCOMING: incoming}
        await response(scope, replay(incoming.body), journaled(send, entry))

    async def _serve(
        self, fired, incoming: Incoming, scope, receive, send, entry, outbound, workspace
    ) -> None:
        """The provider's own app, or the effect of the scenario rule that fired (with the
        server's `send`, through which a fault reaches the socket)."""
        body = incoming.body
        scope = {**scope, WORKSPACE: workspace, OUTBOUND: outbound, INCOMING: incoming, SERVER_SEND: send}
        send = journaled(send, entry)
        if fired is None:
            await self.app(scope, replay(body), send)
            return
        entry.rule = fired.rule.label
        await play(
            fired,
            provider=self.provider,
            run_app=lambda s: self.app(scope, replay(body), s),
            scope=scope,
            receive=receive,
            send=send,
            hold_seconds=self.timeout_hold,
        )


def journaled(send: Send, entry: JournalEntry) -> Send:
    """`send`, recording the answer in `entry` as it goes out (chunk by chunk, if streamed)."""

    async def journaled_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry.status = message["status"]
            entry.response_headers = message.get("headers", [])
        elif message["type"] == "http.response.body":
            entry.response_body += message.get("body", b"")
        await send(message)

    return journaled_send
