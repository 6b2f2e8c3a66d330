"""Products: the price list rows can be filled from."""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.fakturan.errors import NotFound
from mockserver.providers.fakturan.models import ProductInput
from mockserver.providers.fakturan.rules.common import Errors, blank, ruby_decimal
from mockserver.providers.fakturan.rules.listing import Page, Resource, listing, text_key


def get(store: Store, product_id) -> dict:
    product = store.get("products", product_id)
    if product is None:
        raise NotFound
    return product


def _merged(store: Store, data: ProductInput, current: dict | None, errors: Errors) -> dict:
    tax = store.value("account")["tax"]
    merged = dict(current or {"name": "", "product_code": "", "unit": "", "price": "0", "tax": tax})
    for key, value in data.model_dump(exclude_unset=True).items():
        if key == "price":
            merged[key] = str(value if value is not None else Decimal(0))
        elif key == "tax":
            merged[key] = value if value is not None else tax
        else:
            merged[key] = value if value is not None else ""
    if blank(merged["name"]):
        errors.add("name", "blank")
    errors.raise_if_any()
    return merged


def create(store: Store, data: ProductInput, errors: Errors) -> dict:
    return store.insert("products", _merged(store, data, None, errors))


def update(store: Store, product_id, data: ProductInput, errors: Errors) -> None:
    current = get(store, product_id)
    store.put("products", current["id"], _merged(store, data, current, errors))


def delete(store: Store, product_id) -> None:
    get(store, product_id)
    store.delete("products", product_id)


def render(product: dict) -> dict:
    price = Decimal(product["price"])
    return {
        "id": product["id"],
        "product_code": product["product_code"] or "",
        "name": product["name"],
        "unit": product["unit"],
        "price": ruby_decimal(price),
        "price_inc_tax": ruby_decimal(round_half_up(price * (100 + product["tax"]) / 100)),
        "tax": product["tax"],
    }


def matches(product: dict, filters: dict) -> bool:
    if "product_code" in filters and (product["product_code"] or "") != filters["product_code"]:
        return False
    return not ("name" in filters and product["name"] != filters["name"])


RESOURCE = Resource(
    "products",
    render,
    matches,
    filters=("product_code", "name"),
    sorts={
        "name": lambda product: text_key(product["name"]),
        "product_code": lambda product: text_key(product["product_code"]),
        "price": lambda product: Decimal(product["price"]),
    },
)


# -- operations ----------------------------------------------------------------------------------


def list_products(call: Call, query: list) -> Page:
    return listing(call, RESOURCE, query)


def show_product(call: Call, id: int) -> dict:
    return render(get(call.store, id))


def create_product(call: Call, data: ProductInput, errors: Errors) -> dict:
    return render(create(call.store, data, errors))


def update_product(call: Call, id: int, data: ProductInput, errors: Errors) -> None:
    update(call.store, id, data, errors)


def delete_product(call: Call, id: int) -> None:
    delete(call.store, id)
