"""Recurring invoices on the workspace clock; bill-to invoices by kennitala or e-mail; order invoices."""

from datetime import date, timedelta

from tests.providers.konto.conftest import DOC_GUID, ITEM_S, ITEM_Z, invoice_data

RECURRING = {
    "recurring_name": "Recurring test",
    "recurring_max_invoice": 3,
    "recurring_interval": "quarterly",
    "recurring_start_date": "2018-10-10",
    "recurring_link_national": 0,
    **invoice_data(settlement_date="2018-10-10", due_date="2018-10-10", issue_date="2018-09-30"),
}
SAVE = {
    "amount": "2095.6",
    "currency": "ISK",
    "create_type": "user",
    "kennitala": "4444444444",
    "settlement_date": "2021-06-09",
    "due_date": "2021-06-09",
    "issue_date": "2021-06-07",
    "type": "invoice",
    "items": [{"guid": ITEM_S, "qty": 1}],
}
ORDER = {
    "amount": "2095.6",
    "currency": "ISK",
    "kennitala": "4444444444",
    "booking": "test",
    "settlement_date": "10",
    "items": [{"guid": ITEM_S, "qty": 1}],
}


def recurring_invoices(konto, guid):
    return [row for row in konto.ok("get-invoices") if row["recurring_guid"] == guid]


def test_a_past_schedule_catches_up_to_its_maximum(konto):
    guid = konto.ok("create-recurring-invoice", "POST", data=RECURRING)
    issued = recurring_invoices(konto, guid)
    assert [(row["issue_date"], row["due_date"]) for row in issued] == [
        ("2018-10-10", "2018-10-20"),
        ("2019-01-10", "2019-01-20"),
        ("2019-04-10", "2019-04-20"),
    ]
    assert {row["amount"] for row in issued} == {2}


def test_the_clock_issues_each_interval(konto):
    today = date.fromisoformat(
        konto.workspace.admin.get(f"/workspaces/{konto.workspace.id}/clock")["now"][:10]
    )
    data = {
        **RECURRING,
        "recurring_interval": "monthly",
        "recurring_start_date": today.isoformat(),
        "recurring_max_invoice": 3,
        "issue_date": today.isoformat(),
        "due_date": today.isoformat(),
        "settlement_date": today.isoformat(),
    }
    guid = konto.ok("create-recurring-invoice", "POST", data=data)
    assert len(recurring_invoices(konto, guid)) == 1
    konto.workspace.advance("P1M")
    assert len(recurring_invoices(konto, guid)) == 2
    konto.workspace.advance("P1Y")
    issued = recurring_invoices(konto, guid)
    assert len(issued) == 3
    assert [row["number"] for row in issued] == sorted((row["number"] for row in issued), key=int)


def test_weekly_and_annually_spellings(konto):
    weekly = konto.ok(
        "create-recurring-invoice",
        "POST",
        data={**RECURRING, "recurring_interval": "weekly", "recurring_max_invoice": 2},
    )
    assert [row["issue_date"] for row in recurring_invoices(konto, weekly)] == ["2018-10-10", "2018-10-17"]
    annual = konto.ok(
        "create-recurring-invoice",
        "POST",
        data={**RECURRING, "recurring_interval": "annuall", "recurring_max_invoice": 2},
    )
    assert [row["issue_date"] for row in recurring_invoices(konto, annual)] == ["2018-10-10", "2019-10-10"]
    assert konto.refused(
        "create-recurring-invoice", "POST", data={**RECURRING, "recurring_interval": "daily"}
    ) == (
        "Invalid recurring_interval: Input should be 'weekly', 'monthly', 'quarterly' or 'annually' (got 'daily')"
    )
    assert konto.refused("create-recurring-invoice", "POST", data={**RECURRING, "recurring_name": ""}) == (
        "recurring_name is required"
    )


def test_bill_a_konto_user_by_kennitala(konto):
    guid = konto.ok("create-save-invoice", "POST", data=SAVE)
    invoice = konto.ok("get-invoice", guid=guid)
    assert (invoice["amount"], invoice["customer"]["registration_no"]) == (2095.6, "4444444444")
    assert konto.refused("create-save-invoice", "POST", data={**SAVE, "kennitala": "1111111111"}) == (
        "No Konto user with kennitala 1111111111"
    )
    assert konto.refused("create-save-invoice", "POST", data={**SAVE, "kennitala": "444444444"}).startswith(
        "Vinsamlegast skrá rétta kennitölu"
    )


def test_bill_by_email(konto):
    count = konto.ok("get-count-invoices")
    body = konto.call("create-save-invoice", "POST", data={**SAVE, "create_type": "email", "email": "a@b.is"})
    assert body == {"status": True, "message": "Success", "result": None}
    newest = konto.ok("get-invoices")[-1]
    assert konto.ok("get-count-invoices") == count + 1
    assert newest["customer"]["email"] == "a@b.is"
    assert (
        konto.refused("create-save-invoice", "POST", data={**SAVE, "create_type": "email"})
        == "email is required"
    )


def test_order_invoices_issue_update_and_delete(konto):
    seeded = konto.ok("get-invoices-from-order", "POST", guid=DOC_GUID)
    assert [row["status"] for row in seeded] == ["Saved"]
    guid = konto.ok("create-order-invoice", "POST", data=ORDER)
    [issued] = konto.ok("get-invoices-from-order", "POST", guid=guid)
    assert (issued["amount"], issued["status"], issued["customer"]["registration_no"]) == (
        2095.6,
        "Saved",
        "4444444444",
    )
    assert date.fromisoformat(issued["due_date"]) - date.fromisoformat(issued["issue_date"]) == timedelta(
        days=10
    )
    change = {"amount": "4191.2", "items": [{"guid": ITEM_S, "qty": 2}]}
    assert konto.ok("update-order-invoice", "POST", guid=guid, data=change) == guid
    [repriced] = konto.ok("get-invoices-from-order", "POST", guid=guid)
    assert (repriced["guid"], repriced["number"], repriced["amount"]) == (
        issued["guid"],
        issued["number"],
        4191.2,
    )
    assert konto.refused("update-order-invoice", "POST", guid=guid, data={"amount": 1}) == (
        "amount 1 does not match the invoice total 4191.20 computed from its items"
    )
    assert konto.ok("delete-order-invoice", "POST", guid=guid) == guid
    assert konto.ok("get-invoice", guid=issued["guid"])["status"] == "Cancelled"
    assert (
        konto.refused("get-invoices-from-order", "POST", guid=guid)
        == f"Order invoice with guid {guid} not found"
    )


def test_order_rules(konto):
    assert (
        konto.refused("create-order-invoice", "POST", data={**ORDER, "booking": ""}) == "booking is required"
    )
    assert konto.refused("create-order-invoice", "POST", data={**ORDER, "settlement_date": None}) == (
        "settlement_date is required"
    )
    assert konto.refused("create-order-invoice", "POST", data={**ORDER, "kennitala": "1111111111"}) == (
        "No Konto user with kennitala 1111111111"
    )
    assert konto.refused(
        "create-order-invoice",
        "POST",
        data={**ORDER, "amount": 2, "items": [{"guid": ITEM_Z, "qty": 2}], "currency": "ABC"},
    ).startswith("Invalid currency")
