"""The contract check itself: it must catch what it is there to catch."""

import orjson

from tests.providers.conta.contract import problems

CUSTOMER = "/invoice/organizations/11/customers/123"
CREATE = "/invoice/organizations/11/customers"


def body(value) -> bytes:
    return orjson.dumps(value)


def test_a_valid_answer_passes():
    assert problems("GET", CUSTOMER, 200, body({"id": 123, "name": "A", "customerType": "INDIVIDUAL"})) == []


def test_invented_fields_wrong_types_and_enums_are_caught():
    found = problems("GET", CUSTOMER, 200, body({"id": "123", "_org": 11, "customerType": "PERSON"}))
    assert any("id: type" in p for p in found)
    assert any("_org: unknown" in p for p in found)
    assert any("customerType: enum" in p for p in found)


def test_a_body_where_the_spec_has_none_is_caught():
    assert problems("DELETE", CUSTOMER, 200, b"{}") != []
    assert problems("DELETE", CUSTOMER, 200, b"") == []


def test_error_envelopes_are_checked_against_the_corrected_schema():
    good = {"category": "API", "name": "OrgAccessDeniedException", "messages": {"NO": "n", "EN": "e"}}
    assert problems("GET", CUSTOMER, 403, body(good)) == []
    assert problems("GET", CUSTOMER, 403, body({**good, "messages": {"EN": "e"}})) != []
    assert problems("GET", CUSTOMER, 403, body({**good, "messages": ["e"]})) != []
    assert problems("GET", CUSTOMER, 404, body(good)) != []  # not a 404 exception
    assert problems("GET", CUSTOMER, 403, body({**good, "name": "orgAccessDeniedException"})) != []


def test_a_422_must_be_one_the_operation_declares_with_exactly_its_properties():
    ehf = {"category": "CUSTOM", "name": "OrgCannotReceiveEhfException", "messages": {"NO": "n", "EN": "e"}}
    assert problems("POST", CREATE, 422, body(ehf)) == []
    assert problems("POST", CREATE, 422, body({**ehf, "properties": {"orgNo": "1"}})) != []
    other = {**ehf, "name": "TransactionIsNotBalancedException", "properties": {"sum": 1}}
    assert problems("POST", CREATE, 422, body(other)) != []
    assert problems("POST", "/accounting/organizations/11/suppliers", 422, body(other)) != [], (
        "not emulated yet: a 422 there is no answer of the sandbox"
    )
