"""pytest fixtures for testing code against mockserver (registered through the pytest11 entry point).

- `mockserver`: one real server for the whole session (`mockserver serve --port 0`);
  its `.url` and `.admin` (a ControlPlane).
- `mockserver_workspace`: a fresh workspace per test, deleted afterwards; give each provider
  client its `credentials` and tests never see each other's data.
"""

from __future__ import annotations

import os

import pytest

from mockserver.testing.client import ControlPlane, RunningServer


class Sandbox:
    def __init__(self, server: RunningServer) -> None:
        self.server = server
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
