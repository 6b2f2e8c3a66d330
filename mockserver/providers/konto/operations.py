"""Konto's 31 endpoints, one declaration each, and the rule each one calls.

Every declaration names its slug (path and operationId), method, form model (which validates
the request and documents it), result model and summary; routing and the OpenAPI document are
both read from this table. A rule gets the `Call` and the validated form, and hands back the
envelope's `result`. Adding an endpoint: one `Operation` here, one rule below it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from mockserver.core.operations import Call, Operation
from mockserver.providers.konto import models as m
from mockserver.providers.konto import results as r
from mockserver.providers.konto.dialect import read_recurring_or_upload, read_upload
from mockserver.providers.konto.forms import Upload
from mockserver.providers.konto.models import RecurringInvoiceData
from mockserver.providers.konto.rules import billing, customers, dashboard, invoices, items, ledger, recurring
from mockserver.providers.konto.rules.books import Books

HELLO = "Connection succeeded"
# What every Konto operation shares on the wire: a form (multipart as the docs send it), HTTP
# 200 whatever happens, and credentials inside the form rather than a security scheme.
FORM = {
    "body_media_type": "multipart/form-data",
    "returns": "Always HTTP 200; see status and message",
    "secured": False,
}
FIELDS = {"envelope": "fields"}  # the rule gives the envelope's fields, not just its result


# -- rules: one per endpoint ---------------------------------------------------------------------


def hello(call: Call, form: m.CredentialsForm) -> dict:
    return {"message": HELLO, **ledger.hello(Books.of(call))}


def get_customers(call: Call, form: m.CustomerListForm) -> list:
    return customers.list_customers(Books.of(call), form.search, form.limit, form.page)


def get_count_customers(call: Call, form: m.CustomerCountForm) -> int:
    return customers.count_customers(Books.of(call), form.search)


def get_customer(call: Call, form: m.GuidForm) -> dict:
    return customers.get_customer(Books.of(call), form.guid)


def create_customer(call: Call, form: m.CreateCustomerForm) -> str:
    return customers.create_customer(Books.of(call), form.data)


def update_customer(call: Call, form: m.UpdateCustomerForm) -> str:
    return customers.update_customer(Books.of(call), form.guid, form.data)


def get_items(call: Call, form: m.PageForm) -> list:
    return items.list_items(Books.of(call), form.limit, form.page)


def get_count_items(call: Call, form: m.CredentialsForm) -> int:
    return items.count_items(Books.of(call))


def get_item(call: Call, form: m.GuidForm) -> dict:
    return items.get_item(Books.of(call), form.guid)


def create_item(call: Call, form: m.CreateItemForm) -> str:
    return items.create_item(Books.of(call), form.data)


def update_item(call: Call, form: m.UpdateItemForm) -> str:
    return items.update_item(Books.of(call), form.guid, form.data)


def get_invoices(call: Call, form: m.AccountingListForm) -> list:
    return invoices.list_invoices(Books.of(call), form.accounting_status, form.limit, form.page)


def get_count_invoices(call: Call, form: m.AccountingCountForm) -> int:
    return invoices.count_invoices(Books.of(call), form.accounting_status)


def get_invoice(call: Call, form: m.GuidForm) -> dict:
    return invoices.get_invoice(Books.of(call), form.guid)


def update_invoice(call: Call, form: m.UpdateAccountingForm) -> str:
    return invoices.update_invoice(Books.of(call), form.guid, form.data)


def sent(call: Call, books: Books, invoice: dict) -> str:
    """A new invoice's guid, with what Konto sends when it goes out put in the outbox."""
    customer = books.table("customers").get(invoice["customer"]["guid"] or "")
    for message in invoices.outbound(invoice, customer):
        call.send(message)
    return invoice["guid"]


def create_invoice(call: Call, form: m.CreateInvoiceForm) -> str:
    books = Books.of(call)
    return sent(call, books, invoices.create_invoice(books, form.data))


def create_recurring_invoice(
    call: Call, data: RecurringInvoiceData | None = None, upload: Upload | None = None
) -> str | int:
    if data is None:
        return ledger.upload_file(Books.of(call), upload)
    return recurring.create_recurring(Books.of(call), data)


def upload_file(call: Call, upload: Upload | None) -> int:
    return ledger.upload_file(Books.of(call), upload)


