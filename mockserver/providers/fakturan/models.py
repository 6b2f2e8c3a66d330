"""Fakturan's wire models: what requests may carry and what responses hold.

Input models are lenient the way the real (Rails) API is: unknown fields are ignored, numbers are
accepted where strings are expected, and "10 st" reads as 10. The same models generate the
OpenAPI document, and the tests check every response against the output models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from mockserver.core.models import Model
from mockserver.core.money import leading_decimal

# Literal aliases, not Literal[TUPLE]: a type checker reads only literal values between the brackets.
DeliveryMethod = Literal["email", "email_and_sms", "letter", "e_invoice"]
Locale = Literal["sv", "en", "da", "nb"]
Template = Literal["urban", "clean", "iconic", "foxy", "static", "original", "croatia"]
DELIVERY_METHODS: tuple[str, ...] = get_args(DeliveryMethod)
LOCALES: tuple[str, ...] = get_args(Locale)
TEMPLATES: tuple[str, ...] = get_args(Template)
TAX_RATES = (25, 12, 6, 0)


def _tax_rate(value):
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def _yes_no(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# The service's columns are 4-byte integers and decimals of at most 12 integer digits; beyond
# them Rails fails in the database. The sandbox refuses such values as validation errors, so
# nothing it stores is out of range for the rest of the API.
MAX_INTEGER = 2**31 - 1
MAX_AMOUNT = 10**12
_NOT_NUMBERS = (bool, dict, list)  # what JSON may hold that String#to_d is never given


def _ruby_decimal(value) -> Decimal:
    """Rails casts decimal columns with String#to_d: the leading number, or 0; out of the
    column's range, pydantic's own bound errors. One function instead of a before-validator,
    pydantic's Decimal and its bounds: those cost three times as much, and a row has three."""
    if isinstance(value, _NOT_NUMBERS) or value is None:
        raise ValueError("is not a number")
    number = leading_decimal(value)
    if not number > -MAX_AMOUNT:
        raise PydanticCustomError("greater_than", "Input should be greater than {gt}", {"gt": -MAX_AMOUNT})
    if not number < MAX_AMOUNT:
        raise PydanticCustomError("less_than", "Input should be less than {lt}", {"lt": MAX_AMOUNT})
    return number


RubyDecimal = Annotated[
    Decimal,
    PlainValidator(_ruby_decimal),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string"}],
            "exclusiveMinimum": -MAX_AMOUNT,
            "exclusiveMaximum": MAX_AMOUNT,
        }
    ),
]
Id = Annotated[int, Field(ge=0, le=MAX_INTEGER)]
TaxRate = Annotated[Literal[25, 12, 6, 0], BeforeValidator(_tax_rate)]
YesNo = Annotated[Literal["yes", "no"], BeforeValidator(_yes_no)]
Text = Annotated[str, Field(max_length=255)]


class Input(Model):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class AddressInput(Input):
    street_address: Text | None = None
    care_of: Text | None = None
    zip_code: Text | None = None
    city: Text | None = None
    country: Annotated[str, Field(max_length=2)] | None = None


class ClientSettingsInput(Input):
    invoice_delivery_method: DeliveryMethod | None = None
    e_invoice: bool | None = None
    invoice_days: Annotated[int, Field(ge=0, le=365)] | None = None
    locale: Locale | None = None
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    email_attach_pdf: bool | None = None


class ClientInput(Input):
    """Create or update a client. `company` is required unless `client_type` is individual."""

    number: Annotated[int, Field(ge=1, le=MAX_INTEGER)] | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    email: Text | None = None
    company: Text | None = None
    phone: Text | None = None
    home_phone: Text | None = None
    mobile_phone: Text | None = None
    fax: Text | None = None
    org_number: Text | None = None
    client_type: Literal["company", "individual"] | None = None
    web: Text | None = None
    vat_number: Text | None = None
    gln: Text | None = None
    settings: ClientSettingsInput | None = None
    address: AddressInput | None = None


class ProductInput(Input):
    """Create or update a product. `name` is required."""

    name: Text | None = None
    product_code: Annotated[str, Field(max_length=30)] | None = None
    unit: Annotated[str, Field(max_length=30)] | None = None
    price: RubyDecimal | None = None
    tax: TaxRate | None = None


