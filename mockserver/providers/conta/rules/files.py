"""Invoice files: `GET files/{id}` answers the temporary link to an invoice's PDF, and the
sandbox serves that link itself with a real PDF drawn from the invoice as it is now.

The link (`.../files/{id}/content?link=<workspace>.<expires>.<signature>`) works without the
`apiKey` header, as a browser following `fileUrl` sends none, and only while it is valid
[choice]: `<workspace>` is the workspace's route key (a hash of its key, which finds the
workspace and reveals nothing), `<expires>` an instant on the workspace clock (LINK_LIFETIME
after the link was made) and `<signature>` an HMAC of organization, file and expiry under the
workspace's own key, so a link cannot be made up or changed, nor used in another workspace.
With the `apiKey` header the content is served whatever the link says.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta

from starlette.responses import Response

from mockserver.core.auth import route_key
from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Operation
from mockserver.core.pdf import text_pdf
from mockserver.core.store import Store
from mockserver.providers.conta.auth import presented_key
from mockserver.providers.conta.errors import LoginRequiredException, NotFoundIdModelStorageToolException
from mockserver.providers.conta.rules.common import (
    BANK_ACCOUNTS,
    CUSTOMERS,
    FILES,
    INVOICES,
    ORGANIZATIONS,
    decimal,
    organization,
    owned,
)

LINK = "link"  # the query parameter of a file link
CONTENT = "/content"  # the download path's last segment, below files/{id}
LINK_LIFETIME = timedelta(hours=1)


def signature(api_key: str, org: int, file_id: int, expires: int) -> str:
    message = f"{org}/{file_id}/{expires}".encode()
    return hmac.new(api_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def link_of(call: Call, org: int, file_id: int) -> str:
    api_key = call.credentials["apiKey"]
    expires = int((call.now() + LINK_LIFETIME).timestamp())
    token = f"{route_key(api_key)}.{expires}.{signature(api_key, org, file_id, expires)}"
    return call.link(f"/invoice/organizations/{org}/files/{file_id}{CONTENT}", f"{LINK}={token}")


def valid_link(call: Call, token: str, org: int, file_id: int) -> bool:
    api_key = call.credentials["apiKey"]
    parts = token.split(".")
    # ASCII digits only (`"²".isdigit()` is true), compared as numbers: a made-up expiry of any
    # length is a refused link, never an overflow.
    if len(parts) != 3 or parts[0] != route_key(api_key) or not (parts[1].isascii() and parts[1].isdigit()):
        return False
    expires = int(parts[1])
    if expires < call.now().timestamp():
        return False
    return hmac.compare_digest(parts[2], signature(api_key, org, file_id, expires))


# -- the two operations ------------------------------------------------------------------------


def get_file(call: Call, org: int, id: int) -> dict:
    """`GET files/{id}`: `{fileId, filename, fileUrl, contentType}`, `fileUrl` an absolute link
    back into this sandbox, valid for LINK_LIFETIME on the workspace clock."""
    found = owned(call.store, FILES, org, id)
    return {
        "fileId": found["id"],
        "filename": found["filename"],
        "fileUrl": link_of(call, org, id),
        "contentType": found["contentType"],
    }


def read_download(operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict:
    """The download's own reading: the organization as every route checks it, then, for a
    request without `apiKey`, a valid unexpired link (else 401 `LoginRequiredException`)."""
    org, file_id = params["opContextOrgId"], params["id"]
    organization(call.store, org)
    if presented_key(incoming) is None and not valid_link(call, incoming.query.get(LINK) or "", org, file_id):
        raise LoginRequiredException()
    return {"org": org, "id": file_id}


def download_file(call: Call, org: int, id: int) -> tuple[str, bytes]:
    """The file's name and the PDF of its invoice, drawn as the invoice is now."""
    found = owned(call.store, FILES, org, id)
    invoice = call.store.get(INVOICES, found["_invoiceId"])
    if invoice is None:
        raise NotFoundIdModelStorageToolException()
    return found["filename"], invoice_pdf(call.store, invoice)


