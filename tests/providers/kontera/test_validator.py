"""The validator finds each deliberately broken document at the right path."""

from __future__ import annotations

import copy

import orjson
import pytest

from mockserver.providers.kontera import csvcheck, csvfile, rules
from mockserver.providers.kontera.validation import validate_document

from .helpers import seeded


@pytest.fixture(scope="module")
def document() -> list[dict]:
    store = seeded(3, enableOpenItems=True, journalExportExportsFiles=True)
    exported = orjson.loads(orjson.dumps(rules.export(store, None, None, "accrual")))
    assert validate_document(exported) == []
    return exported


def _first(document, predicate):
    return next(index for index, transaction in enumerate(document) if predicate(transaction))


def _two_entries(t):
    return len(t["entries"]) >= 2


def _domestic(t):
    return len(t["entries"]) >= 2 and t["invoice"]["currency"] == "CHF"


def _advice(t):
    return bool(t.get("paymentAdvises"))


def _sales(t):
    return t["invoice"]["postingType"] == "accounts-receivable"


def _set(path):
    def edit(t, value):
        target = t
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return edit


_DELETE = object()
BROKEN = [
    # (transaction filter, path inside the transaction, new value, expected path suffix, message part)
    (
        _two_entries,
        ("entries", 1, "lines", 0, "amount"),
        "12.5",
        "entries[1].lines[0].amount",
        "two decimals",
    ),
    (
        _two_entries,
        ("entries", 1, "lines", 0, "amount"),
        12.5,
        "entries[1].lines[0].amount",
        "must be a string",
    ),
    (_two_entries, ("entries", 0, "lines", 0, "amount"), "99999.99", "entries[0]", "does not balance"),
    (_two_entries, ("entries", 0, "type"), "profit-to-loss", "entries[0].type", "must be one of"),
    (_two_entries, ("entries", 0, "date"), "2024-02-30", "entries[0].date", "YYYY-MM-DD"),
    (
        _two_entries,
        ("entries", 0, "lines", 0, "creditDebit"),
        None,
        "entries[0].lines[0].creditDebit",
        "balances",
    ),
    (_two_entries, ("entries", 0, "lines", 0, "currency"), "CHX", "entries[0].lines[0].currency", "ISO 4217"),
    (
        _two_entries,
        ("entries", 0, "lines", 0, "account", "number"),
        _DELETE,
        "entries[0].lines[0].account.number",
        "required",
    ),
    (_two_entries, ("entries", 0, "lines", 1, "lineNumber"), 1, "entries[0].lines[1].lineNumber", "twice"),
    (_two_entries, ("entries", 1, "entryNumber"), 1, "entries[1].entryNumber", "twice"),
    (_two_entries, ("entries", 0, "entryId"), "K-000000000000-C-1", "entries[0].entryId", "konteraId"),
    (
        _domestic,
        ("entries", 0, "lines", 0, "originalCurrency"),
        "EUR",
        "entries[0].lines[0].originalAmount",
        "together",
    ),
    (_two_entries, ("entries", 0, "lines", 0, "amout"), "1.00", "entries[0].lines[0].amout", "not a field"),
    (
        _two_entries,
        ("entries", 0, "lines", 0, "dimensions"),
        _DELETE,
        "entries[0].lines[0].dimensions",
        "required",
    ),
    (
        _two_entries,
        ("entries", 0, "lines", 0, "tax"),
        {"value": "108"},
        "entries[0].lines[0].tax.value",
        "0-100",
    ),
    (_two_entries, ("konteraId",), "K-XYZ", "konteraId", "12 upper-case hex"),
    (_two_entries, ("contact", "legalType"), "firm", "contact.legalType", "must be one of"),
    (_two_entries, ("contact", "contactId"), "not-a-uuid", "contact.contactId", "UUID"),
    (_two_entries, ("contact", "address", "country"), "CHE", "contact.address.country", "ISO 3166"),
    (_two_entries, ("contact", "externalId"), "x" * 37, "contact.externalId", "36"),
    (_two_entries, ("contact",), _DELETE, "contact", "required"),
    (
        _sales,
        ("invoice", "qrReferenceNumber"),
        "210000000003139471430009018",
        "invoice.qrReferenceNumber",
        "check digit",
    ),
    (_sales, ("invoice", "payableUntil"), "2000-01-01", "invoice.payableUntil", "before"),
    (
        _advice,
        ("paymentAdvises", 0, "iban"),
        "CH9300762011623852958",
        "paymentAdvises[0].iban",
        "check digits",
    ),
    (_advice, ("paymentAdvises", 0, "fee"), "nobody", "paymentAdvises[0].fee", "must be one of"),
    (
        _advice,
        ("paymentAdvises", 0, "recipient", "name"),
        _DELETE,
        "paymentAdvises[0].recipient.name",
        "required",
    ),
    (_two_entries, ("files", 0, "contentAsBase64"), "bm90IGEgcGRm", "files[0].contentAsBase64", "not a PDF"),
    (_two_entries, ("files", 0, "contentAsBase64"), "%%%", "files[0].contentAsBase64", "base64"),
]


