"""Payments over HTTP: register (partly, fully, refused), list per invoice, delete, and the
organization's invoice-payments search; the ledger agrees with the invoices after every step."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.providers.conta.conftest import state_of
from tests.providers.conta.test_ledger_property import check_invariants

INVOICE = "/invoice/organizations/11"
ACCOUNTING = "/accounting/organizations/11"
BANK = 1  # org 11's Driftskonto on 1920, allowed for invoicing
TAX_BANK = 2  # org 11's Skattetrekkskonto: not allowed for invoicing
ORG_12_BANK = 3


def pay(conta, invoice_id: int, amount, day: str | None = None, **extra):
    body = {"date": day or today(conta), "amount": amount, "bankAccountId": BANK, **extra}
    return conta.post(f"{INVOICE}/invoices/{invoice_id}/payments", json=body)


def today(conta) -> str:
    return conta.workspace.admin.get(f"/workspaces/{conta.workspace.id}/clock")["now"][:10]


def invoice(conta, invoice_id: int) -> dict:
    return state_of(conta.workspace)["tables"]["invoices"][str(invoice_id)]


def events(conta, invoice_id: int) -> list[str]:
    found = state_of(conta.workspace)["tables"].get("invoiceEvents", {}).values()
    return [event["eventType"] for event in found if event["_invoiceId"] == invoice_id]


def receivable_lines(conta, invoice_id: int) -> Decimal:
    """What account 1500 holds for one invoice, from the trial balance's details."""
    answer = conta.get(f"{ACCOUNTING}/reports/trial-balance/details", params={"bookkeepingAccountNo": "1500"})
    assert answer.status_code == 200
    return sum(
        (Decimal(str(line["amount"])) for line in answer.json() if line.get("invoiceId") == invoice_id),
        Decimal(0),
    )


def test_paying_invoice_44_partly_then_fully_closes_it_and_posts_both(conta):
    answer = pay(conta, 44, 1000, description="Delbetaling")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    payment = answer.json()
    assert payment["paymentType"] == "MANUAL"
    assert payment["isMultiPayment"] is False and payment["isFromKravia"] is False
    assert payment["totalAmount"] == 1000
    (part,) = payment["partialPayments"]
    assert (part["amount"], part["invoiceId"], part["paymentId"], part["date"]) == (
        1000,
        44,
        payment["id"],
        today(conta),
    )
    assert "description" not in payment and "description" not in part
    assert invoice(conta, 44)["sumRemaining"] == "3312.50"
    assert invoice(conta, 44)["status"] == "INVOICE_CREATED"
    check_invariants(conta)
    posted = conta.get(f"{ACCOUNTING}/transactions-advanced/{payment['transactionId']}").json()
    assert posted["transactionType"] == "PAYMENT" and posted["description"] == "Delbetaling"
    assert {(line["bookkeepingAccountNo"], line["amount"]) for line in posted["transactionLines"]} == {
        ("1920", 1000),
        ("1500", -1000),
    }

    rest = pay(conta, 44, 3312.5)
    assert rest.status_code == 200 and rest.json()["totalAmount"] == 3312.5
    assert invoice(conta, 44)["sumRemaining"] == "0.00"
    assert invoice(conta, 44)["status"] == "CLOSED_BY_PAYMENT"
    assert events(conta, 44) == [
        "INVOICE_CREATED",
        "INVOICE_SENT_BY_EMAIL",
        "PAYMENT_RECEIVED",
        "PAYMENT_RECEIVED",
    ]
    assert receivable_lines(conta, 44) == 0
    check_invariants(conta)


