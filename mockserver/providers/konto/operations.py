"""Konto's 31 documented endpoints and the two seen only in client code, one declaration each.

Every declaration names its slug (path and operationId), method, the rule it calls
(`rules/endpoints.py`), summary, tag, form model (which validates the request and documents
it) and result model; routing and the OpenAPI document are both read from this table. Adding an
endpoint: one `Operation` here, one rule in `rules/endpoints.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from mockserver.core.operations import Operation
from mockserver.providers.konto import models as m
from mockserver.providers.konto import results as r
from mockserver.providers.konto.dialect import read_recurring_or_upload, read_upload
from mockserver.providers.konto.rules import endpoints as e

# What every Konto operation shares on the wire: a form (multipart as the docs send it), HTTP
# 200 whatever happens, and credentials inside the form rather than a security scheme.
FORM: dict[str, Any] = {
    "body_media_type": "multipart/form-data",
    "returns": "Always HTTP 200; see status and message",
    "secured": False,
}
FIELDS = {"envelope": "fields"}  # the rule gives the envelope's fields, not just its result


def op(
    method: str,
    slug: str,
    rule: Callable[..., Any],
    summary: str,
    tag: str,
    form: type[BaseModel],
    response: type[BaseModel] = r.Envelope[str],
    **more: Any,
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
        e.hello,
        "Test the credentials; answers the account's name, kennitala and VAT number",
        "Authentication",
        m.CredentialsForm,
        r.HelloAnswer,
        options=FIELDS,
    ),
    op(
        "GET",
        "get-customers",
        e.get_customers,
        "List customers; search by name, page with limit and page",
        "Customer",
        m.CustomerListForm,
        r.Envelope[list[r.Customer]],
    ),
    op(
        "GET",
        "get-count-customers",
        e.get_count_customers,
        "Count customers (matching search)",
        "Customer",
        m.CustomerCountForm,
        r.Envelope[int],
    ),
    op(
        "GET",
        "get-customers-by-kennitala",
        e.get_customers_by_kennitala,
        "Customers with this kennitala (seen in client code, not in the docs)",
        "Customer",
        m.KennitalaForm,
        r.Envelope[list[r.Customer]],
    ),
    op(
        "GET",
        "get-customer",
        e.get_customer,
        "One customer by guid",
        "Customer",
        m.GuidForm,
        r.Envelope[r.Customer],
    ),
    op(
        "POST",
        "create-customer",
        e.create_customer,
        "Create a customer; result is its guid",
        "Customer",
        m.CreateCustomerForm,
    ),
    op("POST", "update-customer", e.update_customer, "Update a customer", "Customer", m.UpdateCustomerForm),
    op("GET", "get-items", e.get_items, "List items", "Item", m.PageForm, r.Envelope[list[r.Item]]),
    op(
        "GET", "get-count-items", e.get_count_items, "Count items", "Item", m.CredentialsForm, r.Envelope[int]
    ),
    op("GET", "get-item", e.get_item, "One item by guid", "Item", m.GuidForm, r.Envelope[r.Item]),
    op("POST", "create-item", e.create_item, "Create an item; result is its guid", "Item", m.CreateItemForm),
    op("POST", "update-item", e.update_item, "Update an item", "Item", m.UpdateItemForm),
    op(
        "GET",
        "get-invoices",
        e.get_invoices,
        "List invoices, filtered by accounting_status",
        "Invoice",
        m.AccountingListForm,
        r.Envelope[list[r.Invoice]],
    ),
    op(
        "GET",
        "get-count-invoices",
        e.get_count_invoices,
        "Count invoices",
        "Invoice",
        m.AccountingCountForm,
        r.Envelope[int],
    ),
    op(
        "GET",
        "get-invoice",
        e.get_invoice,
        "One invoice by guid, with its items and customer",
        "Invoice",
        m.GuidForm,
        r.Envelope[r.Invoice],
    ),
    op(
        "POST",
        "update-invoice",
        e.update_invoice,
        "Set accounting_status/accounting_message (and status Sent/Paid/Cancelled; a Draft also Saved)",
        "Invoice",
        m.UpdateAccountingForm,
    ),
    op(
        "POST",
        "create-invoice",
        e.create_invoice,
        "Create an invoice; amount must equal the total of its items",
        "Invoice",
        m.CreateInvoiceForm,
    ),
    op(
        "POST",
        "create-draft-invoice",
        e.create_draft_invoice,
        "Create a draft (status Draft, no number, not sent); result is its guid (seen in client code)",
        "Invoice",
        m.CreateDraftForm,
    ),
    op(
        "POST",
        "create-recurring-invoice",
        e.create_recurring_invoice,
        "Create a recurring invoice; the clock issues its invoices; result is the schedule's guid",
        "Invoice",
        m.CreateRecurringForm,  # documented as what it finally accepts; read in two steps
        read=read_recurring_or_upload,
    ),
    op(
        "POST",
        "upload-file",
        e.upload_file,
        "Upload an attachment; result is the file id to list in an invoice's files",
        "Invoice",
        m.UploadForm,  # documented with its file part; read by the escape hatch
        r.Envelope[int],
        read=read_upload,
    ),
    op(
        "GET",
        "get-costs",
        e.get_costs,
        "List costs, 10 per page by default",
        "Cost",
        m.AccountingListForm,
        r.CostsAnswer,
        options=FIELDS,
    ),
    op(
        "GET",
        "get-count-costs",
        e.get_count_costs,
        "Count costs",
        "Cost",
        m.AccountingCountForm,
        r.Envelope[int],
    ),
    op("GET", "get-cost", e.get_cost, "One cost by guid", "Cost", m.GuidForm, r.Envelope[r.Cost]),
    op(
        "POST",
        "update-cost",
        e.update_cost,
        "Set accounting_status/accounting_message",
        "Cost",
        m.UpdateAccountingForm,
    ),
    op(
        "GET",
        "get-bookkeeper",
        e.get_bookkeeper,
        "One bookkeeper by guid",
        "Bookkeeper",
        m.GuidForm,
        r.Envelope[r.Bookkeeper],
    ),
    op(
        "GET",
        "get-tenant",
        e.get_tenant,
        "One tenant by guid",
        "Bookkeeper",
        m.GuidForm,
        r.Envelope[r.Tenant],
    ),
    op(
        "POST",
        "update-bookkeeper",
        e.update_bookkeeper,
        "Update a bookkeeper's status, count_of_bookkeepers, instance_config",
        "Bookkeeper",
        m.UpdateBookkeeperForm,
    ),
    op(
        "POST",
        "create-save-invoice",
        e.create_save_invoice,
        "Bill a Konto user by kennitala (result: guid) or anyone by e-mail (result: null)",
        "Bill-to-Invoices",
        m.CreateSaveInvoiceForm,
    ),
    op(
        "POST",
        "create-order-invoice",
        e.create_order_invoice,
        "Create an order invoice for a kennitala; result is the order's guid",
        "Order Invoices",
        m.CreateOrderForm,
    ),
    op(
        "POST",
        "update-order-invoice",
        e.update_order_invoice,
        "Update an order; its unsent invoices are re-priced",
        "Order Invoices",
        m.UpdateOrderForm,
    ),
    op(
        "POST",
        "delete-order-invoice",
        e.delete_order_invoice,
        "Delete an order; its unsent invoices are cancelled",
        "Order Invoices",
        m.GuidForm,
    ),
    op(
        "POST",
        "get-invoices-from-order",
        e.get_invoices_from_order,
        "The invoices an order issued",
        "Order Invoices",
        m.GuidPageForm,
        r.Envelope[list[r.Invoice]],
    ),
    op(
        "POST",
        "get-dashboard-data",
        e.get_dashboard_data,
        "Issued invoices between start_date and end_date with totals, profit and margin",
        "Dashboard Data",
        m.DashboardForm,
        r.Envelope[list[r.DashboardInvoice]],
    ),
]
