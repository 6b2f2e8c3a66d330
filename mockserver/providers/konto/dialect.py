"""How Konto reads a request and writes an answer, for every declared operation.

A request is its form (query, urlencoded, multipart or JSON, parsed once per request and shared
with the credential lookup), validated by the operation's form model; only the first thing
wrong is said, the way a Konto user can act on it. An answer is HTTP 200 with
`{"status": true, "message": "Success", "result": ...}`; an operation with
`options={"envelope": "fields"}` gives the envelope's fields itself (hello's own message, the
costs page's paging fields).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation
from mockserver.core.responses import JSONResponse
from mockserver.providers.konto import models as m
from mockserver.providers.konto.errors import (
    DATA_NOT_OBJECT,
    DataNotJson,
    InvalidField,
    KontoError,
    MissingField,
)
from mockserver.providers.konto.forms import fields_of, request_form

SUCCESS = "Success"
M = TypeVar("M", bound=BaseModel)


def explain(error: ValidationError) -> KontoError:
    """The first thing wrong with a form, said the way a Konto user can act on it."""
    first = error.errors(include_url=False)[0]
    # Fields inside `data` are named as the docs name them: "items[0].qty", not "data.items[0].qty".
    loc = first["loc"][1:] if first["loc"][0] == "data" and len(first["loc"]) > 1 else first["loc"]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    if first["type"] == "missing":
        return MissingField(where)
    if first["type"] in ("json_invalid", "json_type"):
        return DataNotJson(first["msg"].removeprefix("Invalid JSON: "))
    if first["loc"] == ("data",) and first["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return KontoError(DATA_NOT_OBJECT)
    message = first["msg"].removeprefix("Value error, ")
    given = first.get("input")
    if isinstance(given, str | int | float) and not isinstance(given, bool) and len(str(given)) <= 60:
        message += f" (got {given!r})"
    return InvalidField(where, message)


def validated(model: type[M], fields: dict) -> M:
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        raise explain(error) from None


class KontoDialect:
    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        assert operation.body is not None, "every Konto operation declares its form"
        return {"form": validated(operation.body, fields_of(incoming))}

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        fields = result if operation.options.get("envelope") == "fields" else {"result": result}
        return JSONResponse({"status": True, "message": SUCCESS, **fields})


# -- escape hatches: forms read in two steps ------------------------------------------------------


def read_upload(operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
    """upload-file: the credentials as fields, the file as a part (checked by the rule, which
    says "file is required" its own way)."""
    form = request_form(incoming)
    validated(m.CredentialsForm, fields_of(incoming))
    return {"upload": form.files.get("file")}


def read_recurring_or_upload(operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
    """The docs' upload example posts its file to create-recurring-invoice; a request that
    carries a file and no data is taken as the upload it evidently is."""
    form = request_form(incoming)
    validated(m.CredentialsForm, fields_of(incoming))
    if "file" in form.files and "data" not in form.fields:
        return {"upload": form.files["file"]}
    return {"data": validated(m.CreateRecurringForm, fields_of(incoming)).data}
