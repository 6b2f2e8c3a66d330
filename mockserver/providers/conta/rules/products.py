"""Products: search, create, read, replace. List hits are the short `{id, productNo, name,
priceExVat, vat, priceIncVat}`; the VAT is the product's rate on its price."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from mockserver.core.operations import Call
from mockserver.providers.conta.errors import InputOpException, condition
from mockserver.providers.conta.rules import vat
from mockserver.providers.conta.rules.common import (
    PRODUCTS,
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
from mockserver.providers.conta.rules.ledger import account

HIT_FIELDS = ("id", "productNo", "name", "priceExVat", "vat", "priceIncVat")
FIELDS = (
    "name",
    "bookkeepingAccountNo",
    "vatCode",
    "price",
    "productNo",
    "isActive",
    "displayIsIncludingVat",
)


def rate(vat_code: str) -> Decimal:
    """The VAT percentage of a product's code (`output.high` is 25)."""
    return vat.line_rate(vat.from_product(vat_code))


def hit(document: Mapping) -> dict:
    price = decimal(document.get("price"))
    tax = price * rate(document["vatCode"]) / 100
    row = {
        "id": document["id"],
        "productNo": document.get("productNo"),
        "name": document["name"],
        "priceExVat": money(price),
        "vat": money(tax),
        "priceIncVat": money(price + tax),
    }
    return {key: value for key, value in row.items() if value is not None}


def search_products(call: Call, org: int, query: dict) -> dict:
    listing = Listing.of(query)
    since, until = query.get("fromDate"), query.get("toDate")
    rows = [
        hit(doc)
        for doc in of_org(call.store, PRODUCTS, org)
        if matches(listing.q, (doc.get("name"), doc.get("productNo")))
        and not (since and doc["createdAt"][:10] < since)
        and not (until and doc["createdAt"][:10] > until)
    ]
    return page_of(rows, listing, sortable=HIT_FIELDS, query=query)


def get_product(call: Call, org: int, id: int) -> dict:
    return public(owned(call.store, PRODUCTS, org, id))


def _check_account(call: Call, org: int, data: Mapping) -> None:
    number = data["bookkeepingAccountNo"]
    found = account(call.store, org, number)
    if found is None or not found.get("isActive"):
        raise InputOpException(
            [
                condition(
                    "bookkeepingAccountNoOutsideAllowedRange",
                    "bookkeepingAccountNo",
                    number,
                    ("ASGARD_TYPE_STRING",),
                    en=f"The organization has no active bookkeeping account {number}.",
                    no=f"Organisasjonen har ingen aktiv konto {number}.",
                )
            ],
            data,
        )


def _fields(data: Mapping) -> dict:
    return {name: data[name] for name in FIELDS if data.get(name) is not None}


def create_product(call: Call, org: int, data: dict) -> dict:
    _check_account(call, org, data)
    document = {
        "_org": org,
        "price": 0,
        "isActive": True,
        "displayIsIncludingVat": False,
        **_fields(data),
        "createdAt": timestamp(call.now()),
    }
    document["price"] = money(document["price"])
    call.store.insert(PRODUCTS, document)
    return public(document)


def update_product(call: Call, org: int, id: int, data: dict) -> dict:
    current = owned(call.store, PRODUCTS, org, id)
    _check_account(call, org, data)
    document = {
        "id": id,
        "_org": org,
        "productImportId": current.get("productImportId"),
        **_fields(data),
        "createdAt": current["createdAt"],
    }
    document["price"] = money(document["price"])
    call.store.put(PRODUCTS, id, {key: value for key, value in document.items() if value is not None})
    return public(document)
