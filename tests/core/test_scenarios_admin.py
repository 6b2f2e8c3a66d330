"""Scenario rules through the control plane and `--scenario`: per workspace, validated whole."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from mockserver.testing.client import ControlPlane, RunningServer

CLIENTS = "/fakturan/api/v2/clients"
OUTAGE = """
rules:
  - name: clients-outage   # YAML, comments and all
    match: {provider: fakturan, path: /fakturan/api/v2/clients}
    respond: {status: 503}
"""


def get_clients(url: str, workspace) -> httpx.Response:
    credentials = workspace.credentials["fakturan"]
    return httpx.get(url + CLIENTS, auth=(credentials["username"], credentials["password"]))


def scenarios_of(workspace) -> list[dict]:
    return workspace.admin.get(f"/workspaces/{workspace.id}/scenarios")["rules"]


def test_add_yaml_list_with_hit_counts_and_remove(mockserver, mockserver_workspace):
    added = mockserver_workspace.add_scenario(OUTAGE)["rules"]
    assert [(r["id"], r["name"], r["hits"]) for r in added] == [("r1", "clients-outage", 0)]
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 503
    listed = scenarios_of(mockserver_workspace)
    assert listed[0]["hits"] == 1 and listed[0]["respond"] == {"status": 503}
    mockserver_workspace.admin.delete(f"/workspaces/{mockserver_workspace.id}/scenarios/r1")
    assert scenarios_of(mockserver_workspace) == []
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 200


def test_delete_all_rules(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(OUTAGE)
    mockserver_workspace.add_scenario({"rules": [{"delay": 1}]})
    assert [r["id"] for r in scenarios_of(mockserver_workspace)] == ["r1", "r2"]
    mockserver_workspace.admin.delete(f"/workspaces/{mockserver_workspace.id}/scenarios")
    assert scenarios_of(mockserver_workspace) == []
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 200


def test_unknown_rule_id_is_404(mockserver, mockserver_workspace):
    answer = httpx.delete(f"{mockserver.url}/_admin/workspaces/{mockserver_workspace.id}/scenarios/r99")
    assert answer.status_code == 404
    assert answer.json() == {"error": "not_found", "message": "no scenario rule 'r99' in this workspace"}


def test_an_invalid_document_is_refused_whole(mockserver, mockserver_workspace):
    document = {
        "rules": [
            {"name": "fine", "respond": {"status": 503}},
            {"name": "typo", "match": {"provider": "fakturn"}, "when": {"nth": 0}, "respnd": {}},
        ]
    }
    url = f"{mockserver.url}/_admin/workspaces/{mockserver_workspace.id}/scenarios"
    answer = httpx.post(url, json=document)
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert any(p.startswith('request body: rule 2 "typo": respnd: unknown field') for p in problems)
    assert any(p.startswith('request body: rule 2 "typo": when.nth: nth counts') for p in problems)
    assert scenarios_of(mockserver_workspace) == []
    not_yaml = httpx.post(url, content=b"rules: [", headers={"content-type": "application/yaml"})
    assert not_yaml.status_code == 422
    assert "not valid YAML or JSON at line 1" in not_yaml.json()["message"]


def test_two_workspaces_at_once_each_see_only_their_own_rules(mockserver):
    slow = mockserver.admin.create_workspace(scenarios=[{"name": "slow", "delay": 300}])
    failing = mockserver.admin.create_workspace(scenarios=[{"name": "down", "respond": {"status": 502}}])
    plain = mockserver.admin.create_workspace(scenarios=[])
    results = {}

    def call(workspace) -> None:
        results[workspace.id] = [get_clients(mockserver.url, workspace).status_code for _ in range(3)]

    try:
        threads = [threading.Thread(target=call, args=(ws,)) for ws in (slow, failing, plain)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == {slow.id: [200] * 3, failing.id: [502] * 3, plain.id: [200] * 3}
        assert {e["rule"] for e in slow.requests()} == {"slow"}
        assert {e["rule"] for e in failing.requests()} == {"down"}
        assert {e["rule"] for e in plain.requests()} == {None}
    finally:
        for workspace in (slow, failing, plain):
            workspace.delete()


def test_invalid_scenarios_at_creation_create_no_workspace(mockserver):
    before = len(mockserver.admin.get("/workspaces")["workspaces"])
    answer = httpx.post(f"{mockserver.url}/_admin/workspaces", json={"scenarios": [{"name": "no effect"}]})
    assert answer.status_code == 422
    assert (
        'scenarios: rule 1 "no effect": (rule): a rule needs at least one effect' in answer.json()["message"]
    )
    assert len(mockserver.admin.get("/workspaces")["workspaces"]) == before


def test_a_fork_takes_its_sources_rules_with_fresh_counters(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario({"rules": [{"when": {"nth": 1}, "respond": {"status": 503}}]})
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 503
    fork = mockserver.admin.create_workspace(source=mockserver_workspace.id)
    try:
        assert get_clients(mockserver.url, fork).status_code == 503
        assert get_clients(mockserver.url, mockserver_workspace).status_code == 200
    finally:
        fork.delete()


def test_reset_starts_the_counters_over(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario({"rules": [{"when": {"times": 1}, "respond": {"status": 503}}]})
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 503
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 200
    mockserver_workspace.reset()
    assert scenarios_of(mockserver_workspace)[0]["hits"] == 0
    assert get_clients(mockserver.url, mockserver_workspace).status_code == 503


@pytest.fixture(scope="module")
def outage_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scenarios") / "outage.yaml"
    path.write_text(OUTAGE)
    return path


def test_scenario_flag_loads_into_default_and_new_workspaces_unless_told_not_to(outage_file, tmp_path):
    state = tmp_path / "state.json"
    server = RunningServer("--scenario", str(outage_file), "--state-file", str(state))
    admin = ControlPlane(server.url)
    try:
        assert get_clients(server.url, admin.workspace("default")).status_code == 503
        admin.workspace("default").add_scenario({"rules": [{"name": "added", "delay": 1}]})
        assert get_clients(server.url, admin.create_workspace()).status_code == 503
        assert get_clients(server.url, admin.create_workspace(scenarios=[])).status_code == 200
    finally:
        admin.close()
        server.stop()
    # Restarted on its state file with the same flag: the file's rule is there once, not twice,
    # and the rule added at run time is still there.
    server = RunningServer("--scenario", str(outage_file), "--state-file", str(state))
    admin = ControlPlane(server.url)
    try:
        rules = admin.get("/workspaces/default/scenarios")["rules"]
        assert [(r["name"], r["origin"]) for r in rules] == [
            ("clients-outage", f"file:{outage_file}"),
            ("added", "admin"),
        ]
    finally:
        admin.close()
        server.stop()


BROKEN = """
rules:
  - name: fine
    respond: {status: 503}
  - name: broken-delay
    delay: [500, 100]
"""


def test_a_malformed_file_is_refused_at_start_up(tmp_path, outage_file):
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    with pytest.raises(RuntimeError) as refused:
        RunningServer("--scenario", str(outage_file), "--scenario", str(broken))
    message = str(refused.value)
    assert "did not start" in message
    assert f'{broken}: rule 2 "broken-delay": delay: delay is milliseconds >= 0' in message


def test_scenarios_check_validates_offline(tmp_path, outage_file):
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    check = [sys.executable, "-m", "mockserver", "scenarios", "check"]
    good = subprocess.run([*check, str(outage_file)], capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.strip() == "ok: 1 file(s) valid"
    bad = subprocess.run([*check, str(outage_file), str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        f'{broken}: rule 2 "broken-delay": delay: delay is milliseconds >= 0, or [min, max] with min <= max'
    )
    missing = subprocess.run([*check, str(tmp_path / "nope.yaml")], capture_output=True, text=True)
    assert missing.returncode == 1 and "nope.yaml: cannot read" in missing.stderr
