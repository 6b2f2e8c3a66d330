"""What every Fakturan rule needs: Rails-shaped validation errors, Ruby decimals, dates."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from mockserver.core.store import Store, copy_state
from mockserver.providers.fakturan.errors import ValidationFailed

# pydantic error types -> Rails validation codes
_CODES = {
    "missing": "blank",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "literal_error": "inclusion",
    "greater_than_equal": "greater_than_or_equal_to",
    "less_than_equal": "less_than_or_equal_to",
    "less_than": "less_than",
    "greater_than": "greater_than",
}


class Errors:
    """Collects field errors the way Rails does, keyed by dotted field name."""

    def __init__(self) -> None:
        self.fields: dict[str, list] = {}
        self.rows: dict[int, dict[str, list]] = {}

    def add(self, field: str, code: str, **details) -> None:
        if code == "blank" and field in self.fields:
            return  # a value refused as invalid was left out; it is not also blank
        self.fields.setdefault(field, []).append({"error": code, **details})

    def add_row(self, index: int, field: str, code: str, **details) -> None:
        key = f"rows.{field}" if field else "rows"
        self.rows.setdefault(index, {}).setdefault(key, []).append({"error": code, **details})

    def raise_if_any(self) -> None:
        if not self.fields and not self.rows:
            return
        errors = dict(self.fields)
        if self.rows:
            errors["rows"] = [{str(index): found} for index, found in sorted(self.rows.items())]
        raise ValidationFailed(errors)


def parse(model: type[BaseModel], body: dict, errors: Errors):
    """Validate `body` into `model`. Type errors become Rails codes in `errors` and the offending
    fields are left out, so business rules can still run on the rest and report everything at
    once, as Rails does (the caller raises when done)."""
    copied = False
    for _ in range(5):
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            if not copied:  # a valid body, the usual case, is never copied
                body, copied = copy_state(body), True  # the refused fields leave a copy, not the caller's
            for problem in exc.errors():
                _record(errors, problem)
                _drop(body, problem["loc"])
    errors.raise_if_any()
    raise AssertionError("unreachable: a body without its invalid fields validates")


def _drop(body, location: tuple) -> None:
    """Remove the value at `location` (the field pydantic refused) from `body`."""
    parent = body
    for part in location[:-1]:
        if isinstance(parent, dict) and part in parent:
            parent = parent[part]
        elif isinstance(parent, list) and isinstance(part, int) and part < len(parent):
            parent = parent[part]
        else:
            return
    last = location[-1] if location else None
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = {}


def _record(errors: Errors, problem: Mapping[str, Any]) -> None:
    code = _CODES.get(problem["type"], "invalid")
    details = {}
    context = problem.get("ctx") or {}
    if code in ("too_long", "too_short"):
        details["count"] = context.get("max_length", context.get("min_length"))
    elif code in ("greater_than_or_equal_to", "less_than_or_equal_to", "greater_than", "less_than"):
        details["count"] = next(context[key] for key in ("ge", "le", "gt", "lt") if key in context)
    location = [str(part) for part in problem["loc"] if not str(part).startswith(("function-", "literal["))]
    location = [part for part in location if part not in ("constrained-str", "int", "str", "bool", "decimal")]
    if len(location) >= 2 and location[0] == "rows" and location[1].isdigit():
        errors.add_row(int(location[1]), ".".join(location[2:]), code, **details)
        return
    errors.add(".".join(location), code, **details)


def ruby_decimal(value: Decimal | str) -> str:
    """A decimal as Rails renders BigDecimal: "2370.0", "9.95", "0.0"."""
    if isinstance(value, str):
        return _ruby_text(value)
    text = format(Decimal(value).normalize(), "f")
    return text if "." in text else f"{text}.0"


@functools.lru_cache(maxsize=4096)  # stored rows hold the same few amounts and prices as text
def _ruby_text(value: str) -> str:
    return ruby_decimal(Decimal(value))


def number(value: Decimal) -> int | float:
    """A percentage as the API shows it: 0, 12.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def format_zip(zip_code: str, country: str) -> str:
    """Swedish postal codes print as "NNN NN", as on the provider's invoices."""
    digits = zip_code.replace(" ", "")
    if country.upper() == "SE" and len(digits) == 5 and digits.isdigit():
        return f"{digits[:3]} {digits[3:]}"
    return zip_code


def next_number(store: Store, table: str) -> int:
    """The number after the highest one used in `table` (Fakturan numbers max + 1)."""
    return store.peek(f"{table}.highest_number") + 1


def note_number(store: Store, table: str, number: int) -> None:
    """Keep the highest number used beside the table, so numbering never scans it."""
    if number > store.peek(f"{table}.highest_number"):
        store.set_counter(f"{table}.highest_number", number)
