"""Logging set-up: one `mockserver` logger hierarchy on stderr, as text for people or JSON lines
for machines (`--log-format json`).

`mockserver.access` carries one line per provider request (`--access-log`), `mockserver.<provider>`
and `mockserver.errors` whatever else needs saying; uvicorn's own loggers go through the same
handler, so an unexpected error's traceback comes out in the chosen format too.
"""

from __future__ import annotations

import logging
import sys

import orjson

FORMATS = ("text", "json")
ACCESS = "mockserver.access"


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the record's `fields`, and the
    traceback as `exc` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def _no_websocket_advice(record: logging.LogRecord) -> bool:
    """uvicorn follows its "Unsupported upgrade request." with advice to install a WebSocket
    library; the sandbox serves none on purpose (`ws="none"` in the cli), so the advice misleads."""
    return not record.getMessage().startswith("No supported WebSocket library")


def configure(*, log_format: str = "text", access_log: bool = False, stream=None) -> None:
    """Called once by `mockserver serve`; library users keep their own logging untouched."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("mockserver", "uvicorn"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
    # uvicorn's own access lines say less than ours (no workspace, no rule): keep them off.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.error").addFilter(_no_websocket_advice)
    logging.getLogger(ACCESS).setLevel(logging.INFO if access_log else logging.WARNING)
