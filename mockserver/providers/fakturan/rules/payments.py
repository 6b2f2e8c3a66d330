"""Payments against an invoice; paying the whole sum sets the invoice's paid_at."""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.store import Tables
from mockserver.providers.fakturan.models import PaymentInput
from mockserver.providers.fakturan.rules import invoices
from mockserver.providers.fakturan.rules.common import Errors, blank, parse_date, ruby_decimal


def of_invoice(state: dict, invoice_id) -> list[dict]:
    invoice = invoices.get(state, invoice_id)
    return [p for p in Tables(state).all("payments") if p["invoice_id"] == invoice["id"]]


def remaining(state: dict, invoice: dict) -> Decimal:
    paid = sum((Decimal(p["amount"]) for p in of_invoice(state, invoice["id"])), Decimal(0))
    return invoices.totals(invoice)["sum"] - paid


def create(state: dict, invoice_id, data: PaymentInput) -> dict:
    invoice = invoices.get(state, invoice_id)
    errors = Errors()
    if blank(data.paid_at):
        errors.add("paid_at", "blank")
    elif parse_date(data.paid_at) is None:
        errors.add("paid_at", "invalid")
    left = remaining(state, invoice)
    amount = data.amount if data.amount is not None else left
    if amount <= 0:
        errors.add("amount", "greater_than", count=0)
    elif amount > left:
        errors.add("amount", "less_than_or_equal_to", count=ruby_decimal(left))
    errors.raise_if_any()
    payment = Tables(state).insert(
        "payments", {"paid_at": data.paid_at, "amount": str(amount), "invoice_id": invoice["id"]}
    )
    if amount == left:
        invoice["paid_at"] = data.paid_at
    return payment


def render(payment: dict) -> dict:
    return {
        "id": payment["id"],
        "paid_at": payment["paid_at"],
        "amount": ruby_decimal(payment["amount"]),
        "invoice_id": payment["invoice_id"],
    }
