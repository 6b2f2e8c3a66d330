"""Regtech's operations: one declaration per route, its rule, and the dialect that reads
requests for them and writes their answers.

The dialect is strict and reports everything: a secured operation first checks the bearer
token (the one the gateway read, against the workspace's tokens), then the body must be JSON and
valid as a whole, every failing field named in one 422 (`models.parse_invoice`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import orjson
from starlette.responses import HTMLResponse, Response

from mockserver.core.auth import presented_bearer, route_key
from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation, Param, answer
from mockserver.core.responses import JSONResponse
from mockserver.providers.regtech import auth, errors, rules
from mockserver.providers.regtech.models import (
    CHANNEL_FIELDS,
    SEND_TYPES,
    ErrorResponse,
    Invoice,
    InvoiceStatus,
    SendInvoiceResponse,
    TokenRequest,
    TokenResponse,
    parse_invoice,
)
from mockserver.providers.regtech.view import not_found_page, render_invoice

NO_CACHE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
ARGUMENTS = {"customInvoiceId": "invoice_id", "viewId": "view_id"}  # path name -> rule argument


@dataclass(frozen=True)
class Sent:
    """An invoice created or sent, answered with its link and what happened to it."""

    record: dict
    message: str


class RegtechDialect:
    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
        if operation.secured:
            rules.check_token(call.store, presented_bearer(incoming), call.now())
        arguments = {ARGUMENTS.get(name, name): value for name, value in params.items()}
        if operation.body is TokenRequest:
            ask = auth.token_request(incoming)
            if ask.problem is not None:
                raise ask.problem
            arguments["ask"] = ask
        elif operation.body is Invoice:
            try:
                data = orjson.loads(incoming.body)
            except orjson.JSONDecodeError:
                raise errors.BodyNotJson from None
            arguments["invoice"] = parse_invoice(data)
        return arguments

    def answer(self, operation: Operation, result: Any, call: Call) -> Response:
        if isinstance(result, Sent):
            result = {
                "statusCode": str(operation.status),
                "message": result.message,
                "invoiceUrl": invoice_url(call, result.record),
            }
        return JSONResponse(result, operation.status, operation.options.get("headers"))


def invoice_url(call: Call, record: dict) -> str:
    """The link the recipient gets: served by this sandbox, wherever the client reached it."""
    return call.link(f"{auth.VIEW_PREFIX}{route_key(call.credentials['clientId'])}/{record['viewId']}")


def delivery(call: Call, record: dict) -> dict:
    """What the sandbox would have sent the recipient, for the outbox: the channel of
    invoiceSendType, the recipient's address on it, the SMS text and the link."""
    invoice = record["invoice"]
    recipient, send_type = invoice["recipientDetails"], invoice["invoiceDetails"]["invoiceSendType"]
    to = [recipient.get(name) for name in CHANNEL_FIELDS.get(send_type, ("phoneNumber",))]
    message = {
        "method": SEND_TYPES[send_type],
        "to": ", ".join(part for part in to if part),
        "customInvoiceId": record["customInvoiceId"],
        "invoiceUrl": invoice_url(call, record),
    }
    if invoice.get("smsDetails"):
        message["text"] = invoice["smsDetails"]["freeText"]
    return message


# -- rules ----------------------------------------------------------------------------------------


def get_token(call: Call, ask: auth.TokenAsk) -> dict:
    """Client credentials for a bearer token that lives 3600 s."""
    expected = call.credentials
    if ask.client_id != expected["clientId"] or not auth.secret_matches(
        ask.client_secret or "", expected["clientSecret"]
    ):
        raise errors.InvalidClient
    issued = rules.issue_token(call.store, route_key(ask.client_id), call.now())
    return TokenResponse(access_token=issued, expires_in=rules.TOKEN_LIFETIME).model_dump()


def create_invoice(call: Call, invoice: Invoice) -> Sent:
    """Store the validated invoice, and send it unless createOnly."""
    record = rules.create_invoice(call.store, invoice, call.now())
    invoice_id = record["customInvoiceId"]
    if record["sentAt"] is None:
        return Sent(record, f"Invoice {invoice_id} created; send it with POST /invoice/{invoice_id}/send")
    call.send(delivery(call, record))
    return Sent(record, f"Invoice {invoice_id} created and sent")


def invoice_status(call: Call, invoice_id: str) -> dict:
    return rules.invoice_status(rules.find_invoice(call.store, invoice_id))


