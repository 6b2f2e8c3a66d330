"""Which requests a rule fires on: each `match` and `when` condition over real HTTP."""

from __future__ import annotations

import httpx
import pytest

CLIENTS = "/fakturan/api/v2/clients"
TEAPOT = {"status": 418, "body": {"scenario": "fired"}}


@pytest.fixture
def client(mockserver, mockserver_workspace):
    credentials = mockserver_workspace.credentials["fakturan"]
    with httpx.Client(
        base_url=mockserver.url, auth=(credentials["username"], credentials["password"])
    ) as http:
        yield http


def fires(answer: httpx.Response) -> bool:
    return answer.status_code == 418


def load(workspace, **fields) -> None:
    workspace.add_scenario({"rules": [{"respond": TEAPOT, **fields}]})


# -- match ---------------------------------------------------------------------------------------


def test_match_provider_leaves_other_providers_alone(mockserver, mockserver_workspace, client):
    load(mockserver_workspace, match={"provider": "fakturan"})
    assert fires(client.get(CLIENTS))
    served = [p["name"] for p in httpx.get(mockserver.url + "/").json()["providers"]]
    others = [name for name in served if name != "fakturan"]
    if not others:
        pytest.skip("only Fakturan is registered in this tree")
    assert not fires(httpx.get(f"{mockserver.url}/{others[0]}/anything"))


def test_match_method(mockserver_workspace, client):
    load(mockserver_workspace, match={"method": ["post", "PUT"]})
    assert not fires(client.get(CLIENTS))
    assert fires(client.post(CLIENTS, json={"company": "A"}))
    assert fires(client.put(CLIENTS + "/1", json={"company": "A"}))


def test_match_path_star_stays_within_a_segment(mockserver_workspace, client):
    load(mockserver_workspace, match={"path": "/fakturan/api/v2/*"})
    assert fires(client.get(CLIENTS))
    assert fires(client.get("/fakturan/api/v2/products"))
    assert not fires(client.get(CLIENTS + "/1"))


def test_match_path_double_star_crosses_segments(mockserver_workspace, client):
    load(mockserver_workspace, match={"path": "/fakturan/**/payments"})
    assert fires(client.get("/fakturan/api/v2/invoices/1/payments"))
    assert not fires(client.get("/fakturan/api/v2/invoices/1"))


def test_match_query(mockserver_workspace, client):
    load(mockserver_workspace, match={"query": {"per_page": 100, "page": "2"}})
    assert fires(client.get(CLIENTS, params={"page": 2, "per_page": 100, "sort": "name"}))
    assert not fires(client.get(CLIENTS, params={"page": 2, "per_page": 50}))
    assert not fires(client.get(CLIENTS, params={"per_page": 100}))


def test_match_headers_by_name_in_any_case(mockserver_workspace, client):
    load(mockserver_workspace, match={"headers": {"X-Test-Case": "outage"}})
    assert fires(client.get(CLIENTS, headers={"x-test-case": "outage"}))
    assert not fires(client.get(CLIENTS, headers={"x-test-case": "other"}))
    assert not fires(client.get(CLIENTS))


def test_match_json_body_fields_with_dotted_paths(mockserver_workspace, client):
    load(mockserver_workspace, match={"body": {"client_id": 1, "rows.0.product_code": "X-1", "draft": True}})
    invoice = {"client_id": 1, "draft": True, "rows": [{"product_code": "X-1"}]}
    assert fires(client.post("/fakturan/api/v2/invoices", json=invoice))
    assert not fires(client.post("/fakturan/api/v2/invoices", json={**invoice, "client_id": 2}))
    assert not fires(client.post("/fakturan/api/v2/invoices", json={**invoice, "draft": 1}))
    assert not fires(client.post("/fakturan/api/v2/invoices", json={"client_id": 1, "draft": True}))


def test_match_form_body_fields(mockserver_workspace, client):
    load(mockserver_workspace, match={"body": {"customer_id": 7}})
    assert fires(client.post(CLIENTS, data={"customer_id": "7", "name": "x"}))
    assert not fires(client.post(CLIENTS, data={"customer_id": "8"}))
    multipart = {"customer_id": (None, "7"), "attachment": ("a.txt", b"customer_id=8")}
    assert fires(client.post(CLIENTS, files=multipart))
    assert not fires(client.post(CLIENTS, files={"customer_id": (None, "8")}))


