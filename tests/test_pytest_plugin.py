"""The pytest plugin as a user's test suite meets it: run in a child pytest, with and without
an admin token, using the domain fixtures."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mockserver.testing.journal import assert_requests

USER_TESTS = """
import pytest


def test_domain_fixtures(mockserver, mockserver_workspace, mockserver_clients):
    fakturan = mockserver_clients.fakturan
    made = fakturan.post("/api/v2/invoices", json={"client_id": 1, "rows": [{"product_name": "x", "product_price": "100", "amount": "2"}]})
    assert made.status_code == 201, made.text
    fakturan.get("/api/v2/invoices")
    mockserver_workspace.assert_one_request("POST", "/invoices")
    assert mockserver_workspace.assert_one_request("GET", "/api/v2/invoices", status=200)["status"] == 200
    with pytest.raises(AssertionError) as failed:
        mockserver_workspace.assert_one_request("PUT", "/invoices")
    assert "near misses:" in str(failed.value) and "POST /fakturan/api/v2/invoices -> 201" in str(failed.value)
    before = mockserver_workspace.admin.get(f"/workspaces/{mockserver_workspace.id}/clock")["now"]
    assert mockserver_workspace.advance("P30D")["now"] > before
    assert mockserver_clients.konto.get("/api/v1/hello").json()["status"] is True
    assert mockserver_clients.regtech.get("/invoice/nope/status").status_code == 404


def test_scenario_rules_hold_inside_the_block_only(mockserver_workspace, mockserver_clients):
    rule = {"rules": [{"match": {"path": "/fakturan/api/v2/clients/1"}, "respond": {"status": 503}}]}
    with mockserver_workspace.scenario(rule) as added:
        assert added[0]["id"]
        assert mockserver_clients.fakturan.get("/api/v2/clients/1").status_code == 503
    assert mockserver_clients.fakturan.get("/api/v2/clients/1").status_code == 200
    assert mockserver_workspace.admin.get(f"/workspaces/{mockserver_workspace.id}/scenarios")["rules"] == []


def test_the_token_reaches_the_control_plane(mockserver):
    import os, httpx
    token = os.environ.get("MOCKSERVER_ADMIN_TOKEN")
    if token:
        assert httpx.get(mockserver.url + "/_admin/workspaces").status_code == 401
    assert mockserver.admin.get("/workspaces")["workspaces"]
"""


def run_pytest(folder: Path, **env: str) -> subprocess.CompletedProcess:
    """A user's suite in a child pytest, with none of this run's MOCKSERVER_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOCKSERVER_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **env},
        cwd=folder,
    )


@pytest.mark.parametrize("token", [None, "plugin-secret"])
def test_plugin_fixtures_in_a_users_suite(tmp_path, token):
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TESTS))
    result = run_pytest(tmp_path, **({"MOCKSERVER_ADMIN_TOKEN": token} if token else {}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def entry(id_, method, path, status=200, provider="fakturan"):
    return {
        "id": id_,
        "provider": provider,
        "method": method,
        "path": path,
        "query": "",
        "status": status,
        "rule": None,
    }


def test_journal_assertion_prints_matches_and_near_misses():
    entries = [
        entry(3, "POST", "/fakturan/api/v2/invoices"),
        entry(2, "POST", "/fakturan/api/v2/invoices", 422),
        entry(1, "GET", "/fakturan/api/v2/clients/1"),
    ]
    assert [e["id"] for e in assert_requests(entries, 2, method="post", path="/invoices")] == [2, 3]
    with pytest.raises(AssertionError) as failed:
        assert_requests(entries, 1, method="POST", path="/invoices", status=201)
    assert str(failed.value).splitlines() == [
        "expected 1 request(s) with method='POST', path='/invoices', status=201, found 0",
        "  near misses:",
        "    #3 fakturan POST /fakturan/api/v2/invoices -> 200",
        "    #2 fakturan POST /fakturan/api/v2/invoices -> 422",
    ]
    assert [e["id"] for e in assert_requests(entries, 1, path="/fakturan/*/clients/*")] == [1]


def test_the_readme_example_runs_as_written(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("## Using it from pytest") :]
    example = section[section.index("```python\n") + 10 : section.index("```\n", section.index("```python"))]
    (tmp_path / "test_readme.py").write_text(example)
    result = run_pytest(tmp_path)
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout + result.stderr
