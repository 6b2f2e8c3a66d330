"""Credit notes: `POST invoices/{id}/credit-note` credits a whole invoice ("the invoice can't be
partly paid" [spec]), and the delivery of a document to its recipients.

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

from collections.abc import Mapping, Sequence

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.dialect import required
from mockserver.providers.conta.errors import (
    BusinessException,
    InputOpException,
    OrgCannotReceiveEhfException,
    condition,
)
from mockserver.providers.conta.rules import ehf, invoicing, payments
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    INVOICES,
    ORGANIZATIONS,
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
# Event type per delivery method, for invoices and credit notes. EFAKTURA is refused for credit
# notes and not simulated here for invoices; the other methods (DO_NOT_DELIVER, NONE,
# INVOICE_SALE, UNKNOWN) are kept on the document and send nothing.
SENT_EVENTS = {
    "EMAIL": ("INVOICE_SENT_BY_EMAIL", "CREDIT_NOTE_SENT_BY_EMAIL"),
    "MAIL": ("INVOICE_SENT_BY_POSTAL_MAIL", "CREDIT_NOTE_SENT_BY_POSTAL_MAIL"),
    "EHF": ("INVOICE_SENT_BY_EHF", "CREDIT_NOTE_SENT_BY_EHF"),
}
ADDRESS = ("mailAddressLine1", "mailAddressPostcode", "mailAddressCity")
CUSTOMER_ADDRESS = ("customerAddressLine1", "customerAddressPostcode", "customerAddressCity")


# -- delivery --------------------------------------------------------------------------------


def _input_errors(recipients: Sequence[Mapping]) -> list[dict]:
    return [
        required(f"invoiceRecipients[{index}].emailAddress")
        for index, recipient in enumerate(recipients)
        if recipient.get("type") == "EMAIL" and not recipient.get("emailAddress")
    ]


def _address(recipient: Mapping, customer: Mapping) -> str | None:
    if all(recipient.get(name) for name in ADDRESS):
        return ", ".join(str(recipient[name]) for name in ADDRESS)
    if all(customer.get(name) for name in CUSTOMER_ADDRESS):
        return ", ".join(str(customer[name]) for name in CUSTOMER_ADDRESS)
    return None


def _destination(store: Store, invoice: Mapping, recipient: Mapping, customer: Mapping) -> str | None:
    """Where one recipient's copy goes, or the exception that forbids sending it."""
    kind, credit = recipient.get("type"), invoice.get("type") == "CREDIT"
    if kind == "EMAIL":
        return recipient["emailAddress"]
    if kind == "MAIL":
        address = _address(recipient, customer)
        if address is None:
            raise BusinessException(
                "CustomerDoesNotHaveAddressException", id=customer.get("id"), name=customer.get("name")
            )
        return address
    if kind == "EHF":
        number = recipient.get("ehfRecipient") or customer.get("ehfRecipientOrgNo") or customer.get("orgNo")
        if not ehf.can_receive(store, number, credit_note=credit):
            raise OrgCannotReceiveEhfException()
        if invoice.get("bankAccountId") is None:
            raise BusinessException(
                "InvoiceNeedsBankAccountToBeSentAsEhfException", invoiceNo=invoice["invoiceNo"]
            )
        return ehf.normalized(str(number))
    if kind == "EFAKTURA" and invoice.get("type", "NORMAL") != "NORMAL":
        raise BusinessException("EfakturaCanBeUsedForNormalInvoicesOnlyException")
    return None  # no delivery the sandbox simulates (DO_NOT_DELIVER, NONE, ...)


def message(org: int, invoice: Mapping, kind: str, destination: str, day: str) -> dict:
    """The outbox's record of one copy that would have gone out."""
    return {
        "provider": "conta",
        "method": kind,
        "to": destination,
        "document": "CREDIT_NOTE" if invoice.get("type") == "CREDIT" else "INVOICE",
        "organizationId": org,
        "invoiceId": invoice["id"],
        "invoiceNo": invoice["invoiceNo"],
        "sumTotal": money(invoice["sumTotal"]),
        "currency": invoice.get("invoiceCurrency", "NOK"),
        "at": day,
    }


