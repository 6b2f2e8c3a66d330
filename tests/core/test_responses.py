"""JSONResponse builds its headers itself, without Starlette's general parsing: the same status,
body and headers, in the same order, as Starlette's own Response would send."""

from __future__ import annotations

import orjson
import pytest
from starlette.responses import Response

from mockserver.core.responses import JSONResponse


class StarlettesOwn(Response):
    media_type = "application/json"

    def render(self, content) -> bytes:
        return orjson.dumps(content)


def sent(response: Response) -> tuple:
    return response.status_code, response.raw_headers, response.body, response.media_type, response.background


@pytest.mark.parametrize("status", [200, 201, 204, 304, 101, 404, 422, 500])
@pytest.mark.parametrize(
    "headers", [None, {"Location": "http://host/x/1"}, {"X-A": "b", "Content-Type": "text/csv"}]
)
@pytest.mark.parametrize(
    "media_type", [None, "application/json; charset=utf-8", "text/plain", "text/html; charset=latin-1"]
)
def test_the_same_answer_as_starlettes_response(status, headers, media_type):
    content = {"data": {"id": 1, "name": "Åsa"}}
    assert sent(JSONResponse(content, status, headers, media_type)) == sent(
        StarlettesOwn(content, status, headers, media_type)
    )


@pytest.mark.parametrize("status", [200, 201, 204, 304, 404])
def test_with_raw_headers_is_the_response_its_headers_would_give(status):
    content = [1, "två"]
    built = JSONResponse.with_raw_headers(
        content, status, [(b"cache-control", b"no-cache")], "application/json; x=1"
    )
    expected = StarlettesOwn(content, status, {"Cache-Control": "no-cache"}, "application/json; x=1")
    assert sent(built) == sent(expected)
    assert dict(built.headers) == dict(expected.headers)
