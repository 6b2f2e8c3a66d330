"""What a fired rule does to the exchange, at the ASGI level: wait, answer, or break the wire.

Faults have to be real on the wire for a client's retry logic to meet them as it would in
production: `reset` aborts the TCP connection (RST), `malformed` sends half the promised body and
closes, `timeout` holds the request until the client gives up. That needs the server's socket,
reached through the server's own `send`, which the gateway puts in the scope as SERVER_SEND:
between the server and the gateway nothing wraps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from mockserver.core.responses import JSONResponse

if TYPE_CHECKING:
    from mockserver.core.scenarios.models import Respond
from mockserver.core.scenarios.rules import Firing

SERVER_SEND = "mockserver.server_send"
RATE_LIMITED = "Rate limit exceeded: {requests} requests per {per}. Retry after {seconds} seconds."
HELD_TOO_LONG = "Gateway timeout: no answer within {seconds:g} seconds."

RunApp = Callable[[Send], Awaitable[None]]


@dataclass(slots=True)
class Answer:
    status: int = 500
    headers: list = field(default_factory=list)
    body: bytes = b""


async def play(
    firing: Firing,
    *,
    provider,
    run_app: RunApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    hold_seconds: float,
) -> None:
    """Apply a fired rule: delay, then the rate limit's 429, or respond/fault (after the
    provider has handled the request, with after_commit), or just let the request through."""
    rule, spec = firing.rule, firing.rule.spec
    pause = rule.delay_seconds()
    if pause:
        await asyncio.sleep(pause)
    if firing.retry_after is not None:
        await send_answer(
            await rendered(rate_limited(provider, rule.spec.rate_limit, firing.retry_after), scope), send
        )
        return
    if spec.respond is None and spec.fault is None:
        await run_app(send)
        return
    answer = None
    if spec.after_commit or (spec.fault == "malformed" and spec.respond is None):
        answer = await capture(run_app)
    if spec.fault == "reset":
        await reset(scope, receive)
    elif spec.fault == "timeout":
        await hold(provider, scope, receive, send, hold_seconds)
    else:
        if spec.respond is not None:
            answer = await rendered(respond_with(provider, spec.respond), scope)
        # Neither reset nor timeout, so respond is given or the fault is malformed (captured above).
        assert answer is not None
        if spec.fault == "malformed":
            await send_truncated(answer, scope, receive, send)
        else:
            await send_answer(answer, send)


def respond_with(provider, respond: Respond) -> Response:
    """The rule's answer; without a body, the provider's own error for that status."""
    body = respond.body
    if body is None:
        response = provider.error_response(respond.status, respond.message)
    elif isinstance(body, str):
        response = Response(body, respond.status, media_type="text/plain; charset=utf-8")
    else:
        response = JSONResponse(body, respond.status)
    for name, value in respond.headers.items():
        response.headers[name] = value
    return response


def rate_limited(provider, limit, seconds: int) -> Response:
    message = RATE_LIMITED.format(requests=limit.requests, per=limit.per, seconds=seconds)
    response = provider.error_response(429, message)
    response.headers["Retry-After"] = str(seconds)
    return response


async def capture(run: RunApp) -> Answer:
    """Run an ASGI answer to completion and keep it instead of sending it."""
    answer = Answer()

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await run(keep)
    return answer


async def rendered(response: Response, scope: Scope) -> Answer:
    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    return await capture(lambda send: response(scope, nothing, send))


async def send_answer(answer: Answer, send: Send) -> None:
    # 204 and 304 carry no body on the wire, even when the provider's error shape has one.
    body = b"" if answer.status in (204, 304) else answer.body
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def server_transport(scope: Scope) -> asyncio.Transport | None:
    """The connection's transport, found through the server's `send` (uvicorn's request cycle)."""
    owner = getattr(scope.get(SERVER_SEND), "__self__", None)
    return getattr(owner, "transport", None)


async def wait_closed(receive: Receive, seconds: float = 1.0) -> None:
    """Until the server has noticed the connection is gone, so it adds no answer of its own."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            while (await receive())["type"] != "http.disconnect":
                pass


async def reset(scope: Scope, receive: Receive) -> None:
    """Abort the connection with a TCP RST: the client sees 'connection reset by peer'."""
    transport = server_transport(scope)
    if transport is None:
        raise ConnectionResetError("fault: reset needs a socket; it works under `mockserver serve`")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    await wait_closed(receive)


async def hold(provider, scope: Scope, receive: Receive, send: Send, seconds: float) -> None:
    """Keep the client waiting until it gives up; a client with more patience than `seconds`
    gets the provider's 504, as from a gateway in front of a hung service."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            while (await receive())["type"] != "http.disconnect":
                pass
            return
    message = HELD_TOO_LONG.format(seconds=seconds)
    await send_answer(await rendered(provider.error_response(504, message), scope), send)


async def send_truncated(answer: Answer, scope: Scope, receive: Receive, send: Send) -> None:
    """Promise the whole body in Content-Length, send half of it, and close the connection."""
    promised = max(len(answer.body), 1)
    headers = [
        (k, v) for k, v in answer.headers if k.lower() not in (b"content-length", b"transfer-encoding")
    ]
    headers.append((b"content-length", str(promised).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send(
        {"type": "http.response.body", "body": answer.body[: len(answer.body) // 2], "more_body": True}
    )
    transport = server_transport(scope)
    if transport is None:
        raise ConnectionAbortedError("fault: malformed needs a socket; it works under `mockserver serve`")
    transport.close()
    await wait_closed(receive)
