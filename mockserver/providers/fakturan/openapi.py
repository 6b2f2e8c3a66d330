"""Fakturan's operations as data, turned into its OpenAPI document by core.openapi."""

from __future__ import annotations

from mockserver.core.openapi import Operation, Param, build_document, response
from mockserver.providers.fakturan import models as m

PAGING = (
    Param("page", schema={"type": "integer", "minimum": 1}),
    Param("per_page", schema={"type": "integer", "minimum": 1, "maximum": 100}, description="default 30"),
)
SORT = "Comma-separated fields, each prefixed + (ascending) or - (descending): "
UNAUTHORIZED = {401: response("HTTP Basic: Access denied.", None, "text/html")}
NOT_FOUND = {404: response('{"error":"404 Not Found"}', m.ErrorMessage)}
INVALID = {422: response("validation errors per field", m.ValidationErrors)}
V2 = "/api/v2"


def _crud(
    tag: str,
    path: str,
    singular: str,
    *,
    envelope,
    listing,
    model,
    filters: tuple,
    sorts: str,
    delete: bool = False,
) -> list[Operation]:
    item = f"{path}/{{id}}"
    operations = [
        Operation(
            "GET",
            path,
            f"list_{tag}",
            f"List {tag}",
            tag,
            (*filters, Param("sort", description=SORT + sorts), *PAGING),
            responses={200: response("a page", listing), **UNAUTHORIZED},
        ),
        Operation(
            "POST",
            path,
            f"create_{singular}",
            f"Create a {singular}",
            tag,
            request=model,
            responses={201: response("created; Location names it", envelope), **UNAUTHORIZED, **INVALID},
        ),
        Operation(
            "GET",
            item,
            f"show_{singular}",
            f"Show a {singular}",
            tag,
            responses={200: response("found", envelope), **UNAUTHORIZED, **NOT_FOUND},
        ),
        Operation(
            "PUT",
            item,
            f"update_{singular}",
            f"Update a {singular}",
            tag,
            request=model,
            responses={204: response("updated"), **UNAUTHORIZED, **NOT_FOUND, **INVALID},
        ),
    ]
    if delete:
        operations.append(
            Operation(
                "DELETE",
                item,
                f"delete_{singular}",
                f"Delete a {singular}",
                tag,
                responses={204: response("deleted"), **UNAUTHORIZED, **NOT_FOUND},
            )
        )
    return operations


OPERATIONS = [
    *_crud(
        "clients",
        f"{V2}/clients",
        "client",
        envelope=m.ClientEnvelope,
        listing=m.ClientList,
        model=m.ClientInput,
        filters=(Param("number"), Param("org_number"), Param("email")),
        sorts="number, name",
    ),
    *_crud(
        "products",
        f"{V2}/products",
        "product",
        envelope=m.ProductEnvelope,
        listing=m.ProductList,
        model=m.ProductInput,
        filters=(Param("product_code"), Param("name")),
        sorts="name, product_code, price",
        delete=True,
    ),
    *_crud(
        "invoices",
        f"{V2}/invoices",
        "invoice",
        envelope=m.InvoiceEnvelope,
        listing=m.InvoiceList,
        model=m.InvoiceInput,
        filters=(
            Param("number"),
            Param("client_id"),
            Param("start_date", schema={"type": "string", "format": "date"}),
            Param("end_date", schema={"type": "string", "format": "date"}),
        ),
        sorts="number, date",
    ),
    Operation(
        "POST",
        f"{V2}/invoices/{{id}}/send",
        "send_invoice",
        "Send an invoice",
        "invoices",
        request=m.SendInput,
        responses={
            200: response(
                "sent (the sandbox sends nothing; the journal shows what would have gone out)",
                m.InvoiceEnvelope,
            ),
            422: response("no usable recipient", m.ErrorMessage),
            **UNAUTHORIZED,
            **NOT_FOUND,
        },
    ),
    Operation(
        "GET",
        f"{V2}/invoices/{{id}}/payments",
        "list_payments",
        "List payments",
        "payments",
        PAGING,
        responses={200: response("a page", m.PaymentList), **UNAUTHORIZED, **NOT_FOUND},
    ),
    Operation(
        "POST",
        f"{V2}/invoices/{{id}}/payments",
        "create_payment",
        "Add a payment",
        "payments",
        request=m.PaymentInput,
        responses={201: response("created", m.PaymentEnvelope), **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    ),
]


def document() -> dict:
    return build_document(
        title="Fakturan.nu API v2 (mockserver)",
        version="2",
        description="Fakturan.nu's invoicing API as emulated by mockserver. Basic auth: API key id and secret.",
        server_url="/fakturan",
        operations=OPERATIONS,
        security_schemes={"basic": {"type": "http", "scheme": "basic"}},
    )
