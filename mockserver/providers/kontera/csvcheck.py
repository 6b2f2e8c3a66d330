"""The validator for the CSV single-entries file: every violation, at `[row].column`.

Rows are numbered from 0 after the header, like a JSON array, and each message also names the
file line (header = line 1). Both spellings the documents disagree on are read (§5 of the
research notes): `contact-externalIdd`, `contact-address`, `invoice-billingPeriod_from`/`_to`,
`debitAccount-number` without the `entry-` prefix, and the reference-only `contact-supplierType`
and `entry-tax-type`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from mockserver.providers.kontera import models
from mockserver.providers.kontera.csvfile import COLUMNS, read
from mockserver.providers.kontera.validation import contact_rules, invoice_rules, problem

MAX_ROWS = 100_000
_DIMENSION = re.compile(r"^entry-dimensions-(\d{1,2})-(name|externalId|type)$")
_ALIASES = {
    "contact-externalIdd": "contact-externalId",
    "contact-address": "contact-address-street",
    **{
        f"{side}Account-{name}": f"entry-{side}Account-{name}"
        for side in ("debit", "credit")
        for name in ("number", "externalId", "currency")
    },
}
_EXTRA = ("invoice-billingPeriod_from", "invoice-billingPeriod_to", "contact-supplierType", "entry-tax-type")
REQUIRED = (
    "konteraId", "contact-contactId", "contact-legalType", "entry-entryId", "entry-entryNumber",
    "entry-type", "entry-date", "entry-lineId", "entry-lineNumber", "entry-debitAccount-number",
    "entry-creditAccount-number", "entry-amount", "entry-currency",
)  # fmt: skip
_NUMBER = Annotated[
    str, models._checked(lambda v: v.isdigit() and int(v) >= 1, "must be a whole number from 1")
]
_PERIOD = Annotated[
    str,
    models._checked(
        lambda v: len(v.split("/")) == 2 and all(models.parse_date(p) for p in v.split("/")),
        "must be two ISO dates from/to, such as 2024-01-01/2024-01-31",
    ),
]
_TYPES: dict[str, Any] = {
    "konteraId": models.KonteraId,
    "invoice-billingPeriod": _PERIOD,
    "invoice-billingPeriod_from": models.IsoDate,
    "invoice-billingPeriod_to": models.IsoDate,
    "invoice-currency": models.Currency,
    "invoice-date": models.IsoDate,
    "invoice-payableUntil": models.IsoDate,
    "invoice-qrReferenceNumber": models.QrReference,
    "contact-contactId": models.Uuid,
    "contact-externalId": models.ExternalId,
    "contact-legalType": Literal["company", "person"],
    "contact-supplierType": Literal["accounts-payable", "accounts-receivable"],
    "contact-address-country": models.Country,
    "entry-entryNumber": _NUMBER,
    "entry-type": Literal[models.ENTRY_TYPES],  # type: ignore[valid-type]
    "entry-date": models.IsoDate,
    "entry-lineNumber": _NUMBER,
    "entry-amount": models.Amount,
    "entry-currency": models.Currency,
    "entry-tax-value": models.Percent,
    "entry-tax-type": Literal[models.TAX_TYPES],  # type: ignore[valid-type]
    "entry-originalAmount": models.Amount,
    "entry-originalCurrency": models.Currency,
    "entry-debitAccount-currency": models.Currency,
    "entry-creditAccount-currency": models.Currency,
    "entry-text": models.Text,
}
_NAME = Annotated[str, Field(max_length=255)]
_ADAPTERS: dict[str, TypeAdapter[Any]] = {column: TypeAdapter(kind) for column, kind in _TYPES.items()}
_DEFAULT = TypeAdapter(_NAME)
_DIMENSION_KIND: Any = Literal["cost-center", "project"]  # a type as a value: Any to the checker
_DIMENSION_TYPE: TypeAdapter[str] = TypeAdapter(_DIMENSION_KIND)
_TRANSACTION_COLUMNS = tuple(c for c in COLUMNS if c.startswith(("invoice-", "contact-")))
_ENTRY_COLUMNS = ("entry-entryId", "entry-type", "entry-date")


def validate_csv(text: str) -> list[dict]:
    try:
        header, rows = read(text)
    except csv.Error as error:
        return [problem((), f"not a readable CSV file (RFC 4180): {error}")]
    if not header:
        return [problem((), "the file is empty: a CSV export starts with its header row")]
    if len(rows) > MAX_ROWS:
        return [problem((), f"at most {MAX_ROWS} rows are checked at once")]
    columns, found = _columns(header)
    if found:
        return found
    records = [dict(zip(columns, row, strict=False)) for row in rows]
    for index, (row, record) in enumerate(zip(rows, records, strict=True)):
        if len(row) != len(header):
            found.append(_at(index, "", f"has {len(row)} cells, the header {len(header)}"))
        found += _cells(index, record)
    return found + list(_across_rows(records))


def _at(index: int, column: str, message: str) -> dict:
    path = f"[{index}].{column}" if column else f"[{index}]"
    return {"path": path, "message": f"{message} (line {index + 2})"}


def _columns(header: list[str]) -> tuple[list[str], list[dict]]:
    columns, found = [], []
    for position, raw in enumerate(header):
        column = _ALIASES.get(raw.strip(), raw.strip())
        if column not in COLUMNS and column not in _EXTRA and not _DIMENSION.match(column):
            found.append(problem((), f"unknown column {raw!r} (column {position + 1})"))
        elif column in columns:
            found.append(problem((), f"column {column!r} appears twice"))
        columns.append(column)
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        found.append(problem((), f"missing column(s): {', '.join(missing)}"))
    return columns, found


def _cells(index: int, record: dict) -> list[dict]:
    found = []
    for column, value in record.items():
        if value == "":
            if column in REQUIRED or column == "entry-text":
                found.append(_at(index, column, "is required"))
            continue
        dimension = _DIMENSION.match(column)
        adapter = _DIMENSION_TYPE if dimension and dimension[2] == "type" else _ADAPTERS.get(column, _DEFAULT)
        try:
            adapter.validate_python(value, strict=True)
        except ValidationError as error:
            raw = error.errors(include_url=False)[0]
            message = str(raw["msg"])
            if raw["type"] == "literal_error":
                message = f"must be one of {raw['ctx']['expected']}"
            found.append(_at(index, column, message))
    return found


def _across_rows(records: list[dict]) -> Iterator[dict]:
    """Transaction columns agree within a transaction, entry columns within an entry, line ids
    follow `K-<id>-S-<entry>-<line>` and are unique, and the contact's conditional fields hold."""
    first_of: dict[str, int] = {}
    entry_of: dict[tuple, int] = {}
    lines: set[tuple] = set()
    for index, record in enumerate(records):
        kontera_id, number = record.get("konteraId", ""), record.get("entry-entryNumber", "")
        origin = first_of.setdefault(kontera_id, index)
        if origin == index:
            yield from _transaction_rules(index, record)
        for column in _TRANSACTION_COLUMNS:
            if column in record and record[column] != records[origin].get(column):
                yield _at(index, column, f"differs from row [{origin}] of the same transaction")
        entry_origin = entry_of.setdefault((kontera_id, number), index)
        for column in _ENTRY_COLUMNS:
            if record.get(column) != records[entry_origin].get(column):
                yield _at(index, column, f"differs from row [{entry_origin}] of the same entry")
        yield from _line_id(index, record, lines)


