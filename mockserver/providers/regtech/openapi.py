"""Regtech's operations, as data for the OpenAPI document at /regtech/openapi.json."""

from __future__ import annotations

from mockserver.core.openapi import Operation, Param, build_document, response
from mockserver.providers.regtech.models import (
    ErrorResponse,
    Invoice,
    InvoiceStatus,
    SendInvoiceResponse,
    TokenRequest,
    TokenResponse,
)

INVOICE_ID = Param(
    "customInvoiceId", "path", description="customInvoiceId used when sending invoice", required=True
)
UNAUTHORIZED = response("Missing, unknown or expired bearer token", ErrorResponse)
NOT_FOUND = response("No invoice with this customInvoiceId", ErrorResponse)


def _create(path: str, operation_id: str, summary: str) -> Operation:
    return Operation(
        "POST",
        path,
        operation_id,
        summary,
        tag="Invoice",
        request=Invoice,
        responses={
            201: response("Created", SendInvoiceResponse),
            400: response("Bad Request", ErrorResponse),
            401: UNAUTHORIZED,
            409: response("customInvoiceId already used", ErrorResponse),
            422: response("Validation Error", ErrorResponse),
        },
    )


OPERATIONS = [
    Operation(
        "POST",
        "/auth/token",
        "getToken",
        "Client credentials for a bearer token (3600 s, no refresh token). The real auth URL and request "
        "are not public; this shape is the sandbox's. The OAuth form (grant_type=client_credentials) works too.",
        tag="Authentication",
        request=TokenRequest,
        secured=False,
        responses={
            200: response("Token", TokenResponse),
            400: response("Malformed request", ErrorResponse),
            401: response("invalid_client", ErrorResponse),
        },
    ),
    _create("/invoice/create", "createInvoice", "Create and send invoice"),
    _create("/invoice", "postInvoice", "Create and send invoice (newer path)"),
    Operation(
        "GET",
        "/invoice/{customInvoiceId}/status",
        "getInvoiceStatus",
        "Get invoice status. Data key will be included only if the dictated event has happened.",
        tag="Invoice",
        params=(INVOICE_ID,),
        responses={200: response("Ok", InvoiceStatus), 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    Operation(
        "POST",
        "/invoice/{customInvoiceId}/send",
        "sendInvoice",
        "Send invoice to sms",
        tag="Invoice",
        params=(INVOICE_ID,),
        responses={
            200: response("Ok", SendInvoiceResponse),
            400: response("Already sent", ErrorResponse),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "GET",
        "/view/{key}/{viewId}",
        "viewInvoice",
        "The invoice page behind invoiceUrl (sandbox only). Viewing a sent invoice counts as opening it.",
        tag="Sandbox",
        secured=False,
        params=(Param("key", "path", required=True), Param("viewId", "path", required=True)),
        responses={
            200: response("The invoice", media_type="text/html"),
            404: response("Unknown link", media_type="text/html"),
        },
    ),
]


def document() -> dict:
    return build_document(
        title="Regtech partner Invoicing API (mockserver)",
        version="1.0.0",
        description="Invoicing Api for partners. This api is used to send invoices to customers and to query "
        "invoice status. Served by mockserver; see LIMITATIONS in its README.",
        server_url="/regtech",
        operations=OPERATIONS,
        security_schemes={"bearerAuth": {"type": "http", "scheme": "bearer"}},
    )
