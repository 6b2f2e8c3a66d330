"""Manual transactions over HTTP: both line styles of the guide, get, reset by inverted lines,
the journal (transactions2) and the trial balance; refused input changes nothing."""

from tests.providers.conta.conftest import state_of

ACCOUNTING = "/accounting/organizations/11"
ADVANCED = f"{ACCOUNTING}/transactions-advanced"

# One line with both sides: split into a debit and a credit ledger line.
BOTH_SIDES = {
    "transactionType": "MANUAL_TRANSACTION",
    "date": "2026-11-20",
    "description": "Kontorrekvisita betalt fra bank",
    "transactionLinesAdvanced": [
        {
            "date": "2026-11-20",
            "description": "Papir",
            "amount": 500,
            "debitBookkeepingAccountNo": "6800",
            "debitVatCode": "input.high",
            "creditBookkeepingAccountNo": "1920",
        }
    ],
}
# Separate lines with only a debit or only a credit side (the guide's purchase example).
SEPARATE = {
    "transactionType": "MANUAL_TRANSACTION",
    "transactionLinesAdvanced": [
        {"date": "2026-11-21", "description": "Varer", "amount": 300, "debitBookkeepingAccountNo": "4300"},
        {"date": "2026-11-21", "description": "Frakt", "amount": 100.5, "debitBookkeepingAccountNo": "6800"},
        {"date": "2026-11-21", "description": "Bank", "amount": 400.5, "creditBookkeepingAccountNo": "1920"},
    ],
}


def trial_balance(conta, **query) -> dict:
    answer = conta.get(f"{ACCOUNTING}/reports/trial-balance", params=query)
    assert answer.status_code == 200
    return answer.json()


def by_account(balance: dict) -> dict:
    return {row["bookkeepingAccountNo"]: row for row in balance["trialBalanceOutputSub"]}


def test_a_line_with_both_sides_is_split_and_its_vat_posted(conta):
    answer = conta.post(ADVANCED, json=BOTH_SIDES)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    made = answer.json()
    assert made["transactionType"] == "MANUAL_TRANSACTION"
    assert made["transactionSourceType"] == "ADVANCED_TRANSACTION"
    assert made["lockedStatus"] == "OPEN" and made["isResetTransaction"] is False
    assert made["transactionNoYear"] == f"{made['transactionNo']}-2026"
    assert made["date"] == "2026-11-20"
    lines = {(line["bookkeepingAccountNo"], line["amount"]) for line in made["transactionLines"]}
    assert lines == {("6800", 400), ("2710", 100), ("1920", -500)}
    assert made["transactionLinesAdvanced"][0]["amount"] == 500
    stored = state_of(conta.workspace)["tables"]["transactions"][str(made["id"])]
    assert stored["transactionNo"] == made["transactionNo"]


def test_separate_lines_are_one_ledger_line_each_and_numbered_per_year(conta):
    first = conta.post(ADVANCED, json=SEPARATE).json()
    second = conta.post(ADVANCED, json=BOTH_SIDES).json()
    assert second["transactionNo"] == first["transactionNo"] + 1
    assert first["date"] == "2026-11-21"  # the first line's date
    assert [(line["bookkeepingAccountNo"], line["amount"]) for line in first["transactionLines"]] == [
        ("4300", 300),
        ("6800", 100.5),
        ("1920", -400.5),
    ]
    next_year = {
        **SEPARATE,
        "transactionLinesAdvanced": [
            {**line, "date": "2027-01-05"} for line in SEPARATE["transactionLinesAdvanced"]
        ],
    }
    made = conta.post(ADVANCED, json=next_year).json()
    assert made["transactionNoYear"] == "1-2027"


def test_get_answers_the_transaction_and_404_for_an_unknown_id(conta):
    made = conta.post(ADVANCED, json=SEPARATE).json()
    answer = conta.get(f"{ADVANCED}/{made['id']}")
    assert answer.status_code == 200 and answer.json() == made
    missing = conta.get(f"{ADVANCED}/999999")
    assert missing.status_code == 404
    assert missing.json()["name"] == "NotFoundIdModelStorageToolException"
    other_org = conta.get(f"/accounting/organizations/12/transactions-advanced/{made['id']}")
    assert other_org.status_code == 404


