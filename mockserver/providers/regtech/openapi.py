"""Regtech's OpenAPI document at /regtech/openapi.json, derived from its operation declarations
under the document's own title (the provider's title, in the index, names the countries)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mockserver.core.openapi import derive_document

if TYPE_CHECKING:
    from mockserver.core.providers import Provider

TITLE = "Regtech partner Invoicing API (mockserver)"


def document(provider: Provider) -> dict:
    return derive_document(replace(provider, title=TITLE))
