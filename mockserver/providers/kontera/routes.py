"""Kontera's HTTP surface under /kontera: the operations, their query and body models, and the
dialect that reads requests into rule arguments and writes results back.

Everything here is thin: reading a query or a body and naming what is wrong with it, then one
call into `rules`, `validation`, `csvcheck` or `basedata`. The rules never see a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError
from starlette.responses import Response

from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation, answer
from mockserver.core.responses import JSONResponse
from mockserver.providers.kontera import basedata, csvcheck, csvfile, models, rules, validation
from mockserver.providers.kontera.errors import BadRequest, Invalid, NotFound, UnsupportedMediaType

JSON_TYPES = ("application/json",)
CSV_TYPES = ("text/csv", "application/csv", "text/comma-separated-values")
NOT_A_PARAMETER = "is not a query parameter of this route"

# -- wire models (documented in the OpenAPI document) --------------------------------------------


class Query(BaseModel):
    # Unknown parameters are refused: a misspelt `form=csv` silently answering JSON would hide
    # the client's mistake.
    model_config = ConfigDict(extra="forbid")


class ExportQuery(Query):
    from_: models.IsoDate | None = Field(
        None, alias="from", description="first day of the window (YYYY-MM-DD), inclusive; open if absent"
    )
    to: models.IsoDate | None = Field(
        None, description="last day of the window (YYYY-MM-DD), inclusive; open if absent"
    )
    format: Literal["json", "csv"] = Field(
        "json", description="json: collective entries (an array of transactions); csv: single entries"
    )
    basis: Literal["accrual", "cash"] | None = Field(
        None, description="accounting method; default: that of the tax period containing `to` (or today)"
    )


class TransactionQuery(Query):
    basis: Literal["accrual", "cash"] | None = Field(
        None, description="accounting method; default: that of today's tax period"
    )


class Document(RootModel[list[models.Transaction]]):
    """A Universal Accounting export: an array of business transactions."""


class Problem(BaseModel):
    path: str = Field(
        description="where in the document: `[0].entries[1].lines[0].amount`, `[3].entry-amount`"
    )
    message: str


class Verdict(BaseModel):
    valid: bool
    errors: list[Problem]


class Error(BaseModel):
    error: str = Field(description="a snake_case code for the status: not_found, unprocessable_entity, ...")
    message: str
    errors: list[Problem] | None = Field(None, description="every violation, for a refused document")


# -- what the dialect hands the rules and gets back ----------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A document to validate: `kind` json (already parsed) or csv (the text)."""

    kind: str
    content: Any


@dataclass(frozen=True)
class File:
    """A non-JSON answer (the CSV export)."""

    content: str
    media_type: str
    headers: dict = field(default_factory=dict)


# -- rules over HTTP ------------------------------------------------------------------------------


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def list_exports(call: Call, query: ExportQuery) -> list | File:
    start, end = _day(query.from_), _day(query.to)
    if start and end and end < start:
        raise Invalid(
            "the window is empty", [{"path": "to", "message": "must not be before from"}], status=400
        )
    basis = query.basis or rules.accounting_basis(call.store, end or call.today())
    documents = rules.export(call.store, start, end, basis, json_file=query.format == "json")
    if query.format == "json":
        return documents
    name = f"kontera-{basis}-{query.from_ or 'start'}-{query.to or 'end'}.csv"
    return File(
        csvfile.write(documents),
        csvfile.MEDIA_TYPE,
        {"content-disposition": f'attachment; filename="{name}"'},
    )


def show_export(call: Call, konteraId: str, query: TransactionQuery) -> dict:  # noqa: N803 (the path's name)
    basis = query.basis or rules.accounting_basis(call.store, call.today())
    try:
        return rules.transaction(call.store, konteraId, basis)
    except rules.NotFound:
        raise NotFound(f"no transaction {konteraId}") from None


def validate(call: Call, upload: Upload) -> dict:
    if upload.kind == "csv":
        found = csvcheck.validate_csv(upload.content)
    else:
        found = validation.validate_document(upload.content)
    return {"valid": not found, "errors": found}


def show_base_data(call: Call) -> dict:
    return rules.base_data(call.store)


def update_base_data(call: Call, patch: dict) -> dict:
    """A JSON merge patch, kept only if the whole base data is still valid afterwards."""
    merged = basedata.normalized(rules.merge(rules.base_data(call.store), patch))
    found = basedata.problems(merged)
    if found:
        raise Invalid("the base data would not be valid with this patch; nothing was changed", found)
    call.store.set_value("baseData", merged)
    return merged


