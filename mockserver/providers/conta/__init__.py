"""Conta (Norway): the API gateway of Conta's invoicing and bookkeeping, under /conta.

A client's base URL is http://HOST:PORT/conta; below it the paths are Conta's own
(`/invoice/organizations/11/customers`, ...). Requests carry the key in the `apiKey` header
(default `conta-demo-key`; the older guide's `conta-api-gateway-key` header works too). The key
reaches organizations 11 and 12; 99 exists but answers 403 `OrgAccessDeniedException`.
Requests are validated against the published OpenAPI document (spec.py), which is also what
`/conta/openapi.json` serves, filtered to what is emulated. docs/conta.md has the coverage table.

LIMITATIONS, where the sandbox knowingly differs from the real service:
- Built to the local copy of the published document; the live one (August 2026) has other
  operationIds and a `RouteV1InvoiceDraftLineModel` component, same paths and fields.
- Operations not emulated answer 404 `UrlNotFoundException` like any unknown route.
- Customer `DELETE` is not in the published document (the guide names it); the sandbox
  documents it itself, marked `x-mockserver-guide-only`.
- `InputOpException` is a 409, as the spec's template says (the guide's prose says 400); the
  condition ids other than `required` and the wording of every message are the sandbox's own.
- An unknown key is 401 `ApiGatewayRestRequestException`, a missing one 401
  `LoginRequiredException` (the real choice between them is not public).
- `q` matches the start of any word of the name, e-mail, org number, phone and address; an
  unknown `sort` field is refused (409) instead of ignored, so a typo shows.
- Date-times are RFC 3339 with an offset; the real lexical form is not public.
- `conta-force-readonly` refuses any write with the spec's 500 `OrgReadOnlyModeException`.
- Numbers beyond what Conta stores (int64; money beyond ±99 999 999 999.99, although prices are
  typed with double's range) are input errors, so nothing overflows.
- A structured query parameter (`ignoredBookkeepingAccountNos`) is read as JSON text; how the
  real gateway encodes one is not public.
- The EHF lookup answers from the workspace's registry; its `accessPointAddress` is an example
  address, and nothing is ever delivered over PEPPOL.
- Nothing is ever sent (e-mail, EHF, letter, eFaktura): each recipient gets its `*_SENT_BY_*`
  event and an outbox message (rules/delivery.py). Exceptions the spec declares on a sibling
  route are raised where they are the natural answer (`CustomerNotFoundException`,
  `OrgCannotReceiveEhfException`, `WrongVatCodeException`, `WrongInvoiceLinesNumberingException`
  on invoices) and listed in the served document (`x-mockserver-borrowed`).
- `fileUrl` points back into the sandbox (`files/{id}/content`, sandbox only), a signed link
  valid for an hour on the workspace clock; the PDF is drawn from the invoice when fetched.
- Repeating invoices are kept but never repeat; departments and projects are not emulated (ids
  ignored on invoices, refused as list filters); foreign-currency amounts are posted unconverted;
  subscription plans gate only the sending channels (not bookkeeping, KID or the invoice limit).
- An `OCR_CREMUL` payment cannot be deleted (it came from the bank file); credit notes are
  always of a whole invoice, as the published operation says.
"""

from __future__ import annotations

from mockserver.core.providers import LazyProvider
from mockserver.providers.conta.auth import AUTH

DECLARED = LazyProvider(
    "conta", "Conta API", AUTH, "mockserver.providers.conta.provider:CONTA", has_admin=True
)


# CONTA, the whole declaration, is imported on first use (core.providers.LazyProvider).
__getattr__ = DECLARED.module_getattr("CONTA")
