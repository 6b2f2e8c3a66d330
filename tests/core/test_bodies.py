"""Request bodies over a real socket: one that ends early is never executed, one that stops
arriving is answered 408 in the provider's shape, and an unauthenticated body is not kept."""

import asyncio
import base64
import socket
import time

import httpx
import pytest

from mockserver.core.bodies import read_body_within
from mockserver.testing.client import RunningServer

AUTH = base64.b64encode(b"demo-key-id:demo-key-secret").decode()


def raw_request(url: str, head: str, body: bytes, *, close: bool, read: bool = False) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        if close:
            return b""
        chunks = []
        while read:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def product_count(url: str) -> int:
    answer = httpx.get(f"{url}/fakturan/api/v2/products", auth=("demo-key-id", "demo-key-secret"))
    return len(answer.json()["data"])


def test_a_body_that_ends_early_is_never_executed(mockserver):
    before = product_count(mockserver.url)
    body = b'{"name": "Halv produkt", "price": "100"}'
    head = (
        "POST /fakturan/api/v2/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Basic {AUTH}\r\nContent-Length: {len(body) + 50}\r\n\r\n"
    )
    raw_request(mockserver.url, head, body, close=True)
    time.sleep(0.3)
    assert product_count(mockserver.url) == before
    paths = [entry["path"] for entry in mockserver.admin.workspace().requests(method="POST")]
    assert "/fakturan/api/v2/products" not in paths


def test_a_body_that_stops_arriving_times_out_with_408():
    server = RunningServer("--body-timeout", "0.5")
    try:
        head = (
            "POST /fakturan/api/v2/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Basic {AUTH}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
        )
        started = time.monotonic()
        answer = raw_request(server.url, head, b'{"name":', close=False, read=True)
        assert time.monotonic() - started < 5
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert answer.endswith(b'{"error":"request body not received within 0.5 s"}')
    finally:
        server.stop()


def test_an_unauthenticated_body_is_not_journaled(mockserver):
    httpx.post(f"{mockserver.url}/fakturan/api/v2/clients", json={"secret": "do not keep"})
    entry = mockserver.admin.workspace().requests(method="POST", path="/fakturan/api/v2/clients")[0]
    assert entry["status"] == 401 and entry["request"]["body"] is None


def test_overlapping_body_reads_each_time_out_at_their_own_deadline():
    """One timer watches every read of a loop: a later read with an earlier deadline, a read
    whose body arrives in time, and a cancellation that is not the deadline's."""

    async def never() -> dict:
        await asyncio.sleep(60)
        raise AssertionError("unreachable")

    async def late_body() -> dict:
        await asyncio.sleep(0.1)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def timed(receive, seconds: float) -> float | bytes:
        started = time.monotonic()
        try:
            return await read_body_within(receive, 100, "2", seconds)
        except TimeoutError:
            return round(time.monotonic() - started, 1)

    async def scenario():
        outside = asyncio.create_task(timed(never, 5))
        results = await asyncio.gather(timed(never, 0.6), timed(never, 0.2), timed(late_body, 0.4))
        outside.cancel()
        with pytest.raises(asyncio.CancelledError):
            await outside
        return results

    assert asyncio.run(scenario()) == [0.6, 0.2, b"{}"]
