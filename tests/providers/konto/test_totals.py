"""Totals reconcile with their lines, on seeded data and on created invoices, and the dashboard
agrees with the invoices it reports."""

from decimal import Decimal

from tests.providers.konto.conftest import ITEM_S, invoice_data

RATES = {"S": Decimal("0.24"), "AA": Decimal("0.11"), "Z": Decimal(0)}


def d(value) -> Decimal:
    return Decimal(str(value))


def assert_reconciles(invoice: dict) -> None:
    lines = invoice["items"]
    assert d(invoice["total_excluding_vat"]) == sum(d(line["total_excluding_vat"]) for line in lines)
    assert d(invoice["total_vat"]) == sum(d(line["total_vat"]) for line in lines)
    assert d(invoice["amount"]) == sum(d(line["total_including_vat"]) for line in lines)
    assert d(invoice["amount"]) == d(invoice["total_excluding_vat"]) + d(invoice["total_vat"])
    for line in lines:
        gross = d(line["qty"]) * d(line["unit_price"])
        assert d(line["total_excluding_vat"]) <= gross
        vat = (d(line["total_excluding_vat"]) * RATES[line["tax"]]).quantize(Decimal("0.01"))
        assert d(line["total_vat"]) == vat, line


def test_seeded_invoices_reconcile(konto):
    invoices = konto.ok("get-invoices")
    assert len(invoices) == 24
    for invoice in invoices:
        assert_reconciles(invoice)


def test_created_invoices_reconcile(konto):
    data = invoice_data(
        currency="ISK",
        items=[
            {"guid": ITEM_S, "qty": 3, "discount": 12.5, "discount_type": 1},
            {
                "item_number": "x",
                "description": "Vinna",
                "qty": "1.5",
                "uom": "HUR",
                "tax": "AA",
                "unit_price": 13333.33,
                "discount": 1000,
                "discount_type": 0,
            },
        ],
        discount_type=0,
        discount_value=777,
    )
    message = konto.refused("create-invoice", "POST", data={**data, "amount": 0})
    total = message.split("invoice total ")[1].split(" ")[0]
    invoice = konto.ok("get-invoice", guid=konto.ok("create-invoice", "POST", data={**data, "amount": total}))
    assert_reconciles(invoice)
    assert d(invoice["amount"]) == d(total)


def test_dashboard_totals_agree_with_the_invoices(konto):
    invoices = {row["number"]: row for row in konto.ok("get-invoices")}
    rows = konto.ok("get-dashboard-data", "POST")
    assert rows and {row["invoice_number"] for row in rows} == {
        number for number, row in invoices.items() if row["status"] in ("Sent", "Paid")
    }
    for row in rows:
        invoice = invoices[row["invoice_number"]]
        assert d(row["invoice_total_including_vat"]) == d(invoice["amount"])
        assert d(row["invoice_total_excluding_vat"]) == sum(
            d(item["total_excluding_vat"]) for item in row["items"]
        )
        assert d(row["invoice_vat_total"]) == sum(d(item["total_vat"]) for item in row["items"])
        assert d(row["invoice_total_discount"]) == sum(d(item["total_discount"]) for item in row["items"])
        assert row["invoice_status"] == ("Paid" if invoice["status"] == "Paid" else "Not Paid")
        assert row["document_type"] == ("Credit Note" if invoice["type"] == "credit" else "Invoice")
        for item in row["items"]:
            assert d(item["profit"]) == d(item["total_excluding_vat"]) - d(item["product_cost"])
            if item["total_excluding_vat"]:
                ratio = d(item["profit"]) / d(item["total_excluding_vat"])
                assert abs(d(item["margin"]) - ratio) < Decimal("0.0001")


def test_dashboard_window_and_paging(konto):
    everything = konto.ok("get-dashboard-data", "POST")
    dates = sorted({row["invoice_issue_date"] for row in everything})
    start, end = dates[2], dates[-3]
    window = konto.ok("get-dashboard-data", "POST", start_date=start, end_date=end)
    assert window == [row for row in everything if start <= row["invoice_issue_date"] <= end]
    assert konto.ok("get-dashboard-data", "POST", limit=3, page=2) == everything[3:6]
    assert konto.refused("get-dashboard-data", "POST", start_date=end, end_date=start).startswith(
        "Invalid end_date"
    )


def test_a_new_invoice_shows_on_the_dashboard_with_profit(konto):
    guid = konto.ok(
        "create-invoice",
        "POST",
        data=invoice_data(
            currency="ISK",
            amount=4191.2,
            issue_date="2030-1-1",
            due_date="2030-1-1",
            settlement_date="2030-1-1",
            items=[{"guid": ITEM_S, "qty": 2}],
        ),
    )
    number = konto.ok("get-invoice", guid=guid)["number"]
    [row] = konto.ok("get-dashboard-data", "POST", start_date="2030-01-01", end_date="2030-01-01")
    assert row["invoice_number"] == number
    [item] = row["items"]
    # item 6be71e6c-... costs 400 per unit to provide; sold 2 at 1690
    assert (item["product_cost"], item["total_excluding_vat"], item["profit"], item["margin"]) == (
        "800.00",
        3380,
        2580,
        0.7633,
    )
