"""Invoices over HTTP: create (totals, numbering, KID, postings), send by e-mail and EHF
(events and outbox), read, list with filters and paging, unpaid with overdue from the clock,
allowed delivery methods; refused input changes nothing."""

from datetime import date, timedelta

import httpx
import pytest

from mockserver.providers.conta.rules.invoicing import valid_kid
from tests.providers.conta.conftest import state_of

ORG = "/invoice/organizations/11"
INVOICES = f"{ORG}/invoices"
EHF_CUSTOMER = 123  # an organization customer in the EHF registry (seed)

# Research §4.2's worked example: 2 × 1000 at high + 1 × 200 at zero.rate with 10 % discount.
LINES = [
    {"description": "Konsulenttime", "price": 1000, "quantity": 2, "discount": 0, "vatCode": "high"},
    {"description": "Håndbok", "price": 200, "quantity": 1, "discount": 10, "vatCode": "zero.rate"},
]


def today(conta) -> date:
    clock = conta.workspace.admin.get(f"/workspaces/{conta.workspace.id}/clock")
    return date.fromisoformat(clock["now"][:10])


def invoice_body(conta, **fields) -> dict:
    """A valid body dated today on the workspace clock; a field given as None is left out."""
    day = today(conta)
    body = {
        "customerId": 123,
        "invoiceDate": day.isoformat(),
        "invoiceDueDate": (day + timedelta(days=14)).isoformat(),
        "invoiceLines": LINES,
        **fields,
    }
    return {key: value for key, value in body.items() if value is not None}


def create(conta, **fields) -> dict:
    answer = conta.post(INVOICES, json=invoice_body(conta, **fields))
    assert answer.status_code == 200, answer.text
    return answer.json()


def events_of(conta, invoice_id: int, org: int = 11) -> list[dict]:
    answer = conta.get(f"/invoice/organizations/{org}/invoices/{invoice_id}/events")
    assert answer.status_code == 200
    return answer.json().get("hits", [])


