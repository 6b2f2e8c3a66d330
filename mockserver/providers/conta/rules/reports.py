"""The trial balance and its details, from the ledger lines by their dates.

Per account: `sumIngoing` (everything before `startDate`), `sumChanged` (from `startDate` to
`endDate`), `sumOutgoing` (their sum); the totals of each column sum to zero over all accounts,
because every transaction balances. Filters by account narrow the rows (and so the totals).
"""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.operations import Call
from mockserver.providers.conta.rules import ledger
from mockserver.providers.conta.rules.common import money
from mockserver.providers.conta.rules.transactions import _in_scope, end_before_start, journal_line


def _wanted(number: str, query: dict) -> bool:
    low, high = query.get("startBookkeepingAccountNo"), query.get("endBookkeepingAccountNo")
    included = query.get("bookkeepingAccountsToBeIncluded")
    if (low and number < low) or (high and number > high):
        return False
    return not included or number in [str(item) for item in included]


def trial_balance(call: Call, org: int, query: dict) -> dict:
    end_before_start(query)
    start, end = query.get("startDate"), query.get("endDate")
    sums: dict[str, list[Decimal]] = {}
    for _, line in ledger.lines(call.store, org):
        number, day = line["bookkeepingAccountNo"], line["date"]
        if not _wanted(number, query) or not _in_scope(line, query) or (end and day > end):
            continue
        column = sums.setdefault(number, [Decimal(0), Decimal(0)])
        column[0 if start and day < start else 1] += Decimal(line["amount"])
    rows = []
    for number in sorted(sums):
        ingoing, changed = sums[number]
        account = ledger.account(call.store, org, number) or {}
        row: dict = {
            "bookkeepingAccountNo": number,
            "bookkeepingAccountName": account.get("name"),
            "sumIngoing": money(ingoing),
            "sumChanged": money(changed),
            "sumOutgoing": money(ingoing + changed),
        }
        rows.append({key: value for key, value in row.items() if value is not None})
    total_in = sum((values[0] for values in sums.values()), Decimal(0))
    total_changed = sum((values[1] for values in sums.values()), Decimal(0))
    return {
        "trialBalanceOutputSub": rows,
        "sumIngoing": money(total_in),
        "sumChanged": money(total_changed),
        "sumOutgoing": money(total_in + total_changed),
    }


def trial_balance_details(call: Call, org: int, query: dict) -> list[dict]:
    """The ledger lines behind the trial balance's changes: dated from `startDate` to
    `endDate`, of one account when `bookkeepingAccountNo` is given, in posting order."""
    end_before_start(query)
    start, end = query.get("startDate"), query.get("endDate")
    number = query.get("bookkeepingAccountNo")
    out = []
    for found, line in ledger.lines(call.store, org):
        day = line["date"]
        if (start and day < start) or (end and day > end) or not _in_scope(line, query):
            continue
        if number and line["bookkeepingAccountNo"] != number:
            continue
        out.append(journal_line(call.store, org, found, line))
    return out
