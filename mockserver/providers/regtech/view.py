"""The page behind `invoiceUrl`: what the recipient sees when they follow the link in the SMS."""

from __future__ import annotations

from html import escape

from mockserver.providers.regtech.models import SEND_TYPES

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;"
    "text-align:left}td.n,th.n{text-align:right}.muted{color:#666}dl{display:grid;"
    "grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}"
)


def render_invoice(record: dict) -> str:
    """A self-contained HTML page of the invoice, every value escaped."""
    invoice = record["invoice"]
    details = invoice["invoiceDetails"]
    title = "Credit invoice" if details["invoiceType"] == "1" else "Invoice"
    parts = [
        f'<!doctype html><html lang="{escape(details.get("language", "en"))}"><head><meta charset="utf-8">',
        f"<title>{title} {escape(details['invoiceNumber'])}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title} {escape(details['invoiceNumber'])}</h1>",
        f'<p class="muted">From {escape(invoice["invoicerDetails"]["companyName"])} '
        f"({escape(invoice['invoicerDetails']['businessId'])}) to {escape(_recipient(invoice['recipientDetails']))}"
        f" by {SEND_TYPES[details['invoiceSendType']]}</p>",
        _facts(details),
        _rows(details),
        _status(record),
        "</body></html>",
    ]
    return "".join(parts)


def _recipient(recipient: dict) -> str:
    if recipient["customerType"] == "1":
        return recipient.get("companyName") or recipient.get("businessId", "")
    return f"{recipient.get('firstName', '')} {recipient.get('lastName', '')}".strip()


def _facts(details: dict) -> str:
    labels = [
        ("Invoice date", "invoiceDate"),
        ("Due date", "dueDate"),
        ("Reference", "reference"),
        ("Message", "message"),
        ("IBAN", "iban"),
        ("BIC", "bankCode"),
        ("Bankgirot", "bankgirot"),
        ("Plusgirot", "plusgirot"),
        ("Swish", "swish"),
    ]
    items = "".join(
        f"<dt>{label}</dt><dd>{escape(details[key])}</dd>" for label, key in labels if details.get(key)
    )
    total = f"<dt>Total</dt><dd>{escape(details['total'])} {escape(details['currency'])}</dd>"
    return f"<dl>{items}{total}</dl>"


def _rows(details: dict) -> str:
    head = (
        '<tr><th>Product</th><th>Description</th><th class="n">Quantity</th><th class="n">Unit price</th>'
        '<th class="n">Discount %</th><th class="n">VAT %</th><th class="n">Price</th></tr>'
    )
    body = "".join(
        f"<tr><td>{escape(row['productCode'])}</td><td>{escape(row['description'])}</td>"
        f'<td class="n">{escape(row["quantity"])} {escape(row.get("unit", ""))}</td>'
        f'<td class="n">{escape(row["unitPrice"])}</td><td class="n">{escape(row.get("discount", ""))}</td>'
        f'<td class="n">{escape(row.get("vatPerc", ""))}</td><td class="n">{escape(row["price"])}</td></tr>'
        for row in details["invoiceRows"]
    )
    return f"<table>{head}{body}</table>"


def _status(record: dict) -> str:
    if record["paidAt"]:
        return f"<p><strong>Paid</strong> on {escape(record['paidAt'][:10])}</p>"
    if record["sentAt"] is None:
        return '<p class="muted">Preview: this invoice has not been sent yet.</p>'
    return "<p>Open</p>"


def not_found_page() -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice not found</title>'
        "</head><body><h1>Invoice not found</h1><p>This invoice link is not valid.</p></body></html>"
    )
