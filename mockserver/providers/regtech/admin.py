"""Regtech's control-plane routes, under /_admin/workspaces/{id}/regtech/.

They play the recipient: deliver, open or pay an invoice now, or set how recipients behave on
their own as the clock runs. They work on the workspace's Regtech store, each in one transaction
(all or nothing), and answer in the control plane's `{"error", "message"}` shape.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.core.responses import JSONResponse
from mockserver.core.store import Store
from mockserver.core.workspaces import Workspace, WorkspaceError
from mockserver.providers.regtech import errors, rules

NAME = "regtech"


def _workspace(request: Request) -> tuple[Workspace, Store]:
    """The workspace and its Regtech store, caught up with its clock."""
    workspace = request.app.state.registry.get(request.path_params["id"])
    store = workspace.store(NAME)
    rules.catch_up(store, workspace.clock.now())
    return workspace, store


async def _body(request: Request) -> object:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise WorkspaceError(400, f"malformed JSON: {exc}") from None


async def invoice_event(request: Request) -> Response:
    """POST .../invoices/{customInvoiceId}/events {"event": "delivered"|"opened"|"paid"}."""
    workspace, store = _workspace(request)
    body = await _body(request)
    event = body.get("event") if isinstance(body, dict) else None
    if event not in rules.EVENTS:
        raise WorkspaceError(422, 'expected {"event": "delivered"}, {"event": "opened"} or {"event": "paid"}')
    try:
        with store.transaction():
            record = rules.record_event(
                store, request.path_params["customInvoiceId"], event, workspace.clock.now()
            )
    except errors.RegtechError as exc:
        raise WorkspaceError(exc.status, exc.message) from None
    return JSONResponse(rules.lifecycle(record))


async def invoice_lifecycle(request: Request) -> Response:
    """GET .../invoices/{customInvoiceId}: the full instants behind the API's status dates."""
    _, store = _workspace(request)
    try:
        record = rules.find_invoice(store, request.path_params["customInvoiceId"])
    except errors.RegtechError as exc:
        raise WorkspaceError(exc.status, exc.message) from None
    return JSONResponse(rules.lifecycle(record))


async def recipient_behaviour(request: Request) -> Response:
    """GET, or PUT some of {"deliver_after", "open_after", "pay_after"} (durations or null)."""
    workspace, store = _workspace(request)
    if request.method == "PUT":
        try:
            with store.transaction():
                rules.set_behaviour(store, await _body(request), workspace.clock.now())
        except errors.ValidationFailed as exc:
            raise WorkspaceError(422, exc.message) from None
    return JSONResponse(store.value("behaviour", rules.DEFAULT_BEHAVIOUR))


ROUTES = [
    Route("/invoices/{customInvoiceId}", invoice_lifecycle, methods=["GET"]),
    Route("/invoices/{customInvoiceId}/events", invoice_event, methods=["POST"]),
    Route("/recipient-behaviour", recipient_behaviour, methods=["GET", "PUT"]),
]