def deliver(call: Call, org: int, invoice: Mapping, recipients: Sequence[Mapping]) -> None:
    """Send a stored invoice or credit note to its recipients, as the sandbox sends: each is
    checked first (all or nothing), then an `…_SENT_BY_…` event and an outbox message per
    recipient. Conta's sandbox sends no email or EHF [seed]; neither does this one."""
    errors = _input_errors(recipients)
    if errors:
        raise InputOpException(errors, {"invoiceRecipients": list(recipients)})
    customer = call.store.get(CUSTOMERS, invoice["customerId"]) or {}
    destinations = [_destination(call.store, invoice, recipient, customer) for recipient in recipients]
    credit = invoice.get("type") == "CREDIT"
    today, now = call.today().isoformat(), timestamp(call.now())
    for recipient, destination in zip(recipients, destinations, strict=True):
        kind = str(recipient.get("type"))
        event_type = SENT_EVENTS.get(kind, (None, None))[credit]
        if destination is None or event_type is None:
            continue
        invoicing.event(
            call.store,
            org,
            invoice["id"],
            event_type,
            date=today,
            created_at=now,
            deliveryMethod=kind,
            emailAddresses=[destination] if kind == "EMAIL" else None,
            recipientOrgNo=destination if kind == "EHF" else None,
            fileId=invoice.get("invoiceFileId"),
        )
        call.send(message(org, invoice, kind, destination, today))


# -- crediting -------------------------------------------------------------------------------


def _number_errors(data: Mapping) -> list[dict]:
    other_system, number = data.get("isCreatedInOtherSystem"), data.get("invoiceNo")
    if other_system and number is None:
        return [
            condition(
                "invoiceCreatedInOtherSystemRequireInvoiceNo",
                "invoiceNo",
                None,
                ("ASGARD_TYPE_INTEGER",),
                en="An invoice created in another system needs its invoice number.",
                no="En faktura opprettet i et annet system må ha fakturanummer.",
            )
        ]
    if number is not None and not other_system:
        return [
            condition(
                "invoiceNoOnlyForInvoicesCreatedInOtherSystems",
                "invoiceNo",
                number,
                ("ASGARD_TYPE_INTEGER",),
                en="An invoice number can only be given for invoices created in other systems.",
                no="Fakturanummer kan bare oppgis for fakturaer opprettet i andre systemer.",
            )
        ]
    return []


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
    start = (store.get(ORGANIZATIONS, org) or {}).get("_regnskapStartDate")
    if start and day < start:
        raise BusinessException("CannotCreateTransactionBeforeStartDateException", regnskapStartDate=start)


def _unpaid(call: Call, org: int, original: Mapping, remove: bool) -> dict:
    """The original with no payments left (removed first when asked), or the refusal."""
    found = invoicing.payments_of(call.store, original)
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
        invoiceRecipients=[
            {
                key: value
                for key, value in recipient.items()
                if value is not None and key not in ("id", "invoiceId")
            }
            for recipient in data.get("invoiceRecipients") or []
        ],
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
    errors = _number_errors(data) + _input_errors(data.get("invoiceRecipients") or [])
    if errors:
        raise InputOpException(errors, data)
    day = data.get("creditNoteDate") or str(original["invoiceDate"])
    creditable(store, org, original, day)
    original = _unpaid(call, org, original, bool(data.get("removePaymentsIfExist")))
    fields = _fields(original, data, day)
    bank = (
        invoicing.bank_account_of(store, org, original["bankAccountId"])
        if "bankAccountId" in original
        else None
    )
    credit_note = invoicing.issue(
        store,
        org,
        fields,
        invoicing.negated(invoicing.priced_of(original)),
        created_at=timestamp(call.now()),
        invoice_no=data.get("invoiceNo") if data.get("isCreatedInOtherSystem") else None,
        bank_account=bank,
        credited=original,
    )
    _close(call, org, original, credit_note)
    deliver(call, org, credit_note, fields["invoiceRecipients"])
    return invoicing.render(credit_note)
