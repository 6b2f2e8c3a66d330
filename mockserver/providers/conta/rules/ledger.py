"""The general ledger: balanced transactions numbered per organization and year.

Everything that moves money posts here (invoices, credit notes, payments and their deletion,
manual transactions, resets), so the trial balance always sums to zero and agrees with the
invoices. A transaction is stored whole, its ledger lines inside it, amounts signed (positive =
debit, negative = credit, as Conta's `amount`) and kept as decimal strings of whole cents:

    post(store, org_id, date, [
        {"bookkeepingAccountNo": "1500", "amount": "2680", "customerId": 123, "invoiceId": 7},
        {"bookkeepingAccountNo": "3000", "amount": "-2180"},
        {"bookkeepingAccountNo": "2700", "amount": "-500"},
    ], description="Faktura 10001", transaction_type="INVOICE", source="SYSTEM_TRANSACTION",
       invoice_id=7)

`post` refuses an unbalanced transaction (422 `TransactionIsNotBalancedException {sum}`), a line
of zero (409 `transactionLineAmountCannotBeZero`) and an account the organization does not have
active (422 `BookkeepingAccountNotActiveException`), and writes nothing then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date as Date
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.store import Store
from mockserver.providers.conta.errors import (
    BookkeepingAccountNotActiveException,
    BusinessException,
    InputOpException,
    NotFoundIdModelStorageToolException,
    TransactionIsNotBalancedException,
    condition,
)
from mockserver.providers.conta.rules.common import (
    ACCOUNTS,
    ORGANIZATIONS,
    TRANSACTIONS,
    decimal,
    money,
    of_org,
)

LINES = "ledgerLines"  # the counter of ledger line ids (lines live inside their transaction)
LINE_FIELDS = (
    "dueDate",
    "description",
    "customerId",
    "supplierId",
    "vatCode",
    "vatId",
    "invoiceId",
    "invoiceNo",
    "projectId",
    "departmentId",
)


def account_key(org_id: int, number: str) -> str:
    return f"{org_id}:{number}"


def account(store: Store, org_id: int, number: str) -> dict | None:
    """The organization's bookkeeping account with this 4-digit number."""
    return store.find(ACCOUNTS, "_key", account_key(org_id, number))


def check_started(store: Store, org_id: int, *days: str) -> None:
    """Nothing is booked before the organization's Regnskap start date (422
    `CannotCreateTransactionBeforeStartDateException {regnskapStartDate}`)."""
    start = (store.get(ORGANIZATIONS, org_id) or {}).get("_regnskapStartDate")
    if start and any(day < start for day in days):
        raise BusinessException("CannotCreateTransactionBeforeStartDateException", regnskapStartDate=start)


def next_transaction_no(store: Store, org_id: int, year: int) -> int:
    """`transactionNo`: from 1 for each organization and year, shared by every posting."""
    return store.next(f"transactionNo:{org_id}:{year}")


def post(
    store: Store,
    org_id: int,
    date: Date | str,
    lines: Sequence[Mapping],
    *,
    description: str = "",
    transaction_type: str = "MANUAL_TRANSACTION",
    source: str = "ADVANCED_TRANSACTION",
    invoice_id: int | None = None,
    credit_note_id: int | None = None,
    payment_id: int | None = None,
    is_reset: bool = False,
    created_at: str | None = None,
    extra: Mapping | None = None,
) -> dict:
    """Record one balanced transaction and answer its stored document (read-only).

    Each line: `bookkeepingAccountNo` (4 chars), `amount` (signed, number or decimal string),
    and optionally `date` (defaults to the transaction's), `dueDate`, `description`,
    `customerId`, `supplierId`, `vatCode`, `vatId`, `invoiceId`, `invoiceNo` (a string, as
    ledger lines write it), `projectId`, `departmentId`, `isCorrection`. `extra` is merged into
    the document (e.g. `transactionLinesAdvanced`, the request's lines as sent)."""
    day = date if isinstance(date, str) else date.isoformat()
    # Whole cents, as Conta's CURRENCY type: a line of 0.001 is a line of zero.
    amounts = [round_half_up(decimal(line.get("amount"))) for line in lines]
    zero = [
        condition(
            "transactionLineAmountCannotBeZero",
            f"transactionLines[{index}].amount",
            0,
            ("ASGARD_TYPE_CURRENCY",),
        )
        for index, amount in enumerate(amounts)
        if amount == 0
    ]
    if zero or not lines:
        raise InputOpException(zero or [condition("required", "transactionLines")])
    for line in lines:
        found = account(store, org_id, str(line.get("bookkeepingAccountNo")))
        if found is None or not found.get("isActive"):
            raise BookkeepingAccountNotActiveException(str(line.get("bookkeepingAccountNo")))
    total = sum(amounts, Decimal(0))
    if total != 0:
        raise TransactionIsNotBalancedException(money(total))
    year = int(day[:4])
    number = next_transaction_no(store, org_id, year)
    transaction_id = store.next(TRANSACTIONS)
    stored_lines = []
    for line, amount in zip(lines, amounts, strict=True):
        stored = {
            "id": store.next(LINES),
            "transactionId": transaction_id,
            "date": line.get("date") or day,
            "bookkeepingAccountNo": str(line["bookkeepingAccountNo"]),
            "amount": str(amount),
            "isCorrection": bool(line.get("isCorrection", False)),
        }
        for name in LINE_FIELDS:
            if line.get(name) is not None:
                stored[name] = line[name]
        stored_lines.append(stored)
    document = {
        "id": transaction_id,
        "_org": org_id,
        "transactionNo": number,
        "transactionYear": year,
        "transactionNoYear": f"{number}-{year}",
        "date": day,
        "description": description or None,
        "lockedStatus": "OPEN",
        "transactionSourceType": source,
        "transactionType": transaction_type,
        "isResetTransaction": is_reset,
        "transactionRevisionNo": 1,
        "createdAt": created_at,
        "invoiceId": invoice_id,
        "creditNoteId": credit_note_id,
        "_paymentId": payment_id,
        "transactionLines": stored_lines,
        **(extra or {}),
    }
    return store.insert(TRANSACTIONS, {k: v for k, v in document.items() if v is not None}, transaction_id)


