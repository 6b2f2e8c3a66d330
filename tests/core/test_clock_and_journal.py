"""The virtual clock and the request journal, through the control plane."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mockserver.core.clock import Clock, add_duration, parse_instant


def test_clock_advance_set_and_freeze(mockserver_workspace, mockserver):
    base = f"/workspaces/{mockserver_workspace.id}/clock"
    start = mockserver.admin.get(base)
    assert start["frozen"] is False and parse_instant(start["now"]) >= parse_instant(start["start"])
    frozen = mockserver.admin.post(base, json={"set": "2026-01-31T12:00:00Z", "frozen": True})
    assert frozen == {"now": "2026-01-31T12:00:00Z", "start": start["start"], "frozen": True}
    assert mockserver.admin.post(base, json={"advance": "P1M"})["now"] == "2026-02-28T12:00:00Z"
    assert mockserver.admin.post(base, json={"advance": "PT36H"})["now"] == "2026-03-02T00:00:00Z"


def test_created_invoices_are_dated_by_the_workspace_clock(mockserver_workspace, mockserver):
    mockserver.admin.post(
        f"/workspaces/{mockserver_workspace.id}/clock", json={"set": "2030-06-15T08:00:00Z"}
    )
    creds = mockserver_workspace.credentials["fakturan"]
    answer = httpx.post(
        f"{mockserver.url}/fakturan/api/v2/invoices",
        json={"client_id": 1, "rows": [{"text": "Konsult", "amount": "1", "product_price": "100"}]},
        auth=(creds["username"], creds["password"]),
    )
    assert answer.json()["data"]["date"] == "2030-06-15"


@pytest.mark.parametrize("body", [{}, {"advance": "30 days"}, {"set": "tomorrow"}, {"frozen": "yes"}])
def test_bad_clock_requests_are_refused(mockserver_workspace, mockserver, body):
    answer = mockserver.admin.http.post(f"/workspaces/{mockserver_workspace.id}/clock", json=body)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"


def test_journal_records_filters_and_clears(mockserver_workspace, mockserver):
    creds = mockserver_workspace.credentials["fakturan"]
    with httpx.Client(
        base_url=f"{mockserver.url}/fakturan/api/v2", auth=(creds["username"], creds["password"])
    ) as api:
        api.get("/clients/1")
        api.post("/clients", json={"company": "Journal AB"})
        api.get("/clients/424242")
    entries = mockserver_workspace.requests()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/fakturan/api/v2/clients/424242", 404),
        ("POST", "/fakturan/api/v2/clients", 201),
        ("GET", "/fakturan/api/v2/clients/1", 200),
    ]
    created = entries[1]
    assert created["request"]["body"] == {"company": "Journal AB"}
    assert created["response"]["body"]["data"]["name"] == "Journal AB"
    assert created["provider"] == "fakturan" and created["duration_ms"] > 0 and created["rule"] is None
    assert [e["status"] for e in mockserver_workspace.requests(status=404)] == [404]
    assert len(mockserver_workspace.requests(limit=2)) == 2
    assert len(mockserver_workspace.requests(path="*/clients/1")) == 1
    assert len(mockserver_workspace.requests(path="/fakturan/api/v2/clients", method="post")) == 1
    mockserver.admin.delete(f"/workspaces/{mockserver_workspace.id}/requests")
    assert mockserver_workspace.requests() == []


def test_journal_is_a_capped_ring_buffer():
    from mockserver.core.journal import Journal

    journal = Journal(capacity=3)
    for number in range(5):
        journal.start(at="t", provider="p", method="GET", path=f"/{number}", query="")
    assert [e["path"] for e in journal.query()] == ["/4", "/3", "/2"]


def test_clock_runs_with_real_time_unless_frozen():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    clock = Clock(start)
    assert clock.now() >= start
    clock.freeze(True)
    held = clock.now()
    assert clock.now() == held
    clock.advance("P1D")
    assert clock.now() == held + timedelta(days=1)


def test_durations_and_instants():
    moment = parse_instant("2026-01-31T00:00:00Z")
    assert add_duration(moment, "P1M") == parse_instant("2026-02-28T00:00:00Z")
    assert add_duration(moment, "-P1DT1H") == parse_instant("2026-01-29T23:00:00Z")
    assert parse_instant("2026-01-31") == moment
    for bad in ("P", "1D", "PT", "P1.5D"):
        with pytest.raises(ValueError):
            add_duration(moment, bad)
