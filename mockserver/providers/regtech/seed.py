"""Seed data: Finnish and Swedish invoices in every state of their lifecycle.

Every seeded invoice is built as a request body and passed through the same validation as a
client's, so seeded data always satisfies the rules the API enforces (row arithmetic, totals,
phone and personal-number formats), and the checksummed identifiers pass their checks.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from mockserver.core.clock import format_instant
from mockserver.core.identifiers import (
    luhn_check_digit,
    make_fi_business_id,
    make_iban,
    make_se_org_number,
    make_se_personal_number,
)
from mockserver.core.money import round_half_up
from mockserver.core.seeding import Seeding, derive_seed
from mockserver.providers.regtech import rules
from mockserver.providers.regtech.models import parse_invoice

# (state, country, customerType, invoiceType, invoiceSendType, days before the clock start)
PLAN = [
    ("created", "FI", "0", "0", "0", 1),
    ("created", "SE", "1", "0", "1", 2),
    ("delivered", "FI", "1", "0", "0", 6),
    ("delivered", "SE", "0", "0", "0", 31),
    ("opened", "FI", "0", "0", "1", 9),
    ("opened", "SE", "1", "0", "0", 40),
    ("paid", "FI", "0", "0", "0", 20),
    ("paid", "SE", "0", "0", "0", 14),
    ("paid", "FI", "1", "0", "2", 27),
    ("opened", "SE", "0", "1", "0", 5),
]
VAT = {"FI": ["25.5", "14", "10"], "SE": ["25", "12", "6"]}
CURRENCY = {"FI": "EUR", "SE": "SEK"}
PHONE_PREFIX = {"FI": "+35840", "SE": "+4670"}
CATALOGUE = {
    "FI": [
        ("Konsultointi", "h"),
        ("Ylläpitopalvelu", "kk"),
        ("Asennustyö", "h"),
        ("Varaosa", "kpl"),
        ("Toimituskulut", "kpl"),
    ],
    "SE": [
        ("Konsulttjänst", "tim"),
        ("Serviceavtal", "mån"),
        ("Installation", "tim"),
        ("Reservdel", "st"),
        ("Frakt", "st"),
    ],
}
FREE_TEXT = {
    "FI": "Lasku {number}, kiitos tilauksestasi.",
    "SE": "Faktura {number}, tack för din beställning.",
}


class _Country:
    """Faker and generator for one country's data."""

    def __init__(self, seeding: Seeding, country: str) -> None:
        self.code = country
        self.seeding = seeding
        self.rng = random.Random(derive_seed(seeding.seed, "regtech", country))
        self.fake = seeding.faker if country == "FI" else seeding.faker_for("sv_SE", "sv")

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(count))

    def business_id(self) -> str:
        return make_fi_business_id(self.rng) if self.code == "FI" else make_se_org_number(self.rng)

    def address(self) -> dict:
        return {
            "address1": self.fake.street_address(),
            "zipCode": self.fake.postcode(),
            "postOffice": self.fake.city(),
        }


def seed(seeding: Seeding) -> dict:
    state = rules.empty_state()
    tables = state["tables"]
    countries = {code: _Country(seeding, code) for code in ("FI", "SE")}
    invoicers = {code: _invoicer(country) for code, country in countries.items()}
    for number, (status, code, customer_type, invoice_type, send_type, age) in enumerate(PLAN, start=1001):
        country = countries[code]
        body = _invoice_body(
            country,
            invoicers[code],
            number,
            customer_type,
            invoice_type,
            send_type,
            seeding.today - timedelta(days=age),
        )
        record = {
            "customInvoiceId": body["invoiceDetails"]["customInvoiceId"],
            "viewId": f"{country.rng.getrandbits(72):018x}",
            "invoice": rules.stored_invoice(parse_invoice(body)),
            **_lifecycle(status, seeding.clock_start - timedelta(days=age), country.rng),
        }
        invoice_id = record["customInvoiceId"]
        tables["invoices"][invoice_id] = record
        tables["views"][record["viewId"]] = {"customInvoiceId": invoice_id}
        if record["sentAt"] and not rules.settled(record):
            tables["pending"][invoice_id] = {"customInvoiceId": invoice_id}
    return state


def _invoicer(country: _Country) -> dict:
    name = country.fake.company()
    return {
        "companyName": name,
        "businessId": country.business_id(),
        **country.address(),
        "phoneNumber": PHONE_PREFIX[country.code] + country.digits(7),
        "email": f"laskutus@{country.fake.domain_name()}"
        if country.code == "FI"
        else f"faktura@{country.fake.domain_name()}",
    }