def refused(conta, body: dict, status: int, name: str, path: str = INVOICES) -> dict:
    before = state_of(conta.workspace)
    answer = conta.post(path, json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["name"] == name
    assert state_of(conta.workspace) == before
    assert [m for m in conta.workspace.outbox("conta")] == []
    return answer.json()


# -- create ------------------------------------------------------------------------------------


def test_the_worked_example_totals_as_numbers(conta):
    made = create(conta)
    assert (made["sumNet"], made["sumVAT"], made["sumTotal"], made["sumRemaining"]) == (2180, 500, 2680, 2680)
    assert all(isinstance(made[k], int) for k in ("sumNet", "sumVAT", "sumTotal"))
    assert made["status"] == "INVOICE_CREATED" and made["type"] == "NORMAL"
    assert made["followUpDate"] == made["invoiceDueDate"]
    first, second = made["invoiceLines"]
    assert (first["sumNet"], first["sumDiscount"], first["bookkeepingAccountNo"]) == (2000, 0, "3000")
    assert (second["sumNet"], second["sumDiscount"], second["bookkeepingAccountNo"]) == (180, 20, "3100")
    assert [line["lineNo"] for line in made["invoiceLines"]] == [1, 2]
    vat = {info["vatPercent"]: (info["sumBasis"], info["sumVat"]) for info in made["invoiceVatInfos"]}
    assert vat == {25: (2000, 500), 0: (180, 0)}
    assert made["bankAccountId"] >= 1 and made["invoiceFileId"] >= 1
    read = conta.get(f"{INVOICES}/{made['id']}")
    assert read.status_code == 200 and read.json() == made


def test_numbers_are_consecutive_per_organization(conta):
    first, second = create(conta), create(conta)
    assert second["invoiceNo"] == first["invoiceNo"] + 1
    assert second["id"] == first["id"] + 1
    other = conta.post(
        "/invoice/organizations/12/invoices",
        json={
            **invoice_body(conta),
            "customerId": 131,
            "invoiceLines": [{**LINES[0], "vatCode": "exempted"}],
        },
    )
    assert other.status_code == 200, other.text
    assert other.json()["invoiceNo"] < first["invoiceNo"]  # org 12's own series (from 1)
    assert create(conta)["invoiceNo"] == second["invoiceNo"] + 1


def test_the_kid_has_a_valid_check_digit_and_the_invoice_is_posted(conta):
    made = create(conta)
    assert valid_kid(made["kid"]) and made["kid"].isdigit()
    assert str(made["invoiceNo"]) in made["kid"]
    tables = state_of(conta.workspace)["tables"]
    posting = tables["transactions"][str(tables["invoices"][str(made["id"])]["_transactionId"])]
    amounts = {(line["bookkeepingAccountNo"], line["amount"]) for line in posting["transactionLines"]}
    assert {("1500", "2680.00"), ("3000", "-2000.00"), ("3100", "-180.00"), ("2700", "-500.00")} <= {
        (a, f"{float(v):.2f}") for a, v in amounts
    }
    assert events_of(conta, made["id"])[0]["eventType"] == "INVOICE_CREATED"


def test_a_given_kid_is_kept_when_its_check_digit_is_right_and_refused_when_not(conta):
    assert create(conta, kid="12345674")["kid"] == "12345674"  # mod 10
    body = refused(conta, invoice_body(conta, kid="12345675"), 409, "InputOpException")
    assert body["errors"][0]["property"]["path"] == "kid"


def test_past_invoice_dates_are_allowed_and_due_date_defaults(conta):
    made = create(conta, invoiceDate="2024-03-01", invoiceDueDate=None)
    assert made["invoiceDate"] == "2024-03-01" and made["invoiceDueDate"] == "2024-03-15"


def test_an_invoice_created_in_another_system_keeps_its_number_once_a_year(conta):
    made = create(conta, isCreatedInOtherSystem=True, invoiceNo=777)
    assert made["invoiceNo"] == 777 and made["isCreatedInOtherSystem"] is True
    assert create(conta)["invoiceNo"] != 778  # the series did not move to 778
    body = refused(
        conta,
        invoice_body(conta, isCreatedInOtherSystem=True, invoiceNo=777),
        422,
        "DuplicateInvoiceNoAndYearException",
    )
    assert body["properties"] == {"invoiceNo": "777", "year": today(conta).year}


@pytest.mark.parametrize(
    ("fields", "condition"),
    [
        ({"isCreatedInOtherSystem": True}, "invoiceCreatedInOtherSystemRequireInvoiceNo"),
        ({"invoiceNo": 5}, "invoiceNoOnlyForInvoicesCreatedInOtherSystems"),
    ],
)
def test_invoice_numbers_only_for_invoices_from_other_systems(conta, fields, condition):
    body = refused(conta, invoice_body(conta, **fields), 409, "InputOpException")
    assert [error["id"] for error in body["errors"]] == [condition]


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"invoiceDate": None}, "InvoiceDateCannotBeNullWhenTypeNormalException"),
        ({"invoiceDate": "2026-01-10", "invoiceDueDate": "2026-01-09"}, "DueDateBeforeInvoiceDateException"),
        ({"invoiceLines": [{**LINES[0], "price": -10}]}, "InvoiceSumTotalCanNotBeNegativeException"),
        ({"type": "CREDIT"}, "CreditNoteSumTotalCanNotBePositiveException"),
        ({"customerId": 999999}, "CustomerNotFoundException"),
        ({"customerId": 131}, "CustomerNotFoundException"),  # org 12's customer
        ({"invoiceLines": [{**LINES[0], "lineNo": 2}]}, "WrongInvoiceLinesNumberingException"),
    ],
)
def test_business_rules_refuse_with_422_and_keep_nothing(conta, fields, name):
    body = invoice_body(conta, **fields)
    assert refused(conta, body, 422, name)["category"] == "CUSTOM"


