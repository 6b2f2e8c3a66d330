"""Tokens and invoice links carry their workspace, so they survive what a workspace goes through."""

import httpx

from mockserver.testing.client import ControlPlane, RunningServer
from tests.providers.regtech.conftest import get_token, invoice


def test_tokens_and_links_survive_a_restart_with_a_state_file(tmp_path):
    state_file = str(tmp_path / "state.json")
    first = RunningServer("--state-file", state_file)
    try:
        workspace = ControlPlane(first.url).create_workspace()
        credentials = workspace.credentials["regtech"]
        token = get_token(first.url, credentials)
        auth = {"authorization": f"Bearer {token}"}
        url = httpx.post(f"{first.url}/regtech/invoice", json=invoice("kept"), headers=auth).json()[
            "invoiceUrl"
        ]
    finally:
        first.stop()
    second = RunningServer("--state-file", state_file)
    try:
        status = httpx.get(f"{second.url}/regtech/invoice/kept/status", headers=auth)
        assert status.status_code == 200 and list(status.json()) == ["deliveredAt"]
        page = httpx.get(url.replace(first.url, second.url))
        assert page.status_code == 200
        assert "openedAt" in httpx.get(f"{second.url}/regtech/invoice/kept/status", headers=auth).json()
    finally:
        second.stop()


def test_a_snapshot_put_back_brings_its_invoices_and_tokens(mockserver, regtech):
    regtech.post("/invoice/create", json=invoice("snap-1"))
    snapshot = regtech.workspace.snapshot()
    regtech.post("/invoice/create", json=invoice("snap-2"))
    regtech.workspace.reset()
    assert regtech.get("/invoice/snap-1/status").status_code == 401  # the reset forgot the token
    regtech.admin.put(f"/workspaces/{regtech.workspace.id}/snapshot", json=snapshot)
    assert regtech.get("/invoice/snap-1/status").status_code == 200
    assert regtech.get("/invoice/snap-2/status").status_code == 404


def test_a_fork_has_its_own_credentials_and_the_source_invoices(mockserver, regtech):
    regtech.post("/invoice/create", json=invoice("fork-1"))
    fork = mockserver.admin.create_workspace(source=regtech.workspace.id)
    try:
        token = get_token(mockserver.url, fork.credentials["regtech"])
        answer = httpx.get(
            f"{mockserver.url}/regtech/invoice/fork-1/status", headers={"authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200
        httpx.post(
            f"{mockserver.url}/regtech/invoice/create",
            json=invoice("fork-only"),
            headers={"authorization": f"Bearer {token}"},
        )
        assert regtech.get("/invoice/fork-only/status").status_code == 404
    finally:
        fork.delete()
