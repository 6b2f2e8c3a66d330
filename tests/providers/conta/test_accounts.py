"""The chart of accounts: every account the flows post to, paged and filtered."""

import json

ACCOUNTS = "/accounting/organizations/11/bookkeeping-accounts"


def test_all_accounts_with_hits_0_ordered_by_number(conta):
    answer = conta.get(ACCOUNTS, params={"hits": 0, "page": 0})
    assert answer.status_code == 200
    accounts = answer.json()
    numbers = [a["bookkeepingAccountNo"] for a in accounts]
    assert numbers == sorted(numbers)
    assert {
        "1500",
        "1920",
        "2400",
        "2700",
        "2701",
        "2702",
        "2710",
        "3000",
        "3100",
        "3200",
        "4300",
        "6800",
    } <= set(numbers)
    assert next(a for a in accounts if a["bookkeepingAccountNo"] == "1900")["isActive"] is False


def test_default_page_is_20_and_ranges_filter(conta):
    assert len(conta.get(ACCOUNTS).json()) == 20
    sales = conta.get(
        ACCOUNTS, params={"startBookkeepingAccountNo": "3000", "endBookkeepingAccountNo": "3999"}
    ).json()
    assert [a["bookkeepingAccountNo"] for a in sales] == ["3000", "3100", "3200"]
    ignored = json.dumps([{"fromNo": "1000", "toNo": "2999"}, {"fromNo": "5000", "toNo": "9999"}])
    kept = conta.get(ACCOUNTS, params={"hits": 0, "ignoredBookkeepingAccountNos": ignored}).json()
    assert {a["bookkeepingAccountNo"][0] for a in kept} == {"3", "4"}


def test_q_and_sort(conta):
    found = conta.get(ACCOUNTS, params={"q": "bank", "sort": "-bookkeepingAccountNo"}).json()
    assert [a["bookkeepingAccountNo"] for a in found] == ["7770", "1950", "1920"]
    assert conta.get(ACCOUNTS, params={"sort": "colour"}).status_code == 409


def test_organization_99_is_forbidden_here_too(conta):
    assert conta.get("/accounting/organizations/99/bookkeeping-accounts").status_code == 403