def _recipient(country: _Country, customer_type: str) -> dict:
    fake = country.fake
    recipient = {
        "customerType": customer_type,
        "phoneNumber": PHONE_PREFIX[country.code] + country.digits(7),
        "customerNumber": country.digits(5),
        "email": fake.email(),
        **country.address(),
    }
    if customer_type == "1":
        business_id = country.business_id()
        prefix = "0037" if country.code == "FI" else "0007"  # OVT / GLN-style e-invoicing addresses
        recipient.update(
            companyName=fake.company(),
            businessId=business_id,
            eInvoicingAddress=prefix + business_id.replace("-", ""),
        )
    else:
        recipient.update(firstName=fake.first_name(), lastName=fake.last_name())
        if country.code == "SE":
            birth = country.seeding.date_of_birth(fake)
            recipient["ssn"] = make_se_personal_number(country.rng, birth, century=True)
    return recipient


def _invoice_body(
    country: _Country,
    invoicer: dict,
    number: int,
    customer_type: str,
    invoice_type: str,
    send_type: str,
    invoice_date: date,
) -> dict:
    rows = _rows(country, credit=invoice_type == "1")
    details = {
        "customInvoiceId": f"{country.code}-{number}",
        "invoiceNumber": str(number),
        "invoiceDate": invoice_date.strftime("%d-%m-%Y"),
        "dueDate": (invoice_date + timedelta(days=14)).strftime("%d-%m-%Y"),
        "total": float(sum((Decimal(str(row["price"])) for row in rows), Decimal(0))),
        "currency": CURRENCY[country.code],
        "invoiceType": invoice_type,
        "invoiceSendType": send_type,
        "invoiceRows": rows,
        "language": country.code.lower(),
        **_payment(country, number),
    }
    body = {
        "recipientDetails": _recipient(country, customer_type),
        "invoicerDetails": invoicer,
        "invoiceDetails": details,
    }
    if send_type == "0":
        sender = "".join(ch for ch in invoicer["companyName"] if ch.isascii() and (ch.isalnum() or ch == " "))
        body["smsDetails"] = {
            "senderName": sender.strip()[:11].strip() or "Invoice",
            "freeText": FREE_TEXT[country.code].format(number=number),
        }
    return body


def _payment(country: _Country, number: int) -> dict:
    if country.code == "FI":
        base = str(number) + country.digits(4)
        return {
            "iban": make_iban(country.rng, "FI"),
            "bankCode": "NDEAFIHH",
            "reference": base + _fi_check(base),
        }
    ocr = str(number) + country.digits(5)
    return {
        "iban": make_iban(country.rng, "SE"),
        "bankCode": "ESSESESS",
        "bankgirot": f"{country.digits(3)}-{country.digits(4)}",
        "swish": "123" + country.digits(7),
        "reference": ocr + str(luhn_check_digit(ocr)),
    }


def _fi_check(base: str) -> str:
    """Finnish national reference number check digit (weights 7, 3, 1 from the right)."""
    total = sum(int(digit) * (7, 3, 1)[index % 3] for index, digit in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def _rows(country: _Country, *, credit: bool) -> list[dict]:
    rows = []
    for description, unit in country.rng.sample(CATALOGUE[country.code], country.rng.randint(1, 3)):
        quantity = Decimal(-1 if credit else country.rng.randint(1, 5))
        unit_price = Decimal(country.rng.randint(500, 20000)) / 100
        discount = Decimal(country.rng.choice([0, 0, 10]))
        vat = Decimal(country.rng.choice(VAT[country.code]))
        net = quantity * unit_price * (1 - discount / 100)
        row = {
            "productCode": f"P-{country.digits(4)}",
            "description": description,
            "quantity": float(quantity),
            "unit": unit,
            "unitPrice": float(unit_price),
            "priceNoVat": float(round_half_up(net)),
            "vatPerc": float(vat),
            "price": float(round_half_up(net * (1 + vat / 100))),
        }
        if discount:
            row["discount"] = float(discount)
        rows.append(row)
    return rows


def _lifecycle(status: str, created: datetime, rng: random.Random) -> dict:
    """Instants of the events `status` implies, all before the clock start."""
    at = created + timedelta(hours=rng.randint(8, 15), minutes=rng.randint(0, 59))
    sent = None if status == "created" else at
    delivered = sent + timedelta(seconds=rng.randint(5, 90)) if sent else None
    opened = (
        delivered + timedelta(hours=rng.randint(1, 20))
        if delivered and status in ("opened", "paid")
        else None
    )
    paid = opened + timedelta(days=rng.randint(1, 3)) if opened and status == "paid" else None
    return {
        name: format_instant(moment) if moment else None
        for name, moment in (
            ("createdAt", at),
            ("sentAt", sent),
            ("deliveredAt", delivered),
            ("openedAt", opened),
            ("paidAt", paid),
        )
    }
