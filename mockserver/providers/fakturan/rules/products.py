"""Products: the price list rows can be filled from."""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.store import Tables
from mockserver.providers.fakturan.errors import NotFound
from mockserver.providers.fakturan.models import ProductInput
from mockserver.providers.fakturan.rules.common import Errors, blank, ruby_decimal


def get(state: dict, product_id) -> dict:
    product = Tables(state).get("products", product_id)
    if product is None:
        raise NotFound
    return product


def _merged(state: dict, data: ProductInput, current: dict | None, errors: Errors) -> dict:
    merged = dict(
        current
        or {"name": "", "product_code": None, "unit": "", "price": "0", "tax": state["account"]["tax"]}
    )
    for key, value in data.model_dump(exclude_unset=True).items():
        if key == "price":
            merged[key] = str(value if value is not None else Decimal(0))
        elif key == "tax":
            merged[key] = value if value is not None else state["account"]["tax"]
        else:
            merged[key] = value if value is not None or key == "product_code" else ""
    if blank(merged["name"]):
        errors.add("name", "blank")
    errors.raise_if_any()
    return merged


def create(state: dict, data: ProductInput, errors: Errors) -> dict:
    return Tables(state).insert("products", _merged(state, data, None, errors))


def update(state: dict, product_id, data: ProductInput, errors: Errors) -> None:
    current = get(state, product_id)
    current.update(_merged(state, data, current, errors))


def delete(state: dict, product_id) -> None:
    get(state, product_id)
    Tables(state).delete("products", product_id)


def render(product: dict) -> dict:
    price = Decimal(product["price"])
    return {
        "id": product["id"],
        "product_code": product["product_code"],
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