def get_costs(call: Call, form: m.AccountingListForm) -> dict:
    page = ledger.list_costs(Books.of(call), form.accounting_status, form.limit, form.page)
    query = {"limit": page["limit"], "page": page["page"] + 1}
    if form.accounting_status:
        query["accounting_status"] = form.accounting_status
    return {
        "result": page["rows"],
        "hasMore": page["hasMore"],
        "limit": page["limit"],
        "page": page["page"],
        "next_url": call.link(call.path, urlencode(query)) if page["hasMore"] else None,
    }


def get_count_costs(call: Call, form: m.AccountingCountForm) -> int:
    return ledger.count_costs(Books.of(call), form.accounting_status)


def get_cost(call: Call, form: m.GuidForm) -> dict:
    return ledger.get_cost(Books.of(call), form.guid)


def update_cost(call: Call, form: m.UpdateAccountingForm) -> str:
    return ledger.update_cost(Books.of(call), form.guid, form.data)


def get_bookkeeper(call: Call, form: m.GuidForm) -> dict:
    return ledger.get_bookkeeper(Books.of(call), form.guid)


def get_tenant(call: Call, form: m.GuidForm) -> dict:
    return ledger.get_tenant(Books.of(call), form.guid)


def update_bookkeeper(call: Call, form: m.UpdateBookkeeperForm) -> str:
    return ledger.update_bookkeeper(
        Books.of(call), form.guid, form.status, form.count_of_bookkeepers, form.instance_config
    )


def create_save_invoice(call: Call, form: m.CreateSaveInvoiceForm) -> str | None:
    """A guid for an invoice billed to a Konto user; null for one sent by e-mail (the docs
    promise a guid only for "user")."""
    books = Books.of(call)
    guid = sent(call, books, billing.create_save_invoice(books, form.data))
    return guid if form.data.create_type == "user" else None


def create_order_invoice(call: Call, form: m.CreateOrderForm) -> str:
    return billing.create_order(Books.of(call), form.data)


def update_order_invoice(call: Call, form: m.UpdateOrderForm) -> str:
    return billing.update_order(Books.of(call), form.guid, form.data)


def delete_order_invoice(call: Call, form: m.GuidForm) -> str:
    billing.delete_order(Books.of(call), form.guid)
    return form.guid


def get_invoices_from_order(call: Call, form: m.GuidPageForm) -> list:
    return billing.invoices_from_order(Books.of(call), form.guid, form.limit, form.page)


def get_dashboard_data(call: Call, form: m.DashboardForm) -> list:
    return dashboard.dashboard(Books.of(call), form.start_date, form.end_date, form.limit, form.page)


# -- the table -------------------------------------------------------------------------------------


def op(
    method: str, slug: str, rule, summary: str, tag: str, form, response=r.Envelope[str], **more
) -> Operation:
    """One Konto endpoint: `/api/v1/<slug>`, its form, its result, said the way all of them are."""
    return Operation(
        method,
        f"/api/v1/{slug}",
        rule,
        summary,
        operation_id=slug,
        tag=tag,
        body=form,
        response=response,
        **FORM,
        **more,
    )


