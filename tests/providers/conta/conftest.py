import httpx
import pytest

from tests.providers.conta import contract


@pytest.fixture
def conta(mockserver, mockserver_workspace):
    """An HTTP client for Conta bound to a fresh workspace, over real HTTP; every answer it
    receives is checked against the published contract (contract.py)."""
    key = mockserver_workspace.credentials["conta"]["apiKey"]
    with httpx.Client(
        base_url=f"{mockserver.url}/conta",
        headers={"apiKey": key},
        timeout=10,
        event_hooks={"response": [contract.hook]},
    ) as client:
        client.workspace = mockserver_workspace
        yield client


@pytest.fixture
def raw(mockserver):
    """A checked client without credentials, for the authentication errors."""
    with httpx.Client(
        base_url=f"{mockserver.url}/conta", timeout=10, event_hooks={"response": [contract.hook]}
    ) as client:
        yield client


def state_of(workspace) -> dict:
    return workspace.snapshot()["state"]["conta"]
