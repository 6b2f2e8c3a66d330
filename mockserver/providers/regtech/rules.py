"""Regtech's state and rules: access tokens, invoices and what their recipients do.

State, in the workspace's core `Store` (every write through it, so a refused request leaves
nothing and forks share what they have not written):
- table `tokens`: {token, issuedAt, expiresAt}, found by the token (a unique index); a token
  lives 3600 s of the workspace clock.
- table `invoices`, by customInvoiceId (unique): the stored invoice with its lifecycle instants
  (`createdAt`, `sentAt`, `deliveredAt`, `openedAt`, `paidAt`; null until they happen).
- table `views`, by view id (the last part of `invoiceUrl`): {customInvoiceId}.
- table `pending`, by customInvoiceId: sent invoices the recipient may still act on, so the clock
  only looks at those.
- value `behaviour`: the recipient behaviour, ISO 8601 durations or null for "never".
- counter `customInvoiceId`: numbers the ids the sandbox gives invoices sent without one.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from mockserver.core.clock import add_duration, format_instant, parse_instant
from mockserver.core.money import to_decimal
from mockserver.core.store import Store
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


UNIQUE = {"invoices": ("customInvoiceId",), "tokens": ("token",)}


def empty_state() -> dict:
    return {
        "tables": {"tokens": {}, "invoices": {}, "views": {}, "pending": {}},
        "counters": {},
        "behaviour": dict(DEFAULT_BEHAVIOUR),
    }


# -- tokens -------------------------------------------------------------------------------------


def issue_token(store: Store, route_key: str, now: datetime) -> str:
    """A new access token. Tokens a day past expiry are forgotten so the table stays small; until
    then a client using one is told it expired rather than that it is unknown. The table is in
    the order tokens were issued, so the stale ones lead it and pruning stops at the first live
    one (after the clock was set back, a stale token behind it waits for a later issue)."""
    horizon = now - timedelta(days=1)
    stale = []
    for key, held in store.table("tokens").items():
        if parse_instant(held["expiresAt"]) > horizon:
            break
        stale.append(key)
    for key in stale:
        store.delete("tokens", key)
    token = f"{route_key}.{secrets.token_urlsafe(24)}"
    store.insert(
        "tokens",
        {
            "token": token,
            "issuedAt": format_instant(now),
            "expiresAt": format_instant(now + timedelta(seconds=TOKEN_LIFETIME)),
        },
    )
    return token


def check_token(store: Store, token: str | None, now: datetime) -> None:
    """Raise the 401 a request with this bearer token gets, if any."""
    if token is None:
        raise errors.MissingToken
    held = store.find("tokens", "token", token)
    if held is None:
        raise errors.Unauthorized
    if now >= parse_instant(held["expiresAt"]):
        raise errors.ExpiredToken


# -- invoices -----------------------------------------------------------------------------------


def create_invoice(store: Store, invoice: Invoice, now: datetime) -> dict:
    """Store a validated invoice and, unless smsDetails.createOnly, send it."""
    invoice_id = invoice.invoiceDetails.customInvoiceId or _next_id(store)
    if store.taken("invoices", "customInvoiceId", invoice_id):
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
    store.put("invoices", invoice_id, record)
    store.put("views", view_id, {"customInvoiceId": invoice_id})
    if not invoice.create_only:
        record = _send(store, record, now)
    return record


def _next_id(store: Store) -> str:
    while True:
        invoice_id = f"RT{store.next('customInvoiceId'):06d}"
        if not store.taken("invoices", "customInvoiceId", invoice_id):
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


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int), "finite: to_decimal refuses NaN and infinities"
    return exponent


def _amount(value: float, places: Decimal | None) -> str:
    """A JSON number as a plain decimal string: prices with at least cents, others as written."""
    number = to_decimal(value)
    if places is not None and _exponent(number) > _exponent(places):
        number = number.quantize(places)
    elif places is None and number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format(number, "f")


def find_invoice(store: Store, invoice_id: str) -> dict:
    record = store.get("invoices", invoice_id)
    if record is None:
        raise errors.InvoiceNotFound(invoice_id)
    return record


def send_invoice(store: Store, invoice_id: str, now: datetime) -> dict:
    """Send an invoice created with createOnly; sending twice is refused."""
    record = find_invoice(store, invoice_id)
    if record["sentAt"] is not None:
        raise errors.AlreadySent(invoice_id)
    return _send(store, record, now)


def _send(store: Store, record: dict, now: datetime) -> dict:
    invoice_id = record["customInvoiceId"]
    _change(store, record, {"sentAt": format_instant(now)})
    store.put("pending", invoice_id, {"customInvoiceId": invoice_id})
    catch_up(store, now)
    return find_invoice(store, invoice_id)


def _change(store: Store, record: dict, changes: dict) -> dict:
    """The record with `changes`, stored in its place (stored documents are never changed where
    they lie: a fork may share them). Only top-level instants change, so a shallow copy does."""
    changed = {**record, **changes}
    store.put("invoices", record["customInvoiceId"], changed)
    return changed


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


def catch_up(store: Store, now: datetime) -> None:
    """Let the recipient behaviour act on every pending invoice up to `now`. Each event is dated
    when it became due, not when the clock was looked at, so jumping the clock by three days
    gives the same dates as living through them."""
    pending = store.table("pending")
    if not pending:
        return
    behaviour = store.value("behaviour", DEFAULT_BEHAVIOUR)
    for invoice_id in list(pending):
        record = store.get("invoices", invoice_id)
        if record is None:
            store.delete("pending", invoice_id)
            continue
        changes: dict = {}
        for event, after, setting in LIFECYCLE:
            if record[event] is not None:
                continue
            due = _due({**record, **changes}, event, after, behaviour[setting], now)
            if due is None:
                break
            changes[event] = due
        if changes:
            record = _change(store, record, changes)
        if settled(record):
            store.delete("pending", invoice_id)


def _due(record: dict, event: str, after: str, delay: str | None, now: datetime) -> str | None:
    """When `event` happened, if it is due by `now`."""
    if delay is None or record[after] is None or (event == "paidAt" and is_credit(record)):
        return None
    due = add_duration(parse_instant(record[after]), delay)
    return None if due > now else format_instant(due)


def settled(record: dict) -> bool:
    return record["paidAt"] is not None or (is_credit(record) and record["openedAt"] is not None)


def record_event(store: Store, invoice_id: str, event: str, now: datetime) -> dict:
    """What the recipient did, told by the control plane. Events that already happened keep
    their first date; opening and paying imply delivery."""
    record = find_invoice(store, invoice_id)
    if record["sentAt"] is None:
        raise errors.EventRefused(errors.NOT_SENT.format(id=invoice_id))
    if event == "paid" and is_credit(record):
        raise errors.EventRefused(errors.CREDIT_NOT_PAID.format(id=invoice_id))
    moment = format_instant(now)
    record = _change(store, record, {name: record[name] or moment for name in EVENTS[event]})
    if settled(record) and store.get("pending", invoice_id) is not None:
        store.delete("pending", invoice_id)
    return record


def viewed(store: Store, view_id: str) -> dict | None:
    """The invoice behind an invoiceUrl, if the link is one of ours."""
    view = store.get("views", view_id)
    return store.get("invoices", view["customInvoiceId"]) if view else None


def open_view(store: Store, view_id: str, now: datetime) -> dict | None:
    """The invoice behind an invoiceUrl. Viewing a sent invoice is the recipient opening it;
    the sender previewing one not sent yet is not."""
    record = viewed(store, view_id)
    if record is not None and record["sentAt"] is not None and record["openedAt"] is None:
        record = record_event(store, record["customInvoiceId"], "opened", now)
    return record


# -- recipient behaviour ------------------------------------------------------------------------


def set_behaviour(store: Store, changes: object, now: datetime) -> dict:
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
    behaviour = {**store.value("behaviour", DEFAULT_BEHAVIOUR), **changes}
    store.set_value("behaviour", behaviour)
    catch_up(store, now)
    return behaviour


def _duration_problem(value: object, now: datetime) -> str | None:
    if value is None:
        return None
    try:
        if isinstance(value, str) and add_duration(now, value) >= now:
            return None
    except ValueError:
        pass
    return "must be a non-negative ISO 8601 duration such as PT2H or P3D, or null for never"
