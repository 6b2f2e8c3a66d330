"""Kontera Universal Accounting (CH) under /kontera: balanced exports as JSON and CSV, a
validator, base data, and signed webhooks of each newly booked transaction.

Kontera plays the sending side; the sandbox lets a user build the receiving one (an importer
of the files, a webhook endpoint). Routes: `GET /exports` (`from`, `to`, `format=json|csv`,
`basis=accrual|cash`), `GET /exports/{konteraId}`, `POST /validate`, `GET`/`PATCH
/api/public/v1/base-data`; on the control plane `POST .../kontera/transactions`,
`GET .../kontera/deliveries[/{n}]`, `POST .../kontera/deliveries/{n}/redeliver`.

LIMITATIONS (where the sandbox knowingly differs from Kontera, or decides what Kontera's public
material leaves open; `../shared/research/kontera.md` §6 and §8):
- Kontera has no pull API: `/exports`, `/exports/{konteraId}` and `/validate` exist only in the
  sandbox. Booking (`POST /_admin/.../kontera/transactions`) stands in for a user booking a
  receipt in Kontera's app.
- Auth is a fixed bearer token per workspace (`Authorization: Bearer kontera-demo-token` by
  default), not Kontera's OAuth 2.0 PKCE flow; scopes are not checked.
- Exports write one `contact` object like the official sample; the validator also reads the
  reference's `contacts` array. The CSV's single `invoice-billingPeriod` column is `from/to`.
- A webhook body is an export document (an array) holding the one new transaction. It is
  signed `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with webhookSecret>` (GitHub's
  form, to which Kontera defers); unsigned when no secret is configured.
- Retries (undocumented by Kontera): after a non-2xx answer, a refused connection or a timeout
  (10 s), again 1, 4, 16 and 64 minutes later on the workspace clock; after 5 attempts the
  delivery has `failed`. Advancing the clock runs the due retries.
- `webhookUrl` must be https:// as Kontera demands, or plain http:// on loopback (127.0.0.1,
  ::1, localhost) so local receivers work and nothing leaves the machine unless configured to.
- Base-data `PATCH` merges (JSON merge patch, RFC 7396) and keeps the result only if the whole
  document is valid; Kontera does not say whether it merges or replaces.
- Errors are `{"error": "<snake_case code>", "message": "..."}` (Kontera publishes none for this
  side), with `errors[{path, message}]` for a refused document.
- `basis` defaults to the accounting method of the tax period containing `to` (or today).
"""

from __future__ import annotations

from mockserver.core.auth import HeaderKey
from mockserver.core.providers import LazyProvider

DECLARED = LazyProvider(
    "kontera",
    "Kontera Universal Accounting export (CH)",
    HeaderKey(
        {"token": "kontera-demo-token"},
        header="authorization",
        field="token",
        prefix="kontera-",
        scheme="Bearer",
    ),
    "mockserver.providers.kontera.provider:KONTERA",
    has_admin=True,
)


# KONTERA, the whole declaration, is imported on first use (core.providers.LazyProvider).
__getattr__ = DECLARED.module_getattr("KONTERA")
