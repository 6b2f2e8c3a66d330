"""Regtech's state and rules: access tokens, invoices and what their recipients do.

State (JSON-ready, one dict per workspace):
- `tokens`: access token -> {issuedAt, expiresAt}; a token lives 3600 s of the workspace clock.
- `invoices`: customInvoiceId -> the stored invoice with its lifecycle instants
  (`createdAt`, `sentAt`, `deliveredAt`, `openedAt`, `paidAt`; null until they happen).
- `views`: view id (the last part of `invoiceUrl`) -> customInvoiceId.
- `pending`: ids of sent invoices the recipient may still act on, so the clock only looks at those.
- `behaviour`: the recipient behaviour, ISO 8601 durations or null for "never".
- `sequence`: numbers the customInvoiceIds the sandbox gives invoices sent without one.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from mockserver.core.clock import add_duration, format_instant, parse_instant
from mockserver.core.money import to_decimal
from mockserver.providers.regtech import errors
from mockserver.providers.regtech.models import Invoice

CENT = Decimal("0.01")
TOKEN_LIFETIME = 3600
DEFAULT_BEHAVIOUR = {"deliver_after": "PT0S", "open_after": None, "pay_after": None}

# The lifecycle as data: each event happens its behaviour's delay after the one before it.
LIFECYCLE = (
    ("deliveredAt", "sentAt", "deliver_after"),
    ("openedAt", "deliveredAt", "open_after"),
    ("paidAt", "openedAt", "pay_after"),
)
EVENTS = {
    "delivered": ("deliveredAt",),
    "opened": ("deliveredAt", "openedAt"),
    "paid": ("deliveredAt", "paidAt"),
}


def empty_state() -> dict:
    return {
        "tokens": {},
        "invoices": {},
        "views": {},
        "pending": [],
        "behaviour": dict(DEFAULT_BEHAVIOUR),
        "sequence": 0,
    }


# -- tokens -------------------------------------------------------------------------------------


def issue_token(state: dict, route_key: str, now: datetime) -> str:
    """A new access token. Tokens a day past expiry are forgotten so the table stays small; until
    then a client using one is told it expired rather than that it is unknown."""
    horizon = now - timedelta(days=1)
    state["tokens"] = {
        token: held for token, held in state["tokens"].items() if parse_instant(held["expiresAt"]) > horizon
    }
    token = f"{route_key}.{secrets.token_urlsafe(24)}"
    state["tokens"][token] = {
        "issuedAt": format_instant(now),
        "expiresAt": format_instant(now + timedelta(seconds=TOKEN_LIFETIME)),
    }
    return token


def check_token(state: dict, token: str | None, now: datetime) -> None:
    """Raise the 401 a request with this bearer token gets, if any."""
    if token is None:
        raise errors.MissingToken
    held = state["tokens"].get(token)
    if held is None:
        raise errors.Unauthorized
    if now >= parse_instant(held["expiresAt"]):
        raise errors.ExpiredToken


# -- invoices -----------------------------------------------------------------------------------


def create_invoice(state: dict, invoice: Invoice, now: datetime) -> dict:
    """Store a validated invoice and, unless smsDetails.createOnly, send it."""
    invoice_id = invoice.invoiceDetails.customInvoiceId or _next_id(state)
    if invoice_id in state["invoices"]:
        raise errors.DuplicateInvoice(invoice_id)
    view_id = secrets.token_urlsafe(12)
    record = {
        "customInvoiceId": invoice_id,
        "viewId": view_id,
        "createdAt": format_instant(now),
        "sentAt": None,
        "deliveredAt": None,
        "openedAt": None,
        "paidAt": None,
        "invoice": stored_invoice(invoice),
    }
    state["invoices"][invoice_id] = record
    state["views"][view_id] = invoice_id
    if not invoice.create_only:
        _send(state, record, now)
    return record


def _next_id(state: dict) -> str:
    while True:
        state["sequence"] += 1
        invoice_id = f"RT{state['sequence']:06d}"
        if invoice_id not in state["invoices"]:
            return invoice_id


def stored_invoice(invoice: Invoice) -> dict:
    """The invoice as sent, JSON-ready, with its amounts as decimal strings."""
    data = invoice.model_dump(mode="json", exclude_none=True)
    details = data["invoiceDetails"]
    details["total"] = _amount(details["total"], CENT)
    for row in details["invoiceRows"]:
        for name, places in (
            ("quantity", None),
            ("unitPrice", CENT),
            ("discount", None),
            ("priceNoVat", CENT),
            ("vatPerc", None),
            ("price", CENT),
        ):
            if name in row:
                row[name] = _amount(row[name], places)
    return data


def _amount(value: float, places: Decimal | None) -> str:
    """A JSON number as a plain decimal string: prices with at least cents, others as written."""
    number = to_decimal(value)
    if places is not None and number.as_tuple().exponent > places.as_tuple().exponent:
        number = number.quantize(places)
    elif places is None and number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format(number, "f")


def find_invoice(state: dict, invoice_id: str) -> dict:
    record = state["invoices"].get(invoice_id)
    if record is None:
        raise errors.InvoiceNotFound(invoice_id)
    return record


def send_invoice(state: dict, invoice_id: str, now: datetime) -> dict:
    """Send an invoice created with createOnly; sending twice is refused."""
    record = find_invoice(state, invoice_id)
    if record["sentAt"] is not None:
        raise errors.AlreadySent(invoice_id)
    _send(state, record, now)
    return record


def _send(state: dict, record: dict, now: datetime) -> None:
    record["sentAt"] = format_instant(now)
    state["pending"].append(record["customInvoiceId"])
    catch_up(state, now)


def invoice_status(record: dict) -> dict:
    """The status the API answers: a key per event that has happened, as its date."""
    return {name: record[name][:10] for name in ("deliveredAt", "openedAt", "paidAt") if record[name]}


def lifecycle(record: dict) -> dict:
    """The full instants, as the control plane shows them."""
    return {
        name: record[name]
        for name in ("customInvoiceId", "createdAt", "sentAt", "deliveredAt", "openedAt", "paidAt")
    }


def is_credit(record: dict) -> bool:
    return record["invoice"]["invoiceDetails"]["invoiceType"] == "1"


# -- what recipients do -------------------------------------------------------------------------


def catch_up(state: dict, now: datetime) -> None:
    """Let the recipient behaviour act on every pending invoice up to `now`. Each event is dated
    when it became due, not when the clock was looked at, so jumping the clock by three days
    gives the same dates as living through them."""
    if not state["pending"]:
        return
    behaviour = state["behaviour"]
    still = []
    for invoice_id in state["pending"]:
        record = state["invoices"].get(invoice_id)
        if record is None:
            continue
        for event, after, setting in LIFECYCLE:
            if record[event] is None and not _happen(record, event, after, behaviour[setting], now):
                break
        if not settled(record):
            still.append(invoice_id)
    state["pending"] = still


def _happen(record: dict, event: str, after: str, delay: str | None, now: datetime) -> bool:
    if delay is None or record[after] is None or (event == "paidAt" and is_credit(record)):
        return False
    due = add_duration(parse_instant(record[after]), delay)
    if due > now:
        return False
    record[event] = format_instant(due)
    return True


def settled(record: dict) -> bool:
    return record["paidAt"] is not None or (is_credit(record) and record["openedAt"] is not None)


def record_event(state: dict, invoice_id: str, event: str, now: datetime) -> dict:
    """What the recipient did, told by the control plane. Events that already happened keep
    their first date; opening and paying imply delivery."""
    record = find_invoice(state, invoice_id)
    if record["sentAt"] is None:
        raise errors.EventRefused(errors.NOT_SENT.format(id=invoice_id))
    if event == "paid" and is_credit(record):
        raise errors.EventRefused(errors.CREDIT_NOT_PAID.format(id=invoice_id))
    moment = format_instant(now)
    for name in EVENTS[event]:
        record[name] = record[name] or moment
    if settled(record) and invoice_id in state["pending"]:
        state["pending"].remove(invoice_id)
    return record


def open_view(state: dict, view_id: str, now: datetime) -> dict | None:
    """The invoice behind an invoiceUrl. Viewing a sent invoice is the recipient opening it;
    the sender previewing one not sent yet is not."""
    invoice_id = state["views"].get(view_id)
    record = state["invoices"].get(invoice_id) if invoice_id else None
    if record is not None and record["sentAt"] is not None and record["openedAt"] is None:
        record_event(state, invoice_id, "opened", now)
    return record


# -- recipient behaviour ------------------------------------------------------------------------


def set_behaviour(state: dict, changes: object, now: datetime) -> dict:
    """Change the given settings (the others keep theirs); validated whole before any change."""
    if not isinstance(changes, dict):
        raise errors.ValidationFailed([("body", 'must be an object such as {"open_after": "PT2H"}')])
    problems = [
        (name, "is not a setting; use deliver_after, open_after or pay_after")
        for name in changes
        if name not in DEFAULT_BEHAVIOUR
    ]
    problems += [
        (name, problem)
        for name, value in changes.items()
        if name in DEFAULT_BEHAVIOUR
        for problem in [_duration_problem(value, now)]
        if problem
    ]
    if problems:
        raise errors.ValidationFailed(problems)
    state["behaviour"].update(changes)
    catch_up(state, now)
    return state["behaviour"]


def _duration_problem(value: object, now: datetime) -> str | None:
    if value is None:
        return None
    try:
        if isinstance(value, str) and add_duration(now, value) >= now:
            return None
    except ValueError:
        pass
    return "must be a non-negative ISO 8601 duration such as PT2H or P3D, or null for never"
