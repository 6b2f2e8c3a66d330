"""Regtech's errors: one class per wire error, rendered as the API's `errorResponse`.

The documented `errorResponse` is `{statusCode, message, error}`: the shape NestJS gives its
HTTP exceptions, so `error` carries the reason phrase ("Unprocessable Entity") and `message` says
what is wrong. The token endpoint speaks OAuth as well: its `error` is the RFC 6749 code
(`invalid_client`), so OAuth client libraries recognise the failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from http import HTTPStatus

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from mockserver.core.auth import presented_bearer
from mockserver.core.errors import ProviderError, phrase
from mockserver.core.incoming import Incoming
from mockserver.core.operations import Operation, Router
from mockserver.core.providers import INCOMING
from mockserver.core.responses import JSONResponse

MISSING_TOKEN = "Authorization header with a Bearer token is required"
INVALID_TOKEN = "Invalid access token"
EXPIRED_TOKEN = "Access token has expired; request a new one from /auth/token"
INVALID_CLIENT = "Client authentication failed: unknown clientId or wrong clientSecret"
MISSING_CLIENT = "clientId and clientSecret are required (JSON) or client_id and client_secret (form)"
UNSUPPORTED_GRANT = "grant_type must be client_credentials"
NOT_JSON = "Request body must be valid JSON"
NOT_FOUND = "Invoice with customInvoiceId '{id}' not found"
DUPLICATE = "Invoice with customInvoiceId '{id}' already exists"
ALREADY_SENT = "Invoice with customInvoiceId '{id}' has already been sent"
NOT_SENT = "Invoice with customInvoiceId '{id}' has not been sent yet; send it first"
CREDIT_NOT_PAID = "Invoice with customInvoiceId '{id}' is a credit invoice; the recipient does not pay it"


class RegtechError(ProviderError):
    """Base of every error the Regtech API answers; `error` defaults to the reason phrase."""

    status: int = 400
    message: str = "Bad Request"
    error: str | None = None

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message is not None:
            self.message = message

    def body(self) -> dict:
        return {
            "statusCode": str(self.status),
            "message": self.message,
            "error": self.error or HTTPStatus(self.status).phrase,
        }


class BadRequest(RegtechError):
    status = 400


class BodyNotJson(BadRequest):
    message = NOT_JSON


class AlreadySent(BadRequest):
    """The API documents 400 as /send's only error, so a second send is a 400."""

    def __init__(self, invoice_id: str) -> None:
        super().__init__(ALREADY_SENT.format(id=invoice_id))


class Unauthorized(RegtechError):
    status = 401
    message = INVALID_TOKEN


class MissingToken(Unauthorized):
    message = MISSING_TOKEN


class ExpiredToken(Unauthorized):
    message = EXPIRED_TOKEN


class InvalidClient(Unauthorized):
    message = INVALID_CLIENT
    error = "invalid_client"


class InvalidTokenRequest(BadRequest):
    message = MISSING_CLIENT
    error = "invalid_request"


class UnsupportedGrantType(BadRequest):
    message = UNSUPPORTED_GRANT
    error = "unsupported_grant_type"


class InvoiceNotFound(RegtechError):
    status = 404

    def __init__(self, invoice_id: str) -> None:
        super().__init__(NOT_FOUND.format(id=invoice_id))


class DuplicateInvoice(RegtechError):
    status = 409

    def __init__(self, invoice_id: str) -> None:
        super().__init__(DUPLICATE.format(id=invoice_id))


class EventRefused(RegtechError):
    """An admin event the invoice cannot take (not sent yet, or paying a credit invoice)."""

    status = 422


class ValidationFailed(RegtechError):
    """422 naming every failing field: `message` is `field: problem; field: problem`."""

    status = 422

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in problems))


def error_response(status: int, message: str | None = None, error: str | None = None) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    said = phrase(status)
    body = {"statusCode": str(status), "message": message or said, "error": error or said}
    return JSONResponse(body, status, headers)


def cannot(status: int, method: str, path: str) -> Response:
    """404/405 from routing, worded as NestJS words them (`Cannot GET /invoice/x`)."""
    return error_response(status, f"Cannot {method} {path}")


class SlashRedirect(Response):
    """307 to `path` without its trailing slash, as Starlette's router has always answered a
    known path with one. The URL is the one the client used (host, prefix, query), known only
    from the request the gateway buffered, so it is written as the answer is sent."""

    def __init__(self, path: str) -> None:
        super().__init__(status_code=307)
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        incoming: Incoming = scope[INCOMING]
        query = incoming.query_string.decode("latin-1")
        url = incoming.base_url + self.path + (f"?{query}" if query else "")
        await RedirectResponse(url)(scope, receive, send)


class RegtechErrors:
    """Regtech's one error renderer: rules, parser, routing, gateway and scenarios.
    `operations` are the provider's, for the trailing-slash redirect."""

    def __init__(self, operations: Sequence[Operation] = ()) -> None:
        self.operations = operations

    @cached_property
    def router(self) -> Router:
        return Router(self.operations)

    def render(self, error: ProviderError) -> Response:
        if isinstance(error, RegtechError):
            return error_response(error.status, error.message, error.error)
        return error_response(error.status)

    def status(self, status: int, message: str | None = None) -> Response:
        return error_response(status, message)

    def not_found(self, method: str, path: str) -> Response:
        stripped = path.rstrip("/")
        if stripped != path and path != "/":
            found = self.router.match(method, stripped)
            if found.operation is not None or found.allowed:
                return SlashRedirect(stripped)
        return cannot(404, method, path)

    def method_not_allowed(self, method: str, path: str, allowed: Sequence[str]) -> Response:
        return cannot(405, method, path)

    def unauthenticated(self, incoming: Incoming) -> Response | None:
        """No workspace has these credentials. The token endpoint says what is wrong with the
        token request in OAuth's words; an invoice link a recipient follows is a page."""
        # Both build on the error classes above, so they are imported once those exist.
        from mockserver.providers.regtech.auth import TOKEN_PATH, VIEW_PREFIX, token_request
        from mockserver.providers.regtech.view import not_found_page

        path = incoming.path
        if path == TOKEN_PATH:
            if incoming.method != "POST":
                return cannot(405, incoming.method, path)
            problem = token_request(incoming).problem or InvalidClient()
            return error_response(problem.status, problem.message, problem.body()["error"])
        if path.startswith(VIEW_PREFIX):
            return HTMLResponse(not_found_page(), status_code=404)
        if presented_bearer(incoming) is None:
            return error_response(401, MISSING_TOKEN)
        return error_response(401, INVALID_TOKEN)
