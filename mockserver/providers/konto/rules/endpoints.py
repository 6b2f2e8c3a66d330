"""One rule per Konto endpoint: what its `Operation` calls, with the `Call` and the validated
form (or what an escape hatch read). Each hands back the envelope's `result` (or, for
operations declared with `options={"envelope": "fields"}`, the envelope's fields), and works on
the workspace's `Books`, never on the request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from mockserver.core.operations import Call
from mockserver.providers.konto import models as m
from mockserver.providers.konto.forms import Upload
from mockserver.providers.konto.models import RecurringInvoiceData
from mockserver.providers.konto.rules import billing, customers, dashboard, invoices, items, ledger, recurring
from mockserver.providers.konto.rules.books import Books

HELLO = "Connection succeeded"


def hello(call: Call, form: m.CredentialsForm) -> dict:
    return {"message": HELLO, **ledger.hello(Books.of(call))}


def get_customers(call: Call, form: m.CustomerListForm) -> list:
    return customers.list_customers(Books.of(call), form.search, form.limit, form.page)


def get_count_customers(call: Call, form: m.CustomerCountForm) -> int:
    return customers.count_customers(Books.of(call), form.search)


def get_customers_by_kennitala(call: Call, form: m.KennitalaForm) -> list:
    return customers.by_kennitala(Books.of(call), form.kennitala)


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


def create_draft_invoice(call: Call, form: m.CreateDraftForm) -> str:
    """A draft's guid; nothing is sent until it is issued."""
    return invoices.create_draft(Books.of(call), form.data)["guid"]


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
