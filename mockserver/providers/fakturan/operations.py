"""Fakturan's operations under /api/v2: one declaration each, routed and documented from here."""

from __future__ import annotations

from mockserver.core.operations import Operation, Param, answer
from mockserver.providers.fakturan import models as m
from mockserver.providers.fakturan.rules import clients, invoices, payments, products

V2 = "/api/v2"
PAGING = (
    Param("page", schema={"type": "integer", "minimum": 1}),
    Param("per_page", schema={"type": "integer", "minimum": 1, "maximum": 100}, description="default 30"),
)
SORT = "Comma-separated fields, each prefixed + (ascending) or - (descending): "
UNAUTHORIZED = {401: answer("HTTP Basic: Access denied.", None, "text/html")}
NOT_FOUND = {404: answer('{"error":"404 Not Found"}', m.ErrorMessage)}
INVALID = {422: answer("validation errors per field", m.ValidationErrors)}
# Rails refuses a body that is not JSON before any controller runs.
NOT_JSON = {400: answer('the body is not JSON: {"error":"400 Bad Request"}', m.ErrorMessage)}
LISTING = {"listing": True}


def _resource(
    tag: str,
    singular: str,
    module,
    *,
    envelope,
    listing,
    model,
    filters: tuple[Param, ...],
    sorts: str,
    delete: bool = False,
) -> list[Operation]:
    """The index, create, show, update (PUT and PATCH) and optional delete of one resource."""
    path, item = f"{V2}/{tag}", f"{V2}/{tag}/{{id:int}}"

    def rule(name: str):
        return getattr(module, name)

    update = {
        "rule": rule(f"update_{singular}"),
        "body": model,
        "status": 204,
        "returns": "updated",
        "tag": tag,
        "errors": {**NOT_JSON, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    }
    operations = [
        Operation(
            "GET",
            path,
            rule(f"list_{tag}"),
            f"List {tag}",
            tag=tag,
            params=(*filters, Param("sort", description=SORT + sorts), *PAGING),
            response=listing,
            returns="a page",
            # an unknown sort field or a date filter that is not a date
            errors={**UNAUTHORIZED, **INVALID},
            options=LISTING,
        ),
        Operation(
            "POST",
            path,
            rule(f"create_{singular}"),
            f"Create a {singular}",
            tag=tag,
            body=model,
            status=201,
            response=envelope,
            returns="created; Location names it",
            errors={**NOT_JSON, **UNAUTHORIZED, **INVALID},
            options={"location": f"{V2}/{tag}/{{id}}"},
        ),
        Operation(
            "GET",
            item,
            rule(f"show_{singular}"),
            f"Show a {singular}",
            tag=tag,
            response=envelope,
            returns="found",
            errors={**UNAUTHORIZED, **NOT_FOUND},
        ),
        Operation("PUT", item, summary=f"Update a {singular}", **update),
        Operation(
            "PATCH",
            item,
            summary=f"Update some fields of a {singular}",
            operation_id=f"patch_{singular}",
            **update,
        ),
    ]
    if delete:
        operations.append(
            Operation(
                "DELETE",
                item,
                rule(f"delete_{singular}"),
                f"Delete a {singular}",
                tag=tag,
                status=204,
                returns="deleted",
                errors={**UNAUTHORIZED, **NOT_FOUND},
            )
        )
    return operations


OPERATIONS = [
    *_resource(
        "clients",
        "client",
        clients,
        envelope=m.ClientEnvelope,
        listing=m.ClientList,
        model=m.ClientInput,
        filters=(Param("number"), Param("org_number"), Param("email")),
        sorts="number, name",
    ),
    *_resource(
        "products",
        "product",
        products,
        envelope=m.ProductEnvelope,
        listing=m.ProductList,
        model=m.ProductInput,
        filters=(Param("product_code"), Param("name")),
        sorts="name, product_code, price",
        delete=True,
    ),
    *_resource(
        "invoices",
        "invoice",
        invoices,
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
        f"{V2}/invoices/{{id:int}}/send",
        invoices.send_invoice,
        "Send an invoice",
        tag="invoices",
        body=m.SendInput,
        response=m.InvoiceEnvelope,
        returns="sent (the sandbox sends nothing; the outbox shows what would have gone out)",
        errors={
            **NOT_JSON,
            422: answer(
                "a field of the body is invalid (per field, as everywhere), or the invoice has no "
                "usable recipient (a sentence)",
                m.ValidationErrors | m.ErrorMessage,
            ),
            **UNAUTHORIZED,
            **NOT_FOUND,
        },
    ),
    Operation(
        "GET",
        f"{V2}/invoices/{{id:int}}/payments",
        payments.list_payments,
        "List payments",
        tag="payments",
        params=PAGING,
        response=m.PaymentList,
        returns="a page",
        errors={**UNAUTHORIZED, **NOT_FOUND},
        options=LISTING,
    ),
    Operation(
        "POST",
        f"{V2}/invoices/{{id:int}}/payments",
        payments.create_payment,
        "Add a payment",
        tag="payments",
        body=m.PaymentInput,
        status=201,
        response=m.PaymentEnvelope,
        returns="created",
        errors={**NOT_JSON, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    ),
]