def test_more_than_the_remainder_is_refused_with_both_amounts(conta):
    before = state_of(conta.workspace)
    answer = pay(conta, 44, 4312.51)
    assert answer.status_code == 422
    error = answer.json()
    assert error["category"] == "CUSTOM" and error["name"] == "AmountGreaterThanRemainingOnInvoiceException"
    assert error["properties"] == {"amount": 4312.51, "remainingOnInvoice": 4312.5}
    assert set(error["messages"]) == {"EN", "NO"}
    assert state_of(conta.workspace) == before
    # A paid invoice has nothing left to pay.
    paid = pay(conta, 41, 1)
    assert paid.status_code == 422
    assert paid.json()["properties"] == {"amount": 1, "remainingOnInvoice": 0}


def test_a_payment_dated_after_today_is_refused_until_the_clock_gets_there(conta):
    tomorrow = (date.fromisoformat(today(conta)) + timedelta(days=1)).isoformat()
    before = state_of(conta.workspace)
    answer = pay(conta, 44, 100, day=tomorrow)
    assert answer.status_code == 422
    error = answer.json()
    assert error["name"] == "PaymentDateInFutureException"
    assert error["properties"] == {"today": today(conta), "dateProvided": tomorrow}
    assert state_of(conta.workspace) == before
    conta.workspace.advance("P1D")
    assert pay(conta, 44, 100, day=tomorrow).status_code == 200


def test_a_payment_before_the_regnskap_start_date_is_refused(conta):
    answer = pay(conta, 44, 100, day="2001-01-01")
    assert answer.status_code == 422
    error = answer.json()
    assert error["name"] == "CannotCreateTransactionBeforeStartDateException"
    assert set(error["properties"]) == {"regnskapStartDate"}


def test_date_amount_and_bank_account_are_required(conta):
    before = state_of(conta.workspace)
    answer = conta.post(f"{INVOICE}/invoices/44/payments", json={"description": "Uten alt"})
    assert answer.status_code == 409
    error = answer.json()
    assert error["category"] == "INPUT" and error["name"] == "InputOpException"
    assert error["input"] == {"description": "Uten alt"}
    assert [(e["id"], e["property"]["path"], e["property"]["dataType"]) for e in error["errors"]] == [
        ("required", "date", ["ASGARD_TYPE_DATE"]),
        ("required", "amount", ["ASGARD_TYPE_CURRENCY"]),
        ("required", "bankAccountId", ["ASGARD_TYPE_INTEGER"]),
    ]
    assert state_of(conta.workspace) == before


def test_wrong_types_and_bounds_are_input_errors(conta):
    before = state_of(conta.workspace)
    answer = conta.post(
        f"{INVOICE}/invoices/44/payments",
        json={"date": "07.12.2026", "amount": "100", "bankAccountId": 0, "description": ""},
    )
    assert answer.status_code == 409
    found = {(e["id"], e["property"]["path"]) for e in answer.json()["errors"]}
    assert found == {
        ("format", "date"),
        ("type", "amount"),
        ("minimum", "bankAccountId"),
        ("minLength", "description"),
    }
    too_little = pay(conta, 44, 0.001)
    assert too_little.status_code == 409
    assert [e["id"] for e in too_little.json()["errors"]] == ["minimum"]
    not_json = conta.post(f"{INVOICE}/invoices/44/payments", content=b"[1, 2")
    assert not_json.status_code == 400 and not_json.json()["name"] == "RestRequestException"
    assert state_of(conta.workspace) == before


def test_the_bank_account_must_be_the_organizations_and_for_invoicing(conta):
    before = state_of(conta.workspace)
    for account, condition in (
        (TAX_BANK, "bankAccountNotAllowedForInvoicing"),
        (ORG_12_BANK, "bankAccountNotFound"),
        (999, "bankAccountNotFound"),
    ):
        answer = pay(conta, 44, 100, bankAccountId=account)
        assert answer.status_code == 409, account
        (error,) = answer.json()["errors"]
        assert (error["id"], error["property"]["path"], error["property"]["value"]) == (
            condition,
            "bankAccountId",
            account,
        )
    assert state_of(conta.workspace) == before


