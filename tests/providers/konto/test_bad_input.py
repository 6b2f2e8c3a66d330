"""Bad input at every endpoint: always HTTP 200 with `status:false` and a message that names what
is wrong, never a 500, and never a change to the workspace's state."""

import httpx
import pytest

from tests.providers.konto.conftest import DOC_GUID, ENDPOINTS, ITEM_S, invoice_data

WRITES = {slug for slug, method, *_ in ENDPOINTS if method == "POST" and not slug.startswith("get-")}
# The docs' own field tables: JSON without commas, with unquoted values.
DOCS_PSEUDO_JSON = '{\n"description" :  "Test"\n"uom"  :  "KGS"\n"tax" :  AA\n}'
BAD_DATA = [
    DOCS_PSEUDO_JSON,
    "[1, 2, 3]",
    '"just a string"',
    "{",
    '{"amount": "lots", "currency": "XXX", "items": "none", "customer": 5, "issue_date": "yesterday"}',
    '{"name": ["x"], "registration_no": {"a": 1}, "uom": "PCS", "tax": "V", "unit_price": "abc", "lang": "de"}',
    '{"amount": 1e999999, "unit_price": 1e400, "qty": -1, "settlement_date": "x", "kennitala": "123"}',
    '{"items": [1, null, {"qty": {}}], "recurring_interval": "daily", "create_type": "fax"}',
    '{"accounting_status": "Done", "status": "Lost", "count_of_bookkeepers": -4}',
]
TAKES_NO_GUID_OR_PAGE = {
    "hello",
    "get-count-customers",
    "get-count-items",
    "get-count-invoices",
    "get-count-costs",
}
BAD_FIELDS = [
    {"guid": "no-such-guid", "limit": "ten", "page": "-1", "start_date": "2021-13-45"},
    {"guid": "", "accounting_status": "Created,Nope", "instance_config": "{oops", "status": "Sleeping"},
    {"guid": "f110ef1e", "limit": "0", "end_date": "tomorrow", "count_of_bookkeepers": "many"},
]


def slugs():
    return [slug for slug, *_ in ENDPOINTS]


def method_of(slug: str) -> str:
    return next(method for name, method, *_ in ENDPOINTS if name == slug)


def test_the_sweep_covers_all_33_endpoints():
    # the 31 documented ones and the two seen in client code (get-customers-by-kennitala,
    # create-draft-invoice)
    assert len(slugs()) == 33


@pytest.mark.parametrize("slug", slugs())
def test_malformed_payloads_never_500_and_change_nothing(konto, slug):
    before = konto.state()
    method = method_of(slug)
    # delete-order-invoice takes no data: it would ignore it and delete, so aim it at no order.
    guid = "no-such-order" if slug == "delete-order-invoice" else DOC_GUID
    for data in BAD_DATA:
        body = konto.call(slug, method, guid=guid, data=data)
        assert set(body) >= {"status", "message"}, body
        if slug in WRITES:
            assert body["status"] is False and body["result"] is None and body["message"], (data, body)
    for index, fields in enumerate(BAD_FIELDS):
        body = konto.call(slug, method, **fields)
        assert set(body) >= {"status", "message"}, body
        if index == 0 and slug not in TAKES_NO_GUID_OR_PAGE:
            assert body["status"] is False and body["message"], (fields, body)
    assert konto.state() == before


@pytest.mark.parametrize("slug", slugs())
def test_broken_bodies_and_wrong_methods(konto, slug):
    before = konto.state()
    url = f"/{slug}"
    creds = konto.credentials
    broken = konto.http.request(
        method_of(slug),
        url,
        params=creds,
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nabc",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status_code == 200 and broken.json()["status"] is False, broken.text
    assert "Malformed request" in broken.json()["message"]
    bad_json = konto.http.request(
        method_of(slug), url, content=b'{"username": ', headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 200 and bad_json.json()["status"] is False
    wrong = "GET" if method_of(slug) == "POST" else "POST"
    answer = konto.http.request(wrong, url, data=creds)
    assert answer.status_code == 200
    assert answer.json() == {
        "status": False,
        "result": None,
        "message": f"The {wrong} method is not supported for /konto/api/v1/{slug}; use {method_of(slug)}",
    }
    assert konto.state() == before


def test_the_docs_pseudo_json_is_refused_saying_where(konto):
    message = konto.refused("create-item", "POST", data=DOCS_PSEUDO_JSON)
    assert message.startswith("data is not valid JSON:"), message
    assert "line 3" in message


def test_messages_name_the_field_and_the_reason(konto):
    assert konto.refused(
        "create-item", "POST", data={"description": "x", "uom": "PCS", "tax": "S", "unit_price": 1}
    ) == (
        "Invalid uom: Input should be 'C62', 'KGS', 'MTR', 'LTR', 'MTK', 'MTQ', 'TNE', 'KWH', 'DAY', 'HUR', 'MIN' "
        "or 'KTM' (got 'PCS')"
    )
    assert konto.refused("create-invoice", "POST", data=invoice_data(currency="XXX")).startswith(
        "Invalid currency:"
    )
    assert konto.refused(
        "create-invoice", "POST", data=invoice_data(items=[{"guid": ITEM_S, "qty": "two"}])
    ) == ("Invalid items[0].qty: Input should be a valid decimal (got 'two')")
    assert konto.refused("create-invoice", "POST", data=invoice_data(items=[{"guid": "nope", "qty": 1}])) == (
        "Item with guid nope not found"
    )
    assert konto.refused("create-customer", "POST") == "data is required"
    assert konto.refused("get-customer") == "guid is required"
    assert konto.refused("create-customer", "POST", data={"name": "Test"}) == "registration_no is required"
    assert konto.refused(
        "create-customer", "POST", data={"name": "Test", "registration_no": "1234567890"}
    ) == ("Vinsamlegast skrá rétta kennitölu (registration_no: 1234567890 is not a valid kennitala)")


def test_unknown_slugs_and_wrong_credentials(konto, mockserver):
    assert konto.call("get-everything")["message"] == "Unknown API endpoint /konto/api/v1/get-everything"
    wrong = httpx.get(
        f"{mockserver.url}/konto/api/v1/hello", params={"username": "testuser", "api_key": "nope"}
    )
    assert wrong.status_code == 200
    assert wrong.json() == {"status": False, "message": "Invalid api_key", "result": None}
    missing = httpx.post(f"{mockserver.url}/konto/api/v1/create-customer", data={"data": "{}"})
    assert missing.json() == {"status": False, "message": "Invalid api_key", "result": None}


def test_a_body_too_large_is_refused_in_konto_words(mockserver, konto):
    # The gateway's limit (10 MB by default) is answered in Konto's envelope, still HTTP 200.
    big = b"x" * (10 * 1024 * 1024 + 1)
    answer = konto.http.post(
        "/upload-file",
        params=konto.credentials,
        content=big,
        headers={"content-type": "application/octet-stream"},
    )
    assert answer.status_code == 200
    assert answer.json()["status"] is False and answer.json()["message"].startswith("Request body too large")
