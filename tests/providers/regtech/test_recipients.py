"""What the recipient does: admin events, the recipient behaviour on the clock, the invoice page."""

from datetime import datetime, timedelta

import httpx
import pytest

from tests.providers.regtech.conftest import behave, event, invoice, state_of


def status(regtech, invoice_id: str) -> dict:
    answer = regtech.get(f"/invoice/{invoice_id}/status")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_events_fill_the_status_in_order(regtech):
    regtech.post("/invoice/create", json=invoice("r-1"))
    today = status(regtech, "r-1")["deliveredAt"]
    opened = event(regtech, "r-1", "opened")
    assert opened.status_code == 200
    assert opened.json()["openedAt"].startswith(today)
    assert status(regtech, "r-1") == {"deliveredAt": today, "openedAt": today}
    paid = event(regtech, "r-1", "paid")
    assert paid.json()["paidAt"] is not None
    assert status(regtech, "r-1") == {"deliveredAt": today, "openedAt": today, "paidAt": today}


def test_an_event_keeps_its_first_date(regtech):
    regtech.post("/invoice/create", json=invoice("r-2"))
    first = event(regtech, "r-2", "opened").json()["openedAt"]
    regtech.workspace.advance("P2D")
    assert event(regtech, "r-2", "opened").json()["openedAt"] == first


def test_paying_implies_delivery_but_not_opening(regtech):
    behave(regtech, deliver_after=None)  # the SMS never arrives on its own
    regtech.post("/invoice/create", json=invoice("r-3"))
    assert status(regtech, "r-3") == {}
    event(regtech, "r-3", "paid")
    assert set(status(regtech, "r-3")) == {"deliveredAt", "paidAt"}


def test_events_on_an_unsent_invoice_are_refused(regtech):
    regtech.post("/invoice/create", json=invoice("r-4", createOnly=True))
    answer = event(regtech, "r-4", "opened")
    assert answer.status_code == 422
    assert answer.json() == {
        "error": "invalid",
        "message": "Invoice with customInvoiceId 'r-4' has not been sent yet; send it first",
    }
    assert status(regtech, "r-4") == {}


def test_a_credit_invoice_is_not_paid(regtech):
    body = invoice("r-5")
    body["invoiceDetails"].update(invoiceType="1")
    regtech.post("/invoice/create", json=body)
    answer = event(regtech, "r-5", "paid")
    assert answer.status_code == 422
    assert "credit invoice" in answer.json()["message"]


@pytest.mark.parametrize(
    ("invoice_id", "body", "code"),
    [
        ("nope", {"event": "opened"}, 404),
        ("FI-1003", {"event": "read"}, 422),
        ("FI-1003", {}, 422),
        ("FI-1003", ["opened"], 422),
    ],
)
def test_bad_events_are_refused(regtech, invoice_id, body, code):
    before = state_of(regtech.workspace)["invoices"]
    answer = regtech.admin.http.post(
        f"/workspaces/{regtech.workspace.id}/regtech/invoices/{invoice_id}/events", json=body
    )
    assert answer.status_code == code
    assert set(answer.json()) == {"error", "message"}
    assert state_of(regtech.workspace)["invoices"] == before


def test_events_for_an_unknown_workspace_are_404(mockserver):
    answer = mockserver.admin.http.post(
        "/workspaces/nowhere/regtech/invoices/x/events", json={"event": "paid"}
    )
    assert answer.status_code == 404


def test_delivery_waits_for_deliver_after(regtech):
    behave(regtech, deliver_after="PT10M")
    regtech.post("/invoice/create", json=invoice("r-6"))
    regtech.workspace.advance("PT9M")
    assert status(regtech, "r-6") == {}
    regtech.workspace.advance("PT2M")
    assert list(status(regtech, "r-6")) == ["deliveredAt"]


def test_the_behaviour_dates_events_when_they_became_due(regtech):
    regtech.workspace.admin.post(f"/workspaces/{regtech.workspace.id}/clock", json={"frozen": True})
    behave(regtech, open_after="PT2H", pay_after="P3D")
    regtech.post("/invoice/create", json=invoice("r-7"))
    regtech.workspace.advance("P10D")  # one jump: the events still get their own moments
    state = state_of(regtech.workspace)
    record = state["invoices"]["r-7"]
    sent = datetime.fromisoformat(record["sentAt"])
    assert record["deliveredAt"] == record["sentAt"]
    assert datetime.fromisoformat(record["openedAt"]) == sent + timedelta(hours=2)
    assert datetime.fromisoformat(record["paidAt"]) == sent + timedelta(days=3, hours=2)
    assert "r-7" not in state["pending"]


