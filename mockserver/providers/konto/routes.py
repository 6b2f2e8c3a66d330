"""Konto's 31 endpoints as data: slug, method, form model, the rule it calls, and the envelope.

Every handler does the same four things: read the form (query, urlencoded, multipart or JSON),
validate it with the endpoint's model, call one rule inside `Books.atomic`, and answer
`{"status": true, "message": ..., "result": ...}`. Errors are raised and rendered by the
provider's exception handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.core.providers import note_outbound, workspace_of
from mockserver.core.responses import JSONResponse
from mockserver.providers.konto import models as m
from mockserver.providers.konto.errors import (
    DATA_NOT_OBJECT,
    DataNotJson,
    InvalidField,
    KontoError,
    MissingField,
)
from mockserver.providers.konto.forms import Form, parse_request
from mockserver.providers.konto.rules import billing, customers, dashboard, invoices, items, ledger, recurring
from mockserver.providers.konto.rules.books import Books

SUCCESS = "Success"
HELLO = "Connection succeeded"


@dataclass(slots=True)
class Call:
    """What a rule gets for one request: the books, the validated form, uploads, its own URL."""

    books: Books
    form: BaseModel
    raw: Form
    url: str
    outbound: list


def envelope(**fields) -> Response:
    return JSONResponse({"status": True, "message": SUCCESS, **fields})


def failure(message: str) -> Response:
    return JSONResponse({"status": False, "message": message, "result": None})


def explain(error: ValidationError) -> KontoError:
    """The first thing wrong with a form, said the way a Konto user can act on it."""
    first = error.errors(include_url=False)[0]
    # Fields inside `data` are named as the docs name them: "items[0].qty", not "data.items[0].qty".
    loc = first["loc"][1:] if first["loc"][0] == "data" and len(first["loc"]) > 1 else first["loc"]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    if first["type"] == "missing":
        return MissingField(where)
    if first["type"] in ("json_invalid", "json_type"):
        return DataNotJson(first["msg"].removeprefix("Invalid JSON: "))
    if first["loc"] == ("data",) and first["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return KontoError(DATA_NOT_OBJECT)
    message = first["msg"].removeprefix("Value error, ")
    given = first.get("input")
    if isinstance(given, str | int | float) and not isinstance(given, bool) and len(str(given)) <= 60:
        message += f" (got {given!r})"
    return InvalidField(where, message)


def books_of(request: Request) -> Books:
    workspace = workspace_of(request)
    credentials = workspace.credentials.get("konto", {})
    return Books(
        workspace.state("konto"),
        workspace.clock.now(),
        credentials.get("username", ""),
        credentials.get("api_key", ""),
    )


def endpoint(slug: str, method: str, model: type[BaseModel], action: Callable[[Call], dict]) -> Route:
    async def handle(request: Request) -> Response:
        raw = parse_request(
            request.headers.get("content-type"), request.scope.get("query_string", b""), await request.body()
        )
        try:
            form = model.model_validate(raw.fields)
        except ValidationError as error:
            raise explain(error) from None
        call = Call(books_of(request), form, raw, str(request.url.replace(query="")), [])
        with call.books.atomic():
            reply = action(call)
        for message in call.outbound:
            note_outbound(request, message)
        return envelope(**reply)

    handle.__name__ = slug.replace("-", "_")
    return Route(f"/api/v1/{slug}", handle, methods=[method])


# -- actions: one rule each ----------------------------------------------------------------------


def created_invoice(call: Call, invoice: dict) -> dict:
    customer = call.books.table("customers").get(invoice["customer"]["guid"] or "")
    call.outbound.extend(invoices.outbound(invoice, customer))
    return {"result": invoice["guid"]}


def costs_page(call: Call) -> dict:
    form = call.form
    page = ledger.list_costs(call.books, form.accounting_status, form.limit, form.page)
    query = {"limit": page["limit"], "page": page["page"] + 1}
    if form.accounting_status:
        query["accounting_status"] = form.accounting_status
    next_url = f"{call.url}?{urlencode(query)}" if page["hasMore"] else None
    return {
        "result": page["rows"],
        "hasMore": page["hasMore"],
        "limit": page["limit"],
        "page": page["page"],
        "next_url": next_url,
    }


def save_invoice(call: Call) -> dict:
    invoice = billing.create_save_invoice(call.books, call.form.data)
    reply = created_invoice(call, invoice)
    return reply if call.form.data.create_type == "user" else {"result": None}


class RecurringOrUploadForm(m.CredentialsForm):
    """create-recurring-invoice's fields before it is known whether this is the documented upload."""


