"""Invoices: create (numbered, KID'd, posted and evented by `invoicing.issue`, a draft turned
into an invoice, recipients validated and "sent"), read one, and read its events.

Delivery is simulated (delivery.py), as the real sandbox cannot send either [seed].
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from datetime import timedelta

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.errors import BusinessException, InputOpException, condition
from mockserver.providers.conta.rules import bank_accounts, delivery, invoicing, ledger
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    DRAFTS,
    EVENTS,
    INVOICES,
    Listing,
    money,
    owned,
    page_of,
    public,
    timestamp,
)

# Days from invoice date to due date when none is given [choice: Conta's default terms, 14].
DEFAULT_TERMS = 14
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


def _number_conditions(data: Mapping) -> list[str]:
    other, given = bool(data.get("isCreatedInOtherSystem")), data.get("invoiceNo") is not None
    failed = {
        "invoiceCreatedInOtherSystemRequireInvoiceNo": other and not given,
        "invoiceNoOnlyForInvoicesCreatedInOtherSystems": given and not other,
    }
    return [name for name, failing in failed.items() if failing]


def _failed_conditions(data: Mapping, bank_account: Mapping | None, today: Date) -> list[str]:
    other, kid = bool(data.get("isCreatedInOtherSystem")), data.get("kid")
    repeat = data.get("invoiceRepeat")
    failed = {
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
    return _number_conditions(data) + [name for name, failing in failed.items() if failing]


def number_errors(data: Mapping) -> list[dict]:
    """`invoiceNo` with `isCreatedInOtherSystem` and only then (invoices and credit notes)."""
    return [_condition(name, data) for name in _number_conditions(data)]


def _condition(name: str, data: Mapping) -> dict:
    path, data_type, en, no = MODEL_CONDITIONS[name]
    return condition(name, path, data.get(path), (data_type,), en=en, no=no)


def _input_errors(data: Mapping, bank_account: Mapping | None, today: Date) -> list[dict]:
    """The spec's model conditions on invoice numbers, KIDs, currency and repetition, all at once."""
    return [_condition(name, data) for name in _failed_conditions(data, bank_account, today)]


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
    ledger.check_started(call.store, org, invoice_date)
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
    recipients = delivery.recipients(fields.get("invoiceRecipients") or [], customer, errors)
    if errors:
        raise InputOpException(errors, data)
    invoice_date, due = _dates(call, fields, kind)
    _check_age(call, org, fields, invoice_date, kind)
    lines, path = _lines(data, draft)
    priced = invoicing.priced_lines(store, org, lines, path=path)
    _check_sum(priced, kind)
    invoice_no = fields.get("invoiceNo") if fields.get("isCreatedInOtherSystem") else None
    next_no = invoice_no or store.peek(f"invoiceNo:{org}") + 1
    to_send = {
        "_org": org,
        "type": kind,
        "invoiceNo": next_no,
        "invoiceDueDate": due,
        "invoiceRecipients": recipients,
    }
    delivery.check(call, to_send, customer, bank_account=bank_account)
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
    delivery.deliver(call, org, stored, customer)
    return invoicing.render(stored)


# -- read --------------------------------------------------------------------------------------


def get_invoice(call: Call, org: int, id: int) -> dict:
    return invoicing.render(owned(call.store, INVOICES, org, id))


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
