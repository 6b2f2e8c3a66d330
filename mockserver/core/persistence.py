"""`--state-file`: every workspace's state, clock and credentials kept across restarts.

Stored with TinyDB (one document per workspace) so the file is plain, readable JSON.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB

from mockserver.core.workspaces import Registry


def load(registry: Registry, path: str) -> int:
    """Re-create the workspaces saved in `path`; returns how many. A missing file is no error."""
    if not Path(path).exists():
        return 0
    with TinyDB(path) as db:
        documents = db.table("workspaces").all()
    for document in documents:
        credentials = document.get("credentials", {})
        for name, provider in registry.providers.items():
            credentials.setdefault(name, provider.new_credentials(document["id"]))
        workspace = registry.load(document["id"], document["seed"], credentials, document)
        workspace.scenarios.restore(document.get("scenarios", []))
    return len(documents)


def save(registry: Registry, path: str) -> None:
    documents = []
    for workspace in registry.workspaces.values():
        snapshot = workspace.snapshot()
        snapshot["scenarios"] = workspace.scenarios.to_data()
        documents.append(snapshot)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with TinyDB(path, indent=1, ensure_ascii=False) as db:
        table = db.table("workspaces")
        table.truncate()
        table.insert_multiple(documents)