def test_a_vat_code_the_organization_may_not_use(conta):
    body = {**invoice_body(conta), "customerId": 131}
    refused(conta, body, 422, "WrongVatCodeException", path="/invoice/organizations/12/invoices")


@pytest.mark.parametrize(
    "body",
    [
        {"invoiceLines": []},  # customerId missing
        {"customerId": "123"},
        {"customerId": 123, "invoiceDate": "yesterday"},
        {"customerId": 123, "invoiceLines": [{"description": "x"}]},
        {"customerId": 123, "invoiceRecipients": [{"type": "FAX"}]},
    ],
)
def test_wrong_types_and_missing_fields_are_input_errors(conta, body):
    answer = refused(conta, body, 409, "InputOpException")
    assert answer["errors"] and answer["input"] == body


def test_other_and_unknown_organizations(conta):
    assert conta.post("/invoice/organizations/99/invoices", json=invoice_body(conta)).status_code == 403
    assert conta.get("/invoice/organizations/99/invoices").status_code == 403
    seeded_in_12 = max(
        int(i) for i, doc in state_of(conta.workspace)["tables"]["invoices"].items() if doc["_org"] == 12
    )
    answer = conta.get(f"{INVOICES}/{seeded_in_12}")
    assert answer.status_code == 404 and answer.json()["name"] == "NotFoundIdModelStorageToolException"
    assert conta.get(f"{INVOICES}/987654").status_code == 404
    assert conta.get(f"{INVOICES}/{seeded_in_12}/events").status_code == 404


def test_force_rollback_answers_and_keeps_nothing(conta):
    before = state_of(conta.workspace)
    answer = conta.post(
        INVOICES,
        json=invoice_body(conta, invoiceRecipients=[{"type": "EMAIL", "emailAddress": "a@example.no"}]),
        headers={"conta-force-rollback": "true"},
    )
    assert answer.status_code == 200 and answer.json()["sumTotal"] == 2680
    assert state_of(conta.workspace) == before
    assert conta.get(f"{INVOICES}/{answer.json()['id']}").status_code == 404
    assert conta.workspace.outbox("conta") == []


# -- sending -----------------------------------------------------------------------------------


def test_a_plan_without_the_channel_refuses_sending_and_keeps_nothing(conta):
    snapshot = conta.workspace.snapshot()
    plan = snapshot["state"]["conta"]["tables"]["organizations"]["11"]["_subscription"]
    plan["allowedFeatures"].remove("ALLOW_EMAIL")
    conta.workspace.admin.put(f"/workspaces/{conta.workspace.id}/snapshot", json=snapshot)
    before = state_of(conta.workspace)
    email = {"type": "EMAIL", "emailAddress": "regnskap@kunde.no"}
    answer = conta.post(INVOICES, json=invoice_body(conta, invoiceRecipients=[email]))
    assert answer.status_code == 422 and answer.json()["name"] == "SubscriptionPlanException"
    assert state_of(conta.workspace) == before and conta.workspace.outbox("conta") == []
    # EHF is still in the plan: the same invoice goes out that way.
    ehf = {"type": "EHF"}
    assert conta.post(INVOICES, json=invoice_body(conta, invoiceRecipients=[ehf])).status_code == 200
    # What the invoice may be sent by agrees: e-mail is no longer offered.
    methods = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"customerId": EHF_CUSTOMER})
    assert methods.json() == ["MAIL", "EHF", "EFAKTURA"]


