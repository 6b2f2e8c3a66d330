"""Invoices: create (numbered, KID'd, posted and evented by `invoicing.issue`, a draft turned
into an invoice, recipients validated and "sent"), read one, and read its events.

Delivery is simulated, as the real sandbox cannot send either [seed]: an accepted recipient
gets its `INVOICE_SENT_BY_*` event and what would have gone out is put in the workspace's
outbox (`GET /_admin/workspaces/{id}/outbox`); nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from datetime import timedelta

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.errors import BusinessException, ContaError, InputOpException, condition
from mockserver.providers.conta.rules import bank_accounts, ehf, files, invoicing
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    DRAFTS,
    EVENTS,
    INVOICES,
    ORGANIZATIONS,
    Listing,
    money,
    owned,
    page_of,
    public,
    timestamp,
)

# Days from invoice date to due date when none is given [choice: Conta's default terms, 14].
DEFAULT_TERMS = 14
SENT_EVENTS = {
    "EMAIL": "INVOICE_SENT_BY_EMAIL",
    "EHF": "INVOICE_SENT_BY_EHF",
    "MAIL": "INVOICE_SENT_BY_POSTAL_MAIL",
    "EFAKTURA": "INVOICE_SENT_BY_EFAKTURA",
}
# Fields of the request that are the caller's, kept on the invoice as given.
COPIED = (
    "invoiceLanguage",
    "invoiceCurrency",
    "exchangeRate",
    "exchangeRateReferenceDate",
    "personalMessage",
    "customerReference",
    "orgReference",
    "ehfOrderReference",
    "ehfAdditionalDocumentReference",
    "ehfContractDocumentReference",
    "isCreatedInOtherSystem",
    "kid",
    "deliveryDate",
    "deliveryAddress",
    "deliveryPostcode",
    "deliveryCity",
    "deliveryCountry",
    "showDiscount",
    "attachmentFileId",
    "saleId",
)
# What a draft passes on to the invoice made from it (the request's own fields win).
FROM_DRAFT = (
    "type",
    "invoiceLanguage",
    "invoiceCurrency",
    "exchangeRate",
    "exchangeRateReferenceDate",
    "personalMessage",
    "customerReference",
    "saleId",
)


class CustomerDoesNotHaveAddressException(BusinessException):
    """422 `{id, name}`: a property called `name` cannot go through BusinessException's
    keywords (its first argument is the exception's name), so it is set here."""

    def __init__(self, customer_id: int, customer_name: str) -> None:
        self.name = "CustomerDoesNotHaveAddressException"
        ContaError.__init__(self, id=customer_id, name=customer_name)


def render(invoice: Mapping) -> dict:
    """`invoicing.render` with one fix: `vatId` 0 (`no.vat`, which has no SAF-T code) is left
    out, since the published model's `vatId` has minimum 1."""
    out = invoicing.render(invoice)
    for part in (*out["invoiceLines"], *out["invoiceVatInfos"]):
        if part.get("vatId") == 0:
            del part["vatId"]
    return out


def customer_of(store: Store, org: int, customer_id: int) -> dict:
    """The organization's customer, or 422 `CustomerNotFoundException` (borrowed on the routes
    whose published list lacks it: an unknown id in a body or a filter is a business error)."""
    found = store.get(CUSTOMERS, customer_id)
    if found is None or found.get("_org") != org:
        raise BusinessException("CustomerNotFoundException")
    return found


# -- create ------------------------------------------------------------------------------------


# Model conditions of the request: (id, path, data type, EN, NO), raised together as one 409.
MODEL_CONDITIONS = {
    "invoiceCreatedInOtherSystemRequireInvoiceNo": (
        "invoiceNo",
        "ASGARD_TYPE_INTEGER",
        "An invoice created in another system needs its invoiceNo.",
        "En faktura laget i et annet system må ha fakturanummer.",
    ),
    "invoiceNoOnlyForInvoicesCreatedInOtherSystems": (
        "invoiceNo",
        "ASGARD_TYPE_INTEGER",
        "invoiceNo can only be given for invoices created in other systems.",
        "Fakturanummer kan bare angis for fakturaer laget i andre systemer.",
    ),
    "kidNumberForbidden": (
        "kid",
        "ASGARD_TYPE_STRING",
        "The invoice's bank account has no KID agreement: kid is not allowed.",
        "Fakturaens bankkonto har ikke KID-avtale: KID er ikke tillatt.",
    ),
    # [choice] the spec has no key for a KID with a wrong check digit: the generic `format`.
    "format": (
        "kid",
        "ASGARD_TYPE_STRING",
        "kid has no valid mod 10 or mod 11 check digit.",
        "KID har ikke gyldig kontrollsiffer (mod 10 eller mod 11).",
    ),
    "exchangeRateReferenceDateRequired": (
        "exchangeRateReferenceDate",
        "ASGARD_TYPE_DATE",
        "An invoice in a foreign currency needs exchangeRateReferenceDate.",
        "En faktura i utenlandsk valuta må ha exchangeRateReferenceDate.",
    ),
    "repeatMustHaveFrequencyAndNextRepeatDate": (
        "invoiceRepeat",
        "ASGARD_TYPE_OBJECT",
        "A repeating invoice needs invoiceRepeat.frequency and invoiceRepeat.nextRepeatDate.",
        "En repeterende faktura må ha invoiceRepeat.frequency og invoiceRepeat.nextRepeatDate.",
    ),
    "repeatEndDateMustBeInTheFuture": (
        "invoiceRepeat",
        "ASGARD_TYPE_OBJECT",
        "invoiceRepeat.endDate must be in the future.",
        "invoiceRepeat.endDate må være fram i tid.",
    ),
    "invoiceCreatedInOtherSystemForbidsInvoiceRepeat": (
        "invoiceRepeat",
        "ASGARD_TYPE_OBJECT",
        "An invoice created in another system cannot repeat.",
        "En faktura laget i et annet system kan ikke repeteres.",
    ),
}


def _failed_conditions(data: Mapping, bank_account: Mapping | None, today: Date) -> list[str]:
    other, kid = bool(data.get("isCreatedInOtherSystem")), data.get("kid")
    repeat = data.get("invoiceRepeat")
    failed = {
        "invoiceCreatedInOtherSystemRequireInvoiceNo": other and data.get("invoiceNo") is None,
        "invoiceNoOnlyForInvoicesCreatedInOtherSystems": not other and data.get("invoiceNo") is not None,
        "kidNumberForbidden": kid is not None and not (bank_account or {}).get("isKidActive"),
        "format": kid is not None
        and bool((bank_account or {}).get("isKidActive"))
        and not invoicing.valid_kid(kid),
        "exchangeRateReferenceDateRequired": (data.get("invoiceCurrency") or "NOK") != "NOK"
        and not data.get("exchangeRateReferenceDate"),
        "repeatMustHaveFrequencyAndNextRepeatDate": repeat is not None
        and not (repeat.get("frequency") and repeat.get("nextRepeatDate")),
        "repeatEndDateMustBeInTheFuture": str((repeat or {}).get("endDate") or "9999") <= today.isoformat(),
        "invoiceCreatedInOtherSystemForbidsInvoiceRepeat": other and repeat is not None,
    }
    return [name for name, failing in failed.items() if failing]


def _input_errors(data: Mapping, bank_account: Mapping | None, today: Date) -> list[dict]:
    """The spec's model conditions on invoice numbers, KIDs, currency and repetition, all at once."""
    errors = []
    for name in _failed_conditions(data, bank_account, today):
        path, data_type, en, no = MODEL_CONDITIONS[name]
        errors.append(condition(name, path, data.get(path), (data_type,), en=en, no=no))
    return errors


def _repeat_of(fields: Mapping, org: int) -> dict | None:
    given = fields.get("invoiceRepeat")
    if not given:
        return None
    kept = {
        key: given[key] for key in ("frequency", "nextRepeatDate", "endDate", "updatePrices") if key in given
    }
    return {**kept, "orgId": org}


def _check_repeat(fields: Mapping, invoice_date: str, kind: str) -> None:
    """A repeating invoice is kept with its `invoiceRepeat`, but never repeated: the sandbox
    does not create the next ones [limitation]. A credit note cannot repeat, nor a foreign
    currency invoice, and a repeating invoice's delivery date is its invoice date."""
    if not fields.get("invoiceRepeat"):
        return
    if kind == "CREDIT":
        raise BusinessException("RecurringCreditNotesCanNotBeCreatedException")
    if (fields.get("invoiceCurrency") or "NOK") != "NOK":
        raise BusinessException("CannotCreateRepeatingInvoicesUsingForeignCurrenciesException")
    if fields.get("deliveryDate") and fields["deliveryDate"] != invoice_date:
        raise BusinessException("InvoiceDateMustEqualDeliveryDateWhenRepeatingException")


def _years_before(day: Date, years: int) -> Date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_age(call: Call, org: int, fields: Mapping, invoice_date: str, kind: str) -> None:
    """How far back an invoice may be dated, and foreign currency rules [spec names; the limits
    are the sandbox's reading of their descriptions]: a regular invoice not more than three
    years back, one from another system not before the third full calendar year back, neither
    before the organization's bookkeeping start date; a foreign currency only on NORMAL
    invoices dated today."""
    today = call.today()
    if fields.get("isCreatedInOtherSystem"):
        if int(invoice_date[:4]) < today.year - 3:
            raise BusinessException("OldInvoiceCannotBeOlderThanThreeFullCalendarYearsException")
    elif invoice_date < _years_before(today, 3).isoformat():
        raise BusinessException("InvoiceIsMoreThanThreeYearsOldException")
    start = (call.store.get(ORGANIZATIONS, org) or {}).get("_regnskapStartDate")
    if start and invoice_date < start:
        raise BusinessException("CannotCreateTransactionBeforeStartDateException", regnskapStartDate=start)
    _check_repeat(fields, invoice_date, kind)
    if (fields.get("invoiceCurrency") or "NOK") != "NOK":
        if kind != "NORMAL":
            raise BusinessException("OnlyNormalInvoicesCanHaveForeignCurrencyException")
        if invoice_date != today.isoformat():
            raise BusinessException("ForeignCurrencyInvoiceDateNeedsToBeTodayException")


def _dates(call: Call, data: Mapping, kind: str) -> tuple[str, str]:
    """Invoice and due date: a NORMAL invoice needs its date (`InvoiceDateCannotBeNull...`);
    a CASH or CREDIT one defaults to today on the workspace clock [choice]. The due date
    defaults to DEFAULT_TERMS days later and may not come before the invoice date. Past dates
    are allowed (back-dating is what the spec's three-year rules are about)."""
    given = data.get("invoiceDate")
    if given is None and kind == "NORMAL":
        raise BusinessException("InvoiceDateCannotBeNullWhenTypeNormalException")
    invoice_date = Date.fromisoformat(given) if given else call.today()
    due = data.get("invoiceDueDate") or (invoice_date + timedelta(days=DEFAULT_TERMS)).isoformat()
    if due < invoice_date.isoformat():
        raise BusinessException("DueDateBeforeInvoiceDateException")
    return invoice_date.isoformat(), due


def _check_sum(priced: invoicing.Priced, kind: str) -> None:
    if kind != "CREDIT" and priced.sum_total < 0:
        raise BusinessException("InvoiceSumTotalCanNotBeNegativeException")
    if kind == "CREDIT" and priced.sum_total > 0:
        raise BusinessException("CreditNoteSumTotalCanNotBePositiveException")


def _lines(data: Mapping, draft: Mapping | None) -> tuple[list, str]:
    """The request's lines, else the draft's (priced again, as they may have changed since)."""
    if data.get("invoiceLines") is not None or draft is None:
        return list(data.get("invoiceLines") or []), "invoiceLines"
    return [
        {
            key: line[key]
            for key in ("description", "price", "quantity", "discount", "vatCode", "productId")
            if line.get(key) is not None
        }
        for line in draft.get("invoiceDraftLines", [])
    ], "invoiceDraftLines"


def create_invoice(call: Call, org: int, data: dict) -> dict:
    """`POST invoices`. With `id` = a draft's id, the draft becomes this invoice: its customer,
    lines and texts are used where the request has none, and the draft is deleted."""
    store = call.store
    draft = owned(store, DRAFTS, org, data["id"]) if data.get("id") is not None else None
    fields = {**{k: draft[k] for k in FROM_DRAFT if draft and draft.get(k) is not None}, **data}
    customer = customer_of(store, org, fields["customerId"])
    kind = fields.get("type") or "NORMAL"
    bank_account = bank_accounts.invoicing_account(store, org)
    errors = _input_errors(fields, bank_account, call.today())
    recipients = _recipients(fields.get("invoiceRecipients") or [], customer, errors)
    if errors:
        raise InputOpException(errors, data)
    invoice_date, due = _dates(call, fields, kind)
    _check_age(call, org, fields, invoice_date, kind)
    lines, path = _lines(data, draft)
    priced = invoicing.priced_lines(store, org, lines, path=path)
    _check_sum(priced, kind)
    invoice_no = fields.get("invoiceNo") if fields.get("isCreatedInOtherSystem") else None
    next_no = invoice_no or store.peek(f"invoiceNo:{org}") + 1
    _check_delivery(call, customer, recipients, kind, due, bank_account, next_no)
    if bank_account is None and kind != "CREDIT":
        raise BusinessException("OrgMustHaveBankAccountException")
    stored = invoicing.issue(
        store,
        org,
        {
            **{key: fields[key] for key in COPIED if fields.get(key) is not None},
            "customerId": customer["id"],
            "type": kind,
            "invoiceDate": invoice_date,
            "invoiceDueDate": due,
            "invoiceRecipients": recipients,
            "invoiceRepeat": _repeat_of(fields, org),
        },
        priced,
        created_at=timestamp(call.now()),
        invoice_no=invoice_no,
        bank_account=bank_account,
    )
    if draft is not None:
        store.delete(DRAFTS, draft["id"])
    _deliver(call, org, stored, customer)
    return render(stored)


# -- recipients and delivery -------------------------------------------------------------------


def _recipients(given: list, customer: Mapping, errors: list[dict]) -> list[dict]:
    """The recipients as stored: EMAIL needs `emailAddress`; EHF goes to `ehfRecipient`, else
    the customer's `ehfRecipientOrgNo` or `orgNo` (409 `required` when there is none)."""
    out = []
    for index, recipient in enumerate(given):
        recipient = {
            key: value
            for key, value in recipient.items()
            if value is not None and key not in ("id", "invoiceId")
        }
        kind = recipient.get("type")
        if kind == "EMAIL" and not recipient.get("emailAddress"):
            errors.append(
                condition(
                    "required", f"invoiceRecipients[{index}].emailAddress", None, ("ASGARD_TYPE_EMAIL",)
                )
            )
        if kind == "EHF":
            number = (
                recipient.get("ehfRecipient") or customer.get("ehfRecipientOrgNo") or customer.get("orgNo")
            )
            if number:
                recipient["ehfRecipient"] = ehf.normalized(str(number))
            else:
                errors.append(
                    condition(
                        "required", f"invoiceRecipients[{index}].ehfRecipient", None, ("ASGARD_TYPE_ORG_NO",)
                    )
                )
        if kind == "EMAIL":
            recipient.setdefault("emailRecipientType", "EMAIL_TO")
        out.append({**recipient, "customerId": customer["id"]})
    return out


def _check_delivery(
    call: Call,
    customer: Mapping,
    recipients: list[dict],
    kind: str,
    due: str,
    bank_account: Mapping | None,
    invoice_no: int,
) -> None:
    """The business rules of each channel, before anything is stored."""
    for recipient in recipients:
        channel = recipient.get("type")
        if channel == "EHF":
            if not ehf.can_receive(call.store, recipient["ehfRecipient"], credit_note=kind == "CREDIT"):
                raise BusinessException("OrgCannotReceiveEhfException")
            if bank_account is None:
                raise BusinessException("InvoiceNeedsBankAccountToBeSentAsEhfException", invoiceNo=invoice_no)
        if channel == "MAIL" and not _has_address(customer):
            raise CustomerDoesNotHaveAddressException(customer["id"], str(customer.get("name")))
        if channel == "EFAKTURA":
            if kind != "NORMAL":
                raise BusinessException("EfakturaCanBeUsedForNormalInvoicesOnlyException")
            if due < call.today().isoformat():
                raise BusinessException("EfakturaCannotBeOverdueException")


def _has_address(customer: Mapping) -> bool:
    return all(customer.get(f"customerAddress{part}") for part in ("Line1", "Postcode", "City"))


def _deliver(call: Call, org: int, invoice: Mapping, customer: Mapping) -> None:
    """Each recipient's `INVOICE_SENT_BY_*` event, and the message in the outbox."""
    today, now = call.today().isoformat(), timestamp(call.now())
    for recipient in invoice.get("invoiceRecipients", []):
        channel = recipient.get("type")
        if channel not in SENT_EVENTS:
            continue  # DO_NOT_DELIVER, NONE, UNKNOWN, INVOICE_SALE: stored, nothing sent
        extra: dict = {"deliveryMethod": channel}
        if channel == "EMAIL":
            extra.update(emailAddresses=[recipient["emailAddress"]], lastEmailEventType="PROCESSED")
        elif channel == "EHF":
            extra.update(recipientOrgNo=recipient["ehfRecipient"], ehfStatus="SENT")
        elif channel == "MAIL":
            extra.update(snailMailStatus="SENT")
        else:
            extra.update(efakturaStatus="SENT")
        invoicing.event(
            call.store,
            org,
            invoice["id"],
            SENT_EVENTS[channel],
            date=today,
            created_at=now,
            sumRemaining=invoice["sumRemaining"],
            fileId=invoice["invoiceFileId"],
            **extra,
        )
        call.send(_message(call, org, invoice, customer, recipient))


def _message(call: Call, org: int, invoice: Mapping, customer: Mapping, recipient: Mapping) -> dict:
    """What would have been delivered: channel, address, invoice number, amount and the PDF link
    (valid for files.LINK_LIFETIME on the workspace clock, as every `fileUrl`)."""
    channel = recipient["type"]
    to = {
        "EMAIL": recipient.get("emailAddress"),
        "EHF": f"{ehf.SCHEME}:{recipient.get('ehfRecipient')}",
        "MAIL": ", ".join(
            str(customer.get(f"customerAddress{part}"))
            for part in ("Line1", "Postcode", "City")
            if customer.get(f"customerAddress{part}")
        ),
        "EFAKTURA": customer.get("efakturaEmailAddress") or customer.get("name"),
    }[channel]
    message = {
        "channel": {"EMAIL": "email", "EHF": "ehf", "MAIL": "letter", "EFAKTURA": "efaktura"}[channel],
        "to": to,
        "organizationId": org,
        "invoiceId": invoice["id"],
        "invoiceNo": invoice["invoiceNo"],
        "customerId": invoice["customerId"],
        "amount": money(invoice["sumTotal"]),
        "currency": invoice.get("invoiceCurrency", "NOK"),
        "dueDate": invoice.get("invoiceDueDate"),
        "kid": invoice.get("kid"),
        "fileUrl": files.link_of(call, org, invoice["invoiceFileId"]),
    }
    if channel == "EMAIL":
        message.update(
            subject=recipient.get("emailSubject") or f"Faktura {invoice['invoiceNo']}",
            body=recipient.get("emailContent"),
            recipientType=recipient.get("emailRecipientType"),
        )
    return {key: value for key, value in message.items() if value is not None}


# -- read --------------------------------------------------------------------------------------


def get_invoice(call: Call, org: int, id: int) -> dict:
    return render(owned(call.store, INVOICES, org, id))


def render_event(event: Mapping) -> dict:
    out = public(event)
    for name in ("sumRemaining", "sumRemainingChanged"):
        if name in out:
            out[name] = money(out[name])
    return out


def invoice_events(call: Call, org: int, invoiceId: int) -> dict:  # noqa: N803 - the published name
    """The invoice's history, oldest first, all in one page (the operation takes no query)."""
    owned(call.store, INVOICES, org, invoiceId)
    rows = [render_event(event) for event in call.store.where(EVENTS, "_invoiceId", invoiceId)]
    return page_of(rows, Listing(hits=0), sortable=(), query={})
