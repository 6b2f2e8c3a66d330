"""Konto's OpenAPI document: one operation per slug, from the same form models that validate it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mockserver.core.openapi import Operation, response
from mockserver.providers.konto import models as m


class Envelope(BaseModel):
    """Every answer, HTTP 200; `status` false means refused, and `message` says why."""

    status: bool
    message: str
    result: Any = None


class CostsEnvelope(Envelope):
    hasMore: bool
    limit: int
    page: int
    next_url: str | None


class HelloEnvelope(BaseModel):
    status: bool
    message: str = "Connection succeeded"
    name: str
    registration_no: str
    vat_no: str


# Forms the route reads in two steps, documented as what they finally accept.
DOCUMENTED_FORM = {"create-recurring-invoice": m.CreateRecurringForm, "upload-file": m.UploadForm}
ENVELOPES = {"hello": HelloEnvelope, "get-costs": CostsEnvelope}


def operations() -> list[Operation]:
    from mockserver.providers.konto.routes import ENDPOINTS

    return [
        Operation(
            method=method,
            path=f"/api/v1/{slug}",
            operation_id=slug,
            summary=summary,
            tag=tag,
            request=DOCUMENTED_FORM.get(slug, model),
            request_media_type="multipart/form-data",
            responses={
                200: response("Always HTTP 200; see status and message", ENVELOPES.get(slug, Envelope))
            },
            secured=False,
        )
        for slug, method, model, _, tag, summary in ENDPOINTS
    ]