def test_send_by_email_records_the_event_and_the_outbox_message(conta):
    made = create(
        conta,
        invoiceRecipients=[
            {
                "type": "EMAIL",
                "emailAddress": "regnskap@kunde.no",
                "emailRecipientType": "EMAIL_TO",
                "emailSubject": "Faktura fra oss",
            }
        ],
    )
    assert made["invoiceRecipients"][0]["emailAddress"] == "regnskap@kunde.no"
    sent = [e for e in events_of(conta, made["id"]) if e["eventType"] == "INVOICE_SENT_BY_EMAIL"]
    assert len(sent) == 1 and sent[0]["emailAddresses"] == ["regnskap@kunde.no"]
    assert sent[0]["deliveryMethod"] == "EMAIL"
    (message,) = conta.workspace.outbox("conta")
    assert message["method"] == "email" and message["to"] == "regnskap@kunde.no"
    assert message["invoiceNo"] == made["invoiceNo"] and message["amount"] == 2680
    assert message["subject"] == "Faktura fra oss" and message["kid"] == made["kid"]
    pdf = conta.get(message["fileUrl"])
    assert pdf.status_code == 200 and str(made["invoiceNo"]).encode() in pdf.content


def test_an_email_recipient_needs_an_address(conta):
    body = refused(conta, invoice_body(conta, invoiceRecipients=[{"type": "EMAIL"}]), 409, "InputOpException")
    assert body["errors"][0]["property"]["path"] == "invoiceRecipients[0].emailAddress"


def test_ehf_lookup_then_send_by_ehf(conta):
    customer = conta.get(f"{ORG}/customers/{EHF_CUSTOMER}").json()
    info = conta.get(f"/invoice/conta-ehf/recipients/{customer['orgNo']}").json()
    assert info["canReceiveEhf30"] is True
    made = create(conta, invoiceRecipients=[{"type": "EHF", "ehfRecipient": customer["orgNo"]}])
    sent = [e for e in events_of(conta, made["id"]) if e["eventType"] == "INVOICE_SENT_BY_EHF"]
    assert len(sent) == 1 and sent[0]["recipientOrgNo"] == customer["orgNo"]
    (message,) = conta.workspace.outbox("conta")
    assert message["method"] == "ehf" and message["to"] == f"0192:{customer['orgNo']}"


def test_ehf_without_a_number_goes_to_the_customers_org_number(conta):
    made = create(conta, invoiceRecipients=[{"type": "EHF"}])
    customer = conta.get(f"{ORG}/customers/{EHF_CUSTOMER}").json()
    assert made["invoiceRecipients"][0]["ehfRecipient"] == customer["orgNo"]


def test_ehf_to_an_organization_that_cannot_receive_keeps_nothing(conta):
    registry = state_of(conta.workspace)["ehfRegistry"]
    number = next(no for no, flags in registry.items() if not flags["canReceiveInvoices"])
    info = conta.get(f"/invoice/conta-ehf/recipients/{number}").json()
    assert info["canReceiveInvoices"] is False
    body = invoice_body(conta, invoiceRecipients=[{"type": "EHF", "ehfRecipient": number}])
    refused(conta, body, 422, "OrgCannotReceiveEhfException")


def test_mail_needs_a_customer_address(conta):
    customer = conta.post(
        f"{ORG}/customers",
        json={
            "name": "Adresseløs AS",
            "customerType": "ORGANIZATION",
            "customerAddressLine1": "Gate 1",
            "customerAddressPostcode": "0150",
            "customerAddressCity": "Oslo",
        },
    ).json()
    made = create(conta, customerId=customer["id"], invoiceRecipients=[{"type": "MAIL"}])
    assert [e["eventType"] for e in events_of(conta, made["id"])][-1] == "INVOICE_SENT_BY_POSTAL_MAIL"
    assert conta.workspace.outbox("conta")[-1]["method"] == "letter"


# -- lists -------------------------------------------------------------------------------------


