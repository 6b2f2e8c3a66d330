"""The gateway in front of every provider: pure ASGI, one per provider mount.

For each request it buffers the body (refusing oversized, truncated or stalled ones in the
provider's words), finds the workspace by the credentials the request carries, lets the provider
catch up with the workspace's clock, asks the workspace's scenario rules whether one fires (only
when it has any), runs the provider or the rule's effect, and records the exchange, the rule and
what the provider would have sent out in the journal and the workspace's outbox.
"""

from __future__ import annotations

import asyncio
import time

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from mockserver.core import access_log
from mockserver.core.bodies import BodyIncomplete, BodyTooLarge, read_body, replay
from mockserver.core.clock import format_instant
from mockserver.core.incoming import Incoming, base_url_of
from mockserver.core.providers import INCOMING, OUTBOUND, WORKSPACE, Provider
from mockserver.core.scenarios import play
from mockserver.core.workspaces import Registry


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
        self.prefix = f"/{provider.name}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        provider = self.provider
        refusal = None
        try:
            declared = next(
                (v.decode("latin-1") for k, v in scope["headers"] if k == b"content-length"), None
            )
            # asyncio.timeout schedules one timer; wait_for would start a task per request.
            async with asyncio.timeout(self.body_timeout):
                body = await read_body(receive, self.max_body_bytes, declared)
        except BodyIncomplete:
            return  # nobody is left to answer, and half a body is never executed
        except BodyTooLarge:
            body, refusal = b"", (413, f"request body larger than {self.max_body_bytes} bytes")
        except TimeoutError:
            body, refusal = b"", (408, f"request body not received within {self.body_timeout:g} s")
        incoming = Incoming(
            scope["method"],
            scope["path"].removeprefix(self.prefix) or "/",
            scope.get("query_string", b""),
            scope.get("headers", []),
            body,
            base_url=base_url_of(scope, self.prefix),
            prefix=self.prefix,
        )
        workspace = self.registry.find(provider.name, provider.identify(incoming))
        authenticated = workspace is not None
        workspace = workspace or self.registry.default
        workspace.last_used = started
        at = format_instant(workspace.clock.now())
        entry = workspace.journal.start(
            at=at,
            provider=provider.name,
            method=incoming.method,
            path=incoming.full_path,
            query=incoming.query_string.decode("latin-1"),
            request_headers=incoming.headers,
            # Anyone can reach the default workspace's journal without credentials: it keeps
            # what they asked, not what they sent.
            request_body=body if authenticated else b"",
        )
        outbound: list = []
        scope = {**scope, WORKSPACE: workspace, OUTBOUND: outbound, INCOMING: incoming}

        async def journaled_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                entry.response_headers = message.get("headers", [])
            elif message["type"] == "http.response.body":
                entry.response_body += message.get("body", b"")
            await send(message)

        answer: Response | None
        if refusal is not None:
            answer = provider.error_response(*refusal)
        elif not authenticated:
            answer = provider.unauthenticated(incoming)
        else:
            answer = None
        try:
            if answer is not None:
                await answer(scope, replay(body), journaled_send)
            else:
                provider.on_clock(workspace)
                await self._serve(workspace, incoming, scope, receive, journaled_send, entry)
        finally:
            entry.outbound = outbound
            for message in outbound:
                workspace.outbox.add(provider.name, message, at=at, request_id=entry.id)
            entry.duration_ms = (time.perf_counter() - started) * 1000
            if answer is None and incoming.method not in ("GET", "HEAD", "OPTIONS"):
                self.registry.changed(workspace)  # the state file is written behind
            access_log.emit(workspace.id, entry)

    async def _serve(
        self, workspace, incoming: Incoming, scope: Scope, receive: Receive, send: Send, entry
    ) -> None:
        """The provider's app, unless one of the workspace's scenario rules fires."""
        body = incoming.body
        # One attribute check is all that scenarios cost a workspace without rules.
        fired = (
            workspace.scenarios.select(self.provider.name, incoming, workspace.clock)
            if workspace.scenarios.rules
            else None
        )
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
