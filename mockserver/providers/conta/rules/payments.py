"""Payments on invoices: register a single payment, list an invoice's payments, delete one,
and search every partial payment of the organization (`invoice-payments`).

`record_payment` and `remove_payment` post a payment and move the invoices' remainders (the seed
pays through them too); the routes decide what a client may do through the API gateway:
- A payment is one `MANUAL` payment with one partial payment ("only simple single-part payments
  can be created using the API Gateway" [seed]). `date`, `amount` and `bankAccountId` are
  required (409 `required`; the spec's input model requires nothing [choice]); the bank account
  must be the organization's and `allowedForInvoicing` (409 `bankAccountNotFound` /
  `bankAccountNotAllowedForInvoicing` [choice]); `amount` 0.01 .. `sumRemaining`
  (`AmountGreaterThanRemainingOnInvoiceException`: also what a credit note or a closed invoice
  answers, its remainder being 0); `date` not after the workspace's today
  (`PaymentDateInFutureException`) nor before the organization's Regnskap start date
  (`CannotCreateTransactionBeforeStartDateException`); NOK invoices only
  (`NotPossibleToRegisterRegularPaymentsForInvoicesWithForeignCurrenciesException`).
  `description` is used as the posting's text and not returned [obs]; `returnPaymentDate`,
  `departmentId` and `projectId` are accepted and not kept [choice].
- Deleting resets the payment's posting by inverted lines dated as the payment (so the period
  it was in shows it never happened) and restores the invoices' remainder and status. Only
  `MANUAL` payments can be deleted through the API [choice]: an `OCR_CREMUL` payment came from
  the bank's file, and its bank transaction would have to go first
  (`TransactionShouldBeRemovedBeforeDeletePaymentException`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date as Date
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.dialect import required
from mockserver.providers.conta.errors import BusinessException, InputOpException, condition
from mockserver.providers.conta.rules import invoicing, ledger
from mockserver.providers.conta.rules.common import (
    BANK_ACCOUNTS,
    CUSTOMERS,
    INVOICES,
    PAYMENTS,
    Listing,
    decimal,
    matches,
    money,
    of_org,
    owned,
    page_of,
    public,
    timestamp,
)

# The fields of an `invoice-payments` hit, which are also what it sorts by.
HIT_FIELDS = (
    "id",
    "customerId",
    "customerName",
    "customerOrgNo",
    "invoiceId",
    "invoiceNo",
    "amount",
    "paymentType",
    "date",
    "kid",
)
SEARCHED = ("customerName", "customerOrgNo", "invoiceNo", "kid")
DELETABLE = ("MANUAL",)
CLOSED_WITH_LOSS = "WRITTEN_OFF_AS_LOSS"


# -- payments --------------------------------------------------------------------------------


def record_payment(
    store: Store,
    org: int,
    *,
    date: Date | str,
    partials: Sequence[tuple[Mapping, Decimal]],
    bank_account: Mapping,
    created_at: str,
    payment_type: str = "MANUAL",
    description: str | None = None,
) -> dict:
    """A payment of one or more invoices (`(invoice, amount)` each) into a bank account:
    posted Dr the bank account's bookkeeping account / Cr receivables per invoice, each
    invoice's `sumRemaining` lowered (at 0 `CLOSED_BY_PAYMENT`) and evented. More than an
    invoice's remainder is refused (`AmountGreaterThanRemainingOnInvoiceException`)."""
    day = date if isinstance(date, str) else date.isoformat()
    # As stored now: a caller may hold a copy from before an earlier payment.
    partials = [(store.get(INVOICES, invoice["id"]) or invoice, amount) for invoice, amount in partials]
    for invoice, amount in partials:
        remaining = decimal(invoice.get("sumRemaining"))
        if amount > remaining:
            raise BusinessException(
                "AmountGreaterThanRemainingOnInvoiceException",
                amount=money(amount),
                remainingOnInvoice=money(remaining),
            )
    payment_id = store.next(PAYMENTS)
    total = sum((amount for _, amount in partials), Decimal(0))
    posting = ledger.post(
        store,
        org,
        day,
        [
            {
                "bookkeepingAccountNo": bank_account["bookkeepingAccountNo"],
                "amount": str(total),
                "description": description,
            },
            *(
                {
                    "bookkeepingAccountNo": invoicing.RECEIVABLES,
                    "amount": str(-amount),
                    "customerId": invoice["customerId"],
                    "invoiceId": invoice["id"],
                    "invoiceNo": str(invoice["invoiceNo"]),
                }
                for invoice, amount in partials
            ),
        ],
        description=description
        or f"Innbetaling faktura {', '.join(str(i['invoiceNo']) for i, _ in partials)}",
        transaction_type="PAYMENT",
        source="SYSTEM_TRANSACTION",
        invoice_id=partials[0][0]["id"] if len(partials) == 1 else None,
        payment_id=payment_id,
        created_at=created_at,
    )
    parts = []
    for invoice, amount in partials:
        parts.append(
            {
                "id": store.next(invoicing.PARTIALS),
                "date": day,
                "amount": str(amount),
                "invoiceId": invoice["id"],
                "paymentId": payment_id,
            }
        )
        changed = _change_remaining(store, invoice["id"], -amount)
        changed["_paymentIds"] = [*changed.get("_paymentIds", []), payment_id]
        invoicing.event(
            store,
            org,
            invoice["id"],
            "OCR_PAYMENT_RECEIVED" if payment_type == "OCR_CREMUL" else "PAYMENT_RECEIVED",
            date=day,
            created_at=created_at,
            sumRemainingChanged=str(-amount),
            sumRemaining=changed["sumRemaining"],
            transactionNoYear=posting["transactionNoYear"],
        )
    return store.insert(
        PAYMENTS,
        {
            "id": payment_id,
            "_org": org,
            "_createdAt": created_at,
            "_bankAccountId": bank_account["id"],
            "_description": description,
            "paymentType": payment_type,
            "transactionId": posting["id"],
            "isFromKravia": False,
            "isMultiPayment": len(partials) > 1,
            "totalAmount": str(total),
            "partialPayments": parts,
        },
        payment_id,
    )


