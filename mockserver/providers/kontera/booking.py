"""Business transactions as Kontera books them: a receipt drawn from the seed, and its journal.

A `Receipt` is the basis-neutral business fact (who, what, how much, when paid). `journal`
turns it into a Universal Accounting transaction for one accounting method, as the entries page
shows: accrual books cost or revenue against the collective account (2000 payables, 1100
receivables) on the invoice date and clears it on the payment date; cash books cost or revenue
straight against the payment account on the payment date (so an unpaid receipt has no cash
entry yet). A fee is its own `fee-to-payment` entry in both. Amounts on P&L lines are gross, with
the tax object naming the VAT they include, so every entry balances without VAT lines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from mockserver.core.identifiers import (
    make_ch_iban,
    make_creditor_reference,
    make_iban,
    make_qr_reference,
)
from mockserver.core.money import round_half_up
from mockserver.providers.kontera import chart

AP, AR = "accounts-payable", "accounts-receivable"


@dataclass
class Item:
    """One cost or revenue line of a receipt, in the lead currency (CHF)."""

    account: str
    amount: Decimal
    text: str
    tax: dict | None = None
    original: Decimal | None = None  # in the receipt's currency, when it is not CHF
    dimensions: list[dict] = field(default_factory=list)


@dataclass
class Receipt:
    posting: str
    contact: dict
    invoice: dict
    items: list[Item]
    currency: str
    booked_on: date
    paid_on: date | None = None
    payment_account: str = chart.BANK
    fee: Decimal | None = None
    advice: dict | None = None

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal("0.00"))

    @property
    def original_total(self) -> Decimal | None:
        if self.currency == chart.LEAD_CURRENCY:
            return None
        return sum((item.original or Decimal(0) for item in self.items), Decimal("0.00"))


def money(value: Decimal) -> str:
    return f"{round_half_up(value):.2f}"


def new_kontera_id(rng: random.Random) -> str:
    return f"K-{rng.getrandbits(48):012X}"


# -- drawing receipts --------------------------------------------------------------------------


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return round_half_up(Decimal(rng.randint(low * 100, high * 100)) / 100)


def _dimensions(rng: random.Random, base: dict) -> list[dict]:
    found = []
    for key, kind, chance in (("costCenters", "cost-center", 0.6), ("projects", "project", 0.3)):
        pool = base.get(key) or []
        if pool and rng.random() < chance:
            picked = rng.choice(pool)
            found.append({"name": picked.get("name"), "externalId": picked.get("externalId"), "type": kind})
    return found


def _tax(base: dict, tax_type: str, rate_class: str, on: date) -> dict:
    code = chart.tax_code(tax_type, rate_class, on)
    known = next((tax for tax in base.get("taxes") or [] if tax.get("code") == code), None)
    external = known.get("externalId") if known else None
    value = chart.rate_for(rate_class, on)
    return {"code": code, "externalId": external, "value": value, "type": tax_type}


def _items(rng: random.Random, base: dict, catalogue: tuple, tax_type: str, on: date) -> list[Item]:
    found = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        account, rate_class, texts, (low, high) = rng.choice(catalogue)
        tax = _tax(base, tax_type, rate_class, on)
        found.append(
            Item(account, _amount(rng, low, high), rng.choice(texts), tax, None, _dimensions(rng, base))
        )
    return found


def _paid(rng: random.Random, on: date, today: date, chance: float, days: tuple[int, int]) -> date | None:
    paid = on + timedelta(days=rng.randint(*days))
    return paid if rng.random() < chance and paid <= today else None


def _invoice(rng: random.Random, posting: str, on: date, **fields) -> dict:
    invoice = {
        "number": None,
        "billingPeriod": None,
        "currency": chart.LEAD_CURRENCY,
        "date": on.isoformat(),
        "payableUntil": None,
        "qrReferenceNumber": None,
        "owner": None,
        "source": rng.choice(("upload", "email", "app")),
        "sourceId": f"{rng.getrandbits(64):016x}",
        "postingType": posting,
    }
    return invoice | fields


def supplier_invoice(rng: random.Random, base: dict, contact: dict, on: date, today: date) -> Receipt:
    """A Swiss supplier's QR bill (CHF, pre-tax), or a European one's invoice in EUR paid from the
    EUR account; unpaid ones carry a payment advice (an open item)."""
    foreign = (contact.get("address") or {}).get("country") not in (None, "CH", "LI")
    items = _items(rng, base, chart.COSTS, "pre-tax", on)
    due = on + timedelta(days=30)
    invoice = _invoice(rng, AP, on, number=str(rng.randint(10000, 999999)), payableUntil=due.isoformat())
    receipt = Receipt(AP, contact, invoice, items, chart.LEAD_CURRENCY, on)
    receipt.paid_on = _paid(rng, on, today, 0.75, (2, 35))
    if foreign:
        _in_foreign_currency(rng, receipt, "EUR")
        receipt.payment_account = chart.BANK_EUR
    if receipt.paid_on is None:
        receipt.advice = _advice(rng, base, receipt, due, foreign)
    return receipt


def card_receipt(rng: random.Random, base: dict, contact: dict, on: date, today: date, owner: str) -> Receipt:
    """A receipt paid by company credit card the same or the next day; abroad in USD or EUR with
    a foreign-transaction fee and no Swiss VAT, like the sample's Zwitscherio receipt."""
    country = (contact.get("address") or {}).get("country")
    foreign = country not in (None, "CH", "LI")
    invoice = _invoice(rng, AP, on, owner=owner)
    if foreign:
        items = [Item("6570", _amount(rng, 5, 400), rng.choice(chart.FOREIGN_SERVICES))]
        items[0].dimensions = _dimensions(rng, base)
    else:
        items = _items(rng, base, chart.COSTS, "pre-tax", on)[:1]
    receipt = Receipt(AP, contact, invoice, items, chart.LEAD_CURRENCY, on, payment_account=chart.CARD)
    receipt.paid_on = min(on + timedelta(days=rng.randint(0, 1)), today)
    if foreign:
        _in_foreign_currency(rng, receipt, "USD" if country == "US" else "EUR")
        receipt.fee = max(Decimal("0.50"), round_half_up(receipt.total * Decimal("0.0175")))
    return receipt


