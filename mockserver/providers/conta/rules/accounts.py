"""The chart of accounts (`GET .../bookkeeping-accounts`): a plain array, yet paged like the
lists (`hits` default 20, 0 = all), filtered by number range, ordered by account number."""

from __future__ import annotations

from mockserver.core.operations import Call
from mockserver.providers.conta.errors import InputOpException, condition
from mockserver.providers.conta.rules.common import ACCOUNTS, Listing, matches, of_org, page_of, public

FIELDS = (
    "id",
    "bookkeepingAccountNo",
    "vatCode",
    "name",
    "description",
    "keywords",
    "isActive",
    "bookkeepingAccountGroupId",
    "createdAt",
    "modifiedAt",
    "isLocked",
)


def _ignored(query: dict) -> list[tuple[str, str]]:
    ranges = query.get("ignoredBookkeepingAccountNos") or []
    out, errors = [], []
    for index, item in enumerate(ranges):
        low, high = item.get("fromNo"), item.get("toNo") or item.get("fromNo")
        if not low:
            errors.append(condition("required", f"ignoredBookkeepingAccountNos[{index}].fromNo"))
            continue
        out.append((low, high))
    if errors:
        raise InputOpException(errors, query)
    return out


def list_accounts(call: Call, org: int, query: dict) -> list[dict]:
    listing = Listing.of(query)
    start, end = query.get("startBookkeepingAccountNo"), query.get("endBookkeepingAccountNo")
    ignored = _ignored(query)
    since, until = query.get("fromDate"), query.get("toDate")
    rows = []
    for doc in sorted(of_org(call.store, ACCOUNTS, org), key=lambda d: d["bookkeepingAccountNo"]):
        number = doc["bookkeepingAccountNo"]
        if (start and number < start) or (end and number > end):
            continue
        if any(low <= number <= high for low, high in ignored):
            continue
        if (since and doc["createdAt"][:10] < since) or (until and doc["createdAt"][:10] > until):
            continue
        if not matches(listing.q, (number, doc.get("name"), doc.get("description"), doc.get("keywords"))):
            continue
        rows.append(public(doc))
    return page_of(rows, listing, sortable=FIELDS, query=query).get("hits", [])
