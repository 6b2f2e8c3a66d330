"""Shared test set-up. The `mockserver` and `mockserver_workspace` fixtures come from
mockserver.testing.plugin (a pytest11 entry point): one real server per session, a fresh
workspace per test."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); it holds the provider documents and contracts")
    return SHARED
