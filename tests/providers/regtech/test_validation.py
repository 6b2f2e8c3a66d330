"""Every required field missing, and every rule broken, in turn: 422 naming the field, nothing stored."""

import pytest

from tests.providers.regtech.conftest import invoice, state_of

ROW = "invoiceDetails.invoiceRows.0"

REQUIRED = [
    "recipientDetails",
    "invoicerDetails",
    "invoiceDetails",
    "recipientDetails.customerType",
    "recipientDetails.phoneNumber",
    "invoicerDetails.companyName",
    "invoicerDetails.businessId",
    "invoiceDetails.invoiceDate",
    "invoiceDetails.dueDate",
    "invoiceDetails.total",
    "invoiceDetails.currency",
    "invoiceDetails.invoiceType",
    "invoiceDetails.invoiceSendType",
    "invoiceDetails.invoiceNumber",
    "invoiceDetails.invoiceRows",
    f"{ROW}.productCode",
    f"{ROW}.description",
    f"{ROW}.quantity",
    f"{ROW}.unitPrice",
    f"{ROW}.price",
    "smsDetails.senderName",
    "smsDetails.freeText",
    # required by the recipient's customerType ("0": private)
    "recipientDetails.firstName",
    "recipientDetails.lastName",
]

# (what is set, to what, the field the 422 must name)
BROKEN = [
    ("recipientDetails.customerType", "2", "recipientDetails.customerType"),
    ("recipientDetails.customerType", 0, "recipientDetails.customerType"),
    ("recipientDetails.customerType", "1", "recipientDetails.businessId"),  # business without businessId
    ("recipientDetails.firstName", "  ", "recipientDetails.firstName"),
    ("recipientDetails.phoneNumber", "0401234567", "recipientDetails.phoneNumber"),
    ("recipientDetails.phoneNumber", "+358 40 123 4567", "recipientDetails.phoneNumber"),
    ("recipientDetails.phoneNumber", "+35", "recipientDetails.phoneNumber"),
    ("invoicerDetails.phoneNumber", "040-1234567", "invoicerDetails.phoneNumber"),
    ("recipientDetails.ssn", "199001011234", "recipientDetails.ssn"),  # wrong check digit
    ("recipientDetails.ssn", "900101-1239", "recipientDetails.ssn"),  # not YYYYMMDDCCCC
    ("recipientDetails.ssn", "199013011230", "recipientDetails.ssn"),  # month 13
    ("recipientDetails.email", "matti.example.fi", "recipientDetails.email"),
    ("invoicerDetails.companyName", "", "invoicerDetails.companyName"),
    ("invoiceDetails.dueDate", "2026-11-15", "invoiceDetails.dueDate"),
    ("invoiceDetails.dueDate", "31-02-2026", "invoiceDetails.dueDate"),
    ("invoiceDetails.dueDate", "15.11.2026", "invoiceDetails.dueDate"),
    ("invoiceDetails.dueDate", "31-10-2026", "invoiceDetails.dueDate"),  # before invoiceDate
    ("invoiceDetails.invoiceDate", "yesterday", "invoiceDetails.invoiceDate"),
    ("invoiceDetails.invoiceType", "2", "invoiceDetails.invoiceType"),
    ("invoiceDetails.invoiceType", 1, "invoiceDetails.invoiceType"),
    ("invoiceDetails.invoiceSendType", "4", "invoiceDetails.invoiceSendType"),
    ("invoiceDetails.invoiceSendType", "mobile", "invoiceDetails.invoiceSendType"),
    ("invoiceDetails.currency", "euro", "invoiceDetails.currency"),
    ("invoiceDetails.iban", "FI2112345600000786", "invoiceDetails.iban"),
    ("invoiceDetails.customInvoiceId", "a/b", "invoiceDetails.customInvoiceId"),
    ("invoiceDetails.pdfBytes", "not base64!", "invoiceDetails.pdfBytes"),
    ("invoiceDetails.pdfBytes", "JVBERi0", "invoiceDetails.pdfBytes"),  # bad padding
    ("invoiceDetails.total", "65.80", "invoiceDetails.total"),
    ("invoiceDetails.total", 65.82, "invoiceDetails.total"),
    ("invoiceDetails.invoiceRows", [], "invoiceDetails.invoiceRows"),
    ("invoiceDetails.invoiceRows", {"productCode": "A1"}, "invoiceDetails.invoiceRows"),
    (f"{ROW}.price", 55.82, "invoiceDetails.invoiceRows[0].price"),
    (f"{ROW}.price", 62.0, "invoiceDetails.invoiceRows[0].price"),  # discount ignored
    (f"{ROW}.priceNoVat", 50.0, "invoiceDetails.invoiceRows[0].priceNoVat"),
    (f"{ROW}.quantity", "2", "invoiceDetails.invoiceRows[0].quantity"),
    (f"{ROW}.discount", 150, "invoiceDetails.invoiceRows[0].discount"),
    (f"{ROW}.unitPrice", 1e308, "invoiceDetails.invoiceRows[0].unitPrice"),
    (f"{ROW}.vatPerc", -24, "invoiceDetails.invoiceRows[0].vatPerc"),
    ("smsDetails.senderName", "AcmeOyAbpLtd", "smsDetails.senderName"),  # 12 characters
    ("smsDetails.senderName", "Acme-Oy", "smsDetails.senderName"),
    ("smsDetails.senderName", "Äcme", "smsDetails.senderName"),
    ("smsDetails.createOnly", "yes", "smsDetails.createOnly"),
    ("smsDetails.domain", "https://pay.example.com/", "smsDetails.domain"),
    ("smsDetails", "Acme", "smsDetails"),
]
# invoiceSendType -> what that channel needs of the recipient, taken away in turn
CHANNELS = [
    ("1", "email"),
    ("2", "eInvoicingAddress"),
    ("3", "address1"),
    ("3", "zipCode"),
    ("3", "postOffice"),
]


