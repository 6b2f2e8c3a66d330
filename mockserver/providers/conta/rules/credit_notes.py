"""Credit notes: `POST invoices/{id}/credit-note` credits a whole invoice ("the invoice can't be
partly paid" [spec]); its recipients are sent to as an invoice's are (delivery.py).

The credit note is a new invoice of type CREDIT (invoicing.issue with `credited`): the
original's lines with negative quantities and sums, `sumRemaining` 0, `creditedInvoiceId/No/Date`,
its own number from the organization's series (or the caller's with `isCreatedInOtherSystem`),
dated `creditNoteDate` or else the original's `invoiceDate` [spec]. Its posting inverts the
original's, the receivables line carrying the original's invoice id so that 1500 nets to zero
for it. The original becomes `CLOSED_BY_CREDIT_NOTE` with `sumRemaining` 0 and an
`INVOICE_CREDITED` event naming the credit note.

Refused (422, all in the operation's `oneOf`): a credit note (`CannotCreditCreditNotesException`),
an invoice already credited (`InvoiceCanNotBeCreditedException`) or written off
(`InvoiceIsClosedWithLossException`), a date before the original's
(`CurrentInvoiceCannotHaveAnOldCreditNoteException`) or before the Regnskap start date.
Payments: without `removePaymentsIfExist`, a partly paid invoice answers
`InvoiceSumRemainingLessThanSumTotalException {sumTotal, sumRemaining}` and a fully paid one
`InvoiceHasPaymentsException` [choice: which of the two for which case is not public]; with it,
the payments are deleted first as `DELETE payments/{id}` would (an `OCR_CREMUL` one is refused
there, so here too); with nothing to remove the flag is simply true (`NoPaymentsException` is
not raised) [choice]. `invoiceFileId` is accepted and not used (the sandbox draws its own PDF).
"""

from __future__ import annotations

from collections.abc import Mapping

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.errors import BusinessException, InputOpException
from mockserver.providers.conta.rules import delivery, invoices, invoicing, ledger, payments
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    INVOICES,
    TRANSACTIONS,
    decimal,
    money,
    owned,
    timestamp,
)

# The original's fields a credit note keeps; the request may give some of them anew.
COPIED = (
    "customerId",
    "invoiceLanguage",
    "invoiceCurrency",
    "exchangeRate",
    "exchangeRateReferenceDate",
    "showDiscount",
    "departmentId",
    "projectId",
    "customerReference",
    "orgReference",
    "ehfOrderReference",
    "ehfAdditionalDocumentReference",
    "ehfContractDocumentReference",
)
GIVEN = (
    "customerReference",
    "ehfOrderReference",
    "ehfAdditionalDocumentReference",
    "ehfContractDocumentReference",
)
CLOSED = ("CLOSED_BY_CREDIT_NOTE",)
CLOSED_WITH_LOSS = ("WRITTEN_OFF_AS_LOSS",)


# -- crediting -------------------------------------------------------------------------------


def creditable(store: Store, org: int, original: Mapping, day: str) -> None:
    """What forbids crediting this invoice on this day, raised."""
    if original.get("type") == "CREDIT" or original.get("creditedInvoiceId"):
        raise BusinessException("CannotCreditCreditNotesException")
    if original.get("status") in CLOSED or original.get("_creditNoteId"):
        raise BusinessException("InvoiceCanNotBeCreditedException")
    if original.get("status") in CLOSED_WITH_LOSS:
        raise BusinessException("InvoiceIsClosedWithLossException")
    if day < str(original["invoiceDate"]):
        raise BusinessException("CurrentInvoiceCannotHaveAnOldCreditNoteException")
    ledger.check_started(store, org, day)


def _unpaid(call: Call, org: int, original: Mapping, remove: bool) -> dict:
    """The original with no payments left (removed first when asked), or the refusal."""
    found = payments.payments_of(call.store, original)
    total, remaining = decimal(original["sumTotal"]), decimal(original["sumRemaining"])
    if found and not remove:
        if 0 < remaining < total:
            raise BusinessException(
                "InvoiceSumRemainingLessThanSumTotalException",
                sumTotal=money(total),
                sumRemaining=money(remaining),
            )
        raise BusinessException("InvoiceHasPaymentsException")
    for payment in found:
        payments.remove(call, org, payment)
    current = call.store.get(INVOICES, original["id"]) or dict(original)
    if decimal(current["sumRemaining"]) != total:
        raise BusinessException(
            "InvoiceSumRemainingLessThanSumTotalException",
            sumTotal=money(total),
            sumRemaining=money(current["sumRemaining"]),
        )
    return current


def _fields(original: Mapping, data: Mapping, day: str) -> dict:
    fields = {name: original[name] for name in COPIED if original.get(name) is not None}
    fields.update((name, data[name]) for name in GIVEN if data.get(name) is not None)
    fields.update(
        invoiceDate=day,
        invoiceDueDate=day,
        isCreatedInOtherSystem=bool(data.get("isCreatedInOtherSystem")),
    )
    return fields


def _close(call: Call, org: int, original: Mapping, credit_note: Mapping) -> None:
    """The original closed by the credit note, with its event."""
    changed = call.store.edit(INVOICES, original["id"])
    before = decimal(changed["sumRemaining"])
    changed.update(status="CLOSED_BY_CREDIT_NOTE", sumRemaining="0", _creditNoteId=credit_note["id"])
    posting = call.store.get(TRANSACTIONS, credit_note.get("_transactionId") or 0) or {}
    invoicing.event(
        call.store,
        org,
        original["id"],
        "INVOICE_CREDITED",
        date=credit_note["invoiceDate"],
        created_at=timestamp(call.now()),
        sumRemainingChanged=str(-before),
        sumRemaining="0",
        transactionNoYear=posting.get("transactionNoYear"),
        creditNoteInvoiceId=credit_note["id"],
        creditNoteInvoiceNo=credit_note["invoiceNo"],
    )


def credit_invoice(call: Call, org: int, id: int, data: dict) -> dict:
    store = call.store
    original = owned(store, INVOICES, org, id)
    customer = store.get(CUSTOMERS, original["customerId"]) or {"id": original["customerId"]}
    errors = invoices.number_errors(data)
    recipients = delivery.recipients(data.get("invoiceRecipients") or [], customer, errors)
    if errors:
        raise InputOpException(errors, data)
    day = data.get("creditNoteDate") or str(original["invoiceDate"])
    creditable(store, org, original, day)
    original = _unpaid(call, org, original, bool(data.get("removePaymentsIfExist")))
    fields = {**_fields(original, data, day), "invoiceRecipients": recipients}
    bank = (
        payments.bank_account_of(store, org, original["bankAccountId"])
        if "bankAccountId" in original
        else None
    )
    invoice_no = data.get("invoiceNo") if data.get("isCreatedInOtherSystem") else None
    to_send = {
        **fields,
        "_org": org,
        "type": "CREDIT",
        "invoiceNo": invoice_no or store.peek(f"invoiceNo:{org}") + 1,
    }
    delivery.check(call, to_send, customer, bank_account=bank)
    credit_note = invoicing.issue(
        store,
        org,
        fields,
        invoicing.negated(invoicing.priced_of(original)),
        created_at=timestamp(call.now()),
        invoice_no=invoice_no,
        bank_account=bank,
        credited=original,
    )
    _close(call, org, original, credit_note)
    delivery.deliver(call, org, credit_note, customer)
    return invoicing.render(credit_note)