def test_an_unbalanced_transaction_is_refused_and_nothing_changes(conta):
    before = state_of(conta.workspace)
    body = {**SEPARATE, "transactionLinesAdvanced": SEPARATE["transactionLinesAdvanced"][:2]}
    answer = conta.post(ADVANCED, json=body)
    assert answer.status_code == 422
    error = answer.json()
    assert error["name"] == "TransactionIsNotBalancedException" and error["category"] == "CUSTOM"
    assert error["properties"] == {"sum": 400.5}
    assert set(error["messages"]) == {"NO", "EN"}
    assert state_of(conta.workspace) == before


def test_bad_lines_are_listed_in_one_input_error(conta):
    before = state_of(conta.workspace)
    body = {
        "transactionType": "MANUAL_TRANSACTION",
        "transactionLinesAdvanced": [
            {"date": "2026-11-21", "description": "Null", "amount": 0, "debitBookkeepingAccountNo": "6800"},
            {"date": "2026-11-21", "description": "Uten konto", "amount": 10},
            {
                "date": "2026-11-21",
                "description": "Kunde på bank",
                "amount": 10,
                "debitBookkeepingAccountNo": "1920",
                "debitCustomerId": 123,
            },
        ],
    }
    answer = conta.post(ADVANCED, json=body)
    assert answer.status_code == 409
    error = answer.json()
    assert error["name"] == "InputOpException" and error["category"] == "INPUT"
    assert [entry["id"] for entry in error["errors"]] == [
        "transactionLineAmountCannotBeZero",
        "bookkeepingAccountNoIsRequired",
        "wrongBookkeepingAccountNoAndCustomerIdAssociationOnLineAdvanced",
    ]
    missing = conta.post(ADVANCED, json={"transactionType": "MANUAL_TRANSACTION"})
    assert missing.status_code == 409 and missing.json()["errors"][0]["id"] == "required"
    unknown_account = {
        **BOTH_SIDES,
        "transactionLinesAdvanced": [
            {**BOTH_SIDES["transactionLinesAdvanced"][0], "creditBookkeepingAccountNo": "1999"}
        ],
    }
    inactive = conta.post(ADVANCED, json=unknown_account)
    assert inactive.status_code == 422
    assert inactive.json()["name"] == "BookkeepingAccountNotActiveException"
    early = {
        **SEPARATE,
        "transactionLinesAdvanced": [
            {**line, "date": "2001-01-05"} for line in SEPARATE["transactionLinesAdvanced"]
        ],
    }
    refused = conta.post(ADVANCED, json=early)
    assert refused.status_code == 422
    assert refused.json()["name"] == "CannotCreateTransactionBeforeStartDateException"
    assert state_of(conta.workspace) == before


def test_reset_posts_the_inverted_lines_once(conta):
    made = conta.post(ADVANCED, json=BOTH_SIDES).json()
    before = by_account(trial_balance(conta))
    answer = conta.delete(f"{ACCOUNTING}/transactions/{made['id']}")
    assert answer.status_code == 200 and answer.content == b""
    original = conta.get(f"{ADVANCED}/{made['id']}").json()
    reset = conta.get(f"{ADVANCED}/{original['resetByTransactionId']}").json()
    assert reset["isResetTransaction"] is True
    assert reset["transactionNo"] == made["transactionNo"] + 1
    assert sorted((ln["bookkeepingAccountNo"], ln["amount"]) for ln in reset["transactionLines"]) == sorted(
        (ln["bookkeepingAccountNo"], -ln["amount"]) for ln in made["transactionLines"]
    )
    after = by_account(trial_balance(conta))
    for number, amount in (("6800", 400), ("2710", 100), ("1920", -500)):
        assert after[number]["sumOutgoing"] == before[number]["sumOutgoing"] - amount
    again = conta.delete(f"{ACCOUNTING}/transactions/{made['id']}")
    assert again.status_code == 422
    assert again.json()["properties"] == {"transactionId": made["id"], "resetByTransactionId": reset["id"]}
    of_reset = conta.delete(f"{ACCOUNTING}/transactions/{reset['id']}")
    assert of_reset.status_code == 422
    assert of_reset.json()["name"] == "OnlyManualTransactionsCanBeResetByLinesException"
    assert conta.delete(f"{ACCOUNTING}/transactions/999999").status_code == 404


