"""docs/ci.md's recipes. The compose recipe is run as written where a Docker engine answers
(image built from this repository); elsewhere that test skips and says why."""

import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI = (ROOT / "docs" / "ci.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", CI, flags=re.S)


def test_every_yaml_recipe_parses_and_waits_on_the_health_check():
    compose, github, gitlab = (yaml.safe_load(text) for text in blocks("yaml"))
    assert compose["services"]["mockserver"]["healthcheck"]["test"] == ["CMD", "mockserver", "health"]
    service = github["jobs"]["test"]["services"]["mockserver"]
    assert '--health-cmd "mockserver health"' in service["options"]
    assert service["env"]["MOCKSERVER_ADMIN_TOKEN"] == github["jobs"]["test"]["env"]["MOCKSERVER_ADMIN_TOKEN"]
    assert any("/_admin/health" in line for line in gitlab["test"]["script"])


def docker_engine() -> str | None:
    """Why Docker cannot be used here, or None when it can."""
    if shutil.which("docker") is None:
        return "docker is not installed"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    if info.returncode != 0:
        return "no Docker engine answers (docker info failed)"
    compose = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, timeout=30)
    return None if compose.returncode == 0 else "docker compose is not available"


def test_compose_recipe_runs_as_written(tmp_path):
    reason = docker_engine()
    if reason:
        pytest.skip(f"compose recipe not run: {reason}")
    subprocess.run(["docker", "build", "-q", "-t", "mockserver:latest", str(ROOT)], check=True, timeout=600)
    (tmp_path / "compose.yaml").write_text(blocks("yaml")[0])
    up = ["docker", "compose", "--project-directory", str(tmp_path), "--project-name", "mockserver-ci-recipe"]
    try:
        subprocess.run([*up, "up", "--detach", "--wait"], check=True, timeout=120)
        answer = httpx.get(
            "http://127.0.0.1:18080/_admin/workspaces", headers={"authorization": "Bearer ci-secret"}
        )
        assert answer.status_code == 200 and answer.json()["workspaces"][0]["seed"] == 1
        assert httpx.get("http://127.0.0.1:18080/_admin/workspaces").status_code == 401
    finally:
        subprocess.run([*up, "down", "--volumes"], timeout=120)


def test_testcontainers_module_hands_back_a_ready_sandbox():
    pytest.importorskip("testcontainers", reason="testcontainers is not installed (the container extra)")
    from mockserver.testing.container import MockserverContainer

    reason = docker_engine()
    if reason:
        pytest.skip(f"container not started: {reason}")
    subprocess.run(["docker", "build", "-q", "-t", "mockserver:latest", str(ROOT)], check=True, timeout=600)
    with MockserverContainer("mockserver:latest", admin_token="secret") as sandbox:
        workspace = sandbox.admin().create_workspace()
        assert workspace.client("fakturan").get("/api/v2/clients/1").json()["data"]["name"] == "Google Inc"
