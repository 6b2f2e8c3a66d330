"""Random `data` and form fields thrown at the endpoints: never a 500, never a half-applied change."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.providers.konto.conftest import ENDPOINTS, ITEM_S, invoice_data

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["", "1", "ISK", "S", "C62", "2021-13-40", "1e999", ITEM_S]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(
    [
        "amount",
        "currency",
        "items",
        "customer",
        "issue_date",
        "due_date",
        "settlement_date",
        "type",
        "discount_type",
        "discount_value",
        "files",
        "kennitala",
        "create_type",
        "recurring_interval",
        "recurring_start_date",
        "settlement_date",
        "booking",
    ]
)
line_fields = st.sampled_from(
    [
        "guid",
        "qty",
        "unit_price",
        "tax",
        "uom",
        "discount",
        "discount_type",
        "add_new",
        "item_number",
        "description",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    slug=st.sampled_from(
        ["create-invoice", "create-save-invoice", "create-order-invoice", "create-recurring-invoice"]
    ),
    field=fields,
    value=values,
    line_field=line_fields,
    line_value=values,
)
def test_random_data_never_breaks_the_server(konto, slug, field, value, line_field, line_value):
    data = invoice_data()
    data["items"][1][line_field] = line_value
    data[field] = value
    before = konto.state()
    body = konto.call(slug, "POST", data=json.dumps(data))
    assert set(body) == {"status", "message", "result"}
    if body["status"] is False:
        assert body["message"] and body["result"] is None
        assert konto.state() == before


form_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e9",
            "Created,",
            "{}",
            "[]",
            "null",
            "2021-02-30",
            "f110ef1e-f080-11e6-a96f-0050560102f2",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "guid",
                "data",
                "limit",
                "page",
                "search",
                "accounting_status",
                "start_date",
                "end_date",
                "status",
                "count_of_bookkeepers",
                "instance_config",
            ]
        ),
        form_values,
        max_size=4,
    ),
)
def test_random_form_fields_at_any_endpoint(konto, endpoint, fields):
    slug, method, *_ = endpoint
    if slug == "delete-order-invoice":
        fields["guid"] = "no-such-order"
    before = konto.state()
    body = konto.call(slug, method, **fields)
    assert body["status"] in (True, False) and isinstance(body["message"], str)
    if body["status"] is False:
        assert body["result"] is None and konto.state() == before
