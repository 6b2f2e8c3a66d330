"""Fakturan's errors as data, and their rendering in Fakturan's own wire shapes.

Recorded traffic shows: 401 as text with a Basic challenge, 404 `{"error":"404 Not Found"}`,
422 `{"errors": {field: [{"error": code, ...}]}}` for validation and `{"error": "..."}` for
business refusals such as sending without a recipient.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import Response

from mockserver.core.errors import ProviderError, phrase
from mockserver.core.responses import JSONResponse

ACCESS_DENIED = "HTTP Basic: Access denied.\n"
NOT_FOUND = "404 Not Found"
BAD_REQUEST = "400 Bad Request"
INTERNAL_ERROR = "500 Internal server error"
NO_RECIPIENT = "You must select at least one recipient."


class FakturanError(ProviderError):
    """Base of every error a Fakturan rule raises; rendered by `FakturanErrors.render`."""

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


# Rails' defaults: a fresh answer may be kept privately but must be revalidated; an error or an
# empty answer must not be reused at all.
FRESH = "max-age=0, private, must-revalidate"
NO_CACHE = "no-cache"


def cache_control(status: int) -> dict:
    return {"Cache-Control": FRESH if status in (200, 201) else NO_CACHE}


JSON_TYPE = "application/json; charset=utf-8"
# Every answer carries Cache-Control: encoded once, not on each request.
_FRESH_HEADER = (b"cache-control", FRESH.encode("latin-1"))
_NO_CACHE_HEADER = (b"cache-control", NO_CACHE.encode("latin-1"))
_SET_HERE = frozenset({"cache-control", "content-length", "content-type"})


def json_response(content, status: int = 200, headers: dict | None = None) -> Response:
    head = [_FRESH_HEADER if status in (200, 201) else _NO_CACHE_HEADER]
    given = headers or {}
    for name, value in given.items():
        lowered = name.lower()
        if lowered in _SET_HERE:  # the caller sets one of ours: Starlette merges them
            return JSONResponse(content, status, {**cache_control(status), **given}, media_type=JSON_TYPE)
        head.append((lowered.encode("latin-1"), value.encode("latin-1")))
    return JSONResponse.with_raw_headers(content, status, head, JSON_TYPE)


def no_content(status: int = 204) -> Response:
    return Response(status_code=status, headers=cache_control(status))


def access_denied() -> Response:
    return Response(
        ACCESS_DENIED,
        status_code=401,
        media_type="text/html; charset=utf-8",
        headers={"WWW-Authenticate": 'Basic realm="Application"', **cache_control(401)},
    )


class FakturanErrors:
    """Every Fakturan error answer: the rules' errors, bare statuses, routing, credentials."""

    def render(self, error: ProviderError) -> Response:
        assert isinstance(error, FakturanError)
        return json_response(error.body(), error.status)

    def status(self, status: int, message: str | None = None) -> Response:
        if status == 401:
            return access_denied()
        if status == 404:
            return json_response({"error": NOT_FOUND}, 404)
        if status == 500 and message is None:
            return json_response({"error": INTERNAL_ERROR}, 500)
        return json_response({"error": message or f"{status} {phrase(status)}"}, status)

    def not_found(self, method: str, path: str) -> Response:
        return json_response({"error": NOT_FOUND}, 404)

    def method_not_allowed(self, method: str, path: str, allowed) -> Response:
        # Rails routes a known path with the wrong method as it routes an unknown path: 404.
        return self.not_found(method, path)

    def unauthenticated(self, incoming) -> Response:
        return access_denied()