def test_the_list_is_an_envelope_with_filters_paging_and_the_sum(conta):
    everything = conta.get(INVOICES, params={"hits": 0}).json()
    assert everything["hitCount"] == len(everything["hits"]) >= 6
    assert everything["sum"] == pytest.approx(sum(hit["sumTotal"] for hit in everything["hits"]))
    made = create(conta)
    page = conta.get(INVOICES, params={"hits": 2, "page": 0, "sort": "-id"}).json()
    assert page["pageCount"] == -(-page["hitCount"] // 2) and [h["id"] for h in page["hits"]][0] == made["id"]
    hit = page["hits"][0]
    assert hit["customerName"] and hit["customerId"] == 123 and hit["invoiceNo"] == made["invoiceNo"]
    assert hit["sumTotal"] == 2680 and "createdAt" not in hit
    by_no = conta.get(INVOICES, params={"invoiceNo": made["invoiceNo"], "includeCreatedAt": "true"}).json()
    assert (
        [h["id"] for h in by_no["hits"]] == [made["id"]]
        and by_no["sum"] == 2680
        and "createdAt" in by_no["hits"][0]
    )
    by_customer = conta.get(INVOICES, params={"customerId": 123, "hits": 0}).json()
    assert {h["customerId"] for h in by_customer["hits"]} == {123}
    paid = conta.get(INVOICES, params={"type": "PAID", "hits": 0}).json()
    assert paid["hits"] and {h["sumRemaining"] for h in paid["hits"]} == {0}
    assert conta.get(INVOICES, params={"q": str(made["invoiceNo"])}).json()["hitCount"] == 1


def test_list_filters_refuse_unknown_ids_and_bad_values(conta):
    for customer in (999999, 131):
        answer = conta.get(INVOICES, params={"customerId": customer})
        assert answer.status_code == 422 and answer.json()["name"] == "CustomerNotFoundException"
    assert conta.get(INVOICES, params={"type": "SOMETIMES"}).status_code == 409
    assert conta.get(INVOICES, params={"sort": "colour"}).status_code == 409
    assert conta.get(INVOICES, params={"hits": "many"}).status_code == 409


def test_unpaid_invoices_become_overdue_on_the_workspace_clock(conta):
    made = create(conta)
    before = conta.get(f"{INVOICES}/unpaid").json()
    mine = next(i for i in before["invoices"] if i["id"] == made["id"])
    assert mine["invoiceNo"] == str(made["invoiceNo"]) and mine["extendedStatus"] == "NOT_OVERDUE"
    assert before["hasPaidInvoices"] is True
    assert before["sumUnpaid"] == pytest.approx(sum(i["sumRemaining"] for i in before["invoices"]))
    conta.workspace.advance("P20D")
    after = conta.get(f"{INVOICES}/unpaid").json()
    mine = next(i for i in after["invoices"] if i["id"] == made["id"])
    assert mine["extendedStatus"] == "PAST_FOLLOW_UP_DATE"
    assert after["sumExpired"] == pytest.approx(
        before["sumExpired"]
        + 2680
        + sum(
            i["sumRemaining"]
            for i in before["invoices"]
            if i["id"] != made["id"]
            and i["extendedStatus"] == "NOT_OVERDUE"
            and i["invoiceDueDate"] < (today(conta)).isoformat()
        )
    )
    overdue = conta.get(INVOICES, params={"type": "OVERDUE", "hits": 0}).json()
    assert made["id"] in [h["id"] for h in overdue["hits"]]


def test_allowed_delivery_methods(conta):
    ehf_customer = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"customerId": EHF_CUSTOMER})
    assert ehf_customer.status_code == 200 and ehf_customer.json() == ["EMAIL", "MAIL", "EHF", "EFAKTURA"]
    individual = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"customerId": 101}).json()
    assert "EHF" not in individual
    overdue = conta.get(
        f"{INVOICES}/allowed-delivery-methods", params={"customerId": 101, "invoiceDueDate": "2020-01-01"}
    ).json()
    assert "EFAKTURA" not in overdue
    credit = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"type": "CREDIT"}).json()
    assert "EFAKTURA" not in credit
    made = create(conta)
    assert "EHF" in conta.get(f"{INVOICES}/allowed-delivery-methods", params={"id": made["id"]}).json()
    unknown = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"customerId": 999999})
    assert unknown.status_code == 422 and unknown.json()["name"] == "CustomerNotFoundException"


