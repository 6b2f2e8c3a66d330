"""Customers: the list, search, create and update, and the kennitala rule they all share."""

from __future__ import annotations

from mockserver.core.identifiers import valid_kennitala
from mockserver.providers.konto.errors import InvalidKennitala, MissingField
from mockserver.providers.konto.models import CustomerData
from mockserver.providers.konto.rules.books import Books, changes, page_of

FIELDS = (
    "output_select",
    "name",
    "address",
    "zip",
    "city",
    "registration_no",
    "email",
    "term",
    "photo",
    "due_date",
    "settlement_date",
    "trading_partner_id",
    "phone_number",
    "vat",
    "lang",
    "currency",
    "tax_exempt",
    "customer_number",
)
DEFAULTS = {
    "output_select": "3",
    "lang": "is",
    "currency": "ISK",
    "tax_exempt": False,
    "due_date": 0,
    "settlement_date": 0,
}


def kennitala(value: str | None, field: str = "registration_no") -> str:
    """A kennitala as Konto stores it (10 digits, no dash), checked the way Konto checks it.

    The check digit (9th) is verified mod 11. The century digit (10th) is not: the docs' own
    test kennitölur (1111111111, 4444444444) pass mod 11 but carry no real century digit."""
    if value is None or not value.strip():
        raise MissingField(field)
    digits = value.strip().replace("-", "")
    if not valid_kennitala(digits, century=False):
        raise InvalidKennitala(field, value)
    return digits


def render(customer: dict) -> dict:
    return {
        "guid": customer["guid"],
        **{name: customer.get(name) for name in FIELDS},
        "updated_timestamp": customer["updated_timestamp"],
    }


def listed(books: Books, search: str | None) -> list[dict]:
    rows = list(books.table("customers").values())
    if search:
        needle = search.strip().casefold()
        rows = [row for row in rows if needle in (row.get("name") or "").casefold()]
    return rows


def list_customers(books: Books, search: str | None, limit: int | None, page: int | None) -> list[dict]:
    return [render(row) for row in page_of(listed(books, search), limit, page)]


def count_customers(books: Books, search: str | None) -> int:
    return len(listed(books, search))


def get_customer(books: Books, guid: str) -> dict:
    return render(books.find("customers", guid, "Customer"))


def draft_customer(books: Books, data: CustomerData) -> dict:
    """A new customer, checked but not stored (invoices create customers only if all else holds)."""
    given = data.model_dump(exclude_none=True, include=set(FIELDS))
    if not given.get("name"):
        raise MissingField("name")
    given["registration_no"] = kennitala(given.get("registration_no"))
    return {
        "guid": books.new_guid("customers"),
        **{name: None for name in FIELDS},
        **DEFAULTS,
        **given,
        "updated_timestamp": books.stamp(),
    }


def store_customer(books: Books, customer: dict) -> dict:
    return books.put("customers", customer)


def create_customer(books: Books, data: CustomerData) -> str:
    return store_customer(books, draft_customer(books, data))["guid"]


def update_customer(books: Books, guid: str, data: CustomerData) -> str:
    books.find("customers", guid, "Customer")
    given = changes(data, FIELDS)
    if "name" in given and not given["name"]:
        raise MissingField("name")
    if "registration_no" in given:
        given["registration_no"] = kennitala(given["registration_no"])
    # A new document through put, not an edited copy: the store indexes registration_no when a
    # document is stored, so a copy changed after `edit` would leave the index behind.
    customer = {
        **books.find("customers", guid, "Customer"),
        **{key: DEFAULTS.get(key) if value is None else value for key, value in given.items()},
        "updated_timestamp": books.stamp(),
    }
    books.put("customers", customer)
    return guid


def by_kennitala(books: Books, value: str) -> list[dict]:
    """get-customers-by-kennitala: every customer with this kennitala, through the store's index
    on `registration_no` (in guid order when there are several)."""
    registration_no = kennitala(value, "kennitala")
    return [render(row) for row in books.store.where("customers", "registration_no", registration_no)]


def by_registration_no(books: Books, registration_no: str) -> dict | None:
    for customer in books.table("customers").values():
        if customer.get("registration_no") == registration_no:
            return customer
    return None


def invoice_view(customer: dict) -> dict:
    """The customer as an invoice carries it (a copy at the time of invoicing)."""
    return {
        key: customer.get(key)
        for key in ("guid", "name", "address", "zip", "city", "registration_no", "email")
    }
