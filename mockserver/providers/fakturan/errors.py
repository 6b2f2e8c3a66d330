"""Fakturan's errors as data, and their rendering in Fakturan's own wire shapes.

Recorded traffic shows: 401 as text with a Basic challenge, 404 `{"error":"404 Not Found"}`,
422 `{"errors": {field: [{"error": code, ...}]}}` for validation and `{"error": "..."}` for
business refusals such as sending without a recipient.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from mockserver.core.responses import JSONResponse

ACCESS_DENIED = "HTTP Basic: Access denied.\n"
NOT_FOUND = "404 Not Found"
BAD_REQUEST = "400 Bad Request"
INTERNAL_ERROR = "500 Internal server error"
NO_RECIPIENT = "You must select at least one recipient."

log = logging.getLogger("mockserver.fakturan")


class FakturanError(Exception):
    """Base of every error a Fakturan route raises; rendered by `handle_fakturan_error`."""

    status = 400

    def body(self) -> dict:
        return {"error": f"{self.status} {HTTPStatus(self.status).phrase}"}


class BadRequest(FakturanError):
    """The body is not JSON (Rails answers 400 before any controller runs)."""

    status = 400

    def body(self) -> dict:
        return {"error": BAD_REQUEST}


class NotFound(FakturanError):
    status = 404

    def body(self) -> dict:
        return {"error": NOT_FOUND}


class ValidationFailed(FakturanError):
    """422 with per-field error lists, keyed as Rails keys them (`client.company`, `rows`)."""

    status = 422

    def __init__(self, errors: dict) -> None:
        super().__init__(errors)
        self.errors = errors

    def body(self) -> dict:
        return {"errors": self.errors}


class Refused(FakturanError):
    """422 with a sentence, for business rules that are not about one field."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict:
        return {"error": self.message}


def json_response(content, status: int = 200, headers: dict | None = None) -> Response:
    return JSONResponse(content, status, headers, media_type="application/json; charset=utf-8")


def access_denied() -> Response:
    return Response(
        ACCESS_DENIED,
        status_code=401,
        media_type="text/html; charset=utf-8",
        headers={"WWW-Authenticate": 'Basic realm="Application"'},
    )


def error_response(status: int, message: str | None = None) -> Response:
    """Fakturan's answer for a bare HTTP status (scenarios, oversized bodies)."""
    if status == 401:
        return access_denied()
    if status == 404:
        return json_response({"error": NOT_FOUND}, 404)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return json_response({"error": message or f"{status} {phrase}"}, status)


async def handle_fakturan_error(request: Request, exc: FakturanError) -> Response:
    return json_response(exc.body(), exc.status)


async def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    # Rails routes an unknown path and a known path with the wrong method alike: 404.
    return json_response({"error": NOT_FOUND}, 404)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error in %s %s", request.method, request.url.path)
    return json_response({"error": INTERNAL_ERROR}, 500)


EXCEPTION_HANDLERS = {
    FakturanError: handle_fakturan_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
