"""Kontera's base data (the Universal Accounting import document), read and merged.

`GET` answers what is stored; `PATCH` merges the body into it as a JSON merge patch (RFC 7396:
objects merge key by key, `null` removes a key, arrays and values replace) and keeps the result
only if the whole document is still valid, so a body with only `configuration` changes only the
configuration and a broken one changes nothing. The reference types `journalExportUsesWebhook`
as a string and its example as a boolean: both are read, and it is stored as a boolean.
"""

from __future__ import annotations

from ipaddress import ip_address
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from mockserver.providers.kontera import models
from mockserver.providers.kontera.validation import model_problems


def _flag(value: object) -> object:
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _webhook_url(url: str) -> bool:
    """https anywhere, as Kontera demands; plain http only to this machine (a sandbox deviation,
    so a local receiver works and nothing leaves the machine unless configured to)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and loopback(parts.hostname))


WebhookUrl = Annotated[
    str,
    Field(min_length=10, max_length=512),
    models._checked(
        _webhook_url, "must be an https:// URL (or http:// on loopback: 127.0.0.1, ::1, localhost)"
    ),
]
Flag = Annotated[bool, BeforeValidator(_flag)]


class Model(models.Model):
    pass


class Organization(Model):
    companyName: models.Name
    companyUid: models.Name | None = None
    companyTaxNumber: models.Name | None = None
    leadCurrency: models.Currency


class CurrencyItem(Model):
    externalId: models.ExternalId
    code: models.Currency


class Account(Model):
    externalId: models.ExternalId
    number: Annotated[str, Field(min_length=1, max_length=36)]
    description: models.Name
    iban: models.Iban | None = None
    qrIban: models.Iban | None = None
    currency: models.Currency | None = None
    defaultTaxExternalId: models.ExternalId | None = None


class TaxItem(Model):
    externalId: models.ExternalId
    code: Annotated[str, Field(min_length=1, max_length=36)]
    description: models.Name
    value: models.Percent


class TaxPeriod(Model):
    externalId: models.ExternalId
    isSubjectToTax: bool
    balanceTaxation: bool
    accountingMethod: Literal["ACCRUAL", "CASH"]
    startsAt: models.IsoDate
    endsAt: models.IsoDate


class Named(Model):
    externalId: models.ExternalId
    name: models.Name


class Configuration(Model):
    enableOpenItems: bool | None = None
    journalExportFormat: Literal["json", "csv"] | None = None
    journalExportExportsFiles: bool | None = None
    journalExportUsesWebhook: Flag | None = None
    webhookUrl: WebhookUrl | None = None
    webhookSecret: Annotated[str, Field(min_length=1, max_length=255)] | None = None


class BaseData(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    organization: Organization
    currencies: list[CurrencyItem] = Field(default=[], max_length=200)
    accounts: list[Account] = Field(default=[], max_length=2000)
    taxes: list[TaxItem] = Field(default=[], max_length=200)
    taxPeriods: list[TaxPeriod] = Field(max_length=100)
    contacts: list[models.Contact] = Field(default=[], max_length=5000)
    costCenters: list[Named] = Field(default=[], max_length=500)
    projects: list[Named] = Field(default=[], max_length=500)
    configuration: Configuration | None = None


class BaseDataPatch(BaseModel):
    """A JSON merge patch of the base data: any of its keys; objects merge, null removes."""

    organization: dict | None = None
    currencies: list[CurrencyItem] | None = None
    accounts: list[Account] | None = None
    taxes: list[TaxItem] | None = None
    taxPeriods: list[TaxPeriod] | None = None
    contacts: list[models.Contact] | None = None
    costCenters: list[Named] | None = None
    projects: list[Named] | None = None
    configuration: dict | None = None


_BASE_DATA = TypeAdapter(BaseData)


def problems(document: object) -> list[dict]:
    """Every violation in a base-data document, at its path (`accounts[2].iban`)."""
    try:
        _BASE_DATA.validate_python(document)
    except ValidationError as error:
        return model_problems(error, ())
    return []


def normalized(document: dict) -> dict:
    """The document as stored: `journalExportUsesWebhook` as a boolean."""
    configuration = document.get("configuration")
    if isinstance(configuration, dict) and "journalExportUsesWebhook" in configuration:
        flag = _flag(configuration["journalExportUsesWebhook"])
        document = document | {"configuration": configuration | {"journalExportUsesWebhook": flag}}
    return document
