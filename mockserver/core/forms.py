"""Form bodies (multipart/form-data and urlencoded) as the gateway has buffered them.

One reader for every place that looks inside a form: a provider whose clients post forms
(Konto, even on GET) and the scenario rules' body conditions, so both see the same fields.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks


class FormError(ValueError):
    """A body that claims to be a form and cannot be read as one; the message says why."""


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


@functools.lru_cache(maxsize=256)  # a client sends the same few content types again and again
def _content_type(content_type: str) -> tuple[str, dict[bytes, bytes]]:
    media, options = parse_options_header(content_type)
    return media.decode("latin-1").lower(), options


def media_type(content_type: str | None) -> str:
    """`multipart/form-data` of `multipart/form-data; boundary=x`, lower-cased."""
    return _content_type(content_type or "")[0]


def read_form(content_type: str | None, body: bytes) -> Form:
    """A multipart body's parts, or any other body read as urlencoded; raises FormError."""
    form = Form()
    media, options = _content_type(content_type or "")
    if media == "multipart/form-data":
        _read_multipart(options.get(b"boundary"), body, form)
    else:
        form.fields.update(parse_qsl(_text(body), keep_blank_values=True))
    return form


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise FormError("the body is not UTF-8") from None


class _Parts:
    """Collects multipart parts through python-multipart's callbacks."""

    def __init__(self) -> None:
        # Header values stay bytes: python-multipart's option parser re-encodes text as latin-1,
        # which a UTF-8 field name (`-F '€=1'`) cannot survive.
        self.parts: list[tuple[dict[str, bytes], bytearray]] = []
        self._header_field = bytearray()
        self._header_value = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": lambda: self.parts.append(({}, bytearray())),
            "on_part_data": lambda data, start, end: self.parts[-1][1].extend(data[start:end]),
            "on_header_field": lambda data, start, end: self._header_field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self._header_end,
        }

    def _header_end(self) -> None:
        name = self._header_field.decode("latin-1").lower()
        self.parts[-1][0][name] = bytes(self._header_value)
        self._header_field.clear()
        self._header_value.clear()


def _read_multipart(boundary: bytes | None, body: bytes, form: Form) -> None:
    if not boundary:
        raise FormError("multipart/form-data without a boundary")
    collected = _Parts()
    try:
        parser = MultipartParser(boundary, collected.callbacks())
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, ValueError) as error:
        raise FormError(f"the multipart body cannot be read: {error}") from None
    if not collected.parts and body.strip():
        raise FormError("the multipart body has no parts")
    for headers, data in collected.parts:
        _, options = parse_options_header(headers.get("content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if not name:
            raise FormError("a multipart part has no name")
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            content_type = headers.get("content-type", b"application/octet-stream")
            form.files[name] = Upload(filename, content_type.decode("utf-8", "replace"), bytes(data))
        else:
            form.fields[name] = _text(bytes(data))
