"""Conta's emulated operations, one declaration each. Paths are the published ones; summaries
come from the published document, which also holds every request and response schema (see
spec.py): the declarations add only what the sandbox does."""

from __future__ import annotations

from mockserver.core.operations import Operation, Param
from mockserver.providers.conta import spec
from mockserver.providers.conta.rules import (
    accounts,
    bank_accounts,
    credit_notes,
    customers,
    drafts,
    ehf,
    files,
    invoice_lists,
    invoices,
    organizations,
    payments,
    products,
    reports,
    transactions,
)

INVOICE = "/invoice/organizations/{opContextOrgId:int}"
ACCOUNTING = "/accounting/organizations/{opContextOrgId:int}"
GUIDE_ONLY = "guide-only"
SANDBOX_ONLY = "sandbox-only"


def declare(method: str, path: str, rule, **options) -> Operation:
    """An operation of the published document, with its summary and tag."""
    probe = Operation(method, path, rule, "")
    published = spec.operation(method, probe.documented_path)
    if published is None:
        raise ValueError(f"{method} {path} is not in the published document")
    return Operation(method, path, rule, published.get("summary", ""), tag="ext", **options)


OPERATIONS = [
    declare("GET", "/invoice/organizations", organizations.list_organizations),
    declare("GET", "/invoice/ping", organizations.ping),
    declare("GET", f"{INVOICE}/subscription-plan", organizations.subscription_plan),
    declare("GET", "/invoice/conta-ehf/recipients/{recipientId}", ehf.recipient_info),
    declare("GET", f"{INVOICE}/bank-accounts", bank_accounts.list_bank_accounts),
    declare(
        "GET", f"{INVOICE}/customers", customers.search_customers, options={"sortable": customers.HIT_FIELDS}
    ),
    declare("POST", f"{INVOICE}/customers", customers.create_customer),
    declare("GET", f"{INVOICE}/customers/{{id:int}}", customers.get_customer),
    declare("PUT", f"{INVOICE}/customers/{{id:int}}", customers.update_customer),
    # In the guide, not in the published document: documented by the sandbox, marked guide-only.
    Operation(
        "DELETE",
        f"{INVOICE}/customers/{{id:int}}",
        customers.delete_customer,
        "Delete a customer (in Conta's guide; not in the published document).",
        tag="ext",
        params=(Param("id", "path", {"type": "integer", "minimum": 1}, required=True),),
        returns="deleted: 200 with an empty body",
        options={GUIDE_ONLY: True},
    ),
    declare(
        "GET", f"{INVOICE}/products", products.search_products, options={"sortable": products.HIT_FIELDS}
    ),
    declare("POST", f"{INVOICE}/products", products.create_product),
    declare("GET", f"{INVOICE}/products/{{id:int}}", products.get_product),
    declare("PUT", f"{INVOICE}/products/{{id:int}}", products.update_product),
    declare(
        "GET",
        f"{ACCOUNTING}/bookkeeping-accounts",
        accounts.list_accounts,
        options={"sortable": accounts.FIELDS},
    ),
]

# -- bookkeeping: manual transactions, their reset, the journal, the trial balance -------------
OPERATIONS += [
    declare("POST", f"{ACCOUNTING}/transactions-advanced", transactions.create_transaction),
    declare("GET", f"{ACCOUNTING}/transactions-advanced/{{id:int}}", transactions.get_transaction),
    declare("DELETE", f"{ACCOUNTING}/transactions/{{id:int}}", transactions.reset_transaction),
    declare("GET", f"{ACCOUNTING}/transactions2", transactions.journal),
    declare("GET", f"{ACCOUNTING}/reports/trial-balance", reports.trial_balance),
    declare("GET", f"{ACCOUNTING}/reports/trial-balance/details", reports.trial_balance_details),
]

# -- invoices, invoice drafts and invoice files ------------------------------------------------
OPERATIONS += [
    # Borrowed exceptions (research §5): the natural answers, declared by the spec on a sibling
    # route; the served document adds them to the operation's 422 (x-mockserver-borrowed).
    declare(
        "POST",
        f"{INVOICE}/invoices",
        invoices.create_invoice,
        options={
            "borrowed": (
                "CustomerNotFoundException",
                "OrgCannotReceiveEhfException",
                "WrongVatCodeException",
                "WrongInvoiceLinesNumberingException",
            )
        },
    ),
    declare(
        "GET",
        f"{INVOICE}/invoices",
        invoice_lists.search_invoices,
        options={"sortable": invoice_lists.HIT_FIELDS},
    ),
    declare("GET", f"{INVOICE}/invoices/unpaid", invoice_lists.unpaid_invoices),
    declare(
        "GET",
        f"{INVOICE}/invoices/allowed-delivery-methods",
        invoice_lists.allowed_delivery_methods,
        options={"borrowed": ("CustomerNotFoundException",)},
    ),
    declare("GET", f"{INVOICE}/invoices/{{id:int}}", invoices.get_invoice),
    declare("GET", f"{INVOICE}/invoices/{{invoiceId:int}}/events", invoices.invoice_events),
    declare("GET", f"{INVOICE}/files/{{id:int}}", files.get_file),
    # Not in the published document: where `fileUrl` points. Documented by the sandbox itself,
    # marked `x-mockserver-sandbox-only`; answers the PDF, with `apiKey` or a valid link.
    Operation(
        "GET",
        f"{INVOICE}/files/{{id:int}}{files.CONTENT}",
        files.download_file,
        "The content of an invoice file (a PDF): where `fileUrl` of GET files/{id} points. "
        "Sandbox only, not in the published document.",
        tag="ext",
        params=(
            Param("id", "path", {"type": "integer", "minimum": 1}, required=True),
            Param(
                files.LINK,
                "query",
                {"type": "string"},
                "The signed, temporary link token of fileUrl (needed only without the apiKey header).",
            ),
        ),
        media_type="application/pdf",
        returns="the PDF (application/pdf)",
        read=files.read_download,
        write=files.write_pdf,
        options={SANDBOX_ONLY: True},
    ),
    declare(
        "POST",
        f"{INVOICE}/invoice-drafts",
        drafts.create_draft,
        options={"borrowed": ("CustomerNotFoundException",)},
    ),
    declare(
        "GET", f"{INVOICE}/invoice-drafts", drafts.search_drafts, options={"sortable": drafts.HIT_FIELDS}
    ),
    declare("GET", f"{INVOICE}/invoice-drafts/{{id:int}}", drafts.get_draft),
]

# -- payments and credit notes ----------------------------------------------------------------
OPERATIONS += [
    declare("POST", f"{INVOICE}/invoices/{{invoiceId:int}}/payments", payments.create_payment),
    declare("GET", f"{INVOICE}/invoices/{{id:int}}/payments", payments.invoice_payments),
    declare("DELETE", f"{INVOICE}/payments/{{id:int}}", payments.delete_payment),
    declare(
        "GET",
        f"{INVOICE}/invoice-payments",
        payments.search_invoice_payments,
        options={"sortable": payments.HIT_FIELDS},
    ),
    declare(
        "POST",
        f"{INVOICE}/invoices/{{id:int}}/credit-note",
        credit_notes.credit_invoice,
        options={"borrowed": ("OrgCannotReceiveEhfException",)},
    ),
]
