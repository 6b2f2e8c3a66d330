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


# -- in process --------------------------------------------------------------------------------

START = "2026-03-01T00:00:00Z"
ADMIN = "/_admin/workspaces/default"


class InProcess:
    """The whole app in process (no socket), one client for /kontera (with the default
    workspace's token) and /_admin alike; the default workspace's clock is frozen at START."""

    def __init__(self, **settings) -> None:
        from mockserver.app import create_app
        from mockserver.core.clock import parse_instant
        from mockserver.settings import Settings
        from mockserver.testing.inprocess import InProcessClient

        self.app = create_app(Settings(clock_start=parse_instant(START), **settings))
        self.registry = self.app.state.registry
        self.http = InProcessClient(
            self.app, base_url="http://127.0.0.1", headers={"authorization": "Bearer kontera-demo-token"}
        )
        assert self.http.post(f"{ADMIN}/clock", json={"frozen": True, "set": START}).status_code == 200

    def get(self, path: str, **options):
        return self.http.get(f"/kontera{path}", **options)

    def post(self, path: str, **options):
        return self.http.post(f"/kontera{path}", **options)

    def patch(self, path: str, **options):
        return self.http.patch(f"/kontera{path}", **options)

    def admin(self, method: str, path: str, **options):
        return self.http.request(method, f"{ADMIN}{path}", **options)

    def book(self, transaction: dict | None = None):
        return self.admin("POST", "/kontera/transactions", json=transaction or {})

    def configure(self, **configuration):
        return self.patch("/api/public/v1/base-data", json={"configuration": configuration})

    @property
    def workspace(self):
        return self.registry.default

    @property
    def store(self):
        return self.workspace.store("kontera")

    def settle(self) -> None:
        """Let the webhook attempts started so far finish: they run beside the requests, on the
        client's event loop."""
        from mockserver.providers.kontera import webhooks

        self.http._loop.run_until_complete(webhooks.DISPATCHER.idle())

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def app():
    found = InProcess()
    yield found
    found.close()
