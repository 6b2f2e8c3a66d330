"""A small client for the control plane, and a way to start a real server for tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from mockserver.testing import journal
from mockserver.testing.clients import provider_client


@dataclass
class Workspace:
    """A workspace as the control plane describes it, with a client bound to its admin routes."""

    id: str
    seed: int
    credentials: dict
    admin: ControlPlane = field(repr=False)

    def reset(self) -> None:
        self.admin.post(f"/workspaces/{self.id}/reset")

    def advance(self, duration: str) -> dict:
        return self.admin.post(f"/workspaces/{self.id}/clock", json={"advance": duration})

    def set_clock(self, instant: str) -> dict:
        return self.admin.post(f"/workspaces/{self.id}/clock", json={"set": instant})

    def requests(self, **filters) -> list[dict]:
        return self.admin.get(f"/workspaces/{self.id}/requests", params=filters)["requests"]

    def outbox(self, provider: str | None = None) -> list[dict]:
        """What the workspace's providers would have sent, oldest first."""
        params = {"provider": provider} if provider else {}
        return self.admin.get(f"/workspaces/{self.id}/outbox", params=params)["messages"]

    def snapshot(self) -> dict:
        return self.admin.get(f"/workspaces/{self.id}/snapshot")

    def add_scenario(self, document: dict | str) -> dict:
        if isinstance(document, str):
            return self.admin.post(
                f"/workspaces/{self.id}/scenarios",
                content=document,
                headers={"content-type": "application/yaml"},
            )
        return self.admin.post(f"/workspaces/{self.id}/scenarios", json=document)

    @contextlib.contextmanager
    def scenario(self, document: dict | str) -> Iterator[list[dict]]:
        """`with workspace.scenario({...}) as rules:` the rules hold inside the block only."""
        added = self.add_scenario(document)["rules"]
        try:
            yield added
        finally:
            for rule in added:
                with contextlib.suppress(httpx.HTTPStatusError):
                    self.admin.delete(f"/workspaces/{self.id}/scenarios/{rule['id']}")

    def client(self, provider: str, **options) -> httpx.Client:
        """An httpx client for `provider` (base URL its prefix) with this workspace's credentials."""
        return provider_client(f"{self.admin.base_url}/{provider}", self.credentials[provider], **options)

    def assert_requests(
        self, count: int, *, method=None, path=None, provider=None, status=None
    ) -> list[dict]:
        """Exactly `count` journal entries match (path: full, its end, or a glob); returns them
        oldest first, or fails listing the near misses."""
        entries = self.requests(limit=1000)
        return journal.assert_requests(
            entries, count, method=method, path=path, provider=provider, status=status
        )

    def assert_one_request(self, method: str, path: str, **criteria) -> dict:
        """`assert_one_request("POST", "/invoices")`: exactly one such request; returns it."""
        return self.assert_requests(1, method=method, path=path, **criteria)[0]

    def delete(self) -> None:
        self.admin.delete(f"/workspaces/{self.id}")


class ControlPlane:
    """`/_admin` over HTTP; raises httpx.HTTPStatusError on any error answer. The admin token
    defaults to MOCKSERVER_ADMIN_TOKEN, the variable the server itself reads."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        token = token if token is not None else os.environ.get("MOCKSERVER_ADMIN_TOKEN") or None
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url + "/_admin", headers=headers, timeout=10)

    def _call(self, method: str, path: str, **kwargs):
        answer = self.http.request(method, path, **kwargs)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def get(self, path: str, **kwargs):
        return self._call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self._call("POST", path, **kwargs)

    def put(self, path: str, **kwargs):
        return self._call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self._call("DELETE", path, **kwargs)

    def create_workspace(self, **body) -> Workspace:
        if "source" in body:
            body["from"] = body.pop("source")
        data = self.post("/workspaces", json=body)
        return Workspace(data["id"], data["seed"], data["credentials"], self)

    def workspace(self, workspace_id: str = "default") -> Workspace:
        data = self.get(f"/workspaces/{workspace_id}")
        return Workspace(data["id"], data["seed"], data["credentials"], self)

    def close(self) -> None:
        self.http.close()


class RunningServer:
    """`mockserver serve --port 0` in a child process: a real server on a real socket."""

    def __init__(self, *args: str, env: dict | None = None) -> None:
        command = [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None and self.process.stderr is not None  # both are PIPEs
        first = self.process.stdout.readline().strip()
        if not first.startswith("mockserver listening on "):
            self.process.kill()
            raise RuntimeError(f"mockserver did not start: {first}{self.process.stderr.read()}")
        self.url = first.removeprefix("mockserver listening on ")
        self.lines = [first]
        self.errors: list[str] = []
        # Keep reading both pipes, so a chatty server never blocks on a full one.
        threading.Thread(target=self._drain, args=(self.process.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.process.stderr, self.errors), daemon=True).start()

    def wait_for_line(self, prefix: str, timeout: float = 10.0) -> str:
        """The first stdout line starting with `prefix`, waiting for the server to print it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in list(self.lines) if line.startswith(prefix)), None)
            if found is not None:
                return found
            time.sleep(0.02)
        raise TimeoutError(f"mockserver printed no line starting {prefix!r}: {self.lines}")

    @staticmethod
    def _drain(pipe, lines: list[str]) -> None:
        for line in pipe:
            lines.append(line.rstrip("\n"))

    def stop(self) -> int:
        self.process.terminate()
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
