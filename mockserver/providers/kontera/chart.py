"""The seeded company's books: a Swiss SME chart of accounts, its VAT codes, and what each
account is used for when a receipt is drawn.

Swiss VAT changed on 2024-01-01 (8.1 / 2.6 / 3.8 %, before 7.7 / 2.5 / 3.7 %); the rate of a
line follows its invoice date. Codes follow the common Swiss naming (VB = Vorsteuer
Betriebsaufwand, UN/UR/UB = Umsatzsteuer Normal/Reduziert/Beherbergung), the reference's own
example being `VB77`.
"""

from __future__ import annotations

from datetime import date

VAT_CHANGE = date(2024, 1, 1)
RATES = {  # rate class -> (before 2024, from 2024)
    "standard": ("7.7", "8.1"),
    "reduced": ("2.5", "2.6"),
    "lodging": ("3.7", "3.8"),
}
_PREFIX = {("pre-tax", "standard"): "VB", ("pre-tax", "reduced"): "VR", ("pre-tax", "lodging"): "VH"}
_PREFIX |= {("sales-tax", "standard"): "UN", ("sales-tax", "reduced"): "UR", ("sales-tax", "lodging"): "UB"}

LEAD_CURRENCY = "CHF"
BANK, BANK_EUR, CARD, RECEIVABLES, PAYABLES, FEES = "1020", "1021", "1090", "1100", "2000", "6940"

# number, description, currency (None: the lead currency)
ACCOUNTS = (
    (BANK, "Bank CHF", None),
    (BANK_EUR, "Bank EUR", "EUR"),
    (CARD, "Kreditkarte (Transferkonto)", None),
    (RECEIVABLES, "Forderungen aus Lieferungen und Leistungen", None),
    (PAYABLES, "Verbindlichkeiten aus Lieferungen und Leistungen", None),
    ("3200", "Handelserlöse", None),
    ("3400", "Dienstleistungserlöse", None),
    ("4200", "Handelswarenaufwand", None),
    ("6000", "Raumaufwand", None),
    ("6200", "Fahrzeugaufwand", None),
    ("6500", "Verwaltungsaufwand", None),
    ("6510", "Telefon und Internet", None),
    ("6570", "Informatikaufwand", None),
    ("6600", "Werbeaufwand", None),
    ("6640", "Reisespesen", None),
    (FEES, "Bankspesen", None),
)

# What a cost or a sale is for: account, rate class, texts, amount range in CHF.
COSTS = (
    ("6510", "standard", ("Mobile Abo", "Internet Business", "Festnetz"), (39, 260)),
    ("6500", "standard", ("Büromaterial", "Druckerpatronen", "Porto"), (18, 420)),
    ("6500", "reduced", ("Fachliteratur", "Zeitschriften-Abo"), (25, 180)),
    ("6570", "standard", ("Software-Lizenz", "Hosting", "IT-Support"), (49, 2400)),
    ("6000", "standard", ("Reinigung Büro", "Parkplatzmiete"), (120, 900)),
    ("6200", "standard", ("Treibstoff", "Fahrzeugservice"), (60, 780)),
    ("6600", "standard", ("Inserat", "Flyer-Druck"), (150, 3200)),
    ("6640", "lodging", ("Hotelübernachtung",), (120, 480)),
    ("4200", "standard", ("Handelsware", "Verpackungsmaterial"), (200, 5200)),
)
SALES = (
    ("3400", "standard", ("Beratung", "Entwicklung", "Schulung", "Support-Pauschale"), (400, 12000)),
    ("3200", "standard", ("Warenlieferung", "Ersatzteile"), (150, 6800)),
    ("3200", "reduced", ("Bücherlieferung",), (80, 900)),
)
FOREIGN_SERVICES = ("Cloud-Abo", "SaaS-Lizenz", "Online-Werbung", "Domain-Verlängerung")
COST_CENTERS = ("Verwaltung", "Vertrieb", "Entwicklung")
FOREIGN_VENDORS = (  # name, country, currency: receipts paid by card abroad
    ("Zwitscherio", "US", "USD"),
    ("Cloudora Inc.", "US", "USD"),
    ("Pixelfabrik GmbH", "DE", "EUR"),
    ("Nordlicht Software AB", "SE", "EUR"),
)
RATE_RANGES = {"USD": (0.84, 0.93), "EUR": (0.92, 0.98)}  # CHF per unit


def rate_for(rate_class: str, on: date) -> str:
    before, after = RATES[rate_class]
    return after if on >= VAT_CHANGE else before


def tax_code(tax_type: str, rate_class: str, on: date) -> str:
    return _PREFIX[(tax_type, rate_class)] + rate_for(rate_class, on).replace(".", "")


def taxes() -> list[dict]:
    """Base data taxes: every code of both VAT eras, externalIds 1, 2, ..."""
    found = []
    for tax_type in ("pre-tax", "sales-tax"):
        for rate_class, values in RATES.items():
            for value in values:
                code = _PREFIX[(tax_type, rate_class)] + value.replace(".", "")
                kind = "Vorsteuer" if tax_type == "pre-tax" else "Umsatzsteuer"
                found.append({"code": code, "description": f"{kind} {value} %", "value": value})
    return [{"externalId": str(n), **tax} for n, tax in enumerate(found, start=1)]


def accounts(bank_iban: str, bank_qr_iban: str, eur_iban: str) -> list[dict]:
    found = []
    for n, (number, description, currency) in enumerate(ACCOUNTS, start=1):
        account = {"externalId": str(100 + n), "number": number, "description": description}
        account["currency"] = currency or LEAD_CURRENCY
        if number == BANK:
            account |= {"iban": bank_iban, "qrIban": bank_qr_iban}
        elif number == BANK_EUR:
            account["iban"] = eur_iban
        found.append(account)
    return found
