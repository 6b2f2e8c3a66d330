"""Request bodies buffered whole before anything runs, by the gateway and the control plane.

A body larger than the limit is refused as soon as that is known (its Content-Length, or the
chunk that crosses the limit); a body whose client goes away before its end is never handed on.
"""

from __future__ import annotations

import asyncio
import weakref

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
    """`read_body`, raising TimeoutError when the body has not ended within `seconds`. Like
    `asyncio.timeout`, a cancellation that is not the deadline's passes through."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task(loop)  # given the loop, it need not look it up again
    assert task is not None, "bodies are read inside a request's task"
    deadlines = _DEADLINES.get(loop)
    if deadlines is None:
        deadlines = _DEADLINES[loop] = Deadlines(loop)
    cancelling = task.cancelling()
    deadlines.add(task, seconds)
    try:
        return await read_body(receive, limit, content_length)
    except asyncio.CancelledError:
        if deadlines.expired(task) and task.uncancel() <= cancelling:
            raise TimeoutError from None
        raise
    finally:
        deadlines.remove(task)


class Deadlines:
    """The body deadlines of one event loop, under a single timer. A body read costs an entry
    in a dict instead of a timer of its own: scheduling and cancelling one per request (what
    `asyncio.timeout` does) was several times the cost of reading a small body that has
    already arrived, which is almost every body."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: dict[asyncio.Task, float] = {}
        self.cancelled: set[asyncio.Task] = set()
        self.timer: asyncio.TimerHandle | None = None
        self.timer_at = 0.0

    def add(self, task: asyncio.Task, seconds: float) -> None:
        deadline = self.loop.time() + seconds
        self.pending[task] = deadline
        if self.timer is None or deadline < self.timer_at:
            self._arm(deadline)

    def remove(self, task: asyncio.Task) -> None:
        self.pending.pop(task, None)
        self.cancelled.discard(task)

    def expired(self, task: asyncio.Task) -> bool:
        return task in self.cancelled

    def _arm(self, at: float) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = self.loop.call_at(at, self._expire)
        self.timer_at = at

    def _expire(self) -> None:
        """Cancel the reads whose deadline has passed, then wait for the next deadline (the timer
        set for the first read fires once its time is up, whether or not that read is done)."""
        self.timer = None
        now = self.loop.time()
        for task, deadline in list(self.pending.items()):
            if deadline <= now:
                del self.pending[task]
                self.cancelled.add(task)
                task.cancel()
        if self.pending:
            self._arm(min(self.pending.values()))


_DEADLINES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Deadlines] = weakref.WeakKeyDictionary()


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
