"""Keys and organizations: who reaches what, and how Conta says no."""

from tests.providers.conta.conftest import state_of

ORG = "/invoice/organizations"


def test_the_key_lists_organizations_11_and_12_but_not_99(conta):
    answer = conta.get(ORG)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    orgs = answer.json()
    assert [org["id"] for org in orgs] == [11, 12]
    assert all(set(org) == {"id", "name", "blockedStatus", "active"} for org in orgs)
    assert all(org["blockedStatus"] == "NOT_BLOCKED" and org["active"] is True for org in orgs)


def test_organization_99_exists_but_is_forbidden(conta):
    assert "99" in state_of(conta.workspace)["tables"]["organizations"]
    for path in ("/customers", "/customers/123", "/products", "/bank-accounts", "/subscription-plan"):
        answer = conta.get(f"{ORG}/99{path}")
        assert answer.status_code == 403, path
        body = answer.json()
        assert body["category"] == "API" and body["name"] == "OrgAccessDeniedException"
        assert set(body) == {"category", "name", "messages"}
        assert set(body["messages"]) == {"EN", "NO"}


def test_a_write_to_a_forbidden_organization_changes_nothing(conta):
    before = state_of(conta.workspace)["tables"]["customers"]
    answer = conta.post(f"{ORG}/99/customers", json={"name": "X"})
    assert answer.status_code == 403
    assert state_of(conta.workspace)["tables"]["customers"] == before


def test_an_organization_that_does_not_exist_is_forbidden_too(conta):
    assert conta.get(f"{ORG}/5/customers").json()["name"] == "OrgAccessDeniedException"


def test_no_key_is_login_required_and_a_wrong_key_is_refused_by_the_gateway(raw):
    missing = raw.get("/invoice/ping")
    assert missing.status_code == 401
    assert missing.json()["name"] == "LoginRequiredException"
    wrong = raw.get("/invoice/ping", headers={"apiKey": "not-a-key"})
    assert wrong.status_code == 401
    assert wrong.json() == {
        "category": "API",
        "name": "ApiGatewayRestRequestException",
        "messages": {"NO": "API-nøkkelen er ikke gyldig.", "EN": "The API key is not valid."},
    }


def test_the_default_key_and_the_older_header_name_both_work(raw):
    assert raw.get("/invoice/ping", headers={"apiKey": "conta-demo-key"}).json() == "pong"
    assert raw.get("/invoice/ping", headers={"conta-api-gateway-key": "conta-demo-key"}).status_code == 200


def test_ping_answers_a_json_string(conta):
    answer = conta.get("/invoice/ping")
    assert answer.status_code == 200 and answer.content == b'"pong"'


def test_subscription_plan_and_bank_accounts(conta):
    plan = conta.get(f"{ORG}/11/subscription-plan").json()
    assert plan["orgId"] == 11 and "ALLOW_EHF" in plan["allowedFeatures"]
    accounts = conta.get(f"{ORG}/11/bank-accounts").json()
    invoicing = [a for a in accounts if a["allowedForInvoicing"]]
    assert invoicing and invoicing[0]["bookkeepingAccountNo"] == "1920"
    assert invoicing[0]["iban"].startswith("NO") and invoicing[0]["iban"].endswith(invoicing[0]["accountNo"])
    only = conta.get(f"{ORG}/11/bank-accounts", params={"bookkeepingAccountNo": "1950"}).json()
    assert [a["bookkeepingAccountNo"] for a in only] == ["1950"]
    assert conta.get(f"{ORG}/11/bank-accounts", params={"isArchived": "true"}).json() == []


def test_seeded_identifiers_pass_their_checksums(conta):
    from mockserver.core.identifiers import valid_iban, valid_no_org_number

    state = state_of(conta.workspace)
    for org in state["tables"]["organizations"].values():
        assert valid_no_org_number(org["_orgNo"])
    for customer in state["tables"]["customers"].values():
        if customer["customerType"] == "ORGANIZATION":
            assert valid_no_org_number(customer["orgNo"])
    for account in state["tables"]["bankAccounts"].values():
        assert valid_iban(account["iban"])
        digits = account["accountNo"]
        total = sum(int(d) * w for d, w in zip(digits[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True))
        assert (11 - total % 11) % 11 == int(digits[10])