def remove_payment(store: Store, org: int, payment: Mapping, *, date: Date | str, created_at: str) -> None:
    """Undo a payment: its posting reset by inverted lines, each invoice's remainder restored
    (and `INVOICE_CREATED` again), a `DELETED_PAYMENT` event, the payment gone."""
    day = date if isinstance(date, str) else date.isoformat()
    reversal = ledger.reset(store, org, payment["transactionId"], day, created_at=created_at)
    for part in payment["partialPayments"]:
        amount = Decimal(part["amount"])
        changed = _change_remaining(store, part["invoiceId"], amount)
        changed["_paymentIds"] = [p for p in changed.get("_paymentIds", []) if p != payment["id"]]
        invoicing.event(
            store,
            org,
            part["invoiceId"],
            "DELETED_PAYMENT",
            date=day,
            created_at=created_at,
            sumRemainingChanged=str(amount),
            sumRemaining=changed["sumRemaining"],
            transactionNoYear=reversal["transactionNoYear"],
        )
    store.delete(PAYMENTS, payment["id"])


def _change_remaining(store: Store, invoice_id: int, change: Decimal) -> dict:
    invoice = store.edit(INVOICES, invoice_id)
    remaining = decimal(invoice["sumRemaining"]) + change
    invoice["sumRemaining"] = str(remaining)
    if invoice["status"] in ("INVOICE_CREATED", "CLOSED_BY_PAYMENT", "PAYMENT_REMINDER_CREATED"):
        invoice["status"] = "CLOSED_BY_PAYMENT" if remaining == 0 else "INVOICE_CREATED"
    return invoice


def payments_of(store: Store, invoice: Mapping) -> list[dict]:
    """The payments with a part on this invoice, in id order."""
    found = (store.get(PAYMENTS, payment_id) for payment_id in invoice.get("_paymentIds", []))
    return [payment for payment in found if payment is not None]


def bank_account_of(store: Store, org: int, bank_account_id: int) -> dict | None:
    found = store.get(BANK_ACCOUNTS, bank_account_id)
    return found if found is not None and found.get("_org") == org else None


# -- the API gateway's routes -----------------------------------------------------------------


def render(payment: Mapping) -> dict:
    """A payment as `RouteV1PaymentModel`: money as numbers, internal fields (the description
    among them) left out."""
    out = public(payment)
    out["totalAmount"] = money(payment["totalAmount"])
    out["partialPayments"] = [
        {**public(part), "amount": money(part["amount"])} for part in payment["partialPayments"]
    ]
    return out


# -- register --------------------------------------------------------------------------------


def _required(data: Mapping) -> None:
    missing = [
        required(name, kind)
        for name, kind in (
            ("date", "ASGARD_TYPE_DATE"),
            ("amount", "ASGARD_TYPE_CURRENCY"),
            ("bankAccountId", "ASGARD_TYPE_INTEGER"),
        )
        if data.get(name) is None
    ]
    if missing:
        raise InputOpException(missing, data)


def _bank_account(store: Store, org: int, data: Mapping) -> dict:
    """The organization's bank account the money arrived in, one it may invoice with."""
    account_id = data["bankAccountId"]
    found = bank_account_of(store, org, account_id)
    if found is None:
        problem = condition(
            "bankAccountNotFound",
            "bankAccountId",
            account_id,
            ("ASGARD_TYPE_INTEGER",),
            en=f"Bank account {account_id} does not exist.",
            no=f"Bankkonto {account_id} finnes ikke.",
        )
    elif not found.get("allowedForInvoicing") or found.get("isArchived"):
        problem = condition(
            "bankAccountNotAllowedForInvoicing",
            "bankAccountId",
            account_id,
            ("ASGARD_TYPE_INTEGER",),
            en=f"Bank account {account_id} is not allowed for invoicing.",
            no=f"Bankkonto {account_id} kan ikke brukes til fakturering.",
        )
    else:
        return found
    raise InputOpException([problem], data)


