"""Kontera's Universal Accounting export, field by field, as pydantic models.

The models follow the export reference (seed 003) reconciled with the official sample and the JSON
file page (`../shared/research/kontera.md` §2-3): lengths, enums, ISO 4217 currencies, ISO 3166
countries and `YYYY-MM-DD` dates as documented, amounts as decimal strings with two decimals.
Types are strict (a JSON number is not an amount string) and unknown fields are refused, so a
misspelt field in a user's test file is named rather than silently dropped. Rules that tie fields
or documents together (balance, id patterns, conditional fields) live in `validation`, which
reports every violation with its path; the models check one field at a time.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from faker.providers.address import Provider as _Addresses
from faker.providers.currency import Provider as _Currencies
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from mockserver.core.checks import checked
from mockserver.core.identifiers import valid_iban, valid_qr_reference

CURRENCIES = frozenset(code for code, _ in _Currencies.currencies)
COUNTRIES = frozenset(_Addresses.alpha_2_country_codes) | {"LI", "XK"}
AMOUNT = re.compile(r"^\d{1,13}\.\d{2}$")
PERCENT = re.compile(r"^\d{1,3}(?:\.\d{1,4})?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KONTERA_ID = re.compile(r"^K-[0-9A-F]{12}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CONTENT_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")

ENTRY_TYPES = (
    "profit-loss-to-payment",
    "profit-loss-to-collective-account",
    "collective-account-to-payment",
    "fee-to-payment",
)
TAX_TYPES = ("unknown", "pre-tax", "pre-tax-original-production", "reverse-charge-pre-tax", "sales-tax")
POSTING_TYPES = ("accounts-payable", "accounts-receivable")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("kontera", message)


def _checked(test, message: str) -> AfterValidator:
    return checked(test, message, "kontera")


def parse_date(text: object) -> date | None:
    """A `YYYY-MM-DD` string as a date, or None if it is not a real one."""
    if not isinstance(text, str) or not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_amount(text: object) -> Decimal | None:
    """A two-decimal amount string as a Decimal, or None if it is not one."""
    return Decimal(text) if isinstance(text, str) and AMOUNT.match(text) else None


def _percent(text: str) -> bool:
    return bool(PERCENT.match(text)) and Decimal(text) <= 100


def _base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


IsoDate = Annotated[str, _checked(parse_date, "must be a date in ISO format YYYY-MM-DD")]
Amount = Annotated[str, _checked(parse_amount, 'must be a decimal string with two decimals, such as "25.50"')]
Currency = Annotated[str, _checked(CURRENCIES.__contains__, "must be a 3-letter ISO 4217 currency code")]
Country = Annotated[str, _checked(COUNTRIES.__contains__, "must be a 2-letter ISO 3166 country code")]
Percent = Annotated[str, _checked(_percent, 'must be a percentage 0-100 as a string, such as "8.1"')]
Name = Annotated[str, Field(min_length=1, max_length=255)]
ExternalId = Annotated[str, Field(min_length=1, max_length=36)]
Text = Annotated[str, Field(max_length=1000)]
Uuid = Annotated[str, _checked(UUID.match, "must be a UUID")]
KonteraId = Annotated[str, _checked(KONTERA_ID.match, 'must be "K-" and 12 upper-case hex digits')]
QrReference = Annotated[
    str, _checked(valid_qr_reference, "must be a 27-digit Swiss QR reference with a valid check digit")
]
Iban = Annotated[str, _checked(valid_iban, "must be an IBAN with valid check digits")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, defer_build=True)


class BillingPeriod(Model):
    from_: IsoDate = Field(alias="from")
    to: IsoDate


class Invoice(Model):
    """The receipt / invoice a transaction was booked from; every field optional."""

    number: Text | None = None
    date: IsoDate | None = None
    payableUntil: IsoDate | None = None
    billingPeriod: BillingPeriod | None = None
    qrReferenceNumber: QrReference | None = None
    owner: Text | None = None
    source: Text | None = None
    sourceId: Text | None = None
    currency: Currency | None = None  # the sample's, not in the reference
    postingType: Literal["accounts-payable", "accounts-receivable"] | None = None  # the sample's


class Address(Model):
    street: Name | None = None
    houseNumber: Name | None = None
    postalCode: Name | None = None
    city: Name | None = None
    country: Country | None = None


class Contact(Model):
    """The supplier or customer; companyName is required for a company, first and last name
    for a person (checked in `validation`, so both are named when both are missing)."""

    name: Name | None = None  # the sample's display name
    contactId: Uuid
    externalId: ExternalId | None = None
    legalType: Literal["company", "person"]
    supplierType: Literal["accounts-payable", "accounts-receivable"] | None = None
    companyName: Name | None = None
    companyUid: Name | None = None
    companyTaxNumber: Name | None = None
    firstName: Name | None = None
    lastName: Name | None = None
    address: Address | None = None


class AccountRef(Model):
    number: Annotated[str, Field(min_length=1, max_length=36)]
    externalId: ExternalId | None = None
    currency: Currency | None = None


class Recipient(Model):
    name: Name
    street: Name | None = None
    houseNumber: Name | None = None
    postalCode: Name | None = None
    city: Name | None = None
    country: Country | None = None


class PaymentAdvice(Model):
    """An open item's payment order (only with `enableOpenItems`, JSON only)."""

    account: AccountRef
    executionDate: IsoDate
    amount: Amount
    currency: Currency
    type: Literal["qr", "iban"]
    iban: Iban
    reference: Annotated[str, Field(min_length=1, max_length=35)] | None = None
    fee: Literal["receiver-pays", "sender-pays", "splitted"] | None = None
    message: Annotated[str, Field(max_length=140)] | None = None
    recipient: Recipient


