"""The CLI as a user meets it: `--version`, one-line errors for bad flag values (exit 2),
clean exits on SIGTERM and SIGINT, and the access log."""

import json
import signal
import subprocess
import sys
import time

import httpx
import pytest

import mockserver
from mockserver.cli import main
from mockserver.testing.client import RunningServer

FAKTURAN = ("demo-key-id", "demo-key-secret")


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"mockserver {mockserver.__version__}\n"


def test_version_is_the_installed_distributions_version():
    from importlib.metadata import version

    assert version("mockserver") == mockserver.__version__


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "mockserver: --port: must be an integer from 0 to 65535, got '70000'"),
        (["--port", "-1"], "mockserver: --port: must be an integer from 0 to 65535, got '-1'"),
        (["--port", "http"], "mockserver: --port: must be an integer from 0 to 65535, got 'http'"),
        (["--seed", "x"], "mockserver: --seed: must be an integer, 0 or more, got 'x'"),
        (["--journal-size", "-5"], "mockserver: --journal-size: must be an integer, 0 or more, got '-5'"),
        (
            ["--max-body-bytes", "1.5"],
            "mockserver: --max-body-bytes: must be an integer, 0 or more, got '1.5'",
        ),
        (
            ["--timeout-hold", "-1"],
            "mockserver: --timeout-hold: must be a number of seconds, 0 or more, got '-1'",
        ),
        (
            ["--timeout-hold", "nan"],
            "mockserver: --timeout-hold: must be a number of seconds, 0 or more, got 'nan'",
        ),
        (
            ["--clock-start", "yesterday"],
            "mockserver: --clock-start: must be an ISO 8601 instant from 1970 to 2100 such as 2026-01-31T00:00:00Z, "
            "got 'yesterday'",
        ),
        (
            ["--provider-port", "fakturan=99999"],
            "mockserver: --provider-port: takes NAME=PORT with PORT from 0 to 65535, such as fakturan=8081, "
            "got 'fakturan=99999'",
        ),
        (["--log-format", "xml"], "mockserver: --log-format: must be one of text, json, got 'xml'"),
        (["--bogus"], "mockserver: unrecognized arguments: --bogus"),
    ],
)
def test_a_bad_flag_value_is_one_line_naming_the_flag_and_exits_2(capsys, args, message):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", *args])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == message + "\n"


def test_a_bad_environment_value_names_the_variable(capsys, monkeypatch):
    monkeypatch.setenv("MOCKSERVER_PORT", "eighty")
    monkeypatch.setenv("MOCKSERVER_ACCESS_LOG", "maybe")
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    assert (
        capsys.readouterr().err
        == "mockserver: MOCKSERVER_PORT: must be an integer from 0 to 65535, got 'eighty'\n"
    )


def test_a_bad_flag_exits_2_from_the_command_line_too():
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", "65536"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "mockserver: --port: must be an integer from 0 to 65535, got '65536'"
    ]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_exit_0_after_writing_the_state_file(tmp_path, signum):
    state_file = tmp_path / "state.json"
    server = RunningServer("--state-file", str(state_file))
    httpx.post(f"{server.url}/_admin/workspaces", json={"id": "kept"}).raise_for_status()
    server.process.send_signal(signum)
    assert server.process.wait(timeout=10) == 0
    assert "kept" in state_file.read_text()


def _stderr_line(server: RunningServer, needle: str) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = [line for line in list(server.errors) if needle in line]
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no stderr line with {needle!r}: {server.errors}")


def test_access_log_prints_one_line_per_request_with_workspace_rule_status_and_duration():
    server = RunningServer("--access-log")
    try:
        httpx.post(
            f"{server.url}/_admin/workspaces/default/scenarios",
            json={
                "rules": [
                    {
                        "name": "down",
                        "match": {"path": "/fakturan/api/v2/products"},
                        "respond": {"status": 503},
                    }
                ]
            },
        ).raise_for_status()
        httpx.get(f"{server.url}/fakturan/api/v2/clients/1", auth=FAKTURAN)
        httpx.get(f"{server.url}/fakturan/api/v2/products?page=2", auth=FAKTURAN)
        plain = _stderr_line(server, "GET /fakturan/api/v2/clients/1")
        fired = _stderr_line(server, "/fakturan/api/v2/products")
    finally:
        server.stop()
    assert " INFO mockserver.access: default fakturan GET /fakturan/api/v2/clients/1 200 " in plain
    assert plain.endswith(" rule=-") and "ms " in plain
    assert "default fakturan GET /fakturan/api/v2/products?page=2 503 " in fired and fired.endswith(
        "rule=down"
    )


def test_access_log_as_json_lines_from_the_environment():
    server = RunningServer(env={"MOCKSERVER_ACCESS_LOG": "1", "MOCKSERVER_LOG_FORMAT": "json"})
    try:
        httpx.get(f"{server.url}/fakturan/api/v2/clients/1", auth=("nobody", "wrong"))
        line = json.loads(_stderr_line(server, "mockserver.access"))
    finally:
        server.stop()
    assert line["logger"] == "mockserver.access" and line["level"] == "info"
    assert {k: line[k] for k in ("workspace", "provider", "method", "path", "status", "rule")} == {
        "workspace": "default",
        "provider": "fakturan",
        "method": "GET",
        "path": "/fakturan/api/v2/clients/1",
        "status": 401,
        "rule": None,
    }
    assert line["duration_ms"] >= 0


def test_no_access_log_by_default():
    server = RunningServer()
    try:
        httpx.get(f"{server.url}/fakturan/api/v2/clients/1", auth=FAKTURAN)
        time.sleep(0.2)
    finally:
        server.stop()
    assert not [line for line in server.errors if "mockserver.access" in line]


def test_a_broken_scenario_file_is_a_bad_flag_value_too(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules:\n  - match: {provider: nope}\n    respond: {status: 503}\n")
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--scenario", str(broken)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"mockserver: --scenario: {broken}: rule 1: match.provider: unknown provider 'nope'"
    )