# -- when ----------------------------------------------------------------------------------------


def statuses(client: httpx.Client, count: int) -> list[bool]:
    return [fires(client.get(CLIENTS)) for _ in range(count)]


def test_when_nth_fires_on_those_matching_requests_only(mockserver_workspace, client):
    load(mockserver_workspace, match={"path": CLIENTS}, when={"nth": [2, 3]})
    client.get("/fakturan/api/v2/products")  # does not match, so does not count
    assert statuses(client, 5) == [False, True, True, False, False]


def test_when_times_caps_the_firings(mockserver_workspace, client):
    load(mockserver_workspace, when={"times": 2})
    assert statuses(client, 4) == [True, True, False, False]


def test_when_after_skips_the_first_requests(mockserver_workspace, client):
    load(mockserver_workspace, when={"after": 2})
    assert statuses(client, 4) == [False, False, True, True]


def test_when_every_fires_on_each_nth(mockserver_workspace, client):
    load(mockserver_workspace, when={"every": 3})
    assert statuses(client, 7) == [False, False, True, False, False, True, False]


def test_when_conditions_combine(mockserver_workspace, client):
    load(mockserver_workspace, when={"after": 1, "every": 2, "times": 2})
    assert statuses(client, 8) == [False, True, False, True, False, False, False, False]


def test_when_probability_is_the_same_sequence_for_the_same_seed(mockserver):
    sequences = []
    for seed in (7, 7, 8):
        workspace = mockserver.admin.create_workspace(seed=seed)
        try:
            load(workspace, when={"probability": 0.5})
            credentials = workspace.credentials["fakturan"]
            with httpx.Client(
                base_url=mockserver.url, auth=(credentials["username"], credentials["password"])
            ) as http:
                sequences.append(statuses(http, 24))
        finally:
            workspace.delete()
    assert sequences[0] == sequences[1]
    assert sequences[0] != sequences[2]
    assert 4 <= sum(sequences[0]) <= 20


def test_when_probability_sequence_starts_over_after_reset(mockserver_workspace, client):
    load(mockserver_workspace, when={"probability": 0.5})
    first = statuses(client, 16)
    mockserver_workspace.reset()
    assert statuses(client, 16) == first


def test_when_probability_zero_and_one(mockserver_workspace, client):
    mockserver_workspace.add_scenario(
        {
            "rules": [
                {"match": {"method": "GET"}, "when": {"probability": 0}, "respond": TEAPOT},
                {"match": {"method": "POST"}, "when": {"probability": 1}, "respond": TEAPOT},
            ]
        }
    )
    assert statuses(client, 5) == [False] * 5
    assert fires(client.post(CLIENTS, json={"company": "A"}))


def test_when_between_follows_the_workspace_clock(mockserver_workspace, client):
    mockserver_workspace.set_clock("2026-03-01T01:30:00Z")
    mockserver_workspace.admin.post(f"/workspaces/{mockserver_workspace.id}/clock", json={"frozen": True})
    load(mockserver_workspace, when={"between": ["2026-03-01T02:00:00Z", "2026-03-01T04:00:00Z"]})
    assert not fires(client.get(CLIENTS))
    mockserver_workspace.advance("PT30M")  # 02:00, the window's start is inside it
    assert fires(client.get(CLIENTS))
    mockserver_workspace.advance("PT1H59M")
    assert fires(client.get(CLIENTS))
    mockserver_workspace.advance("PT1M")  # 04:00, the end is outside
    assert not fires(client.get(CLIENTS))


def test_rules_apply_in_order_and_each_counts_its_own_matches(mockserver_workspace, client):
    mockserver_workspace.add_scenario(
        {
            "rules": [
                {"name": "first", "when": {"times": 1}, "respond": {"status": 503}},
                {"name": "second", "when": {"nth": 2}, "respond": {"status": 502}},
            ]
        }
    )
    assert [client.get(CLIENTS).status_code for _ in range(3)] == [503, 502, 200]
    journal = mockserver_workspace.requests()
    assert [entry["rule"] for entry in journal] == [None, "second", "first"]
    listed = mockserver_workspace.admin.get(f"/workspaces/{mockserver_workspace.id}/scenarios")
    assert [(r["name"], r["matched"], r["hits"]) for r in listed["rules"]] == [
        ("first", 3, 1),
        ("second", 3, 1),
    ]
