"""Regtech's HTTP surface: parse with the models, call one rule, answer in the API's shapes."""

from __future__ import annotations

from datetime import datetime

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from mockserver.core.providers import external_url, workspace_of
from mockserver.core.responses import JSONResponse
from mockserver.providers.regtech import auth, errors, rules
from mockserver.providers.regtech.models import TokenResponse, parse_invoice
from mockserver.providers.regtech.view import not_found_page, render_invoice

NAME = "regtech"


def _authorized(request: Request) -> tuple[dict, datetime]:
    """The workspace's state and time, once the bearer token is known and alive."""
    workspace = workspace_of(request)
    state, now = workspace.state(NAME), workspace.clock.now()
    rules.check_token(state, auth.bearer_token(request.headers.get("authorization")), now)
    return state, now


async def _body(request: Request) -> object:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise errors.BodyNotJson from None


def invoice_url(request: Request, record: dict) -> str:
    """The link the recipient gets: served by this sandbox, wherever the client reached it."""
    client_id = workspace_of(request).credentials[NAME]["clientId"]
    return external_url(request, f"{auth.VIEW_PREFIX}{auth.route_key(client_id)}/{record['viewId']}")


def _sent_answer(request: Request, record: dict, status: int, message: str) -> Response:
    return JSONResponse(
        {"statusCode": str(status), "message": message, "invoiceUrl": invoice_url(request, record)}, status
    )


async def token(request: Request) -> Response:
    """POST /auth/token: client credentials for a bearer token that lives 3600 s."""
    workspace = workspace_of(request)
    ask = auth.read_token_request(
        request.headers.get("content-type"), request.headers.get("authorization"), await request.body()
    )
    if ask.problem is not None:
        raise ask.problem
    expected = workspace.credentials[NAME]
    if ask.client_id != expected["clientId"] or not auth.secret_matches(
        ask.client_secret, expected["clientSecret"]
    ):
        raise errors.InvalidClient
    issued = rules.issue_token(workspace.state(NAME), auth.route_key(ask.client_id), workspace.clock.now())
    answer = TokenResponse(access_token=issued, expires_in=rules.TOKEN_LIFETIME)
    return JSONResponse(answer.model_dump(), headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


async def create_invoice(request: Request) -> Response:
    """POST /invoice/create and /invoice: validate whole, store, and send unless createOnly."""
    state, now = _authorized(request)
    invoice = parse_invoice(await _body(request))
    record = rules.create_invoice(state, invoice, now)
    invoice_id = record["customInvoiceId"]
    if record["sentAt"] is None:
        message = f"Invoice {invoice_id} created; send it with POST /invoice/{invoice_id}/send"
    else:
        message = f"Invoice {invoice_id} created and sent"
    return _sent_answer(request, record, 201, message)


async def invoice_status(request: Request) -> Response:
    state, _ = _authorized(request)
    record = rules.find_invoice(state, request.path_params["customInvoiceId"])
    return JSONResponse(rules.invoice_status(record))


async def send_invoice(request: Request) -> Response:
    state, now = _authorized(request)
    record = rules.send_invoice(state, request.path_params["customInvoiceId"], now)
    return _sent_answer(request, record, 200, f"Invoice {record['customInvoiceId']} sent")


async def view_invoice(request: Request) -> Response:
    """The invoiceUrl page; no token, as the recipient has none. A GET counts as opening it."""
    workspace = workspace_of(request)
    state = workspace.state(NAME)
    view_id = request.path_params["viewId"]
    if request.method == "GET":
        record = rules.open_view(state, view_id, workspace.clock.now())
    else:
        record = state["invoices"].get(state["views"].get(view_id, ""))
    if record is None:
        return HTMLResponse(not_found_page(), status_code=404)
    return HTMLResponse(render_invoice(record), headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [
        Route(auth.TOKEN_PATH, token, methods=["POST"]),
        Route("/invoice/create", create_invoice, methods=["POST"]),
        Route("/invoice", create_invoice, methods=["POST"]),
        Route("/invoice/{customInvoiceId}/status", invoice_status, methods=["GET"]),
        Route("/invoice/{customInvoiceId}/send", send_invoice, methods=["POST"]),
        Route(auth.VIEW_PREFIX + "{key}/{viewId}", view_invoice, methods=["GET"]),
    ]
