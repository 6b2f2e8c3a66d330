"""Bad input answers in Conta's envelope with the spec's exception, never a 500, and changes
nothing; the conta-force-* headers."""

import pytest

from tests.providers.conta.conftest import state_of
from tests.providers.conta.test_customers import INDIVIDUAL

CUSTOMERS = "/invoice/organizations/11/customers"
PRODUCTS = "/invoice/organizations/11/products"


def tables(conta) -> dict:
    return state_of(conta.workspace)["tables"]


def conditions(body) -> list[tuple[str, str]]:
    return [(e["id"], e.get("property", {}).get("path", "")) for e in body["errors"]]


def test_every_input_error_is_reported_at_once(conta):
    before = tables(conta)
    body = {
        "name": "",
        "customerType": "PERSON",
        "emailAddress": "not-an-email",
        "daysUntilPaymentReminder": 400,
        "customerAddressPostcode": 1234,
    }
    answer = conta.post(CUSTOMERS, json=body)
    assert answer.status_code == 409
    error = answer.json()
    assert error["category"] == "INPUT" and error["name"] == "InputOpException"
    assert error["input"] == body
    assert set(conditions(error)) == {
        ("required", "customerAddressLine1"),
        ("required", "customerAddressCity"),
        ("minLength", "name"),
        ("enum", "customerType"),
        ("format", "emailAddress"),
        ("maximum", "daysUntilPaymentReminder"),
        ("type", "customerAddressPostcode"),
    }
    required = next(e for e in error["errors"] if e["id"] == "required")
    assert required["type"] == "propertyCondition"
    assert required["property"]["value"] is None and required["property"]["dataType"] == [
        "ASGARD_TYPE_STRING"
    ]
    assert set(required["messages"]) == {"EN", "NO"} and set(required["property"]["pathName"]) == {"EN", "NO"}
    assert tables(conta) == before


def test_wrong_types_in_nested_contacts_are_reported_with_their_path(conta):
    answer = conta.post(CUSTOMERS, json={**INDIVIDUAL, "contacts": [{"name": "A", "emailAddress": 5}]})
    assert answer.status_code == 409
    assert conditions(answer.json()) == [("type", "contacts[0].emailAddress")]


def test_a_partial_mailing_address_is_a_model_condition(conta):
    answer = conta.post(
        CUSTOMERS, json={**INDIVIDUAL, "mailingAddressLine1": "Postboks 1", "mailingAddressCountry": "Norge"}
    )
    assert answer.status_code == 409
    ids = [e["id"] for e in answer.json()["errors"]]
    assert ids == ["mailingAddressIsNotComplete", "mailingAddressCountryRequiresCompleteAddress"]


def test_an_individual_cannot_get_an_org_number_on_update(conta):
    created = conta.post(CUSTOMERS, json=INDIVIDUAL).json()
    answer = conta.put(f"{CUSTOMERS}/{created['id']}", json={**INDIVIDUAL, "orgNo": "923609016"})
    assert answer.status_code == 409
    assert conditions(answer.json()) == [("typeOfInformationForbiddenForIndividuals", "orgNo")]


def test_ehf_delivery_to_an_organization_outside_the_ehf_registry_is_422(conta):
    before = tables(conta)
    body = {
        **INDIVIDUAL,
        "customerType": "ORGANIZATION",
        "orgNo": "923609016",
        "invoiceDeliveryMethod": "EHF",
    }
    del body["dateOfBirth"]
    answer = conta.post(CUSTOMERS, json=body)
    assert answer.status_code == 422
    assert answer.json()["name"] == "OrgCannotReceiveEhfException" and "properties" not in answer.json()
    assert tables(conta) == before
    registry = state_of(conta.workspace)["ehfRegistry"]
    receiver = next(number for number, entry in registry.items() if entry["canReceiveInvoices"])
    assert conta.post(CUSTOMERS, json={**body, "orgNo": receiver}).status_code == 200


