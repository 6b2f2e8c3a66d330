"""Konto's seed: an Icelandic company's books, dated relative to the clock's start.

Every guid and kennitala the docs' examples use exists, with the amounts the examples imply
(item 43521ec8-... costs 1 at VAT Z, item 6be71e6c-... 1690 ISK at VAT S, so the examples' amounts
2 and 2095.6 reconcile). Everything else comes from Faker (is_IS) and the seeded generator.
Invoices are built by the same rules that serve create-invoice, so their totals reconcile.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mockserver.core.identifiers import make_kennitala
from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.konto.models import InvoiceData, OrderData
from mockserver.providers.konto.rules import billing, customers, invoices
from mockserver.providers.konto.rules.books import Books, empty_state, money

ACCOUNT_GUID = "f110ef1e-f080-11e6-a96f-0050560102f2"
DOC_CUSTOMERS = (
    "5a140a1c-13c6-11e7-9914-408d5c6208bc",
    "614669f6-3560-11e7-8d19-408d5c6208bc",
    "5a14796e-13c6-11e7-9914-408d5c6208bc",
)
DOC_USER_KENNITALA = "4444444444"
# guid, description, uom, VAT code, unit price, cost price, category
DOC_ITEMS = (
    ("f120bb56-f080-11e6-a96f-0050560102f2", "Ráðgjöf", "HUR", "S", "14900", "6000", "Þjónusta"),
    ("053a639f-3565-11e7-8d19-408d5c6208bc", "Kaffibaunir 1 kg", "KGS", "AA", "3490", "1800", "Vörur"),
    ("43521ec8-3413-11e7-b148-408d5c6208bc", "Prufuvara", "C62", "Z", "1", "0", "Prófun"),
    ("6be71e6c-d7dd-11e7-b836-005056c00001", "Mánaðaráskrift", "C62", "S", "1690", "400", "Áskrift"),
)
MORE_ITEMS = (
    ("Hýsing vefs", "C62", "S", "4990"),
    ("Bókhaldsþjónusta", "HUR", "S", "12500"),
    ("Ljósritunarpappír", "C62", "S", "1290"),
    ("Bók: Saga Íslands", "C62", "AA", "5990"),
    ("Akstur", "KTM", "S", "145"),
    ("Leiga á sal", "DAY", "S", "45000"),
    ("Útflutningsþjónusta", "C62", "Z", "25000"),
    ("Hreinsiefni 5 l", "LTR", "S", "890"),
)
PLACES = (
    ("101", "Reykjavík"),
    ("105", "Reykjavík"),
    ("108", "Reykjavík"),
    ("200", "Kópavogur"),
    ("210", "Garðabær"),
    ("220", "Hafnarfjörður"),
    ("270", "Mosfellsbær"),
    ("600", "Akureyri"),
    ("800", "Selfoss"),
    ("230", "Reykjanesbær"),
)
STREETS = (
    "Laugavegur",
    "Skólavörðustígur",
    "Hverfisgata",
    "Borgartún",
    "Suðurlandsbraut",
    "Ármúli",
    "Hafnarstræti",
    "Síðumúli",
    "Dalvegur",
    "Strandgata",
    "Glerárgata",
    "Austurvegur",
)
COST_CODES = ("Items", "Service", "Travel", "Sales", "Finance", "RawMaterial", "Other")


class Seeder:
    """Builds the state step by step; each step reads only the seeding's Faker and generator."""

    def __init__(self, seeding: Seeding) -> None:
        self.seeding = seeding
        self.fake = seeding.faker
        self.rng = seeding.random
        self.start = seeding.clock_start.astimezone(UTC)
        self.store = Store(empty_state())
        self.books = Books(self.store, self.start, "testuser")

    def at(self, day: date) -> None:
        self.books.now = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(
            minutes=self.rng.randint(0, 480)
        )

    def kennitala(self, company: bool) -> str:
        birth = self.fake.date_between(date(1950, 1, 1), date(2005, 12, 31))
        return make_kennitala(self.rng, birth, company=company)

    def address(self) -> dict:
        zip_code, city = self.rng.choice(PLACES)
        return {
            "address": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 120)}",
            "zip": zip_code,
            "city": city,
        }

    def phone(self) -> str:
        return f"{self.rng.choice('45678')}{self.rng.randint(0, 999999):06d}"

    def company_name(self) -> str:
        return f"{self.fake.last_name()} {self.rng.choice(('ehf.', 'hf.', 'slf.', 'sf.'))}"

    def account(self) -> None:
        name = self.company_name()
        registration_no = self.kennitala(company=True)
        slug = name.split()[0].lower()
        common = {
            "guid": ACCOUNT_GUID,
            "name": name,
            "username": "testuser",
            "registration_no": registration_no,
            "vat_no": str(self.rng.randint(100000, 149999)),
            "email": f"bokhald@{slug}.is",
        }
        self.store.set_value("account", {"tenant_guid": ACCOUNT_GUID})
        bookkeeper = {
            **common,
            "service_provider_guid": self.books.new_guid("bookkeepers"),
            "status": "Active",
            "count_of_bookkeepers": 2,
            "instance_config": {"default_lang": "is", "posting": "daily"},
        }
        self.store.put("bookkeepers", ACCOUNT_GUID, bookkeeper)
        tenant = {
            **common,
            "api_key": "",
            **self.address(),
            "phone_number": self.phone(),
            "bank_account": f"0133-26-{self.rng.randint(0, 999999):06d}",
            "bank_provider": "Landsbankinn",
            "claim_identifier": f"{self.rng.randint(1, 99999):05d}",
            "bank_username": "",
            "bank_password": "",
            "claim_branch": "0133",
            "bookkeeper_guid": ACCOUNT_GUID,
            "active_plan": "Konto Plús",
            "count_of_payusers": 3,
            "active_item": "invoice,claim,cost",
        }
        self.store.put("tenants", ACCOUNT_GUID, tenant)

    def users(self) -> None:
        user = {
            "kennitala": DOC_USER_KENNITALA,
            "name": "Prófun Prófsson",
            "email": "profun@example.is",
            **self.address(),
        }
        self.store.put("users", DOC_USER_KENNITALA, user)
        for _ in range(4):
            kennitala = self.kennitala(company=False)
            user = {
                "kennitala": kennitala,
                "name": self.fake.name(),
                "email": self.fake.free_email(),
                **self.address(),
            }
            self.store.put("users", kennitala, user)

    def customer(
        self, guid: str | None, *, name: str, registration_no: str, number: int, company: bool
    ) -> None:
        guid = guid or self.books.new_guid("customers")
        customer = {
            "guid": guid,
            **{field: None for field in customers.FIELDS},
            **customers.DEFAULTS,
            "name": name,
            **self.address(),
            "registration_no": registration_no,
            "email": f"{self.fake.user_name()}@example.is",
            "phone_number": self.phone(),
            "due_date": self.rng.choice((10, 14, 30)),
            "settlement_date": self.rng.choice((10, 14, 30)),
            "lang": self.rng.choice(("is", "is", "en")),
            "customer_number": f"C-{number:04d}",
            "vat": str(self.rng.randint(100000, 149999)) if company else "",
            "updated_timestamp": self.books.stamp(),
        }
        self.store.put("customers", guid, customer)

    def customers(self) -> None:
        for index, guid in enumerate(DOC_CUSTOMERS):
            self.customer(
                guid,
                name=self.company_name(),
                registration_no=self.kennitala(True),
                number=index + 1,
                company=True,
            )
        user = self.store.table("users")[DOC_USER_KENNITALA]
        self.customer(None, name=user["name"], registration_no=DOC_USER_KENNITALA, number=4, company=False)
        for index in range(10):
            company = index % 3 != 0
            self.customer(
                None,
                name=self.company_name() if company else self.fake.name(),
                registration_no=self.kennitala(company),
                number=index + 5,
                company=company,
            )

    def items(self) -> None:
        rows = [*DOC_ITEMS]
        for description, uom, tax, price in MORE_ITEMS:
            cost = money(int(price) * self.rng.randint(30, 70) // 100)
            rows.append((self.books.new_guid("items"), description, uom, tax, price, cost, "Almennt"))
        for number, (guid, description, uom, tax, price, cost, category) in enumerate(rows, start=1001):
            item = {
                "guid": guid,
                "item_number": str(number),
                "description": description,
                "uom": uom,
                "tax": tax,
                "unit_price": money(price),
                "category": category,
                "active": True,
                "cost_price": money(cost),
                "updated_timestamp": self.books.stamp(),
            }
            self.store.put("items", guid, item)
        self.store.set_counter("item_number", 1000 + len(rows))

    def lines(self) -> list[dict]:
        chosen = self.rng.sample(list(self.store.table("items")), self.rng.randint(1, 3))
        return [
            {
                "guid": guid,
                "qty": self.rng.randint(1, 5),
                "discount": self.rng.choice((0, 0, 0, 10)),
                "discount_type": 1,
            }
            for guid in chosen
        ]

    def invoice(
        self,
        customer: str,
        issue: date,
        status: str,
        accounting: str,
        *,
        guid: str | None = None,
        lines: list | None = None,
        kind: str = "invoice",
        refer: str | None = None,
    ) -> dict:
        self.at(issue)
        lines = lines or self.lines()
        days = self.store.table("customers")[customer]["due_date"] or 14
        data = {
            "currency": "ISK",
            "customer": {"guid": customer},
            "items": lines,
            "type": kind,
            "issue_date": issue.isoformat(),
            "due_date": (issue + timedelta(days=days)).isoformat(),
            "settlement_date": (issue + timedelta(days=days)).isoformat(),
            "refer_guid": refer,
            "description": self.rng.choice(INVOICE_DESCRIPTIONS),
            "booking": "",
        }
        ready = invoices.draft_from_data(self.books, InvoiceData.model_validate(data), priced_by_items=True)
        invoice = invoices.commit(self.books, ready, status)
        self.store.edit("invoices", invoice["guid"])["accounting_status"] = accounting
        if guid is not None:
            renamed = {**self.store.table("invoices")[invoice["guid"]], "guid": guid}
            self.store.delete("invoices", invoice["guid"])
            self.store.put("invoices", guid, renamed)
        return self.store.table("invoices")[guid or invoice["guid"]]

    def invoices(self) -> None:
        """Invoices over the last four months, numbered in issue order: paid, open (some overdue),
        a credit note, a cancelled one, two drafts, the docs' invoice and the docs' order."""
        today = self.start.date()
        self.pool = list(self.store.table("customers"))
        self.paid: list[dict] = []
        events = [(today - timedelta(days=126 - index * 7), self.regular) for index in range(18)]
        events += [
            (today - timedelta(days=20), self.doc_invoice),
            (today - timedelta(days=10), self.credit_note),
            (today - timedelta(days=30), self.cancelled),
            (today - timedelta(days=3), self.order),
            (today - timedelta(days=2), self.draft),
            (today - timedelta(days=1), self.draft),
        ]
        for day, make in sorted(events, key=lambda event: event[0]):
            make(day)

    def doc_invoice(self, day: date) -> None:
        lines = [{"guid": DOC_ITEMS[3][0], "qty": 1}, {"guid": DOC_ITEMS[2][0], "qty": 2}]
        self.invoice(DOC_CUSTOMERS[0], day, "Sent", "Created", guid=ACCOUNT_GUID, lines=lines)

    def regular(self, day: date) -> None:
        status = "Paid" if (self.start.date() - day).days > 45 or self.rng.random() < 0.3 else "Sent"
        accounting = (
            "Posted" if status == "Paid" else self.rng.choice(("Created", "Created", "Skipped", "Error"))
        )
        invoice = self.invoice(self.rng.choice(self.pool), day, status, accounting)
        if status == "Paid":
            self.paid.append(invoice)

    def credit_note(self, day: date) -> None:
        credited = self.paid[0]
        lines = [{"guid": credited["items"][0]["guid"], "qty": 1}]
        self.invoice(
            credited["customer"]["guid"],
            day,
            "Sent",
            "Posted",
            kind="credit",
            refer=credited["guid"],
            lines=lines,
        )

    def cancelled(self, day: date) -> None:
        self.invoice(self.rng.choice(self.pool), day, "Cancelled", "Skipped")

    def draft(self, day: date) -> None:
        self.invoice(self.rng.choice(self.pool), day, "Saved", "Created")

    def order(self, day: date) -> None:
        self.at(day)
        data = OrderData.model_validate(
            {
                "amount": "2095.6",
                "currency": "ISK",
                "kennitala": DOC_USER_KENNITALA,
                "booking": "Pöntun 1",
                "settlement_date": 10,
                "items": [{"guid": DOC_ITEMS[3][0], "qty": 1}],
            }
        )
        guid = billing.create_order(self.books, data)
        order = {**self.store.table("orders")[guid], "guid": ACCOUNT_GUID}
        self.store.delete("orders", guid)
        self.store.put("orders", ACCOUNT_GUID, order)
        for invoice in list(self.store.all("invoices")):
            if invoice["order_guid"] == guid:
                self.store.edit("invoices", invoice["guid"])["order_guid"] = ACCOUNT_GUID

    def costs(self) -> None:
        today = self.start.date()
        for index in range(14):
            posting = today - timedelta(days=100 - index * 7)
            self.at(posting)
            net_s = self.rng.randint(5, 400) * 100
            net_aa = self.rng.choice((0, 0, self.rng.randint(1, 50) * 100))
            vat_s, vat_aa = net_s * 24 // 100, net_aa * 11 // 100  # whole kronur: nets are hundreds
            guid = ACCOUNT_GUID if index == 0 else self.books.new_guid("costs")
            cost = {
                "guid": guid,
                "description": f"{self.company_name()}: {self.rng.choice(COST_DESCRIPTIONS)}",
                "vat_no": str(self.rng.randint(100000, 149999)),
                "amount": money(net_s + vat_s + net_aa + vat_aa),
                "vat_AA": money(vat_aa),
                "vat_S": money(vat_s),
                "cost_code": self.rng.choice(COST_CODES),
                "how_paid": self.rng.randint(1, 4),
                "file": None,
                "posting_date": posting.isoformat(),
                "xml": None,
                "accounting_status": "Posted"
                if index < 8
                else self.rng.choice(("Created", "Created", "Error")),
                "accounting_message": "",
                "updated_timestamp": posting.isoformat(),
            }
            self.store.put("costs", guid, cost)


COST_DESCRIPTIONS = (
    "Skrifstofuvörur",
    "Rafmagn og hiti",
    "Símaþjónusta",
    "Húsaleiga",
    "Ferðakostnaður",
    "Hugbúnaðaráskrift",
    "Veitingar",
    "Viðhald",
    "Bensín",
)
INVOICE_DESCRIPTIONS = ("Þjónusta", "Vörusala", "Ráðgjöf og vinna", "Áskrift", "Verkefni", "Efni og vinna")


def seed(seeding: Seeding) -> dict:
    """The seeded Konto state: a pure function of the seed and the clock's start."""
    seeder = Seeder(seeding)
    seeder.account()
    seeder.users()
    seeder.customers()
    seeder.items()
    seeder.invoices()
    seeder.costs()
    seeder.store.set_counter("invoice_number", max(int(i["number"]) for i in seeder.store.all("invoices")))
    return seeder.store.state
