import httpx
import pytest

IGNORED = {"id", "number", "client_id", "invoice_id", "date"}


@pytest.fixture
def fakturan(mockserver, mockserver_workspace):
    """An HTTP client for Fakturan bound to a fresh workspace, over real HTTP."""
    creds = mockserver_workspace.credentials["fakturan"]
    with httpx.Client(
        base_url=f"{mockserver.url}/fakturan/api/v2", auth=(creds["username"], creds["password"]), timeout=10
    ) as client:
        client.workspace = mockserver_workspace
        yield client


def without_ids(value):
    """The body with ids and dates left out, as the seed's examples are compared."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in IGNORED}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def state_of(workspace) -> dict:
    return workspace.snapshot()["state"]["fakturan"]
