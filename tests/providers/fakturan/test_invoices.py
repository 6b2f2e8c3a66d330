from mockserver.providers.fakturan.models import InvoiceEnvelope, InvoiceList
from tests.providers.fakturan.conftest import state_of

ONE_ROW = [{"text": "Konsult", "amount": "1", "product_price": "100"}]


def create(fakturan, **body):
    answer = fakturan.post("/invoices", json={"client_id": 2, "rows": ONE_ROW, **body})
    assert answer.status_code == 201, answer.text
    return InvoiceEnvelope.model_validate(answer.json()).data


def test_seeded_invoices_reconcile_with_their_rows(fakturan):
    invoices = InvoiceList.model_validate(fakturan.get("/invoices", params={"per_page": 100}).json()).data
    assert len(invoices) == 20
    from decimal import Decimal

    for invoice in invoices:
        net = sum(
            Decimal(r.amount) * Decimal(r.product_price) * (100 - Decimal(r.discount)) / 100
            for r in invoice.rows
            if not r.text_row
        )
        assert Decimal(invoice.net) == net.quantize(Decimal("0.01"))
        # öresavrundning: the total is whole kronor, half up
        whole = (Decimal(invoice.net) + Decimal(invoice.tax)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        assert Decimal(invoice.sum) == whole
        assert Decimal(invoice.tax) == sum(Decimal(v) for v in invoice.tax_details.values())
    assert any(i.sent and i.paid_at is None for i in invoices) and any(i.paid_at for i in invoices)
    assert any(not i.sent for i in invoices)


def test_discount_in_percent_and_prices_including_tax(fakturan):
    invoice = create(
        fakturan, rows=[{"product_price": "200", "amount": "1.5", "discount": "10", "product_tax": 25}]
    )
    assert (invoice.net, invoice.tax, invoice.sum) == ("270.0", "67.5", "338.0")
    assert invoice.rows[0].discount == "10.0" and invoice.rows[0].amount == "1.5"
    inclusive = create(
        fakturan,
        settings={"prices_inc_tax": "yes"},
        rows=[
            {"product_price": "125", "amount": "2", "product_tax": 25},
            {"product_price": "112", "amount": "1", "product_tax": 12},
        ],
    )
    assert (inclusive.net, inclusive.tax, inclusive.sum) == ("300.0", "62.0", "362.0")
    assert inclusive.tax_details == {"25": "50.0", "12": "12.0"}


def test_rows_take_product_defaults(fakturan):
    invoice = create(fakturan, rows=[{"product_id": 5, "amount": "2"}])
    row = invoice.rows[0]
    assert (row.product_id, row.product_name, row.product_code, row.product_price, row.product_tax) == (
        5,
        "Handbok (tryckt)",
        "BOK-1",
        "349.0",
        6,
    )
    assert invoice.tax_details == {"6": "41.88"}


def test_defaults_come_from_the_client_and_the_clock(fakturan):
    today = fakturan.workspace.admin.get(f"/workspaces/{fakturan.workspace.id}/clock")["now"][:10]
    client = fakturan.post(
        "/clients",
        json={
            "company": "Kort AB",
            "settings": {"invoice_days": 10, "locale": "en"},
            "address": {"zip_code": "11122", "country": "SE", "city": "Sthlm"},
        },
    )
    invoice = create(fakturan, client_id=client.json()["data"]["id"])
    assert (invoice.date, invoice.days, invoice.locale, invoice.address.zip_code) == (
        today,
        10,
        "en",
        "111 22",
    )


def test_number_defaults_and_must_be_unique(fakturan):
    first = create(fakturan)
    assert create(fakturan).number == first.number + 1
    taken = fakturan.post("/invoices", json={"client_id": 2, "number": first.number, "rows": ONE_ROW})
    assert taken.status_code == 422
    assert taken.json() == {"errors": {"number": [{"error": "taken", "value": first.number}]}}


def test_nested_client_errors_are_keyed_by_path_and_nothing_is_stored(fakturan):
    before = state_of(fakturan.workspace)
    answer = fakturan.post(
        "/invoices",
        json={
            "client": {"client_type": "individual", "email": "x", "address": {"country": "Sweden"}},
            "rows": ONE_ROW,
        },
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "errors": {
            "client.address.country": [{"error": "too_long", "count": 2}],
            "client.first_name": [{"error": "blank"}],
            "client.last_name": [{"error": "blank"}],
            "client.email": [{"error": "invalid"}],
        }
    }
    assert state_of(fakturan.workspace) == before


def test_update_adds_changes_and_removes_rows(fakturan):
    invoice = create(
        fakturan,
        rows=[
            {"product_name": "A", "product_price": "10", "amount": "1"},
            {"product_name": "B", "product_price": "20", "amount": "1"},
        ],
    )
    a, b = invoice.rows
    answer = fakturan.put(
        f"/invoices/{invoice.id}",
        json={
            "our_reference": "Eva",
            "rows": [
                {"id": a.id, "amount": "3"},
                {"id": b.id, "_destroy": True},
                {"product_name": "C", "product_price": "5", "amount": "2"},
            ],
        },
    )
    assert answer.status_code == 204
    shown = fakturan.get(f"/invoices/{invoice.id}").json()["data"]
    assert shown["our_reference"] == "Eva"
    assert [(r["product_name"], r["amount"]) for r in shown["rows"]] == [("A", "3.0"), ("C", "2.0")]
    assert shown["net"] == "40.0"


def test_update_with_unknown_row_is_404_and_changes_nothing(fakturan):
    invoice = create(fakturan, rows=[{"product_name": "A", "product_price": "10", "amount": "1"}])
    before = state_of(fakturan.workspace)
    answer = fakturan.put(f"/invoices/{invoice.id}", json={"our_reference": "X", "rows": [{"id": 999999}]})
    assert answer.status_code == 404
    assert state_of(fakturan.workspace) == before


def test_filters_and_sort(fakturan):
    mine = create(fakturan, date="2020-02-02", client_id=3)
    by_number = fakturan.get("/invoices", params={"number": mine.number}).json()["data"]
    assert [i["id"] for i in by_number] == [mine.id]
    in_window = fakturan.get("/invoices", params={"start_date": "2020-02-01", "end_date": "2020-02-03"})
    assert [i["id"] for i in in_window.json()["data"]] == [mine.id]
    assert all(i["client_id"] == 3 for i in fakturan.get("/invoices", params={"client_id": 3}).json()["data"])
    dates = [
        i["date"] for i in fakturan.get("/invoices", params={"sort": "-date", "per_page": 100}).json()["data"]
    ]
    assert dates == sorted(dates, reverse=True)
    bad = fakturan.get("/invoices", params={"start_date": "yesterday"})
    assert bad.status_code == 422 and bad.json() == {"errors": {"start_date": [{"error": "invalid"}]}}


def test_send_marks_sent_and_the_journal_shows_what_would_have_gone_out(fakturan):
    client = fakturan.post("/clients", json={"company": "Mottagare AB", "email": "ekonomi@mottagare.se"})
    invoice = create(
        fakturan, client_id=client.json()["data"]["id"], rows=[{"product_price": "100", "amount": "1"}]
    )
    answer = fakturan.post(f"/invoices/{invoice.id}/send", json={"delivery_method": "auto"})
    assert answer.status_code == 200 and answer.json()["data"]["sent"] is True
    assert fakturan.get(f"/invoices/{invoice.id}").json()["data"]["sent"] is True
    [entry] = fakturan.workspace.requests(path=f"/fakturan/api/v2/invoices/{invoice.id}/send")
    assert entry["outbound"][0]["method"] == "email"
    assert entry["outbound"][0]["to"] == "ekonomi@mottagare.se"
    assert entry["outbound"][0]["sum"] == "125.0"


def test_send_by_letter_needs_an_address_and_method_must_be_known(fakturan):
    client = fakturan.post("/clients", json={"company": "Utan Adress AB"}).json()["data"]
    invoice = create(fakturan, client_id=client["id"])
    refused = fakturan.post(f"/invoices/{invoice.id}/send", json={"delivery_method": "letter"})
    assert refused.status_code == 422 and refused.json() == {
        "error": "You must select at least one recipient."
    }
    assert fakturan.get(f"/invoices/{invoice.id}").json()["data"]["sent"] is False
    odd = fakturan.post(f"/invoices/{invoice.id}/send", json={"delivery_method": "fax"})
    assert odd.status_code == 422 and odd.json() == {"errors": {"delivery_method": [{"error": "inclusion"}]}}
    letter = create(fakturan, client_id=2)
    assert fakturan.post(f"/invoices/{letter.id}/send", json={"delivery_method": "letter"}).status_code == 200
