"""Seeded data: Finnish and Swedish invoices in every state, valid identifiers, a pure function of the seed."""

import httpx

from mockserver.core.identifiers import (
    valid_fi_business_id,
    valid_iban,
    valid_se_org_number,
    valid_se_personal_number,
)
from tests.providers.regtech.conftest import state_of


def test_a_fresh_workspace_holds_invoices_in_each_state(regtech):
    invoices = state_of(regtech.workspace)["invoices"]
    answers = {invoice_id: regtech.get(f"/invoice/{invoice_id}/status").json() for invoice_id in invoices}
    shapes = {tuple(sorted(answer)) for answer in answers.values()}
    assert shapes == {
        (),
        ("deliveredAt",),
        ("deliveredAt", "openedAt"),
        ("deliveredAt", "openedAt", "paidAt"),
    }
    assert sum(1 for answer in answers.values() if answer == {}) >= 2
    currencies = {record["invoice"]["invoiceDetails"]["currency"] for record in invoices.values()}
    assert currencies == {"EUR", "SEK"}


def test_seeded_created_only_invoices_can_be_sent(regtech):
    unsent = [i for i, record in state_of(regtech.workspace)["invoices"].items() if record["sentAt"] is None]
    assert regtech.post(f"/invoice/{unsent[0]}/send").status_code == 200
    assert list(regtech.get(f"/invoice/{unsent[0]}/status").json()) == ["deliveredAt"]


def test_seeded_identifiers_pass_their_checks(regtech):
    for record in state_of(regtech.workspace)["invoices"].values():
        body = record["invoice"]
        details = body["invoiceDetails"]
        assert valid_iban(details["iban"])
        for party in (body["recipientDetails"], body["invoicerDetails"]):
            if "businessId" in party:
                check = valid_fi_business_id if details["currency"] == "EUR" else valid_se_org_number
                assert check(party["businessId"]), party["businessId"]
        if "ssn" in body["recipientDetails"]:
            assert valid_se_personal_number(body["recipientDetails"]["ssn"])


def test_seeded_invoices_are_dated_before_the_clock_start(regtech):
    start = regtech.workspace.snapshot()["clock_start"]
    for record in state_of(regtech.workspace)["invoices"].values():
        moments = [record[name] for name in ("createdAt", "sentAt", "deliveredAt", "openedAt", "paidAt")]
        assert all(moment < start for moment in moments if moment)


def test_seeded_invoice_pages_work_in_every_workspace(mockserver, regtech):
    other = mockserver.admin.create_workspace()
    try:
        for workspace in (regtech.workspace, other):
            token = httpx.post(
                f"{mockserver.url}/regtech/auth/token", json=workspace.credentials["regtech"]
            ).json()["access_token"]
            answer = httpx.post(
                f"{mockserver.url}/regtech/invoice/FI-1001/send", headers={"authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200
            assert httpx.get(answer.json()["invoiceUrl"]).status_code == 200
        assert "openedAt" in regtech.get("/invoice/FI-1001/status").json()
    finally:
        other.delete()


def test_the_same_seed_gives_the_same_data(mockserver):
    first, second = mockserver.admin.create_workspace(seed=7), mockserver.admin.create_workspace(seed=7)
    third = mockserver.admin.create_workspace(seed=8)
    try:
        assert state_of(first) == state_of(second)
        assert state_of(first)["invoices"] != state_of(third)["invoices"]
    finally:
        for workspace in (first, second, third):
            workspace.delete()
