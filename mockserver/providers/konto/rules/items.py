"""Items: the product list that invoice lines can reference by guid."""

from __future__ import annotations

from decimal import Decimal

from mockserver.providers.konto.errors import InvalidField, MissingField
from mockserver.providers.konto.models import ItemData
from mockserver.providers.konto.rules.books import Books, changes, money, number, page_of

FIELDS = ("item_number", "description", "uom", "tax", "unit_price", "category", "active")


def render(item: dict) -> dict:
    shown = {
        "guid": item["guid"],
        **{name: item.get(name) for name in FIELDS},
        "updated_timestamp": item["updated_timestamp"],
    }
    shown["unit_price"] = number(item["unit_price"])
    return shown


def list_items(books: Books, limit: int | None, page: int | None) -> list[dict]:
    return [render(row) for row in page_of(list(books.table("items").values()), limit, page)]


def count_items(books: Books) -> int:
    return len(books.table("items"))


def get_item(books: Books, guid: str) -> dict:
    return render(books.find("items", guid, "Item"))


def number_taken(books: Books, item_number: str) -> bool:
    return any(item["item_number"] == item_number for item in books.table("items").values())


def draft_item(
    books: Books,
    *,
    description: str | None,
    uom: str | None,
    tax: str | None,
    unit_price: Decimal | None,
    item_number: str | None = None,
    category: str | None = None,
    active: bool | None = None,
    cost_price: Decimal | None = None,
    reserved: set | None = None,
) -> dict:
    """A new item, checked but not stored. A taken or missing item number gets the next free one."""
    for name, value in (("description", description), ("uom", uom), ("tax", tax), ("unit_price", unit_price)):
        if value is None or value == "":
            raise MissingField(name)
    assert unit_price is not None  # refused as missing above
    reserved = reserved if reserved is not None else set()
    if not item_number or number_taken(books, item_number) or item_number in reserved:
        item_number = next_item_number(books, reserved)
    reserved.add(item_number)
    return {
        "guid": books.new_guid("items"),
        "item_number": item_number,
        "description": description,
        "uom": uom,
        "tax": tax,
        "unit_price": money(unit_price),
        "category": category or "",
        "active": True if active is None else active,
        "cost_price": money(cost_price or 0),
        "updated_timestamp": books.stamp(),
    }


def next_item_number(books: Books, reserved: set) -> str:
    while True:
        candidate = str(books.next_counter("item_number"))
        if not number_taken(books, candidate) and candidate not in reserved:
            return candidate


def create_item(books: Books, data: ItemData) -> str:
    item = draft_item(
        books,
        **data.model_dump(
            include={
                "description",
                "uom",
                "tax",
                "unit_price",
                "item_number",
                "category",
                "active",
                "cost_price",
            }
        ),
    )
    books.put("items", item)
    return item["guid"]


def update_item(books: Books, guid: str, data: ItemData) -> str:
    stored = books.find("items", guid, "Item")
    given = changes(data, (*FIELDS, "cost_price"))
    for name in ("description", "uom", "tax", "unit_price"):
        if name in given and given[name] is None:
            raise MissingField(name)
    wanted = given.get("item_number")
    if wanted and wanted != stored["item_number"] and number_taken(books, wanted):
        raise InvalidField("item_number", f"{wanted} is already used by another item")
    for name in ("unit_price", "cost_price"):
        if given.get(name) is not None:
            given[name] = money(given[name])
    item = books.edit("items", guid, "Item")
    item.update({key: value for key, value in given.items() if value is not None})
    item["updated_timestamp"] = books.stamp()
    return guid