class RowInput(Input):
    """An invoice row; give `id` on update to change an existing row, `_destroy` to drop it."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, populate_by_name=True)

    id: Id | None = None
    product_id: Id | None = None
    discount: RubyDecimal | None = Field(None, description="Discount in %")
    amount: RubyDecimal | None = Field(
        None, description='Units; may be fractional ("1.5"); "10 st" reads as 10'
    )
    text: Text | None = None
    product_code: Annotated[str, Field(max_length=30)] | None = None
    product_name: Text | None = None
    product_unit: Annotated[str, Field(max_length=30)] | None = None
    product_price: RubyDecimal | None = None
    product_tax: TaxRate | None = None
    text_row: bool | None = None
    sort_order: Annotated[int, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)] | None = None
    destroy: bool | None = Field(None, alias="_destroy")


class InvoiceSettingsInput(Input):
    invoice_template: Template | None = None
    show_product_code: bool | None = None
    prices_inc_tax: YesNo | None = None


class InvoiceInput(Input):
    """Create or update an invoice: `client_id` or (on create only) a new `client`."""

    number: Annotated[int, Field(ge=1, le=MAX_INTEGER)] | None = None
    date: str | None = Field(None, description="yyyy-mm-dd; defaults to today")
    client_id: Id | None = None
    days: Annotated[int, Field(ge=0, le=365)] | None = None
    our_reference: Text | None = None
    your_reference: Text | None = None
    locale: Locale | None = None
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    settings: InvoiceSettingsInput | None = None
    client: ClientInput | None = None
    rows: list[RowInput] | None = None


class SendInput(Input):
    delivery_method: Literal["email", "letter", "auto"] | None = "auto"
    as_reminder: bool | None = None


class PaymentInput(Input):
    paid_at: str | None = Field(None, description="yyyy-mm-dd; required")
    amount: RubyDecimal | None = Field(None, description="defaults to what remains on the invoice")


# -- output --------------------------------------------------------------------------------------


class Paging(Model):
    total_pages: int
    current_page: int
    next: str | None
    previous: str | None


class Address(Model):
    street_address: str
    care_of: str
    zip_code: str
    city: str
    country: str


class ClientSettings(Model):
    currency: str
    discount: int | float
    email_attach_pdf: bool
    invoice_days: int
    invoice_delivery_method: str
    invoice_template: str
    locale: str
    prices_inc_tax: str
    show_product_code: bool
    tax: int
    estimate_valid_to_days: int
    use_invoice_address_as_delivery_address: bool


class Client(Model):
    model_config = ConfigDict(extra="forbid")

    id: int
    number: int
    name: str
    first_name: str
    last_name: str
    email: str
    fax: str
    phone: str
    home_phone: str
    mobile_phone: str
    client_type: Literal["company", "individual"]
    org_number: str
    settings: ClientSettings
    address: Address


class Product(Model):
    model_config = ConfigDict(extra="forbid")

    id: int
    product_code: str
    name: str
    unit: str
    price: str
    price_inc_tax: str
    tax: int


class Row(Model):
    model_config = ConfigDict(extra="forbid")

    id: int
    product_id: int
    discount: str
    amount: str
    text: str
    product_code: str | None
    product_name: str
    product_unit: str
    product_price: str
    product_tax: int
    text_row: bool
    sort_order: int
    tax_deductible: bool


class InvoiceSettings(Model):
    invoice_template: str
    prices_inc_tax: str
    show_product_code: bool


class InvoiceAddress(Address):
    name: str


class Invoice(Model):
    model_config = ConfigDict(extra="forbid")

    id: int
    number: int
    date: str
    client_id: int
    days: int
    our_reference: str
    your_reference: str
    sent: bool
    paid_at: str | None
    locale: str
    currency: str
    settings: InvoiceSettings
    sum: str
    net: str
    tax: str
    tax_details: dict[str, str]
    address: InvoiceAddress
    rows: list[Row]


class Payment(Model):
    model_config = ConfigDict(extra="forbid")

    id: int
    paid_at: str
    amount: str
    invoice_id: int


class ClientEnvelope(Model):
    data: Client


class ClientList(Model):
    data: list[Client]
    paging: Paging


class ProductEnvelope(Model):
    data: Product


class ProductList(Model):
    data: list[Product]
    paging: Paging


class InvoiceEnvelope(Model):
    data: Invoice


class InvoiceList(Model):
    data: list[Invoice]
    paging: Paging


class PaymentEnvelope(Model):
    data: Payment


class PaymentList(Model):
    data: list[Payment]
    paging: Paging


class FieldError(Model):
    model_config = ConfigDict(extra="allow")

    error: str = Field(description="blank | invalid | too_long | taken | inclusion | greater_than | ...")


class ValidationErrors(Model):
    errors: dict[str, list] = Field(
        description='per field, e.g. {"client.company": [{"error": "blank"}]}; '
        'row errors as {"rows": [{"0": {"rows.product_code": [...]}}]}'
    )


class ErrorMessage(Model):
    error: str