def sales_invoice(rng: random.Random, base: dict, contact: dict, on: date, today: date) -> Receipt:
    """The company's own invoice with a QR reference, some for a billing period (last month)."""
    items = _items(rng, base, chart.SALES, "sales-tax", on)
    due = on + timedelta(days=30)
    period = None
    if rng.random() < 0.4:
        last = on.replace(day=1) - timedelta(days=1)
        period = {"from": last.replace(day=1).isoformat(), "to": last.isoformat()}
    number = f"RE-{on.year}-{rng.randint(1, 9999):04d}"
    invoice = _invoice(
        rng, AR, on, number=number, billingPeriod=period, payableUntil=due.isoformat(),
        qrReferenceNumber=make_qr_reference(rng),
    )  # fmt: skip
    receipt = Receipt(AR, contact, invoice, items, chart.LEAD_CURRENCY, on)
    receipt.paid_on = _paid(rng, on, today, 0.7, (5, 45))
    return receipt


def _in_foreign_currency(rng: random.Random, receipt: Receipt, currency: str) -> None:
    """Re-express the receipt as one in `currency`: the item amounts become the original amounts
    and the CHF amounts follow at a drawn rate. Foreign suppliers charge no Swiss VAT."""
    low, high = chart.RATE_RANGES[currency]
    rate = Decimal(str(round(rng.uniform(low, high), 4)))
    for item in receipt.items:
        item.original, item.amount, item.tax = item.amount, round_half_up(item.amount * rate), None
    receipt.currency = receipt.invoice["currency"] = currency


def _advice(rng: random.Random, base: dict, receipt: Receipt, due: date, foreign: bool) -> dict:
    """The payment order for an open supplier invoice: a QR bill (QR-IBAN and QR reference) at
    home, an IBAN transfer with a creditor reference (SCOR) to a European supplier."""
    contact = receipt.contact
    address = contact.get("address") or {}
    recipient = {"name": contact.get("name") or contact.get("companyName") or "Unbekannt"}
    recipient |= {key: address.get(key) for key in ("street", "houseNumber", "postalCode", "city", "country")}
    if foreign:
        iban, kind, reference = make_iban(rng, "DE"), "iban", make_creditor_reference(rng)
        amount, fee = receipt.original_total or receipt.total, "splitted"
    else:
        iban, kind, reference = make_ch_iban(rng, qr=True), "qr", make_qr_reference(rng)
        amount, fee = receipt.total, None
    account = account_ref(base, receipt.payment_account)
    return {
        "account": account,
        "executionDate": due.isoformat(),
        "amount": money(amount),
        "currency": receipt.currency,
        "type": kind,
        "iban": iban,
        "reference": reference,
        "fee": fee,
        "message": f"Rechnung {receipt.invoice.get('number')}",
        "recipient": recipient,
    }


