"""Invoices: rows, totals in Decimal, the client's address copied in, numbering, sending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.fakturan.errors import NO_RECIPIENT, NotFound, Refused
from mockserver.providers.fakturan.models import InvoiceInput, RowInput, SendInput
from mockserver.providers.fakturan.rules import clients
from mockserver.providers.fakturan.rules.common import (
    Errors,
    format_zip,
    next_number,
    note_number,
    parse_date,
    ruby_decimal,
)
from mockserver.providers.fakturan.rules.listing import Page, Resource, by_number, listing

_ROW_TEXT_FIELDS = ("text", "product_name", "product_unit")
_ROW_FIELDS = tuple(name for name in RowInput.model_fields if name not in ("id", "destroy"))
KRONA = Decimal(1)
INVOICE_MUST_CONTAIN_ROWS = "Invoice_must_contain_rows"
# What "auto" sends by, from the client's invoice_delivery_method.
_AUTO_METHOD = {"email": "email", "email_and_sms": "email", "letter": "letter", "e_invoice": "e_invoice"}


def get(store: Store, invoice_id) -> dict:
    invoice = store.get("invoices", invoice_id)
    if invoice is None:
        raise NotFound
    return invoice


def create(store: Store, data: InvoiceInput, errors: Errors, today: date) -> dict:
    """Validate the whole invoice (and its new client, if nested) before storing anything."""
    account = store.value("account")
    client, new_client = None, None
    if data.client_id:
        client = store.get("clients", data.client_id)
    elif data.client is not None:
        new_client = clients.validate(store, data.client, errors, prefix="client.")
    if client is None and new_client is None:
        errors.add("client_id", "blank")
    owner = client or new_client or {}
    settings = owner.get("settings", {})
    invoice = {
        "number": data.number or next_number(store, "invoices"),
        "date": _date(data.date, today, errors),
        "client_id": owner.get("id", 0),
        "days": data.days if data.days is not None else settings.get("invoice_days", account["invoice_days"]),
        "our_reference": data.our_reference or "",
        "your_reference": data.your_reference or "",
        "sent": False,
        "paid_at": None,
        "locale": data.locale or settings.get("locale", account["locale"]),
        # The provider's own example bills "Google Inc" (client currency USD) in SEK: API invoices
        # take the account's currency unless one is given.
        "currency": (data.currency or account["currency"]).upper(),
        "settings": {
            "invoice_template": settings.get("invoice_template", account["invoice_template"]),
            "prices_inc_tax": settings.get("prices_inc_tax", "no"),
            "show_product_code": settings.get("show_product_code", False),
        },
        "address": address_of(owner) if owner else {},
        "rows": [],
        "deliveries": [],
    }
    _apply_settings(invoice, data)
    _check_number(store, invoice, errors)
    rows = [_new_row(store, row, index, errors, settings) for index, row in enumerate(data.rows or [])]
    if not rows:
        errors.add("base", INVOICE_MUST_CONTAIN_ROWS)
    errors.raise_if_any()
    if new_client is not None:
        client = clients.insert(store, new_client)
        invoice["client_id"] = client["id"]
        invoice["address"] = address_of(client)
    for row in rows:
        row["id"] = store.next("rows")
    invoice["rows"] = rows
    note_number(store, "invoices", invoice["number"])
    return store.insert("invoices", invoice)


def update(store: Store, invoice_id, data: InvoiceInput, errors: Errors, today: date) -> None:
    """Change fields and rows by id; rows without an id are added, `_destroy` drops one."""
    current = get(store, invoice_id)
    given = data.model_dump(exclude_unset=True, exclude={"rows", "client", "settings", "date", "client_id"})
    invoice = {
        **current,
        **{k: v for k, v in given.items() if v is not None},
        "settings": dict(current["settings"]),
        "rows": [dict(row) for row in current["rows"]],
    }
    if "date" in data.model_fields_set and data.date:
        invoice["date"] = _date(data.date, today, errors)
    if data.client_id is not None and data.client_id != current["client_id"]:
        client = store.get("clients", data.client_id)
        if client is None:
            errors.add("client_id", "blank")
        else:
            invoice["client_id"], invoice["address"] = client["id"], address_of(client)
    if data.currency:
        invoice["currency"] = data.currency.upper()
    _apply_settings(invoice, data)
    _check_number(store, invoice, errors)
    client_settings = (store.get("clients", invoice["client_id"]) or {}).get("settings", {})
    added: list[dict] = []
    for index, row_input in enumerate(data.rows or []):
        if row_input.id is None:
            added.append(
                _new_row(store, row_input, len(invoice["rows"]) + len(added), errors, client_settings)
            )
            continue
        position = next((i for i, row in enumerate(invoice["rows"]) if row["id"] == row_input.id), None)
        if position is None:
            raise NotFound  # Rails' nested attributes answer an unknown row id with RecordNotFound
        if row_input.destroy:
            invoice["rows"][position] = None
        else:
            invoice["rows"][position] = _update_row(
                store, invoice["rows"][position], row_input, index, errors
            )
    errors.raise_if_any()
    for row in added:
        row["id"] = store.next("rows")
    invoice["rows"] = [row for row in invoice["rows"] if row is not None] + added
    note_number(store, "invoices", invoice["number"])
    store.put("invoices", current["id"], invoice)


def _date(text: str | None, today: date, errors: Errors) -> str:
    if not text:
        return today.isoformat()
    parsed = parse_date(text)
    if parsed is None:
        errors.add("date", "invalid")
        return today.isoformat()
    return parsed.isoformat()


def _apply_settings(invoice: dict, data: InvoiceInput) -> None:
    if data.settings is not None:
        invoice["settings"].update(data.settings.model_dump(exclude_unset=True, exclude_none=True))


def _check_number(store: Store, invoice: dict, errors: Errors) -> None:
    if store.taken("invoices", "number", invoice["number"], besides=invoice.get("id")):
        errors.add("number", "taken", value=invoice["number"])


def address_of(client: dict) -> dict:
    """The invoice's address: the client's, named and with a Swedish postal code as NNN NN."""
    address = client["address"]
    return {
        "name": clients.display_name(client),
        "street_address": address["street_address"],
        "care_of": address["care_of"],
        "zip_code": format_zip(address["zip_code"], address["country"]),
        "city": address["city"],
        "country": address["country"],
    }


def _new_row(store: Store, data: RowInput, index: int, errors: Errors, client_settings: dict) -> dict:
    row = {
        "id": None,
        "product_id": 0,
        "discount": "0",
        "amount": "0",
        "text": "",
        "product_code": None,
        "product_name": "",
        "product_unit": "",
        "product_price": "0",
        "product_tax": client_settings.get("tax", store.value("account")["tax"]),
        "text_row": False,
        "sort_order": index,
        "tax_deductible": False,
    }
    return _update_row(store, row, data, index, errors)


def _update_row(store: Store, row: dict, data: RowInput, index: int, errors: Errors) -> dict:
    """`row` (the invoice's own copy: a new row, or one copied from the stored invoice) with
    what the client sent."""
    sent = data.model_fields_set  # what the client gave, in the model's order (model_dump costs more)
    given = {name: getattr(data, name) for name in _ROW_FIELDS if name in sent}
    if given.get("product_id"):
        product = store.get("products", given["product_id"])
        if product is None:
            errors.add_row(index, "product_id", "invalid")
        else:
            row.update(
                {
                    "product_id": product["id"],
                    "product_code": product["product_code"],
                    "product_name": product["name"],
                    "product_unit": product["unit"],
                    "product_price": product["price"],
                    "product_tax": product["tax"],
                }
            )
    for key, value in given.items():
        if key == "product_id":
            continue
        if key in ("discount", "amount", "product_price"):
            row[key] = str(value if value is not None else 0)
        elif key in _ROW_TEXT_FIELDS:
            row[key] = value or ""
        elif value is not None or key == "product_code":
            row[key] = value
    if row["text_row"]:
        row.update({"amount": "0", "product_price": "0", "product_tax": 0})
    return row


def totals(invoice: dict) -> dict:
    """Net, tax per rate and sum, each rate's tax rounded to öre; text rows count zero."""
    inclusive = invoice["settings"]["prices_inc_tax"] == "yes"
    net = Decimal(0)
    tax_by_rate: dict[object, Decimal] = {}
    for row in invoice["rows"]:
        if row["text_row"]:
            continue
        rate = Decimal(row["product_tax"])
        base = Decimal(row["amount"]) * Decimal(row["product_price"]) * (100 - Decimal(row["discount"])) / 100
        row_net = base * 100 / (100 + rate) if inclusive else base
        row_tax = base - row_net if inclusive else row_net * rate / 100
        net += row_net
        tax_by_rate[row["product_tax"]] = tax_by_rate.get(row["product_tax"], Decimal(0)) + row_tax
    taxes = {str(rate): round_half_up(amount) for rate, amount in tax_by_rate.items()}
    net = round_half_up(net)
    tax = sum(taxes.values(), Decimal(0))
    # Öresavrundning: the total is whole kronor (half up); net and tax keep their öre.
    return {"sum": round_half_up(net + tax, KRONA), "net": net, "tax": tax, "tax_details": taxes}


def render(invoice: dict) -> dict:
    money = totals(invoice)
    # The top level written out, not merged from a comprehension: a page of invoices runs this
    # for each one.
    return {
        "id": invoice["id"],
        "number": invoice["number"],
        "date": invoice["date"],
        "client_id": invoice["client_id"],
        "days": invoice["days"],
        "our_reference": invoice["our_reference"],
        "your_reference": invoice["your_reference"],
        "sent": invoice["sent"],
        "paid_at": invoice["paid_at"],
        "locale": invoice["locale"],
        "currency": invoice["currency"],
        "settings": dict(invoice["settings"]),
        "sum": ruby_decimal(money["sum"]),
        "net": ruby_decimal(money["net"]),
        "tax": ruby_decimal(money["tax"]),
        "tax_details": {rate: ruby_decimal(value) for rate, value in money["tax_details"].items()},
        "address": dict(invoice["address"]),
        "rows": [_render_row(row) for row in sorted(invoice["rows"], key=_sort_order)],
    }


def _sort_order(row: dict) -> int:
    return row["sort_order"]


def _render_row(row: dict) -> dict:
    return {
        **row,
        "discount": ruby_decimal(row["discount"]),
        "amount": ruby_decimal(row["amount"]),
        "product_price": ruby_decimal(row["product_price"]),
    }


def matches(invoice: dict, filters: dict) -> bool:
    if "number" in filters and str(invoice["number"]) != filters["number"]:
        return False
    if "client_id" in filters and str(invoice["client_id"]) != filters["client_id"]:
        return False
    if "start_date" in filters and invoice["date"] < filters["start_date"]:
        return False
    return not ("end_date" in filters and invoice["date"] > filters["end_date"])


def send(store: Store, invoice_id, data: SendInput, today: date) -> dict:
    """Mark the invoice sent and describe what would have gone out; the sandbox sends nothing."""
    invoice = get(store, invoice_id)
    client = clients.get(store, invoice["client_id"])
    method: str = data.delivery_method or "auto"
    if method == "auto":
        method = _AUTO_METHOD[client["settings"]["invoice_delivery_method"]]
    address = invoice["address"]
    if method == "email":
        recipient = client["email"]
    elif method == "letter":
        complete = address["street_address"] and address["zip_code"] and address["city"]
        recipient = (
            f"{address['name']}, {address['street_address']}, {address['zip_code']} {address['city']}"
            if complete
            else ""
        )
    else:
        recipient = client.get("gln") or client["org_number"]
    if not recipient:
        raise Refused(NO_RECIPIENT)
    delivery = {
        "method": method,
        "to": recipient,
        "at": today.isoformat(),
        "reminder": bool(data.as_reminder),
        "invoice_number": invoice["number"],
        "sum": ruby_decimal(totals(invoice)["sum"]),
        "currency": invoice["currency"],
    }
    store.put(
        "invoices",
        invoice["id"],
        {**invoice, "sent": True, "deliveries": [*invoice.get("deliveries", []), delivery]},
    )
    return delivery


RESOURCE = Resource(
    "invoices",
    render,
    matches,
    filters=("number", "client_id", "start_date", "end_date"),
    sorts={"number": lambda invoice: invoice["number"], "date": lambda invoice: invoice["date"]},
    narrow=lambda store, filters: (
        _by_client(store, filters) if "client_id" in filters else by_number("invoices")(store, filters)
    ),
)


def _by_client(store: Store, filters: dict) -> list[dict] | None:
    given = filters.get("client_id", "")
    return store.where("invoices", "client_id", int(given)) if given.isascii() and given.isdigit() else None


# -- operations ----------------------------------------------------------------------------------


def list_invoices(call: Call, query: list) -> Page:
    return listing(call, RESOURCE, query)


def show_invoice(call: Call, id: int) -> dict:
    return render(get(call.store, id))


def create_invoice(call: Call, data: InvoiceInput, errors: Errors) -> dict:
    return render(create(call.store, data, errors, call.today()))


def update_invoice(call: Call, id: int, data: InvoiceInput, errors: Errors) -> None:
    update(call.store, id, data, errors, call.today())


def send_invoice(call: Call, id: int, data: SendInput, errors: Errors) -> dict:
    get(call.store, id)
    errors.raise_if_any()
    delivery = send(call.store, id, data, call.today())
    call.send({"provider": "fakturan", **delivery})
    return render(get(call.store, id))
