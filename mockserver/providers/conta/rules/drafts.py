"""Invoice drafts: create, read, search. A draft has priced lines and sums but no number, no
dates, no recipients and no postings; `POST invoices` with the draft's `id` turns it into an
invoice and deletes it (invoices.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from mockserver.core.operations import Call
from mockserver.providers.conta.errors import BusinessException, InputOpException, model_condition
from mockserver.providers.conta.rules import invoicing
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    DRAFTS,
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
from mockserver.providers.conta.rules.invoice_lists import check_filters
from mockserver.providers.conta.rules.invoices import customer_of

DRAFT_LINES = "invoiceDraftLines"  # the field, and the counter of draft line ids
# The request's own fields a draft keeps (sums are computed; `sumVAT` in a request is ignored).
KEPT = (
    "customerId",
    "customerGroupId",
    "type",
    "invoiceLanguage",
    "invoiceCurrency",
    "exchangeRate",
    "exchangeRateReferenceDate",
    "personalMessage",
    "customerReference",
    "customerReferenceContactId",
    "saleId",
    "attachmentFileId",
)
HIT_FIELDS = (
    "id",
    "status",
    "customerName",
    "customerGroupId",
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
    "invoiceLineDescription",
    "totalSumRemaining",
    "createdAt",
)


def render(draft: Mapping) -> dict:
    """A draft as `RouteV1InvoiceDraftModel`: money as numbers."""
    out = public(draft)
    for name in ("sumNet", "sumVAT", "sumTotal", "sumRemaining"):
        out[name] = money(draft[name])
    if "exchangeRate" in out:
        out["exchangeRate"] = invoicing.number(out["exchangeRate"])
    out[DRAFT_LINES] = [invoicing.render_line(line) for line in draft.get(DRAFT_LINES, [])]
    return out


def _input_errors(data: Mapping) -> list[dict]:
    errors = []
    if data.get("customerId") is not None and data.get("customerGroupId") is not None:
        errors.append(
            model_condition(
                "useEitherCustomerIdOrCustomerGroupId",
                "Use either customerId or customerGroupId, not both.",
                "Bruk enten customerId eller customerGroupId, ikke begge.",
            )
        )
    if (data.get("invoiceCurrency") or "NOK") != "NOK" and not data.get("exchangeRateReferenceDate"):
        errors.append(
            model_condition(
                "exchangeRateReferenceDateRequired",
                "An invoice in a foreign currency needs exchangeRateReferenceDate.",
                "En faktura i utenlandsk valuta må ha exchangeRateReferenceDate.",
            )
        )
    return errors


def create_draft(call: Call, org: int, data: dict) -> dict:
    """`POST invoice-drafts`: the lines priced as an invoice's (same 422s), stored as a draft.
    The answer echoes `registrationSource`; a read back leaves it out, as the real one did [obs]."""
    store = call.store
    errors = _input_errors(data)
    if errors:
        raise InputOpException(errors, data)
    if data.get("customerId") is not None:
        customer_of(store, org, data["customerId"])
    priced = invoicing.priced_lines(store, org, data.get(DRAFT_LINES) or [], path=DRAFT_LINES)
    kind = data.get("type") or "NORMAL"
    if kind != "CREDIT" and priced.sum_total < 0:
        raise BusinessException("InvoiceSumTotalCanNotBeNegativeException")
    if kind == "CREDIT" and priced.sum_total > 0:
        raise BusinessException("CreditNoteSumTotalCanNotBePositiveException")
    draft_id = store.next(DRAFTS)
    document = {
        "id": draft_id,
        "_org": org,
        "_createdAt": timestamp(call.now()),
        "_registrationSource": data["registrationSource"],
        "invoiceLanguage": "NO",
        "invoiceCurrency": "NOK",
        **{key: data[key] for key in KEPT if data.get(key) is not None},
        "type": kind,
        "sumNet": str(priced.sum_net),
        "sumVAT": str(priced.sum_vat),
        "sumTotal": str(priced.sum_total),
        "sumRemaining": str(priced.sum_total),
        DRAFT_LINES: [
            {
                **{key: value for key, value in line.items() if value is not None},
                "id": store.next(DRAFT_LINES),
                "invoiceDraftId": draft_id,
            }
            for line in priced.lines
        ],
    }
    store.insert(DRAFTS, document, draft_id)
    return {**render(document), "registrationSource": data["registrationSource"]}


def get_draft(call: Call, org: int, id: int) -> dict:
    return render(owned(call.store, DRAFTS, org, id))


def hit(draft: Mapping, customer: Mapping, *, created_at: bool) -> dict:
    """A draft as a `RouteV1InvoiceListExtendedInfoModel` hit, status `BEING_CREATED`."""
    lines = draft.get(DRAFT_LINES) or []
    row = {
        "id": draft["id"],
        "status": "BEING_CREATED",
        "customerName": customer.get("name"),
        "customerGroupId": draft.get("customerGroupId"),
        "customerId": draft.get("customerId"),
        "customerOrgNo": customer.get("orgNo"),
        "customerEmailAddress": customer.get("emailAddress"),
        **{
            f"customerAddress{p}": customer.get(f"customerAddress{p}")
            for p in ("Line1", "Line2", "Postcode", "City")
        },
        **{name: money(draft[name]) for name in ("sumNet", "sumVAT", "sumTotal", "sumRemaining")},
        "personalMessage": draft.get("personalMessage"),
        "invoiceLineDescription": lines[0]["description"] if lines else None,
        "totalSumRemaining": money(draft["sumRemaining"]),
        "createdAt": draft["_createdAt"] if created_at else None,
    }
    return {key: value for key, value in row.items() if value is not None}


def _wanted(draft: Mapping, customer: Mapping, query: Mapping) -> bool:
    created = draft["_createdAt"][:10]
    if (query.get("fromDate") and created < query["fromDate"]) or (
        query.get("toDate") and created > query["toDate"]
    ):
        return False
    if "customerId" in query and draft.get("customerId") != query["customerId"]:
        return False
    if "invoiceCurrency" in query and draft.get("invoiceCurrency") != query["invoiceCurrency"]:
        return False
    # [choice] a draft is being created: of the list filters only ACTIVE keeps it.
    if query.get("type") and query["type"] != "ACTIVE":
        return False
    lines = draft.get(DRAFT_LINES) or []
    return matches(
        query.get("q"),
        (customer.get("name"), draft.get("customerReference"), *(line["description"] for line in lines)),
    )


def search_drafts(call: Call, org: int, query: dict) -> dict:
    """`GET invoice-drafts`: the envelope of the organization's drafts; `sum` = Σ `sumTotal`."""
    store = call.store
    check_filters(store, org, query)
    rows = []
    for draft in of_org(store, DRAFTS, org):
        customer = (store.get(CUSTOMERS, draft["customerId"]) or {}) if draft.get("customerId") else {}
        if _wanted(draft, customer, query):
            rows.append(hit(draft, customer, created_at=bool(query.get("includeCreatedAt"))))
    return page_of(
        rows,
        Listing.of(query),
        sortable=HIT_FIELDS,
        query=query,
        total=lambda found: sum((decimal(row["sumTotal"]) for row in found), Decimal(0)),
    )
