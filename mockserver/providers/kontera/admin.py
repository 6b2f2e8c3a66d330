"""Kontera's control-plane routes, under /_admin/workspaces/{id}/kontera/.

Kontera pushes what its customers book; these routes play the booking: a transaction posted as
given or drawn from the seed, its webhook delivery enqueued in the same store transaction, then
sent in the background by `webhooks.DISPATCHER`. The delivery log and redelivery live here too.
Answers are the control plane's `{"error", "message"}` shape (plus `errors` for a refused document).
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.core.responses import JSONResponse
from mockserver.core.store import Store
from mockserver.core.workspaces import Workspace, WorkspaceError
from mockserver.providers.kontera import rules, webhooks
from mockserver.providers.kontera.validation import problem, validate_transaction

NAME = "kontera"


def _workspace(request: Request) -> tuple[Workspace, Store]:
    """The workspace and its Kontera store, with the deliveries that fell due started."""
    workspace = request.app.state.registry.get(request.path_params["id"])
    store = workspace.store(NAME)
    webhooks.DISPATCHER.kick(store, workspace.clock.now(), workspace.clock)
    return workspace, store


def _invalid(message: str, found: list[dict]) -> JSONResponse:
    return JSONResponse({"error": "invalid", "message": message, "errors": found}, 422)


GENERATE = object()  # an empty body or `{}`: draw one from the seed


async def _transaction_body(request: Request) -> object:
    """GENERATE for an empty body or `{}`, else whatever JSON was sent."""
    raw = await request.body()
    if not raw.strip():
        return GENERATE
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise WorkspaceError(400, f"malformed JSON: {exc}") from None
    return GENERATE if document == {} else document


def enqueue(workspace: Workspace, store: Store, record: dict) -> dict | None:
    """The webhook delivery of a newly booked transaction, if the webhook is on and today's
    method exports it (an unpaid receipt has nothing to push on a cash basis yet)."""
    configuration = rules.configuration(store)
    if not webhooks.enabled(configuration):
        return None
    now = workspace.clock.now()
    document = rules.booked_document(store, record, now)
    if document is None:
        return None
    return webhooks.enqueue(store, now, configuration, webhooks.payload(document), record["konteraId"])


def _announce(workspace: Workspace, store: Store, delivery: dict | None) -> None:
    """What the sandbox sends, in the workspace's outbox too; then off it goes."""
    if delivery is None:
        return
    message = {
        "channel": "webhook",
        "to": delivery["url"],
        "deliveryId": delivery["id"],
        "konteraId": delivery["konteraId"],
        "headers": delivery["headers"],
        "body": delivery["body"],
    }
    workspace.outbox.add(NAME, message, at=delivery["createdAt"])
    webhooks.DISPATCHER.kick(store, workspace.clock.now(), workspace.clock)


async def book(request: Request) -> Response:
    """POST .../transactions: one Universal Accounting transaction as given, or, for an empty
    body or `{}`, one drawn from the seed dated today. 201 with the booked transaction."""
    workspace, store = _workspace(request)
    document = await _transaction_body(request)
    posted: dict | None = None
    if document is not GENERATE:
        if not isinstance(document, dict):  # null, an array, a number: none is one transaction
            return _invalid("expected one transaction object", [problem((), "must be an object")])
        found = validate_transaction(document)
        if found:
            return _invalid("the transaction is not valid Universal Accounting; nothing was booked", found)
        posted = document
    now = workspace.clock.now()
    with store.transaction():
        try:
            if posted is None:
                record = rules.book_generated(store, workspace.seed, now)
            else:
                record = rules.book_posted(store, posted, now)
        except rules.Conflict as conflict:
            raise WorkspaceError(409, f"transaction {conflict} is already booked") from None
        delivery = enqueue(workspace, store, record)
        basis = rules.accounting_basis(store, now.date())
        shown = rules.transaction(store, record["konteraId"], basis)
    _announce(workspace, store, delivery)
    return JSONResponse(shown, 201)


async def deliveries(request: Request) -> Response:
    """GET .../deliveries: every webhook delivery, newest first, with each attempt."""
    _, store = _workspace(request)
    return JSONResponse({"deliveries": webhooks.listing(store)})


def _delivery(store: Store, request: Request) -> dict:
    found = store.get(webhooks.TABLE, request.path_params["delivery"])
    if found is None:
        raise WorkspaceError(404, f"no delivery {request.path_params['delivery']}")
    return found


async def delivery(request: Request) -> Response:
    """GET .../deliveries/{n}: one delivery."""
    _, store = _workspace(request)
    return JSONResponse(_delivery(store, request))


async def redeliver(request: Request) -> Response:
    """POST .../deliveries/{n}/redeliver: the same body again, as a new delivery to the current
    webhook URL, signed with the current secret. 201 with the new delivery."""
    workspace, store = _workspace(request)
    original = _delivery(store, request)
    with store.transaction():
        again = webhooks.redeliver(store, original["id"], workspace.clock.now(), rules.configuration(store))
    _announce(workspace, store, again)
    return JSONResponse(again, 201)


def admin_routes() -> list[Route]:
    return [
        Route("/transactions", book, methods=["POST"]),
        Route("/deliveries", deliveries, methods=["GET"]),
        Route("/deliveries/{delivery:int}", delivery, methods=["GET"]),
        Route("/deliveries/{delivery:int}/redeliver", redeliver, methods=["POST"]),
    ]
