"""Norwegian VAT as the invoice and the bookkeeping rules both need it, in one place so an
invoice line and a manual transaction with the same code post the same way.

Three vocabularies (research §1.4): invoice and draft lines (`high`, `medium`, `low`,
`zero.rate`, `exempted`, `export`, `no.vat`), products (`output.high`, ...), and bookkeeping
(`enumVatCodeTypeConst`, 42 values: `input.high`, `output.high`, ...). Rates are 25 / 15 / 12 %
for high / medium / low and 0 for everything else. Accounts follow NS 4102 [choice, the spec
fixes none]: sales 3000 (taxable), 3100 (zero-rated, export), 3200 (exempt, outside VAT); output
VAT 2700-2702 and input VAT 2710-2712 by rate. `vatId` is the Norwegian SAF-T standard tax code
of the code (3 / 31 / 33 output, 1 / 11 / 13 input, 5 zero rate, 6 exempt, 52 export, 0 none).
"""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.store import Store
from mockserver.providers.conta.rules.common import ORGANIZATIONS

HIGH, MEDIUM, LOW = Decimal(25), Decimal(15), Decimal(12)
ZERO = Decimal(0)

# Invoice and draft line codes (enumRouteV1VatCodeTypeConst).
LINE_CODES = ("no.vat", "high", "medium", "low", "zero.rate", "exempted", "export")
LINE_RATES = {"high": HIGH, "medium": MEDIUM, "low": LOW}
SALES_ACCOUNTS = {
    "high": "3000",
    "medium": "3000",
    "low": "3000",
    "zero.rate": "3100",
    "export": "3100",
    "exempted": "3200",
    "no.vat": "3200",
}
OUTPUT_VAT_ACCOUNTS = {"high": "2700", "medium": "2701", "low": "2702"}
LINE_VAT_IDS = {"high": 3, "medium": 31, "low": 33, "zero.rate": 5, "exempted": 6, "export": 52, "no.vat": 0}
# A non-VAT-registered organization may invoice only outside VAT [choice: which codes such an
# organization may use is not public; real Conta refused both `high` and `no.vat`].
NON_VAT_LINE_CODES = ("exempted",)

# Bookkeeping codes (enumVatCodeTypeConst) that carry VAT, with their rate and VAT account.
ACCOUNTING_VAT = {
    "input.high": (HIGH, "2710", 1),
    "input.medium": (MEDIUM, "2711", 11),
    "input.low": (LOW, "2712", 13),
    "output.high": (HIGH, "2700", 3),
    "output.medium": (MEDIUM, "2701", 31),
    "output.low": (LOW, "2702", 33),
}


def line_rate(code: str) -> Decimal:
    """The VAT percentage of an invoice line code."""
    return LINE_RATES.get(code, ZERO)


def from_product(code: str) -> str:
    """A product's VAT code (`output.high`) as an invoice line's (`high`); `input.no.vat` and
    anything else without VAT is `no.vat`."""
    short = code.removeprefix("output.")
    return short if short in LINE_CODES else "no.vat"


def ledger_code(code: str) -> str:
    """An invoice line's VAT code as its ledger lines write it (`high` -> `output.high`; all
    seven line codes have an `output.` twin among the bookkeeping codes)."""
    return f"output.{code}"


def allowed_line_codes(store: Store, org_id: int) -> tuple[str, ...]:
    """The line codes the organization may invoice with (`WrongVatCodeException` otherwise)."""
    org = store.get(ORGANIZATIONS, org_id) or {}
    return LINE_CODES if org.get("_vatRegistered") else NON_VAT_LINE_CODES


def vat_of(net: Decimal, rate: Decimal) -> Decimal:
    """The VAT on a net amount, to the øre."""
    return round_half_up(net * rate / 100)


def split_gross(gross: Decimal, code: str) -> tuple[Decimal, Decimal, str | None]:
    """A bookkeeping amount that includes VAT (Conta's `amount` "should include VAT") as (net,
    VAT, VAT account); a code without VAT gives (gross, 0, None)."""
    found = ACCOUNTING_VAT.get(code)
    if found is None:
        return gross, ZERO, None
    rate, account, _ = found
    vat = round_half_up(gross * rate / (100 + rate))
    return gross - vat, vat, account


def accounting_vat_id(code: str) -> int:
    found = ACCOUNTING_VAT.get(code)
    return found[2] if found else 0