def test_how_far_back_an_invoice_may_be_dated(conta):
    year = today(conta).year
    two_years = f"{year - 2}-01-15"
    assert create(conta, invoiceDate=two_years, invoiceDueDate=None)["invoiceDate"] == two_years
    other_old = {"isCreatedInOtherSystem": True, "invoiceNo": 8, "invoiceDueDate": None}
    assert create(conta, invoiceDate=f"{year - 3}-06-01", **other_old)["invoiceNo"] == 8
    old = invoice_body(conta, invoiceDate=f"{year - 4}-06-01", invoiceDueDate=None)
    refused(conta, old, 422, "InvoiceIsMoreThanThreeYearsOldException")
    other = invoice_body(
        conta, invoiceDate=f"{year - 4}-12-31", invoiceDueDate=None, isCreatedInOtherSystem=True, invoiceNo=9
    )
    refused(conta, other, 422, "OldInvoiceCannotBeOlderThanThreeFullCalendarYearsException")


def test_foreign_currency_rules(conta):
    day = today(conta).isoformat()
    body = invoice_body(conta, invoiceCurrency="EUR")
    answer = refused(conta, body, 409, "InputOpException")
    assert [e["id"] for e in answer["errors"]] == ["exchangeRateReferenceDateRequired"]
    euro = {"invoiceCurrency": "EUR", "exchangeRate": 11.5, "exchangeRateReferenceDate": day}
    refused(
        conta,
        invoice_body(conta, type="CASH", **euro),
        422,
        "OnlyNormalInvoicesCanHaveForeignCurrencyException",
    )
    refused(
        conta,
        invoice_body(conta, invoiceDate="2026-01-02", invoiceDueDate=None, **euro),
        422,
        "ForeignCurrencyInvoiceDateNeedsToBeTodayException",
    )
    made = create(conta, **euro)
    assert made["invoiceCurrency"] == "EUR" and made["exchangeRate"] == 11.5


def without_invoicing_bank_account(conta) -> None:
    """The workspace restored with no bank account of org 11 open for invoicing."""
    workspace = conta.workspace
    snapshot = workspace.snapshot()
    for account in snapshot["state"]["conta"]["tables"]["bankAccounts"].values():
        if account["_org"] == 11:
            account["allowedForInvoicing"] = False
    workspace.admin.put(f"/workspaces/{workspace.id}/snapshot", json=snapshot)


def test_without_a_bank_account_for_invoicing(conta):
    without_invoicing_bank_account(conta)
    next_no = state_of(conta.workspace)["counters"]["invoiceNo:11"] + 1
    ehf = refused(
        conta,
        invoice_body(conta, invoiceRecipients=[{"type": "EHF"}]),
        422,
        "InvoiceNeedsBankAccountToBeSentAsEhfException",
    )
    assert ehf["properties"] == {"invoiceNo": next_no}
    refused(conta, invoice_body(conta), 422, "OrgMustHaveBankAccountException")
    kid = refused(conta, invoice_body(conta, kid="12345674"), 409, "InputOpException")
    assert [e["id"] for e in kid["errors"]] == ["kidNumberForbidden"]


def test_filters_for_what_the_sandbox_does_not_emulate(conta):
    kravia = conta.get(INVOICES, params={"kraviaInvoiceStatuses": '["ACTIVE"]'})
    assert kravia.status_code == 200 and kravia.json()["hitCount"] == 0
    assert conta.get(INVOICES, params={"type": "REPEATING"}).json()["hitCount"] == 0
    for name, error in (
        ("departmentId", "DepartmentNotFoundException"),
        ("projectId", "ProjectNotFoundException"),
    ):
        answer = conta.get(INVOICES, params={name: 1})
        assert answer.status_code == 422 and answer.json()["name"] == error


def test_a_repeating_invoice_is_kept_with_its_repetition(conta):
    day = today(conta)
    repeat = {"frequency": "MONTHLY", "nextRepeatDate": (day + timedelta(days=30)).isoformat()}
    made = create(conta, invoiceRepeat=repeat)
    assert made["invoiceRepeat"] == {**repeat, "orgId": 11}
    repeating = conta.get(INVOICES, params={"type": "REPEATING"}).json()
    assert [hit["id"] for hit in repeating["hits"]] == [made["id"]]


