"""Logging set-up: an unexpected error reaches the log with its traceback, as text or JSON."""

import io
import json
import logging

import pytest

from mockserver.core.logs import configure


@pytest.fixture
def restore_logging():
    names = ("mockserver", "uvicorn", "uvicorn.error", "uvicorn.access", "mockserver.access")
    saved = {
        n: (
            logging.getLogger(n).handlers[:],
            logging.getLogger(n).level,
            logging.getLogger(n).propagate,
            logging.getLogger(n).disabled,
        )
        for n in names
    }
    yield
    for name, (handlers, level, propagate, disabled) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:], logger.level, logger.propagate, logger.disabled = (
            handlers,
            level,
            propagate,
            disabled,
        )


def fail_in_asgi_app(logger_name: str) -> None:
    try:
        raise RuntimeError("boom in a rule")
    except RuntimeError:
        # What uvicorn does with an exception escaping the application.
        logging.getLogger(logger_name).error("Exception in ASGI application\n", exc_info=True)


def test_an_unexpected_error_is_logged_with_its_traceback_as_json(restore_logging):
    stream = io.StringIO()
    configure(log_format="json", stream=stream)
    fail_in_asgi_app("uvicorn.error")
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["level"] == "error" and line["logger"] == "uvicorn.error"
    assert (
        "Traceback (most recent call last)" in line["exc"] and "RuntimeError: boom in a rule" in line["exc"]
    )


def test_text_format_keeps_the_traceback_and_names_the_logger(restore_logging):
    stream = io.StringIO()
    configure(log_format="text", stream=stream)
    fail_in_asgi_app("mockserver.fakturan")
    text = stream.getvalue()
    assert " ERROR mockserver.fakturan: Exception in ASGI application" in text
    assert "RuntimeError: boom in a rule" in text


def test_access_lines_only_when_asked(restore_logging):
    stream = io.StringIO()
    configure(stream=stream)
    assert not logging.getLogger("mockserver.access").isEnabledFor(logging.INFO)
    configure(stream=stream, access_log=True)
    assert logging.getLogger("mockserver.access").isEnabledFor(logging.INFO)
