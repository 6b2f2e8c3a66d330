"""Customers: search with q/hits/page/sort, read, create (individuals and organizations),
replace, and the guide's delete (not in the spec)."""

from __future__ import annotations

from collections.abc import Container, Mapping

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta import spec
from mockserver.providers.conta.errors import (
    InputOpException,
    InUseIdModelStorageException,
    OrgCannotReceiveEhfException,
    condition,
    model_condition,
)
from mockserver.providers.conta.rules import ehf
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    DRAFTS,
    INVOICES,
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

CONTACTS = "customerContacts"  # the counter of contact ids
HIT_FIELDS = (
    "id",
    "customerName",
    "orgNo",
    "emailAddress",
    "customerType",
    "numberOfInvoices",
    "sumTotalInvoiced",
    "sumRemainingInvoices",
    "numberOfEstimates",
    "numberOfOrders",
    "sumEstimates",
    "sumOrders",
    "accountsReceivable",
    "invoiceDeliveryMethod",
    "isActive",
)
SEARCHED = ("name", "emailAddress", "orgNo", "phoneNo", "customerAddressLine1", "customerAddressCity")
# Fields an individual cannot have (`typeOfInformationForbiddenForIndividuals`).
BUSINESS_ONLY = ("orgNo", "parentCompanyNameForNuf", "ehfRecipientOrgNo")


def model_fields() -> tuple[str, ...]:
    return tuple(spec.schemas()["RouteV1CustomerModel"]["properties"])


def render(document: Mapping) -> dict:
    return public(document)


# -- search ------------------------------------------------------------------------------------


def _figures(store: Store, org: int) -> dict[int | None, dict]:
    """Per customer: what the hits add up from the organization's invoices."""
    out: dict[int | None, dict] = {}
    for invoice in of_org(store, INVOICES, org):
        figures = out.setdefault(invoice.get("customerId"), {"count": 0, "total": 0, "remaining": 0})
        if invoice.get("type") != "CREDIT":
            figures["count"] += 1
        figures["total"] += decimal(invoice.get("sumTotal"))
        figures["remaining"] += decimal(invoice.get("sumRemaining"))
    return out


def hit(document: Mapping, figures: Mapping | None) -> dict:
    figures = figures or {"count": 0, "total": 0, "remaining": 0}
    row = {
        "id": document["id"],
        "customerName": document["name"],
        "orgNo": document.get("orgNo"),
        "emailAddress": document.get("emailAddress"),
        "customerType": document["customerType"],
        "numberOfInvoices": figures["count"],
        "sumTotalInvoiced": money(figures["total"]),
        "sumRemainingInvoices": money(figures["remaining"]),
        "numberOfEstimates": 0,
        "numberOfOrders": 0,
        "sumEstimates": 0,
        "sumOrders": 0,
        "accountsReceivable": money(figures["remaining"]),
        "invoiceDeliveryMethod": document.get("invoiceDeliveryMethod"),
        "isActive": document.get("isActive", True),
    }
    return {key: value for key, value in row.items() if value is not None}


def search_customers(call: Call, org: int, query: dict) -> dict:
    listing = Listing.of(query)
    kind = query.get("customerType")
    since, until = query.get("fromDate"), query.get("toDate")
    modified_since, modified_until = query.get("modifiedFromDate"), query.get("modifiedToDate")
    found = []
    for doc in of_org(call.store, CUSTOMERS, org):
        created, modified = doc["_createdAt"][:10], doc["_modifiedAt"][:10]
        if kind and doc["customerType"] != kind:
            continue
        if (since and created < since) or (until and created > until):
            continue
        if (modified_since and modified < modified_since) or (modified_until and modified > modified_until):
            continue
        if not matches(listing.q, (doc.get(name) for name in SEARCHED)):
            continue
        found.append(doc)
    figures = _figures(call.store, org)
    rows = [hit(doc, figures.get(doc["id"])) for doc in found]
    return page_of(rows, listing, sortable=HIT_FIELDS, query=query)


# -- one customer ------------------------------------------------------------------------------


def get_customer(call: Call, org: int, id: int) -> dict:
    return render(owned(call.store, CUSTOMERS, org, id))


