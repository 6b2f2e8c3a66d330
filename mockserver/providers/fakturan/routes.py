"""Fakturan's HTTP surface under /api/v2: parse, call one rule, render the envelope."""

from __future__ import annotations

import math
from decimal import Decimal

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.core.providers import external_url, note_outbound, provider_path, workspace_of
from mockserver.core.store import Tables
from mockserver.providers.fakturan import models
from mockserver.providers.fakturan.errors import BadRequest, ValidationFailed, json_response
from mockserver.providers.fakturan.rules import clients, invoices, payments, products
from mockserver.providers.fakturan.rules.common import Errors, parse, parse_date

V2 = "/api/v2"
DEFAULT_PER_PAGE, MAX_PER_PAGE = 30, 100


def state(request: Request) -> dict:
    return workspace_of(request).state("fakturan")


def all_of(request: Request, table: str) -> list[dict]:
    return list(Tables(state(request)).all(table))


async def body_of(request: Request, model):
    """The JSON body parsed into `model` (Rails ignores a body that is not an object)."""
    raw = await request.body()
    try:
        data = orjson.loads(raw) if raw.strip() else {}
    except orjson.JSONDecodeError:
        raise BadRequest from None
    errors = Errors()
    parsed = parse(model, data if isinstance(data, dict) else {}, errors)
    return parsed, errors


def listing(request: Request, documents: list, resource, *, filters: tuple, sorts: tuple) -> Response:
    """Filter, sort and page a list the way Fakturan's index actions do."""
    query = request.query_params
    given = {name: query[name] for name in filters if query.get(name)}
    for name in ("start_date", "end_date"):
        if name in given and parse_date(given[name]) is None:
            raise ValidationFailed({name: [{"error": "invalid"}]})
    if "start_date" in given and "end_date" not in given:
        given["end_date"] = workspace_of(request).clock.today().isoformat()
    shown = [resource.render(doc) for doc in documents if resource.matches(doc, given)]
    for field in reversed([f.strip() for f in query.get("sort", "").split(",") if f.strip()]):
        name = field.lstrip("+-")
        if name not in sorts:
            raise ValidationFailed({"sort": [{"error": "inclusion", "value": name}]})
        shown.sort(key=lambda doc, n=name: _sort_key(doc[n], n), reverse=field.startswith("-"))
    return page(request, shown)


def _sort_key(value, name: str):
    if name == "price":
        return Decimal(value)
    return (value or "").lower() if isinstance(value, str) or value is None else value