def _line_id(index: int, record: dict, lines: set) -> Iterator[dict]:
    kontera_id, number = record.get("konteraId", ""), record.get("entry-entryNumber", "")
    line, line_id = record.get("entry-lineNumber", ""), record.get("entry-lineId", "")
    expected = f"{kontera_id}-S-{number}-{line}"
    if line_id and line_id != expected:
        yield _at(index, "entry-lineId", f"must be {expected} (K-<id>-S-<entryNumber>-<lineNumber>)")
    if (kontera_id, number, line) in lines:
        yield _at(index, "entry-lineNumber", f"line {line} of entry {number} appears twice")
    lines.add((kontera_id, number, line))
    entry_id = record.get("entry-entryId", "")
    if entry_id and kontera_id and not entry_id.startswith(f"{kontera_id}-"):
        yield _at(
            index, "entry-entryId", f"must start with the row's konteraId: {kontera_id}-S-<entryNumber>"
        )


def _transaction_rules(index: int, record: dict) -> Iterator[dict]:
    contact = {key.removeprefix("contact-"): value or None for key, value in record.items()}
    for path, message in contact_rules(contact):
        yield _at(index, f"contact-{path[0]}", message)
    invoice = {
        "date": record.get("invoice-date") or None,
        "payableUntil": record.get("invoice-payableUntil") or None,
        "currency": record.get("invoice-currency") or None,
    }
    for path, message in invoice_rules(invoice):
        yield _at(index, f"invoice-{path[0]}", message)
