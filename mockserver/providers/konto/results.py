"""What Konto's endpoints answer: the result models their declarations name (`response=`), which
the OpenAPI document is derived from and which the tests hold the real answers to (extra fields
forbidden)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import ConfigDict, RootModel

from mockserver.core.models import Model

T = TypeVar("T")


class Result(Model):
    model_config = ConfigDict(extra="forbid")


class Customer(Result):
    guid: str
    output_select: str | None
    name: str | None
    address: str | None
    zip: str | None
    city: str | None
    registration_no: str | None
    email: str | None
    term: str | None
    photo: str | None
    due_date: int | None
    settlement_date: int | None
    trading_partner_id: str | None
    phone_number: str | None
    vat: str | None
    lang: str | None
    currency: str | None
    tax_exempt: bool | None
    customer_number: str | None
    updated_timestamp: str


class Item(Result):
    guid: str
    item_number: str
    description: str
    uom: str
    tax: str
    unit_price: float
    category: str
    active: bool
    updated_timestamp: str


class InvoiceLine(Result):
    guid: str | None
    item_number: str
    description: str
    qty: float
    uom: str
    tax: str
    unit_price: float
    discount: float
    discount_type: int
    total_excluding_vat: float
    total_vat: float
    total_including_vat: float
    total_discount: float


class InvoiceCustomer(Result):
    guid: str | None
    name: str | None
    address: str | None
    zip: str | None
    city: str | None
    registration_no: str | None
    email: str | None


class Invoice(Result):
    guid: str
    number: str | None  # null while a Draft
    amount: float
    currency: str
    status: str
    issue_date: str
    due_date: str
    settlement_date: str
    description: str
    booking: str
    cost_provide: str
    delivery_date: str | None
    terms: str
    type: str
    refer_guid: str | None
    accounting_status: str
    accounting_message: str
    updated_timestamp: str
    items: list[InvoiceLine]
    customer: InvoiceCustomer
    trading_partner_id: str
    is_claim: bool
    is_discount: bool
    discount_type: int
    discount_value: float
    payment_fee: float
    total_excluding_vat: float
    total_vat: float
    total_discount: float
    order_reference: str
    files: list[int]
    order_guid: str | None
    recurring_guid: str | None


class Cost(Result):
    guid: str
    description: str
    vat_no: str
    amount: float
    vat_AA: float
    vat_S: float
    cost_code: str
    how_paid: int
    file: str | None
    posting_date: str
    xml: str | None
    accounting_status: str
    accounting_message: str
    updated_timestamp: str


class Bookkeeper(Result):
    guid: str
    name: str
    username: str
    registration_no: str
    vat_no: str
    email: str
    service_provider_guid: str
    status: str
    count_of_bookkeepers: int
    instance_config: dict[str, Any]


class Tenant(Result):
    guid: str
    name: str
    username: str
    api_key: str
    registration_no: str
    vat_no: str
    email: str
    address: str
    zip: str
    city: str
    phone_number: str
    bank_account: str
    bank_provider: str
    claim_identifier: str
    bank_username: str
    bank_password: str
    claim_branch: str
    bookkeeper_guid: str
    active_plan: str
    count_of_payusers: int
    active_item: str


class DashboardItem(Result):
    number: str
    name: str
    description: str
    qty: float
    uom: str
    vat_code: str
    category_code: str
    guid: str | None
    product_cost: str
    total_excluding_vat: float
    total_vat: float
    total_including_vat: float
    total_discount: float
    profit: float
    margin: float


class DashboardInvoice(Result):
    invoice_creator_username: str
    invoice_issue_date: str
    invoice_number: str
    invoice_status: str
    customer_number: str
    customer_name: str | None
    customer_guid: str | None
    invoice_description: str
    document_type: str
    invoice_booking_information: str
    invoice_order_reference: str
    invoice_cost_location: str
    invoice_total_excluding_vat: str
    invoice_vat_total: str
    invoice_total_discount: str
    invoice_total_including_vat: str
    items: list[DashboardItem]


class Envelope(Model, Generic[T]):
    """Every answer is HTTP 200; `status` false means refused, `message` says why, `result` is null."""

    status: bool
    message: str
    result: T | None = None


class CostsPage(Envelope[list[Cost]]):
    hasMore: bool
    limit: int
    page: int
    next_url: str | None


class Hello(Model):
    status: bool
    message: str = "Connection succeeded"
    name: str
    registration_no: str
    vat_no: str


class Refused(Model):
    """What an endpoint whose success carries more than `result` (hello, get-costs) answers when
    it refuses: the plain envelope, `status` false and why, without the success's own fields."""

    model_config = ConfigDict(extra="forbid")

    status: Literal[False]
    message: str
    result: None = None


class HelloAnswer(RootModel[Hello | Refused]):
    pass


class CostsAnswer(RootModel[CostsPage | Refused]):
    pass
