"""How Fakturan (a Rails application) reads requests and writes answers.

Bodies are JSON (anything else is Rails' 400); validation collects every field's errors, Rails
style, into an `Errors` the rule completes and raises. Answers are `{"data": ...}` envelopes,
pages with their `paging` block, 201 with `Location`, and 204 with nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.responses import Response

from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation
from mockserver.providers.fakturan.errors import BadRequest, json_response
from mockserver.providers.fakturan.rules.common import Errors, parse
from mockserver.providers.fakturan.rules.listing import Page


class FakturanDialect:
    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        arguments: dict[str, Any] = dict(params)
        if operation.options.get("listing"):
            arguments["query"] = parse_qsl(incoming.query_string.decode("latin-1"), keep_blank_values=True)
        if operation.body is not None:
            try:
                data = orjson.loads(incoming.body) if incoming.body.strip() else {}
            except orjson.JSONDecodeError:
                raise BadRequest from None
            errors = Errors()
            # Rails ignores a body that is not an object.
            arguments["data"] = parse(operation.body, data if isinstance(data, dict) else {}, errors)
            arguments["errors"] = errors
        return arguments

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        if result is None:
            return Response(status_code=operation.status)
        if isinstance(result, Page):
            return json_response({"data": result.data, "paging": result.paging}, operation.status)
        headers = None
        location = operation.options.get("location")
        if location:
            headers = {"Location": call.link(location.format(**result))}
        return json_response({"data": result}, operation.status, headers=headers)
