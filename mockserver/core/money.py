"""Money as Decimal. Every provider rounds in its own way; the helpers here name the ways."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_LEADING_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)")


def to_decimal(value: object) -> Decimal:
    """A JSON number or numeric string as an exact Decimal (floats via their shortest repr).
    Raises ValueError for anything else."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return result


def leading_decimal(value: object) -> Decimal:
    """Ruby's String#to_d: the number a string starts with ("10 st" -> 10), else 0."""
    if isinstance(value, str):
        # Nearly every amount is plain ASCII digits with at most one point: no pattern needed.
        if value.isascii() and value[:1].isdigit() and value.replace(".", "", 1).isdigit():
            return Decimal(value)
        match = _LEADING_NUMBER.match(value)
        return Decimal(match.group(1)) if match else Decimal(0)
    return to_decimal(value)


def round_half_up(value: Decimal, exponent: Decimal = CENT) -> Decimal:
    """Commercial rounding (0.005 -> 0.01), what invoices in the Nordics use."""
    return value.quantize(exponent, rounding=ROUND_HALF_UP)
