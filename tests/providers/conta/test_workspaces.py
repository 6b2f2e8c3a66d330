"""Conta in the platform: each workspace's own key and data, snapshots, forks, the journal."""

import httpx

from tests.providers.conta import contract
from tests.providers.conta.test_customers import CUSTOMERS, INDIVIDUAL


def test_each_workspace_has_its_own_key_and_data(conta, mockserver):
    created = conta.post(CUSTOMERS, json=INDIVIDUAL).json()
    key = conta.workspace.credentials["conta"]["apiKey"]
    assert key != "conta-demo-key" and set(conta.workspace.credentials["conta"]) == {"apiKey"}
    with httpx.Client(
        base_url=f"{mockserver.url}/conta",
        headers={"apiKey": "conta-demo-key"},
        event_hooks={"response": [contract.hook]},
    ) as default:
        seen = default.get(f"{CUSTOMERS}/{created['id']}")
        assert seen.status_code == 404 or seen.json()["name"] != INDIVIDUAL["name"]


def test_a_snapshot_restores_state_and_indexes(conta, mockserver):
    snapshot = conta.workspace.snapshot()
    created = conta.post(CUSTOMERS, json=INDIVIDUAL).json()
    mockserver.admin.put(f"/workspaces/{conta.workspace.id}/snapshot", json=snapshot)
    assert conta.get(f"{CUSTOMERS}/{created['id']}").status_code == 404
    # The chart of accounts' index is rebuilt: products still find their account.
    product = {"name": "Etter gjenoppretting", "vatCode": "output.high", "bookkeepingAccountNo": "3000"}
    assert conta.post("/invoice/organizations/11/products", json=product).status_code == 200


def test_the_journal_records_conta_requests(conta):
    conta.get(f"{CUSTOMERS}/123", headers={"conta-language": "EN"})
    conta.get("/invoice/organizations/99/customers")
    entries = conta.workspace.requests(provider="conta")
    seen = {(e["method"], e["path"], e["status"]) for e in entries}
    assert ("GET", f"/conta{CUSTOMERS}/123", 200) in seen
    assert ("GET", "/conta/invoice/organizations/99/customers", 403) in seen