@pytest.mark.parametrize(
    ("fields", "status", "name"),
    [
        ({"invoiceRepeat": {"frequency": "MONTHLY"}}, 409, "repeatMustHaveFrequencyAndNextRepeatDate"),
        (
            {
                "invoiceRepeat": {
                    "frequency": "WEEKLY",
                    "nextRepeatDate": "2099-01-01",
                    "endDate": "2020-01-01",
                }
            },
            409,
            "repeatEndDateMustBeInTheFuture",
        ),
        (
            {
                "invoiceRepeat": {"frequency": "WEEKLY", "nextRepeatDate": "2099-01-01"},
                "deliveryDate": "2020-01-01",
            },
            422,
            "InvoiceDateMustEqualDeliveryDateWhenRepeatingException",
        ),
    ],
)
def test_repetition_rules(conta, fields, status, name):
    body = refused(
        conta, invoice_body(conta, **fields), status, "InputOpException" if status == 409 else name
    )
    if status == 409:
        assert [error["id"] for error in body["errors"]] == [name]


def test_the_served_document_lists_the_borrowed_exceptions(mockserver):
    document = httpx.get(f"{mockserver.url}/conta/openapi.json").json()
    answer = document["paths"]["/invoice/organizations/{opContextOrgId}/invoices"]["post"]["responses"]["422"]
    assert "CustomerNotFoundException" in answer["x-mockserver-borrowed"]
    names = [
        option["properties"]["name"]["enum"][0]
        for option in answer["content"]["application/json"]["schema"]["oneOf"]
    ]
    assert {
        "CustomerNotFoundException",
        "OrgCannotReceiveEhfException",
        "DueDateBeforeInvoiceDateException",
    } <= set(names)
    methods = document["paths"]["/invoice/organizations/{opContextOrgId}/invoices/allowed-delivery-methods"][
        "get"
    ]
    assert methods["responses"]["422"]["x-mockserver-borrowed"] == ["CustomerNotFoundException"]


def test_mail_to_a_customer_without_an_address(conta):
    workspace = conta.workspace
    snapshot = workspace.snapshot()
    customer = snapshot["state"]["conta"]["tables"]["customers"]["101"]
    del customer["customerAddressLine1"]
    workspace.admin.put(f"/workspaces/{workspace.id}/snapshot", json=snapshot)
    body = refused(
        conta,
        invoice_body(conta, customerId=101, invoiceRecipients=[{"type": "MAIL"}]),
        422,
        "CustomerDoesNotHaveAddressException",
    )
    assert body["properties"] == {"id": 101, "name": customer["name"]}
    methods = conta.get(f"{INVOICES}/allowed-delivery-methods", params={"customerId": 101}).json()
    assert "MAIL" not in methods


def test_efaktura_only_for_normal_invoices_not_overdue(conta):
    made = create(conta, invoiceRecipients=[{"type": "EFAKTURA"}])
    assert events_of(conta, made["id"])[-1]["eventType"] == "INVOICE_SENT_BY_EFAKTURA"
    assert conta.workspace.outbox("conta")[-1]["method"] == "efaktura"
    overdue = invoice_body(conta, invoiceDate="2025-01-01", invoiceDueDate="2025-01-15")
    refused_efaktura = {"invoiceRecipients": [{"type": "EFAKTURA"}]}
    before = len(conta.workspace.outbox("conta"))
    for body, name in (
        ({**overdue, **refused_efaktura}, "EfakturaCannotBeOverdueException"),
        (
            {**invoice_body(conta, type="CASH"), **refused_efaktura},
            "EfakturaCanBeUsedForNormalInvoicesOnlyException",
        ),
    ):
        answer = conta.post(INVOICES, json=body)
        assert answer.status_code == 422 and answer.json()["name"] == name
    assert len(conta.workspace.outbox("conta")) == before