def send_invoice(call: Call, invoice_id: str) -> Sent:
    record = rules.send_invoice(call.store, invoice_id, call.now())
    call.send(delivery(call, record))
    return Sent(record, f"Invoice {invoice_id} sent")


def view_invoice(call: Call, key: str, view_id: str) -> dict | None:
    """The invoice behind invoiceUrl; following the link opens a sent invoice. `key` found the
    workspace already."""
    return rules.open_view(call.store, view_id, call.now())


def peek_invoice(call: Call, key: str, view_id: str) -> dict | None:
    """HEAD of the invoice page: whether the link is good, without opening the invoice."""
    return rules.viewed(call.store, view_id)


def invoice_page(operation: Operation, record: dict | None, call: Call) -> Response:
    """The page a recipient sees, or the page saying the link is not valid."""
    if record is None:
        return HTMLResponse(not_found_page(), status_code=404)
    return HTMLResponse(render_invoice(record), headers={"Cache-Control": "no-store"})


# -- declarations ---------------------------------------------------------------------------------

INVOICE_ID = Param(
    "customInvoiceId", "path", description="customInvoiceId used when sending invoice", required=True
)
UNAUTHORIZED = answer("Missing, unknown or expired bearer token", ErrorResponse)
NOT_FOUND = answer("No invoice with this customInvoiceId", ErrorResponse)
VIEW = "/view/{key}/{viewId}"
VIEW_SUMMARY = (
    "The invoice page behind invoiceUrl (sandbox only). Viewing a sent invoice counts as opening it."
)


def _create(path: str, operation_id: str, summary: str) -> Operation:
    return Operation(
        "POST",
        path,
        create_invoice,
        summary,
        operation_id=operation_id,
        tag="Invoice",
        body=Invoice,
        status=201,
        response=SendInvoiceResponse,
        returns="Created",
        errors={
            400: answer("Bad Request", ErrorResponse),
            401: UNAUTHORIZED,
            409: answer("customInvoiceId already used", ErrorResponse),
            422: answer("Validation Error", ErrorResponse),
        },
    )


_STATUS = Operation(
    "GET",
    "/invoice/{customInvoiceId}/status",
    invoice_status,
    "Get invoice status. Data key will be included only if the dictated event has happened.",
    operation_id="getInvoiceStatus",
    tag="Invoice",
    params=(INVOICE_ID,),
    response=InvoiceStatus,
    returns="Ok",
    errors={401: UNAUTHORIZED, 404: NOT_FOUND},
)
_VIEW = Operation(
    "GET",
    VIEW,
    view_invoice,
    VIEW_SUMMARY,
    operation_id="viewInvoice",
    tag="Sandbox",
    secured=False,
    media_type="text/html",
    returns="The invoice",
    errors={404: answer("Unknown link", media_type="text/html")},
    write=invoice_page,
)

OPERATIONS = [
    Operation(
        "POST",
        auth.TOKEN_PATH,
        get_token,
        "Client credentials for a bearer token (3600 s, no refresh token). The real auth URL and request "
        "are not public; this shape is the sandbox's. The OAuth form (grant_type=client_credentials) works too.",
        operation_id="getToken",
        tag="Authentication",
        body=TokenRequest,
        secured=False,
        response=TokenResponse,
        returns="Token",
        errors={
            400: answer("Malformed request", ErrorResponse),
            401: answer("invalid_client", ErrorResponse),
        },
        options={"headers": NO_CACHE},
    ),
    _create("/invoice/create", "createInvoice", "Create and send invoice"),
    _create("/invoice", "postInvoice", "Create and send invoice (newer path)"),
    _STATUS,
    Operation(
        "POST",
        "/invoice/{customInvoiceId}/send",
        send_invoice,
        "Send invoice to sms",
        operation_id="sendInvoice",
        tag="Invoice",
        params=(INVOICE_ID,),
        response=SendInvoiceResponse,
        returns="Ok",
        errors={
            400: answer("Already sent", ErrorResponse),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    ),
    _VIEW,
    # Starlette answered HEAD wherever it answered GET; the sandbox still does, documented.
    replace(
        _STATUS,
        method="HEAD",
        summary="Whether the invoice is known: the status answer's headers, without its body.",
        operation_id="headInvoiceStatus",
        response=None,
    ),
    replace(
        _VIEW,
        method="HEAD",
        rule=peek_invoice,
        summary="The invoice page's headers (sandbox only); does not count as opening the invoice.",
        operation_id="headViewInvoice",
    ),
]
