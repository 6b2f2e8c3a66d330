"""Fakturan.nu API v2 (Sweden): clients, products, invoices, sending and payments.

Served under /fakturan, so a client's base URL is http://HOST:PORT/fakturan/api/v2. What the
real service does where its docs are silent (recorded on the wire) is in docs/fakturan.md.

LIMITATIONS, where the sandbox knowingly differs from the real service:
- Nothing is ever emailed, posted or sent as an e-invoice: sending marks the invoice sent and
  the workspace's outbox (and the request's journal entry) shows what would have gone out.
- The success answer of `POST /invoices/:id/send` is not documented; the sandbox answers
  200 with the invoice (`sent: true`).
- An invoice's currency defaults to the account's (SEK), not the client's setting: the
  provider's own example bills a USD client in SEK.
- An unparsable JSON body is answered 400 before anything else, also where the record does not
  exist (Rails parses parameters before the controller runs).
- Bodies are JSON only; Rails' form-encoded `client[company]=...` parameters are not parsed.
- Unknown sort fields are refused with 422 `inclusion` rather than ignored, so a typo shows.
- No delete for clients or invoices (not in the public API docs); no rate limiting unless a
  scenario adds one.
"""

from __future__ import annotations

from mockserver.core.auth import HttpBasic
from mockserver.core.providers import LazyProvider

DECLARED = LazyProvider(
    "fakturan",
    "Fakturan.nu API v2",
    HttpBasic({"username": "demo-key-id", "password": "demo-key-secret"}),
    "mockserver.providers.fakturan.provider:FAKTURAN",
)


# FAKTURAN, the whole declaration, is imported on first use (core.providers.LazyProvider).
__getattr__ = DECLARED.module_getattr("FAKTURAN")