def recurring_action(call: Call) -> dict:
    """The docs' upload example posts its file to create-recurring-invoice; a request that
    carries a file and no data is taken as the upload it evidently is."""
    if "file" in call.raw.files and "data" not in call.raw.fields:
        return {"result": ledger.upload_file(call.books, call.raw.files["file"])}
    try:
        form = m.CreateRecurringForm.model_validate(call.raw.fields)
    except ValidationError as error:
        raise explain(error) from None
    return {"result": recurring.create_recurring(call.books, form.data)}


def update_bookkeeper(call: Call) -> dict:
    form = call.form
    return {
        "result": ledger.update_bookkeeper(
            call.books, form.guid, form.status, form.count_of_bookkeepers, form.instance_config
        )
    }


def update_invoice(call: Call) -> dict:
    return {"result": invoices.update_invoice(call.books, call.form.guid, call.form.data)}


def update_cost(call: Call) -> dict:
    return {"result": ledger.update_cost(call.books, call.form.guid, call.form.data)}


def delete_order(call: Call) -> dict:
    billing.delete_order(call.books, call.form.guid)
    return {"result": call.form.guid}


def _r(function: Callable) -> Callable[[Call], dict]:
    """An action whose rule's return value is the result."""
    return lambda call: {"result": function(call)}


