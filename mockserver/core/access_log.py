"""The access log: one line per provider request, emitted by the gateway once the journal entry
is complete. Costs one level check per request while `--access-log` is off."""

from __future__ import annotations

import logging

from mockserver.core.journal import JournalEntry
from mockserver.core.logs import ACCESS

logger = logging.getLogger(ACCESS)


def emit(workspace_id: str, entry: JournalEntry) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    path = entry.path + (f"?{entry.query}" if entry.query else "")
    duration = round(entry.duration_ms, 3)
    logger.info(
        "%s %s %s %s %d %.1fms rule=%s",
        workspace_id,
        entry.provider,
        entry.method,
        path,
        entry.status,
        duration,
        entry.rule or "-",
        extra={
            "fields": {
                "workspace": workspace_id,
                "provider": entry.provider,
                "method": entry.method,
                "path": path,
                "status": entry.status,
                "duration_ms": duration,
                "rule": entry.rule,
            }
        },
    )
