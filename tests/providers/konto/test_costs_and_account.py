"""Costs with their paging envelope, the bookkeeper, the tenant and hello."""

import httpx

from tests.providers.konto.conftest import DOC_GUID


def test_costs_page_ten_at_a_time_with_next_url(konto):
    total = konto.ok("get-count-costs")
    assert total == 14
    first = konto.call("get-costs")
    assert (len(first["result"]), first["hasMore"], first["limit"], first["page"]) == (10, True, 10, 1)
    assert first["next_url"].endswith("/konto/api/v1/get-costs?limit=10&page=2")
    # next_url carries no credentials; the client adds them, as with every Konto call
    second = httpx.get(httpx.URL(first["next_url"]).copy_merge_params(konto.credentials)).json()
    assert (len(second["result"]), second["hasMore"], second["page"], second["next_url"]) == (
        4,
        False,
        2,
        None,
    )
    guids = [row["guid"] for row in first["result"] + second["result"]]
    assert len(set(guids)) == 14 and DOC_GUID in guids


def test_cost_detail_and_accounting_update(konto):
    cost = konto.ok("get-cost", guid=DOC_GUID)
    assert cost["amount"] > 0 and cost["cost_code"] in {
        "Items",
        "Service",
        "Travel",
        "Sales",
        "Finance",
        "RawMaterial",
        "Other",
    }
    assert cost["how_paid"] in (1, 2, 3, 4)
    posted = konto.ok("get-count-costs", accounting_status="Posted")
    assert (
        konto.ok(
            "update-cost",
            "POST",
            guid=DOC_GUID,
            data={"accounting_status": "Skipped", "accounting_message": "Test"},
        )
        == DOC_GUID
    )
    assert konto.ok("get-cost", guid=DOC_GUID)["accounting_status"] == "Skipped"
    filtered = konto.call("get-costs", accounting_status="Skipped,Error", limit=50)
    assert DOC_GUID in {row["guid"] for row in filtered["result"]}
    assert {row["accounting_status"] for row in filtered["result"]} <= {"Skipped", "Error"}
    assert konto.ok("get-count-costs", accounting_status="Posted") == posted - 1
    assert konto.refused("update-cost", "POST", guid=DOC_GUID, data={"accounting_status": "Done"}).startswith(
        "Invalid accounting_status"
    )


def test_hello_names_the_account(konto):
    body = konto.call("hello")
    tenant = konto.ok("get-tenant", guid=DOC_GUID)
    assert body == {
        "status": True,
        "message": "Connection succeeded",
        "name": tenant["name"],
        "registration_no": tenant["registration_no"],
        "vat_no": tenant["vat_no"],
    }
    # the account's own tenant shows this workspace's credentials
    assert (tenant["username"], tenant["api_key"]) == (
        konto.credentials["username"],
        konto.credentials["api_key"],
    )


def test_bookkeeper_update(konto):
    assert konto.ok("get-bookkeeper", guid=DOC_GUID)["status"] == "Active"
    assert (
        konto.ok(
            "update-bookkeeper",
            "POST",
            guid=DOC_GUID,
            status="Inactive",
            count_of_bookkeepers="4",
            instance_config='{"posting": "weekly"}',
        )
        == DOC_GUID
    )
    bookkeeper = konto.ok("get-bookkeeper", guid=DOC_GUID)
    assert (bookkeeper["status"], bookkeeper["count_of_bookkeepers"], bookkeeper["instance_config"]) == (
        "Inactive",
        4,
        {"posting": "weekly"},
    )
    assert konto.refused("update-bookkeeper", "POST", guid=DOC_GUID, status="Asleep").startswith(
        "Invalid status"
    )
    assert konto.refused("update-bookkeeper", "POST", guid="nobody", status="Active") == (
        "Bookkeeper with guid nobody not found"
    )
