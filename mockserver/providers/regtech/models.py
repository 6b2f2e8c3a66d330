"""Regtech's wire models: the seed's `invoice` schema with its required fields and rules.

The same models validate requests and produce /regtech/openapi.json. Types are strict (a JSON
number is not a string, `"0"` is not `0`), as the published schema types every code as a string.
Field formats are checked per field; rules that tie fields together (names for private
recipients, row arithmetic, the total) are model validators that report every field they find
wrong at once, so one 422 names all of them.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from mockserver.core.checks import checked
from mockserver.core.identifiers import valid_iban, valid_se_personal_number
from mockserver.core.models import Model
from mockserver.core.money import to_decimal
from mockserver.providers.regtech.errors import ValidationFailed

CENT = Decimal("0.01")
PHONE = re.compile(r"^\+[1-9]\d{7,14}$")
SENDER_NAME = re.compile(r"^[a-zA-Z0-9 ]{1,11}$")
SSN = re.compile(r"^\d{12}$")
DUE_DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
CUSTOM_ID = re.compile(r"^[^\s/?#]{1,100}$")

CUSTOMER_TYPES = {"0": "private", "1": "business"}
INVOICE_TYPES = {"0": "invoice", "1": "credit invoice"}
SEND_TYPES = {"0": "mobile", "1": "email", "2": "eInvoice", "3": "postal"}


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("regtech", message)


def _checked(test, message: str) -> AfterValidator:
    return checked(test, message, "regtech")


def parse_due_date(text: str) -> date | None:
    """`DD-MM-YYYY` as a date, or None if it is not one."""
    match = DUE_DATE.match(text)
    return _date(match.group(3), match.group(2), match.group(1)) if match else None


def parse_invoice_date(text: str) -> date | None:
    """The seed gives invoiceDate no format: accept dueDate's `DD-MM-YYYY` and ISO `YYYY-MM-DD`."""
    match = ISO_DATE.match(text)
    return _date(*match.groups()) if match else parse_due_date(text)


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _valid_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return bool(text)


def _valid_ssn(text: str) -> bool:
    return bool(SSN.match(text)) and valid_se_personal_number(text)


def _code(codes: dict[str, str]):
    """A string that must be one of `codes` ("0", "1", ...), listed in the schema as an enum."""
    listed = ", ".join(f'"{key}" ({name})' for key, name in codes.items())
    return Annotated[
        str,
        _checked(lambda value: value in codes, f"must be one of {listed}"),
        Field(json_schema_extra={"enum": list(codes)}),
    ]


if TYPE_CHECKING:  # built at run time; to a type checker they are strings
    CustomerType = str
    InvoiceType = str
    InvoiceSendType = str
else:
    CustomerType = _code(CUSTOMER_TYPES)
    InvoiceType = _code(INVOICE_TYPES)
    InvoiceSendType = _code(SEND_TYPES)
NonBlank = Annotated[str, _checked(lambda v: bool(v.strip()), "must not be blank")]
Phone = Annotated[
    str,
    _checked(
        lambda v: bool(PHONE.match(v)),
        "must be in format +YYXXXXXXXXX (country code and number, digits only)",
    ),
    Field(json_schema_extra={"pattern": PHONE.pattern}),
]
Email = Annotated[str, _checked(lambda v: bool(EMAIL.match(v)), "must be an email address")]
# Amounts beyond a trillion are no invoice's; bounding them keeps Decimal arithmetic exact.
Money = Annotated[
    float,
    _checked(lambda v: abs(v) < 1e12, "must be less than 1000000000000 in absolute value"),
    Field(json_schema_extra={"format": "float"}),
]


class Wire(Model):
    """Strict types. Unknown keys are ignored: the docs do not say the real API refuses them."""

    model_config = ConfigDict(strict=True, extra="ignore", defer_build=True)