class Tax(Model):
    code: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    externalId: ExternalId | None = None
    value: Percent | None = None
    type: Literal[TAX_TYPES] | None = None  # type: ignore[valid-type]


class Dimension(Model):
    name: Name | None = None
    externalId: ExternalId | None = None
    type: Literal["cost-center", "project"] | None = None


class Line(Model):
    lineId: Annotated[str, Field(min_length=1, max_length=64)]
    lineNumber: Annotated[int, Field(ge=1)]
    creditDebit: Literal["credit", "debit"] | None = None
    amount: Amount
    currency: Currency
    amountInAccountCurrency: Amount | None = None
    account: AccountRef
    tax: Tax | None = None
    originalAmount: Amount | None = None
    originalCurrency: Currency | None = None
    text: Text | None
    dimensions: list[Dimension] = Field(max_length=20)


class Entry(Model):
    entryId: Annotated[str, Field(min_length=1, max_length=64)]
    entryNumber: Annotated[int, Field(ge=1)]
    type: Literal[ENTRY_TYPES]  # type: ignore[valid-type]
    date: IsoDate
    lines: list[Line] = Field(min_length=1, max_length=500)


class File(Model):
    konteraId: KonteraId
    name: Name
    contentType: Annotated[str, _checked(CONTENT_TYPE.match, "must be a media type such as application/pdf")]
    contentAsBase64: Annotated[str, _checked(_base64, "must be base64")]


class Transaction(Model):
    """One business transaction. The sample and the JSON page carry one `contact` object, the
    reference a `contacts` array: both are read, and exports write `contact` like the sample."""

    konteraId: KonteraId
    invoice: Invoice | None = None
    contact: Contact | None = None
    contacts: list[Contact] | None = Field(default=None, max_length=20)
    paymentAdvises: list[PaymentAdvice] | None = Field(default=None, max_length=20)
    entries: list[Entry] = Field(min_length=1, max_length=100)
    files: list[File] | None = Field(default=None, max_length=20)
