"""How to test a Konto.is integration against mockserver.

Konto takes every parameter as a form field (multipart even on GET, as `curl -X GET -F` sends it;
urlencoded or the query string work too), JSON payloads inside a `data` field, and answers
every request with HTTP 200 and `{"status": true|false, "message": ..., "result": ...}`.
Point your client at `http://HOST:PORT/konto/api/v1/` instead of `https://konto.is/api/v1/`.
"""

import json

import httpx


def test_howto_konto(mockserver, mockserver_workspace):
    # 1. A workspace of your own: its Konto credentials route requests to your data only.
    #    (The default workspace answers the docs' own credentials: testuser / 3a62cd25...)
    credentials = mockserver_workspace.credentials["konto"]
    konto = httpx.Client(base_url=f"{mockserver.url}/konto/api/v1")

    def form(**fields):
        """Konto's way: every field a multipart part, JSON payloads as a string in `data`."""
        merged = {**credentials, **{k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}}
        return {name: (None, value) for name, value in merged.items()}

    # 2. Check the credentials. A wrong api_key is still HTTP 200, with status false.
    hello = konto.request("GET", "/hello", files=form()).json()
    assert hello["status"] is True and hello["message"] == "Connection succeeded"
    wrong = konto.get("/hello", params={"username": credentials["username"], "api_key": "wrong"}).json()
    assert wrong == {"status": False, "message": "Invalid api_key", "result": None}

    # 3. Create a customer (the kennitala's check digit is verified) and an item.
    customer = konto.post(
        "/create-customer",
        files=form(
            data={
                "name": "Test ehf.",
                "registration_no": "1111111111",
                "email": "test@example.is",
                "currency": "ISK",
            }
        ),
    ).json()
    item = konto.post(
        "/create-item",
        files=form(data={"description": "Ráðgjöf", "uom": "HUR", "tax": "S", "unit_price": "10000"}),
    ).json()
    assert customer["status"] and item["status"]

    # 4. Invoice it. `amount` must equal the total Konto computes: 2 h x 10000, VAT S 24% = 24800.
    invoice = {
        "amount": 24800,
        "currency": "ISK",
        "customer": {"guid": customer["result"]},
        "type": "invoice",
        "issue_date": "2026-1-5",
        "due_date": "2026-1-20",
        "settlement_date": "2026-1-30",
        "items": [{"guid": item["result"], "qty": 2}],
    }
    created = konto.post("/create-invoice", files=form(data=invoice)).json()
    got = konto.request("GET", "/get-invoice", files=form(guid=created["result"])).json()["result"]
    assert (got["amount"], got["total_vat"], got["status"]) == (24800, 4800, "Sent")

    # 5. Bad input is HTTP 200 too, with a message naming the field; nothing is created.
    refused = konto.post("/create-invoice", files=form(data={**invoice, "amount": 100})).json()
    assert refused == {
        "status": False,
        "result": None,
        "message": "amount 100 does not match the invoice total 24800.00 computed from its items",
    }

    # 6. Recurring invoices are issued by the workspace's virtual clock: move it, and they appear.
    clock = mockserver.admin.get(f"/workspaces/{mockserver_workspace.id}/clock")["now"][:10]
    recurring = konto.post(
        "/create-recurring-invoice",
        files=form(
            data={
                **invoice,
                "recurring_name": "Monthly advice",
                "recurring_interval": "monthly",
                "recurring_start_date": clock,
                "recurring_max_invoice": 12,
            }
        ),
    ).json()["result"]

    def issued():
        rows = konto.request("GET", "/get-invoices", files=form()).json()["result"]
        return [row for row in rows if row["recurring_guid"] == recurring]

    assert len(issued()) == 1
    mockserver_workspace.advance("P2M")
    assert len(issued()) == 3

    # 7. The journal (newest first) shows what your code sent and what Konto would have e-mailed.
    sent = mockserver_workspace.requests(provider="konto", path="/konto/api/v1/create-invoice")
    assert sent[-1]["outbound"][0]["to"] == "test@example.is"
    konto.close()
