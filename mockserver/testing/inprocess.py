"""A synchronous client that calls an ASGI app in process, through `httpx.ASGITransport`: no
socket, no server start, for fast rule-level tests. What only a socket shows (faults, multipart
on GET through a real client, keep-alive) stays with the real-server tests."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class InProcessClient:
    """`client.get(...)`, `client.post(...)`, ... as on `httpx.Client`, answered by `app`."""

    def __init__(self, app: Any, *, base_url: str = "http://localhost", **options: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url, **options)

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._client.request(method, url, **options))

    def get(self, url: str, **options: Any) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)

    def put(self, url: str, **options: Any) -> httpx.Response:
        return self.request("PUT", url, **options)

    def patch(self, url: str, **options: Any) -> httpx.Response:
        return self.request("PATCH", url, **options)

    def delete(self, url: str, **options: Any) -> httpx.Response:
        return self.request("DELETE", url, **options)

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()

    def __enter__(self) -> InProcessClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
