"""Invoices: create (items by guid or free, add_new, discounts, credit notes, files), numbering,
status and accounting status, the accounting_status filter."""

from decimal import Decimal

from tests.providers.konto.conftest import CUSTOMER_GUID, DOC_GUID, ITEM_S, ITEM_Z, invoice_data


def test_the_docs_example_creates_an_invoice_of_2(konto):
    items_before = konto.ok("get-count-items")
    guid = konto.ok("create-invoice", "POST", data=invoice_data())
    invoice = konto.ok("get-invoice", guid=guid)
    assert (invoice["amount"], invoice["currency"], invoice["status"], invoice["type"]) == (
        2,
        "USD",
        "Sent",
        "invoice",
    )
    assert (invoice["issue_date"], invoice["due_date"], invoice["delivery_date"]) == (
        "2017-05-20",
        "2017-05-20",
        None,
    )
    assert invoice["accounting_status"] == "Created"
    assert invoice["customer"]["guid"] == CUSTOMER_GUID
    free, catalogued = invoice["items"]
    # add_new put the free line's item into the item list, under a free item number
    assert konto.ok("get-count-items") == items_before + 1
    new_item = konto.ok("get-item", guid=free["guid"])
    assert (new_item["description"], new_item["unit_price"], new_item["tax"]) == ("111", 1, "Z")
    assert free["item_number"] == new_item["item_number"] == "1"
    # the item referenced by guid brought its own price, VAT code and text
    assert (catalogued["guid"], catalogued["unit_price"], catalogued["tax"], catalogued["description"]) == (
        ITEM_Z,
        1,
        "Z",
        "Prufuvara",
    )


def test_numbers_are_consecutive(konto):
    last = max(int(row["number"]) for row in konto.ok("get-invoices"))
    first = konto.ok("get-invoice", guid=konto.ok("create-invoice", "POST", data=invoice_data()))
    second = konto.ok("get-invoice", guid=konto.ok("create-invoice", "POST", data=invoice_data()))
    assert (int(first["number"]), int(second["number"])) == (last + 1, last + 2)
    # the second add_new of item number "1" gets the next free number instead
    assert first["items"][0]["item_number"] != second["items"][0]["item_number"]


def test_vat_discounts_and_amount(konto):
    data = invoice_data(
        currency="ISK",
        items=[
            {"guid": ITEM_S, "qty": 2, "discount": 10, "discount_type": 1},  # 3380 -10% = 3042, VAT 24%
            {
                "item_number": "B1",
                "description": "Bók",
                "qty": 3,
                "uom": "C62",
                "tax": "AA",
                "unit_price": "999.9",
                "discount": 100,
                "discount_type": 0,
            },  # 2999.70 - 100, VAT 11%
        ],
    )
    expected = Decimal("3042") * Decimal("1.24") + Decimal("2899.70") * Decimal("1.11")  # 3772.08 + 3218.667
    message = konto.refused("create-invoice", "POST", data={**data, "amount": 1})
    assert message == "amount 1 does not match the invoice total 6990.75 computed from its items"
    assert round(expected, 2) == Decimal("6990.75")
    invoice = konto.ok(
        "get-invoice", guid=konto.ok("create-invoice", "POST", data={**data, "amount": "6990.75"})
    )
    assert invoice["amount"] == 6990.75
    first, second = invoice["items"]
    assert (first["total_excluding_vat"], first["total_vat"], first["total_discount"]) == (
        3042,
        730.08,
        419.12,
    )
    assert (second["total_excluding_vat"], second["total_vat"]) == (2899.7, 318.97)
    assert invoice["total_excluding_vat"] == 5941.7 and invoice["total_vat"] == 1049.05


def test_an_invoice_discount_is_spread_over_the_lines_before_vat(konto):
    data = invoice_data(
        currency="ISK",
        discount_type=1,
        discount_value=10,
        items=[{"guid": ITEM_S, "qty": 1}, {"guid": ITEM_Z, "qty": 10}],
    )
    # (1690 - 169) * 1.24 + (10 - 1) = 1886.04 + 9
    invoice = konto.ok(
        "get-invoice", guid=konto.ok("create-invoice", "POST", data={**data, "amount": 1895.04})
    )
    assert invoice["amount"] == 1895.04
    assert [line["total_excluding_vat"] for line in invoice["items"]] == [1521, 9]


def test_save_mark_paid_and_the_lifecycle(konto):
    draft = konto.ok("create-invoice", "POST", data=invoice_data(save=1))
    paid = konto.ok("create-invoice", "POST", data=invoice_data(mark_paid=1))
    assert konto.ok("get-invoice", guid=draft)["status"] == "Saved"
    assert konto.ok("get-invoice", guid=paid)["status"] == "Paid"
    assert konto.ok("update-invoice", "POST", guid=draft, data={"status": "Sent"}) == draft
    assert konto.ok("update-invoice", "POST", guid=draft, data={"status": "Paid"}) == draft
    assert konto.refused("update-invoice", "POST", guid=draft, data={"status": "Cancelled"}).endswith(
        "is Paid and cannot become Cancelled"
    )
    assert konto.ok("get-invoice", guid=draft)["status"] == "Paid"


