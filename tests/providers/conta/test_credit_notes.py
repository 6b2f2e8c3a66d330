"""Credit notes over HTTP: a whole invoice credited with negative sums, the original closed, the
ledger balanced; what cannot be credited; payments removed on request; recipients evented and
put in the outbox; refused input changes nothing."""

from decimal import Decimal

from tests.providers.conta.conftest import state_of
from tests.providers.conta.test_ledger_property import check_invariants
from tests.providers.conta.test_payments import (
    ACCOUNTING,
    INVOICE,
    events,
    invoice,
    pay,
    receivable_lines,
    today,
)

EHF_RECEIVER = "923609016"  # a valid organization number outside the seeded EHF registry


def credit(conta, invoice_id: int, **body):
    return conta.post(f"{INVOICE}/invoices/{invoice_id}/credit-note", json=body)


def event_docs(conta, invoice_id: int) -> list[dict]:
    found = state_of(conta.workspace)["tables"].get("invoiceEvents", {}).values()
    return [event for event in found if event["_invoiceId"] == invoice_id]


def test_crediting_invoice_44_makes_a_negative_credit_note_and_closes_the_original(conta):
    original = invoice(conta, 44)
    answer = conta.post(f"{INVOICE}/invoices/44/credit-note")  # the body is optional
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    note = answer.json()
    assert note["type"] == "CREDIT" and note["status"] == "INVOICE_CREATED"
    assert (note["sumNet"], note["sumVAT"], note["sumTotal"], note["sumRemaining"]) == (
        -3550,
        -762.5,
        -4312.5,
        0,
    )
    assert (note["creditedInvoiceId"], note["creditedInvoiceNo"], note["creditedInvoiceDate"]) == (
        44,
        original["invoiceNo"],
        original["invoiceDate"],
    )
    assert note["invoiceDate"] == original["invoiceDate"], "defaults to the original's date"
    assert note["customerId"] == 123 and note["invoiceNo"] > original["invoiceNo"]
    assert "kid" not in note and note["invoiceRecipients"] == []
    assert [(line["quantity"], line["sumNet"]) for line in note["invoiceLines"]] == [
        (-2, -2300),
        (-10, -1250),
    ]
    assert [info["sumVat"] for info in note["invoiceVatInfos"]] == [-575, -187.5]

    closed = invoice(conta, 44)
    assert (closed["status"], closed["sumRemaining"]) == ("CLOSED_BY_CREDIT_NOTE", "0")
    credited = event_docs(conta, 44)[-1]
    assert credited["eventType"] == "INVOICE_CREDITED"
    assert (credited["creditNoteInvoiceId"], credited["creditNoteInvoiceNo"]) == (
        note["id"],
        note["invoiceNo"],
    )
    assert Decimal(credited["sumRemainingChanged"]) == Decimal("-4312.50")
    assert events(conta, note["id"]) == ["CREDIT_NOTE_CREATED"]
    assert receivable_lines(conta, 44) == 0
    check_invariants(conta)
    posted = conta.get(
        f"{ACCOUNTING}/transactions2", params={"transactionId": invoice(conta, note["id"])["_transactionId"]}
    )
    (transaction,) = posted.json()["hits"]
    assert transaction["creditNoteId"] == note["id"] and transaction["transactionType"] == "INVOICE"
    amounts = sorted((line["bookkeepingAccountNo"], line["amount"]) for line in transaction["ledgerLines"])
    assert amounts == [("1500", -4312.5), ("2700", 575), ("2701", 187.5), ("3000", 1250), ("3000", 2300)]


def test_an_invoice_is_credited_once_and_a_credit_note_never(conta):
    note = credit(conta, 44).json()
    before = state_of(conta.workspace)
    again = credit(conta, 44)
    assert again.status_code == 422
    assert again.json()["name"] == "InvoiceCanNotBeCreditedException" and "properties" not in again.json()
    of_note = credit(conta, note["id"])
    assert of_note.status_code == 422 and of_note.json()["name"] == "CannotCreditCreditNotesException"
    assert state_of(conta.workspace) == before
    paid = pay(conta, note["id"], 1)
    assert paid.status_code == 422, "a credit note has nothing to pay"
    assert paid.json()["properties"] == {"amount": 1, "remainingOnInvoice": 0}