# -- the journal -------------------------------------------------------------------------------


def account_ref(base: dict, number: str) -> dict:
    """An account as exports name it, from the base data (an unknown number keeps only itself)."""
    known = next((acc for acc in base.get("accounts") or [] if acc.get("number") == number), None)
    if known is None:
        return {"externalId": None, "number": number, "currency": None}
    return {"externalId": known.get("externalId"), "number": number, "currency": known.get("currency")}


def journal(receipt: Receipt, kontera_id: str, basis: str, base: dict) -> dict | None:
    """The Universal Accounting transaction for `basis` ("accrual" or "cash"); None when the
    method has nothing to book yet (an unpaid receipt on a cash basis)."""
    book = _Journal(receipt, kontera_id, base)
    paid = receipt.paid_on
    counter = chart.PAYABLES if receipt.posting == AP else chart.RECEIVABLES
    if basis == "accrual":
        book.profit_loss("profit-loss-to-collective-account", receipt.booked_on, counter)
        if paid:
            book.settle(paid, counter)
    elif paid:
        book.profit_loss("profit-loss-to-payment", paid, receipt.payment_account)
    else:
        return None
    if paid and receipt.fee:
        book.fee(paid)
    document = {"konteraId": kontera_id, "invoice": receipt.invoice, "contact": receipt.contact}
    if receipt.advice and not paid:
        document["paymentAdvises"] = [receipt.advice]
    document["entries"] = book.entries
    return document


class _Journal:
    """Builds one transaction's entries, numbering entries and lines the sample's way."""

    def __init__(self, receipt: Receipt, kontera_id: str, base: dict) -> None:
        self.receipt, self.kontera_id, self.base = receipt, kontera_id, base
        self.entries: list[dict] = []
        name = receipt.contact.get("name") or receipt.contact.get("companyName") or ""
        self.label = " ".join(part for part in (name, receipt.invoice.get("number") or "") if part)

    def profit_loss(self, kind: str, on: date, counter: str) -> None:
        receipt = self.receipt
        own = "debit" if receipt.posting == AP else "credit"
        other = "credit" if own == "debit" else "debit"
        lines = [(own, item.account, item.amount, item) for item in receipt.items]
        total_line = (other, counter, receipt.total, None)
        self._entry(kind, on, lines + [total_line] if own == "debit" else [total_line] + lines)

    def settle(self, on: date, counter: str) -> None:
        receipt, total = self.receipt, self.receipt.total
        pairs = [("debit", counter, total, None), ("credit", receipt.payment_account, total, None)]
        if receipt.posting == AR:
            pairs = [("debit", receipt.payment_account, total, None), ("credit", counter, total, None)]
        self._entry("collective-account-to-payment", on, pairs)

    def fee(self, on: date) -> None:
        fee = self.receipt.fee or Decimal(0)
        pairs = [("debit", chart.FEES, fee, None), ("credit", self.receipt.payment_account, fee, None)]
        self._entry("fee-to-payment", on, pairs, text="Fremdwährungsgebühr")

    def _entry(self, kind: str, on: date, lines: list, text: str | None = None) -> None:
        entry_id = f"{self.kontera_id}-C-{len(self.entries) + 1}"
        rendered = [
            self._line(f"{entry_id}-{n}", n, side, account, amount, item, text)
            for n, (side, account, amount, item) in enumerate(lines, start=1)
        ]
        self.entries.append(
            {"entryId": entry_id, "entryNumber": len(self.entries) + 1, "type": kind, "date": on.isoformat(),
             "lines": rendered}
        )  # fmt: skip

    def _line(self, line_id, number, side, account, amount, item: Item | None, text) -> dict:
        receipt = self.receipt
        ref = account_ref(self.base, account)
        in_account = None
        if ref["currency"] not in (None, chart.LEAD_CURRENCY) and ref["currency"] == receipt.currency:
            in_account = money(receipt.original_total or amount)
        original = item.original if item else (receipt.original_total if text is None else None)
        return {
            "lineId": line_id,
            "lineNumber": number,
            "creditDebit": side,
            "amount": money(amount),
            "currency": chart.LEAD_CURRENCY,
            "amountInAccountCurrency": in_account,
            "account": ref,
            "tax": item.tax if item else None,
            "originalAmount": money(original) if original is not None else None,
            "originalCurrency": receipt.currency if original is not None else None,
            "text": text or (f"{self.label} · {item.text}" if item else self.label) or "Buchung",
            "dimensions": item.dimensions if item else [],
        }
