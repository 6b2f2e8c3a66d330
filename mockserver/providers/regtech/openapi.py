"""Regtech's OpenAPI document at /regtech/openapi.json, derived from its operation declarations.

The HEAD twins of its GET operations (declared `undocumented`: Starlette used to answer HEAD
wherever it answered GET, and the sandbox keeps doing so) are left out, as they always were.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mockserver.core.openapi import derive_document

if TYPE_CHECKING:
    from mockserver.core.providers import Provider


TITLE = "Regtech partner Invoicing API (mockserver)"  # the provider's title names the sandbox's countries


def document(provider: Provider) -> dict:
    documented = [op for op in provider.operations if not op.options.get("undocumented")]
    return derive_document(replace(provider, title=TITLE, operations=documented))
