"""Kontera over real HTTP: a client bound to a fresh workspace, and a webhook receiver."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest


class Kontera:
    """httpx against /kontera with the workspace's bearer token, plus its control-plane routes."""

    def __init__(self, base_url: str, workspace) -> None:
        self.workspace = workspace
        token = workspace.credentials["kontera"]["token"]
        self.http = httpx.Client(
            base_url=f"{base_url}/kontera", headers={"authorization": f"Bearer {token}"}, timeout=10
        )
        self.admin = httpx.Client(base_url=f"{base_url}/_admin/workspaces/{workspace.id}", timeout=10)

    def book(self, transaction: dict | None = None) -> httpx.Response:
        return self.admin.post("/kontera/transactions", json=transaction or {})

    def deliveries(self) -> list[dict]:
        return self.admin.get("/kontera/deliveries").json()["deliveries"]

    def configure(self, **configuration) -> httpx.Response:
        return self.http.patch("/api/public/v1/base-data", json={"configuration": configuration})


@pytest.fixture
def kontera(mockserver, mockserver_workspace):
    client = Kontera(mockserver.url, mockserver_workspace)
    yield client
    client.http.close()
    client.admin.close()


class Receiver:
    """A webhook endpoint on loopback: records every request and answers `statuses` in turn
    (then 200); with `hang` set it holds each request until `release` is set."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.statuses: list[int] = []
        self.hang = False
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                if receiver.hang:
                    receiver.release.wait(10)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/kontera-hook"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()
