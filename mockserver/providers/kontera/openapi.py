"""Kontera's OpenAPI document: derived from the operation declarations, plus the CSV side of the
two routes that speak it (an operation declares one media type; these take or give two)."""

from __future__ import annotations

from mockserver.core.openapi import derive_document
from mockserver.providers.kontera.csvfile import COLUMNS

CSV = {
    "schema": {
        "type": "string",
        "description": (
            "Universal Accounting CSV single entries (RFC 4180, UTF-8): one row per single entry, columns "
            + ", ".join(COLUMNS)
            + ", then entry-dimensions-{n}-name/-externalId/-type"
        ),
    }
}


def document(provider) -> dict:
    derived = derive_document(provider)
    paths = derived["paths"]
    paths["/exports"]["get"]["responses"]["200"]["content"]["text/csv"] = CSV
    paths["/validate"]["post"]["requestBody"]["content"]["text/csv"] = CSV
    return derived
