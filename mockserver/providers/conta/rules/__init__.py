"""Conta's rules: each takes a `Call` and what the dialect read, never the request.

Conventions every rule module follows (so the parts agree without knowing each other):
- A rule's arguments: `org` (the organization id, access already checked) on org-scoped routes,
  path parameters by their published names (`id`, `invoiceId`), `query` (the typed, validated
  query parameters that were given) when the published operation declares query parameters,
  `data` (the body, valid against the published request schema) when it declares a body.
- Documents are stored in their API shape plus internal fields whose names start with `_`
  (`_org` on every org-owned document, `_key`, `_createdAt`, ...); `common.public` strips them
  and leaves unset fields out (nothing is nullable in Conta's models). Money in documents is a
  JSON number or a decimal string (`common.decimal` reads both, `common.money` writes Conta's
  minimal 2-decimal numbers); ledger amounts are decimal strings of whole cents.
- Tables: common.ORGANIZATIONS, CUSTOMERS, PRODUCTS, BANK_ACCOUNTS, ACCOUNTS (chart of accounts),
  TRANSACTIONS (ledger), INVOICES (`_org`, `customerId`, `type`, `sumTotal`, `sumRemaining`:
  customer hits and the customer delete read those). A table listed in `common.INDEXED` is
  filtered by organization through the store's index (`common.of_org`).
- Counters: `invoiceNo:<org>` (the next invoice number is `store.next(...)`; org 11 starts at
  10001), `transactionNo:<org>:<year>` (through `ledger.post` only), and each table's own id.
- Organization settings live on its document: `_vatRegistered`, `_orgNo`, `_regnskapStartDate`,
  `_subscription`; the EHF registry is the top-level value `ehfRegistry`
  (`{orgNo: {canReceiveInvoices, canReceiveCreditNotes, canReceiveEhf30}}`).
- Errors are the spec's exceptions (errors.py): `BusinessException(name, **properties)` for a
  422 (name and properties checked against the spec), `InputOpException([condition(...),
  model_condition(...)], input=data)` for a 409, `NotFoundIdModelStorageToolException` (or
  `common.owned`, which answers it for another organization's id too).
"""
