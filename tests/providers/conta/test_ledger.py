"""The ledger the invoice, payment and transaction rules post through: balanced or refused,
numbered per organization and year, reset by inverted lines, all or nothing."""

from datetime import UTC

import pytest

from mockserver.core.seeding import Seeding
from mockserver.core.store import Store
from mockserver.providers.conta import CONTA
from mockserver.providers.conta.errors import (
    BookkeepingAccountNotActiveException,
    InputOpException,
    TransactionIsNotBalancedException,
)
from mockserver.providers.conta.rules import ledger
from mockserver.providers.conta.seed import seed


@pytest.fixture
def store():
    from datetime import datetime

    state = seed(Seeding(0, "conta", "nb_NO", datetime(2026, 12, 2, tzinfo=UTC)))
    return Store(state, unique=dict(CONTA.unique), indexed=dict(CONTA.indexed))


SALE = [
    {"bookkeepingAccountNo": "1500", "amount": 2680, "customerId": 123, "invoiceNo": "10001"},
    {"bookkeepingAccountNo": "3000", "amount": "-2000"},
    {"bookkeepingAccountNo": "3100", "amount": -180},
    {"bookkeepingAccountNo": "2700", "amount": -500.0},
]


def test_post_records_a_balanced_transaction_numbered_per_org_and_year(store):
    # The seeded invoices and payments are posted already: numbers continue after them.
    seeded, seeded_12 = store.peek("transactionNo:11:2026"), store.peek("transactionNo:12:2026")
    first = ledger.post(
        store,
        11,
        "2026-11-30",
        SALE,
        description="Faktura 10001",
        transaction_type="INVOICE",
        source="SYSTEM_TRANSACTION",
        invoice_id=7,
    )
    assert (first["transactionNo"], first["transactionNoYear"], first["transactionYear"]) == (
        seeded + 1,
        f"{seeded + 1}-2026",
        2026,
    )
    assert [line["amount"] for line in first["transactionLines"]] == [
        "2680.00",
        "-2000.00",
        "-180.00",
        "-500.00",
    ]
    assert first["transactionLines"][0]["customerId"] == 123 and first["invoiceId"] == 7
    second = ledger.post(store, 11, "2026-12-01", SALE)
    other_org = ledger.post(store, 12, "2026-12-01", SALE)
    next_year = ledger.post(store, 11, "2027-01-02", SALE)
    assert second["transactionNoYear"] == f"{seeded + 2}-2026"
    assert other_org["transactionNoYear"] == f"{seeded_12 + 1}-2026"
    assert next_year["transactionNoYear"] == "1-2027"
    rendered = ledger.render(first)
    assert [line["amount"] for line in rendered["transactionLines"]] == [2680, -2000, -180, -500]
    assert not any(key.startswith("_") for key in rendered)


def test_unbalanced_zero_and_inactive_are_refused_and_nothing_is_written(store):
    before, numbered = ledger.balances(store, 11), store.peek("transactionNo:11:2026")
    with pytest.raises(TransactionIsNotBalancedException) as refused:
        ledger.post(store, 11, "2026-12-01", SALE[:2])
    assert refused.value.properties == {"sum": 680}
    with pytest.raises(InputOpException):
        ledger.post(store, 11, "2026-12-01", [*SALE, {"bookkeepingAccountNo": "1920", "amount": 0}])
    with pytest.raises(BookkeepingAccountNotActiveException) as inactive:
        ledger.post(
            store,
            11,
            "2026-12-01",
            [{"bookkeepingAccountNo": "1900", "amount": 1}, {"bookkeepingAccountNo": "1920", "amount": -1}],
        )
    assert inactive.value.properties == {"bookkeepingAccountNo": "1900"}
    with pytest.raises(BookkeepingAccountNotActiveException):
        ledger.post(
            store,
            11,
            "2026-12-01",
            [{"bookkeepingAccountNo": "9999", "amount": 1}, {"bookkeepingAccountNo": "1920", "amount": -1}],
        )
    assert ledger.balances(store, 11) == before
    assert store.peek("transactionNo:11:2026") == numbered


def test_reset_inverts_every_line_and_marks_the_original(store):
    before = ledger.balances(store, 11)
    original = ledger.post(store, 11, "2026-12-01", SALE)
    made = ledger.reset(store, 11, original["id"], "2026-12-02")
    assert made["isResetTransaction"] is True and made["transactionNo"] == original["transactionNo"] + 1
    assert [line["amount"] for line in made["transactionLines"]] == [
        "-2680.00",
        "2000.00",
        "180.00",
        "500.00",
    ]
    assert store.get("transactions", original["id"])["resetByTransactionId"] == made["id"]
    after = ledger.balances(store, 11)
    assert {n: sum(v) for n, v in after.items()} == {n: sum(v) for n, v in before.items()}


def test_balances_split_ingoing_and_change_and_sum_to_zero(store):
    # After the seeded postings (all dated before 2027), so everything seeded is ingoing.
    seeded = {n: sum(v) for n, v in ledger.balances(store, 11).items()}
    ledger.post(store, 11, "2027-01-10", SALE)
    ledger.post(store, 11, "2027-03-01", SALE)
    sums = ledger.balances(store, 11, start="2027-02-01", end="2027-12-31")
    assert sums["1500"] == (seeded["1500"] + 2680, 2680)
    assert sum(i for i, _ in sums.values()) == 0 and sum(c for _, c in sums.values()) == 0
    assert ledger.balances(store, 11, start="2027-01-01", end="2027-01-31")["3000"] == (seeded["3000"], -2000)


def test_the_seeded_chart_has_the_accounts_the_flows_post_to(store):
    for number in (
        "1500",
        "1920",
        "2400",
        "2700",
        "2701",
        "2702",
        "2710",
        "2711",
        "2712",
        "3000",
        "3100",
        "3200",
        "4300",
        "6800",
    ):
        for org in (11, 12):
            found = ledger.account(store, org, number)
            assert found is not None and found["isActive"], (org, number)