def test_a_paid_invoice_needs_remove_payments_if_exist(conta):
    before = state_of(conta.workspace)
    refused = credit(conta, 41)
    assert refused.status_code == 422 and refused.json()["name"] == "InvoiceHasPaymentsException"
    also_refused = credit(conta, 41, removePaymentsIfExist=False)
    assert also_refused.json()["name"] == "InvoiceHasPaymentsException"
    assert state_of(conta.workspace) == before
    answer = credit(conta, 41, removePaymentsIfExist=True)
    assert answer.status_code == 200
    note = answer.json()
    total = Decimal(invoice(conta, 41)["sumTotal"])
    assert Decimal(str(note["sumTotal"])) == -total
    assert conta.get(f"{INVOICE}/invoices/41/payments").json() == []
    assert events(conta, 41)[-2:] == ["DELETED_PAYMENT", "INVOICE_CREDITED"]
    assert invoice(conta, 41)["status"] == "CLOSED_BY_CREDIT_NOTE"
    assert receivable_lines(conta, 41) == 0
    check_invariants(conta)


def test_a_partly_paid_invoice_answers_with_its_sums_unless_payments_are_removed(conta):
    before = state_of(conta.workspace)
    refused = credit(conta, 46)
    assert refused.status_code == 422
    error = refused.json()
    assert error["name"] == "InvoiceSumRemainingLessThanSumTotalException"
    stored = invoice(conta, 46)
    assert error["properties"] == {
        "sumTotal": float(Decimal(stored["sumTotal"])),
        "sumRemaining": float(Decimal(stored["sumRemaining"])),
    }
    assert state_of(conta.workspace) == before
    assert credit(conta, 46, removePaymentsIfExist=True).status_code == 200
    assert invoice(conta, 46)["sumRemaining"] == "0"
    check_invariants(conta)


def test_the_ocr_multi_payment_is_not_removed_for_a_credit_note(conta):
    before = state_of(conta.workspace)
    answer = credit(conta, 42, removePaymentsIfExist=True)
    assert answer.status_code == 422
    assert answer.json()["name"] == "TransactionShouldBeRemovedBeforeDeletePaymentException"
    assert state_of(conta.workspace) == before


def test_remove_payments_if_exist_on_an_unpaid_invoice_simply_credits_it(conta):
    assert credit(conta, 45, removePaymentsIfExist=True).status_code == 200
    check_invariants(conta)


def test_the_credit_note_date_is_given_or_refused_before_the_original(conta):
    day = today(conta)
    note = credit(conta, 44, creditNoteDate=day).json()
    assert note["invoiceDate"] == day and note["invoiceDueDate"] == day
    assert note["creditedInvoiceDate"] == invoice(conta, 44)["invoiceDate"]
    before = state_of(conta.workspace)
    early = credit(conta, 45, creditNoteDate="2020-01-01")
    assert (
        early.status_code == 422
        and early.json()["name"] == "CurrentInvoiceCannotHaveAnOldCreditNoteException"
    )
    assert state_of(conta.workspace) == before


def test_recipients_get_the_credit_note_as_events_and_outbox_messages(conta):
    recipients = [
        {"type": "EMAIL", "emailAddress": "regnskap@kunde.no", "emailRecipientType": "EMAIL_TO"},
        {"type": "EHF"},  # customer 123 is in the EHF registry
        {"type": "MAIL"},
        {"type": "DO_NOT_DELIVER"},
    ]
    answer = credit(conta, 44, invoiceRecipients=recipients, customerReference="Ola")
    assert answer.status_code == 200
    note = answer.json()
    assert [r["type"] for r in note["invoiceRecipients"]] == ["EMAIL", "EHF", "MAIL", "DO_NOT_DELIVER"]
    assert all(r["invoiceId"] == note["id"] for r in note["invoiceRecipients"])
    assert note["customerReference"] == "Ola"
    sent = event_docs(conta, note["id"])[1:]
    assert [e["eventType"] for e in sent] == [
        "CREDIT_NOTE_SENT_BY_EMAIL",
        "CREDIT_NOTE_SENT_BY_EHF",
        "CREDIT_NOTE_SENT_BY_POSTAL_MAIL",
    ]
    assert sent[0]["emailAddresses"] == ["regnskap@kunde.no"] and sent[0]["deliveryMethod"] == "EMAIL"
    customer = state_of(conta.workspace)["tables"]["customers"]["123"]
    assert sent[1]["recipientOrgNo"] == customer["orgNo"]
    messages = conta.workspace.outbox("conta")
    assert [(m["method"], m["to"]) for m in messages][:2] == [
        ("email", "regnskap@kunde.no"),
        ("ehf", f"0192:{customer['orgNo']}"),
    ]
    assert len(messages) == 3
    assert all(m["document"] == "CREDIT_NOTE" and m["invoiceNo"] == note["invoiceNo"] for m in messages)
    assert messages[0]["amount"] == -4312.5 and "fileUrl" in messages[0]


