"""Konto beyond the 31 documented endpoints, as public client code calls it (docs/konto.md,
"Beyond the 31 documented endpoints"): HTTP Basic `username:api_key` as credentials,
`get-customers-by-kennitala`, and `create-draft-invoice` with its drafts' lifecycle. Over real
HTTP, except the one-parse check, which counts calls in process."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from mockserver.app import create_app
from mockserver.core import auth
from mockserver.providers.konto import forms
from mockserver.settings import Settings
from mockserver.testing.inprocess import InProcessClient
from tests.providers.konto.conftest import CUSTOMER_GUID, DOC_KEY, ITEM_S

JSON = "application/json"
INVALID_API_KEY = {"status": False, "message": "Invalid api_key", "result": None}
KENNITALA = {"status": False, "message": "Vinsamlegast skrá rétta kennitölu", "result": None}
NAME = {"status": False, "message": "Name is required", "result": None}
USER_KENNITALA = "4444444444"  # the docs' Konto user, seeded as a customer too


@pytest.fixture
def basic(konto):
    """Konto's endpoints with the workspace's credentials as HTTP Basic only."""
    return httpx.Client(
        base_url=str(konto.http.base_url),
        auth=(konto.credentials["username"], konto.credentials["api_key"]),
        timeout=10,
    )


def body_of(answer: httpx.Response) -> dict:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(JSON)
    return answer.json()


def user_customer(konto) -> dict:
    return next(row for row in konto.ok("get-customers") if row["registration_no"] == USER_KENNITALA)


def line(description: str, incl_vat: int) -> dict:
    """A line as the Airtable client prices it: VAT-exclusive price to two decimals, VAT S."""
    return {
        "item_number": "1",
        "description": description,
        "qty": 1,
        "uom": "C62",
        "tax": "S",
        "unit_price": round(incl_vat / 1.24 * 100) / 100,
    }


def draft_data(customer: dict, **overrides) -> dict:
    data = {
        "customer": customer,
        "currency": "ISK",
        "description": "Eldhús",
        "items": [line("Greiðsla 1 af 2 (50%)", 50000)],
        "issue_date": "2026-03-10",
        "due_date": "2026-03-13",
        "settlement_date": "2026-03-17",
        "is_claim": True,
    }
    data.update(overrides)
    return data


NEW_CUSTOMER = {"name": "Jón Jónsson", "registration_no": "1111111111", "email": "jon@example.is"}


# -- HTTP Basic ------------------------------------------------------------------------------------


def test_http_basic_alone_is_the_workspaces_credentials(konto, basic):
    by_form = konto.call("hello")
    answer = basic.get("/hello")
    assert body_of(answer) == by_form
    assert set(by_form) == {"status", "message", "name", "registration_no", "vat_no"}
    assert by_form["status"] is True and by_form["message"] == "Connection succeeded"
    # the workspace's own data, not the default workspace's
    konto.ok("update-customer", "POST", guid=CUSTOMER_GUID, data={"name": "Basic ehf."})
    assert (
        body_of(basic.get("/get-customer", params={"guid": CUSTOMER_GUID}))["result"]["name"] == "Basic ehf."
    )


def test_http_basic_on_a_post_with_an_urlencoded_form(konto, basic):
    answer = basic.post("/create-customer", data={"data": json.dumps(NEW_CUSTOMER)})
    created = body_of(answer)
    assert set(created) == {"status", "message", "result"}
    assert (created["status"], created["message"]) == (True, "Success")
    assert konto.ok("get-customer", guid=created["result"])["name"] == "Jón Jónsson"


def test_a_wrong_basic_pair_is_an_invalid_api_key(konto):
    before = konto.state()
    wrong = konto.http.get("/hello", auth=(konto.credentials["username"], "nope"))
    assert body_of(wrong) == INVALID_API_KEY
    broken = konto.http.get("/hello", headers={"authorization": "Basic not-base64!"})
    assert body_of(broken) == INVALID_API_KEY
    assert konto.state() == before


def test_the_form_fields_are_tried_first_then_basic(konto):
    username, api_key = konto.credentials["username"], konto.credentials["api_key"]
    # both fields in the form: they are the credentials, whatever the header says
    right_form = konto.http.get("/hello", params={"username": username, "api_key": api_key}, auth=("x", "y"))
    assert body_of(right_form)["status"] is True
    wrong_form = konto.http.get(
        "/hello", params={"username": username, "api_key": "no"}, auth=(username, api_key)
    )
    assert body_of(wrong_form) == INVALID_API_KEY
    # only part of them in the form: the header is
    partial = konto.http.get("/hello", params={"username": "someone"}, auth=(username, api_key))
    assert body_of(partial)["message"] == "Connection succeeded"


def test_basic_credentials_of_another_workspace_reach_that_one(konto, mockserver):
    # the default workspace's documented pair, as Basic: the default workspace's seed customer
    default = httpx.get(
        f"{mockserver.url}/konto/api/v1/get-customer",
        params={"guid": CUSTOMER_GUID},
        auth=("testuser", DOC_KEY),
    )
    konto.ok("update-customer", "POST", guid=CUSTOMER_GUID, data={"name": "Mine ehf."})
    assert body_of(default)["result"]["name"] != "Mine ehf."


@pytest.fixture
def app():
    built = create_app(Settings(clock_start=datetime(2026, 3, 10, tzinfo=UTC)))
    with InProcessClient(built) as client:
        yield client


def test_one_form_parse_and_one_header_parse_per_request(app, monkeypatch):
    parses: list[bytes] = []
    headers: list[str | None] = []
    parse, decode = forms.parse_request, auth.basic_credentials

    def counting_parse(content_type, query_string, body):
        parses.append(body)
        return parse(content_type, query_string, body)

    def counting_decode(authorization):
        headers.append(authorization)
        return decode(authorization)

    monkeypatch.setattr(forms, "parse_request", counting_parse)
    monkeypatch.setattr(auth, "basic_credentials", counting_decode)
    answer = app.get("/konto/api/v1/get-customer", params={"guid": CUSTOMER_GUID}, auth=("testuser", DOC_KEY))
    assert answer.json()["status"] is True
    assert (len(parses), len(headers)) == (1, 1), "the lookup and the dialect share each parse"


# -- get-customers-by-kennitala ----------------------------------------------------------------------


def test_customers_by_kennitala_as_the_client_asks_for_them(konto, basic):
    expected = user_customer(konto)
    # the client's own request: GET, kennitala in the query string, credentials as Basic only
    answer = basic.get("/get-customers-by-kennitala", params={"kennitala": USER_KENNITALA})
    assert body_of(answer) == {"status": True, "message": "Success", "result": [expected]}
    # written with a dash, and with the form fields instead
    assert konto.ok("get-customers-by-kennitala", kennitala="444444-4444") == [expected]
    assert konto.ok("get-customers-by-kennitala", kennitala="1111111111") == []


def test_customers_by_kennitala_follow_creates_and_updates(konto):
    first = konto.ok("create-customer", "POST", data=NEW_CUSTOMER)
    second = konto.ok("create-customer", "POST", data={**NEW_CUSTOMER, "name": "Jón annar"})
    found = konto.ok("get-customers-by-kennitala", kennitala="1111111111")
    assert [row["guid"] for row in found] == sorted([first, second])
    assert found == [konto.ok("get-customer", guid=guid) for guid in sorted([first, second])]
    konto.ok("update-customer", "POST", guid=first, data={"registration_no": USER_KENNITALA})
    assert [row["guid"] for row in konto.ok("get-customers-by-kennitala", kennitala="1111111111")] == [second]
    assert first in [row["guid"] for row in konto.ok("get-customers-by-kennitala", kennitala=USER_KENNITALA)]
    # a refused update leaves the index as it was
    konto.refused("update-customer", "POST", guid=second, data={"registration_no": "1234567890"})
    assert [row["guid"] for row in konto.ok("get-customers-by-kennitala", kennitala="1111111111")] == [second]


def test_a_bad_kennitala_is_refused_as_everywhere(konto):
    before = konto.state()
    assert konto.call("get-customers-by-kennitala", kennitala="1234567890") == {
        "status": False,
        "message": "Vinsamlegast skrá rétta kennitölu (kennitala: 1234567890 is not a valid kennitala)",
        "result": None,
    }
    assert konto.call("get-customers-by-kennitala") == {
        "status": False,
        "message": "kennitala is required",
        "result": None,
    }
    assert konto.refused("get-customers-by-kennitala", kennitala="") == "kennitala is required"
    assert konto.refused("get-customers-by-kennitala", "POST", kennitala=USER_KENNITALA) == (
        "The POST method is not supported for /konto/api/v1/get-customers-by-kennitala; use GET"
    )
    assert konto.state() == before


# -- create-draft-invoice ------------------------------------------------------------------------


def test_the_clients_flow_drafts_an_invoice_that_is_neither_sent_nor_booked(konto, basic):
    """The Airtable client: look the customer up by kennitala, create it when absent, then post
    the draft with the full customer (guid and details) and a top-level kennitala, urlencoded,
    with Basic and the form fields both."""
    konto.workspace.set_clock("2026-03-10T12:00:00Z")
    creds = konto.credentials
    assert (
        body_of(basic.get("/get-customers-by-kennitala", params={"kennitala": "1111111111"}))["result"] == []
    )
    created = body_of(basic.post("/create-customer", data={**creds, "data": json.dumps(NEW_CUSTOMER)}))
    guid = created["result"]
    lines = [line("Greiðsla 1 af 2 (50%)", 50000), line("Heimsending", 7)]
    data = {
        "customer": {"guid": guid, **NEW_CUSTOMER, "address": "", "currency": "ISK", "lang": "is"},
        "kennitala": "1111111111",
        "currency": "ISK",
        "description": "Eldhús",
        "amount": 50007,  # whole krónur incl. VAT; the lines' own VAT gives 50007.01
        "due_date": "2026-03-13",
        "settlement_date": "2026-03-17",
        "is_claim": True,
        "items": lines,
    }
    invoices_before = konto.ok("get-count-invoices")
    answer = body_of(basic.post("/create-draft-invoice", data={**creds, "data": json.dumps(data)}))
    assert set(answer) == {"status", "message", "result"}
    assert (answer["status"], answer["message"]) == (True, "Success")
    draft = konto.ok("get-invoice", guid=answer["result"])
    assert {key: draft[key] for key in ("guid", "number", "status", "accounting_status", "type")} == {
        "guid": answer["result"],
        "number": None,
        "status": "Draft",
        "accounting_status": "Created",
        "type": "invoice",
    }
    assert (draft["issue_date"], draft["due_date"], draft["settlement_date"]) == (
        "2026-03-10",
        "2026-03-13",
        "2026-03-17",
    )
    assert (draft["amount"], draft["total_excluding_vat"], draft["total_vat"]) == (
        50007.01,
        40328.23,
        9678.78,
    )
    assert draft["customer"] == {
        "guid": guid,
        "name": "Jón Jónsson",
        "address": None,
        "zip": None,
        "city": None,
        "registration_no": "1111111111",
        "email": "jon@example.is",
    }
    assert (draft["is_claim"], draft["description"]) == (True, "Eldhús")
    assert [row["unit_price"] for row in draft["items"]] == [40322.58, 5.65]
    assert konto.workspace.outbox("konto") == []
    assert konto.ok("get-count-invoices") == invoices_before + 1
    assert draft in konto.ok("get-invoices")
    assert draft["guid"] not in [row["invoice_number"] for row in konto.ok("get-dashboard-data", "POST")]


def test_a_draft_customer_needs_a_valid_kennitala_then_a_name(konto):
    """What the client met: {guid} alone, {guid, registration_no}; a top-level kennitala does
    not stand in for the customer's."""
    before = konto.state()
    assert konto.call("create-draft-invoice", "POST", data=draft_data({"guid": CUSTOMER_GUID})) == KENNITALA
    assert (
        konto.call(
            "create-draft-invoice", "POST", data=draft_data({"guid": CUSTOMER_GUID}, kennitala="1111111111")
        )
        == KENNITALA
    )
    assert (
        konto.call(
            "create-draft-invoice",
            "POST",
            data=draft_data({"guid": CUSTOMER_GUID, "registration_no": "1234567890", "name": "X"}),
        )
        == KENNITALA
    )
    assert konto.call("create-draft-invoice", "POST", data=draft_data(None)) == KENNITALA
    assert (
        konto.call(
            "create-draft-invoice",
            "POST",
            data=draft_data({"guid": CUSTOMER_GUID, "registration_no": "1111111111"}),
        )
        == NAME
    )
    assert (
        konto.call(
            "create-draft-invoice",
            "POST",
            data=draft_data({"guid": CUSTOMER_GUID, "registration_no": "1111111111", "name": "  "}),
        )
        == NAME
    )
    assert konto.call("create-draft-invoice", "POST") == {
        "status": False,
        "message": "data is required",
        "result": None,
    }
    assert konto.state() == before