def test_unknown_invoices_other_organizations_and_forbidden_ones(conta):
    before = state_of(conta.workspace)
    assert pay(conta, 999, 100).status_code == 404
    other = pay(conta, 47, 100)  # org 12's invoice through org 11's path
    assert other.status_code == 404 and other.json()["name"] == "NotFoundIdModelStorageToolException"
    forbidden = conta.post(
        "/invoice/organizations/99/invoices/44/payments",
        json={"date": today(conta), "amount": 1, "bankAccountId": BANK},
    )
    assert forbidden.status_code == 403 and forbidden.json()["name"] == "OrgAccessDeniedException"
    assert conta.get(f"{INVOICE}/invoices/47/payments").status_code == 404
    assert conta.get("/invoice/organizations/99/invoices/44/payments").status_code == 403
    assert conta.delete(f"{INVOICE}/payments/999").status_code == 404
    assert conta.delete("/invoice/organizations/12/payments/1").status_code == 404
    assert conta.put(f"{INVOICE}/invoices/44/payments", json={}).status_code == 405
    assert state_of(conta.workspace) == before


def test_a_foreign_currency_invoice_cannot_take_a_regular_payment(conta):
    edit_state(conta, lambda tables: tables["invoices"]["45"].update(invoiceCurrency="EUR"))
    workspace = conta.workspace
    before = state_of(workspace)
    answer = pay(conta, 45, 100)
    assert answer.status_code == 422
    assert (
        answer.json()["name"]
        == "NotPossibleToRegisterRegularPaymentsForInvoicesWithForeignCurrenciesException"
    )
    assert "properties" not in answer.json()
    assert state_of(workspace) == before


def test_a_rolled_back_payment_answers_and_keeps_nothing(conta):
    before = state_of(conta.workspace)
    answer = conta.post(
        f"{INVOICE}/invoices/44/payments",
        json={"date": today(conta), "amount": 500, "bankAccountId": BANK},
        headers={"conta-force-rollback": "true"},
    )
    assert answer.status_code == 200 and answer.json()["totalAmount"] == 500
    assert state_of(conta.workspace) == before
    assert conta.get(f"{INVOICE}/invoices/44/payments").json() == []


def test_an_invoices_payments_include_the_seeded_ocr_multi_payment(conta):
    assert conta.get(f"{INVOICE}/invoices/44/payments").json() == []
    (manual,) = conta.get(f"{INVOICE}/invoices/41/payments").json()
    assert manual["paymentType"] == "MANUAL" and manual["isMultiPayment"] is False
    answer = conta.get(f"{INVOICE}/invoices/42/payments")
    assert answer.status_code == 200
    (ocr,) = answer.json()
    assert ocr["paymentType"] == "OCR_CREMUL" and ocr["isMultiPayment"] is True
    assert [part["invoiceId"] for part in ocr["partialPayments"]] == [42, 43]
    assert ocr["totalAmount"] == sum(part["amount"] for part in ocr["partialPayments"])
    assert conta.get(f"{INVOICE}/invoices/43/payments").json() == [ocr]
    made = pay(conta, 44, 250).json()
    assert conta.get(f"{INVOICE}/invoices/44/payments").json() == [made]


def test_deleting_a_payment_restores_the_invoice_and_resets_its_posting(conta):
    made = pay(conta, 44, 4312.5).json()
    assert invoice(conta, 44)["status"] == "CLOSED_BY_PAYMENT"
    answer = conta.delete(f"{INVOICE}/payments/{made['id']}")
    assert answer.status_code == 200 and answer.content == b""
    restored = invoice(conta, 44)
    assert (restored["status"], restored["sumRemaining"]) == ("INVOICE_CREATED", "4312.50")
    assert events(conta, 44)[-1] == "DELETED_PAYMENT"
    assert conta.get(f"{INVOICE}/invoices/44/payments").json() == []
    posted = conta.get(f"{ACCOUNTING}/transactions-advanced/{made['transactionId']}").json()
    reset = conta.get(f"{ACCOUNTING}/transactions-advanced/{posted['resetByTransactionId']}").json()
    assert reset["isResetTransaction"] is True and reset["date"] == made["partialPayments"][0]["date"]
    assert {(line["bookkeepingAccountNo"], line["amount"]) for line in reset["transactionLines"]} == {
        ("1920", -4312.5),
        ("1500", 4312.5),
    }
    assert receivable_lines(conta, 44) == Decimal("4312.50")
    check_invariants(conta)
    again = conta.delete(f"{INVOICE}/payments/{made['id']}")
    assert again.status_code == 404


