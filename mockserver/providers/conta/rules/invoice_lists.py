"""Invoices seen many at a time: the search (`GET invoices`), the unpaid invoices with their key
figures, and the delivery methods an invoice may use. Overdue is always decided on the
workspace clock, so moving the clock moves invoices from "not overdue" to "past due"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.errors import BusinessException
from mockserver.providers.conta.rules import delivery, ehf
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    INVOICES,
    ORGANIZATIONS,
    Listing,
    decimal,
    matches,
    money,
    of_org,
    owned,
    page_of,
)
from mockserver.providers.conta.rules.invoices import customer_of

OPEN = ("INVOICE_CREATED", "PAYMENT_REMINDER_CREATED")
HIT_FIELDS = (
    "id",
    "type",
    "status",
    "invoiceNo",
    "invoiceDate",
    "followUpDate",
    "invoiceDueDate",
    "invoiceFileId",
    "bankAccountId",
    "customerReference",
    "invoiceLanguage",
    "invoiceCurrency",
    "creditedInvoiceNo",
    "creditedInvoiceId",
    "customerName",
    "customerId",
    "customerOrgNo",
    "customerEmailAddress",
    "customerAddressLine1",
    "customerAddressLine2",
    "customerAddressPostcode",
    "customerAddressCity",
    "sumNet",
    "sumVAT",
    "sumTotal",
    "sumRemaining",
    "personalMessage",
    "kid",
    "invoiceLineDescription",
    "totalSumRemaining",
    "emailAddresses",
    "createdAt",
)
# Days past the follow-up date after which the unpaid list says PAST_FOLLOW_UP_DATE_BY_14_DAYS.
GRACE = 14


def is_open(invoice: Mapping) -> bool:
    """Unpaid: an invoice (not a credit note) still open with something left to pay."""
    return (
        invoice.get("type") != "CREDIT"
        and invoice.get("status") in OPEN
        and decimal(invoice.get("sumRemaining")) > 0
    )


def is_overdue(invoice: Mapping, today: Date) -> bool:
    return is_open(invoice) and str(invoice.get("invoiceDueDate")) < today.isoformat()


def _past_follow_up(invoice: Mapping, today: Date) -> bool:
    return is_open(invoice) and str(invoice.get("followUpDate")) < today.isoformat()


# `type` filter (enumInvoiceListFilterTypeEnum) [choice: PAID = closed by payment; UNPAID and
# ACTIVE = open with a remainder; OVERDUE = open and past its due date; FOLLOW_UP = open and past
# its follow-up date; PAYMENT_REMINDERS_OVERDUE = a reminder past its date; REPEATING = kept with
# an `invoiceRepeat`; KRAVIA matches nothing, as Kravia is not emulated].
FILTERS: dict[str, Callable[[Mapping, Date], bool]] = {
    "PAID": lambda invoice, today: invoice.get("status") == "CLOSED_BY_PAYMENT",
    "UNPAID": lambda invoice, today: is_open(invoice),
    "ACTIVE": lambda invoice, today: is_open(invoice),
    "OVERDUE": is_overdue,
    "FOLLOW_UP": _past_follow_up,
    "PAYMENT_REMINDERS_OVERDUE": lambda invoice, today: (
        invoice.get("status") == "PAYMENT_REMINDER_CREATED" and _past_follow_up(invoice, today)
    ),
    "REPEATING": lambda invoice, today: bool(invoice.get("invoiceRepeat")),
    "KRAVIA": lambda invoice, today: False,
}


def email_addresses(invoice: Mapping) -> list[str]:
    return [r["emailAddress"] for r in invoice.get("invoiceRecipients", []) if r.get("emailAddress")]


def hit(invoice: Mapping, customer: Mapping, *, created_at: bool) -> dict:
    """An invoice as a `RouteV1InvoiceListExtendedModel` hit."""
    lines = invoice.get("invoiceLines") or []
    row = {
        **{name: invoice.get(name) for name in HIT_FIELDS[:14]},
        "customerName": customer.get("name"),
        "customerId": invoice["customerId"],
        "customerOrgNo": customer.get("orgNo"),
        "customerEmailAddress": customer.get("emailAddress"),
        **{
            f"customerAddress{p}": customer.get(f"customerAddress{p}")
            for p in ("Line1", "Line2", "Postcode", "City")
        },
        **{name: money(invoice[name]) for name in ("sumNet", "sumVAT", "sumTotal", "sumRemaining")},
        "personalMessage": invoice.get("personalMessage"),
        "kid": invoice.get("kid"),
        "invoiceLineDescription": lines[0]["description"] if lines else None,
        "totalSumRemaining": money(invoice["sumRemaining"]),
        "emailAddresses": email_addresses(invoice),
        "createdAt": invoice.get("_createdAt") if created_at else None,
    }
    return {key: value for key, value in row.items() if value is not None and value != ""}


def check_filters(store: Store, org: int, query: Mapping) -> None:
    """Filter ids must exist: the organization's customer, and departments and projects (which
    the sandbox does not emulate, so any id is unknown)."""
    if query.get("customerId") is not None:
        customer_of(store, org, query["customerId"])
    if query.get("departmentId") is not None:
        raise BusinessException("DepartmentNotFoundException")
    if query.get("projectId") is not None:
        raise BusinessException("ProjectNotFoundException")


def _wanted(invoice: Mapping, customer: Mapping, query: Mapping, today: Date) -> bool:
    created = str(invoice.get("_createdAt", ""))[:10]
    if query.get("fromDate") and created < query["fromDate"]:
        return False
    if query.get("toDate") and created > query["toDate"]:
        return False
    for name in ("customerId", "invoiceNo", "invoiceCurrency", "isCreatedInOtherSystem"):
        if (
            name in query
            and invoice.get(name, False if name == "isCreatedInOtherSystem" else None) != query[name]
        ):
            return False
    if query.get("type") and not FILTERS[query["type"]](invoice, today):
        return False
    if query.get("kraviaInvoiceStatuses"):
        return False  # no invoice is with Kravia in the sandbox
    searched = (
        invoice.get("invoiceNo"),
        invoice.get("kid"),
        invoice.get("customerReference"),
        customer.get("name"),
        customer.get("orgNo"),
    )
    return matches(query.get("q"), searched)


def search_invoices(call: Call, org: int, query: dict) -> dict:
    """`GET invoices`: the organization's invoices and credit notes, filtered; `sum` is the
    Σ `sumTotal` of every hit (all pages) [choice]."""
    store, today = call.store, call.today()
    check_filters(store, org, query)
    rows = []
    for invoice in of_org(store, INVOICES, org):
        customer = store.get(CUSTOMERS, invoice["customerId"]) or {}
        if _wanted(invoice, customer, query, today):
            rows.append(hit(invoice, customer, created_at=bool(query.get("includeCreatedAt"))))
    return page_of(rows, Listing.of(query), sortable=HIT_FIELDS, query=query, total=_sum_total)


def _sum_total(rows: list[dict]) -> Decimal:
    return sum((decimal(row["sumTotal"]) for row in rows), Decimal(0))


# -- unpaid ------------------------------------------------------------------------------------


def extended_status(invoice: Mapping, today: Date) -> str:
    """Where an unpaid invoice stands on the workspace clock."""
    follow_up = Date.fromisoformat(str(invoice.get("followUpDate") or invoice["invoiceDueDate"]))
    if follow_up >= today:
        return "NOT_OVERDUE"
    if invoice.get("status") == "PAYMENT_REMINDER_CREATED":
        return "PAYMENT_REMINDER_PAST_FOLLOW_UP_DATE"
    return (
        "PAST_FOLLOW_UP_DATE_BY_14_DAYS"
        if follow_up + timedelta(days=GRACE) < today
        else "PAST_FOLLOW_UP_DATE"
    )


def unpaid_hit(invoice: Mapping, customer: Mapping, org: Mapping, today: Date) -> dict:
    paid_some = bool(invoice.get("_paymentIds"))
    recipients = invoice.get("invoiceRecipients") or []
    lines = invoice.get("invoiceLines") or []
    row = {
        **{
            name: invoice.get(name)
            for name in ("id", "type", "status", "invoiceDate", "followUpDate", "invoiceDueDate")
        },
        "extendedStatus": extended_status(invoice, today),
        "invoiceNo": str(invoice["invoiceNo"]),
        "customerId": invoice["customerId"],
        "customerName": customer.get("name"),
        **{name: money(invoice[name]) for name in ("sumNet", "sumTotal", "sumRemaining")},
        "totalSumRemaining": money(invoice["sumRemaining"]),
        "invoiceFileId": invoice.get("invoiceFileId"),
        "bankAccountId": invoice.get("bankAccountId"),
        "createdAt": invoice.get("_createdAt"),
        "personalMessage": invoice.get("personalMessage"),
        "kid": invoice.get("kid"),
        "invoiceLineDescription": lines[0]["description"] if lines else None,
        "deliveryType": recipients[0].get("type") if recipients else None,
        "orgId": org["id"],
        "orgName": org.get("name"),
        "emailAddresses": email_addresses(invoice),
        # [choice] what the app offers on an unpaid invoice: pay, resend; credit only unpaid ones
        # (a credit note needs the full remainder), remove a payment when there is one.
        "allowedActions": [
            "CREATE_PAYMENT",
            *(["REMOVE_PAYMENT"] if paid_some else ["CREATE_CREDIT_NOTE"]),
            "RESEND_INVOICE_TO_CUSTOMER",
        ],
    }
    return {key: value for key, value in row.items() if value is not None}


def unpaid_invoices(call: Call, org: int) -> dict:
    """`GET invoices/unpaid`: every open invoice, earliest due first, `sumUnpaid` = Σ remainders,
    `sumExpired` = Σ remainders past due, `hasPaidInvoices` = any invoice closed by payment."""
    store, today = call.store, call.today()
    organization = store.get(ORGANIZATIONS, org) or {"id": org}
    invoices = of_org(store, INVOICES, org)
    unpaid = sorted((i for i in invoices if is_open(i)), key=lambda i: (str(i["invoiceDueDate"]), i["id"]))
    return {
        "sumExpired": money(
            sum((decimal(i["sumRemaining"]) for i in unpaid if is_overdue(i, today)), Decimal(0))
        ),
        "sumUnpaid": money(sum((decimal(i["sumRemaining"]) for i in unpaid), Decimal(0))),
        "invoices": [
            unpaid_hit(i, store.get(CUSTOMERS, i["customerId"]) or {}, organization, today) for i in unpaid
        ],
        "hasPaidInvoices": any(i.get("status") == "CLOSED_BY_PAYMENT" for i in invoices),
    }


# -- allowed delivery methods ------------------------------------------------------------------


def allowed_delivery_methods(call: Call, org: int, query: dict) -> list[str]:
    """The channels an invoice (`id`), or one described by the query, may be sent by [choice]:
    EMAIL always; MAIL when the customer has a complete address (or no customer is named);
    EHF when the customer's EHF recipient (or org.) number can receive EHF (credit notes: credit
    notes) in the workspace's registry; EFAKTURA only for a NORMAL invoice in NOK that is not
    overdue on the workspace clock and has something to pay; each only if the subscription plan
    allows it, as sending checks (delivery.py). Query values override the invoice's."""
    store = call.store
    invoice = owned(store, INVOICES, org, query["id"]) if query.get("id") is not None else {}
    given = {
        **{k: invoice.get(k) for k in ("invoiceDueDate", "type", "customerId", "invoiceCurrency")},
        **query,
    }
    if invoice and "sumRemaining" not in query:
        given["sumRemaining"] = decimal(invoice.get("sumRemaining"))
    customer = customer_of(store, org, given["customerId"]) if given.get("customerId") is not None else None
    kind = given.get("type") or "NORMAL"
    methods = ["EMAIL"]
    if customer is None or delivery.address({}, customer) is not None:
        methods.append("MAIL")
    if customer is not None and ehf.can_receive(
        store, delivery.ehf_number({}, customer), credit_note=kind == "CREDIT"
    ):
        methods.append("EHF")
    due = given.get("invoiceDueDate")
    remaining = given.get("sumRemaining")
    if (
        kind == "NORMAL"
        and (given.get("invoiceCurrency") or "NOK") == "NOK"
        and (due is None or str(due) >= call.today().isoformat())
        and (remaining is None or decimal(remaining) > 0)
    ):
        methods.append("EFAKTURA")
    return [method for method in methods if delivery.plan_allows(store, org, method)]