# -- the dialect ----------------------------------------------------------------------------------


class KonteraDialect:
    """Query parameters through the operation's query model, bodies by the operation's
    `options["body"]` (`object`: a JSON object; `upload`: a JSON or CSV document), every problem named at its path."""

    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        arguments = dict(params)
        if operation.query is not None:
            arguments["query"] = self._query(operation.query, incoming.query)
        kind = operation.options.get("body")
        if kind == "object":
            arguments["patch"] = self._object(incoming.body)
        elif kind == "upload":
            arguments["upload"] = self._upload(incoming.header("content-type"), incoming.body)
        return arguments

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        if isinstance(result, File):
            return Response(
                result.content, operation.status, headers=result.headers, media_type=result.media_type
            )
        return JSONResponse(result, operation.status)

    @staticmethod
    def _query(model: type[BaseModel], query: dict) -> BaseModel:
        try:
            return model.model_validate(query)
        except ValidationError as error:
            found = validation.model_problems(error, ())
            for item, raw in zip(found, error.errors(include_url=False), strict=True):
                if raw["type"] == "extra_forbidden":
                    item["message"] = NOT_A_PARAMETER
            raise Invalid("invalid query parameters", found, status=400) from None

    @staticmethod
    def _text(body: bytes) -> str:
        if not body.strip():
            raise BadRequest("the body is empty: send a JSON document")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadRequest(f"the body is not UTF-8 (byte {error.start})") from None

    def _json(self, body: bytes) -> Any:
        try:
            return orjson.loads(self._text(body))
        except orjson.JSONDecodeError as error:
            raise BadRequest(f"the body is not valid JSON: {error}") from None

    def _object(self, body: bytes) -> dict:
        document = self._json(body)
        if not isinstance(document, dict):
            raise Invalid("expected a JSON object", [{"path": "", "message": "must be an object"}])
        return document

    def _upload(self, content_type: str | None, body: bytes) -> Upload:
        media = (content_type or "").split(";")[0].strip().lower()
        if media in CSV_TYPES:
            kind = "csv"
        elif media in JSON_TYPES or media.endswith("+json"):
            kind = "json"
        elif media in ("", "text/plain", "application/octet-stream"):
            # curl --data-binary @file sends no useful type: a document starts with [ or {, a CSV with its header.
            kind = "json" if body.lstrip()[:1] in (b"[", b"{") else "csv"
        else:
            raise UnsupportedMediaType(f"{media} is neither JSON (application/json) nor CSV (text/csv)")
        if kind == "csv":
            if not body.strip():
                raise BadRequest("the body is empty: send a JSON or CSV document")
            return Upload("csv", self._text(body))
        return Upload("json", self._json(body))


_BAD = {400: answer("a malformed body or query", Error), 401: answer("no or unknown bearer token", Error)}

OPERATIONS = [
    Operation(
        "GET",
        "/exports",
        list_exports,
        "The business transactions of a window, as a JSON document or a CSV file (sandbox only)",
        tag="exports",
        query=ExportQuery,
        response=Document,
        returns="the transactions with an entry in the window (JSON), or the CSV single entries (format=csv)",
        errors=_BAD,
    ),
    Operation(
        "GET",
        "/exports/{konteraId}",
        show_export,
        "One business transaction, as in a JSON export (sandbox only)",
        tag="exports",
        query=TransactionQuery,
        response=models.Transaction,
        returns="the transaction",
        errors={**_BAD, 404: answer("no transaction with this konteraId", Error)},
    ),
    Operation(
        "POST",
        "/validate",
        validate,
        "Check a Universal Accounting document, JSON or CSV (Content-Type text/csv) (sandbox only)",
        tag="exports",
        body=Document,
        response=Verdict,
        returns="whether it is valid, and every violation at its path",
        errors={**_BAD, 415: answer("neither JSON nor CSV", Error)},
        options={"body": "upload"},
    ),
    Operation(
        "GET",
        "/api/public/v1/base-data",
        show_base_data,
        "The base data: organization, accounts, taxes, tax periods, contacts, configuration",
        tag="base-data",
        response=basedata.BaseData,
        returns="the base data",
        errors=_BAD,
    ),
    Operation(
        "PATCH",
        "/api/public/v1/base-data",
        update_base_data,
        "Merge into the base data (JSON merge patch: objects merge, null removes)",
        tag="base-data",
        body=basedata.BaseDataPatch,
        response=basedata.BaseData,
        returns="the base data after the merge",
        errors={**_BAD, 422: answer("the merged base data would be invalid; nothing changed", Error)},
        options={"body": "object"},
    ),
]
