"""Payments against an invoice; paying the whole sum sets the invoice's paid_at."""

from __future__ import annotations

from decimal import Decimal

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.fakturan.models import PaymentInput
from mockserver.providers.fakturan.rules import invoices
from mockserver.providers.fakturan.rules.common import Errors, blank, parse_date, ruby_decimal
from mockserver.providers.fakturan.rules.listing import Page, page


def of_invoice(store: Store, invoice_id) -> list[dict]:
    invoice = invoices.get(store, invoice_id)
    return store.where("payments", "invoice_id", invoice["id"])


def remaining(store: Store, invoice: dict) -> Decimal:
    paid = sum((Decimal(p["amount"]) for p in of_invoice(store, invoice["id"])), Decimal(0))
    return invoices.totals(invoice)["sum"] - paid


def create(store: Store, invoice_id, data: PaymentInput) -> dict:
    invoice = invoices.get(store, invoice_id)
    errors = Errors()
    if blank(data.paid_at):
        errors.add("paid_at", "blank")
    elif data.paid_at is not None and parse_date(data.paid_at) is None:  # not blank, so not None
        errors.add("paid_at", "invalid")
    left = remaining(store, invoice)
    amount = data.amount if data.amount is not None else left
    if amount <= 0:
        errors.add("amount", "greater_than", count=0)
    elif amount > left:
        errors.add("amount", "less_than_or_equal_to", count=ruby_decimal(left))
    errors.raise_if_any()
    payment = store.insert(
        "payments", {"paid_at": data.paid_at, "amount": str(amount), "invoice_id": invoice["id"]}
    )
    if amount == left:
        store.edit("invoices", invoice["id"])["paid_at"] = data.paid_at
    return payment


def render(payment: dict) -> dict:
    return {
        "id": payment["id"],
        "paid_at": payment["paid_at"],
        "amount": ruby_decimal(payment["amount"]),
        "invoice_id": payment["invoice_id"],
    }


# -- operations ----------------------------------------------------------------------------------


def list_payments(call: Call, id: int, query: list) -> Page:
    return page(call, of_invoice(call.store, id), query, render)


def create_payment(call: Call, id: int, data: PaymentInput, errors: Errors) -> dict:
    invoices.get(call.store, id)
    errors.raise_if_any()
    return render(create(call.store, id, data))
