"""`mockserver serve` as a user starts it: a real process on a real port."""

import subprocess
import sys

import httpx

from mockserver.testing.client import RunningServer

FAKTURAN = ("demo-key-id", "demo-key-secret")


def test_port_zero_prints_the_bound_url_first_and_serves_the_index():
    server = RunningServer()
    try:
        assert server.lines[0].startswith("mockserver listening on http://127.0.0.1:")
        index = httpx.get(server.url + "/").json()
        assert [p["name"] for p in index["providers"]][:1] == ["fakturan"] or "fakturan" in [
            p["name"] for p in index["providers"]
        ]
        assert index["dashboard"] == f"{server.url}/_admin/ui"
        assert httpx.get(server.url + "/_admin/health").json() == {"status": "ok"}
        assert httpx.get(server.url + "/_admin/ui").headers["content-type"].startswith("text/html")
    finally:
        server.stop()


def test_same_seed_and_clock_start_give_byte_identical_answers_across_restarts():
    bodies = []
    for _ in range(2):
        server = RunningServer("--seed", "42", "--clock-start", "2026-03-01T00:00:00Z")
        try:
            bodies.append(
                [
                    httpx.get(f"{server.url}/fakturan/api/v2/{path}", auth=FAKTURAN).content
                    for path in ("clients?per_page=100", "invoices?per_page=100", "products")
                ]
            )
        finally:
            server.stop()
    assert bodies[0] == bodies[1]
    assert b"2026-03-01" in bodies[0][1] or b"2026-02" in bodies[0][1]


def test_environment_twins_set_the_flags():
    server = RunningServer(env={"MOCKSERVER_SEED": "5", "MOCKSERVER_CLOCK_START": "2024-02-29T00:00:00Z"})
    try:
        default = httpx.get(f"{server.url}/_admin/workspaces/default").json()
        assert default["seed"] == 5 and default["clock_start"] == "2024-02-29T00:00:00Z"
    finally:
        server.stop()


def test_state_file_keeps_workspaces_across_restarts(tmp_path):
    state_file = str(tmp_path / "state.json")
    server = RunningServer("--state-file", state_file)
    try:
        workspace = httpx.post(f"{server.url}/_admin/workspaces", json={"id": "kept"}).json()
        creds = workspace["credentials"]["fakturan"]
        made = httpx.post(
            f"{server.url}/fakturan/api/v2/clients",
            json={"company": "Persisted AB"},
            auth=(creds["username"], creds["password"]),
        ).json()["data"]
    finally:
        server.stop()  # SIGTERM: uvicorn shuts down gracefully, then re-raises the signal
    again = RunningServer("--state-file", state_file)
    try:
        shown = httpx.get(
            f"{again.url}/fakturan/api/v2/clients/{made['id']}", auth=(creds["username"], creds["password"])
        )
        assert shown.status_code == 200 and shown.json()["data"]["name"] == "Persisted AB"
    finally:
        again.stop()


def test_provider_port_serves_a_provider_at_the_root():
    server = RunningServer("--provider-port", "fakturan=0")
    try:
        extra = server.wait_for_line("mockserver serving fakturan on")
        url = extra.rsplit(" ", 1)[1]
        assert httpx.get(f"{url}/api/v2/clients/1", auth=FAKTURAN).json()["data"]["name"] == "Google Inc"
        paging = httpx.get(f"{url}/api/v2/clients?per_page=1", auth=FAKTURAN).json()["paging"]
        assert paging["next"] == f"{url}/api/v2/clients?page=2&per_page=1"
        created = httpx.post(f"{url}/api/v2/products", json={"name": "At root"}, auth=FAKTURAN)
        assert created.headers["location"] == f"{url}/api/v2/products/{created.json()['data']['id']}"
        journal = httpx.get(f"{server.url}/_admin/workspaces/default/requests").json()["requests"]
        assert journal[-1]["path"] == "/fakturan/api/v2/clients/1"
    finally:
        server.stop()


def test_bad_flags_fail_fast_with_a_message():
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--provider-port", "nope=1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0 and "unknown provider" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", "x"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "--port" in result.stderr


def test_a_websocket_upgrade_is_answered_as_plain_http():
    # The sandbox serves no WebSocket: uvicorn runs without a WebSocket library (start-up), so an
    # upgrade is an ordinary request, and the log does not advise installing one.
    server = RunningServer()
    try:
        upgrade = {
            "connection": "Upgrade",
            "upgrade": "websocket",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
            "sec-websocket-version": "13",
        }
        answer = httpx.get(server.url + "/fakturan/api/v2/clients/1", headers=upgrade, auth=FAKTURAN)
        assert answer.status_code == 200
        assert answer.json()["data"]["name"] == "Google Inc"
    finally:
        server.stop()
    assert any("Unsupported upgrade request." in line for line in server.errors)
    assert not any("WebSocket library" in line for line in server.errors)
