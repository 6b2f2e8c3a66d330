"""The validator: a Universal Accounting document in, every violation out, each with the path of
the field it concerns (`[0].entries[1].lines[0].amount`).

Two passes over each transaction: the models check every field on its own (types, lengths,
enums, ISO codes, dates), then the rules below check what ties fields together: the balance of
every entry, id patterns and uniqueness, conditional fields, QR and IBAN pairing. The rules read
the raw document defensively, so a transaction with a broken field still has its other rules
checked: one run names every problem, as a user fixing a test file wants.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from decimal import Decimal

from pydantic import TypeAdapter, ValidationError

from mockserver.core.identifiers import (
    is_qr_iban,
    valid_ch_uid,
    valid_creditor_reference,
    valid_qr_reference,
)
from mockserver.providers.kontera.models import Transaction, parse_amount, parse_date

MAX_TRANSACTIONS = 10_000
_TRANSACTION = TypeAdapter(Transaction)
_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "is not a field of the Universal Accounting format",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
}

Path = tuple[str | int, ...]


def path_text(path: Path) -> str:
    """`(0, "entries", 1, "amount")` as `[0].entries[1].amount`."""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.removeprefix(".")


def problem(path: Path, message: str) -> dict:
    return {"path": path_text(path), "message": message}


def model_problems(error: ValidationError, prefix: Path) -> list[dict]:
    """pydantic's errors in the validator's words, located at the client's own fields."""
    found = []
    for raw in error.errors(include_url=False):
        loc = tuple(part for part in raw["loc"] if not (isinstance(part, str) and "[" in part))
        message = _FRIENDLY.get(raw["type"]) or str(raw["msg"]).removeprefix("Value error, ")
        if raw["type"] == "literal_error":
            message = f"must be one of {raw['ctx']['expected']}"
        found.append(problem(prefix + loc, message))
    return found


def validate_document(document: object) -> list[dict]:
    """Every violation in a JSON document (already parsed): an array of transactions."""
    if not isinstance(document, list):
        return [problem((), "a Universal Accounting document is an array of transactions")]
    if len(document) > MAX_TRANSACTIONS:
        return [problem((), f"at most {MAX_TRANSACTIONS} transactions are checked at once")]
    found: list[dict] = []
    seen: dict[str, int] = {}
    for index, transaction in enumerate(document):
        found += validate_transaction(transaction, (index,))
        kontera_id = transaction.get("konteraId") if isinstance(transaction, dict) else None
        if isinstance(kontera_id, str):
            if kontera_id in seen:
                message = f"{kontera_id} appears twice (also at [{seen[kontera_id]}])"
                found.append(problem((index, "konteraId"), message))
            seen.setdefault(kontera_id, index)
    return found


def validate_transaction(transaction: object, prefix: Path = ()) -> list[dict]:
    try:
        _TRANSACTION.validate_python(transaction)
        found = []
    except ValidationError as error:
        found = model_problems(error, prefix)
    if isinstance(transaction, dict):
        found += [problem(prefix + path, message) for path, message in transaction_rules(transaction)]
    return found


# -- rules over one transaction ----------------------------------------------------------------

Finding = tuple[Path, str]


def _dicts(value: object) -> Iterator[tuple[int, dict]]:
    if isinstance(value, list):
        yield from ((index, item) for index, item in enumerate(value) if isinstance(item, dict))


def transaction_rules(transaction: dict) -> Iterator[Finding]:
    kontera_id = transaction.get("konteraId")
    if transaction.get("contact") is None and transaction.get("contacts") is None:
        yield ("contact",), "is required: a `contact` object (or a `contacts` array)"
    if isinstance(transaction.get("contact"), dict):
        yield from _prefixed(("contact",), contact_rules(transaction["contact"]))
    for index, contact in _dicts(transaction.get("contacts")):
        yield from _prefixed(("contacts", index), contact_rules(contact))
    if isinstance(transaction.get("invoice"), dict):
        yield from _prefixed(("invoice",), invoice_rules(transaction["invoice"]))
    for index, advice in _dicts(transaction.get("paymentAdvises")):
        yield from _prefixed(("paymentAdvises", index), advice_rules(advice))
    yield from entries_rules(transaction.get("entries"), kontera_id)
    for index, file in _dicts(transaction.get("files")):
        yield from _prefixed(("files", index), file_rules(file, kontera_id))


def _prefixed(prefix: Path, findings: Iterator[Finding]) -> Iterator[Finding]:
    for path, message in findings:
        yield prefix + path, message


def contact_rules(contact: dict) -> Iterator[Finding]:
    """The conditional fields: a company needs companyName, a person first and last name."""
    needed = {"company": ("companyName",), "person": ("firstName", "lastName")}
    legal_type = contact.get("legalType")
    for name in needed.get(legal_type, ()) if isinstance(legal_type, str) else ():
        if contact.get(name) in (None, ""):
            yield (name,), f"is required when legalType is {legal_type}"
    for name in ("companyUid", "companyTaxNumber"):
        value = contact.get(name)
        if isinstance(value, str) and value.startswith("CHE") and not valid_ch_uid(value):
            yield (name,), "is not a valid Swiss UID (CHE-123.456.789, mod 11 check digit)"


def invoice_rules(invoice: dict) -> Iterator[Finding]:
    issued, due = parse_date(invoice.get("date")), parse_date(invoice.get("payableUntil"))
    if issued and due and due < issued:
        yield ("payableUntil",), "must not be before the invoice date"
    period = invoice.get("billingPeriod")
    if isinstance(period, dict):
        start, end = parse_date(period.get("from")), parse_date(period.get("to"))
        if start and end and end < start:
            yield ("billingPeriod", "to"), "must not be before billingPeriod.from"
    if invoice.get("qrReferenceNumber") is not None:
        if invoice.get("postingType") == "accounts-payable":
            yield ("qrReferenceNumber",), "is for accounts-receivable invoices only"
        if invoice.get("currency") not in (None, "CHF", "EUR"):
            yield ("qrReferenceNumber",), "a Swiss QR bill is in CHF or EUR only"