def test_a_draft_for_a_new_kennitala_creates_its_customer_and_defaults_its_dates(konto):
    konto.workspace.set_clock("2026-03-10T12:00:00Z")
    customers_before = konto.ok("get-count-customers")
    customer = {**NEW_CUSTOMER, "due_date": 14, "settlement_date": 20}
    guid = konto.ok(
        "create-draft-invoice",
        "POST",
        data=draft_data(customer, issue_date=None, due_date="", settlement_date=None),
    )
    draft = konto.ok("get-invoice", guid=guid)
    assert (draft["issue_date"], draft["due_date"], draft["settlement_date"]) == (
        "2026-03-10",
        "2026-03-24",
        "2026-03-30",
    )
    assert konto.ok("get-count-customers") == customers_before + 1
    [created] = konto.ok("get-customers-by-kennitala", kennitala="1111111111")
    assert (created["guid"], created["name"], created["due_date"]) == (
        draft["customer"]["guid"],
        "Jón Jónsson",
        14,
    )
    # the next draft for that kennitala is billed to that customer
    again = konto.ok("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER))
    assert konto.ok("get-invoice", guid=again)["customer"]["guid"] == created["guid"]
    assert konto.ok("get-count-customers") == customers_before + 1


def test_a_refused_draft_leaves_nothing(konto):
    before = konto.state()
    bad_line = {"guid": "no-such-item", "qty": 1}
    message = konto.refused("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER, items=[bad_line]))
    assert message == "Item with guid no-such-item not found"
    message = konto.refused(
        "create-draft-invoice",
        "POST",
        data=draft_data(NEW_CUSTOMER, due_date="2026-03-01", issue_date="2026-03-10"),
    )
    assert message == "Invalid due_date: 2026-03-01 is before issue_date 2026-03-10"
    assert konto.refused("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER, items=[])) == (
        "items is required"
    )
    assert konto.state() == before


def test_a_draft_is_issued_by_update_invoice_and_numbered_then(konto):
    last = max(int(row["number"]) for row in konto.ok("get-invoices") if row["number"])
    first = konto.ok("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER))
    second = konto.ok("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER))
    # a draft is not booked: Posted waits until it is issued
    before = konto.state()
    assert konto.call("update-invoice", "POST", guid=first, data={"accounting_status": "Posted"}) == {
        "status": False,
        "message": f"Invoice {first} is a Draft and cannot be Posted; issue it first (status Saved, Sent or Paid)",
        "result": None,
    }
    assert konto.state() == before
    assert konto.call("update-invoice", "POST", guid=second, data={"status": "Sent"}) == {
        "status": True,
        "message": "Success",
        "result": second,
    }
    issued = konto.ok("get-invoice", guid=second)
    assert (issued["status"], issued["number"]) == ("Sent", str(last + 1))
    assert konto.ok("get-invoice", guid=first)["number"] is None
    konto.ok("update-invoice", "POST", guid=first, data={"status": "Saved", "accounting_status": "Posted"})
    saved = konto.ok("get-invoice", guid=first)
    assert (saved["status"], saved["number"], saved["accounting_status"]) == (
        "Saved",
        str(last + 2),
        "Posted",
    )
    # the ordinary invoice after them follows on
    after = konto.ok("create-draft-invoice", "POST", data=draft_data(NEW_CUSTOMER))
    konto.ok("update-invoice", "POST", guid=after, data={"status": "Cancelled"})
    cancelled = konto.ok("get-invoice", guid=after)
    assert (cancelled["status"], cancelled["number"]) == ("Cancelled", None)
    assert konto.refused("update-invoice", "POST", guid=after, data={"status": "Sent"}) == (
        f"Invoice {after} is Cancelled and cannot become Sent"
    )
    assert konto.refused("update-invoice", "POST", guid=second, data={"status": "Draft"}).startswith(
        "Invalid status:"
    )


def test_drafts_are_listed_with_their_own_status_and_kept_out_of_the_dashboard(konto):
    konto.workspace.set_clock("2026-03-10T12:00:00Z")
    guid = konto.ok(
        "create-draft-invoice",
        "POST",
        data=draft_data({"guid": CUSTOMER_GUID, **NEW_CUSTOMER}, items=[{"guid": ITEM_S, "qty": 1}]),
    )
    listed = {row["guid"]: row for row in konto.ok("get-invoices")}
    assert listed[guid]["status"] == "Draft"
    assert listed[guid]["customer"]["guid"] == CUSTOMER_GUID
    assert listed[guid]["amount"] == 2095.6
    assert guid in {row["guid"] for row in konto.ok("get-invoices", accounting_status="Created")}
    sales = konto.ok("get-dashboard-data", "POST", start_date="2026-03-10", end_date="2026-03-10")
    assert sales == []
    konto.ok("update-invoice", "POST", guid=guid, data={"status": "Paid"})
    [sale] = konto.ok("get-dashboard-data", "POST", start_date="2026-03-10", end_date="2026-03-10")
    assert (sale["invoice_status"], sale["invoice_total_including_vat"]) == ("Paid", "2095.60")


def test_the_document_describes_both_new_operations(mockserver):
    document = httpx.get(f"{mockserver.url}/konto/openapi.json").json()
    schemas = document["components"]["schemas"]

    def form(path: str, method: str) -> dict:
        operation = document["paths"][path][method]
        assert operation["security"] == []
        media = operation["requestBody"]["content"]["multipart/form-data"]
        return schemas[media["schema"]["$ref"].split("/")[-1]]

    by_kennitala = form("/api/v1/get-customers-by-kennitala", "get")
    assert set(by_kennitala["required"]) == {"username", "api_key", "kennitala"}
    draft = form("/api/v1/create-draft-invoice", "post")
    assert set(draft["required"]) == {"username", "api_key", "data"}
    assert draft["properties"]["data"]["contentMediaType"] == "application/json"
    assert "DraftInvoiceData" in schemas
    assert document["paths"]["/api/v1/create-draft-invoice"]["post"]["tags"] == ["Invoice"]