OPERATIONS: list[Operation] = [
    op(
        "GET",
        "hello",
        hello,
        "Test the credentials; answers the account's name, kennitala and VAT number",
        "Authentication",
        m.CredentialsForm,
        r.Hello,
        options=FIELDS,
    ),
    op(
        "GET",
        "get-customers",
        get_customers,
        "List customers; search by name, page with limit and page",
        "Customer",
        m.CustomerListForm,
        r.Envelope[list[r.Customer]],
    ),
    op(
        "GET",
        "get-count-customers",
        get_count_customers,
        "Count customers (matching search)",
        "Customer",
        m.CustomerCountForm,
        r.Envelope[int],
    ),
    op(
        "GET",
        "get-customer",
        get_customer,
        "One customer by guid",
        "Customer",
        m.GuidForm,
        r.Envelope[r.Customer],
    ),
    op(
        "POST",
        "create-customer",
        create_customer,
        "Create a customer; result is its guid",
        "Customer",
        m.CreateCustomerForm,
    ),
    op("POST", "update-customer", update_customer, "Update a customer", "Customer", m.UpdateCustomerForm),
    op("GET", "get-items", get_items, "List items", "Item", m.PageForm, r.Envelope[list[r.Item]]),
    op("GET", "get-count-items", get_count_items, "Count items", "Item", m.CredentialsForm, r.Envelope[int]),
    op("GET", "get-item", get_item, "One item by guid", "Item", m.GuidForm, r.Envelope[r.Item]),
    op("POST", "create-item", create_item, "Create an item; result is its guid", "Item", m.CreateItemForm),
    op("POST", "update-item", update_item, "Update an item", "Item", m.UpdateItemForm),
    op(
        "GET",
        "get-invoices",
        get_invoices,
        "List invoices, filtered by accounting_status",
        "Invoice",
        m.AccountingListForm,
        r.Envelope[list[r.Invoice]],
    ),
    op(
        "GET",
        "get-count-invoices",
        get_count_invoices,
        "Count invoices",
        "Invoice",
        m.AccountingCountForm,
        r.Envelope[int],
    ),
    op(
        "GET",
        "get-invoice",
        get_invoice,
        "One invoice by guid, with its items and customer",
        "Invoice",
        m.GuidForm,
        r.Envelope[r.Invoice],
    ),
    op(
        "POST",
        "update-invoice",
        update_invoice,
        "Set accounting_status/accounting_message (and status Sent/Paid/Cancelled)",
        "Invoice",
        m.UpdateAccountingForm,
    ),
    op(
        "POST",
        "create-invoice",
        create_invoice,
        "Create an invoice; amount must equal the total of its items",
        "Invoice",
        m.CreateInvoiceForm,
    ),
    op(
        "POST",
        "create-recurring-invoice",
        create_recurring_invoice,
        "Create a recurring invoice; the clock issues its invoices; result is the schedule's guid",
        "Invoice",
        m.CreateRecurringForm,  # documented as what it finally accepts; read in two steps
        read=read_recurring_or_upload,
    ),
    op(
        "POST",
        "upload-file",
        upload_file,
        "Upload an attachment; result is the file id to list in an invoice's files",
        "Invoice",
        m.UploadForm,  # documented with its file part; read by the escape hatch
        r.Envelope[int],
        read=read_upload,
    ),
    op(
        "GET",
        "get-costs",
        get_costs,
        "List costs, 10 per page by default",
        "Cost",
        m.AccountingListForm,
        r.CostsPage,
        options=FIELDS,
    ),
    op(
        "GET",
        "get-count-costs",
        get_count_costs,
        "Count costs",
        "Cost",
        m.AccountingCountForm,
        r.Envelope[int],
    ),
    op("GET", "get-cost", get_cost, "One cost by guid", "Cost", m.GuidForm, r.Envelope[r.Cost]),
    op(
        "POST",
        "update-cost",
        update_cost,
        "Set accounting_status/accounting_message",
        "Cost",
        m.UpdateAccountingForm,
    ),
    op(
        "GET",
        "get-bookkeeper",
        get_bookkeeper,
        "One bookkeeper by guid",
        "Bookkeeper",
        m.GuidForm,
        r.Envelope[r.Bookkeeper],
    ),
    op("GET", "get-tenant", get_tenant, "One tenant by guid", "Bookkeeper", m.GuidForm, r.Envelope[r.Tenant]),
    op(
        "POST",
        "update-bookkeeper",
        update_bookkeeper,
        "Update a bookkeeper's status, count_of_bookkeepers, instance_config",
        "Bookkeeper",
        m.UpdateBookkeeperForm,
    ),
    op(
        "POST",
        "create-save-invoice",
        create_save_invoice,
        "Bill a Konto user by kennitala (result: guid) or anyone by e-mail (result: null)",
        "Bill-to-Invoices",
        m.CreateSaveInvoiceForm,
    ),
    op(
        "POST",
        "create-order-invoice",
        create_order_invoice,
        "Create an order invoice for a kennitala; result is the order's guid",
        "Order Invoices",
        m.CreateOrderForm,
    ),
    op(
        "POST",
        "update-order-invoice",
        update_order_invoice,
        "Update an order; its unsent invoices are re-priced",
        "Order Invoices",
        m.UpdateOrderForm,
    ),
    op(
        "POST",
        "delete-order-invoice",
        delete_order_invoice,
        "Delete an order; its unsent invoices are cancelled",
        "Order Invoices",
        m.GuidForm,
    ),
    op(
        "POST",
        "get-invoices-from-order",
        get_invoices_from_order,
        "The invoices an order issued",
        "Order Invoices",
        m.GuidPageForm,
        r.Envelope[list[r.Invoice]],
    ),
    op(
        "POST",
        "get-dashboard-data",
        get_dashboard_data,
        "Issued invoices between start_date and end_date with totals, profit and margin",
        "Dashboard Data",
        m.DashboardForm,
        r.Envelope[list[r.DashboardInvoice]],
    ),
]
