"""Manual transactions (`transactions-advanced`), their reset, and the journal (`transactions2`).

A `transactionLinesAdvanced[]` line names a debit side, a credit side or both (the guide's two
styles): a line with both becomes two ledger lines (+amount on the debit account, -amount on the
credit account), a one-sided line one ledger line. `amount` includes VAT: a side with a VAT code
that carries VAT posts the net on its account and the VAT on the code's VAT account (vat.py).
Everything is checked before anything is written; the ledger refuses what does not balance.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.errors import BusinessException, InputOpException, condition
from mockserver.providers.conta.rules import ledger, vat
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    INVOICES,
    ORGANIZATIONS,
    TRANSACTIONS,
    decimal,
    money,
    of_org,
    timestamp,
)

MANUAL_TYPES = ("MANUAL_TRANSACTION", "INCOME_STATEMENT")
CUSTOMER_ACCOUNT, SUPPLIER_ACCOUNT = "1500", "2400"
DEFAULT_RECORDS = 100
# The fields of a journal hit taken over from the stored transaction as they are.
JOURNAL_FIELDS = (
    "id",
    "transactionNo",
    "transactionNoYear",
    "date",
    "description",
    "lockedStatus",
    "transactionSourceType",
    "transactionType",
    "invoiceId",
    "creditNoteId",
    "resetByTransactionId",
    "transactionRevisionNo",
    "isResetTransaction",
    "createdAt",
)


def _side(
    store: Store, org: int, index: int, line: dict, side: str, amount: Decimal, errors: list
) -> list[dict]:
    """The ledger lines of one side (`debit`/`credit`) of an advanced line, signed."""
    path = f"transactionLinesAdvanced[{index}]"
    number = line[f"{side}BookkeepingAccountNo"]
    customer, supplier = line.get(f"{side}CustomerId"), line.get(f"{side}SupplierId")
    code = line.get(f"{side}VatCode") or "input.no.vat"
    if customer is not None and number != CUSTOMER_ACCOUNT:
        errors.append(
            condition(
                "wrongBookkeepingAccountNoAndCustomerIdAssociationOnLineAdvanced",
                f"{path}.{side}CustomerId",
                customer,
                ("ASGARD_TYPE_INTEGER",),
                en=f"A customer can only be given on account {CUSTOMER_ACCOUNT}.",
                no=f"Kunde kan bare oppgis på konto {CUSTOMER_ACCOUNT}.",
            )
        )
    elif customer is not None:
        found = store.get(CUSTOMERS, customer)
        if found is None or found.get("_org") != org:
            errors.append(condition("customerNotFound", f"{path}.{side}CustomerId", customer))
    if supplier is not None and number != SUPPLIER_ACCOUNT:
        errors.append(
            condition(
                "wrongBookkeepingAccountNoAndSupplierIdAssociationOnLineAdvanced",
                f"{path}.{side}SupplierId",
                supplier,
                ("ASGARD_TYPE_INTEGER",),
                en=f"A supplier can only be given on account {SUPPLIER_ACCOUNT}.",
                no=f"Leverandør kan bare oppgis på konto {SUPPLIER_ACCOUNT}.",
            )
        )
    signed = amount if side == "debit" else -amount
    net, tax, vat_account = vat.split_gross(signed, code)
    common = {
        "date": line["date"],
        "description": line.get("description"),
        "dueDate": line.get("dueDate"),
        "departmentId": line.get("departmentId"),
        "projectId": line.get("projectId"),
        "invoiceId": line.get(f"{side}InvoiceId"),
        "invoiceNo": line.get(f"{side}InvoiceNo"),
    }
    out = [
        {
            **common,
            "bookkeepingAccountNo": number,
            "amount": str(net),
            "customerId": customer,
            "supplierId": supplier,
            "vatCode": code,
            "vatId": vat.accounting_vat_id(code) or None,  # no VAT: no SAF-T id (ids start at 1)
        }
    ]
    if tax and vat_account:
        out.append({**common, "bookkeepingAccountNo": vat_account, "amount": str(tax), "vatCode": code})
    return out


def ledger_lines(store: Store, org: int, advanced: list[dict]) -> list[dict]:
    """The signed ledger lines of the request's lines, or one 409 listing every bad line."""
    errors: list[dict] = []
    out: list[dict] = []
    vat_registered = bool((store.get(ORGANIZATIONS, org) or {}).get("_vatRegistered"))
    for index, line in enumerate(advanced):
        path = f"transactionLinesAdvanced[{index}]"
        amount = round_half_up(decimal(line.get("amount")))
        if amount == 0:
            errors.append(
                condition(
                    "transactionLineAmountCannotBeZero",
                    f"{path}.amount",
                    line.get("amount"),
                    ("ASGARD_TYPE_CURRENCY",),
                    en="The amount of a transaction line cannot be zero.",
                    no="Beløpet på en bilagslinje kan ikke være null.",
                )
            )
            continue
        sides = [side for side in ("debit", "credit") if line.get(f"{side}BookkeepingAccountNo")]
        if not sides:
            errors.append(
                condition(
                    "bookkeepingAccountNoIsRequired",
                    f"{path}.debitBookkeepingAccountNo",
                    None,
                    ("ASGARD_TYPE_BOOKKEEPING_ACCOUNT_NO",),
                    en="A debit or a credit bookkeeping account is required.",
                    no="Debet- eller kreditkonto er påkrevd.",
                )
            )
            continue
        for side in sides:
            code = line.get(f"{side}VatCode") or "input.no.vat"
            if not vat_registered and code in vat.ACCOUNTING_VAT:
                raise BusinessException("VatCodeNotAllowedForOrgException", vatCode=code)
            out.extend(_side(store, org, index, line, side, amount, errors))
    if errors:
        raise InputOpException(errors, {"transactionLinesAdvanced": advanced})
    return [{key: value for key, value in line.items() if value is not None} for line in out]