class RecipientDetails(Wire):
    """Recipient details. Names are required for private recipients, businessId for businesses."""

    customerType: CustomerType = Field(description="0 = Private, 1 = Business")
    firstName: str | None = Field(
        None, description="First name of recipient. Required for private customerType"
    )
    lastName: str | None = Field(
        None, description="Last name of recipient. Required for private customerType"
    )
    businessId: str | None = Field(
        None, description="BusinessId for companies. Required for business customerType"
    )
    companyName: str | None = Field(None, description="Recipient company name")
    address1: str | None = Field(None, description="Street address line 1")
    address2: str | None = Field(None, description="Street address line 2")
    postOffice: str | None = Field(None, description="Post office")
    zipCode: str | None = Field(None, description="Zip code")
    phoneNumber: Phone = Field(description="Phonenumber. Format +YYXXXXXXXXX")
    eInvoicingAddress: str | None = Field(None, description="E-invoicing address")
    email: Email | None = Field(None, description="Email address")
    customerNumber: str | None = Field(None, description="Customer number on invoice")
    ssn: (
        Annotated[
            str,
            _checked(
                _valid_ssn, "must be a Swedish personal number YYYYMMDDCCCC with a valid date and check digit"
            ),
        ]
        | None
    ) = Field(
        None,
        description="Social security number in format YYYYMMDDCCCC. Required when using BankID authentication.",
        json_schema_extra={"pattern": SSN.pattern},
    )

    @model_validator(mode="after")
    def _by_customer_type(self) -> RecipientDetails:
        needed = ("firstName", "lastName") if self.customerType == "0" else ("businessId",)
        kind = CUSTOMER_TYPES[self.customerType]
        problems = [
            (name, f'is required for {kind} recipients (customerType "{self.customerType}")')
            for name in needed
            if not (getattr(self, name) or "").strip()
        ]
        return _report(self, problems)


class InvoicerDetails(Wire):
    """The sender of the invoice."""

    companyName: NonBlank = Field(description="Invoicer company name")
    businessId: NonBlank = Field(description="Company businessId-number")
    address1: str | None = Field(None, description="Street address line 1")
    address2: str | None = Field(None, description="Street address line 2")
    postOffice: str | None = Field(None, description="Post office")
    zipCode: str | None = Field(None, description="Zip code")
    phoneNumber: Phone | None = Field(None, description="Phonenumber. Format +YYXXXXXXXXX")
    eInvoicingAddress: str | None = Field(None, description="E-invoicing address")
    email: Email | None = Field(None, description="Email address")


class InvoiceRow(Wire):
    """One row; `price` (VAT included) must equal quantity x unitPrice less discount plus VAT."""

    productCode: NonBlank = Field(description="Product code")
    description: NonBlank = Field(description="Product description or name")
    quantity: Money = Field(description="Product quantity")
    unit: str | None = Field(None, description="Unit on quantity")
    unitPrice: Money = Field(description="Price on one unit")
    discount: (
        Annotated[Money, _checked(lambda v: 0 <= v <= 100, "must be a percentage from 0 to 100")] | None
    ) = Field(None, description="Discount percentage")
    priceNoVat: Money | None = Field(None, description="Price without Vat")
    vatPerc: (
        Annotated[Money, _checked(lambda v: 0 <= v < 100, "must be a percentage from 0 to 100")] | None
    ) = Field(None, description="Vat percentage")
    price: Money = Field(description="Price including Vat")

    def net(self) -> Decimal:
        discount = to_decimal(self.discount or 0)
        return to_decimal(self.quantity) * to_decimal(self.unitPrice) * (1 - discount / 100)

    def gross(self) -> Decimal:
        return self.net() * (1 + to_decimal(self.vatPerc or 0) / 100)

    @model_validator(mode="after")
    def _arithmetic(self) -> InvoiceRow:
        problems = []
        if self.priceNoVat is not None and abs(to_decimal(self.priceNoVat) - self.net()) > CENT:
            problems.append(
                ("priceNoVat", f"must be quantity x unitPrice less discount = {_cents(self.net())}")
            )
        if abs(to_decimal(self.price) - self.gross()) > CENT:
            problems.append(
                ("price", f"must be quantity x unitPrice less discount plus VAT = {_cents(self.gross())}")
            )
        return _report(self, problems)


