"""Invoices: building one from `data` (customer, lines, totals, files), numbering, listing, and
the status lifecycle.

Everything is checked on a draft first; only a draft that passes every rule is committed, so a
refused request leaves no half-created customer or item behind.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.providers.konto.errors import (
    DRAFT_KENNITALA,
    DRAFT_NAME,
    AmountMismatch,
    DraftNotBooked,
    FileNotFound,
    InvalidField,
    InvalidTransition,
    KontoError,
    MissingField,
)
from mockserver.providers.konto.models import (
    ACCOUNTING_STATUSES,
    AccountingData,
    DraftInvoiceData,
    InvoiceData,
    InvoiceTerms,
)
from mockserver.providers.konto.rules import customers, items, totals
from mockserver.providers.konto.rules.books import (
    Books,
    changes,
    konto_date,
    money,
    number,
    page_of,
    status_filter,
)

DRAFT = "Draft"  # create-draft-invoice's: neither sent nor booked, and not numbered yet
# Which status an invoice may move to through update-invoice, declared once.
LIFECYCLE = {
    DRAFT: ("Saved", "Sent", "Paid", "Cancelled"),
    "Saved": ("Sent", "Paid", "Cancelled"),
    "Sent": ("Paid", "Cancelled"),
    "Paid": (),
    "Cancelled": (),
}
LINE_MONEY = ("unit_price", "total_excluding_vat", "total_vat", "total_including_vat", "total_discount")
INVOICE_MONEY = (
    "amount",
    "payment_fee",
    "discount_value",
    "total_excluding_vat",
    "total_vat",
    "total_discount",
)


class Draft:
    """An invoice that passed every check, with the customer and items it would also create."""

    def __init__(self, invoice: dict, new_customer: dict | None, new_items: list[dict]) -> None:
        self.invoice = invoice
        self.new_customer = new_customer
        self.new_items = new_items


def require(value, field: str):
    if value is None or value == "" or value == []:
        raise MissingField(field)
    return value


# -- lines and customers ----------------------------------------------------------------------


def resolve_line(books: Books, index: int, data, new_items: list[dict], reserved: set) -> dict:
    """One line: an existing item by guid brings its number, text, unit, price and VAT code."""
    where = f"items[{index}]"
    line = {
        "qty": str(require(data.qty, f"{where}.qty")),
        "discount": str(data.discount or 0),
        "discount_type": data.discount_type or 0,
    }
    if data.guid:
        item = books.find("items", data.guid, "Item")
        return {
            "guid": item["guid"],
            "item_number": item["item_number"],
            "description": item["description"],
            "uom": item["uom"],
            "tax": item["tax"],
            "unit_price": item["unit_price"],
            **line,
            "cost_price": item.get("cost_price", "0.00"),
        }
    fields = {
        name: require(getattr(data, name), f"{where}.{name}")
        for name in ("item_number", "description", "uom", "unit_price", "tax")
    }
    guid, cost = None, "0.00"
    if data.add_new:
        item = items.draft_item(books, reserved=reserved, **fields)
        new_items.append(item)
        guid, fields["item_number"] = item["guid"], item["item_number"]
    fields["unit_price"] = money(fields["unit_price"])
    return {"guid": guid, **fields, **line, "cost_price": cost}


def resolve_customer(books: Books, data) -> tuple[dict, dict | None]:
    """The invoice's customer: by guid, else by kennitala, else a new one from the given details."""
    require(data, "customer")
    if data.guid:
        return books.find("customers", data.guid, "Customer"), None
    registration_no = customers.kennitala(data.registration_no, "customer.registration_no")
    existing = customers.by_registration_no(books, registration_no)
    if existing is not None:
        return existing, None
    if not data.name:
        raise MissingField("customer.name")
    fresh = customers.draft_customer(books, data)
    return fresh, fresh


def file_ids(books: Books, text: str | None) -> list[int]:
    ids = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or part not in books.table("files"):
            raise FileNotFound(part)
        ids.append(int(part))
    return ids


# -- drafts -------------------------------------------------------------------------------------


