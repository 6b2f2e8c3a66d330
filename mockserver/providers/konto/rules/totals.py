"""Invoice arithmetic, in one place so invoices, orders, recurring invoices and the dashboard agree.

Per line: gross = qty x unit price; the line discount (percent of gross, or an amount off the
line) comes off; then the invoice discount (percent, or an amount spread over the lines pro rata);
VAT is charged on what remains at the line's rate. Every step rounds half up to two places, so
the invoice totals are exactly the sums of the line totals.
"""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.providers.konto.errors import InvalidField
from mockserver.providers.konto.models import VAT_RATES
from mockserver.providers.konto.rules.books import money

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def line_discount(gross: Decimal, discount: Decimal, percent: bool, where: str) -> Decimal:
    if percent:
        if discount > HUNDRED:
            raise InvalidField(f"{where}.discount", "a percentage cannot exceed 100")
        return round_half_up(gross * discount / HUNDRED)
    if discount > abs(gross):
        raise InvalidField(f"{where}.discount", f"{discount} is more than the line's {gross}")
    return round_half_up(discount)


def invoice_discounts(nets: list[Decimal], value: Decimal, percent: bool) -> list[Decimal]:
    """The invoice discount per line: a percentage of each, or an amount spread pro rata."""
    if percent:
        if value > HUNDRED:
            raise InvalidField("discount_value", "a percentage cannot exceed 100")
        return [round_half_up(net * value / HUNDRED) for net in nets]
    base = sum(nets, ZERO)
    if value > base:
        raise InvalidField("discount_value", f"{value} is more than the invoice's {base}")
    if value == 0 or base == 0:
        return [ZERO for _ in nets]
    shares = [round_half_up(value * net / base) for net in nets]
    shares[-1] += value - sum(shares, ZERO)
    return shares


def price(lines: list[dict], *, discount_value: Decimal, discount_percent: bool, tax_exempt: bool) -> dict:
    """Fill in each line's totals and return the invoice totals (decimal strings)."""
    nets, line_discounts = [], []
    for index, line in enumerate(lines):
        gross = round_half_up(Decimal(line["qty"]) * Decimal(line["unit_price"]))
        off = line_discount(gross, Decimal(line["discount"]), line["discount_type"] == 1, f"items[{index}]")
        nets.append(gross - off)
        line_discounts.append(off)
    extra = invoice_discounts(nets, discount_value, discount_percent)
    totals = {
        "total_excluding_vat": ZERO,
        "total_vat": ZERO,
        "total_including_vat": ZERO,
        "total_discount": ZERO,
    }
    for line, net, off, more in zip(lines, nets, line_discounts, extra, strict=True):
        rate = ZERO if tax_exempt else VAT_RATES[line["tax"]]
        net -= more
        vat = round_half_up(net * rate / HUNDRED)
        discount_with_vat = round_half_up((off + more) * (HUNDRED + rate) / HUNDRED)
        figures = {
            "total_excluding_vat": net,
            "total_vat": vat,
            "total_including_vat": net + vat,
            "total_discount": discount_with_vat,
        }
        for key, value in figures.items():
            line[key] = money(value)
            totals[key] += value
    return {key: money(value) for key, value in totals.items()}