def page(request: Request, shown: list) -> Response:
    """One page of already rendered documents, with Fakturan's paging block."""
    query = request.query_params
    per_page = min(_positive(query.get("per_page"), DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total_pages = max(1, math.ceil(len(shown) / per_page))
    current = _positive(query.get("page"), 1)
    start = (current - 1) * per_page

    def link(number: int) -> str:
        query = request.url.include_query_params(page=number, per_page=per_page).query
        return f"{external_url(request, provider_path(request))}?{query}"

    return json_response(
        {
            "data": shown[start : start + per_page],
            "paging": {
                "total_pages": total_pages,
                "current_page": current,
                "next": link(current + 1) if current < total_pages else None,
                "previous": link(current - 1) if 1 < current <= total_pages + 1 else None,
            },
        }
    )


def _positive(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and int(text) > 0 else default


def created(request: Request, collection: str, document: dict, render) -> Response:
    location = external_url(request, f"{V2}/{collection}/{document['id']}")
    return json_response({"data": render(document)}, 201, headers={"Location": location})


def no_content() -> Response:
    return Response(status_code=204)


# -- clients ---------------------------------------------------------------------------------------


async def list_clients(request: Request) -> Response:
    documents = all_of(request, "clients")
    return listing(
        request, documents, clients, filters=("number", "org_number", "email"), sorts=("number", "name")
    )


async def show_client(request: Request) -> Response:
    return json_response({"data": clients.render(clients.get(state(request), request.path_params["id"]))})


async def create_client(request: Request) -> Response:
    data, errors = await body_of(request, models.ClientInput)
    return created(request, "clients", clients.create(state(request), data, errors), clients.render)


async def update_client(request: Request) -> Response:
    clients.get(state(request), request.path_params["id"])
    data, errors = await body_of(request, models.ClientInput)
    clients.update(state(request), request.path_params["id"], data, errors)
    return no_content()


# -- products --------------------------------------------------------------------------------------


async def list_products(request: Request) -> Response:
    documents = all_of(request, "products")
    return listing(
        request,
        documents,
        products,
        filters=("product_code", "name"),
        sorts=("name", "product_code", "price"),
    )


async def show_product(request: Request) -> Response:
    return json_response({"data": products.render(products.get(state(request), request.path_params["id"]))})


async def create_product(request: Request) -> Response:
    data, errors = await body_of(request, models.ProductInput)
    return created(request, "products", products.create(state(request), data, errors), products.render)


async def update_product(request: Request) -> Response:
    products.get(state(request), request.path_params["id"])
    data, errors = await body_of(request, models.ProductInput)
    products.update(state(request), request.path_params["id"], data, errors)
    return no_content()


async def delete_product(request: Request) -> Response:
    products.delete(state(request), request.path_params["id"])
    return no_content()


# -- invoices --------------------------------------------------------------------------------------


async def list_invoices(request: Request) -> Response:
    documents = all_of(request, "invoices")
    return listing(
        request,
        documents,
        invoices,
        filters=("number", "client_id", "start_date", "end_date"),
        sorts=("number", "date"),
    )


async def show_invoice(request: Request) -> Response:
    return json_response({"data": invoices.render(invoices.get(state(request), request.path_params["id"]))})


async def create_invoice(request: Request) -> Response:
    data, errors = await body_of(request, models.InvoiceInput)
    today = workspace_of(request).clock.today()
    return created(request, "invoices", invoices.create(state(request), data, errors, today), invoices.render)


async def update_invoice(request: Request) -> Response:
    invoices.get(state(request), request.path_params["id"])
    data, errors = await body_of(request, models.InvoiceInput)
    invoices.update(
        state(request), request.path_params["id"], data, errors, workspace_of(request).clock.today()
    )
    return no_content()


async def send_invoice(request: Request) -> Response:
    invoice = invoices.get(state(request), request.path_params["id"])
    data, errors = await body_of(request, models.SendInput)
    errors.raise_if_any()
    delivery = invoices.send(state(request), invoice["id"], data, workspace_of(request).clock.today())
    note_outbound(request, {"provider": "fakturan", **delivery})
    return json_response({"data": invoices.render(invoice)})


# -- payments --------------------------------------------------------------------------------------


async def list_payments(request: Request) -> Response:
    found = payments.of_invoice(state(request), request.path_params["id"])
    return page(request, [payments.render(payment) for payment in found])


async def create_payment(request: Request) -> Response:
    invoices.get(state(request), request.path_params["id"])
    data, errors = await body_of(request, models.PaymentInput)
    errors.raise_if_any()
    payment = payments.create(state(request), request.path_params["id"], data)
    return json_response({"data": payments.render(payment)}, 201)


ROUTES = [
    Route(f"{V2}/clients", list_clients, methods=["GET"]),
    Route(f"{V2}/clients", create_client, methods=["POST"]),
    Route(f"{V2}/clients/{{id:int}}", show_client, methods=["GET"]),
    Route(f"{V2}/clients/{{id:int}}", update_client, methods=["PUT", "PATCH"]),
    Route(f"{V2}/products", list_products, methods=["GET"]),
    Route(f"{V2}/products", create_product, methods=["POST"]),
    Route(f"{V2}/products/{{id:int}}", show_product, methods=["GET"]),
    Route(f"{V2}/products/{{id:int}}", update_product, methods=["PUT", "PATCH"]),
    Route(f"{V2}/products/{{id:int}}", delete_product, methods=["DELETE"]),
    Route(f"{V2}/invoices", list_invoices, methods=["GET"]),
    Route(f"{V2}/invoices", create_invoice, methods=["POST"]),
    Route(f"{V2}/invoices/{{id:int}}", show_invoice, methods=["GET"]),
    Route(f"{V2}/invoices/{{id:int}}", update_invoice, methods=["PUT", "PATCH"]),
    Route(f"{V2}/invoices/{{id:int}}/send", send_invoice, methods=["POST"]),
    Route(f"{V2}/invoices/{{id:int}}/payments", list_payments, methods=["GET"]),
    Route(f"{V2}/invoices/{{id:int}}/payments", create_payment, methods=["POST"]),
]
