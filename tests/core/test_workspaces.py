"""Workspaces over real HTTP: isolation, fork, reset, snapshot/restore, delete."""

import httpx
import pytest


def fakturan(server, workspace) -> httpx.Client:
    creds = workspace.credentials["fakturan"]
    return httpx.Client(base_url=f"{server.url}/fakturan/api/v2", auth=(creds["username"], creds["password"]))


def client_names(api) -> set[str]:
    return {c["name"] for c in api.get("/clients", params={"per_page": 100}).json()["data"]}


def test_two_workspaces_never_see_each_others_data(mockserver):
    one, two = mockserver.admin.create_workspace(seed=7), mockserver.admin.create_workspace(seed=7)
    with fakturan(mockserver, one) as api_one, fakturan(mockserver, two) as api_two:
        assert api_one.post("/clients", json={"company": "Only In One AB"}).status_code == 201
        assert "Only In One AB" in client_names(api_one)
        assert "Only In One AB" not in client_names(api_two)
        assert client_names(api_one) - {"Only In One AB"} == client_names(api_two)
    assert one.requests(method="POST")[0]["path"] == "/fakturan/api/v2/clients"
    assert two.requests(method="POST") == []


def test_credentials_are_unique_per_workspace_and_listed(mockserver):
    one, two = mockserver.admin.create_workspace(), mockserver.admin.create_workspace()
    assert one.credentials != two.credentials
    assert set(one.credentials) >= {"fakturan"}
    listed = {ws["id"] for ws in mockserver.admin.get("/workspaces")["workspaces"]}
    assert {"default", one.id, two.id} <= listed
    assert mockserver.admin.get(f"/workspaces/{one.id}")["credentials"] == one.credentials


def test_same_seed_same_data_other_seed_other_data(mockserver):
    a, b, c = (mockserver.admin.create_workspace(seed=s) for s in (3, 3, 4))
    state = [ws.snapshot()["state"]["fakturan"] for ws in (a, b, c)]
    assert state[0] == state[1]
    assert state[0] != state[2]


def test_fork_copies_current_state_then_goes_its_own_way(mockserver):
    origin = mockserver.admin.create_workspace()
    with fakturan(mockserver, origin) as api:
        api.post("/clients", json={"company": "Before Fork AB"})
        fork = mockserver.admin.create_workspace(source=origin.id)
        api.post("/clients", json={"company": "After Fork AB"})
    with fakturan(mockserver, fork) as forked:
        names = client_names(forked)
        assert "Before Fork AB" in names and "After Fork AB" not in names
        forked.post("/clients", json={"company": "Only In Fork AB"})
    with fakturan(mockserver, origin) as api:
        assert "Only In Fork AB" not in client_names(api)
    assert fork.credentials != origin.credentials and fork.seed == origin.seed


def test_reset_returns_to_the_seeded_state_and_clears_the_journal(mockserver):
    workspace = mockserver.admin.create_workspace(seed=11)
    seeded = workspace.snapshot()["state"]
    with fakturan(mockserver, workspace) as api:
        api.post("/clients", json={"company": "Temporary AB"})
        api.put("/clients/1", json={"company": "Renamed"})
    workspace.advance("P10D")
    workspace.reset()
    assert workspace.snapshot()["state"] == seeded
    assert workspace.requests() == []
    clock = mockserver.admin.get(f"/workspaces/{workspace.id}/clock")
    assert clock["now"][:10] == clock["start"][:10]


def test_snapshot_restores_exactly(mockserver):
    workspace = mockserver.admin.create_workspace()
    saved = workspace.snapshot()
    with fakturan(mockserver, workspace) as api:
        api.post("/clients", json={"company": "Gone After Restore AB"})
        mockserver.admin.put(f"/workspaces/{workspace.id}/snapshot", json=saved)
        assert "Gone After Restore AB" not in client_names(api)
    assert workspace.snapshot()["state"] == saved["state"]


@pytest.mark.parametrize(
    "body",
    [
        {"state": "x"},
        {"state": {"nope": {}}},
        [1],
        {"state": {"fakturan": 1}},
        {"state": {}, "clock": {"now": "yesterday"}},
    ],
)
def test_a_bad_snapshot_is_refused_and_changes_nothing(mockserver, body):
    workspace = mockserver.admin.create_workspace()
    before = workspace.snapshot()
    answer = mockserver.admin.http.put(f"/workspaces/{workspace.id}/snapshot", json=body)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"
    assert workspace.snapshot()["state"] == before["state"]


def test_deleted_workspace_is_gone_and_its_credentials_stop_working(mockserver):
    workspace = mockserver.admin.create_workspace()
    with fakturan(mockserver, workspace) as api:
        assert api.get("/clients/1").status_code == 200
        workspace.delete()
        assert api.get("/clients/1").status_code == 401
    answer = mockserver.admin.http.get(f"/workspaces/{workspace.id}")
    assert answer.status_code == 404 and answer.json() == {
        "error": "not_found",
        "message": f"no workspace {workspace.id!r}",
    }
    assert mockserver.admin.http.delete("/workspaces/default").status_code == 409


@pytest.mark.parametrize(
    "body", [{"seed": "x"}, {"from": "missing"}, {"clock_start": "soon"}, {"id": "a b"}, [1]]
)
def test_bad_create_requests_are_refused(mockserver, body):
    answer = mockserver.admin.http.post("/workspaces", json=body)
    assert answer.status_code in (404, 422)
    assert set(answer.json()) == {"error", "message"}


def test_named_workspace_and_its_clock_start(mockserver):
    workspace = mockserver.admin.create_workspace(id="named-ws-1", clock_start="2025-03-01T00:00:00Z")
    assert workspace.id == "named-ws-1"
    with fakturan(mockserver, workspace) as api:
        dates = [i["date"] for i in api.get("/invoices", params={"per_page": 100}).json()["data"]]
    assert max(dates) <= "2025-03-01" and min(dates) >= "2024-10-01"
    assert mockserver.admin.http.post("/workspaces", json={"id": "named-ws-1"}).status_code == 409