def advice_rules(advice: dict) -> Iterator[Finding]:
    """A QR bill pays to a QR-IBAN with a QR reference; an IBAN payment to an ordinary IBAN,
    with a creditor reference (SCOR, RF...) if any."""
    iban, reference, kind = advice.get("iban"), advice.get("reference"), advice.get("type")
    if not isinstance(iban, str):
        return
    if kind == "qr":
        if not is_qr_iban(iban):
            yield ("iban",), "a QR payment needs a QR-IBAN (institution id 30000-31999)"
        if isinstance(reference, str) and not valid_qr_reference(reference):
            yield (
                ("reference",),
                "a QR payment's reference is a 27-digit QR reference with a valid check digit",
            )
    elif kind == "iban":
        if is_qr_iban(iban):
            yield ("iban",), "a QR-IBAN is only for QR payments (type qr)"
        if isinstance(reference, str) and reference.upper().startswith("RF"):
            if not valid_creditor_reference(reference):
                yield ("reference",), "is not a valid creditor reference (ISO 11649, RF and mod 97)"


def file_rules(file: dict, kontera_id: object) -> Iterator[Finding]:
    if isinstance(file.get("konteraId"), str) and file["konteraId"] != kontera_id:
        yield ("konteraId",), f"must be the transaction's konteraId {kontera_id}"
    content = file.get("contentAsBase64")
    if file.get("contentType") == "application/pdf" and isinstance(content, str):
        try:
            if not base64.b64decode(content, validate=True).startswith(b"%PDF-"):
                yield ("contentAsBase64",), "is not a PDF (application/pdf content starts with %PDF-)"
        except (binascii.Error, ValueError):
            pass  # the model already says it is not base64


def entries_rules(entries: object, kontera_id: object) -> Iterator[Finding]:
    numbers: dict[object, int] = {}
    ids: dict[object, Path] = {}
    currencies: set[str] = set()
    for index, entry in _dicts(entries):
        here: Path = ("entries", index)
        number = entry.get("entryNumber")
        if isinstance(number, int) and number in numbers:
            yield (
                here + ("entryNumber",),
                f"entryNumber {number} is used twice (also entries[{numbers[number]}])",
            )
        numbers.setdefault(number, index)
        entry_id = entry.get("entryId")
        if isinstance(entry_id, str) and isinstance(kontera_id, str):
            if not entry_id.startswith(f"{kontera_id}-"):
                yield (
                    here + ("entryId",),
                    f"must start with the transaction's konteraId: {kontera_id}-C-<entryNumber>",
                )
        yield from _prefixed(here, _line_rules(entry, kontera_id, ids, currencies))
        yield from _prefixed(here, _balance(entry))


def _line_rules(entry: dict, kontera_id: object, ids: dict, currencies: set) -> Iterator[Finding]:
    numbers: set[object] = set()
    for index, line in _dicts(entry.get("lines")):
        here: Path = ("lines", index)
        number = line.get("lineNumber")
        if isinstance(number, int) and number in numbers:
            yield here + ("lineNumber",), f"lineNumber {number} is used twice in this entry"
        numbers.add(number)
        line_id = line.get("lineId")
        if isinstance(line_id, str):
            if isinstance(kontera_id, str) and not line_id.startswith(f"{kontera_id}-"):
                yield (
                    here + ("lineId",),
                    f"must start with the transaction's konteraId: {kontera_id}-C-<entry>-<line>",
                )
            if line_id in ids:
                yield here + ("lineId",), f"{line_id} is used twice in this transaction"
            ids.setdefault(line_id, here)
        yield from _currency_rules(line, here, currencies)


def _currency_rules(line: dict, here: Path, currencies: set) -> Iterator[Finding]:
    currency = line.get("currency")
    if isinstance(currency, str):
        if currencies and currency not in currencies:
            yield here + ("currency",), f"every line is in the lead currency ({min(currencies)})"
        currencies.add(currency)
    given = line.get("account")
    account: dict = given if isinstance(given, dict) else {}
    own = account.get("currency")
    if isinstance(own, str) and own == currency and line.get("amountInAccountCurrency") is not None:
        yield (
            here + ("amountInAccountCurrency",),
            "is only given when the account's currency differs from the line's",
        )
    has_amount, has_currency = (
        line.get("originalAmount") is not None,
        line.get("originalCurrency") is not None,
    )
    if has_amount != has_currency:
        missing = "originalCurrency" if has_amount else "originalAmount"
        yield here + (missing,), "originalAmount and originalCurrency are given together"


def _balance(entry: dict) -> Iterator[Finding]:
    """Debits equal credits. A line without creditDebit makes the balance uncheckable, so it is
    named; a line with a broken amount is already named by the model."""
    totals = {"debit": Decimal("0.00"), "credit": Decimal("0.00")}
    checkable = isinstance(entry.get("lines"), list) and bool(entry["lines"])
    for index, line in _dicts(entry.get("lines")):
        side, amount = line.get("creditDebit"), parse_amount(line.get("amount"))
        if side is None:
            yield ("lines", index, "creditDebit"), "is required to check that the entry balances"
        # Any JSON may stand there (a list is no dict key); the model names what is not a side.
        if not isinstance(side, str) or side not in totals or amount is None:
            checkable = False
            continue
        totals[side] += amount
    if checkable and totals["debit"] != totals["credit"]:
        yield (), f"does not balance: debits {totals['debit']:.2f}, credits {totals['credit']:.2f}"
