"""`openapi-python-client` on a provider's OpenAPI document yields a client that works against
the sandbox (Fakturan: Basic auth, envelopes, typed models). Skips where the generator is absent."""

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest


def generator() -> str | None:
    beside = Path(sys.executable).parent / "openapi-python-client"
    return str(beside) if beside.exists() else shutil.which("openapi-python-client")


def test_generated_fakturan_client_reads_and_writes(mockserver, tmp_path, monkeypatch):
    command = generator()
    if command is None:
        pytest.skip(
            "openapi-python-client is not installed (pip install openapi-python-client, in the test extra)"
        )
    document = tmp_path / "fakturan.json"
    document.write_bytes(httpx.get(f"{mockserver.url}/fakturan/openapi.json").content)
    generated = subprocess.run(
        [
            command,
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / "fakturan_client"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    client_module = importlib.import_module("fakturan_client.client")
    show_client = importlib.import_module("fakturan_client.api.clients.show_client")
    list_invoices = importlib.import_module("fakturan_client.api.invoices.list_invoices")
    workspace = mockserver.admin.create_workspace()
    try:
        creds = workspace.credentials["fakturan"]
        client = client_module.Client(
            base_url=f"{mockserver.url}/fakturan", httpx_args={"auth": (creds["username"], creds["password"])}
        )
        shown = show_client.sync_detailed(client=client, id=1)
        assert shown.status_code == 200
        assert shown.parsed.data.name == "Google Inc" and shown.parsed.data.address.zip_code == "94043"
        invoices = list_invoices.sync(client=client)
        assert len(invoices.data) == 20
        wrong = client_module.Client(
            base_url=f"{mockserver.url}/fakturan", httpx_args={"auth": ("no", "body")}
        )
        assert show_client.sync_detailed(client=wrong, id=1).status_code == 401
    finally:
        workspace.delete()
        for name in [m for m in sys.modules if m == "fakturan_client" or m.startswith("fakturan_client.")]:
            del sys.modules[name]