ENDPOINTS: list[tuple[str, str, type[BaseModel], Callable[[Call], dict], str, str]] = [
    (
        "hello",
        "GET",
        m.CredentialsForm,
        lambda c: {"message": HELLO, **ledger.hello(c.books)},
        "Authentication",
        "Test the credentials; answers the account's name, kennitala and VAT number",
    ),
    (
        "get-customers",
        "GET",
        m.CustomerListForm,
        _r(lambda c: customers.list_customers(c.books, c.form.search, c.form.limit, c.form.page)),
        "Customer",
        "List customers; search by name, page with limit and page",
    ),
    (
        "get-count-customers",
        "GET",
        m.CustomerCountForm,
        _r(lambda c: customers.count_customers(c.books, c.form.search)),
        "Customer",
        "Count customers (matching search)",
    ),
    (
        "get-customer",
        "GET",
        m.GuidForm,
        _r(lambda c: customers.get_customer(c.books, c.form.guid)),
        "Customer",
        "One customer by guid",
    ),
    (
        "create-customer",
        "POST",
        m.CreateCustomerForm,
        _r(lambda c: customers.create_customer(c.books, c.form.data)),
        "Customer",
        "Create a customer; result is its guid",
    ),
    (
        "update-customer",
        "POST",
        m.UpdateCustomerForm,
        _r(lambda c: customers.update_customer(c.books, c.form.guid, c.form.data)),
        "Customer",
        "Update a customer",
    ),
    (
        "get-items",
        "GET",
        m.PageForm,
        _r(lambda c: items.list_items(c.books, c.form.limit, c.form.page)),
        "Item",
        "List items",
    ),
    (
        "get-count-items",
        "GET",
        m.CredentialsForm,
        _r(lambda c: items.count_items(c.books)),
        "Item",
        "Count items",
    ),
    (
        "get-item",
        "GET",
        m.GuidForm,
        _r(lambda c: items.get_item(c.books, c.form.guid)),
        "Item",
        "One item by guid",
    ),
    (
        "create-item",
        "POST",
        m.CreateItemForm,
        _r(lambda c: items.create_item(c.books, c.form.data)),
        "Item",
        "Create an item; result is its guid",
    ),
    (
        "update-item",
        "POST",
        m.UpdateItemForm,
        _r(lambda c: items.update_item(c.books, c.form.guid, c.form.data)),
        "Item",
        "Update an item",
    ),
    (
        "get-invoices",
        "GET",
        m.AccountingListForm,
        _r(lambda c: invoices.list_invoices(c.books, c.form.accounting_status, c.form.limit, c.form.page)),
        "Invoice",
        "List invoices, filtered by accounting_status",
    ),
    (
        "get-count-invoices",
        "GET",
        m.AccountingCountForm,
        _r(lambda c: invoices.count_invoices(c.books, c.form.accounting_status)),
        "Invoice",
        "Count invoices",
    ),
    (
        "get-invoice",
        "GET",
        m.GuidForm,
        _r(lambda c: invoices.get_invoice(c.books, c.form.guid)),
        "Invoice",
        "One invoice by guid, with its items and customer",
    ),
    (
        "update-invoice",
        "POST",
        m.UpdateAccountingForm,
        update_invoice,
        "Invoice",
        "Set accounting_status/accounting_message (and status Sent/Paid/Cancelled)",
    ),
    (
        "create-invoice",
        "POST",
        m.CreateInvoiceForm,
        lambda c: created_invoice(c, invoices.create_invoice(c.books, c.form.data)),
        "Invoice",
        "Create an invoice; amount must equal the total of its items",
    ),
    (
        "create-recurring-invoice",
        "POST",
        RecurringOrUploadForm,
        recurring_action,
        "Invoice",
        "Create a recurring invoice; the clock issues its invoices; result is the schedule's guid",
    ),
    (
        "upload-file",
        "POST",
        m.CredentialsForm,
        _r(lambda c: ledger.upload_file(c.books, c.raw.files.get("file"))),
        "Invoice",
        "Upload an attachment; result is the file id to list in an invoice's files",
    ),
    ("get-costs", "GET", m.AccountingListForm, costs_page, "Cost", "List costs, 10 per page by default"),
    (
        "get-count-costs",
        "GET",
        m.AccountingCountForm,
        _r(lambda c: ledger.count_costs(c.books, c.form.accounting_status)),
        "Cost",
        "Count costs",
    ),
    (
        "get-cost",
        "GET",
        m.GuidForm,
        _r(lambda c: ledger.get_cost(c.books, c.form.guid)),
        "Cost",
        "One cost by guid",
    ),
    (
        "update-cost",
        "POST",
        m.UpdateAccountingForm,
        update_cost,
        "Cost",
        "Set accounting_status/accounting_message",
    ),
    (
        "get-bookkeeper",
        "GET",
        m.GuidForm,
        _r(lambda c: ledger.get_bookkeeper(c.books, c.form.guid)),
        "Bookkeeper",
        "One bookkeeper by guid",
    ),
    (
        "get-tenant",
        "GET",
        m.GuidForm,
        _r(lambda c: ledger.get_tenant(c.books, c.form.guid)),
        "Bookkeeper",
        "One tenant by guid",
    ),
    (
        "update-bookkeeper",
        "POST",
        m.UpdateBookkeeperForm,
        update_bookkeeper,
        "Bookkeeper",
        "Update a bookkeeper's status, count_of_bookkeepers, instance_config",
    ),
    (
        "create-save-invoice",
        "POST",
        m.CreateSaveInvoiceForm,
        save_invoice,
        "Bill-to-Invoices",
        "Bill a Konto user by kennitala (result: guid) or anyone by e-mail (result: null)",
    ),
    (
        "create-order-invoice",
        "POST",
        m.CreateOrderForm,
        _r(lambda c: billing.create_order(c.books, c.form.data)),
        "Order Invoices",
        "Create an order invoice for a kennitala; result is the order's guid",
    ),
    (
        "update-order-invoice",
        "POST",
        m.UpdateOrderForm,
        _r(lambda c: billing.update_order(c.books, c.form.guid, c.form.data)),
        "Order Invoices",
        "Update an order; its unsent invoices are re-priced",
    ),
    (
        "delete-order-invoice",
        "POST",
        m.GuidForm,
        delete_order,
        "Order Invoices",
        "Delete an order; its unsent invoices are cancelled",
    ),
    (
        "get-invoices-from-order",
        "POST",
        m.GuidPageForm,
        _r(lambda c: billing.invoices_from_order(c.books, c.form.guid, c.form.limit, c.form.page)),
        "Order Invoices",
        "The invoices an order issued",
    ),
    (
        "get-dashboard-data",
        "POST",
        m.DashboardForm,
        _r(
            lambda c: dashboard.dashboard(
                c.books, c.form.start_date, c.form.end_date, c.form.limit, c.form.page
            )
        ),
        "Dashboard Data",
        "Issued invoices between start_date and end_date with totals, profit and margin",
    ),
]


def routes() -> list[Route]:
    return [endpoint(slug, method, model, action) for slug, method, model, action, _, _ in ENDPOINTS]