def test_deleting_the_seeded_partial_payment_reopens_invoice_46_in_full(conta):
    (seeded,) = conta.get(f"{INVOICE}/invoices/46/payments").json()
    assert conta.delete(f"{INVOICE}/payments/{seeded['id']}").status_code == 200
    restored = invoice(conta, 46)
    assert restored["sumRemaining"] == restored["sumTotal"]
    check_invariants(conta)


def test_the_ocr_multi_payment_cannot_be_deleted_through_the_api(conta):
    (ocr,) = conta.get(f"{INVOICE}/invoices/42/payments").json()
    before = state_of(conta.workspace)
    answer = conta.delete(f"{INVOICE}/payments/{ocr['id']}")
    assert answer.status_code == 422
    assert answer.json()["name"] == "TransactionShouldBeRemovedBeforeDeletePaymentException"
    assert state_of(conta.workspace) == before


# -- invoice-payments --------------------------------------------------------------------------


def search(conta, **query):
    answer = conta.get(f"{INVOICE}/invoice-payments", params=query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_invoice_payments_lists_every_partial_payment_with_its_sum(conta):
    found = search(conta)
    # Seeded: 41 (manual), 42 and 43 (one OCR payment), 46 (half).
    assert [hit["invoiceId"] for hit in found["hits"]] == [41, 42, 43, 46]
    assert (found["hitCount"], found["pageCount"]) == (4, 1)
    assert Decimal(str(found["sum"])) == sum(Decimal(str(hit["amount"])) for hit in found["hits"])
    ocr = found["hits"][1]
    assert ocr["paymentType"] == "OCR_CREMUL" and isinstance(ocr["invoiceNo"], int)
    assert set(ocr) == {
        "id",
        "customerId",
        "customerName",
        "customerOrgNo",
        "invoiceId",
        "invoiceNo",
        "amount",
        "paymentType",
        "date",
        "kid",
    }
    pay(conta, 44, 99.99)
    after = search(conta)
    assert after["hitCount"] == 5 and after["hits"][-1]["invoiceId"] == 44
    assert after["hits"][-1]["amount"] == 99.99 and after["hits"][-1]["customerId"] == 123
    assert Decimal(str(after["sum"])) == Decimal(str(found["sum"])) + Decimal("99.99")


def test_invoice_payments_pages_sorts_searches_and_filters_by_date(conta):
    everything = search(conta)["hits"]
    page = search(conta, hits=2, page=1)
    assert page["hits"] == everything[2:4] and (page["hitCount"], page["pageCount"]) == (4, 2)
    assert page["sum"] == search(conta)["sum"], "the sum is of every hit, not the page's"
    by_amount = search(conta, sort="-amount")["hits"]
    assert [hit["amount"] for hit in by_amount] == sorted((hit["amount"] for hit in everything), reverse=True)
    name = everything[0]["customerName"]
    assert {hit["customerName"] for hit in search(conta, q=name.split()[0])["hits"]} >= {name}
    assert search(conta, q=str(everything[3]["invoiceNo"]))["hits"] == [everything[3]]
    newest = max(hit["date"] for hit in everything)
    assert [hit["date"] for hit in search(conta, fromDate=newest)["hits"]] == [newest]
    assert all(hit["date"] < newest for hit in search(conta, toDate=everything[0]["date"])["hits"])
    empty = search(conta, q="ingen-slik-kunde")
    assert "hits" not in empty and (empty["hitCount"], empty["sum"]) == (0, 0)
    bad = conta.get(f"{INVOICE}/invoice-payments", params={"sort": "-colour", "hits": "x"})
    assert bad.status_code == 409
    assert {(e["id"], e["property"]["path"]) for e in bad.json()["errors"]} == {
        ("type", "hits"),
        ("sort", "sort"),
    }
    assert conta.get("/invoice/organizations/99/invoice-payments").status_code == 403
    org_12 = conta.get("/invoice/organizations/12/invoice-payments").json()
    assert org_12["hitCount"] == 0


# -- random bodies -----------------------------------------------------------------------------

BODY_FIELDS = st.sampled_from(
    [
        "date",
        "amount",
        "bankAccountId",
        "description",
        "returnPaymentDate",
        "removePaymentsIfExist",
        "creditNoteDate",
        "invoiceRecipients",
        "invoiceNo",
        "isCreatedInOtherSystem",
        "customerReference",
    ]
)
BODY_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**66), 2**66)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-11-30", "2099-01-01", "1999-12-31", 0.01, 1, 2, 3, 4312.5])
    | st.lists(
        st.dictionaries(
            st.sampled_from(["type", "emailAddress", "ehfRecipient"]),
            st.sampled_from(["EMAIL", "EHF", "MAIL", "FAX", "a@b.no", "923609016", 7]),
            max_size=3,
        ),
        max_size=2,
    )
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(["payments", "credit-note"]),
    invoice_id=st.sampled_from([41, 42, 44, 46, 47, 999]),
    body=st.dictionaries(BODY_FIELDS, BODY_VALUES, max_size=5),
)
def test_random_bodies_answer_in_contas_envelope_and_refusals_change_nothing(conta, route, invoice_id, body):
    before = state_of(conta.workspace)
    answer = conta.post(f"{INVOICE}/invoices/{invoice_id}/{route}", json=body)
    assert answer.status_code in (200, 404, 409, 422), answer.text
    if answer.status_code != 200:
        assert state_of(conta.workspace) == before
    check_invariants(conta)