def _address_errors(data: Mapping) -> list[dict]:
    """The spec's model conditions on the mailing and delivery addresses: Line1, Postcode and
    City come together; Line2 or Country need the complete address."""
    errors = []
    for kind, label_no in (("mailing", "Postadressen"), ("delivery", "Leveringsadressen")):
        core = [data.get(f"{kind}Address{part}") for part in ("Line1", "Postcode", "City")]
        complete = all(core)
        if any(core) and not complete:
            errors.append(
                model_condition(
                    f"{kind}AddressIsNotComplete",
                    f"The {kind} address needs line 1, postcode and city.",
                    f"{label_no} må ha adresselinje 1, postnummer og poststed.",
                )
            )
        for part, word in (("Line2", "line 2"), ("Country", "country")):
            if data.get(f"{kind}Address{part}") and not complete:
                errors.append(
                    model_condition(
                        f"{kind}Address{part}RequiresCompleteAddress",
                        f"The {kind} address {word} requires a complete address.",
                        f"{label_no} krever fullstendig adresse for å angi {word}.",
                    )
                )
    return errors


def _check(call: Call, data: Mapping, *, replacing: bool) -> None:
    errors = _address_errors(data)
    if replacing and data.get("customerType") == "INDIVIDUAL":
        for name in BUSINESS_ONLY:
            if data.get(name):
                errors.append(
                    condition(
                        "typeOfInformationForbiddenForIndividuals",
                        name,
                        data[name],
                        ("ASGARD_TYPE_STRING",),
                        en=f"{name} is not allowed for individuals.",
                        no=f"{name} er ikke tillatt for privatpersoner.",
                    )
                )
    if errors:
        raise InputOpException(errors, data)
    if data.get("invoiceDeliveryMethod") == "EHF":
        if not ehf.can_receive(call.store, data.get("ehfRecipientOrgNo") or data.get("orgNo")):
            raise OrgCannotReceiveEhfException()


def _contacts(store: Store, customer_id: int, given: list | None, kept: list | None) -> list[dict]:
    """The contacts as stored: what the published contact model holds (Conta drops the rest, as
    it does a customer's unknown fields), with ids for the new ones."""
    known = {contact["id"] for contact in kept or ()}
    allowed = spec.schemas()["RouteV1CustomerModel"]["properties"]["contacts"]["items"]["properties"]
    out = []
    for contact in given or ():
        contact = _published(contact, allowed)
        if contact.get("id") not in known:
            contact["id"] = store.next(CONTACTS)
        contact["customerId"] = customer_id
        out.append(contact)
    return out


def _fields(data: Mapping) -> dict:
    return _published(data, set(model_fields()) - {"id", "contacts"})


def _published(data: Mapping, allowed: Container[str]) -> dict:
    """What of `data` the published model holds (`allowed`), nulls left out."""
    return {key: value for key, value in data.items() if key in allowed and value is not None}


def create_customer(call: Call, org: int, data: dict) -> dict:
    _check(call, data, replacing=False)
    now = timestamp(call.now())
    document = {"_org": org, "_createdAt": now, "_modifiedAt": now, "isActive": True, **_fields(data)}
    customer_id = call.store.next(CUSTOMERS)
    document = {
        "id": customer_id,
        **document,
        "contacts": _contacts(call.store, customer_id, data.get("contacts"), None),
    }
    call.store.insert(CUSTOMERS, document, customer_id)
    return render(document)


def update_customer(call: Call, org: int, id: int, data: dict) -> dict:
    """A full replace with the create's required fields; an `id` in the body (a client sending
    back what it read) is ignored."""
    current = owned(call.store, CUSTOMERS, org, id)
    _check(call, data, replacing=True)
    document = {
        "id": id,
        "_org": org,
        "_createdAt": current["_createdAt"],
        "_modifiedAt": timestamp(call.now()),
        "isActive": True,
        **_fields(data),
        "contacts": _contacts(call.store, id, data.get("contacts"), current.get("contacts")),
    }
    call.store.put(CUSTOMERS, id, document)
    return render(document)


def in_use(store: Store, org: int, customer_id: int) -> bool:
    """Whether invoices or drafts refer to the customer (then it cannot be deleted)."""
    return any(
        doc.get("customerId") == customer_id
        for table in (INVOICES, DRAFTS)
        for doc in of_org(store, table, org)
    )


def delete_customer(call: Call, org: int, id: int) -> None:
    owned(call.store, CUSTOMERS, org, id)
    if in_use(call.store, org, id):
        raise InUseIdModelStorageException()
    call.store.delete(CUSTOMERS, id)
