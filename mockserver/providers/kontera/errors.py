"""Kontera's errors: `{"error": "<code>", "message": "..."}` (CONTRACT.md), one class per wire error.

Kontera publishes no error format for its export side (it only pushes), so the sandbox answers
like its public API's gateway would: a snake_case code for the status, a sentence saying what is
wrong, and, for a refused document, `errors` with every violation at its path (the validator's
own `{"path", "message"}` items), so a client fixes all of them in one go.
"""

from __future__ import annotations

from collections.abc import Sequence

from mockserver.core.errors import ProviderError
from mockserver.core.responses import JSONResponse

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "too_many_requests",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
MESSAGES = {
    401: "missing or unknown bearer token: send Authorization: Bearer <token>",
    413: "request body too large",
    429: "too many requests",
    500: "internal server error",
    503: "service unavailable",
}
UNAUTHENTICATED = MESSAGES[401]


def code(status: int) -> str:
    return CODES.get(status) or ("client_error" if status < 500 else "server_error")


def default_message(status: int) -> str:
    return MESSAGES.get(status) or code(status).replace("_", " ")


class KonteraError(ProviderError):
    """An error with a status and a message, rendered as `{"error", "message"}`."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class BadRequest(KonteraError):
    status = 400


class NotFound(KonteraError):
    status = 404


class UnsupportedMediaType(KonteraError):
    status = 415


class Invalid(KonteraError):
    """A document that breaks the format: every violation at its path."""

    status = 422

    def __init__(self, message: str, problems: Sequence[dict], status: int | None = None) -> None:
        super().__init__(message, status)
        self.problems = list(problems)


def body(status: int, message: str) -> dict:
    return {"error": code(status), "message": message}


class KonteraErrors:
    """The one renderer of Kontera's errors (core.errors.ErrorShape)."""

    def render(self, error: ProviderError) -> JSONResponse:
        content = body(error.status, getattr(error, "message", None) or default_message(error.status))
        if isinstance(error, Invalid):
            content["errors"] = error.problems
        return self._answer(content, error.status)

    def status(self, status: int, message: str | None = None) -> JSONResponse:
        return self._answer(body(status, message or default_message(status)), status)

    def not_found(self, method: str, path: str) -> JSONResponse:
        return self._answer(body(404, f"no route {method} {path}"), 404)

    def method_not_allowed(self, method: str, path: str, allowed: Sequence[str]) -> JSONResponse:
        answer = self._answer(
            body(405, f"{method} is not allowed on {path}; allowed: {', '.join(allowed)}"), 405
        )
        answer.headers["allow"] = ", ".join(allowed)
        return answer

    def unauthenticated(self, incoming) -> JSONResponse:
        answer = self._answer(body(401, UNAUTHENTICATED), 401)
        answer.headers["www-authenticate"] = 'Bearer realm="kontera"'
        return answer

    @staticmethod
    def _answer(content: dict, status: int) -> JSONResponse:
        return JSONResponse(content, status)