def edit_state(conta, change) -> None:
    """Change the workspace's stored state through the control plane's snapshot (for states
    the API cannot reach: a posting reset behind the payment's back, a written-off invoice)."""
    workspace = conta.workspace
    snapshot = workspace.snapshot()
    change(snapshot["state"]["conta"]["tables"])
    workspace.admin.put(f"/workspaces/{workspace.id}/snapshot", json=snapshot)


def test_a_payment_whose_posting_was_reset_or_whose_invoice_was_written_off_stays(conta):
    posting = conta.get(f"{INVOICE}/invoices/41/payments").json()[0]["transactionId"]
    edit_state(conta, lambda tables: tables["transactions"][str(posting)].update(resetByTransactionId=1))
    before = state_of(conta.workspace)
    reset = conta.delete(f"{INVOICE}/payments/1")
    assert reset.status_code == 422
    assert reset.json()["name"] == "TransactionAlreadyResetException"
    assert reset.json()["properties"] == {"transactionId": posting, "resetByTransactionId": 1}
    assert state_of(conta.workspace) == before

    edit_state(conta, lambda tables: tables["invoices"]["46"].update(status="WRITTEN_OFF_AS_LOSS"))
    before = state_of(conta.workspace)
    lost = conta.delete(f"{INVOICE}/payments/3")
    assert lost.status_code == 422 and lost.json()["name"] == "InvoiceIsClosedWithLossException"
    credited = conta.post(f"{INVOICE}/invoices/46/credit-note", json={"removePaymentsIfExist": True})
    assert credited.status_code == 422 and credited.json()["name"] == "InvoiceIsClosedWithLossException"
    assert state_of(conta.workspace) == before