def _cents(value: Decimal) -> str:
    return str(value.quantize(CENT))


class InvoiceDetails(Wire):
    """The invoice itself; `total` must be the sum of the rows' prices."""

    customInvoiceId: (
        Annotated[
            str,
            _checked(
                lambda v: bool(CUSTOM_ID.match(v)), "must be 1-100 characters without spaces, '/', '?' or '#'"
            ),
        ]
        | None
    ) = Field(None, description="Custom id that can be used for checking invoice status later.")
    invoiceDate: Annotated[
        str, _checked(lambda v: parse_invoice_date(v) is not None, "must be a date in format DD-MM-YYYY")
    ] = Field(description="Invoice date")
    dueDate: Annotated[
        str, _checked(lambda v: parse_due_date(v) is not None, "must be a date in format DD-MM-YYYY")
    ] = Field(
        description="Invoice due date. Format DD-MM-YYYY", json_schema_extra={"pattern": DUE_DATE.pattern}
    )
    iban: Annotated[str, _checked(valid_iban, "must be a valid IBAN")] | None = Field(
        None, description="Iban number"
    )
    bankgirot: str | None = Field(None, description="Bankgirot")
    plusgirot: str | None = Field(None, description="Plusgirot")
    swish: str | None = Field(None, description="Swish number")
    total: Money = Field(description="Sum on invoice")
    currency: Annotated[
        str,
        _checked(
            lambda v: bool(CURRENCY.match(v)), "must be a three-letter ISO 4217 code such as EUR or SEK"
        ),
    ] = Field(description="Currency used on invoice")
    bankCode: str | None = Field(None, description="Swift code")
    reference: str | None = Field(None, description="Reference number")
    message: str | None = Field(None, description="Message. Can be used instead of reference number")
    invoiceType: InvoiceType = Field(description="0 = Invoice, 1 = Credit invoice")
    invoiceSendType: InvoiceSendType = Field(description="0 = Mobile, 1 = Email, 2 = eInvoice, 3 = Postal")
    invoiceNumber: NonBlank = Field(description="Invoice number")
    pdfBytes: Annotated[str, _checked(_valid_base64, "must be valid base64")] | None = Field(
        None, description="PDF-file in base64 format.", json_schema_extra={"format": "byte"}
    )
    invoiceRows: list[InvoiceRow] = Field(min_length=1)
    language: str | None = Field(None, description="Preferred language to display invoice in")

    @model_validator(mode="after")
    def _dates_and_total(self) -> InvoiceDetails:
        problems = []
        due, issued = parse_due_date(self.dueDate), parse_invoice_date(self.invoiceDate)
        # Both were checked by their fields' own validators, which ran first.
        assert due is not None and issued is not None
        if due < issued:
            problems.append(("dueDate", "must not be before invoiceDate"))
        rows = sum((to_decimal(row.price) for row in self.invoiceRows), Decimal(0))
        if abs(to_decimal(self.total) - rows) > CENT:
            problems.append(("total", f"must be the sum of the invoiceRows' prices = {_cents(rows)}"))
        return _report(self, problems)


class SmsDetails(Wire):
    """Sms details. Used if invoice is delivered by sms."""

    senderName: Annotated[
        str, _checked(lambda v: bool(SENDER_NAME.match(v)), "must be 1-11 characters of [a-zA-Z0-9 ]")
    ] = Field(
        description="Sender name that will be visible to invoice recipient. Max 11 chars. [a-zA-Z0-9 ]",
        json_schema_extra={"pattern": SENDER_NAME.pattern},
    )
    freeText: str = Field(description="Free text in sms message that will be added before the link")
    domain: (
        Annotated[
            str, _checked(lambda v: bool(DOMAIN.match(v)), "must be a naked domain such as example.com")
        ]
        | None
    ) = Field(
        None,
        description="Registered custom domain to use for invoice url. Must be naked domain for sms to be "
        "delivered.",
    )
    createOnly: bool | None = Field(
        None, description="Option to only create invoice, not send. Can be sent at a later stage using /send."
    )


