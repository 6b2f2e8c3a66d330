"""The outbox over real HTTP: what Fakturan would have sent is listed per workspace, only when
the request succeeded, and can be emptied."""

import httpx


def test_a_sent_invoice_is_in_the_outbox_and_a_refused_send_is_not(mockserver, mockserver_workspace):
    creds = mockserver_workspace.credentials["fakturan"]
    with httpx.Client(
        base_url=f"{mockserver.url}/fakturan/api/v2", auth=(creds["username"], creds["password"])
    ) as fakturan:
        client = fakturan.post("/clients", json={"company": "Mottagare AB"}).json()["data"]
        invoice = fakturan.post(
            "/invoices",
            json={"client_id": client["id"], "rows": [{"text": "x", "amount": "1", "product_price": "100"}]},
        ).json()["data"]
        refused = fakturan.post(f"/invoices/{invoice['id']}/send", json={"delivery_method": "email"})
        assert refused.status_code == 422, "the client has no e-mail address"
        assert mockserver_workspace.outbox() == []
        fakturan.put(f"/clients/{client['id']}", json={"email": "ekonomi@mottagare.se"})
        assert (
            fakturan.post(f"/invoices/{invoice['id']}/send", json={"delivery_method": "email"}).status_code
            == 200
        )
    (message,) = mockserver_workspace.outbox("fakturan")
    assert message["provider"] == "fakturan" and message["method"] == "email"
    assert message["to"] == "ekonomi@mottagare.se" and message["sum"] == "125.0"
    assert message["request_id"] == mockserver_workspace.requests(method="POST", path="*/send")[0]["id"]
    assert mockserver_workspace.outbox("konto") == []
    assert mockserver.admin.http.delete(f"/workspaces/{mockserver_workspace.id}/outbox").status_code == 204
    assert mockserver_workspace.outbox() == []
