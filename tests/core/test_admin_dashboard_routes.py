"""The control-plane routes the dashboard reads: a workspace's data by provider and table, rules
switched on and off, and the live event stream."""

import json
import time

import httpx
import pytest


@pytest.fixture
def admin(mockserver):
    with httpx.Client(base_url=mockserver.url + "/_admin", timeout=10) as http:
        yield http


def fakturan(mockserver, workspace) -> httpx.Client:
    creds = workspace.credentials["fakturan"]
    return httpx.Client(
        base_url=f"{mockserver.url}/fakturan/api/v2", auth=(creds["username"], creds["password"])
    )


def test_tables_with_counts_follow_what_the_provider_stored(mockserver, mockserver_workspace, admin):
    base = f"/workspaces/{mockserver_workspace.id}/data/fakturan"
    before = {t["name"]: t["count"] for t in admin.get(base).json()["tables"]}
    assert {"clients", "invoices", "payments", "products"} <= set(before) and before["clients"] >= 12
    made = fakturan(mockserver, mockserver_workspace).post("/clients", json={"company": "Zebra Zoo AB"})
    assert made.status_code == 201
    after = {t["name"]: t["count"] for t in admin.get(base).json()["tables"]}
    assert after["clients"] == before["clients"] + 1
    found = admin.get(f"{base}/clients", params={"q": "zebra zoo"}).json()
    assert found["total"] == 1 and found["records"][0]["record"]["company"] == "Zebra Zoo AB"
    one = admin.get(f"{base}/clients/{found['records'][0]['id']}").json()
    assert one["record"]["company"] == "Zebra Zoo AB"


def test_records_page_through_a_table(mockserver_workspace, admin):
    base = f"/workspaces/{mockserver_workspace.id}/data/fakturan/invoices"
    first = admin.get(base, params={"per_page": 7}).json()
    second = admin.get(base, params={"per_page": 7, "page": 2}).json()
    assert first["total"] == second["total"] == 20 and (first["page"], first["per_page"]) == (1, 7)
    ids = [r["id"] for r in first["records"]] + [r["id"] for r in second["records"]]
    assert len(ids) == 14 == len(set(ids))
    last = admin.get(base, params={"per_page": 7, "page": 3}).json()
    assert len(last["records"]) == 6
    assert admin.get(base, params={"page": 99}).json()["records"] == []


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/data/nope", 404, "no provider 'nope'"),
        ("/data/fakturan/nope", 404, "no table 'nope' in fakturan"),
        ("/data/fakturan/clients/999999", 404, "no record '999999' in clients"),
        ("/data/fakturan/clients?per_page=0", 422, "per_page must be an integer from 1 to 100, got '0'"),
        ("/data/fakturan/clients?per_page=101", 422, "per_page must be an integer from 1 to 100"),
        ("/data/fakturan/clients?page=-1", 422, "page must be an integer from 1 to 1000000, got '-1'"),
        ("/data/fakturan/clients?q=" + "x" * 201, 422, "q is at most 200 characters"),
    ],
)
def test_bad_data_requests_say_what_is_wrong(mockserver_workspace, admin, path, status, message):
    answer = admin.get(f"/workspaces/{mockserver_workspace.id}{path}")
    assert answer.status_code == status and message in answer.json()["message"]


def test_a_disabled_rule_neither_fires_nor_counts_until_enabled(mockserver, mockserver_workspace, admin):
    rules = f"/workspaces/{mockserver_workspace.id}/scenarios"
    added = admin.post(
        rules, json={"rules": [{"match": {"path": "/fakturan/api/v2/clients/1"}, "respond": {"status": 503}}]}
    )
    rule_id = added.json()["rules"][0]["id"]
    api = fakturan(mockserver, mockserver_workspace)
    assert api.get("/clients/1").status_code == 503
    off = admin.patch(f"{rules}/{rule_id}", json={"enabled": False})
    assert off.status_code == 200 and off.json()["enabled"] is False and off.json()["hits"] == 1
    assert api.get("/clients/1").status_code == 200
    assert admin.get(rules).json()["rules"][0]["hits"] == 1
    assert admin.patch(f"{rules}/{rule_id}", json={"enabled": True}).json()["enabled"] is True
    assert api.get("/clients/1").status_code == 503
    assert admin.patch(f"{rules}/{rule_id}", json={"enabled": "no"}).status_code == 422
    assert admin.patch(f"{rules}/r999", json={"enabled": True}).status_code == 404


def read_events(lines, wanted: set[str], timeout: float = 5.0) -> dict[str, list]:
    got: dict[str, list] = {}
    name = None
    deadline = time.monotonic() + timeout
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            got.setdefault(name, []).append(json.loads(line.removeprefix("data: ")))
            if wanted <= set(got) or time.monotonic() > deadline:
                break
    return got


def test_event_stream_pushes_new_requests_and_clock_changes(mockserver, mockserver_workspace, admin):
    url = f"/workspaces/{mockserver_workspace.id}/events"
    with admin.stream("GET", url) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.iter_lines()
        first = read_events(lines, {"clock", "scenarios", "workspaces"})
        assert first["clock"][0]["start"] and first["scenarios"][0] == {"rules": []}
        assert mockserver_workspace.id in [w["id"] for w in first["workspaces"][0]["workspaces"]]
        started = time.monotonic()
        fakturan(mockserver, mockserver_workspace).get("/clients/1")
        pushed = read_events(lines, {"request"})
        assert time.monotonic() - started < 2
        assert (
            pushed["request"][0]["path"] == "/fakturan/api/v2/clients/1"
            and pushed["request"][0]["status"] == 200
        )
        mockserver_workspace.advance("P1D")
        clock = read_events(lines, {"clock"})["clock"][0]
        assert clock["now"] > first["clock"][0]["now"]
