"""The JSON response every part of mockserver answers with: Starlette's, rendered by orjson."""

from __future__ import annotations

import orjson
from starlette.responses import Response


class JSONResponse(Response):
    """`JSONResponse(content, status_code, headers, media_type)`, rendered with orjson (fast,
    compact, UTF-8 as is), so every provider's bodies are serialised the same way."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        return orjson.dumps(content)