@pytest.mark.parametrize(
    ("select", "path", "value", "where", "says"), BROKEN, ids=[b[3] + ":" + b[4] for b in BROKEN]
)
def test_each_broken_document_is_found_at_its_path(document, select, path, value, where, says):
    broken = copy.deepcopy(document)
    index = _first(broken, select)
    _set(path)(broken[index], value)
    errors = validate_document(broken)
    paths = [error["path"] for error in errors]
    assert f"[{index}].{where}" in paths, errors
    message = next(e["message"] for e in errors if e["path"] == f"[{index}].{where}")
    assert says in message


def test_person_needs_first_and_last_name_and_both_are_named(document):
    broken = copy.deepcopy(document)
    broken[0]["contact"] |= {"legalType": "person", "firstName": None, "lastName": None}
    paths = {error["path"] for error in validate_document(broken)}
    assert {"[0].contact.firstName", "[0].contact.lastName"} <= paths


def test_contacts_array_is_read_like_the_contact_object(document):
    as_array = copy.deepcopy(document)
    for transaction in as_array:
        transaction["contacts"] = [transaction.pop("contact")]
    assert validate_document(as_array) == []
    as_array[0]["contacts"][0]["legalType"] = "company"
    as_array[0]["contacts"][0]["companyName"] = None
    assert [e["path"] for e in validate_document(as_array)] == ["[0].contacts[0].companyName"]


def test_not_an_array_and_duplicate_ids(document):
    assert validate_document(document[0]) == [
        {"path": "", "message": "a Universal Accounting document is an array of transactions"}
    ]
    twice = [document[0], document[0]]
    assert [e["path"] for e in validate_document(twice)] == ["[1].konteraId"]


def test_many_violations_in_one_transaction_are_all_named(document):
    broken = copy.deepcopy(document)
    index = _first(broken, _two_entries)
    broken[index]["entries"][0]["lines"][0]["amount"] = "1"
    broken[index]["entries"][1]["type"] = "nope"
    broken[index]["contact"]["contactId"] = "x"
    paths = {error["path"] for error in validate_document(broken)}
    assert {
        f"[{index}].entries[0].lines[0].amount",
        f"[{index}].entries[1].type",
        f"[{index}].contact.contactId",
    } <= paths


# -- CSV ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_text() -> str:
    text = csvfile.write(rules.export(seeded(3), None, None, "accrual", json_file=False))
    assert csvcheck.validate_csv(text) == []
    return text


def _edit_cell(text: str, row: int, column: str, value: str) -> str:
    header, rows = csvfile.read(text)
    rows[row][header.index(column)] = value
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue()


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("entry-amount", "1,50", "two decimals"),
        ("entry-date", "13.01.2024", "YYYY-MM-DD"),
        ("entry-type", "direct", "must be one of"),
        ("entry-lineId", "K-XYZ-C-1", "-S-"),
        ("entry-creditAccount-number", "", "required"),
        ("contact-address-country", "Schweiz", "ISO 3166"),
        ("invoice-currency", "XYZ", "ISO 4217"),
        ("contact-companyName", "Someone Else AG", "differs"),
    ],
)
def test_broken_csv_cells_are_found_at_row_and_column(csv_text, column, value, says):
    errors = csvcheck.validate_csv(_edit_cell(csv_text, 1, column, value))
    found = [e for e in errors if e["path"] == f"[1].{column}"]
    assert found and says in found[0]["message"] and "(line 3)" in found[0]["message"], errors


def test_csv_header_problems_and_the_reference_spellings(csv_text):
    header, _ = csvfile.read(csv_text)
    renamed = csv_text.replace("contact-externalId,", "contact-externalIdd,", 1)
    renamed = renamed.replace("entry-debitAccount-number,", "debitAccount-number,", 1)
    assert csvcheck.validate_csv(renamed) == []
    unknown = csv_text.replace("entry-text,", "entry-txt,", 1)
    messages = [e["message"] for e in csvcheck.validate_csv(unknown)]
    assert any("unknown column 'entry-txt'" in m for m in messages)
    assert csvcheck.validate_csv("") == [
        {"path": "", "message": "the file is empty: a CSV export starts with its header row"}
    ]
    assert "RFC 4180" in csvcheck.validate_csv('konteraId\r\n"unterminated')[0]["message"]


@pytest.mark.parametrize("side", [[1, {}], {"a": 1}, 7.5, True])
def test_a_credit_debit_that_is_no_string_is_named_not_a_crash(document, side):
    # Found by the contract fuzz test: a list or an object here made POST /validate answer 500.
    broken = copy.deepcopy(document)
    broken[0]["entries"][0]["lines"][0]["creditDebit"] = side
    errors = validate_document(broken)
    assert [e["path"] for e in errors] == ["[0].entries[0].lines[0].creditDebit"], errors
