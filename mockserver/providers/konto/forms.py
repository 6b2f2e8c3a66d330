"""Konto's requests as the real server reads them: form fields from the query string, an
urlencoded or multipart body (on GET as on POST, as `curl -X GET -F ...` sends them), or a JSON
object body. Body fields win over query fields, as PHP's request merging does.

Parsing is synchronous and works on the buffered body, and happens once per request
(`request_form`): the credential lookup, the unauthenticated answer and the dialect all read
that one parse.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import orjson

from mockserver.core.auth import presented_basic
from mockserver.core.forms import Form, FormError, Upload, media_type, read_form
from mockserver.core.incoming import Incoming
from mockserver.providers.konto.errors import KontoError, MalformedBody

__all__ = ["CREDENTIALS", "Form", "Upload", "credential_fields", "fields_of", "parse_request", "request_form"]

CREDENTIALS = ("username", "api_key")


def request_form(incoming: Incoming) -> Form:
    """The request's form, parsed on first use and kept on the request; raises MalformedBody
    (the same error each time it is asked) when the body cannot be read."""
    parsed = incoming.once("konto.form", lambda: _parsed(incoming))
    if isinstance(parsed, KontoError):
        raise parsed.with_traceback(None)
    return parsed


def fields_of(incoming: Incoming) -> dict:
    """The form's fields, with `username` and `api_key` from HTTP Basic when the form does not
    carry both (the credential lookup read them the same way): the form's parse and the
    header's, each done once."""
    fields = request_form(incoming).fields
    if all(isinstance(fields.get(name), str) and fields[name] for name in CREDENTIALS):
        return fields
    basic = presented_basic(incoming)
    return fields if basic is None else {**fields, **dict(zip(CREDENTIALS, basic, strict=True))}


def credential_fields(incoming: Incoming) -> dict | None:
    """The form's fields for the credential lookup; None when the body cannot be read."""
    try:
        return request_form(incoming).fields
    except KontoError:
        return None


def _parsed(incoming: Incoming) -> Form | KontoError:
    try:
        return parse_request(incoming.header("content-type"), incoming.query_string, incoming.body)
    except KontoError as error:
        return error


def parse_request(content_type: str | None, query_string: bytes, body: bytes) -> Form:
    """All of a request's fields; raises MalformedBody when the body cannot be read."""
    media = media_type(content_type) if body else None
    if media in ("multipart/form-data", "application/x-www-form-urlencoded", ""):
        try:
            form = read_form(content_type, body)
        except FormError as error:
            raise MalformedBody(str(error)) from None
    else:
        form = Form()
        if media == "application/json":
            _parse_json(body, form)
    if query_string:
        fields: dict[str, object] = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
        fields.update(form.fields)  # the body's win
        form.fields = fields
    return form


def _parse_json(body: bytes, form: Form) -> None:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise MalformedBody(f"the JSON body is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise MalformedBody("a JSON body must be an object of fields")
    form.fields.update({str(key): _as_field(value) for key, value in document.items() if value is not None})


def _as_field(value: object) -> str:
    """A JSON body's value as the form field a multipart client would have sent."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)
