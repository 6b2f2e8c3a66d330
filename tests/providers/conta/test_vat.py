"""VAT codes, rates and accounts shared by the invoice and bookkeeping rules."""

from decimal import Decimal

from mockserver.providers.conta import spec
from mockserver.providers.conta.rules import vat


def test_the_vocabularies_are_the_specs():
    assert list(vat.LINE_CODES) == spec.schemas()["enumRouteV1VatCodeTypeConst"]["enum"]
    accounting = set(spec.schemas()["enumVatCodeTypeConst"]["enum"])
    assert set(vat.ACCOUNTING_VAT) <= accounting
    assert set(vat.SALES_ACCOUNTS) == set(vat.LINE_CODES) == set(vat.LINE_VAT_IDS)


def test_rates_and_the_research_worked_example():
    # 2 x 1000 at high plus 1 x 200 at zero.rate with 10 % discount: net 2180, VAT 500, total 2680.
    high_net, zero_net = Decimal(2000), Decimal(200) * Decimal("0.9")
    total_vat = vat.vat_of(high_net, vat.line_rate("high")) + vat.vat_of(zero_net, vat.line_rate("zero.rate"))
    assert (high_net + zero_net, total_vat, high_net + zero_net + total_vat) == (2180, 500, 2680)
    assert [vat.line_rate(c) for c in ("medium", "low", "export", "no.vat")] == [15, 12, 0, 0]


def test_gross_amounts_split_into_net_and_vat():
    assert vat.split_gross(Decimal(500), "input.high") == (Decimal(400), Decimal(100), "2710")
    assert vat.split_gross(Decimal(115), "input.medium") == (Decimal(100), Decimal(15), "2711")
    assert vat.split_gross(Decimal(500), "input.no.vat") == (Decimal(500), Decimal(0), None)


def test_product_codes_map_to_line_codes():
    assert vat.from_product("output.high") == "high"
    assert vat.from_product("output.zero.rate") == "zero.rate"
    assert vat.from_product("input.no.vat") == "no.vat"