# What each invoiceSendType needs to reach the recipient.
CHANNEL_FIELDS = {"1": ("email",), "2": ("eInvoicingAddress",), "3": ("address1", "zipCode", "postOffice")}


class Invoice(Wire):
    """The body of POST /invoice/create (and /invoice)."""

    recipientDetails: RecipientDetails = Field(description="Recipient details")
    invoicerDetails: InvoicerDetails = Field(description="Invoicer details")
    invoiceDetails: InvoiceDetails = Field(description="Invoice details")
    smsDetails: SmsDetails | None = Field(
        None, description="Sms details. Used if invoice is delivered by sms."
    )
    templateConfId: str | None = Field(None, description="Template to use for invoice client UI")

    @model_validator(mode="after")
    def _channel(self) -> Invoice:
        send_type = self.invoiceDetails.invoiceSendType
        channel = SEND_TYPES[send_type]
        problems = [
            (
                f"recipientDetails.{name}",
                f'is required for {channel} delivery (invoiceSendType "{send_type}")',
            )
            for name in CHANNEL_FIELDS.get(send_type, ())
            if not (getattr(self.recipientDetails, name) or "").strip()
        ]
        return _report(self, problems)

    @property
    def create_only(self) -> bool:
        return bool(self.smsDetails and self.smsDetails.createOnly)


def _report(model, problems: list[tuple[str, str]]):
    if problems:
        raise PydanticCustomError("rules", "rules broken", {"problems": problems})
    return model


# -- responses and the token endpoint ------------------------------------------------------------


class SendInvoiceResponse(Model):
    statusCode: str = Field(description="Status code")
    message: str = Field(description="Message")
    invoiceUrl: str = Field(description="Url where the invoice will be accessible")


class InvoiceStatus(Model):
    """Each key is present only once that event has happened."""

    deliveredAt: date | None = Field(None, description="Date when invoice was delivered")
    openedAt: date | None = Field(None, description="Date when user has opened invoice")
    paidAt: date | None = Field(None, description="Date when user has paid invoice")


class ErrorResponse(Model):
    statusCode: str = Field(description="Status code")
    message: str = Field(description="Error message")
    error: str = Field(description="Detailed error")


class TokenRequest(Model):
    """JSON form of the (not publicly documented) token request; the OAuth form fields
    `grant_type=client_credentials&client_id=&client_secret=` are accepted as well."""

    clientId: str
    clientSecret: str


class TokenResponse(Model):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = 3600


# -- turning pydantic's findings into Regtech's 422 ----------------------------------------------

_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "list_type": "must be an array",
    "too_short": "must contain at least one row",
}


def field_path(loc: tuple) -> str:
    """`("invoiceDetails", "invoiceRows", 0, "price")` as `invoiceDetails.invoiceRows[0].price`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not _is_union_tag(part))
        if item["type"] == "rules":
            problems += [
                (field_path((*loc, *name.split("."))), text) for name, text in item["ctx"]["problems"]
            ]
        else:
            problems.append((field_path(loc), _MESSAGES.get(item["type"], item["msg"])))
    return list(dict.fromkeys(problems))


def _is_union_tag(part) -> bool:
    # Optional[Annotated[...]] adds the union member's name ("function-after[...]", "str") to loc.
    return isinstance(part, str) and (part.startswith("function-") or part in {"str", "float", "bool"})


def parse_invoice(data: object) -> Invoice:
    """The invoice in `data`, or ValidationFailed naming every field that is wrong."""
    try:
        return Invoice.model_validate(data)
    except ValidationError as error:
        raise ValidationFailed(problems_of(error)) from None
