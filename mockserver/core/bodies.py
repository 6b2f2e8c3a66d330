"""Request bodies buffered whole before anything runs, by the gateway and the control plane.

A body larger than the limit is refused as soon as that is known (its Content-Length, or the
chunk that crosses the limit); a body whose client goes away before its end is never handed on.
"""

from __future__ import annotations

import asyncio

from starlette.types import Message, Receive


class BodyTooLarge(Exception):
    pass


class BodyIncomplete(Exception):
    """The client went away before its body ended: nothing of it may be executed."""


async def read_body(receive: Receive, limit: int, content_length: str | None = None) -> bytes:
    if content_length and content_length.isdigit() and int(content_length) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise BodyIncomplete
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def read_body_within(receive: Receive, limit: int, content_length: str | None, seconds: float) -> bytes:
    """`read_body`, raising TimeoutError when the body has not ended within `seconds`.

    The same single timer `asyncio.timeout` schedules, without its bookkeeping, which costs
    several times as much as the timer itself; a gateway reads a body on every request that
    has one. Like `asyncio.timeout`, a cancellation that is not the timer's passes through."""
    task = asyncio.current_task()
    assert task is not None, "bodies are read inside a request's task"
    cancelling = task.cancelling()
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    handle = asyncio.get_running_loop().call_later(seconds, expire)
    try:
        return await read_body(receive, limit, content_length)
    except asyncio.CancelledError:
        if expired and task.uncancel() <= cancelling:
            raise TimeoutError from None
        raise
    finally:
        handle.cancel()


def replay(body: bytes, receive: Receive | None = None) -> Receive:
    """A `receive` that hands the app the buffered body, then the live connection (so a stream
    still learns of the client leaving), or a disconnect when there is none."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if receive is not None:
            return await receive()
        return {"type": "http.disconnect"}

    return replayed
