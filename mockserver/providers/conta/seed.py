"""Conta's seeded world: organizations 11 and 12 the key reaches and 99 it does not, customers
(123 and a "Lisa ..." among them), products, bank accounts, the NS 4102 accounts the guide's
flows post to, the EHF registry, the invoice series and subscription plans; Norwegian data from
Faker (nb_NO) with org numbers, account numbers and IBANs that pass their checksums."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from mockserver.core import identifiers
from mockserver.core.money import round_half_up
from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.conta.rules import bank_accounts, delivery, invoicing, payments, vat
from mockserver.providers.conta.rules.common import (
    ACCOUNTS,
    BANK_ACCOUNTS,
    CUSTOMERS,
    INDEXED,
    INVOICES,
    ORGANIZATIONS,
    PRODUCTS,
    UNIQUE,
    decimal,
    timestamp,
)
from mockserver.providers.conta.rules.ledger import account_key

# (id, reachable by the workspace's key, VAT-registered, first invoice number)
ORGS = ((11, True, True, 10001), (12, True, False, 1), (99, False, True, 5001))

# NS 4102 accounts: (number, name, default VAT code, active)
CHART = (
    ("1500", "Kundefordringer", "input.no.vat", True),
    ("1900", "Kontanter", "input.no.vat", False),
    ("1920", "Bankinnskudd", "input.no.vat", True),
    ("1950", "Bankinnskudd for skattetrekk", "input.no.vat", True),
    ("2000", "Aksjekapital", "input.no.vat", True),
    ("2050", "Annen egenkapital", "input.no.vat", True),
    ("2400", "Leverandørgjeld", "input.no.vat", True),
    ("2700", "Utgående merverdiavgift, høy sats", "input.no.vat", True),
    ("2701", "Utgående merverdiavgift, middels sats", "input.no.vat", True),
    ("2702", "Utgående merverdiavgift, lav sats", "input.no.vat", True),
    ("2710", "Inngående merverdiavgift, høy sats", "input.no.vat", True),
    ("2711", "Inngående merverdiavgift, middels sats", "input.no.vat", True),
    ("2712", "Inngående merverdiavgift, lav sats", "input.no.vat", True),
    ("2740", "Oppgjørskonto merverdiavgift", "input.no.vat", True),
    ("3000", "Salgsinntekt, avgiftspliktig", "output.high", True),
    ("3100", "Salgsinntekt, avgiftsfri", "output.zero.rate", True),
    ("3200", "Salgsinntekt, utenfor avgiftsområdet", "output.exempted", True),
    ("4000", "Innkjøp av råvarer og halvfabrikata", "input.high", True),
    ("4300", "Innkjøp av varer for videresalg", "input.high", True),
    ("5000", "Lønn til ansatte", "input.no.vat", True),
    ("6300", "Leie lokale", "input.no.vat", True),
    ("6540", "Inventar", "input.high", True),
    ("6800", "Kontorrekvisita", "input.high", True),
    ("6900", "Telefon", "input.high", True),
    ("7140", "Reisekostnad, ikke oppgavepliktig", "input.no.vat", True),
    ("7770", "Bank- og kortgebyrer", "input.no.vat", True),
    ("8050", "Annen renteinntekt", "input.no.vat", True),
    ("8150", "Annen rentekostnad", "input.no.vat", True),
)

# (product no, name, price ex VAT, product VAT code, sales account)
PRODUCT_LIST = (
    ("KONS-1", "Konsulenttime", 1150, "output.high", "3000"),
    ("SUPP-M", "Support, måned", 1490, "output.high", "3000"),
    ("LIS-ÅR", "Lisens, år", 12000, "output.high", "3000"),
    ("KURS-D", "Kursdag", 7500, "output.high", "3000"),
    ("BOK-1", "Håndbok (trykket)", 349, "output.zero.rate", "3100"),
    ("MAT", "Lunsj, møte", 125, "output.medium", "3000"),
    ("KINO", "Kinobillett", 140, "output.low", "3000"),
    ("EKSP", "Konsulenttime, eksport", 1150, "output.export", "3100"),
)

FEATURES = ["ALLOW_BOOKKEEPING", "ALLOW_EFAKTURA", "ALLOW_EHF", "ALLOW_EMAIL", "ALLOW_KID"]


def seed(seeding: Seeding) -> dict:
    start = datetime.combine(seeding.today, time(), tzinfo=UTC)
    rng, fake = seeding.random, seeding.faker
    # Indexed as the workspace's store is, so lookups by account number work while seeding.
    store = Store(unique=UNIQUE, indexed=INDEXED)
    registry: dict[str, dict] = {}
    for org_id, access, vat_registered, first_invoice_no in ORGS:
        org_no = identifiers.make_no_org_number(rng)
        store.insert(
            ORGANIZATIONS,
            {
                "id": org_id,
                "name": fake.company(),
                "blockedStatus": "NOT_BLOCKED",
                "active": True,
                "_access": access,
                "_orgNo": org_no,
                "_vatRegistered": vat_registered,
                "_regnskapStartDate": f"{seeding.today.year - 3}-01-01",
                "_subscription": _subscription(org_id, seeding),
            },
            org_id,
        )
        # Invoice numbers: the next one is the counter's next value (set per org).
        store.set_counter(f"invoiceNo:{org_id}", first_invoice_no - 1)
        registry[org_no] = _ehf(True)
        for number, name, vat_code, active in CHART:
            store.insert(
                ACCOUNTS,
                {
                    "_org": org_id,
                    "_key": account_key(org_id, number),
                    "bookkeepingAccountNo": number,
                    "vatCode": vat_code,
                    "name": name,
                    "isActive": active,
                    "bookkeepingAccountGroupId": int(number[:2]),
                    "createdAt": timestamp(start - timedelta(days=1000)),
                    "modifiedAt": timestamp(start - timedelta(days=1000)),
                    "isLocked": number in ("1500", "2400"),
                },
            )
        _bank_accounts(store, org_id, rng, start)
    _products(store, start)
    _customers(store, seeding, registry, start)
    store.set_value("ehfRegistry", registry)
    _invoices(store, seeding, start)
    return store.state


def _subscription(org_id: int, seeding: Seeding) -> dict:
    year = seeding.today.year
    return {
        "orgId": org_id,
        "validFrom": f"{year}-01-01",
        "validTo": f"{year}-12-31",
        "trialValidTo": f"{year - 3}-01-31",
        "subscriptionPlanPriceId": 3,
        "invoiceLimit": -1,
        "registrationSource": "EXTERNAL_API",
        "allowedFeatures": list(FEATURES),
    }


def _ehf(can_receive: bool) -> dict:
    return {
        "canReceiveInvoices": can_receive,
        "canReceiveCreditNotes": can_receive,
        "canReceiveEhf30": can_receive,
    }


def no_account_number(rng) -> str:
    """An 11-digit Norwegian bank account number with its mod 11 check digit."""
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        body = str(rng.randint(1000, 9999)) + "".join(str(rng.randint(0, 9)) for _ in range(6))
        remainder = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return body + str(check)


def no_iban(account_no: str) -> str:
    """The IBAN of a Norwegian account number (NO, mod 97 check digits, the 11 digits)."""
    check = 98 - int(account_no + "232400") % 97
    iban = f"NO{check:02d}{account_no}"
    assert identifiers.valid_iban(iban)
    return iban


def _bank_accounts(store: Store, org_id: int, rng, start: datetime) -> None:
    for name, number, kind, for_invoicing in (
        ("Driftskonto", "1920", "NORMAL", True),
        ("Skattetrekkskonto", "1950", "TAX_DEDUCTION", False),
    ):
        account_no = no_account_number(rng)
        store.insert(
            BANK_ACCOUNTS,
            {
                "_org": org_id,
                "swift": "DNBANOKKXXX",
                "iban": no_iban(account_no),
                "accountNo": account_no,
                "name": name,
                "kidAgreementId": str(rng.randint(100000000, 999999999)) if for_invoicing else None,
                "isKidActive": for_invoicing,
                "bookkeepingAccountNo": number,
                "hideOnTransactionWizards": False,
                "createdAt": timestamp(start - timedelta(days=900)),
                "kidApplicationStatus": "ACTIVE" if for_invoicing else "NOT_APPLIED",
                "ownerType": "ORGANIZATION",
                "bankAccountType": kind,
                "isArchived": False,
                "allowedForInvoicing": for_invoicing,
            },
        )


def _products(store: Store, start: datetime) -> None:
    for org_id, chosen in ((11, PRODUCT_LIST), (12, PRODUCT_LIST[:3]), (99, PRODUCT_LIST[:2])):
        for index, (number, name, price, vat_code, account_no) in enumerate(chosen):
            store.insert(
                PRODUCTS,
                {
                    "_org": org_id,
                    "name": name,
                    "bookkeepingAccountNo": account_no,
                    "displayIsIncludingVat": False,
                    "createdAt": timestamp(start - timedelta(days=400 - index)),
                    "vatCode": vat_code if org_id != 12 else "output.exempted",
                    "price": price,
                    "productNo": number,
                    "isActive": True,
                },
            )


# Customer ids: 101 on, so the guide's customer 123 falls among org 11's.
FIRST_CUSTOMER = 101
ORG_11_CUSTOMERS = 30  # 101..130
ORG_12_CUSTOMERS = 6
ORG_99_CUSTOMERS = 3


def _customers(store: Store, seeding: Seeding, registry: dict, start: datetime) -> None:
    rng, fake = seeding.random, seeding.faker
    store.set_counter(CUSTOMERS, FIRST_CUSTOMER - 1)
    plan = (
        [(11, i) for i in range(ORG_11_CUSTOMERS)]
        + [(12, i) for i in range(ORG_12_CUSTOMERS)]
        + [(99, i) for i in range(ORG_99_CUSTOMERS)]
    )
    for org_id, index in plan:
        customer_id = store.peek(CUSTOMERS) + 1
        organization = index % 2 == 1 or customer_id == 123
        created = start - timedelta(days=600 - index * 7, hours=rng.randint(8, 16))
        document: dict = {
            "_org": org_id,
            "_createdAt": timestamp(created),
            "_modifiedAt": timestamp(created + timedelta(days=rng.randint(0, 30))),
            "customerType": "ORGANIZATION" if organization else "INDIVIDUAL",
            "customerAddressLine1": fake.street_address(),
            "customerAddressPostcode": fake.postcode(),
            "customerAddressCity": fake.city(),
            "customerAddressCountry": "Norge",
            "daysUntilPaymentReminder": 14,
            "daysUntilEstimateOverdue": 30,
            "defaultInvoiceDiscount": 0,
            "isActive": True,
            "contacts": [],
        }
        if organization:
            name = fake.company()
            org_no = identifiers.make_no_org_number(rng)
            # Every other organization customer is in the EHF registry, the rest are not.
            registry[org_no] = _ehf(index % 4 == 1 or customer_id == 123)
            document.update(
                name=name,
                orgNo=org_no,
                emailAddress=f"faktura@{_domain(name)}.no",
                phoneNo=fake.phone_number(),
                invoiceDeliveryMethod="EHF" if registry[org_no]["canReceiveEhf30"] else "EMAIL",
            )
            if registry[org_no]["canReceiveEhf30"]:
                document["ehfRecipientOrgNo"] = org_no
        else:
            first = "Lisa" if (org_id, index) == (11, 0) else fake.first_name()
            last = fake.last_name()
            document.update(
                name=f"{first} {last}",
                emailAddress=f"{_domain(first)}.{_domain(last)}@example.no",
                phoneNo=fake.phone_number(),
                dateOfBirth=seeding.date_of_birth(fake).isoformat(),
                invoiceDeliveryMethod="EMAIL",
            )
        store.insert(CUSTOMERS, document)


def _domain(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
    cleaned = "".join(ch for ch in text.lower().translate(table) if ch.isalnum())
    return cleaned or "kunde"


# Invoice ids from 41, so the guide's invoice 44 is one of them. Per invoice: (org, customer,
# days before today it was dated, days until due, lines as (product no, quantity, discount %)).
FIRST_INVOICE = 41
INVOICE_PLAN = (
    (11, 102, 60, 14, (("KONS-1", 8, 0),)),  # 41: paid by a manual payment
    (11, 104, 45, 14, (("SUPP-M", 3, 0), ("BOK-1", 2, 0))),  # 42 and 43: one OCR payment
    (11, 106, 40, 14, (("LIS-ÅR", 1, 10),)),
    (11, 123, 20, 30, (("KONS-1", 2, 0), ("MAT", 10, 0))),  # 44: the guide's, unpaid
    (11, 108, 35, 14, (("KURS-D", 1, 0), ("KINO", 4, 0))),  # 45: overdue
    (11, 110, 10, 14, (("KONS-1", 4, 0), ("EKSP", 2, 5))),  # 46: partly paid
    (12, 131, 15, 14, (("KONS-1", 3, 0),)),
)


def _invoices(store: Store, seeding: Seeding, start: datetime) -> None:
    """Invoices made, posted and paid through the same functions as the API's, so the seeded
    ledger agrees with them: invoice 44 (NOK, unpaid, dated before today), an overdue one, a
    partly paid one, and the guide's "automatic bank payment for two invoices" (OCR_CREMUL)."""
    store.set_counter(INVOICES, FIRST_INVOICE - 1)
    made = []
    for org_id, customer_id, age, terms, lines in INVOICE_PLAN:
        products = {p["productNo"]: p for p in store.where(PRODUCTS, "_org", org_id)}
        requested = [
            {
                "productId": products[no]["id"],
                "description": products[no]["name"],
                "price": products[no]["price"],
                "quantity": quantity,
                "discount": discount,
                "vatCode": vat.from_product(products[no]["vatCode"]),
            }
            for no, quantity, discount in lines
        ]
        dated = seeding.today - timedelta(days=age)
        customer = store.get(CUSTOMERS, customer_id) or {}
        made.append(
            invoicing.issue(
                store,
                org_id,
                {
                    "customerId": customer_id,
                    "invoiceDate": dated.isoformat(),
                    "invoiceDueDate": (dated + timedelta(days=terms)).isoformat(),
                    "invoiceRecipients": [
                        {
                            "type": "EMAIL",
                            "emailAddress": customer.get("emailAddress"),
                            "emailRecipientType": "EMAIL_TO",
                        }
                    ],
                },
                invoicing.priced_lines(store, org_id, requested),
                created_at=timestamp(start - timedelta(days=age, hours=-9)),
                bank_account=bank_accounts.invoicing_account(store, org_id),
            )
        )
        sent_at = timestamp(start - timedelta(days=age, hours=-9, minutes=-1))
        delivery.record_sent(store, org_id, made[-1], day=dated.isoformat(), at=sent_at)
    account = bank_accounts.invoicing_account(store, 11)
    assert account is not None
    # (invoices, days ago, payment type, share of each invoice's total paid)
    for paid, age, kind, share in (
        ((0,), 50, "MANUAL", Decimal(1)),
        ((1, 2), 30, "OCR_CREMUL", Decimal(1)),
        ((5,), 3, "MANUAL", Decimal("0.5")),
    ):
        payments.record_payment(
            store,
            11,
            date=(seeding.today - timedelta(days=age)).isoformat(),
            partials=[(made[i], round_half_up(decimal(made[i]["sumTotal"]) * share)) for i in paid],
            bank_account=account,
            created_at=timestamp(start - timedelta(days=age, hours=-10)),
            payment_type=kind,
        )
