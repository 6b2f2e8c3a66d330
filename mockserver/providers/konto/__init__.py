"""Konto.is (Iceland): the REST API v1 of `https://konto.is/api/v1/`, under `/konto/api/v1/<slug>`.

Konto's API is flat slugs, form fields and one envelope: credentials (`username`, `api_key`)
and parameters come as form fields (multipart even on GET, urlencoded, or the query string),
JSON payloads inside a `data` field, and every answer is HTTP 200 with
`{"status": true|false, "message": ..., "result": ...}`.

LIMITATIONS (where the sandbox knowingly differs from, or guesses about, the real service):
- Errors are HTTP 200 with `status:false`, as the docs imply; the real server's messages are not
  published (except "Invalid api_key"), so the sandbox's messages are its own, naming the field.
  Scenario responses without a body are HTTP 200 `status:false` too, whatever their status (a 503
  reads "Service Unavailable (503)"), except a rate limit's 429, which keeps its status so that
  `Retry-After` means something; the platform's 413 is HTTP 200 as well.
- Wrong HTTP method on a slug is refused (`status:false`), following the documented methods.
- `data` must be valid JSON. The docs' field tables show JSON without commas and with unquoted
  values; PHP's json_decode refuses that, so the sandbox does too and says where it broke.
  Values are otherwise taken as PHP would: "200" for 200, 0/1/"1"/true for flags, "" for absent,
  dates as Y-m-d with or without zero padding.
- Kennitala: 10 digits and a valid mod-11 check digit; the century digit is not checked, because
  the docs' own test kennitölur (1111111111, 4444444444) have none. Seeded ones are fully valid.
- An invoice's `amount` must equal the total computed from its items (two decimals, half up, VAT
  per line); the docs' examples (2 and 2095.6) reconcile that way. payment_fee is kept apart.
- The invoice discount (`discount_value`, percent if `discount_type` is 1) applies whenever it is
  above 0, spread over the lines pro rata before VAT; `is_discount` is stored as given.
- create-recurring-invoice answers the schedule's guid; its invoices are issued on the workspace
  clock (catching up past dates at once, at most ten years back). A request to it carrying a
  `file` and no `data` is taken as an upload, as the docs' upload example does exactly that.
- create-save-invoice with create_type "email" answers result null (the docs promise a guid only
  for "user"); the e-mail is recorded in the journal's outbound messages, never sent.
- Order invoices: creating one issues its invoice (Saved); updating re-prices the order's Saved
  invoices; deleting cancels them. Order invoices have no endpoint of their own to read them.
- Uploaded files keep their name, type, size and sha256, not their bytes; ids start at 1111.
- Credit notes carry positive amounts, like invoices; `type` tells them apart.
- Endpoints seen only in client code (get-customers-by-kennitala, create-draft-invoice, the
  product-sales family) are not emulated.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from mockserver.core.auth import random_secret
from mockserver.core.incoming import Incoming
from mockserver.core.openapi import build_document
from mockserver.core.providers import LegacyProvider
from mockserver.providers.konto import errors, routes
from mockserver.providers.konto.forms import parse_request
from mockserver.providers.konto.openapi import operations
from mockserver.providers.konto.rules import recurring
from mockserver.providers.konto.rules.books import Books
from mockserver.providers.konto.seed import seed


async def konto_error(request: Request, exc: errors.KontoError) -> Response:
    return routes.failure(exc.message)


async def http_error(request: Request, exc: HTTPException) -> Response:
    """Starlette's own 404/405, said in Konto's envelope."""
    path = request.url.path
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "").replace(", HEAD", "").replace("HEAD, ", "")
        return routes.failure(errors.WrongMethod(request.method, path, allowed).message)
    if exc.status_code == 404:
        return routes.failure(errors.UnknownEndpoint(path).message)
    return routes.failure(str(exc.detail))


class Konto(LegacyProvider):
    """Konto.is REST API v1."""

    name = "konto"
    title = "Konto.is REST API v1"
    locale = "is_IS"
    default_credentials = {"username": "testuser", "api_key": "3a62cd2568635f115c975b8bd1317e3d"}

    def new_credentials(self, workspace_id: str) -> dict:
        return {"username": f"user-{workspace_id}", "api_key": random_secret()}

    def credential_keys(self, credentials: dict) -> list[str]:
        return [f"{credentials['username']}:{credentials['api_key']}"]

    def identify(self, incoming: Incoming) -> str | None:
        try:
            fields = parse_request(
                incoming.header("content-type"), incoming.query_string, incoming.body
            ).fields
        except errors.KontoError:
            return None
        username, api_key = fields.get("username"), fields.get("api_key")
        if isinstance(username, str) and isinstance(api_key, str) and username and api_key:
            return f"{username}:{api_key}"
        return None

    def unauthenticated(self, incoming: Incoming) -> Response:
        try:
            parse_request(incoming.header("content-type"), incoming.query_string, incoming.body)
        except errors.KontoError as error:
            return routes.failure(error.message)
        return routes.failure(errors.INVALID_API_KEY)

    def error_response(self, status: int, message: str | None = None) -> Response:
        text = message or (errors.TOO_LARGE if status == 413 else f"{_phrase(status)} ({status})")
        if status == 413 and message:
            text = f"{errors.TOO_LARGE}: {message}"
        answer = routes.failure(text)
        if status == 429:
            answer.status_code = status
        return answer

    def seed(self, seeding) -> dict:
        return seed(seeding)

    def routes(self) -> list:
        return routes.routes()

    def exception_handlers(self) -> dict:
        return {errors.KontoError: konto_error, HTTPException: http_error}

    def openapi(self) -> dict:
        return build_document(
            title=self.title,
            version="1",
            server_url="/konto",
            operations=operations(),
            description=(__doc__ or "").split("LIMITATIONS")[0].strip(),
        )

    def on_clock(self, workspace) -> None:
        state = workspace.state(self.name)
        if state.get("recurring"):
            recurring.catch_up(Books(state, workspace.clock.now()))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Request failed"