def test_recipients_that_cannot_be_served_refuse_the_credit_note(conta):
    before = state_of(conta.workspace)
    missing = credit(conta, 44, invoiceRecipients=[{"type": "EMAIL"}])
    assert missing.status_code == 409
    assert [(e["id"], e["property"]["path"]) for e in missing.json()["errors"]] == [
        ("required", "invoiceRecipients[0].emailAddress")
    ]
    outside = credit(conta, 44, invoiceRecipients=[{"type": "EHF", "ehfRecipient": EHF_RECEIVER}])
    assert outside.status_code == 422 and outside.json()["name"] == "OrgCannotReceiveEhfException"
    efaktura = credit(conta, 44, invoiceRecipients=[{"type": "EFAKTURA"}])
    assert efaktura.status_code == 422
    assert efaktura.json()["name"] == "EfakturaCanBeUsedForNormalInvoicesOnlyException"
    assert state_of(conta.workspace) == before
    assert conta.workspace.outbox("conta") == []


def test_a_number_from_another_system_is_taken_once_per_year(conta):
    note = credit(conta, 44, isCreatedInOtherSystem=True, invoiceNo=5000).json()
    assert note["invoiceNo"] == 5000 and note["isCreatedInOtherSystem"] is True
    before = state_of(conta.workspace)
    duplicate = credit(conta, 45, isCreatedInOtherSystem=True, invoiceNo=5000, creditNoteDate=today(conta))
    assert duplicate.status_code == 422
    assert duplicate.json()["name"] == "DuplicateInvoiceNoAndYearException"
    assert duplicate.json()["properties"] == {"invoiceNo": "5000", "year": int(today(conta)[:4])}
    no_number = credit(conta, 45, isCreatedInOtherSystem=True)
    assert no_number.status_code == 409
    assert no_number.json()["errors"][0]["id"] == "invoiceCreatedInOtherSystemRequireInvoiceNo"
    number_only = credit(conta, 45, invoiceNo=5001)
    assert number_only.status_code == 409
    assert number_only.json()["errors"][0]["id"] == "invoiceNoOnlyForInvoicesCreatedInOtherSystems"
    assert state_of(conta.workspace) == before


def test_bad_input_answers_in_contas_envelope_and_changes_nothing(conta):
    before = state_of(conta.workspace)
    wrong = credit(conta, 44, removePaymentsIfExist="yes", creditNoteDate="17.11.2026", invoiceRecipients={})
    assert wrong.status_code == 409
    assert {(e["id"], e["property"]["path"]) for e in wrong.json()["errors"]} == {
        ("type", "removePaymentsIfExist"),
        ("format", "creditNoteDate"),
        ("type", "invoiceRecipients"),
    }
    bad_recipient = credit(conta, 44, invoiceRecipients=[{"type": "FAX"}])
    assert bad_recipient.status_code == 409
    assert bad_recipient.json()["errors"][0]["property"]["path"] == "invoiceRecipients[0].type"
    not_json = conta.post(f"{INVOICE}/invoices/44/credit-note", content=b"{")
    assert not_json.status_code == 400 and not_json.json()["name"] == "RestRequestException"
    assert credit(conta, 999).status_code == 404
    other = credit(conta, 47)  # org 12's invoice through org 11's path
    assert other.status_code == 404 and other.json()["name"] == "NotFoundIdModelStorageToolException"
    forbidden = conta.post("/invoice/organizations/99/invoices/44/credit-note", json={})
    assert forbidden.status_code == 403
    assert conta.get(f"{INVOICE}/invoices/44/credit-note").status_code == 405
    assert state_of(conta.workspace) == before


def test_a_rolled_back_credit_note_keeps_nothing_and_sends_nothing(conta):
    before = state_of(conta.workspace)
    answer = conta.post(
        f"{INVOICE}/invoices/44/credit-note",
        json={"invoiceRecipients": [{"type": "EMAIL", "emailAddress": "a@b.no"}]},
        headers={"conta-force-rollback": "true"},
    )
    assert answer.status_code == 200 and answer.json()["type"] == "CREDIT"
    assert state_of(conta.workspace) == before
    assert conta.workspace.outbox("conta") == []


def test_crediting_in_org_12_keeps_each_organizations_books(conta):
    answer = conta.post("/invoice/organizations/12/invoices/47/credit-note", json={})
    assert answer.status_code == 200
    assert invoice(conta, 47)["status"] == "CLOSED_BY_CREDIT_NOTE"
    balance = conta.get("/accounting/organizations/12/reports/trial-balance").json()
    assert balance["sumOutgoing"] == 0
    rows = {row["bookkeepingAccountNo"]: row["sumOutgoing"] for row in balance["trialBalanceOutputSub"]}
    assert rows.get("1500", 0) == 0
    check_invariants(conta)
