"""Whatever JSON a client sends to the write routes, the answer is Conta's (200, 400, 409 or
422 in its envelope, checked against the contract), never a 500, and a refusal changes nothing."""

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.providers.conta import contract
from tests.providers.conta.conftest import state_of
from tests.providers.conta.test_customers import INDIVIDUAL

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    [
        "name",
        "customerType",
        "orgNo",
        "emailAddress",
        "dateOfBirth",
        "contacts",
        "invoiceDeliveryMethod",
        "mailingAddressLine1",
        "mailingAddressPostcode",
        "defaultInvoiceDiscount",
        "isActive",
        "ehfRecipientOrgNo",
        "price",
        "vatCode",
        "bookkeepingAccountNo",
        "displayIsIncludingVat",
        "productNo",
    ]
)
CHANGES = st.dictionaries(FIELDS, VALUES, max_size=4)
ROUTES = st.sampled_from(
    [
        ("POST", "/invoice/organizations/11/customers"),
        ("PUT", "/invoice/organizations/11/customers/123"),
        ("POST", "/invoice/organizations/11/products"),
        ("PUT", "/invoice/organizations/11/products/1"),
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=ROUTES, changes=CHANGES, start_valid=st.booleans())
def test_random_bodies_answer_in_contas_envelope(conta, route, changes, start_valid):
    method, path = route
    base = dict(INDIVIDUAL) if start_valid else {}
    body = {**base, **changes}
    before = state_of(conta.workspace)["tables"]
    try:
        answer = conta.request(method, path, json=body, headers={"conta-force-rollback": "true"})
    except httpx.HTTPError as error:  # pragma: no cover - the contract hook's assertion is the failure
        raise AssertionError(error) from error
    assert answer.status_code in (200, 400, 409, 422), answer.text
    assert state_of(conta.workspace)["tables"] == before


QUERY_NAMES = st.sampled_from(
    ["q", "hits", "page", "sort", "fromDate", "toDate", "customerType", "modifiedFromDate"]
)
QUERY_VALUES = (
    st.text(max_size=12)
    | st.integers(-(2**70), 2**70).map(str)
    | st.sampled_from(["id", "-id", "+customerName", "0", ""])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(QUERY_NAMES, QUERY_VALUES, max_size=4),
    path=st.sampled_from(["customers", "products"]),
)
def test_random_list_queries_answer_in_contas_envelope(conta, query, path):
    answer = conta.get(f"/invoice/organizations/11/{path}", params=query)
    assert answer.status_code in (200, 409), answer.text


def test_the_contract_hook_is_installed(conta):
    assert contract.hook in conta.event_hooks["response"]