def check_date(store: Store, org: int, day: str, today: Date) -> None:
    """A payment's date: not after today, not before the organization's Regnskap start."""
    if day > today.isoformat():
        raise BusinessException("PaymentDateInFutureException", today=today.isoformat(), dateProvided=day)
    ledger.check_started(store, org, day)


def create_payment(call: Call, org: int, invoiceId: int, data: dict) -> dict:  # noqa: N803
    _required(data)
    store = call.store
    invoice = owned(store, INVOICES, org, invoiceId)
    account = _bank_account(store, org, data)
    if invoice.get("invoiceCurrency", "NOK") != "NOK":
        raise BusinessException(
            "NotPossibleToRegisterRegularPaymentsForInvoicesWithForeignCurrenciesException"
        )
    check_date(store, org, data["date"], call.today())
    payment = record_payment(
        store,
        org,
        date=data["date"],
        partials=[(invoice, round_half_up(decimal(data["amount"])))],
        bank_account=account,
        created_at=timestamp(call.now()),
        description=data.get("description"),
    )
    return render(payment)


# -- read ------------------------------------------------------------------------------------


def invoice_payments(call: Call, org: int, id: int) -> list[dict]:
    """The payments with a part on the invoice, multi-payments whole (every part shown)."""
    invoice = owned(call.store, INVOICES, org, id)
    return [render(payment) for payment in payments_of(call.store, invoice)]


# -- delete ----------------------------------------------------------------------------------


def deletable(store: Store, org: int, payment: Mapping) -> None:
    """Refuse what the API cannot undo: a bank file's payment, an already reset posting, an
    invoice written off as a loss."""
    if payment["paymentType"] not in DELETABLE:
        raise BusinessException("TransactionShouldBeRemovedBeforeDeletePaymentException")
    posting = ledger.transaction(store, org, payment["transactionId"])
    if posting.get("resetByTransactionId"):
        raise BusinessException(
            "TransactionAlreadyResetException",
            transactionId=posting["id"],
            resetByTransactionId=posting["resetByTransactionId"],
        )
    for part in payment["partialPayments"]:
        if (store.get(INVOICES, part["invoiceId"]) or {}).get("status") == CLOSED_WITH_LOSS:
            raise BusinessException("InvoiceIsClosedWithLossException")


def remove(call: Call, org: int, payment: Mapping) -> None:
    """Delete a payment the API may delete, its posting reset on the payment's date."""
    deletable(call.store, org, payment)
    day = payment["partialPayments"][0]["date"]
    remove_payment(call.store, org, payment, date=day, created_at=timestamp(call.now()))


def delete_payment(call: Call, org: int, id: int) -> None:
    remove(call, org, owned(call.store, PAYMENTS, org, id))


# -- invoice-payments ------------------------------------------------------------------------


def hits(store: Store, org: int) -> list[dict]:
    """One hit per partial payment of the organization's payments, with its invoice's customer."""
    rows = []
    for payment in of_org(store, PAYMENTS, org):
        for part in payment["partialPayments"]:
            invoice = store.get(INVOICES, part["invoiceId"]) or {}
            customer = store.get(CUSTOMERS, invoice.get("customerId")) or {}
            row = {
                "id": part["id"],
                "customerId": invoice.get("customerId"),
                "customerName": customer.get("name"),
                "customerOrgNo": customer.get("orgNo"),
                "invoiceId": part["invoiceId"],
                "invoiceNo": invoice.get("invoiceNo"),
                "amount": money(part["amount"]),
                "paymentType": payment["paymentType"],
                "date": part["date"],
                "kid": invoice.get("kid"),
            }
            rows.append({key: value for key, value in row.items() if value is not None})
    return rows


def search_invoice_payments(call: Call, org: int, query: dict) -> dict:
    """`q` matches customer name, org number, invoice number and KID; `fromDate`/`toDate`
    filter on the payment's date (the hits have no `createdAt`) [choice]; `sum` is Σ amount of
    every hit, not only the page's."""
    listing = Listing.of(query)
    since, until = query.get("fromDate"), query.get("toDate")
    rows = [
        row
        for row in hits(call.store, org)
        if not (since and row["date"] < since)
        and not (until and row["date"] > until)
        and matches(listing.q, (row.get(name) for name in SEARCHED))
    ]
    return page_of(
        rows,
        listing,
        sortable=HIT_FIELDS,
        query=query,
        total=lambda found: sum((Decimal(str(row["amount"])) for row in found), Decimal(0)),
    )
