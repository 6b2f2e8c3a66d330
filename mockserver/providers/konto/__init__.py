"""Konto.is (Iceland): the REST API v1 of `https://konto.is/api/v1/`, under `/konto/api/v1/<slug>`.

Konto's API is flat slugs, form fields and one envelope: credentials (`username`, `api_key`)
and parameters come as form fields (multipart even on GET, urlencoded, or the query string;
the credentials also as HTTP Basic `username:api_key`),
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
- Beyond the 31 documented endpoints, from public client code (docs/konto.md, "Beyond the 31
  documented endpoints"): HTTP Basic `username:api_key` is accepted when the form does not carry
  both fields (the form wins when it does; which wins for real is a guess). get-customers-by-kennitala
  lists customers in guid order. create-draft-invoice checks the customer object's kennitala, then
  its name, with the messages the client met; the rest is inferred: a draft is status Draft, has no
  number until update-invoice issues it (Saved, Sent or Paid), cannot be Posted, is priced from its
  lines without checking `amount`, and defaults its dates from today and the customer's terms.
- The product-sales family (get-product-sales and the rest), seen only in client code, is not
  emulated.
"""

from __future__ import annotations

from mockserver.core.auth import FirstOf, FormFields, HttpBasic, random_secret
from mockserver.core.providers import LazyProvider
from mockserver.providers.konto.forms import CREDENTIALS, credential_fields

DEFAULT_CREDENTIALS = {"username": "testuser", "api_key": "3a62cd2568635f115c975b8bd1317e3d"}

DECLARED = LazyProvider(
    "konto",
    "Konto.is REST API v1",
    # The form fields when the request has both, else HTTP Basic `username:api_key` (public
    # client code sends only the header on GET): the same key either way.
    FirstOf(
        FormFields(
            DEFAULT_CREDENTIALS,
            fields=CREDENTIALS,
            read=credential_fields,
            new=lambda workspace_id: {"username": f"user-{workspace_id}", "api_key": random_secret()},
        ),
        HttpBasic(DEFAULT_CREDENTIALS),
    ),
    "mockserver.providers.konto.provider:KONTO",
)


# KONTO, the whole declaration, is imported on first use (core.providers.LazyProvider).
__getattr__ = DECLARED.module_getattr("KONTO")