def test_never_pays_by_default_and_with_pay_after_null(regtech):
    behave(regtech, open_after="PT1H", pay_after=None)
    regtech.post("/invoice/create", json=invoice("r-8"))
    regtech.workspace.advance("P30D")
    token = httpx.post(
        f"{regtech.admin.base_url}/regtech/auth/token", json=regtech.workspace.credentials["regtech"]
    ).json()["access_token"]
    answer = regtech.get("/invoice/r-8/status", headers={"authorization": f"Bearer {token}"})
    assert set(answer.json()) == {"deliveredAt", "openedAt"}


def test_the_behaviour_can_be_read_and_changed_in_part(regtech):
    path = f"/workspaces/{regtech.workspace.id}/regtech/recipient-behaviour"
    assert regtech.admin.get(path) == {"deliver_after": "PT0S", "open_after": None, "pay_after": None}
    assert behave(regtech, open_after="PT2H").json() == {
        "deliver_after": "PT0S",
        "open_after": "PT2H",
        "pay_after": None,
    }
    assert regtech.admin.get(path)["open_after"] == "PT2H"


@pytest.mark.parametrize(
    "body", [{"open_after": "2 hours"}, {"pay_after": "-P1D"}, {"pay_after": 3}, {"wait": "PT1H"}, ["PT1H"]]
)
def test_bad_behaviour_is_422_and_changes_nothing(regtech, body):
    path = f"/workspaces/{regtech.workspace.id}/regtech/recipient-behaviour"
    answer = regtech.admin.http.put(path, json=body)
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid"
    assert regtech.admin.get(path) == {"deliver_after": "PT0S", "open_after": None, "pay_after": None}


def test_viewing_the_invoice_page_opens_it(regtech):
    url = regtech.post("/invoice/create", json=invoice("r-9")).json()["invoiceUrl"]
    page = httpx.get(url)
    assert page.status_code == 200
    assert "<h1>Invoice 1001</h1>" in page.text
    assert "Matti Meikäläinen" in page.text and "Widget" in page.text
    assert set(status(regtech, "r-9")) == {"deliveredAt", "openedAt"}


def test_previewing_an_unsent_invoice_does_not_open_it(regtech):
    url = regtech.post("/invoice/create", json=invoice("r-10", createOnly=True)).json()["invoiceUrl"]
    page = httpx.get(url)
    assert page.status_code == 200 and "not been sent yet" in page.text
    assert status(regtech, "r-10") == {}


def test_the_page_escapes_what_the_client_sent(regtech):
    body = invoice("r-11")
    body["invoiceDetails"]["invoiceRows"][1]["description"] = "<script>alert(1)</script>"
    url = regtech.post("/invoice/create", json=body).json()["invoiceUrl"]
    page = httpx.get(url).text
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_unknown_invoice_pages_are_404(regtech):
    url = regtech.post("/invoice/create", json=invoice("r-12")).json()["invoiceUrl"]
    for wrong in (url[:-3] + "xyz", url.replace("/view/", "/view/0000"), f"{regtech.base_url}view/x"):
        answer = httpx.get(wrong)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("text/html")


def test_the_control_plane_shows_the_full_instants(regtech):
    regtech.post("/invoice/create", json=invoice("r-13", createOnly=True))
    path = f"/workspaces/{regtech.workspace.id}/regtech/invoices/r-13"
    shown = regtech.admin.get(path)
    assert shown["customInvoiceId"] == "r-13" and shown["createdAt"].endswith("Z")
    assert (shown["sentAt"], shown["deliveredAt"], shown["openedAt"], shown["paidAt"]) == (
        None,
        None,
        None,
        None,
    )
    regtech.post("/invoice/r-13/send")
    assert regtech.admin.get(path)["deliveredAt"] == regtech.admin.get(path)["sentAt"]
    assert (
        regtech.admin.http.get(f"/workspaces/{regtech.workspace.id}/regtech/invoices/nope").status_code == 404
    )
