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
- Nothing is really sent: no SMS, email, e-invoice or letter; what would have been (channel,
  address, SMS text, link) is in the workspace's outbox and the journal entry of the request.
  `smsDetails.domain` is validated and stored but `invoiceUrl` always points at the sandbox, so
  it can be opened.
- `pdfBytes` is checked to be base64 only and is not shown on the invoice page; `templateConfId`
  and `language` are stored and otherwise ignored.
- Recipients are modelled simply: delivery follows sending after `deliver_after`, opening follows
  delivery after `open_after`, paying follows opening after `pay_after` (credit invoices are never
  paid); changes to the behaviour apply to invoices still pending. Defaults: delivered at once,
  never opened or paid on their own.
"""

from __future__ import annotations

from mockserver.core.auth import ClientCredentials
from mockserver.core.providers import LazyProvider
from mockserver.providers.regtech import auth

DECLARED = LazyProvider(
    "regtech",
    "Regtech partner Invoicing API v1.0.0 (FI/SE)",
    ClientCredentials({"clientId": "demo-client", "clientSecret": "demo-secret"}, locate=auth.locate),
    "mockserver.providers.regtech.provider:REGTECH",
    has_admin=True,
)


# REGTECH, the whole declaration, is imported on first use (core.providers.LazyProvider).
__getattr__ = DECLARED.module_getattr("REGTECH")
