"""Fakturan.nu API v2 (Sweden): clients, products, invoices, sending and payments.

Served under /fakturan, so a client's base URL is http://HOST:PORT/fakturan/api/v2.

LIMITATIONS, where the sandbox knowingly differs from the real service:
- Nothing is ever emailed, posted or sent as an e-invoice: sending marks the invoice sent and
  the request journal's `outbound` shows what would have gone out.
- The success answer of `POST /invoices/:id/send` is not documented; the sandbox answers
  200 with the invoice (`sent: true`).
- An invoice's currency defaults to the account's (SEK), not the client's setting: the
  provider's own example bills a USD client in SEK.
- Bodies are JSON only; Rails' form-encoded `client[company]=...` parameters are not parsed.
- Unknown sort fields are refused with 422 `inclusion` rather than ignored, so a typo shows.
- Tax is computed per rate on the sum of rows and rounded half-up to the öre; the real
  service's rounding of öre (öresavrundning) on the total is not applied.
- No delete for clients or invoices (not in the public API docs); no rate limiting unless a
  scenario adds one.
"""

from __future__ import annotations

import base64
import binascii

from starlette.responses import Response

from mockserver.core.auth import random_secret
from mockserver.core.incoming import Incoming
from mockserver.core.providers import LegacyProvider
from mockserver.core.seeding import Seeding
from mockserver.providers.fakturan import errors, openapi, routes, seed


class Fakturan(LegacyProvider):
    name = "fakturan"
    title = "Fakturan.nu API v2"
    locale = "sv_SE"
    default_credentials = {"username": "demo-key-id", "password": "demo-key-secret"}

    def new_credentials(self, workspace_id: str) -> dict:
        return {"username": f"key-{workspace_id}", "password": random_secret()}

    def credential_keys(self, credentials: dict) -> list[str]:
        return [f"{credentials['username']}:{credentials['password']}"]

    def identify(self, incoming: Incoming) -> str | None:
        header = incoming.header("authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            return base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None

    def unauthenticated(self, incoming: Incoming) -> Response:
        return errors.access_denied()

    def error_response(self, status: int, message: str | None = None) -> Response:
        return errors.error_response(status, message)

    def seed(self, seeding: Seeding) -> dict:
        return seed.seed(seeding)

    def routes(self):
        return routes.ROUTES

    def exception_handlers(self) -> dict:
        return errors.EXCEPTION_HANDLERS

    def openapi(self) -> dict:
        return openapi.document()