def write_pdf(operation: Operation, result: tuple[str, bytes], call: Call) -> Response:
    filename, content = result
    return Response(
        content,
        200,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )


# -- the PDF -----------------------------------------------------------------------------------


def amount(value: object) -> str:
    """`2680.5` as `2 680,50` (Norwegian: space thousands, comma decimals)."""
    text = f"{decimal(value):,.2f}"
    return text.replace(",", " ").replace(".", ",")


def invoice_pdf(store: Store, invoice: Mapping) -> bytes:
    """A one-page PDF of the invoice: number, dates, seller, customer, lines, VAT, totals, KID
    and the account to pay to."""
    credit = invoice.get("type") == "CREDIT"
    title = f"{'Kreditnota' if credit else 'Faktura'} {invoice['invoiceNo']}"
    lines = [title, *_heading(store, invoice), "", "Beskrivelse | Antall | Pris | Rabatt % | MVA | Netto"]
    for line in invoice.get("invoiceLines", []):
        lines.append(
            f"{line['description']} | {_figure(line['quantity'])} | {amount(line['price'])} | "
            f"{_figure(line['discount'])} | {line['vatCode']} | {amount(line['sumNet'])}"
        )
    lines += ["", *_totals(store, invoice)]
    if invoice.get("personalMessage"):
        lines += ["", str(invoice["personalMessage"])]
    return text_pdf(lines, title=title)


def _figure(value: object) -> str:
    return f"{decimal(value).normalize():f}"


def _heading(store: Store, invoice: Mapping) -> list[str]:
    org = store.get(ORGANIZATIONS, invoice["_org"]) or {}
    customer = store.get(CUSTOMERS, invoice["customerId"]) or {}
    out = [
        f"{org.get('name', '')}  Org.nr. {org.get('_orgNo', '')}{' MVA' if org.get('_vatRegistered') else ''}",
        "",
        f"Fakturanummer: {invoice['invoiceNo']}",
        f"Fakturadato: {invoice.get('invoiceDate', '')}",
        f"Forfallsdato: {invoice.get('invoiceDueDate', '')}",
    ]
    if invoice.get("creditedInvoiceNo"):
        out.append(f"Krediterer faktura: {invoice['creditedInvoiceNo']}")
    out += ["", f"Kunde: {customer.get('name', '')} (kundenr. {invoice['customerId']})"]
    place = " ".join(str(customer.get(f"customerAddress{p}") or "") for p in ("Postcode", "City")).strip()
    address = (customer.get("customerAddressLine1"), customer.get("customerAddressLine2"), place)
    out += [str(part) for part in address if part]
    if customer.get("orgNo"):
        out.append(f"Org.nr. {customer['orgNo']}")
    return out


def _totals(store: Store, invoice: Mapping) -> list[str]:
    currency = invoice.get("invoiceCurrency", "NOK")
    out = [
        f"MVA {_figure(info['vatPercent'])} % av {amount(info['sumBasis'])}: {amount(info['sumVat'])}"
        for info in invoice.get("invoiceVatInfos", [])
    ]
    out += [
        f"Sum eks. MVA: {amount(invoice['sumNet'])} {currency}",
        f"MVA: {amount(invoice['sumVAT'])} {currency}",
        f"Å betale: {amount(invoice['sumTotal'])} {currency}",
        "",
    ]
    bank = store.get(BANK_ACCOUNTS, invoice["bankAccountId"]) if invoice.get("bankAccountId") else None
    if bank is not None and invoice.get("type") != "CREDIT":
        out.append(f"Betales til konto: {bank.get('accountNo', '')}  IBAN {bank.get('iban', '')}")
    if invoice.get("kid"):
        out.append(f"KID: {invoice['kid']}")
    return out