def test_transactions2_lists_journal_entries_with_their_lines(conta):
    first = conta.post(ADVANCED, json=SEPARATE).json()
    conta.post(ADVANCED, json=BOTH_SIDES)
    answer = conta.get(f"{ACCOUNTING}/transactions2", params={"transactionId": first["id"]})
    assert answer.status_code == 200
    page = answer.json()
    assert page["hitCount"] == 1 and page["pageCount"] == 1
    hit = page["hits"][0]
    assert hit["transactionNoYear"] == first["transactionNoYear"]
    assert [line["bookkeepingAccountName"] for line in hit["ledgerLines"]][2]
    assert sum(line["amount"] for line in hit["ledgerLines"]) == 0
    everything = conta.get(f"{ACCOUNTING}/transactions2", params={"recordsPerPage": 1}).json()
    assert len(everything["hits"]) == 1 and everything["pageCount"] == everything["hitCount"] >= 2
    window = conta.get(
        f"{ACCOUNTING}/transactions2", params={"startDate": "2026-11-21", "endDate": "2026-11-21"}
    ).json()
    assert all(hit["date"] == "2026-11-21" for hit in window["hits"]) and window["hitCount"] >= 1
    backwards = conta.get(
        f"{ACCOUNTING}/transactions2", params={"startDate": "2026-11-21", "endDate": "2026-11-01"}
    )
    assert backwards.status_code == 422
    assert backwards.json()["name"] == "EndDateBeforeStartDateException"
    too_many = conta.get(f"{ACCOUNTING}/transactions2", params={"recordsPerPage": 101})
    assert too_many.status_code == 409


def test_trial_balance_sums_to_zero_and_splits_ingoing_from_changes(conta):
    conta.post(ADVANCED, json=BOTH_SIDES)
    conta.post(ADVANCED, json=SEPARATE)
    whole = trial_balance(conta)
    assert whole["sumIngoing"] == whole["sumChanged"] == whole["sumOutgoing"] == 0
    assert sum(row["sumOutgoing"] for row in whole["trialBalanceOutputSub"]) == 0
    window = trial_balance(conta, startDate="2026-11-21", endDate="2026-11-21")
    rows = by_account(window)
    assert rows["4300"]["sumChanged"] >= 300
    assert window["sumChanged"] == 0 and window["sumIngoing"] == 0
    assert all(
        row["sumOutgoing"] == round(row["sumIngoing"] + row["sumChanged"], 2)
        for row in window["trialBalanceOutputSub"]
    )
    only_bank = trial_balance(conta, startBookkeepingAccountNo="1920", endBookkeepingAccountNo="1920")
    assert [row["bookkeepingAccountNo"] for row in only_bank["trialBalanceOutputSub"]] == ["1920"]
    details = conta.get(
        f"{ACCOUNTING}/reports/trial-balance/details",
        params={"bookkeepingAccountNo": "4300", "startDate": "2026-11-21", "endDate": "2026-11-21"},
    )
    assert details.status_code == 200
    assert details.json() and all(line["bookkeepingAccountNo"] == "4300" for line in details.json())
    bad = conta.get(
        f"{ACCOUNTING}/reports/trial-balance", params={"startDate": "2026-12-01", "endDate": "2026-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["name"] == "EndDateBeforeStartDateException"


def test_an_organization_without_vat_cannot_post_a_vat_code(conta):
    before = state_of(conta.workspace)
    answer = conta.post("/accounting/organizations/12/transactions-advanced", json=BOTH_SIDES)
    assert answer.status_code == 422
    assert answer.json()["name"] == "VatCodeNotAllowedForOrgException"
    assert answer.json()["properties"] == {"vatCode": "input.high"}
    without = {
        **BOTH_SIDES,
        "transactionLinesAdvanced": [
            {
                key: value
                for key, value in BOTH_SIDES["transactionLinesAdvanced"][0].items()
                if key != "debitVatCode"
            }
        ],
    }
    assert state_of(conta.workspace) == before
    made = conta.post("/accounting/organizations/12/transactions-advanced", json=without)
    assert made.status_code == 200
    # Org 12 numbers on its own: after its one seeded invoice, not after org 11's postings.
    assert made.json()["transactionNoYear"] == "2-2026"


def test_a_dry_run_answers_the_transaction_and_keeps_nothing(conta):
    before = state_of(conta.workspace)
    journal = conta.get(f"{ACCOUNTING}/transactions2").json()["hitCount"]
    answer = conta.post(ADVANCED, json=SEPARATE, headers={"conta-force-rollback": "true"})
    assert answer.status_code == 200 and answer.json()["transactionNo"] >= 1
    after = state_of(conta.workspace)
    # The rolled-back insert may leave its table behind, empty: nothing is kept in it.
    assert {k: v for k, v in after["tables"].items() if v} == {k: v for k, v in before["tables"].items() if v}
    assert after["counters"] == before["counters"]
    assert conta.get(f"{ACCOUNTING}/transactions2").json()["hitCount"] == journal
