"""Kontera's seeded state: the customer's base data and a quarter of booked transactions.

Everything is drawn from the provider's own generator and de_CH Faker (`core.seeding`), dated
back from the clock's start, so the same seed and start give the same bytes. Stored per
transaction are both journals (accrual and cash) as exports show them; which one an export uses
is the request's `basis`, or the accounting method of the tax period.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from mockserver.core.clock import format_instant
from mockserver.core.identifiers import make_ch_iban, make_ch_uid
from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.kontera import booking, chart

if TYPE_CHECKING:
    from faker import Faker

TRANSACTIONS = 36
DAYS_BACK = 120
TABLE = "transactions"


def seed(seeding: Seeding) -> dict:
    rng, fake, today = seeding.random, seeding.faker, seeding.today
    store = Store()
    base = base_data(rng, fake, today)
    store.set_value("baseData", base)
    booked = format_instant(seeding.clock_start)
    for _ in range(TRANSACTIONS):
        on = today - timedelta(days=rng.randint(1, DAYS_BACK))
        receipt = draw(rng, base, on, today, fake.name())
        keep(store, receipt, new_id(store, rng), booked, "seed")
    return store.state


def draw(rng: random.Random, base: dict, on: date, today: date, owner: str) -> booking.Receipt:
    """One receipt of a kind drawn by weight: supplier invoices, card receipts, sales invoices."""
    contacts = base.get("contacts") or []
    suppliers = [c for c in contacts if c.get("supplierType") == booking.AP] or contacts
    customers = [c for c in contacts if c.get("supplierType") == booking.AR] or contacts
    kind = rng.choices(("supplier", "card", "sales"), weights=(4, 3, 3))[0]
    if not contacts:
        kind, contact = "card", _stand_in(rng)
    elif kind == "sales":
        contact = rng.choice(customers)
    else:
        contact = rng.choice(suppliers)
    if kind == "supplier" and (contact.get("address") or {}).get("country") == "US":
        kind = "card"  # American vendors are paid by card, never by transfer
    if kind == "supplier":
        return booking.supplier_invoice(rng, base, contact, on, today)
    if kind == "card":
        return booking.card_receipt(rng, base, contact, on, today, owner)
    return booking.sales_invoice(rng, base, contact, on, today)


def new_id(store: Store, rng: random.Random) -> str:
    while True:
        kontera_id = booking.new_kontera_id(rng)
        if store.get(TABLE, kontera_id) is None:
            return kontera_id


def keep(store: Store, receipt: booking.Receipt, kontera_id: str, booked: str, origin: str) -> dict:
    base = store.value("baseData") or {}
    record = {
        "konteraId": kontera_id,
        "bookedAt": booked,
        "origin": origin,
        "accrual": booking.journal(receipt, kontera_id, "accrual", base),
        "cash": booking.journal(receipt, kontera_id, "cash", base),
    }
    return store.put(TABLE, kontera_id, record)


# -- base data ---------------------------------------------------------------------------------


def base_data(rng: random.Random, fake: Faker, today: date) -> dict:
    """The import document Kontera holds for its customer (GET/PATCH base-data)."""
    uid = make_ch_uid(rng)
    return {
        "organization": {
            "companyName": fake.company(),
            "companyUid": uid,
            "companyTaxNumber": f"{uid} MWST",
            "leadCurrency": chart.LEAD_CURRENCY,
        },
        "currencies": [{"externalId": str(n), "code": c} for n, c in enumerate(("CHF", "EUR", "USD"), 1)],
        "accounts": chart.accounts(make_ch_iban(rng), make_ch_iban(rng, qr=True), make_ch_iban(rng)),
        "taxes": chart.taxes(),
        "taxPeriods": [_tax_period(year) for year in range(today.year - 3, today.year + 2)],
        "contacts": _contacts(rng, fake),
        "costCenters": [{"externalId": str(n), "name": name} for n, name in enumerate(chart.COST_CENTERS, 1)],
        "projects": [{"externalId": str(n), "name": f"Kundenprojekt {fake.city()}"} for n in range(1, 4)],
        "configuration": {
            "enableOpenItems": True,
            "journalExportFormat": "json",
            "journalExportExportsFiles": False,
            "journalExportUsesWebhook": False,
            "webhookUrl": None,
            "webhookSecret": None,
        },
    }


def _tax_period(year: int) -> dict:
    return {
        "externalId": f"tp-{year}",
        "isSubjectToTax": True,
        "balanceTaxation": False,
        "accountingMethod": "ACCRUAL",
        "startsAt": f"{year}-01-01",
        "endsAt": f"{year}-12-31",
    }


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _contacts(rng: random.Random, fake: Faker) -> list[dict]:
    found = []
    for n in range(10):
        found.append(_swiss_contact(rng, fake, booking.AP, person=n >= 8))
    for name, country, _ in chart.FOREIGN_VENDORS:
        found.append(_foreign_contact(rng, name, country))
    for n in range(8):
        found.append(_swiss_contact(rng, fake, booking.AR, person=n >= 6))
    for number, contact in enumerate(found, start=1):
        contact["externalId"] = f"C-{number:04d}"
    return found


def _swiss_contact(rng: random.Random, fake: Faker, supplier_type: str, *, person: bool) -> dict:
    address = {
        "street": fake.street_name(),
        "houseNumber": fake.building_number(),
        "postalCode": fake.postcode(),
        "city": fake.city(),
        "country": "CH",
    }
    contact = {"name": "", "contactId": _uuid(rng), "externalId": None, "supplierType": supplier_type}
    if person:
        first, last = fake.first_name(), fake.last_name()
        contact |= {"name": f"{first} {last}", "legalType": "person", "firstName": first, "lastName": last}
        contact |= {"companyName": None, "companyUid": None, "companyTaxNumber": None}
    else:
        company, uid = fake.company(), make_ch_uid(rng)
        contact |= {"name": company, "legalType": "company", "firstName": None, "lastName": None}
        contact |= {"companyName": company, "companyUid": uid, "companyTaxNumber": f"{uid} MWST"}
    return contact | {"address": address}


def _foreign_contact(rng: random.Random, name: str, country: str) -> dict:
    return {
        "name": name,
        "contactId": _uuid(rng),
        "externalId": None,
        "supplierType": booking.AP,
        "legalType": "company",
        "firstName": None,
        "lastName": None,
        "companyName": name,
        "companyUid": None,
        "companyTaxNumber": None,
        "address": {
            "street": None,
            "houseNumber": None,
            "postalCode": None,
            "city": None,
            "country": country,
        },
    }


def _stand_in(rng: random.Random) -> dict:
    """A contact for a booking when the base data lists none (a user emptied `contacts`)."""
    contact = _foreign_contact(rng, "Barverkauf", "CH")
    return contact | {"externalId": None}
