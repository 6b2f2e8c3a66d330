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
from mockserver.providers.fakturan.errors import BadRequest, json_response, no_content
from mockserver.providers.fakturan.rules.common import Errors, parse
from mockserver.providers.fakturan.rules.listing import Page


def _parameter(value: str | int | float) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


class FakturanDialect:
    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        arguments: dict[str, Any] = dict(params)
        if operation.options.get("listing"):
            arguments["query"] = self.parameters(incoming)
        if operation.body is not None:
            data = self.body(incoming)
            errors = Errors()
            # Rails ignores a body that is not an object.
            arguments["data"] = parse(operation.body, data if isinstance(data, dict) else {}, errors)
            arguments["errors"] = errors
        return arguments

    @staticmethod
    def body(incoming: Incoming) -> object:
        try:
            return orjson.loads(incoming.body) if incoming.body.strip() else {}
        except orjson.JSONDecodeError:
            raise BadRequest from None

    def parameters(self, incoming: Incoming) -> list[tuple[str, str]]:
        """The query string's parameters, then those of a JSON body (Rails merges a JSON body
        into the parameters of any request, GET included, and the public PHP client sends its
        paging and filters that way); the query string wins on a conflict."""
        query = parse_qsl(incoming.query_string.decode("latin-1"), keep_blank_values=True)
        data = self.body(incoming)
        if not isinstance(data, dict) or not data:
            return query
        named = {key for key, _ in query}
        from_body = [
            (str(key), _parameter(value))
            for key, value in data.items()
            if key not in named and isinstance(value, str | int | float) and not isinstance(value, bool)
        ]
        return query + from_body

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        if result is None:
            return no_content(operation.status)
        if isinstance(result, Page):
            return json_response({"data": result.data, "paging": result.paging}, operation.status)
        headers = None
        location = operation.options.get("location")
        if location:
            headers = {"Location": call.link(location.format_map(result))}
        return json_response({"data": result}, operation.status, headers=headers)