def draft(
    books: Books,
    data: InvoiceTerms,
    customer: dict,
    new_customer: dict | None,
    *,
    issue: date,
    due: date,
    settlement: date,
    kind: str = "invoice",
    payment_fee: Decimal | None = None,
    priced_by_items: bool = False,
) -> Draft:
    """Check lines, dates, discounts and the amount; nothing is stored yet. `priced_by_items`
    (seeding only) takes the amount from the items instead of checking the one given."""
    if due < issue:
        raise InvalidField("due_date", f"{due} is before issue_date {issue}")
    if settlement < due:
        raise InvalidField("settlement_date", f"{settlement} is before due_date {due}")
    new_items: list[dict] = []
    reserved: set = set()
    lines = [
        resolve_line(books, i, line, new_items, reserved)
        for i, line in enumerate(require(data.items, "items"))
    ]
    discount_value = data.discount_value or Decimal(0)
    figures = totals.price(
        lines,
        discount_value=discount_value,
        discount_percent=data.discount_type == 1,
        tax_exempt=bool(customer.get("tax_exempt")),
    )
    amount = Decimal(figures["total_including_vat"]) if priced_by_items else require(data.amount, "amount")
    if round_half_up(amount) != Decimal(figures["total_including_vat"]):
        raise AmountMismatch(str(amount), figures["total_including_vat"])
    invoice = {
        **record(data, customer, figures, kind=kind),
        "issue_date": konto_date(issue),
        "due_date": konto_date(due),
        "settlement_date": konto_date(settlement),
        "items": lines,
        "discount_value": money(discount_value),
        "payment_fee": money(payment_fee or 0),
    }
    return Draft(invoice, new_customer, new_items)


def record(data: InvoiceTerms, customer: dict, figures: dict, *, kind: str) -> dict:
    """The stored invoice's fields that come straight from `data`, the customer and the totals."""
    return {
        "guid": None,
        "number": None,
        "amount": figures["total_including_vat"],
        "currency": require(data.currency, "currency"),
        "status": None,
        "description": data.description or "",
        "booking": data.booking or "",
        "cost_provide": data.cost_provide or "",
        "delivery_date": konto_date(data.delivery_date),
        "terms": data.terms or "",
        "type": kind,
        "refer_guid": None,
        "accounting_status": "Created",
        "accounting_message": "",
        "updated_timestamp": None,
        "customer": customers.invoice_view(customer),
        "trading_partner_id": data.trading_partner_id or customer.get("trading_partner_id") or "",
        "is_claim": bool(data.is_claim),
        "is_discount": bool(data.is_discount),
        "discount_type": data.discount_type or 0,
        "total_excluding_vat": figures["total_excluding_vat"],
        "total_vat": figures["total_vat"],
        "total_discount": figures["total_discount"],
        "order_reference": data.order_reference or "",
        "files": [],
        "order_guid": None,
        "recurring_guid": None,
    }


def draft_from_data(books: Books, data: InvoiceData, *, priced_by_items: bool = False) -> Draft:
    """The draft of create-invoice (and of a recurring invoice's template)."""
    issue = require(data.issue_date, "issue_date")
    due = require(data.due_date, "due_date")
    settlement = require(data.settlement_date, "settlement_date")
    kind = require(data.type, "type")
    customer, new_customer = resolve_customer(books, data.customer)
    result = draft(
        books,
        data,
        customer,
        new_customer,
        issue=issue,
        due=due,
        settlement=settlement,
        kind=kind,
        payment_fee=data.payment_fee,
        priced_by_items=priced_by_items,
    )
    if data.refer_guid:
        books.find("invoices", data.refer_guid, "Invoice")
        result.invoice["refer_guid"] = data.refer_guid
    result.invoice["files"] = file_ids(books, data.files)
    return result


def initial_status(data) -> str:
    if data.mark_paid:
        return "Paid"
    return "Saved" if getattr(data, "save", None) else "Sent"


def commit(books: Books, ready: Draft, status: str) -> dict:
    """Store the draft's customer, items and invoice; the invoice gets its guid and number."""
    if ready.new_customer is not None:
        customers.store_customer(books, ready.new_customer)
    for item in ready.new_items:
        books.put("items", item)
    return issue(books, ready.invoice, status)


def issue(books: Books, template: dict, status: str) -> dict:
    invoice = {
        **template,
        "items": [dict(line) for line in template["items"]],
        "files": list(template["files"]),
    }
    invoice.update(
        guid=books.new_guid("invoices"),
        number=None if status == DRAFT else str(books.next_counter("invoice_number")),
        status=status,
        updated_timestamp=books.stamp(),
    )
    return books.put("invoices", invoice)


def create_invoice(books: Books, data: InvoiceData) -> dict:
    return commit(books, draft_from_data(books, data), initial_status(data))


def draft_customer_of(books: Books, data) -> tuple[dict, dict | None]:
    """A draft's customer. Konto checks the customer object itself, a guid or not: a valid
    registration_no, then a name; then the customer is the guid's, else the one with that
    kennitala, else a new one from the details."""
    try:
        registration_no = customers.kennitala(data.registration_no if data else None)
    except KontoError:
        raise KontoError(DRAFT_KENNITALA) from None
    if not (data.name or "").strip():
        raise KontoError(DRAFT_NAME)
    if data.guid:
        return books.find("customers", data.guid, "Customer"), None
    existing = customers.by_registration_no(books, registration_no)
    if existing is not None:
        return existing, None
    fresh = customers.draft_customer(books, data)
    return fresh, fresh


