"""The flows of Conta's guide ("Get started with Conta's API"), end to end over real HTTP, in the
guide's order: find the organization, search customers, create customers, send an invoice by
e-mail, look up EHF and send by EHF, a draft turned into an invoice, both transaction styles,
a payment made, listed and deleted, and a credit note. docs/conta.md "How to" shows the same.

Every answer is checked against the published contract (the `conta` fixture), and after the
whole story the books still balance and agree with the invoices.
"""

from __future__ import annotations

from tests.providers.conta.conftest import state_of
from tests.providers.conta.test_ledger_property import check_invariants

ORG = "/invoice/organizations/11"
ACCOUNTING = "/accounting/organizations/11"
TODAY = "2026-12-07"


def lines(*rows: tuple[str, float, float, str]) -> list[dict]:
    return [
        {"description": text, "price": price, "quantity": quantity, "discount": 0, "vatCode": code}
        for text, price, quantity, code in rows
    ]


def events_of(conta, invoice_id: int) -> list[str]:
    answer = conta.get(f"{ORG}/invoices/{invoice_id}/events")
    assert answer.status_code == 200
    return [hit["eventType"] for hit in answer.json().get("hits", [])]


def test_the_guide_from_organization_to_credit_note(conta):
    conta.workspace.set_clock(f"{TODAY}T09:00:00Z")

    # Get your organization id.
    organizations = conta.get("/invoice/organizations").json()
    assert {org["id"] for org in organizations} == {11, 12}

    # Search customers starting with "Lisa", ten a page, by id.
    found = conta.get(f"{ORG}/customers", params={"q": "Lisa", "hits": 10, "page": 0, "sort": "id"}).json()
    assert found["hitCount"] >= 1 and found["hits"][0]["customerName"].startswith("Lisa")

    # Create an individual and an organization customer.
    individual = conta.post(
        f"{ORG}/customers",
        json={
            "name": "Kari Nordmann",
            "customerType": "INDIVIDUAL",
            "emailAddress": "kari@example.no",
            "customerAddressLine1": "Storgata 1",
            "customerAddressPostcode": "0155",
            "customerAddressCity": "Oslo",
        },
    )
    assert individual.status_code == 200
    kari = individual.json()
    business = conta.post(
        f"{ORG}/customers",
        json={
            "name": "Fjordkraft Testbedrift AS",
            "customerType": "ORGANIZATION",
            "orgNo": "974760673",
            "customerAddressLine1": "Kaigaten 2",
            "customerAddressPostcode": "5015",
            "customerAddressCity": "Bergen",
        },
    )
    assert business.status_code == 200

    # Send an invoice by e-mail: numbered, totalled, evented, and in the outbox (not sent).
    emailed = conta.post(
        f"{ORG}/invoices",
        json={
            "customerId": kari["id"],
            "invoiceDate": TODAY,
            "invoiceDueDate": "2026-12-21",
            "invoiceLines": lines(("Konsulenttimer", 1000, 2, "high"), ("Frakt", 200, 1, "zero.rate")),
            "invoiceRecipients": [
                {"type": "EMAIL", "emailAddress": "kari@example.no", "emailRecipientType": "EMAIL_TO"}
            ],
        },
    )
    assert emailed.status_code == 200
    invoice = emailed.json()
    assert (invoice["sumNet"], invoice["sumVAT"], invoice["sumTotal"]) == (2200, 500, 2700)
    assert invoice["sumRemaining"] == 2700 and invoice["status"] == "INVOICE_CREATED"
    assert "INVOICE_SENT_BY_EMAIL" in events_of(conta, invoice["id"])
    assert any("kari@example.no" in str(message) for message in conta.workspace.outbox("conta"))

    # Look up EHF first, then send by EHF; an organization that cannot receive EHF is refused.
    customers = conta.get(f"{ORG}/customers", params={"customerType": "ORGANIZATION", "hits": 0}).json()
    receiver = refused = None
    for hit in customers["hits"]:
        lookup = conta.get(f"/invoice/conta-ehf/recipients/{hit['orgNo']}").json()
        if lookup["canReceiveEhf30"] and receiver is None:
            receiver = hit
        elif not lookup["canReceiveInvoices"] and refused is None:
            refused = hit
    assert receiver is not None and refused is not None
    ehf = {
        "invoiceDate": TODAY,
        "invoiceDueDate": "2026-12-21",
        "invoiceLines": lines(("Lisens", 500, 1, "high")),
    }
    sent = conta.post(
        f"{ORG}/invoices",
        json={
            **ehf,
            "customerId": receiver["id"],
            "invoiceRecipients": [{"type": "EHF", "ehfRecipient": receiver["orgNo"]}],
        },
    )
    assert sent.status_code == 200 and sent.json()["invoiceNo"] == invoice["invoiceNo"] + 1
    assert "INVOICE_SENT_BY_EHF" in events_of(conta, sent.json()["id"])
    before = state_of(conta.workspace)
    not_sent = conta.post(
        f"{ORG}/invoices",
        json={
            **ehf,
            "customerId": refused["id"],
            "invoiceRecipients": [{"type": "EHF", "ehfRecipient": refused["orgNo"]}],
        },
    )
    assert not_sent.status_code == 422 and not_sent.json()["name"] == "OrgCannotReceiveEhfException"
    assert state_of(conta.workspace) == before

    # A draft, reviewed later and turned into an invoice: the draft is consumed.
    draft = conta.post(
        f"{ORG}/invoice-drafts",
        json={
            "registrationSource": "CONTA",
            "customerId": kari["id"],
            "invoiceDraftLines": lines(("Kurs", 1500, 1, "high")),
        },
    )
    assert draft.status_code == 200 and draft.json()["sumTotal"] == 1875
    from_draft = conta.post(
        f"{ORG}/invoices",
        json={"id": draft.json()["id"], "customerId": kari["id"], "invoiceDate": TODAY},
    )
    assert from_draft.status_code == 200 and from_draft.json()["sumTotal"] == 1875
    assert conta.get(f"{ORG}/invoice-drafts/{draft.json()['id']}").status_code == 404

    # Bookkeeping: one line with both sides, then separate debit and credit lines.
    single = conta.post(
        f"{ACCOUNTING}/transactions-advanced",
        json={
            "transactionType": "MANUAL_TRANSACTION",
            "transactionLinesAdvanced": [
                {
                    "date": TODAY,
                    "description": "Kontorrekvisita",
                    "amount": 500,
                    "debitBookkeepingAccountNo": "6800",
                    "creditBookkeepingAccountNo": "1920",
                }
            ],
        },
    )
    assert single.status_code == 200 and len(single.json()["transactionLines"]) == 2
    separate = conta.post(
        f"{ACCOUNTING}/transactions-advanced",
        json={
            "transactionType": "MANUAL_TRANSACTION",
            "transactionLinesAdvanced": [
                {"date": TODAY, "description": "Varer", "amount": 300, "debitBookkeepingAccountNo": "4300"},
                {"date": TODAY, "description": "Bank", "amount": 300, "creditBookkeepingAccountNo": "1920"},
            ],
        },
    )
    assert separate.status_code == 200

    # Pay invoice 44, list its payments, delete the payment: the invoice is unpaid again.
    account = next(a for a in conta.get(f"{ORG}/bank-accounts").json() if a.get("allowedForInvoicing"))
    guide_invoice = conta.get(f"{ORG}/invoices/44").json()
    assert guide_invoice["status"] == "INVOICE_CREATED"
    payment = conta.post(
        f"{ORG}/invoices/44/payments",
        json={
            "date": TODAY,
            "amount": guide_invoice["sumRemaining"],
            "bankAccountId": account["id"],
            "description": "Innbetaling",
        },
    )
    assert payment.status_code == 200
    assert payment.json()["paymentType"] == "MANUAL" and "description" not in payment.json()
    assert conta.get(f"{ORG}/invoices/44").json()["status"] == "CLOSED_BY_PAYMENT"
    listed = conta.get(f"{ORG}/invoices/44/payments").json()
    assert [p["id"] for p in listed] == [payment.json()["id"]]
    deleted = conta.delete(f"{ORG}/payments/{payment.json()['id']}")
    assert deleted.status_code == 200 and deleted.content == b""
    restored = conta.get(f"{ORG}/invoices/44").json()
    assert restored["status"] == "INVOICE_CREATED"
    assert restored["sumRemaining"] == guide_invoice["sumRemaining"]
    assert conta.get(f"{ORG}/invoices/44/payments").json() == []

    # Credit invoice 44 in full.
    credit = conta.post(f"{ORG}/invoices/44/credit-note", json={})
    assert credit.status_code == 200
    note = credit.json()
    assert note["type"] == "CREDIT" and note["creditedInvoiceId"] == 44
    assert note["sumTotal"] == -guide_invoice["sumTotal"] and note["sumRemaining"] == 0
    credited = conta.get(f"{ORG}/invoices/44").json()
    assert credited["status"] == "CLOSED_BY_CREDIT_NOTE" and credited["sumRemaining"] == 0

    # The books balance and 1500 holds what the invoices have remaining.
    check_invariants(conta)
