"""An organization's bank accounts: a plain array, filtered by any of the model's fields."""

from __future__ import annotations

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.rules.common import BANK_ACCOUNTS, of_org, public


def list_bank_accounts(call: Call, org: int, query: dict) -> list[dict]:
    rows = [public(doc) for doc in of_org(call.store, BANK_ACCOUNTS, org)]
    return [row for row in rows if all(row.get(name) == value for name, value in query.items())]


def invoicing_account(store: Store, org: int) -> dict | None:
    """The account invoices are paid to: the first one `allowedForInvoicing` (None: the
    organization has none, which the invoice rules answer with `OrgMustHaveBankAccountException`)."""
    for doc in of_org(store, BANK_ACCOUNTS, org):
        if doc.get("allowedForInvoicing") and not doc.get("isArchived"):
            return doc
    return None
