"""Konto's wire models: the form fields each endpoint takes and the JSON inside `data`.

Konto's server is as lax as PHP: numbers may come as strings ("200"), flags as 0/1/"1"/true,
dates as `Y-m-d` without zero padding ("2017-5-20"), and an empty string means "not given".
These models accept exactly that and refuse the rest with a message naming the field. The same
models produce the OpenAPI document.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Json

CurrencyCode = Literal[
    "ISK",
    "EUR",
    "USD",
    "DKK",
    "NOK",
    "SEK",
    "JPY",
    "GBP",
    "AUD",
    "PLN",
    "CAD",
    "CHF",
    "CNY",
    "NZD",
    "MXN",
    "SGD",
    "HKD",
    "KRW",
    "TRY",
    "RUB",
    "INR",
    "VND",
    "BRL",
    "ZAR",
    "UAH",
    "CZK",
]
CURRENCIES = get_args(CurrencyCode)
UnitCode = Literal["C62", "KGS", "MTR", "LTR", "MTK", "MTQ", "TNE", "KWH", "DAY", "HUR", "MIN", "KTM"]
UNITS = get_args(UnitCode)
VAT_RATES = {"S": Decimal("24"), "AA": Decimal("11"), "Z": Decimal("0")}
AccountingStatus = Literal["Created", "Posted", "Skipped", "Error"]
ACCOUNTING_STATUSES = get_args(AccountingStatus)
InvoiceStatus = Literal["Saved", "Sent", "Cancelled", "Paid"]
INVOICE_STATUSES = get_args(InvoiceStatus)
COST_CODES = ("Items", "Service", "Travel", "Sales", "Finance", "RawMaterial", "Other")
BookkeeperStatus = Literal["Registered", "Active", "Inactive"]
BOOKKEEPER_STATUSES = get_args(BookkeeperStatus)
Interval = Literal["weekly", "monthly", "quarterly", "annually"]
INTERVALS = get_args(Interval)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMIT = Decimal("1000000000000")


def _blank_to_none(value: Any) -> Any:
    """PHP clients send "" for "not given"."""
    return None if isinstance(value, str) and not value.strip() else value


def _konto_date(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None or isinstance(value, date):
        return value
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError("expected a date as Y-m-d, e.g. 2021-06-09")
    parsed = date(*(int(part) for part in match.groups()))
    if not 1900 <= parsed.year < 2200:
        raise ValueError("expected a date between 1900 and 2199")
    return parsed


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value) if isinstance(value, int | float) else value


def _email(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str) and not _EMAIL.match(value.strip()):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value.strip() if isinstance(value, str) else value


def _interval(value: Any) -> Any:
    """The docs spell it 'annuall'; accept that spelling and 'yearly' for 'annually'."""
    return "annually" if value in ("annuall", "annual", "yearly") else value


def _discount_type(value: Any) -> Any:
    return {"0": 0, "1": 1}.get(value, value) if isinstance(value, str) else value


def _uppercase(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Blank = BeforeValidator(_blank_to_none)
Money = Annotated[Annotated[Decimal, Field(ge=-LIMIT, le=LIMIT)] | None, Blank, Field(default=None)]
Positive = Annotated[Annotated[Decimal, Field(ge=0, le=LIMIT)] | None, Blank, Field(default=None)]
Count = Annotated[Annotated[int, Field(ge=0, le=1_000_000)] | None, Blank, Field(default=None)]
Flag = Annotated[bool | None, Blank, Field(default=None)]
Text = Annotated[Annotated[str, Field(max_length=10_000)] | None, BeforeValidator(_text), Field(default=None)]
KDate = Annotated[date | None, BeforeValidator(_konto_date), Field(default=None)]
Email = Annotated[str | None, BeforeValidator(_email), Field(default=None)]
Currency = Annotated[CurrencyCode | None, BeforeValidator(_uppercase), Blank, Field(default=None)]
Unit = Annotated[UnitCode | None, BeforeValidator(_uppercase), Blank, Field(default=None)]
VatCode = Annotated[Literal["S", "AA", "Z"] | None, BeforeValidator(_uppercase), Blank, Field(default=None)]
OutputSelect = Annotated[Literal["2", "3", "4"] | None, BeforeValidator(_text), Blank, Field(default=None)]
DiscountType = Annotated[
    Literal[0, 1] | None,
    BeforeValidator(_discount_type),
    Blank,
    Field(default=None, description="1: percent, 0: amount"),
]
PageSize = Annotated[Annotated[int, Field(ge=1, le=100_000)] | None, Blank, Field(default=None)]


class Lax(BaseModel):
    """Unknown keys are ignored, as the real server ignores them."""

    model_config = ConfigDict(extra="ignore", defer_build=True)


# -- data: customers and items ------------------------------------------------------------------


class CustomerData(Lax):
    """A customer in `data` of create-customer/update-customer, or inline on an invoice."""

    output_select: OutputSelect = Field(
        default=None,
        description="2: e-invoice to trading partner, 3: no e-invoice (XML), 4: print, do not e-mail",
    )
    name: Text
    address: Text
    zip: Text
    city: Text
    registration_no: Text = Field(default=None, description="kennitala, 10 digits")
    email: Email
    term: Text
    photo: Text = Field(default=None, description="base64")
    due_date: Count = Field(default=None, description="days from issue to due date")
    settlement_date: Count = Field(default=None, description="days from issue to settlement date")
    trading_partner_id: Text
    phone_number: Text
    vat: Text
    lang: Annotated[Literal["is", "en"] | None, Blank, Field(default=None)]
    currency: Currency
    tax_exempt: Flag
    customer_number: Text


class InvoiceCustomerData(CustomerData):
    guid: Text


class ItemData(Lax):
    """An item in `data` of create-item/update-item."""

    item_number: Text = Field(default=None, description="generated by Konto when not given")
    description: Text
    uom: Unit
    tax: VatCode
    unit_price: Money
    category: Text
    active: Flag
    cost_price: Money = Field(default=None, description="product cost, used for profit and margin")


# -- data: invoices -------------------------------------------------------------------------------


class InvoiceLineData(Lax):
    """A line: an existing item by `guid` (its price, VAT and unit apply), or a free line."""

    guid: Text
    item_number: Text
    description: Text
    qty: Annotated[Annotated[Decimal, Field(gt=0, le=1_000_000_000)] | None, Blank, Field(default=None)]
    uom: Unit
    unit_price: Money
    tax: VatCode
    discount: Positive
    discount_type: DiscountType
    add_new: Flag = Field(default=None, description="1: also add this line's item to the item list")


class InvoiceTerms(Lax):
    """Fields every kind of invoice shares."""

    amount: Money = Field(default=None, description="must equal the total computed from the items")
    currency: Currency
    description: Text
    booking: Text
    cost_provide: Text
    delivery_date: KDate
    terms: Text
    items: list[InvoiceLineData] | None = Field(default=None, max_length=500)
    trading_partner_id: Text
    is_claim: Flag
    is_discount: Flag
    discount_type: DiscountType
    discount_value: Positive
    mark_paid: Flag
    order_reference: Text


class InvoiceData(InvoiceTerms):
    """`data` of create-invoice."""

    issue_date: KDate
    due_date: KDate
    settlement_date: KDate
    type: Annotated[Literal["invoice", "credit"] | None, Blank, Field(default=None)]
    refer_guid: Text = Field(default=None, description="for a credit note: the invoice it credits")
    customer: InvoiceCustomerData | None = None
    payment_fee: Positive
    files: Annotated[
        str | None,
        BeforeValidator(lambda v: ",".join(map(str, v)) if isinstance(v, list) else _text(v)),
        Field(default=None, description="uploaded file ids, e.g. 1111,1222"),
    ]
    save: Flag = Field(default=None, description="1: save as a draft (Saved) instead of sending")


class DraftInvoiceData(InvoiceTerms):
    """`data` of create-draft-invoice (seen in client code, not in the docs): an invoice to
    finish later. Its customer must carry a valid `registration_no` and a `name`, even when it
    names an existing customer by `guid`."""

    issue_date: KDate = Field(default=None, description="default: today")
    due_date: KDate = Field(default=None, description="default: issue_date + the customer's due_date days")
    settlement_date: KDate = Field(
        default=None, description="default: issue_date + the customer's settlement_date days"
    )
    type: Annotated[
        Literal["invoice", "credit"] | None, Blank, Field(default=None, description="default: invoice")
    ]
    refer_guid: Text = Field(default=None, description="for a credit note: the invoice it credits")
    customer: InvoiceCustomerData | None = None
    payment_fee: Positive
    files: Annotated[
        str | None,
        BeforeValidator(lambda v: ",".join(map(str, v)) if isinstance(v, list) else _text(v)),
        Field(default=None, description="uploaded file ids, e.g. 1111,1222"),
    ]
    kennitala: Text = Field(
        default=None, description="accepted and ignored: the customer's registration_no is what counts"
    )


class RecurringInvoiceData(InvoiceData):
    """`data` of create-recurring-invoice."""

    recurring_name: Text
    recurring_max_invoice: Count = Field(default=None, description="0 or absent: no limit")
    recurring_interval: Annotated[Interval | None, BeforeValidator(_interval), Blank, Field(default=None)]
    recurring_start_date: KDate
    recurring_link_national: Flag


class SaveInvoiceData(InvoiceData):
    """`data` of create-save-invoice: billed to a Konto user by kennitala, or by e-mail."""

    create_type: Annotated[Literal["user", "email"] | None, Blank, Field(default=None)]
    kennitala: Text
    email: Email


class OrderData(InvoiceTerms):
    """`data` of create-order-invoice and update-order-invoice."""

    settlement_date: Count = Field(default=None, description="days from issue to settlement")
    kennitala: Text


class AccountingData(Lax):
    """`data` of update-invoice and update-cost."""

    accounting_status: Annotated[AccountingStatus | None, Blank, Field(default=None)]
    accounting_message: Text
    status: Annotated[
        InvoiceStatus | None,
        Blank,
        Field(
            default=None,
            description="update-invoice only: Sent, Paid or Cancelled (a Draft also Saved: it becomes an invoice)",
        ),
    ]


# -- forms: the fields of each endpoint -------------------------------------------------------------


class CredentialsForm(Lax):
    username: str
    api_key: str


class GuidForm(CredentialsForm):
    guid: Annotated[str, Field(min_length=1)]


class PageForm(CredentialsForm):
    limit: PageSize = Field(default=None, description="per page; default all (costs: 10)")
    page: PageSize = Field(default=None, description="from 1")


class CustomerListForm(PageForm):
    search: Text


class CustomerCountForm(CredentialsForm):
    search: Text


class AccountingListForm(PageForm):
    accounting_status: Text = Field(default=None, description='e.g. "Created,Error"')


class AccountingCountForm(CredentialsForm):
    accounting_status: Text = Field(default=None, description='e.g. "Created,Error"')


class GuidPageForm(PageForm):
    guid: Annotated[str, Field(min_length=1)]


class KennitalaForm(CredentialsForm):
    kennitala: Annotated[
        str, BeforeValidator(_text), Field(max_length=10_000, description="10 digits, a dash allowed")
    ]


class DashboardForm(PageForm):
    start_date: KDate
    end_date: KDate


class CreateCustomerForm(CredentialsForm):
    data: Json[CustomerData]


class UpdateCustomerForm(GuidForm):
    data: Json[CustomerData]


class CreateItemForm(CredentialsForm):
    data: Json[ItemData]


class UpdateItemForm(GuidForm):
    data: Json[ItemData]


class UpdateAccountingForm(GuidForm):
    data: Json[AccountingData]


class CreateInvoiceForm(CredentialsForm):
    data: Json[InvoiceData]


class CreateDraftForm(CredentialsForm):
    data: Json[DraftInvoiceData]


class CreateRecurringForm(CredentialsForm):
    data: Json[RecurringInvoiceData]


class CreateSaveInvoiceForm(CredentialsForm):
    data: Json[SaveInvoiceData]


class CreateOrderForm(CredentialsForm):
    data: Json[OrderData]


class UpdateOrderForm(GuidForm):
    data: Json[OrderData]


class UpdateBookkeeperForm(GuidForm):
    status: Annotated[BookkeeperStatus | None, Blank, Field(default=None)]
    count_of_bookkeepers: Count
    instance_config: Annotated[Json[dict[str, Any]] | None, Blank, Field(default=None)]


class UploadForm(CredentialsForm):
    file: bytes = Field(json_schema_extra={"format": "binary"})