def _path(body: dict, dotted: str) -> tuple[object, str | int]:
    *parents, last = [int(part) if part.isdigit() else part for part in dotted.split(".")]
    for part in parents:
        body = body[part]
    return body, last


def without(dotted: str) -> dict:
    body = invoice("bad-1")
    parent, last = _path(body, dotted)
    del parent[last]
    return body


def with_value(dotted: str, value) -> dict:
    body = invoice("bad-1")
    parent, last = _path(body, dotted)
    parent[last] = value
    return body


def assert_refused(regtech, body: dict, field: str) -> str:
    before = state_of(regtech.workspace)["invoices"]
    answer = regtech.post("/invoice/create", json=body)
    assert answer.status_code == 422, answer.text
    error = answer.json()
    assert set(error) == {"statusCode", "message", "error"}
    assert (error["statusCode"], error["error"]) == ("422", "Unprocessable Entity")
    assert f"{field}: " in error["message"], error["message"]
    assert regtech.get("/invoice/bad-1/status").status_code == 404
    assert state_of(regtech.workspace)["invoices"] == before
    return error["message"]


@pytest.mark.parametrize("dotted", REQUIRED)
def test_a_missing_required_field_is_named(regtech, dotted):
    field = dotted.replace(".0.", "[0].")
    message = assert_refused(regtech, without(dotted), field)
    assert f"{field}: is required" in message


@pytest.mark.parametrize(("dotted", "value", "field"), BROKEN, ids=[f"{d}={v!r}" for d, v, _ in BROKEN])
def test_a_broken_rule_is_named(regtech, dotted, value, field):
    assert_refused(regtech, with_value(dotted, value), field)


@pytest.mark.parametrize(("send_type", "needed"), CHANNELS)
def test_a_delivery_channel_needs_its_address(regtech, send_type, needed):
    body = with_value("invoiceDetails.invoiceSendType", send_type)
    body["recipientDetails"]["eInvoicingAddress"] = "003712345671"
    del body["recipientDetails"][needed]
    message = assert_refused(regtech, body, f"recipientDetails.{needed}")
    assert "is required for" in message


def test_the_message_names_every_failing_field_at_once(regtech):
    body = invoice("bad-1")
    body["recipientDetails"]["phoneNumber"] = "040"
    body["invoiceDetails"]["dueDate"] = "2026/11/15"
    body["smsDetails"]["senderName"] = "Far too long a name"
    del body["invoicerDetails"]["businessId"]
    message = assert_refused(regtech, body, "recipientDetails.phoneNumber")
    assert message == (
        "recipientDetails.phoneNumber: must be in format +YYXXXXXXXXX (country code and number, digits only); "
        "invoicerDetails.businessId: is required; "
        "invoiceDetails.dueDate: must be a date in format DD-MM-YYYY; "
        "smsDetails.senderName: must be 1-11 characters of [a-zA-Z0-9 ]"
    )


def test_the_row_message_says_what_the_price_should_be(regtech):
    body = invoice("bad-1")
    body["invoiceDetails"]["invoiceRows"][0]["price"] = 60
    message = assert_refused(regtech, body, "invoiceDetails.invoiceRows[0].price")
    assert (
        message
        == "invoiceDetails.invoiceRows[0].price: must be quantity x unitPrice less discount plus VAT = 55.80"
    )


@pytest.mark.parametrize(
    ("dotted", "value"),
    [
        ("invoiceDetails.total", 65.81),  # within a cent
        ("invoiceDetails.invoiceRows.0.price", 55.79),
        ("invoiceDetails.invoiceDate", "2026-11-01"),  # ISO invoice dates are accepted too
        ("recipientDetails.ssn", "199001011239"),
        ("recipientDetails.phoneNumber", "+46701234567"),
        ("smsDetails.senderName", "Acme Oy 123"),  # exactly 11
        ("invoiceDetails.pdfBytes", "JVBERi0xLjQK"),
    ],
)
def test_values_within_the_rules_are_accepted(regtech, dotted, value):
    answer = regtech.post("/invoice/create", json=with_value(dotted, value))
    assert answer.status_code == 201, answer.text


def test_a_business_recipient_needs_a_business_id_but_no_names(regtech):
    body = invoice("biz-1")
    body["recipientDetails"] = {
        "customerType": "1",
        "businessId": "7905480-1",
        "companyName": "Oy Ab",
        "phoneNumber": "+358401234567",
    }
    assert regtech.post("/invoice/create", json=body).status_code == 201


def test_a_credit_invoice_with_negative_rows_is_accepted(regtech):
    body = invoice("credit-1")
    details = body["invoiceDetails"]
    details.update(invoiceType="1", total=-12.40)
    details["invoiceRows"] = [
        {
            "productCode": "A1",
            "description": "Refund",
            "quantity": -1,
            "unitPrice": 10,
            "vatPerc": 24,
            "price": -12.40,
        }
    ]
    assert regtech.post("/invoice", json=body).status_code == 201
