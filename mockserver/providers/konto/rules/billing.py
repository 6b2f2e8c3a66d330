"""Invoices billed by kennitala: create-save-invoice (to a Konto user, or by e-mail) and order
invoices (an order for a customer that issues its invoice; updating it re-prices what it has not
yet sent, deleting it cancels that)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import ValidationError

from mockserver.providers.konto.errors import InvalidField, MissingField, UserNotFound
from mockserver.providers.konto.models import OrderData, SaveInvoiceData
from mockserver.providers.konto.rules import customers, invoices
from mockserver.providers.konto.rules.books import Books, changes, money, page_of

KEPT_ON_REPRICE = (
    "guid",
    "number",
    "issue_date",
    "accounting_status",
    "accounting_message",
    "files",
    "order_guid",
)


def customer_for_kennitala(books: Books, value: str | None) -> tuple[dict, dict | None]:
    """The customer with this kennitala; else one made from the Konto user who has it."""
    registration_no = customers.kennitala(value, "kennitala")
    existing = customers.by_registration_no(books, registration_no)
    if existing is not None:
        return existing, None
    user = books.table("users").get(registration_no)
    if user is None:
        raise UserNotFound(registration_no)
    fresh = {
        "guid": books.new_guid("customers"),
        **{name: None for name in customers.FIELDS},
        **customers.DEFAULTS,
        "name": user["name"],
        "registration_no": registration_no,
        "email": user["email"],
        "address": user.get("address"),
        "zip": user.get("zip"),
        "city": user.get("city"),
        "updated_timestamp": books.stamp(),
    }
    return fresh, fresh


def customer_for_email(books: Books, email: str | None) -> tuple[dict, dict | None]:
    email = invoices.require(email, "email")
    for customer in books.table("customers").values():
        if (customer.get("email") or "").casefold() == email.casefold():
            return customer, None
    fresh = {
        "guid": books.new_guid("customers"),
        **{name: None for name in customers.FIELDS},
        **customers.DEFAULTS,
        "name": email,
        "email": email,
        "updated_timestamp": books.stamp(),
    }
    return fresh, fresh


def create_save_invoice(books: Books, data: SaveInvoiceData) -> dict:
    """Bill a Konto user by kennitala (the invoice lands in their Konto) or anyone by e-mail."""
    create_type = invoices.require(data.create_type, "create_type")
    if create_type == "user":
        registration_no = customers.kennitala(data.kennitala, "kennitala")
        if registration_no not in books.table("users"):
            raise UserNotFound(registration_no)
        customer, fresh = customer_for_kennitala(books, registration_no)
    else:
        customer, fresh = customer_for_email(books, data.email)
    ready = invoices.draft(
        books,
        data,
        customer,
        fresh,
        issue=invoices.require(data.issue_date, "issue_date"),
        due=invoices.require(data.due_date, "due_date"),
        settlement=invoices.require(data.settlement_date, "settlement_date"),
        kind=invoices.require(data.type, "type"),
        payment_fee=data.payment_fee,
    )
    ready.invoice["files"] = invoices.file_ids(books, data.files)
    return invoices.commit(books, ready, "Paid" if data.mark_paid else "Sent")


# -- order invoices -----------------------------------------------------------------------------


def order_draft(
    books: Books, data: OrderData, customer: dict, fresh: dict | None, *, issue: date
) -> invoices.Draft:
    """An order's invoice: due and settled `settlement_date` days after it is issued."""
    days = invoices.require(data.settlement_date, "settlement_date")
    settlement = issue + timedelta(days=days)
    return invoices.draft(books, data, customer, fresh, issue=issue, due=settlement, settlement=settlement)


def create_order(books: Books, data: OrderData) -> str:
    if not data.booking:
        raise MissingField("booking")
    customer, fresh = customer_for_kennitala(books, data.kennitala)
    ready = order_draft(books, data, customer, fresh, issue=books.today)
    guid = books.new_guid("orders")
    ready.invoice["order_guid"] = guid
    invoice = invoices.commit(books, ready, "Paid" if data.mark_paid else "Saved")
    books.put(
        "orders",
        {
            "guid": guid,
            "number": invoice["number"],
            "amount": invoice["amount"],
            "issue_date": invoice["issue_date"],
            "kennitala": customer["registration_no"],
            "customer_guid": customer["guid"],
            "settlement_days": data.settlement_date,
            "data": data.model_dump(mode="json", exclude_none=True),
            "updated_timestamp": books.stamp(),
        },
    )
    return guid


def update_order(books: Books, guid: str, data: OrderData) -> str:
    """Merge the given fields into the order, re-check it whole, re-price its unsent invoices."""
    order = books.find("orders", guid, "Order invoice")
    changes(data, tuple(OrderData.model_fields))
    merged = merge(order, data)
    customer, fresh = customer_for_kennitala(books, merged.kennitala or order["kennitala"])
    ready = order_draft(books, merged, customer, fresh, issue=date.fromisoformat(order["issue_date"]))
    if fresh is not None:
        customers.store_customer(books, fresh)
    for item in ready.new_items:
        books.put("items", item)
    status = "Paid" if merged.mark_paid else "Saved"
    for invoice in order_invoices(books, guid):
        if invoice["status"] == "Saved":
            kept = {key: invoice[key] for key in KEPT_ON_REPRICE}
            repriced = books.edit("invoices", invoice["guid"], "Invoice")
            repriced.update({**ready.invoice, **kept, "status": status, "updated_timestamp": books.stamp()})
    books.edit("orders", guid, "Order invoice").update(
        amount=money(ready.invoice["amount"]),
        kennitala=customer["registration_no"],
        customer_guid=customer["guid"],
        settlement_days=merged.settlement_date,
        data=merged.model_dump(mode="json", exclude_none=True),
        updated_timestamp=books.stamp(),
    )
    return guid


def merge(order: dict, data: OrderData) -> OrderData:
    """The order's stored fields with the given ones on top, validated as one."""
    try:
        return OrderData.model_validate({**order["data"], **data.model_dump(mode="json", exclude_unset=True)})
    except ValidationError as error:  # both halves passed alone; kept as a guard, never a 500
        raise InvalidField("data", error.errors(include_url=False)[0]["msg"]) from None


def delete_order(books: Books, guid: str) -> None:
    books.find("orders", guid, "Order invoice")
    for invoice in order_invoices(books, guid):
        if invoice["status"] == "Saved":
            books.edit("invoices", invoice["guid"], "Invoice").update(
                status="Cancelled", updated_timestamp=books.stamp()
            )
    books.delete("orders", guid)


def order_invoices(books: Books, guid: str) -> list[dict]:
    return [invoice for invoice in books.table("invoices").values() if invoice.get("order_guid") == guid]


def invoices_from_order(books: Books, guid: str, limit: int | None, page: int | None) -> list[dict]:
    books.find("orders", guid, "Order invoice")
    return [invoices.render(row) for row in page_of(order_invoices(books, guid), limit, page)]
