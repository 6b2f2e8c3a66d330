"""Seeded exports: balanced, valid, the same amounts in JSON and CSV, Swiss VAT by date."""

from __future__ import annotations

import base64
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.core.identifiers import is_qr_iban, valid_creditor_reference, valid_iban, valid_qr_reference
from mockserver.providers.kontera import csvcheck, csvfile, rules
from mockserver.providers.kontera.validation import validate_document

from .helpers import seeded

ACCRUAL_TYPES = {"profit-loss-to-collective-account", "collective-account-to-payment", "fee-to-payment"}
CASH_TYPES = {"profit-loss-to-payment", "fee-to-payment"}


def _balanced(document: list[dict]) -> bool:
    for transaction in document:
        for entry in transaction["entries"]:
            sides = Counter()
            for line in entry["lines"]:
                sides[line["creditDebit"]] += Decimal(line["amount"])
            if sides["debit"] != sides["credit"] or sides["debit"] <= 0:
                return False
    return True


def _json_totals(document: list[dict]) -> Counter:
    totals = Counter()
    for transaction in document:
        for entry in transaction["entries"]:
            for line in entry["lines"]:
                key = (
                    transaction["konteraId"],
                    entry["entryNumber"],
                    line["creditDebit"],
                    line["account"]["number"],
                )
                totals[key] += Decimal(line["amount"])
    return totals


def _csv_totals(text: str) -> Counter:
    header, rows = csvfile.read(text)
    totals = Counter()
    for row in rows:
        cell = dict(zip(header, row, strict=True))
        amount, number = Decimal(cell["entry-amount"]), int(cell["entry-entryNumber"])
        totals[(cell["konteraId"], number, "debit", cell["entry-debitAccount-number"])] += amount
        totals[(cell["konteraId"], number, "credit", cell["entry-creditAccount-number"])] += amount
    return totals


@settings(max_examples=40, deadline=None)
@given(
    number=st.integers(0, 10_000),
    start=st.dates(date(2023, 3, 1), date(2026, 12, 31)),
    offset=st.integers(0, 130),
    length=st.integers(0, 90),
    basis=st.sampled_from(rules.BASES),
)
def test_any_seed_and_window_is_balanced_valid_and_agrees_with_its_csv(number, start, offset, length, basis):
    store = seeded(
        number, datetime(start.year, start.month, start.day, tzinfo=UTC), journalExportExportsFiles=True
    )
    window_start = start - timedelta(days=offset)
    window_end = window_start + timedelta(days=length)
    document = orjson.loads(orjson.dumps(rules.export(store, window_start, window_end, basis)))
    assert validate_document(document) == []
    assert _balanced(document)
    allowed = ACCRUAL_TYPES if basis == "accrual" else CASH_TYPES
    for transaction in document:
        assert {entry["type"] for entry in transaction["entries"]} <= allowed
        assert all(
            window_start.isoformat() <= e["date"] <= window_end.isoformat() for e in transaction["entries"]
        )
    text = csvfile.write(rules.export(store, window_start, window_end, basis, json_file=False))
    assert csvcheck.validate_csv(text) == []
    assert _csv_totals(text) == _json_totals(document)


def test_same_seed_and_clock_give_identical_bytes_and_another_seed_does_not():
    first = orjson.dumps(rules.export(seeded(7, journalExportExportsFiles=True), None, None, "accrual"))
    again = orjson.dumps(rules.export(seeded(7, journalExportExportsFiles=True), None, None, "accrual"))
    other = orjson.dumps(rules.export(seeded(8, journalExportExportsFiles=True), None, None, "accrual"))
    assert first == again and first != other
    csv_first = csvfile.write(rules.export(seeded(7), None, None, "cash", json_file=False))
    assert csv_first == csvfile.write(rules.export(seeded(7), None, None, "cash", json_file=False))


def _tax_lines(document):
    for transaction in document:
        for entry in transaction["entries"]:
            for line in entry["lines"]:
                if line["tax"]:
                    yield transaction["invoice"]["date"], line["tax"]


def test_swiss_vat_follows_the_invoice_date_across_2024():
    store = seeded(11, datetime(2024, 2, 20, tzinfo=UTC))
    seen = Counter()
    for on, tax in _tax_lines(rules.export(store, None, None, "accrual")):
        era = "2024" if on >= "2024-01-01" else "before"
        allowed = {"2024": {"8.1", "2.6", "3.8"}, "before": {"7.7", "2.5", "3.7"}}[era]
        assert tax["value"] in allowed, (on, tax)
        assert tax["code"].endswith(tax["value"].replace(".", ""))
        assert tax["type"] in ("pre-tax", "sales-tax") and tax["externalId"]
        seen[era] += 1
    assert seen["2024"] and seen["before"]


