"""pytest fixtures for testing code against mockserver (registered through the pytest11 entry point).

- `mockserver`: one real server for the whole session (`mockserver serve --port 0`);
  its `.url` and `.admin` (a ControlPlane).
- `mockserver_workspace`: a fresh workspace per test, deleted afterwards, so tests (and xdist
  workers) never see each other's data: `.advance("P30D")`, `.scenario({...})` (a context
  manager whose rules are removed afterwards), `.assert_one_request("POST", "/invoices")`
  (failing with the near misses), `.client("fakturan")`.
- `mockserver_clients`: that workspace's provider clients, `mockserver_clients.fakturan`, ...,
  httpx clients whose base URL is the provider's prefix, with the workspace's credentials.

MOCKSERVER_ADMIN_TOKEN is sent as the control plane's bearer token (and a server the plugin
starts enforces it, as any server given a token does).
"""

from __future__ import annotations

import os

import pytest

from mockserver.testing.client import ControlPlane, RunningServer


class Sandbox:
    def __init__(self, server: RunningServer) -> None:
        self.server: RunningServer | None = server  # None for a server given by MOCKSERVER_URL
        self.url = server.url
        self.admin = ControlPlane(server.url)


@pytest.fixture(scope="session")
def mockserver():
    """A running mockserver; MOCKSERVER_URL points the fixtures at one you started yourself."""
    external = os.environ.get("MOCKSERVER_URL")
    if external:
        sandbox = _external(external)
        yield sandbox
        sandbox.admin.close()
        return
    server = RunningServer(*os.environ.get("MOCKSERVER_ARGS", "").split())
    sandbox = Sandbox(server)
    yield sandbox
    sandbox.admin.close()
    server.stop()


def _external(url: str):
    sandbox = Sandbox.__new__(Sandbox)
    sandbox.server, sandbox.url, sandbox.admin = None, url, ControlPlane(url)
    return sandbox


@pytest.fixture
def mockserver_workspace(mockserver):
    workspace = mockserver.admin.create_workspace()
    yield workspace
    workspace.delete()


class Clients:
    """`clients.fakturan` is an httpx client for that provider, made on first use."""

    def __init__(self, workspace) -> None:
        self._workspace = workspace
        self._made: dict = {}

    def __getattr__(self, provider: str):
        if provider.startswith("_"):
            raise AttributeError(provider)
        if provider not in self._workspace.credentials:
            raise AttributeError(
                f"no provider {provider!r} (known: {', '.join(self._workspace.credentials)})"
            )
        if provider not in self._made:
            self._made[provider] = self._workspace.client(provider)
        return self._made[provider]

    def close(self) -> None:
        for client in self._made.values():
            client.close()


@pytest.fixture
def mockserver_clients(mockserver_workspace):
    clients = Clients(mockserver_workspace)
    yield clients
    clients.close()