def test_sending_records_the_email_konto_would_send(konto):
    guid = konto.ok("create-invoice", "POST", data=invoice_data())
    entry = konto.workspace.requests(path="/konto/api/v1/create-invoice")[0]
    email = konto.ok("get-customer", guid=CUSTOMER_GUID)["email"]
    number = konto.ok("get-invoice", guid=guid)["number"]
    assert entry["outbound"] == [
        {"channel": "email", "to": email, "invoice": number, "amount": "2.00", "currency": "USD"}
    ]


def test_accounting_status_update_and_filter(konto):
    counts = {
        status: konto.ok("get-count-invoices", accounting_status=status)
        for status in ("Created", "Posted", "Skipped", "Error")
    }
    assert sum(counts.values()) == konto.ok("get-count-invoices") == len(konto.ok("get-invoices"))
    both = konto.ok("get-invoices", accounting_status="Created,Error")
    assert len(both) == counts["Created"] + counts["Error"]
    assert {row["accounting_status"] for row in both} == {"Created", "Error"}
    assert (
        konto.ok(
            "update-invoice",
            "POST",
            guid=DOC_GUID,
            data={"accounting_status": "Skipped", "accounting_message": "Test"},
        )
        == DOC_GUID
    )
    invoice = konto.ok("get-invoice", guid=DOC_GUID)
    assert (invoice["accounting_status"], invoice["accounting_message"]) == ("Skipped", "Test")
    assert konto.ok("get-count-invoices", accounting_status="Skipped") == counts["Skipped"] + 1
    assert konto.refused("get-invoices", accounting_status="Created,Done") == (
        "Invalid accounting_status: Done is not one of Created, Posted, Skipped, Error"
    )


def test_credit_note_refers_to_its_invoice(konto):
    guid = konto.ok("create-invoice", "POST", data=invoice_data(type="credit", refer_guid=DOC_GUID))
    credit = konto.ok("get-invoice", guid=guid)
    assert (credit["type"], credit["refer_guid"]) == ("credit", DOC_GUID)
    assert konto.refused("create-invoice", "POST", data=invoice_data(type="credit", refer_guid="gone")) == (
        "Invoice with guid gone not found"
    )


def test_uploaded_files_attach_to_invoices(konto):
    file_id = konto.ok(
        "upload-file", "POST", files={"file": ("10121.pdf", b"%PDF-1.4 test", "application/pdf")}
    )
    assert file_id == 1111
    guid = konto.ok("create-invoice", "POST", data=invoice_data(files=f"{file_id}"))
    assert konto.ok("get-invoice", guid=guid)["files"] == [1111]
    assert konto.refused("create-invoice", "POST", data=invoice_data(files="1111,1222")) == (
        "File 1222 not found; upload it with upload-file first"
    )
    assert konto.refused("upload-file", "POST") == "file is required"


def test_a_new_customer_inline_and_by_kennitala(konto):
    customers = konto.ok("get-count-customers")
    inline = {"name": "Nýr ehf.", "registration_no": "1111111111", "email": "nyr@example.is"}
    first = konto.ok(
        "get-invoice", guid=konto.ok("create-invoice", "POST", data=invoice_data(customer=inline))
    )
    second = konto.ok(
        "get-invoice", guid=konto.ok("create-invoice", "POST", data=invoice_data(customer=inline))
    )
    assert first["customer"]["guid"] == second["customer"]["guid"]
    assert konto.ok("get-count-customers") == customers + 1


def test_refused_invoices_leave_nothing_behind(konto):
    before = konto.state()
    bad = [
        invoice_data(amount=3),
        invoice_data(customer={"name": "Nýr", "registration_no": "1111111111"}, due_date="2017-5-1"),
        invoice_data(items=[]),
        invoice_data(
            items=[
                {
                    "item_number": "9",
                    "description": "x",
                    "qty": 1,
                    "uom": "C62",
                    "tax": "S",
                    "unit_price": 10,
                    "add_new": 1,
                },
                {"guid": "missing", "qty": 1},
            ]
        ),
        invoice_data(customer={"guid": "missing"}),
        invoice_data(discount_type=1, discount_value=150),
    ]
    messages = [konto.refused("create-invoice", "POST", data=data) for data in bad]
    assert messages == [
        "amount 3 does not match the invoice total 2.00 computed from its items",
        "Invalid due_date: 2017-05-01 is before issue_date 2017-05-20",
        "items is required",
        "Item with guid missing not found",
        "Customer with guid missing not found",
        "Invalid discount_value: a percentage cannot exceed 100",
    ]
    assert konto.state() == before