def test_bases_imply_their_entry_types_and_cash_books_only_what_is_paid():
    store = seeded(2)
    accrual = {t["konteraId"]: t for t in rules.export(store, None, None, "accrual")}
    cash = {t["konteraId"]: t for t in rules.export(store, None, None, "cash")}
    assert set(cash) < set(accrual)
    for kontera_id, transaction in cash.items():
        settled = [e for e in accrual[kontera_id]["entries"] if e["type"] == "collective-account-to-payment"]
        direct = [e for e in transaction["entries"] if e["type"] == "profit-loss-to-payment"]
        assert len(settled) == len(direct) == 1 and settled[0]["date"] == direct[0]["date"]
    assert any(e["type"] == "fee-to-payment" for t in accrual.values() for e in t["entries"])


def test_foreign_receipts_carry_original_and_account_currency_amounts():
    document = rules.export(seeded(5), None, None, "accrual")
    foreign = [t for t in document if t["invoice"]["currency"] != "CHF"]
    assert {t["invoice"]["currency"] for t in foreign} <= {"EUR", "USD"} and foreign
    for transaction in foreign:
        profit_loss = transaction["entries"][0]["lines"][0]
        assert profit_loss["originalCurrency"] == transaction["invoice"]["currency"]
        assert profit_loss["originalAmount"] != profit_loss["amount"] and profit_loss["currency"] == "CHF"
    in_eur = [
        line
        for t in foreign
        for e in t["entries"]
        for line in e["lines"]
        if line["account"]["currency"] == "EUR"
    ]
    assert all(line["amountInAccountCurrency"] == line["originalAmount"] for line in in_eur)


def test_ibans_and_references_pass_their_checks():
    stores = [seeded(number, enableOpenItems=True) for number in range(4, 8)]
    document = [t for store in stores for t in rules.export(store, None, None, "accrual")]
    store = stores[0]
    advices = [a for t in document for a in t.get("paymentAdvises", [])]
    assert {a["type"] for a in advices} == {"qr", "iban"}
    for advice in advices:
        assert valid_iban(advice["iban"])
        if advice["type"] == "qr":
            assert is_qr_iban(advice["iban"]) and valid_qr_reference(advice["reference"])
        else:
            assert valid_creditor_reference(advice["reference"])
    references = [t["invoice"]["qrReferenceNumber"] for t in document if t["invoice"]["qrReferenceNumber"]]
    assert references and all(valid_qr_reference(r) for r in references)
    accounts = rules.base_data(store)["accounts"]
    assert all(valid_iban(a["iban"]) for a in accounts if "iban" in a)
    assert any(is_qr_iban(a.get("qrIban", "")) for a in accounts)
    without = rules.export(seeded(4, enableOpenItems=False), None, None, "accrual")
    assert not any("paymentAdvises" in t for t in without)


def test_attached_files_are_real_pdfs():
    document = rules.export(seeded(1, journalExportExportsFiles=True), None, None, "accrual")
    for transaction in document:
        (file,) = transaction["files"]
        pdf = base64.b64decode(file["contentAsBase64"])
        assert file["contentType"] == "application/pdf" and file["name"].endswith(".pdf")
        assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
        xref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
        assert pdf[xref:].startswith(b"xref")
        for number, offset in enumerate(re.findall(rb"(\d{10}) 00000 n", pdf), start=1):
            assert pdf[int(offset) :].startswith(f"{number} 0 obj".encode())
    assert not any("files" in t for t in rules.export(seeded(1), None, None, "accrual"))


def test_csv_is_rfc_4180_with_numbered_dimensions():
    text = csvfile.write(rules.export(seeded(6), None, None, "accrual", json_file=False))
    header, rows = csvfile.read(text)
    assert tuple(header[: len(csvfile.COLUMNS)]) == csvfile.COLUMNS and len(csvfile.COLUMNS) == 43
    assert header[43:46] == [
        "entry-dimensions-1-name",
        "entry-dimensions-1-externalId",
        "entry-dimensions-1-type",
    ]
    assert text.count("\r\n") == len(rows) + 1 and all(len(row) == len(header) for row in rows)
    assert all(re.fullmatch(r"K-[0-9A-F]{12}-S-\d+-\d+", row[header.index("entry-lineId")]) for row in rows)


def test_csv_quotes_commas_quotes_and_newlines():
    document = orjson.loads(orjson.dumps(rules.export(seeded(6), None, None, "accrual", json_file=False)))
    for line in document[0]["entries"][0]["lines"]:
        line["text"] = 'Müller, "Spezial"\nzweite Zeile'
    text = csvfile.write(document)
    assert '"Müller, ""Spezial""\nzweite Zeile"' in text
    header, rows = csvfile.read(text)
    assert rows[0][header.index("entry-text")] == 'Müller, "Spezial"\nzweite Zeile'
    assert csvcheck.validate_csv(text) == []
