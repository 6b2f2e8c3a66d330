"""Fakturan's answers carry their Cache-Control encoded once: the same headers, in the same
order, as building them per request gave."""

from __future__ import annotations

import pytest

from mockserver.core.responses import JSONResponse
from mockserver.providers.fakturan.errors import JSON_TYPE, cache_control, json_response


@pytest.mark.parametrize("status", [200, 201, 204, 404, 422])
@pytest.mark.parametrize(
    "headers", [None, {}, {"Location": "http://h/fakturan/api/v2/invoices/3"}, {"cache-control": "x"}]
)
def test_json_response_as_built_per_request(status, headers):
    built = json_response({"data": {"id": 3}}, status, headers)
    expected = JSONResponse(
        {"data": {"id": 3}}, status, {**cache_control(status), **(headers or {})}, JSON_TYPE
    )
    assert (built.status_code, built.raw_headers, built.body) == (
        expected.status_code,
        expected.raw_headers,
        expected.body,
    )
