from mockserver.providers.fakturan.models import PaymentEnvelope
from tests.providers.fakturan.conftest import state_of


def invoice_of(fakturan, price="1000"):
    answer = fakturan.post(
        "/invoices", json={"client_id": 2, "rows": [{"product_price": price, "amount": "1"}]}
    )
    return answer.json()["data"]


def test_partial_payments_then_the_rest_sets_paid_at(fakturan):
    invoice = invoice_of(fakturan)  # 1250.0 with 25 % tax
    first = fakturan.post(
        f"/invoices/{invoice['id']}/payments", json={"paid_at": "2026-01-02", "amount": "250.50"}
    )
    assert PaymentEnvelope.model_validate(first.json()).data.amount == "250.5"
    assert fakturan.get(f"/invoices/{invoice['id']}").json()["data"]["paid_at"] is None
    rest = fakturan.post(f"/invoices/{invoice['id']}/payments", json={"paid_at": "2026-01-09"})
    assert rest.status_code == 201 and rest.json()["data"]["amount"] == "999.5"
    assert fakturan.get(f"/invoices/{invoice['id']}").json()["data"]["paid_at"] == "2026-01-09"


def test_overpayment_and_missing_date_are_refused_and_store_nothing(fakturan):
    invoice = invoice_of(fakturan)
    before = state_of(fakturan.workspace)
    over = fakturan.post(
        f"/invoices/{invoice['id']}/payments", json={"paid_at": "2026-01-02", "amount": "1250.01"}
    )
    assert over.status_code == 422
    assert over.json() == {"errors": {"amount": [{"error": "less_than_or_equal_to", "count": "1250.0"}]}}
    blank = fakturan.post(f"/invoices/{invoice['id']}/payments", json={})
    assert blank.json() == {"errors": {"paid_at": [{"error": "blank"}]}}
    bad = fakturan.post(f"/invoices/{invoice['id']}/payments", json={"paid_at": "2026-02-30", "amount": "-5"})
    assert bad.json() == {
        "errors": {"paid_at": [{"error": "invalid"}], "amount": [{"error": "greater_than", "count": 0}]}
    }
    assert state_of(fakturan.workspace) == before


def test_payments_of_unknown_invoice_are_404(fakturan):
    assert fakturan.get("/invoices/9999/payments").json() == {"error": "404 Not Found"}
    assert fakturan.post("/invoices/9999/payments", json={"paid_at": "2026-01-01"}).status_code == 404
