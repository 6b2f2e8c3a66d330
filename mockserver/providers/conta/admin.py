"""Conta's control-plane routes, under /_admin/workspaces/{id}/conta/: the workspace's EHF
registry (which organization numbers can receive EHF invoices and credit notes), seeded and
editable, so a test can make a customer an EHF receiver or take that away.

    GET    .../conta/ehf-registry              -> {"<orgNo>": {"canReceiveInvoices": ..., ...}}
    GET    .../conta/ehf-registry/{orgNo}      -> the entry, or 404
    PUT    .../conta/ehf-registry/{orgNo}      {"canReceiveInvoices": true, ...} -> the entry
    DELETE .../conta/ehf-registry/{orgNo}      -> 204 (the number can no longer receive EHF)
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.core.identifiers import valid_no_org_number
from mockserver.core.responses import JSONResponse
from mockserver.core.store import Store
from mockserver.core.workspaces import WorkspaceError

NAME = "conta"
REGISTRY = "ehfRegistry"
FLAGS = ("canReceiveInvoices", "canReceiveCreditNotes", "canReceiveEhf30")


def _store(request: Request) -> Store:
    return request.app.state.registry.get(request.path_params["id"]).store(NAME)


def _org_no(request: Request) -> str:
    number = request.path_params["orgNo"]
    if not valid_no_org_number(number):
        raise WorkspaceError(422, f"{number} is not a Norwegian organization number (9 digits, mod 11)")
    return number


async def registry(request: Request) -> Response:
    return JSONResponse(_store(request).value(REGISTRY) or {})


async def entry(request: Request) -> Response:
    store, number = _store(request), _org_no(request)
    current = dict(store.value(REGISTRY) or {})
    if request.method == "GET":
        if number not in current:
            raise WorkspaceError(404, f"{number} is not in the EHF registry")
        return JSONResponse(current[number])
    if request.method == "DELETE":
        if number not in current:
            raise WorkspaceError(404, f"{number} is not in the EHF registry")
        del current[number]
        with store.transaction():
            store.set_value(REGISTRY, current)
        return Response(status_code=204)
    try:
        body = orjson.loads(await request.body() or b"{}")
    except orjson.JSONDecodeError as exc:
        raise WorkspaceError(400, f"malformed JSON: {exc}") from None
    if (
        not isinstance(body, dict)
        or set(body) - set(FLAGS)
        or not all(isinstance(v, bool) for v in body.values())
    ):
        raise WorkspaceError(422, f"expected an object of booleans among {', '.join(FLAGS)}")
    # One flag given sets all three: an access point that takes invoices takes EHF 3.0 credit notes.
    default = body.get("canReceiveInvoices", any(body.values()) if body else True)
    current[number] = {flag: body.get(flag, default) for flag in FLAGS}
    with store.transaction():
        store.set_value(REGISTRY, current)
    return JSONResponse(current[number])


ROUTES = [
    Route("/ehf-registry", registry, methods=["GET"]),
    Route("/ehf-registry/{orgNo}", entry, methods=["GET", "PUT", "DELETE"]),
]
