"""The JSON response every part of mockserver answers with: Starlette's, rendered by orjson."""

from __future__ import annotations

import functools

import orjson
from starlette.responses import Response


class JSONResponse(Response):
    """`JSONResponse(content, status_code, headers, media_type)`, rendered with orjson (fast,
    compact, UTF-8 as is), so every provider's bodies are serialised the same way.

    Every provider request builds one, so its headers are built the way Starlette builds them but
    without its general parsing: with no headers given, the Content-Length and the Content-Type
    (encoded once per media type); with headers already encoded, `with_raw_headers`."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        return orjson.dumps(content)

    def init_headers(self, headers=None) -> None:
        if headers is not None:
            super().init_headers(headers)
            return
        self.raw_headers = _sized(self.status_code, self.body, [], self.media_type)

    @classmethod
    def with_raw_headers(
        cls, content, status_code: int, head: list[tuple[bytes, bytes]], media_type: str
    ) -> JSONResponse:
        """The response `cls(content, status_code, headers, media_type)` would be, where `head`
        is `headers` encoded as Starlette encodes them (lower-case names, Latin-1), neither
        Content-Length nor Content-Type among them: a provider encodes its fixed headers once."""
        response = cls.__new__(cls)
        response.status_code = status_code
        response.media_type = media_type
        response.background = None
        response.body = body = orjson.dumps(content)
        response.raw_headers = _sized(status_code, body, list(head), media_type)
        return response


def _sized(status: int, body: bytes, raw: list[tuple[bytes, bytes]], media_type: str | None) -> list:
    """`raw` with the Content-Length and Content-Type Starlette would add to a body's headers."""
    if not (status < 200 or status in (204, 304)):
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    if media_type is not None:
        raw.append((b"content-type", _content_type(media_type)))
    return raw


@functools.lru_cache(maxsize=64)  # a handful of media types, the same on every answer
def _content_type(media_type: str) -> bytes:
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += "; charset=utf-8"
    return media_type.encode("latin-1")
