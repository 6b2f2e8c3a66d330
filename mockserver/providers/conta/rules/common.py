"""What every Conta rule shares: organization scope, documents without their internal fields,
money as Conta writes it, timestamps, and the list envelope with q/hits/page/sort."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from mockserver.core.money import round_half_up, to_decimal
from mockserver.core.store import Store
from mockserver.providers.conta.errors import (
    InputOpException,
    NotFoundIdModelStorageToolException,
    OrgAccessDeniedException,
    condition,
)

ORGANIZATIONS = "organizations"
CUSTOMERS = "customers"
PRODUCTS = "products"
BANK_ACCOUNTS = "bankAccounts"
ACCOUNTS = "bookkeepingAccounts"  # the chart of accounts, one document per org and number
TRANSACTIONS = "transactions"
INVOICES = "invoices"  # invoices and credit notes (invoicing.py has the document's shape)
DRAFTS = "invoiceDrafts"
PAYMENTS = "payments"
EVENTS = "invoiceEvents"  # every invoice's history, by `_invoiceId`
FILES = "files"  # invoice PDFs, drawn when fetched

# Unique fields the store indexes: an organization's account by `<org>:<number>` (ledger.account).
# An invoice number by `<org>:<year>:<invoiceNo>` (invoicing.number_key).
UNIQUE = {ACCOUNTS: ("_key",), INVOICES: ("_numberKey",)}
# Tables filtered by organization through the store's index instead of a scan (`of_org`); a
# table added here is indexed in every workspace, seeded or restored.
INDEXED = {
    **{
        table: ("_org",)
        for table in (CUSTOMERS, PRODUCTS, BANK_ACCOUNTS, ACCOUNTS, TRANSACTIONS, INVOICES, DRAFTS, PAYMENTS)
    },
    EVENTS: ("_invoiceId",),
}

DEFAULT_HITS = 20


def public(document: Mapping) -> dict:
    """The document as the API shows it: internal fields (`_org`, `_key`, ...) left out, and
    unset fields left out rather than sent as null (nothing in Conta's models is nullable)."""
    out = {"id": document["id"]} if "id" in document else {}
    out.update(
        (key, value) for key, value in document.items() if not key.startswith("_") and value is not None
    )
    return out


def organization(store: Store, org_id: int) -> dict:
    """The organization the key may act on, or 403 (also for one that does not exist: a key can
    no more reach an unknown organization than a forbidden one)."""
    org = store.get(ORGANIZATIONS, org_id)
    if org is None or not org.get("_access"):
        raise OrgAccessDeniedException()
    return org


def owned(store: Store, table: str, org_id: int, doc_id: int) -> dict:
    """A document of this organization, or 404: another organization's id is as unknown."""
    document = store.get(table, doc_id)
    if document is None or document.get("_org") != org_id:
        raise NotFoundIdModelStorageToolException()
    return document


def of_org(store: Store, table: str, org_id: int) -> list[dict]:
    """The organization's documents of a table, in id order."""
    if table in INDEXED:
        return store.where(table, "_org", org_id)
    return sorted((doc for doc in store.all(table) if doc.get("_org") == org_id), key=lambda doc: doc["id"])


def money(value: object) -> int | float:
    """Money as Conta writes it: a JSON number rounded to 2 decimals, minimal (`2680`, not
    `2680.0`; `2680.5`)."""
    amount = round_half_up(to_decimal(value))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def decimal(value: object) -> Decimal:
    return to_decimal(value) if value is not None else Decimal(0)


def timestamp(moment: datetime) -> str:
    """Date-times as RFC 3339 with an offset (the lexical form Conta uses is not public)."""
    return moment.replace(microsecond=0).isoformat()


# -- lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """What a list route reads from the query: `q`, `hits` (0 = all), 0-based `page`, `sort`."""

    q: str | None = None
    hits: int = DEFAULT_HITS
    page: int = 0
    sort: str | None = None

    @classmethod
    def of(cls, query: Mapping) -> Listing:
        hits = query.get("hits")
        return cls(
            query.get("q"), DEFAULT_HITS if hits is None else hits, query.get("page") or 0, query.get("sort")
        )


def matches(q: str | None, values: Iterable[object]) -> bool:
    """Conta's full-text match: every word of `q` starts a word of some searchable field,
    case-insensitive (the guide's `q=Lisa` finds customers "starting with 'Lisa'")."""
    if not q:
        return True
    words = [str(v).lower() for v in values if v not in (None, "")]
    tokens = [token for value in words for token in value.replace(",", " ").split()]
    return all(
        any(token.startswith(term) for token in tokens) or any(v.startswith(term) for v in words)
        for term in q.lower().split()
    )


def sort_errors(sort: str | None, allowed: Sequence[str]) -> list[dict]:
    """An input condition per field of `sort` the route does not sort by: refused, so a typo
    shows instead of being ignored (the guide: "not all fields are supported ... for sorting")."""
    return [
        condition("sort", "sort", part.strip(), ("ASGARD_TYPE_STRING",))
        for part in (sort or "").split(",")
        if sort and part.strip().lstrip("+-").strip() not in allowed
    ]


def sort_keys(sort: str | None, allowed: Sequence[str], query: Mapping) -> list[tuple[str, bool]]:
    """`+name,-id` (or `id`: ascending) as (field, descending) pairs."""
    errors = sort_errors(sort, allowed)
    if errors:
        raise InputOpException(errors, query)
    if not sort:
        return []
    return [(part.strip().lstrip("+-").strip(), part.strip().startswith("-")) for part in sort.split(",")]


def _sortable(value: object) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, value)
    return (2, str(value).lower())


def page_of(
    rows: list[dict],
    listing: Listing,
    *,
    sortable: Sequence[str],
    query: Mapping,
    total: Callable[[list[dict]], object] | None = None,
) -> dict:
    """The `RouteV1QueryResult*` envelope: `hits`, `hitCount`, `pageCount`, `sum`. An empty
    result has no `hits` key, as the real sandbox answered [obs]."""
    for field, descending in reversed(sort_keys(listing.sort, sortable, query)):
        rows = sorted(rows, key=lambda row: _sortable(row.get(field)), reverse=descending)
    count = len(rows)
    if listing.hits == 0:
        shown, pages = rows, (1 if count else 0)
    else:
        start = listing.page * listing.hits
        shown, pages = rows[start : start + listing.hits], math.ceil(count / listing.hits)
    out: dict = {"hitCount": count, "pageCount": pages, "sum": money(total(rows)) if total else 0}
    if shown:
        out = {"hits": shown, **out}
    return out