def transaction(store: Store, org_id: int, transaction_id: int) -> dict:
    found = store.get(TRANSACTIONS, transaction_id)
    if found is None or found.get("_org") != org_id:
        raise NotFoundIdModelStorageToolException()
    return found


def reset(
    store: Store,
    org_id: int,
    transaction_id: int,
    date: Date | str,
    *,
    created_at: str | None = None,
    description: str | None = None,
) -> dict:
    """Reverse a transaction by a new one with every line inverted (`isResetTransaction`), and
    mark the original `resetByTransactionId`. Which transactions may be reset is the caller's
    rule (manual ones only, once: see the spec's exceptions); this only does it."""
    original = transaction(store, org_id, transaction_id)
    inverted = [
        {
            **{name: line[name] for name in LINE_FIELDS if name in line},
            "bookkeepingAccountNo": line["bookkeepingAccountNo"],
            "amount": str(-Decimal(line["amount"])),
            "date": date if isinstance(date, str) else date.isoformat(),
            "isCorrection": True,
        }
        for line in original["transactionLines"]
    ]
    made = post(
        store,
        org_id,
        date,
        inverted,
        description=description or f"Tilbakeføring av bilag {original['transactionNoYear']}",
        transaction_type=original["transactionType"],
        source=original["transactionSourceType"],
        invoice_id=original.get("invoiceId"),
        credit_note_id=original.get("creditNoteId"),
        payment_id=original.get("_paymentId"),
        is_reset=True,
        created_at=created_at,
    )
    changed = store.edit(TRANSACTIONS, transaction_id)
    changed["resetByTransactionId"] = made["id"]
    return made


def lines(store: Store, org_id: int) -> Iterable[tuple[dict, dict]]:
    """Every (transaction, line) of the organization, in transaction order."""
    for found in of_org(store, TRANSACTIONS, org_id):
        for line in found["transactionLines"]:
            yield found, line


def balances(
    store: Store, org_id: int, start: str | None = None, end: str | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per account number: (ingoing balance before `start`, change from `start` to `end`), by
    the lines' dates (inclusive ISO dates; None = open). Every column sums to zero."""
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for _, line in lines(store, org_id):
        day, amount = line["date"], Decimal(line["amount"])
        if end is not None and day > end:
            continue
        ingoing, changed = out.get(line["bookkeepingAccountNo"], (Decimal(0), Decimal(0)))
        if start is not None and day < start:
            ingoing += amount
        else:
            changed += amount
        out[line["bookkeepingAccountNo"]] = (ingoing, changed)
    return out


def render_line(line: Mapping) -> dict:
    """A ledger line as `RouteV1TransactionModel.transactionLines[]` writes it."""
    return {**line, "amount": money(line["amount"])}


def render(document: Mapping) -> dict:
    """A transaction as the API shows it (internal fields out, amounts as numbers)."""
    out = {key: value for key, value in document.items() if not key.startswith("_")}
    out["transactionLines"] = [render_line(line) for line in document["transactionLines"]]
    return out
