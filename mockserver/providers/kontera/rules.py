"""What the sandbox does with Kontera's state: exports, one transaction, booking, base data.

Pure functions over the provider's `Store`; the HTTP layer only reads the request into their
arguments. Exports show, for the chosen accounting method, every transaction with an entry dated
inside the window, and of it only the entries inside the window: consecutive windows never
export an entry twice, and each entry balances on its own.
"""

from __future__ import annotations

import base64
import random
from datetime import date, datetime
from typing import Any

from mockserver.core.clock import format_instant
from mockserver.core.pdf import text_pdf
from mockserver.core.seeding import derive_seed
from mockserver.core.store import Store, copy_state
from mockserver.providers.kontera import seed
from mockserver.providers.kontera.seed import TABLE

BASES = ("accrual", "cash")
_DEFAULT_CONFIGURATION = {
    "enableOpenItems": False,
    "journalExportFormat": "json",
    "journalExportExportsFiles": False,
    "journalExportUsesWebhook": False,
    "webhookUrl": None,
    "webhookSecret": None,
}


class NotFound(Exception):
    """No transaction with this konteraId."""


class Conflict(Exception):
    """A transaction with this konteraId is already booked."""


def base_data(store: Store) -> dict:
    return store.value("baseData") or {}


def configuration(store: Store) -> dict:
    return _DEFAULT_CONFIGURATION | (base_data(store).get("configuration") or {})


def accounting_basis(store: Store, on: date) -> str:
    """The method of the tax period `on` falls in ("ACCRUAL" or "CASH"); accrual without one."""
    for period in base_data(store).get("taxPeriods") or []:
        if str(period.get("startsAt", "")) <= on.isoformat() <= str(period.get("endsAt", "")):
            return "cash" if str(period.get("accountingMethod", "")).upper().startswith("CASH") else "accrual"
    return "accrual"


# -- reading -----------------------------------------------------------------------------------


def export(store: Store, start: date | None, end: date | None, basis: str, *, json_file: bool = True) -> list:
    """The transactions of the window for `basis`, oldest first (then by konteraId), with the
    blocks the configuration switches on (`paymentAdvises`, `files`: JSON only)."""
    config = configuration(store)
    found = []
    for record in store.all(TABLE):
        document = record.get(basis)
        if document is None:
            continue
        entries = [entry for entry in document["entries"] if _inside(entry["date"], start, end)]
        if entries:
            shown = _shown(record, document, config, json_file)
            found.append((entries[0]["date"], record["konteraId"], shown | {"entries": entries}))
    found.sort(key=lambda item: (item[0], item[1]))
    return [_ordered(document) for _, _, document in found]


def transaction(store: Store, kontera_id: str, basis: str) -> dict:
    record = store.get(TABLE, kontera_id)
    if record is None:
        raise NotFound(kontera_id)
    document = record.get(basis) or record.get("accrual") or record.get("cash")
    assert document is not None, "a booked transaction keeps at least one basis"
    return _ordered(_shown(record, document, configuration(store), True))


def _inside(day: str, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start.isoformat()) and (end is None or day <= end.isoformat())


def _shown(record: dict, document: dict, config: dict, json_file: bool) -> dict:
    shown = {key: value for key, value in document.items() if key not in ("paymentAdvises", "files")}
    if json_file and config.get("enableOpenItems") and document.get("paymentAdvises"):
        shown["paymentAdvises"] = document["paymentAdvises"]
    if json_file and config.get("journalExportExportsFiles"):
        files = document.get("files") if record.get("origin") == "posted" else [receipt_file(document)]
        if files:
            shown["files"] = files
    return shown


def _ordered(document: dict) -> dict:
    order = ("konteraId", "invoice", "contact", "contacts", "paymentAdvises", "entries", "files")
    return {key: document[key] for key in order if key in document}


def receipt_file(document: dict) -> dict:
    """The receipt as the small PDF Kontera would attach: who, what, how much."""
    invoice, contact = document.get("invoice") or {}, document.get("contact") or {}
    payable = invoice.get("postingType") != "accounts-receivable"
    first = document["entries"][0]
    side = "debit" if payable else "credit"
    items = [line for line in first["lines"] if line.get("creditDebit") == side]
    name = contact.get("name") or contact.get("companyName") or "Beleg"
    number = invoice.get("number") or document["konteraId"]
    lines = [
        name,
        f"{'Rechnung' if invoice.get('number') else 'Quittung'} {number} vom {invoice.get('date') or first['date']}",
        "",
    ]
    for line in items:
        original = (
            f" ({line['originalAmount']} {line['originalCurrency']})" if line.get("originalAmount") else ""
        )
        lines.append(f"{line.get('text') or ''}: {line['amount']} {line['currency']}{original}")
    total = sum(float(line["amount"]) for line in items)
    lines += ["", f"Total {total:.2f} {first['lines'][0]['currency']}", f"Kontera-ID {document['konteraId']}"]
    pdf = text_pdf(lines, title=f"{name} {number}")
    slug = "".join(ch for ch in name if ch.isalnum()) or "Beleg"
    return {
        "konteraId": document["konteraId"],
        "name": f"{slug}-{number}.pdf",
        "contentType": "application/pdf",
        "contentAsBase64": base64.b64encode(pdf).decode("ascii"),
    }


# -- booking -----------------------------------------------------------------------------------


def book_generated(store: Store, workspace_seed: int, now: datetime) -> dict:
    """Book a receipt dated today, drawn from the seed and the number of earlier bookings, so
    the same seed and the same sequence of bookings give the same transactions."""
    count = store.next("booked")
    rng = random.Random(derive_seed(workspace_seed, "kontera", "booked", str(count)))
    today = now.date()
    owner = rng.choice(
        [c.get("name") for c in base_data(store).get("contacts") or [] if c.get("legalType") == "person"]
        or ["Buchhaltung"]
    )
    receipt = seed.draw(rng, base_data(store), today, today, owner)
    if receipt.paid_on is None and rng.random() < 0.5:
        receipt.paid_on, receipt.advice = today, None  # paid on receipt, so cash books it too
    return seed.keep(store, receipt, seed.new_id(store, rng), format_instant(now), "generated")


def book_posted(store: Store, document: dict, now: datetime) -> dict:
    """Book a transaction as given (already validated). Its entry types say its method: an
    accrual journal goes through a collective account, a cash one straight to payment; one with
    fee entries only belongs to both."""
    kontera_id = document["konteraId"]
    if store.get(TABLE, kontera_id) is not None:
        raise Conflict(kontera_id)
    types = {entry["type"] for entry in document["entries"]}
    accrual = bool(types & {"profit-loss-to-collective-account", "collective-account-to-payment"})
    cash = "profit-loss-to-payment" in types
    both = not accrual and not cash
    record = {
        "konteraId": kontera_id,
        "bookedAt": format_instant(now),
        "origin": "posted",
        "accrual": copy_state(document) if accrual or both else None,
        "cash": copy_state(document) if cash or both else None,
    }
    return store.put(TABLE, kontera_id, record)


def booked_document(store: Store, record: dict, now: datetime) -> dict | None:
    """A newly booked transaction as the export of today's method shows it (None: nothing to
    export yet, an unpaid receipt on a cash basis)."""
    basis = accounting_basis(store, now.date())
    document = record.get(basis)
    return None if document is None else _ordered(_shown(record, document, configuration(store), True))


def merge(current: Any, patch: Any) -> Any:
    """JSON merge patch (RFC 7396): objects merge key by key, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy_state(patch)
    merged = dict(current) if isinstance(current, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(merged.get(key), value)
    return merged
