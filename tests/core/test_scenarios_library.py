"""Every ready-made file in `scenarios/`, loaded into a workspace and shown doing what it says."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from mockserver.core.scenarios import check_file
from mockserver.providers import all_providers

PROVIDERS = frozenset(provider.name for provider in all_providers())

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
CLIENTS = "/fakturan/api/v2/clients"
INVOICES = "/fakturan/api/v2/invoices"


def loaded(workspace, name: str) -> None:
    workspace.add_scenario((LIBRARY / name).read_text())


@pytest.fixture
def fakturan(mockserver, mockserver_workspace):
    credentials = mockserver_workspace.credentials["fakturan"]
    auth = (credentials["username"], credentials["password"])
    with httpx.Client(base_url=mockserver.url, auth=auth, timeout=5) as client:
        yield client


def test_the_library_is_what_these_tests_cover():
    assert sorted(path.name for path in LIBRARY.glob("*.yaml")) == [
        "expired-credentials.yaml",
        "flaky-provider.yaml",
        "maintenance-window.yaml",
        "rate-limited-bulk-import.yaml",
        "slow-provider.yaml",
        "timeout-after-commit.yaml",
    ]
    assert {path.name: check_file(str(path), PROVIDERS) for path in LIBRARY.glob("*.yaml")} == {
        path.name: [] for path in LIBRARY.glob("*.yaml")
    }


def outcomes(client: httpx.Client, count: int) -> list[str]:
    seen = []
    for _ in range(count):
        try:
            seen.append(str(client.get(CLIENTS).status_code))
        except httpx.TransportError:
            seen.append("reset")
    return seen


def test_flaky_provider_fails_some_requests_the_same_way_each_run(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "flaky-provider.yaml")
    first = outcomes(fakturan, 60)
    assert {"200", "503", "reset"} == set(first)
    assert first.count("200") > 40
    mockserver_workspace.reset()
    assert outcomes(fakturan, 60) == first


def test_maintenance_window_answers_503_inside_it_only(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "maintenance-window.yaml")
    mockserver_workspace.set_clock("2026-01-10T01:59:00Z")
    assert fakturan.get(CLIENTS).status_code == 200
    mockserver_workspace.set_clock("2026-01-10T02:30:00Z")
    down = fakturan.get(CLIENTS)
    assert down.status_code == 503
    assert down.headers["retry-after"] == "7200"
    assert down.json() == {"error": "Scheduled maintenance until 04:00 UTC"}
    mockserver_workspace.advance("PT2H")
    assert fakturan.get(CLIENTS).status_code == 200


def test_rate_limited_bulk_import_limits_writes_not_reads(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "rate-limited-bulk-import.yaml")
    mockserver_workspace.admin.post(f"/workspaces/{mockserver_workspace.id}/clock", json={"frozen": True})
    created = [fakturan.post(CLIENTS, json={"company": f"Import {n} AB"}).status_code for n in range(10)]
    assert created == [201] * 10
    refused = fakturan.post(CLIENTS, json={"company": "Import 10 AB"})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert fakturan.get(CLIENTS).status_code == 200
    mockserver_workspace.advance("PT1S")
    assert fakturan.post(CLIENTS, json={"company": "Import 10 AB"}).status_code == 201


def test_slow_provider_answers_normally_but_late(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "slow-provider.yaml")
    started = time.perf_counter()
    answer = fakturan.get(CLIENTS)
    assert 0.2 <= time.perf_counter() - started < 2
    assert answer.status_code == 200 and answer.json()["data"][0]["name"] == "Google Inc"
    assert mockserver_workspace.requests(limit=1)[0]["rule"] == "slow-provider"


def test_expired_credentials_refuse_with_the_providers_401(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "expired-credentials.yaml")
    refused = fakturan.get(CLIENTS)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Basic realm="Application"'
    assert refused.text.startswith("HTTP Basic: Access denied.")


def test_timeout_after_commit_makes_a_blind_retry_a_duplicate(mockserver_workspace, fakturan):
    loaded(mockserver_workspace, "timeout-after-commit.yaml")
    invoice = {
        "client_id": 1,
        "our_reference": "order-4711",
        "rows": [{"product_name": "Consulting", "amount": "1", "product_price": "100"}],
    }
    with pytest.raises(httpx.ReadTimeout):
        fakturan.post(INVOICES, json=invoice, timeout=0.5)
    assert fakturan.post(INVOICES, json=invoice).status_code == 201  # the naive retry
    listed = fakturan.get(INVOICES, params={"per_page": 100}).json()["data"]
    assert [i["our_reference"] for i in listed].count("order-4711") == 2