def _check_years(store: Store, org: int, day: str, lines: list[dict]) -> None:
    ledger.check_started(store, org, day, *(line["date"] for line in lines))
    if not any(line["date"][:4] == day[:4] for line in lines):
        raise BusinessException("AtLeastOneLineShouldBeInTheSameYearAsTransactionException")
    per_year: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        per_year[line["date"][:4]] += Decimal(line["amount"])
    if len(per_year) > 1 and any(total != 0 for total in per_year.values()):
        raise BusinessException("TransactionLinesAreNotBalancedWithinTheYearException")


def create_transaction(call: Call, org: int, data: dict) -> dict:
    advanced = data["transactionLinesAdvanced"]
    if not advanced:
        raise InputOpException([condition("required", "transactionLinesAdvanced")], data)
    lines = ledger_lines(call.store, org, advanced)
    # The transaction's date defaults to its first line's [research §4.3].
    day = data.get("date") or advanced[0]["date"]
    _check_years(call.store, org, day, lines)
    # The request model also lists response fields (`id`, `transactionId`): not taken from input.
    echo = [
        {
            key: value
            for key, value in line.items()
            if value is not None and key not in ("id", "transactionId")
        }
        for line in advanced
    ]
    made = ledger.post(
        call.store,
        org,
        day,
        lines,
        description=data.get("description", ""),
        transaction_type=data["transactionType"],
        source="ADVANCED_TRANSACTION",
        created_at=timestamp(call.now()),
        extra={"transactionLinesAdvanced": echo, "_manual": True},
    )
    return ledger.render(made)


def get_transaction(call: Call, org: int, id: int) -> dict:
    return ledger.render(ledger.transaction(call.store, org, id))


def reset_transaction(call: Call, org: int, id: int) -> None:
    """Reset a manual transaction by a new one with every line inverted, dated as the original
    (so the reset falls in the same year and period) [choice: the date is not public]."""
    original = ledger.transaction(call.store, org, id)
    if not original.get("_manual") or original.get("isResetTransaction"):
        raise BusinessException("OnlyManualTransactionsCanBeResetByLinesException")
    if original.get("resetByTransactionId"):
        raise BusinessException(
            "TransactionAlreadyResetException",
            transactionId=id,
            resetByTransactionId=original["resetByTransactionId"],
        )
    ledger.reset(call.store, org, id, original["date"], created_at=timestamp(call.now()))
    return None


# -- the journal (transactions2) ---------------------------------------------------------------


def end_before_start(query: dict) -> None:
    start, end = query.get("startDate"), query.get("endDate")
    if start and end and end < start:
        raise BusinessException("EndDateBeforeStartDateException")


def journal_line(store: Store, org: int, found: dict, line: dict) -> dict:
    """A ledger line as the journal and the trial balance's details write it."""
    account = ledger.account(store, org, line["bookkeepingAccountNo"]) or {}
    out = {
        **ledger.render_line(line),
        "bookkeepingAccountName": account.get("name"),
        "transactionNo": found["transactionNo"],
        "transactionNoYear": found["transactionNoYear"],
        "transactionSourceType": found["transactionSourceType"],
        "isResetTransaction": found["isResetTransaction"],
        "resetByTransactionId": found.get("resetByTransactionId"),
        "creditNoteId": found.get("creditNoteId"),
    }
    out.pop("vatId", None)
    if line.get("customerId") is not None:
        customer = store.get(CUSTOMERS, line["customerId"]) or {}
        out["customerName"], out["customerOrgNo"] = customer.get("name"), customer.get("orgNo")
    return {key: value for key, value in out.items() if value is not None}


def _in_scope(line: dict, query: dict) -> bool:
    return all(
        query.get(name) is None or line.get(name) == query[name] for name in ("departmentId", "projectId")
    )


def journal(call: Call, org: int, query: dict) -> dict:
    end_before_start(query)
    store = call.store
    start, end = query.get("startDate"), query.get("endDate")
    low, high = query.get("fromTransactionNo"), query.get("toTransactionNo")
    rows = []
    for found in of_org(store, TRANSACTIONS, org):
        if (start and found["date"] < start) or (end and found["date"] > end):
            continue
        number = found["transactionNo"]
        if (low and number < low) or (high and number > high):
            continue
        if query.get("transactionId") and found["id"] != query["transactionId"]:
            continue
        lines = [line for line in found["transactionLines"] if _in_scope(line, query)]
        if not lines:
            continue
        hit = {name: found[name] for name in JOURNAL_FIELDS if found.get(name) is not None}
        invoice = store.get(INVOICES, found["invoiceId"]) if found.get("invoiceId") else None
        if invoice and isinstance(invoice.get("invoiceNo"), int):
            hit["invoiceNo"] = invoice["invoiceNo"]
        hit["isReverted"] = bool(found.get("resetByTransactionId"))
        hit["isDeleted"] = False
        hit["numberOfAttachments"] = 0
        hit["ledgerLines"] = [journal_line(store, org, found, line) for line in lines]
        rows.append(hit)
    rows.sort(key=lambda hit: (hit["date"], hit["id"]))
    per_page = query.get("recordsPerPage") or DEFAULT_RECORDS
    page = query.get("page") or 0
    shown = rows[page * per_page : (page + 1) * per_page]
    out: dict = {"hitCount": len(rows), "pageCount": -(-len(rows) // per_page), "sum": money(0)}
    return {"hits": shown, **out} if shown else out
