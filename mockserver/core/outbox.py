"""The outbox: every message the sandbox "would have sent" (an e-mail, a letter, an SMS, a
webhook delivery), kept per workspace so a test can read what went out.

Rules put messages on their `Call`; the operation runner hands them over only when the rule has
succeeded, so a refused request sends nothing. Each message also lands in the journal entry of
the request that caused it.
"""

from __future__ import annotations

from collections import deque
from itertools import count


class Outbox:
    """A capped log of a workspace's outgoing messages, oldest dropped first."""

    def __init__(self, capacity: int = 1000) -> None:
        self.messages: deque[dict] = deque(maxlen=capacity)
        self._ids = count(1)

    def add(self, provider: str, message: dict, *, at: str, request_id: int | None = None) -> dict:
        # The outbox's own keys win: `at` is the instant it was sent, on the workspace clock.
        kept = {**message, "id": next(self._ids), "at": at, "provider": provider}
        if request_id is not None:
            kept["request_id"] = request_id
        self.messages.append(kept)
        return kept

    def list(self, provider: str | None = None) -> list[dict]:
        return [m for m in self.messages if provider is None or m["provider"] == provider]

    def clear(self) -> None:
        self.messages.clear()
