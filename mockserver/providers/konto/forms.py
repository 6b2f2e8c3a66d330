"""Konto's requests as the real server reads them: form fields from the query string, an
urlencoded or multipart body (on GET as on POST, as `curl -X GET -F ...` sends them), or a JSON
object body. Body fields win over query fields, as PHP's request merging does.

Parsing is synchronous and works on the buffered body, so the gateway's `identify` and the
route handlers read a request the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import orjson
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from mockserver.providers.konto.errors import MalformedBody


@dataclass(slots=True)
class Upload:
    """One uploaded file part."""

    filename: str
    content_type: str
    content: bytes


@dataclass(slots=True)
class Form:
    """The fields a request carries (text) and its uploaded files."""

    fields: dict[str, object] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)


def parse_request(content_type: str | None, query_string: bytes, body: bytes) -> Form:
    """All of a request's fields; raises MalformedBody when the body cannot be read."""
    form = Form(fields=dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)))
    if not body:
        return form
    media, options = parse_options_header(content_type or "")
    media = media.decode("latin-1").lower()
    if media == "multipart/form-data":
        _parse_multipart(options.get(b"boundary"), body, form)
    elif media == "application/json":
        _parse_json(body, form)
    elif media in ("application/x-www-form-urlencoded", ""):
        form.fields.update(parse_qsl(_text(body), keep_blank_values=True))
    return form


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("the body is not UTF-8") from None


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


class _Parts:
    """Collects multipart parts through python-multipart's callbacks."""

    def __init__(self) -> None:
        self.parts: list[tuple[dict[str, str], bytearray]] = []
        self._header_field = bytearray()
        self._header_value = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": lambda: self.parts.append(({}, bytearray())),
            "on_part_data": lambda data, start, end: self.parts[-1][1].extend(data[start:end]),
            "on_header_field": lambda data, start, end: self._header_field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self._header_end,
        }

    def _header_end(self) -> None:
        name = self._header_field.decode("latin-1").lower()
        self.parts[-1][0][name] = self._header_value.decode("utf-8", "replace")
        self._header_field.clear()
        self._header_value.clear()


def _parse_multipart(boundary: bytes | None, body: bytes, form: Form) -> None:
    if not boundary:
        raise MalformedBody("multipart/form-data without a boundary")
    collected = _Parts()
    try:
        parser = MultipartParser(boundary, collected.callbacks())
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, ValueError) as error:
        raise MalformedBody(f"the multipart body cannot be read: {error}") from None
    if not collected.parts and body.strip():
        raise MalformedBody("the multipart body has no parts")
    for headers, data in collected.parts:
        _, options = parse_options_header(headers.get("content-disposition", ""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if not name:
            raise MalformedBody("a multipart part has no name")
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            form.files[name] = Upload(
                filename, headers.get("content-type", "application/octet-stream"), bytes(data)
            )
        else:
            form.fields[name] = _text(bytes(data))
