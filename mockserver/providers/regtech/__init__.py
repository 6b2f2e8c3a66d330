"""Regtech partner Invoicing API v1.0.0 (Finland/Sweden): invoices sent by SMS, email, e-invoice or
post, whose status fields appear only once the recipient has received, opened and paid them.

Clients get a bearer token from `POST /auth/token` (it lives 3600 s of the workspace clock, with
no refresh token), create invoices with `POST /invoice/create` (or `/invoice`), send created-only
ones with `POST /invoice/{customInvoiceId}/send`, and poll `GET /invoice/{customInvoiceId}/status`.
The recipient is played by the control plane (events, recipient behaviour) and by `invoiceUrl`,
a page this sandbox serves itself.

LIMITATIONS (where the sandbox knowingly differs from the real service, or had to guess):
- The real token endpoint (URL and request) is not public. The sandbox's is `POST /auth/token`
  with JSON `{"clientId","clientSecret"}` or the OAuth client_credentials form; its errors are the
  API's errorResponse with the OAuth code (`invalid_client`, `invalid_request`,
  `unsupported_grant_type`) in `error`.
- `statusCode` in answers is the HTTP status as a string (the docs type it as a string and give no
  values); `error` is the HTTP reason phrase, as in the NestJS shape errorResponse resembles.
- Status dates (`deliveredAt`, `openedAt`, `paidAt`) are UTC dates `YYYY-MM-DD` as the schema's
  `format: date` says; the full instants are in the control plane's event answers and snapshots.
- Rules the docs leave open, decided here: `invoiceDate` accepts DD-MM-YYYY or YYYY-MM-DD;
  `dueDate` may not precede it; `currency` is a three-letter code; `iban` must pass mod 97;
  emails must look like emails; `ssn` is a Swedish personnummer (YYYYMMDDCCCC, Luhn check);
  phone numbers are E.164 (`+` and 8-15 digits); email, e-invoice and postal delivery require the
  recipient's email, eInvoicingAddress, or address1/zipCode/postOffice; `discount` and `vatPerc`
  are percentages; `price` must be within a cent of quantity x unitPrice less discount plus VAT,
  `priceNoVat` (if given) within a cent of the same before VAT, and `total` within a cent of the
  rows' prices; amounts must stay below 10^12. Business ids are not checksum-validated (they may
  be Finnish or Swedish).
- A duplicate customInvoiceId is 409 Conflict. An invoice sent without a customInvoiceId gets one
  (`RT000001`, ...), named in the response's `message`. Sending an invoice twice is a 400.
- Nothing is really sent: no SMS, email, e-invoice or letter. `smsDetails.domain` is validated
  and stored but `invoiceUrl` always points at the sandbox, so it can be opened.
- `pdfBytes` is checked to be base64 only and is not shown on the invoice page; `templateConfId`
  and `language` are stored and otherwise ignored.
- Recipients are modelled simply: delivery follows sending after `deliver_after`, opening follows
  delivery after `open_after`, paying follows opening after `pay_after` (credit invoices are never
  paid); changes to the behaviour apply to invoices still pending. Defaults: delivered at once,
  never opened or paid on their own.
"""

from __future__ import annotations

from typing import ClassVar

from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute

from mockserver.core.auth import random_secret
from mockserver.core.incoming import Incoming
from mockserver.core.providers import LegacyProvider
from mockserver.core.seeding import Seeding
from mockserver.core.workspaces import Workspace
from mockserver.providers.regtech import admin, auth, errors, openapi, routes, rules, seed
from mockserver.providers.regtech.view import not_found_page


class Regtech(LegacyProvider):
    """Regtech's partner Invoicing API under /regtech."""

    name: ClassVar[str] = "regtech"
    title: ClassVar[str] = "Regtech partner Invoicing API v1.0.0 (FI/SE)"
    locale: ClassVar[str] = "fi_FI"
    default_credentials: ClassVar[dict] = {"clientId": "demo-client", "clientSecret": "demo-secret"}

    def new_credentials(self, workspace_id: str) -> dict:
        return {"clientId": f"client-{random_secret(8)}", "clientSecret": random_secret(16)}

    def credential_keys(self, credentials: dict) -> list[str]:
        """The clientId finds the workspace at the token endpoint; the route key, for the tokens
        and view links issued to it."""
        client_id = credentials["clientId"]
        return [f"client:{client_id}", f"ws:{auth.route_key(client_id)}"]

    def identify(self, incoming: Incoming) -> str | None:
        path = auth.local_path(incoming.path)
        if path == auth.TOKEN_PATH:
            ask = auth.read_token_request(
                incoming.header("content-type"), incoming.header("authorization"), incoming.body
            )
            return f"client:{ask.client_id}" if ask.client_id else None
        if path.startswith(auth.VIEW_PREFIX):
            key = path.removeprefix(auth.VIEW_PREFIX).split("/")[0]
            return f"ws:{key}" if key else None
        token = auth.bearer_token(incoming.header("authorization"))
        key = auth.key_of_token(token) if token else None
        return f"ws:{key}" if key else None

    def unauthenticated(self, incoming: Incoming) -> Response | None:
        path = auth.local_path(incoming.path)
        if path == auth.TOKEN_PATH:
            if incoming.method != "POST":
                return errors.error_response(405, f"Cannot {incoming.method} {path}")
            ask = auth.read_token_request(
                incoming.header("content-type"), incoming.header("authorization"), incoming.body
            )
            problem = ask.problem or errors.InvalidClient()
            return errors.error_response(problem.status, problem.message, problem.body()["error"])
        if path.startswith(auth.VIEW_PREFIX):
            return HTMLResponse(not_found_page(), status_code=404)
        if auth.bearer_token(incoming.header("authorization")) is None:
            return errors.error_response(401, errors.MISSING_TOKEN)
        return errors.error_response(401, errors.INVALID_TOKEN)

    def error_response(self, status: int, message: str | None = None) -> Response:
        return errors.error_response(status, message)

    def seed(self, seeding: Seeding) -> dict:
        return seed.seed(seeding)

    def routes(self) -> list[BaseRoute]:
        return routes.routes()

    def exception_handlers(self) -> dict:
        return errors.EXCEPTION_HANDLERS

    def admin_routes(self) -> list[BaseRoute]:
        return admin.admin_routes()

    def openapi(self) -> dict:
        return openapi.document()

    def on_clock(self, workspace: Workspace) -> None:
        rules.catch_up(workspace.state(self.name), workspace.clock.now())
