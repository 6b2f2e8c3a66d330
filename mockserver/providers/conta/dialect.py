"""How Conta's API gateway reads requests and writes answers.

Reading, in the gateway's order: the organization in the path (`opContextOrgId`: 403
`OrgAccessDeniedException` unless the key reaches it), then the query parameters the published
operation declares (coerced to their types), then the JSON body against the published request
schema. Input errors are collected, never the first one only: one 409 `InputOpException` lists
every failed condition in `errors[]`, with the input as read. A body that is not JSON, or not an
object, is a 400 `RestRequestException`.

The rule gets `org` (the organization id) for org-scoped routes, the other path parameters by
name, `query` (the declared query parameters that were given, typed) when the published
operation has query parameters, and `data` (the parsed body) when it has a request body. An
operation may name the published operation it follows with `options={"spec": (METHOD, path)}`;
by default its own method and documented path are looked up, and one the spec lacks (the guide's
customer DELETE) gets no query or body. `options={"sortable": fields}` checks `sort` with the
other query parameters, so a bad sort field is reported together with them.

Writing: every success is 200 (the spec has no 201 or 204): a JSON body, a JSON string
(`ping`), or nothing at all for `None` (the DELETEs). Two request headers change what is kept:
`conta-force-rollback: true` answers as if done and keeps nothing (the answer is raised out of
the store transaction, which rolls it back), and `conta-force-readonly: true` makes any write
fail as the spec's 500 `OrgReadOnlyModeException`, also rolled back.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, NamedTuple

import orjson
from starlette.responses import Response

from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation
from mockserver.core.responses import JSONResponse
from mockserver.providers.conta import spec
from mockserver.providers.conta.errors import (
    Done,
    InputOpException,
    OrgReadOnlyModeException,
    RestRequestException,
    condition,
    from_problems,
)
from mockserver.providers.conta.rules.common import organization, sort_errors

ORG = "opContextOrgId"
TRUE = ("true", "1", "yes")


class Flags(NamedTuple):
    rollback: bool = False
    readonly: bool = False


# The current request's `conta-force-*` headers, set by the provider around each request.
NO_FLAGS = Flags()
FLAGS: ContextVar[Flags] = ContextVar("conta_flags", default=NO_FLAGS)


def flags_of(incoming: Incoming) -> Flags:
    def on(name: str) -> bool:
        return (incoming.header(name) or "").strip().lower() in TRUE

    return Flags(on("conta-force-rollback"), on("conta-force-readonly"))


def published_pair(operation: Operation) -> tuple[str, str]:
    return operation.options.get("spec") or (operation.method, operation.documented_path)


def coerce(raw: str, schema: dict) -> Any:
    """A query string value as the type its schema names; the raw text when it is not one (the
    schema check then reports the type)."""
    kind = spec.resolve(schema).get("type")
    text = raw.strip()
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return raw
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return raw
    if kind in ("array", "object"):
        # No encoding of a structured query parameter is public: JSON text is read.
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return raw
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
    return raw


def read_json(incoming: Incoming) -> Any:
    def parse() -> Any:
        if not incoming.body.strip():
            return {}
        try:
            return orjson.loads(incoming.body)
        except orjson.JSONDecodeError:
            raise RestRequestException() from None

    return incoming.once("conta.json", parse)


class ContaDialect:
    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        arguments: dict[str, Any] = {key: value for key, value in params.items() if key != ORG}
        if ORG in params:
            organization(call.store, params[ORG])
            arguments["org"] = params[ORG]
        method, path = published_pair(operation)
        declared = [p for p in spec.parameters(method, path) if p.get("in") == "query"]
        if declared:
            arguments["query"] = self.query(declared, incoming, operation.options.get("sortable"))
        schema = spec.request_schema(method, path)
        if schema is not None:
            data = read_json(incoming)
            if not isinstance(data, dict):
                raise RestRequestException()
            found = spec.problems(schema, data)
            if found:
                raise InputOpException(from_problems(found), data)
            arguments["data"] = data
        return arguments

    @staticmethod
    def query(declared: list[dict], incoming: Incoming, sortable=None) -> dict:
        given = incoming.query
        values, errors = {}, []
        for parameter in declared:
            name = parameter["name"]
            if name not in given:
                continue
            schema = parameter.get("schema", {})
            value = coerce(given[name], schema)
            if value == "" and spec.resolve(schema).get("type") != "string":
                continue  # `?hits=`: as if not given
            found = spec.problems(schema, value, name)
            errors.extend(from_problems(found))
            values[name] = value
        if sortable is not None and isinstance(values.get("sort"), str):
            errors.extend(sort_errors(values["sort"], sortable))
        if errors:
            raise InputOpException(errors, dict(given))
        return values

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        if result is None:
            response = Response(b"", 200)
        else:
            response = JSONResponse(result, 200)
        flags = FLAGS.get()
        if flags.readonly and operation.method != "GET":
            raise OrgReadOnlyModeException()
        if flags.rollback:
            raise Done(response)
        return response


def required(path: str, data_type: str = "ASGARD_TYPE_STRING") -> dict:
    """A `required` condition for a field the rule requires beyond the spec's `required`."""
    return condition("required", path, None, (data_type,))
