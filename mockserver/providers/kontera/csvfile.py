"""The CSV single-entries file: one row per single entry, debit and credit account on the row.

A collective entry (n debit lines, m credit lines) becomes single entries by pairing its lines
greedily in line order, each row carrying the smaller remainder (at most n + m - 1 rows; one row
per P&L line when the other side has one line, as the entries page shows). Tax, text, dimensions
and original amount come from the row's P&L-side line. Columns are the CSV page's, in the
contract's order, then `entry-dimensions-{n}-name/-externalId/-type` for as many dimensions as
the file's richest row has. RFC 4180: comma, CRLF, quotes where needed, UTF-8 without a BOM.
`invoice-billingPeriod` (a single column the page leaves unformatted) is `from/to`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from mockserver.providers.kontera.models import parse_amount

COLUMNS = (
    "konteraId", "invoice-number", "invoice-billingPeriod", "invoice-currency", "invoice-date",
    "invoice-payableUntil", "invoice-qrReferenceNumber", "invoice-owner", "invoice-source",
    "invoice-sourceId", "contact-contactId", "contact-externalId", "contact-legalType",
    "contact-firstName", "contact-lastName", "contact-companyName", "contact-companyTaxNumber",
    "contact-companyUid", "contact-address-street", "contact-address-houseNumber",
    "contact-address-postalCode", "contact-address-city", "contact-address-country",
    "entry-entryId", "entry-entryNumber", "entry-type", "entry-date", "entry-lineId",
    "entry-lineNumber", "entry-debitAccount-externalId", "entry-debitAccount-number",
    "entry-debitAccount-currency", "entry-creditAccount-externalId", "entry-creditAccount-number",
    "entry-creditAccount-currency", "entry-amount", "entry-currency", "entry-tax-value",
    "entry-tax-code", "entry-tax-externalId", "entry-originalAmount", "entry-originalCurrency",
    "entry-text",
)  # fmt: skip
DIMENSION_FIELDS = ("name", "externalId", "type")
MEDIA_TYPE = "text/csv; charset=utf-8"


def dimension_columns(count: int) -> list[str]:
    return [f"entry-dimensions-{n}-{name}" for n in range(1, count + 1) for name in DIMENSION_FIELDS]


# -- writing -----------------------------------------------------------------------------------


def write(documents: list[dict]) -> str:
    """The CSV file of these JSON transactions."""
    rows = [row for document in documents for row in transaction_rows(document)]
    width = max((len(row.get("dimensions", [])) for row in rows), default=0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *dimension_columns(width)])
    for row in rows:
        cells = [row.get(column) for column in COLUMNS]
        for dimension in row.get("dimensions", []):
            cells += [dimension.get(name) for name in DIMENSION_FIELDS]
        cells += [None] * (len(COLUMNS) + 3 * width - len(cells))
        writer.writerow(["" if cell is None else str(cell) for cell in cells])
    return out.getvalue()


def transaction_rows(document: dict) -> Iterator[dict]:
    kontera_id = document["konteraId"]
    common = {"konteraId": kontera_id} | _invoice_cells(document.get("invoice")) | contact_cells(document)
    for entry in document.get("entries", []):
        number = entry["entryNumber"]
        entry_cells = {
            "entry-entryId": f"{kontera_id}-S-{number}",
            "entry-entryNumber": number,
            "entry-type": entry["type"],
            "entry-date": entry["date"],
        }
        for m, (debit, credit, amount) in enumerate(single_entries(entry["lines"]), start=1):
            cells = (
                common | entry_cells | {"entry-lineId": f"{kontera_id}-S-{number}-{m}", "entry-lineNumber": m}
            )
            yield cells | _pair_cells(debit, credit, amount)


def single_entries(lines: list[dict]) -> Iterator[tuple[dict, dict, Decimal]]:
    """(debit line, credit line, amount) pairs, greedily in line order."""
    debits = [(line, Decimal(line["amount"])) for line in lines if line.get("creditDebit") == "debit"]
    credits = [(line, Decimal(line["amount"])) for line in lines if line.get("creditDebit") == "credit"]
    i = j = 0
    while i < len(debits) and j < len(credits):
        amount = min(debits[i][1], credits[j][1])
        yield debits[i][0], credits[j][0], amount
        debits[i] = (debits[i][0], debits[i][1] - amount)
        credits[j] = (credits[j][0], credits[j][1] - amount)
        i += debits[i][1] == 0
        j += credits[j][1] == 0


def _primary(debit: dict, credit: dict) -> dict:
    """The P&L-side line of a pair: the one with tax or dimensions, else the debit line."""
    for line in (debit, credit):
        if line.get("tax") or line.get("dimensions"):
            return line
    return debit


def _pair_cells(debit: dict, credit: dict, amount: Decimal) -> dict:
    primary = _primary(debit, credit)
    tax = primary.get("tax") or {}
    whole = parse_amount(primary.get("amount")) == amount
    cells = {"entry-amount": f"{amount:.2f}", "entry-currency": primary.get("currency")}
    for prefix, line in (("entry-debitAccount", debit), ("entry-creditAccount", credit)):
        account = line.get("account") or {}
        for name in ("externalId", "number", "currency"):
            cells[f"{prefix}-{name}"] = account.get(name)
    cells |= {"entry-tax-value": tax.get("value"), "entry-tax-code": tax.get("code")}
    cells["entry-tax-externalId"] = tax.get("externalId")
    cells["entry-originalAmount"] = primary.get("originalAmount") if whole else None
    cells["entry-originalCurrency"] = primary.get("originalCurrency") if whole else None
    cells["entry-text"] = primary.get("text")
    return cells | {"dimensions": primary.get("dimensions") or []}


def _invoice_cells(invoice: dict | None) -> dict:
    invoice = invoice or {}
    period = invoice.get("billingPeriod")
    cells = {f"invoice-{name}": invoice.get(name) for name in ("number", "currency", "date", "payableUntil")}
    cells |= {
        f"invoice-{name}": invoice.get(name) for name in ("qrReferenceNumber", "owner", "source", "sourceId")
    }
    cells["invoice-billingPeriod"] = f"{period['from']}/{period['to']}" if period else None
    return cells


def contact_cells(document: dict) -> dict:
    contact = document.get("contact") or next(iter(document.get("contacts") or []), None) or {}
    cells = {f"contact-{name}": contact.get(name) for name in CONTACT_FIELDS}
    address = contact.get("address") or {}
    return cells | {f"contact-address-{name}": address.get(name) for name in ADDRESS_FIELDS}


CONTACT_FIELDS = (
    "contactId", "externalId", "legalType", "firstName", "lastName", "companyName",
    "companyTaxNumber", "companyUid",
)  # fmt: skip
ADDRESS_FIELDS = ("street", "houseNumber", "postalCode", "city", "country")


# -- reading -----------------------------------------------------------------------------------


def read(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file (a UTF-8 BOM is tolerated). Raises csv.Error."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    rows = [row for row in reader if row]
    return (rows[0], rows[1:]) if rows else ([], [])
