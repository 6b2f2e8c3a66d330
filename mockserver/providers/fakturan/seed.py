"""Fakturan's seeded account: the documented "Google Inc" as client 1, then Swedish companies
and people, a price list, and invoices in every state (draft, sent, overdue, part and fully paid),
dated relative to the clock's start."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from mockserver.core import identifiers
from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.fakturan.rules import clients, invoices
from mockserver.providers.fakturan.rules.common import next_number, note_number

ACCOUNT = {"currency": "SEK", "invoice_days": 30, "locale": "sv", "invoice_template": "croatia", "tax": 25}

GOOGLE: dict[str, Any] = {
    "number": 1,
    "client_type": "company",
    "company": "Google Inc",
    "first_name": "",
    "last_name": "",
    "email": "",
    "fax": "",
    "phone": "",
    "home_phone": "",
    "mobile_phone": "",
    "org_number": "556677-8899",
    "web": "",
    "vat_number": "",
    "gln": "",
    "settings": {
        "currency": "USD",
        "discount": 0,
        "email_attach_pdf": False,
        "invoice_days": 30,
        "invoice_delivery_method": "email",
        "invoice_template": "croatia",
        "locale": "sv",
        "prices_inc_tax": "no",
        "show_product_code": False,
        "tax": 25,
        "e_invoice": False,
    },
    "address": {
        "street_address": "1600 Amphitheatre Parkway",
        "care_of": "",
        "zip_code": "94043",
        "city": "Mountain View",
        "country": "SE",
    },
}

PRODUCTS = [  # (code, name, unit, price, tax)
    ("KONS-1", "Konsulttimme", "tim", "950", 25),
    ("SUPP-M", "Support, månad", "mån", "1490", 25),
    ("LIC-ÅR", "Licens, år", "st", "12000", 25),
    ("UTB-D", "Utbildningsdag", "dag", "7500", 25),
    ("BOK-1", "Handbok (tryckt)", "st", "349", 6),
    ("LUNCH", "Konferenslunch", "st", "125", 12),
    ("RESA", "Resekostnad", "km", "25", 25),
    ("INST", "Installation", "st", "2500", 25),
]


def seed(seeding: Seeding) -> dict:
    store = Store({"account": dict(ACCOUNT)})
    clients.insert(
        store, {**GOOGLE, "settings": dict(GOOGLE["settings"]), "address": dict(GOOGLE["address"])}
    )
    for index in range(2, 13):
        clients.insert(store, _client(seeding, index))
    for code, name, unit, price, tax in PRODUCTS:
        store.insert(
            "products", {"product_code": code, "name": name, "unit": unit, "price": price, "tax": tax}
        )
    for index in range(20):
        _invoice(seeding, store, draft=index < 3)
    return store.state


def _client(seeding: Seeding, number: int) -> dict:
    fake, rng = seeding.faker, seeding.random
    individual = rng.random() < 0.3
    first, last = (fake.first_name(), fake.last_name()) if individual else ("", "")
    birth = seeding.date_of_birth(fake)
    org_number = (
        identifiers.make_se_personal_number(rng, birth) if individual else identifiers.make_se_org_number(rng)
    )
    method = rng.choice(["email", "email", "email", "letter", "e_invoice"])
    return {
        "number": number,
        "client_type": "individual" if individual else "company",
        "company": "" if individual else fake.company(),
        "first_name": first,
        "last_name": last,
        # A few clients have no email, so sending by email is refused as the provider does.
        "email": fake.email() if rng.random() < 0.85 else "",
        "fax": "",
        "phone": fake.phone_number(),
        "home_phone": "",
        "mobile_phone": "",
        "org_number": org_number,
        "web": "",
        "vat_number": "",
        "gln": "",
        "settings": {
            "currency": "SEK",
            "discount": 0,
            "email_attach_pdf": False,
            "invoice_days": rng.choice([10, 15, 30, 30, 30]),
            "invoice_delivery_method": method,
            "invoice_template": "croatia",
            "locale": "sv",
            "prices_inc_tax": "no",
            "show_product_code": False,
            "tax": 25,
            "e_invoice": method == "e_invoice",
        },
        "address": {
            "street_address": fake.street_address(),
            "care_of": "",
            "zip_code": fake.postcode(),
            "city": fake.city(),
            "country": "SE",
        },
    }


def _invoice(seeding: Seeding, store: Store, *, draft: bool) -> None:
    # The seed's store is its own until the seed is done, so documents are finished in place.
    rng = seeding.random
    client = store.get("clients", rng.randint(2, 12))
    assert client is not None  # the seed inserted clients 1 to 12 above
    issued = seeding.today - timedelta(days=rng.randint(0, 5) if draft else rng.randint(3, 120))
    rows = []
    for sort_order in range(rng.randint(1, 4)):
        product = store.get("products", rng.randint(1, len(PRODUCTS)))
        assert product is not None  # the seed inserted one product per PRODUCTS entry
        rows.append(
            {
                "id": store.next("rows"),
                "product_id": product["id"],
                "discount": rng.choice(["0", "0", "10"]),
                "amount": str(rng.randint(1, 20)),
                "text": "",
                "product_code": product["product_code"],
                "product_name": product["name"],
                "product_unit": product["unit"],
                "product_price": product["price"],
                "product_tax": product["tax"],
                "text_row": False,
                "sort_order": sort_order,
                "tax_deductible": False,
            }
        )
    address = client["address"]
    number = next_number(store, "invoices")
    note_number(store, "invoices", number)
    invoice = store.insert(
        "invoices",
        {
            "number": number,
            "date": issued.isoformat(),
            "client_id": client["id"],
            "days": client["settings"]["invoice_days"],
            "our_reference": seeding.faker.name(),
            "your_reference": "",
            "sent": False,
            "paid_at": None,
            "locale": "sv",
            "currency": "SEK",
            "settings": {"invoice_template": "croatia", "prices_inc_tax": "no", "show_product_code": False},
            "address": invoices.address_of(client),
            "rows": rows,
            "deliveries": [],
        },
    )
    if draft:
        return  # recent, not sent yet
    invoice["sent"] = True
    invoice["deliveries"].append(
        {
            "method": "email" if client["email"] else "letter",
            "to": client["email"] or address["street_address"],
            "at": issued.isoformat(),
            "reminder": False,
        }
    )
    total = invoices.totals(invoice)["sum"]
    outcome = rng.random()
    if outcome < 0.45:  # paid in full, a few days after issue
        _pay(
            store,
            invoice,
            total,
            min(issued + timedelta(days=rng.randint(1, invoice["days"])), seeding.today),
        )
    elif outcome < 0.6:  # paid in part
        paid_at = min(issued + timedelta(days=rng.randint(1, 10)), seeding.today)
        _pay(store, invoice, (total / 2).quantize(Decimal("1")), paid_at, full=False)
    # the rest stay unpaid: those past date + days are overdue on the clock's start


def _pay(store: Store, invoice: dict, amount: Decimal, paid_at, *, full: bool = True) -> None:
    store.insert(
        "payments", {"paid_at": paid_at.isoformat(), "amount": str(amount), "invoice_id": invoice["id"]}
    )
    if full:
        invoice["paid_at"] = paid_at.isoformat()