def create_draft(books: Books, data: DraftInvoiceData) -> dict:
    """A Draft: checked like an invoice but priced from its lines (its `amount` is not held
    against them), not numbered, not sent, and every date defaulted from today and the
    customer's terms."""
    customer, new_customer = draft_customer_of(books, data.customer)
    issue_on = data.issue_date or books.today
    due = data.due_date or issue_on + timedelta(days=customer.get("due_date") or 0)
    settlement = data.settlement_date or max(
        due, issue_on + timedelta(days=customer.get("settlement_date") or 0)
    )
    ready = draft(
        books,
        data,
        customer,
        new_customer,
        issue=issue_on,
        due=due,
        settlement=settlement,
        kind=data.type or "invoice",
        payment_fee=data.payment_fee,
        priced_by_items=True,
    )
    if data.refer_guid:
        books.find("invoices", data.refer_guid, "Invoice")
        ready.invoice["refer_guid"] = data.refer_guid
    ready.invoice["files"] = file_ids(books, data.files)
    return commit(books, ready, DRAFT)


# -- reading and updating ------------------------------------------------------------------------


def render_line(line: dict) -> dict:
    shown = {key: value for key, value in line.items() if key != "cost_price"}
    shown["qty"] = number(line["qty"])
    shown["discount"] = number(line["discount"])
    for key in LINE_MONEY:
        shown[key] = number(line[key])
    return shown


def render(invoice: dict) -> dict:
    shown = dict(invoice)
    for key in INVOICE_MONEY:
        shown[key] = number(invoice[key])
    shown["items"] = [render_line(line) for line in invoice["items"]]
    shown["customer"] = dict(invoice["customer"])
    shown["files"] = list(invoice["files"])
    return shown


def filtered(books: Books, accounting_status: str | None) -> list[dict]:
    wanted = status_filter(accounting_status, ACCOUNTING_STATUSES)
    rows = list(books.table("invoices").values())
    return rows if wanted is None else [row for row in rows if row["accounting_status"] in wanted]


def list_invoices(books: Books, accounting_status: str | None, limit: int | None, page: int | None) -> list:
    return [render(row) for row in page_of(filtered(books, accounting_status), limit, page)]


def count_invoices(books: Books, accounting_status: str | None) -> int:
    return len(filtered(books, accounting_status))


def get_invoice(books: Books, guid: str) -> dict:
    return render(books.find("invoices", guid, "Invoice"))


def update_invoice(books: Books, guid: str, data: AccountingData) -> str:
    """Accounting status and message, and the status moves the lifecycle allows."""
    stored = books.find("invoices", guid, "Invoice")
    given = changes(data, ("accounting_status", "accounting_message", "status"))
    target = given.get("status")
    if target is not None and target != stored["status"] and target not in LIFECYCLE[stored["status"]]:
        raise InvalidTransition(stored["number"] or guid, stored["status"], target)
    if stored["status"] == DRAFT and target is None and given.get("accounting_status") == "Posted":
        raise DraftNotBooked(guid)
    invoice = books.edit("invoices", guid, "Invoice")
    if given.get("accounting_status"):
        invoice["accounting_status"] = given["accounting_status"]
    if "accounting_message" in given:
        invoice["accounting_message"] = given["accounting_message"] or ""
    if target is not None:
        invoice["status"] = target
        # An issued draft takes the next number, as every invoice gets one when it is issued.
        if invoice["number"] is None and target != "Cancelled":
            invoice["number"] = str(books.next_counter("invoice_number"))
    invoice["updated_timestamp"] = books.stamp()
    return guid


def outbound(invoice: dict, customer: dict | None) -> list[dict]:
    """What Konto sends when an invoice goes out: an e-mail unless the customer is print-only,
    and an e-invoice (XML) to the trading partner when the customer asks for one."""
    if invoice["status"] != "Sent" or customer is None:
        return []
    messages = []
    if customer.get("output_select") != "4" and customer.get("email"):
        messages.append(
            {
                "channel": "email",
                "to": customer["email"],
                "invoice": invoice["number"],
                "amount": invoice["amount"],
                "currency": invoice["currency"],
            }
        )
    if customer.get("output_select") == "2":
        messages.append(
            {
                "channel": "e-invoice",
                "to": invoice["trading_partner_id"] or customer.get("trading_partner_id"),
                "invoice": invoice["number"],
            }
        )
    return messages