@pytest.mark.parametrize("content", [b"{", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_rest_request_exception(conta, content):
    answer = conta.post(CUSTOMERS, content=content, headers={"content-type": "application/json"})
    assert answer.status_code == 400 and answer.json()["name"] == "RestRequestException"


def test_an_empty_body_lists_the_required_fields(conta):
    answer = conta.post(CUSTOMERS)
    assert answer.status_code == 409
    assert {path for cid, path in conditions(answer.json()) if cid == "required"} == {
        "name",
        "customerType",
        "customerAddressLine1",
        "customerAddressPostcode",
        "customerAddressCity",
    }


def test_bad_query_parameters_are_reported_together(conta):
    answer = conta.get(
        CUSTOMERS,
        params={"hits": "many", "page": "-1", "q": "x" * 101, "customerType": "ROBOT", "sort": "-shoeSize"},
    )
    assert answer.status_code == 409
    assert set(conditions(answer.json())) == {
        ("type", "hits"),
        ("minimum", "page"),
        ("maxLength", "q"),
        ("enum", "customerType"),
        ("sort", "sort"),
    }


def test_an_unknown_id_is_not_found(conta):
    for path in (f"{CUSTOMERS}/999999", f"{PRODUCTS}/999999"):
        answer = conta.get(path)
        assert answer.status_code == 404 and answer.json()["name"] == "NotFoundIdModelStorageToolException"


def test_unknown_routes_and_methods(conta):
    assert conta.get("/invoice/organizations/11/nothing").json()["name"] == "UrlNotFoundException"
    answer = conta.patch(f"{CUSTOMERS}/123", json={})
    assert answer.status_code == 405 and answer.json()["name"] == "UrlMethodNotFoundException"
    assert conta.get("/invoice/organizations/eleven/customers").status_code == 404


def test_a_huge_body_is_413_and_changes_nothing(conta):
    before = tables(conta)
    answer = conta.post(CUSTOMERS, json={**INDIVIDUAL, "name": "x" * 11_000_000})
    assert answer.status_code == 413
    assert answer.json()["name"] == "PostRequestTooLargeException"
    assert tables(conta) == before


def test_a_long_but_acceptable_body_is_still_validated(conta):
    answer = conta.post(CUSTOMERS, json={**INDIVIDUAL, "name": "x" * 256})
    assert answer.status_code == 409 and conditions(answer.json()) == [("maxLength", "name")]


def test_force_rollback_answers_as_if_done_and_keeps_nothing(conta):
    before = tables(conta)
    answer = conta.post(CUSTOMERS, json=INDIVIDUAL, headers={"conta-force-rollback": "true"})
    assert answer.status_code == 200
    created = answer.json()
    assert created["name"] == INDIVIDUAL["name"] and created["id"] > 0
    assert tables(conta) == before
    assert conta.get(f"{CUSTOMERS}/{created['id']}").status_code == 404
    assert conta.delete(f"{CUSTOMERS}/125", headers={"conta-force-rollback": "true"}).status_code == 200
    assert conta.get(f"{CUSTOMERS}/123").status_code == 200
    # The next real create gets the id the rolled-back one showed: the counter was rolled back too.
    assert conta.post(CUSTOMERS, json=INDIVIDUAL).json()["id"] == created["id"]


def test_force_readonly_refuses_writes_and_allows_reads(conta):
    before = tables(conta)
    headers = {"conta-force-readonly": "true"}
    answer = conta.post(CUSTOMERS, json=INDIVIDUAL, headers=headers)
    assert answer.status_code == 500 and answer.json()["name"] == "OrgReadOnlyModeException"
    assert conta.delete(f"{CUSTOMERS}/125", headers=headers).status_code == 500
    assert tables(conta) == before
    assert conta.get(f"{CUSTOMERS}/123", headers=headers).status_code == 200
    # Bad input is still bad input first.
    assert conta.post(CUSTOMERS, json={}, headers=headers).status_code == 409


def test_a_scenario_503_without_a_body_is_conta_maintenance(conta):
    rule = {"match": {"provider": "conta"}, "respond": {"status": 503}}
    with conta.workspace.scenario({"rules": [rule]}):
        answer = conta.get("/invoice/ping")
    assert answer.status_code == 503
    assert answer.json()["name"] == "MaintenanceException" and answer.json()["category"] == "API"


@pytest.mark.parametrize("price", [1e300, 2**70, -1e12])
def test_numbers_beyond_what_conta_stores_are_input_errors(conta, price):
    body = {"name": "X", "vatCode": "output.high", "bookkeepingAccountNo": "3000", "price": price}
    answer = conta.post(PRODUCTS, json=body)
    assert answer.status_code == 409
    assert conditions(answer.json()) == [("maximum" if price > 0 else "minimum", "price")]


def test_an_integer_query_beyond_int64_is_an_input_error(conta):
    answer = conta.get(CUSTOMERS, params={"hits": "9" * 30})
    assert answer.status_code == 409
    [error] = answer.json()["errors"]
    assert (error["id"], error["property"]["value"]) == ("maximum", "9" * 30)
