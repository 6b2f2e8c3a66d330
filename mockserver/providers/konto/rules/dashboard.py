"""Dashboard data: issued invoices with per-invoice and per-line totals, profit and margin.

Drafts (Saved) and Cancelled invoices are not sales, so they are left out. Profit is a line's
total excluding VAT minus its product cost (the item's cost price x qty); margin is profit as a
share of that total (0 when the total is 0), rounded to four places.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mockserver.providers.konto.errors import InvalidField
from mockserver.providers.konto.rules.books import Books, money, number, page_of

SALES = ("Sent", "Paid")
RATIO = Decimal("0.0001")


def dashboard(
    books: Books, start: date | None, end: date | None, limit: int | None, page: int | None
) -> list:
    if start and end and end < start:
        raise InvalidField("end_date", f"{end} is before start_date {start}")
    rows = [
        invoice
        for invoice in books.table("invoices").values()
        if invoice["status"] in SALES
        and (start is None or invoice["issue_date"] >= start.isoformat())
        and (end is None or invoice["issue_date"] <= end.isoformat())
    ]
    rows.sort(key=lambda invoice: (invoice["issue_date"], int(invoice["number"])))
    return [render(books, invoice) for invoice in page_of(rows, limit, page)]


def render(books: Books, invoice: dict) -> dict:
    customer = books.table("customers").get(invoice["customer"]["guid"] or "", {})
    return {
        "invoice_creator_username": books.username,
        "invoice_issue_date": invoice["issue_date"],
        "invoice_number": invoice["number"],
        "invoice_status": "Paid" if invoice["status"] == "Paid" else "Not Paid",
        "customer_number": customer.get("customer_number") or "",
        "customer_name": invoice["customer"]["name"],
        "customer_guid": invoice["customer"]["guid"],
        "invoice_description": invoice["description"],
        "document_type": "Credit Note" if invoice["type"] == "credit" else "Invoice",
        "invoice_booking_information": invoice["booking"],
        "invoice_order_reference": invoice.get("order_reference") or "",
        "invoice_cost_location": invoice["cost_provide"],
        "invoice_total_excluding_vat": invoice["total_excluding_vat"],
        "invoice_vat_total": invoice["total_vat"],
        "invoice_total_discount": invoice["total_discount"],
        "invoice_total_including_vat": invoice["amount"],
        "items": [render_line(books, line) for line in invoice["items"]],
    }


def render_line(books: Books, line: dict) -> dict:
    item = books.table("items").get(line["guid"] or "", {})
    sales = Decimal(line["total_excluding_vat"])
    cost = Decimal(money(Decimal(line.get("cost_price") or 0) * Decimal(line["qty"])))
    profit = sales - cost
    margin = (profit / sales).quantize(RATIO) if sales else Decimal(0)
    return {
        "number": line["item_number"],
        "name": line["description"],
        "description": line["description"],
        "qty": number(line["qty"]),
        "uom": line["uom"],
        "vat_code": line["tax"],
        "category_code": item.get("category") or "",
        "guid": line["guid"],
        "product_cost": money(cost),
        "total_excluding_vat": number(line["total_excluding_vat"]),
        "total_vat": number(line["total_vat"]),
        "total_including_vat": number(line["total_including_vat"]),
        "total_discount": number(line["total_discount"]),
        "profit": number(money(profit)),
        "margin": float(margin),
    }
