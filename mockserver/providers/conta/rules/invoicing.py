"""What invoices, drafts, payments and credit notes share: priced lines, the invoice document,
its number and KID, its events, and its postings to the ledger.

The routes (invoices.py, drafts.py, credit_notes.py) validate what a client sent and then call
`issue`; the seed calls it too, so a seeded invoice is posted, numbered and evented exactly as
one made over HTTP (payments.py does the same for payments).

Stored documents (internal fields start with `_`, money is a decimal string of whole øre):
- invoice (INVOICES): the `RouteV1InvoiceModel` fields, with `invoiceLines[]`,
  `invoiceVatInfos[]`, `invoiceRecipients[]`, `sumNet`/`sumVAT`/`sumTotal`/`sumRemaining`,
  plus `_org`, `_createdAt`, `_numberKey` (`org:year:invoiceNo`, unique), `_transactionId`
  (its INVOICE posting), `_paymentIds`, `_creditNoteId` (set once credited).
- payment (PAYMENTS): `RouteV1PaymentModel` (`partialPayments[]` with `invoiceId`, `amount`,
  `date`), plus `_org`, `_createdAt`, `_bankAccountId`, `_description`; the invoice lists
  its payments in `_paymentIds`.
- event (EVENTS): an `invoices/{invoiceId}/events` hit, plus `_org`, `_invoiceId`.
- file (FILES): `{id, filename, contentType}` plus `_org`, `_invoiceId` (the PDF is drawn from
  the invoice when fetched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from mockserver.core.identifiers import luhn_check_digit
from mockserver.core.money import round_half_up
from mockserver.core.store import Store
from mockserver.providers.conta.errors import (
    BusinessException,
    InputOpException,
    condition,
)
from mockserver.providers.conta.rules import ledger, vat
from mockserver.providers.conta.rules.common import (
    CUSTOMERS,
    EVENTS,
    FILES,
    INVOICES,
    PRODUCTS,
    decimal,
    money,
    public,
)

LINES = "invoiceLines"  # counters of line, VAT info, recipient and partial payment ids
VAT_INFOS = "invoiceVatInfos"
RECIPIENTS = "invoiceRecipients"
PARTIALS = "partialPayments"
RECEIVABLES = "1500"

SUM_FIELDS = ("sumNet", "sumVAT", "sumTotal", "sumRemaining")
LINE_NUMBERS = ("price", "quantity", "discount", "sumDiscount", "sumNet")


def number(value: object) -> int | float:
    """A FLOAT field (price, quantity, discount) as the minimal JSON number (`1`, not `1.0`)."""
    amount = decimal(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# -- lines and totals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Priced:
    """Lines with their computed fields, the VAT per code, and the sums (Decimal)."""

    lines: list[dict]
    vat_infos: list[dict]
    sum_net: Decimal
    sum_vat: Decimal

    @property
    def sum_total(self) -> Decimal:
        return self.sum_net + self.sum_vat


def priced_lines(store: Store, org: int, lines: Sequence[Mapping], *, path: str = "invoiceLines") -> Priced:
    """Validate and price a request's lines (invoice or draft), nothing stored.

    `lineNo`, when any line sets it, must number the lines 1, 2, 3... (else 422
    `WrongInvoiceLinesNumberingException`); an unset one is the line's position. The VAT code
    must be one the organization may invoice with (`WrongVatCodeException`); a `productId` must
    be the organization's (409) and gives the line its sales account. Per line `sumDiscount =
    price × quantity × discount / 100` and `sumNet = price × quantity − sumDiscount`, to the øre;
    VAT per code on the sum of its lines' nets."""
    given = [line.get("lineNo") for line in lines]
    if any(n is not None for n in given) and given != list(range(1, len(lines) + 1)):
        raise BusinessException("WrongInvoiceLinesNumberingException")
    allowed = vat.allowed_line_codes(store, org)
    errors, out = [], []
    bases: dict[str, Decimal] = {}
    for index, line in enumerate(lines):
        code = line["vatCode"]
        if code not in allowed:
            raise BusinessException("WrongVatCodeException")
        account = vat.SALES_ACCOUNTS[code]
        product_id = line.get("productId")
        if product_id is not None:
            product = store.get(PRODUCTS, product_id)
            if product is None or product.get("_org") != org:
                errors.append(
                    condition(
                        "productNotFound",
                        f"{path}[{index}].productId",
                        product_id,
                        ("ASGARD_TYPE_INTEGER",),
                        en=f"Product {product_id} does not exist.",
                        no=f"Produkt {product_id} finnes ikke.",
                    )
                )
                continue
            account = product.get("bookkeepingAccountNo") or account
        price, quantity, discount = (
            decimal(line["price"]),
            decimal(line["quantity"]),
            decimal(line["discount"]),
        )
        gross = price * quantity
        sum_discount = round_half_up(gross * discount / 100)
        sum_net = round_half_up(gross) - sum_discount
        bases[code] = bases.get(code, Decimal(0)) + sum_net
        out.append(
            {
                "lineNo": index + 1,
                "productId": product_id,
                "description": line["description"],
                "price": str(price),
                "quantity": str(quantity),
                "discount": str(discount),
                "sumDiscount": str(sum_discount),
                "sumNet": str(sum_net),
                "vatCode": code,
                # no.vat has no SAF-T code (0): left out, the published `vatId` has minimum 1.
                "vatId": vat.LINE_VAT_IDS[code] or None,
                "bookkeepingAccountNo": account,
            }
        )
    if errors:
        raise InputOpException(errors)
    infos = [
        {
            "vatId": vat.LINE_VAT_IDS[code] or None,
            "vatPercent": str(vat.line_rate(code)),
            "sumBasis": str(basis),
            "sumVat": str(vat.vat_of(basis, vat.line_rate(code))),
            "_vatCode": code,
        }
        for code, basis in bases.items()
    ]
    return Priced(
        out,
        infos,
        sum(bases.values(), Decimal(0)),
        sum((decimal(info["sumVat"]) for info in infos), Decimal(0)),
    )


def negated(priced: Priced) -> Priced:
    """The same lines with negative quantities and sums: a credit note's."""

    def flip(text: object) -> str:
        return str(-decimal(text))

    return Priced(
        [
            {
                **line,
                "quantity": flip(line["quantity"]),
                "sumDiscount": flip(line["sumDiscount"]),
                "sumNet": flip(line["sumNet"]),
            }
            for line in priced.lines
        ],
        [
            {**info, "sumBasis": flip(info["sumBasis"]), "sumVat": flip(info["sumVat"])}
            for info in priced.vat_infos
        ],
        -priced.sum_net,
        -priced.sum_vat,
    )


def priced_of(invoice: Mapping) -> Priced:
    """A stored invoice's (or draft's) lines and VAT back as `Priced`."""
    return Priced(
        [
            {k: v for k, v in line.items() if k not in ("id", "invoiceId", "invoiceDraftId")}
            for line in invoice.get("invoiceLines") or invoice.get("invoiceDraftLines") or []
        ],
        [
            {k: v for k, v in info.items() if k not in ("id", "invoiceId")}
            for info in invoice.get("invoiceVatInfos") or []
        ],
        decimal(invoice.get("sumNet")),
        decimal(invoice.get("sumVAT")),
    )


# -- numbers ---------------------------------------------------------------------------------


def number_key(org: int, year: int, invoice_no: int) -> str:
    return f"{org}:{year}:{invoice_no}"


def kid(customer_id: int, invoice_no: int) -> str:
    """A KID of customer number and invoice number with a mod 10 (Luhn) check digit, the
    scheme Norwegian banks accept for OCR giro [choice: the length follows the agreement]."""
    body = f"{customer_id:06d}{invoice_no:08d}"
    return body + str(luhn_check_digit(body))


def valid_kid(text: str) -> bool:
    """A KID with a valid mod 10 or mod 11 check digit (`-` as the mod 11 check digit 10)."""
    if not 2 <= len(text) <= 25 or not text[:-1].isdigit():
        return False
    body, check = text[:-1], text[-1]
    if check.isdigit() and luhn_check_digit(body) == int(check):
        return True
    weights = [2 + i % 6 for i in range(len(body))]
    remainder = sum(int(d) * w for d, w in zip(reversed(body), weights, strict=True)) % 11
    expected = {0: "0", 1: "-"}.get(remainder, str(11 - remainder))
    return check == expected


# -- invoices --------------------------------------------------------------------------------


def issue(
    store: Store,
    org: int,
    fields: Mapping,
    priced: Priced,
    *,
    created_at: str,
    invoice_no: int | None = None,
    bank_account: Mapping | None = None,
    credited: Mapping | None = None,
) -> dict:
    """Number, store, post and event an invoice (or, with `credited`, a credit note of it).

    `fields` are the invoice's own fields as validated by the route (`customerId`,
    `invoiceDate`, `invoiceDueDate`, `type`, recipients...); `invoice_no` is a number given by
    the caller (`isCreatedInOtherSystem`), else the organization's series gives the next one.
    A KID is made when the bank account has KID active and none was given."""
    invoice_date = fields.get("invoiceDate")
    year = int(str(invoice_date)[:4])
    if invoice_no is None:
        invoice_no = store.next(f"invoiceNo:{org}")
    elif store.taken(INVOICES, "_numberKey", number_key(org, year, invoice_no)):
        raise BusinessException("DuplicateInvoiceNoAndYearException", invoiceNo=str(invoice_no), year=year)
    invoice_id = store.next(INVOICES)
    customer = store.get(CUSTOMERS, fields["customerId"]) or {}
    kind = "CREDIT" if credited is not None else fields.get("type") or "NORMAL"
    document: dict = {
        "_org": org,
        "_createdAt": created_at,
        "_numberKey": number_key(org, year, invoice_no),
        "invoiceLanguage": "NO",
        "invoiceCurrency": "NOK",
        "exchangeRate": "1",
        "isCreatedInOtherSystem": False,
        "showDiscount": True,
        **{key: value for key, value in fields.items() if value is not None},
        "id": invoice_id,
        "invoiceNo": invoice_no,
        "type": kind,
        "status": "INVOICE_CREATED",
        "followUpDate": fields.get("invoiceDueDate") or invoice_date,
        "sumNet": str(priced.sum_net),
        "sumVAT": str(priced.sum_vat),
        "sumTotal": str(priced.sum_total),
        "sumRemaining": "0" if credited is not None else str(priced.sum_total),
        "invoiceLines": [{**line, "id": store.next(LINES), "invoiceId": invoice_id} for line in priced.lines],
        "invoiceVatInfos": [
            {**info, "id": store.next(VAT_INFOS), "invoiceId": invoice_id} for info in priced.vat_infos
        ],
        "invoiceRecipients": [
            {**recipient, "id": store.next(RECIPIENTS), "invoiceId": invoice_id}
            for recipient in fields.get("invoiceRecipients") or []
        ],
    }
    if bank_account is not None:
        document["bankAccountId"] = bank_account["id"]
        if bank_account.get("isKidActive") and not document.get("kid") and kind != "CREDIT":
            document["kid"] = kid(int(fields["customerId"]), invoice_no)
    if credited is not None:
        document.update(
            creditedInvoiceId=credited["id"],
            creditedInvoiceNo=credited["invoiceNo"],
            creditedInvoiceDate=credited["invoiceDate"],
        )
    document["invoiceFileId"] = store.insert(
        FILES,
        {
            "_org": org,
            "_invoiceId": invoice_id,
            "filename": f"{'Kreditnota' if credited else 'Faktura'} {invoice_no}.pdf",
            "contentType": "application/pdf",
        },
    )["id"]
    posting = _post_invoice(store, org, document, customer)
    if posting is not None:
        document["_transactionId"] = posting["id"]
    stored = store.insert(INVOICES, document, invoice_id)
    event(
        store,
        org,
        invoice_id,
        "CREDIT_NOTE_CREATED" if credited is not None else "INVOICE_CREATED",
        date=str(invoice_date),
        created_at=created_at,
        sumRemaining=stored["sumRemaining"],
        sumRemainingChanged=stored["sumRemaining"],
        transactionNoYear=posting["transactionNoYear"] if posting else None,
        followUpDate=stored["followUpDate"],
        fileId=stored["invoiceFileId"],
        creditedInvoiceId=stored.get("creditedInvoiceId"),
        creditedInvoiceNo=stored.get("creditedInvoiceNo"),
    )
    return stored


def _post_invoice(store: Store, org: int, invoice: Mapping, customer: Mapping) -> dict | None:
    """Dr receivables (1500, with the customer) the total; Cr each sales account its lines'
    net and each output VAT account its VAT. A credit note's negative sums invert it. An
    invoice of zero posts nothing (the ledger has no zero lines)."""
    common = {"invoiceId": invoice["id"], "invoiceNo": str(invoice["invoiceNo"])}
    # A credit note's receivable is the credited invoice's: 1500 nets to zero for that invoice.
    receivable = common
    if invoice.get("creditedInvoiceId") is not None:
        receivable = {
            "invoiceId": invoice["creditedInvoiceId"],
            "invoiceNo": str(invoice["creditedInvoiceNo"]),
        }
    lines = [
        {
            **receivable,
            "bookkeepingAccountNo": RECEIVABLES,
            "amount": invoice["sumTotal"],
            "customerId": invoice["customerId"],
            "dueDate": invoice.get("invoiceDueDate"),
            "description": customer.get("name"),
        }
    ]
    sales: dict[tuple[str, str], Decimal] = {}
    for line in invoice["invoiceLines"]:
        key = (line["bookkeepingAccountNo"], line["vatCode"])
        sales[key] = sales.get(key, Decimal(0)) + Decimal(line["sumNet"])
    for (account, code), net in sales.items():
        lines.append(
            {
                **common,
                "bookkeepingAccountNo": account,
                "amount": str(-net),
                "vatCode": vat.ledger_code(code),
                "vatId": vat.LINE_VAT_IDS[code] or None,
            }
        )
    for info in invoice["invoiceVatInfos"]:
        vat_account = vat.OUTPUT_VAT_ACCOUNTS.get(info["_vatCode"])
        if vat_account is not None:
            lines.append(
                {
                    **common,
                    "bookkeepingAccountNo": vat_account,
                    "amount": str(-Decimal(info["sumVat"])),
                    "vatCode": vat.ledger_code(info["_vatCode"]),
                    "vatId": info["vatId"],
                }
            )
    lines = [line for line in lines if Decimal(line["amount"]) != 0]
    if not lines:
        return None
    credit = invoice["type"] == "CREDIT"
    return ledger.post(
        store,
        org,
        invoice["invoiceDate"],
        lines,
        description=f"{'Kreditnota' if credit else 'Faktura'} {invoice['invoiceNo']}",
        transaction_type="INVOICE",
        source="SYSTEM_TRANSACTION",
        invoice_id=invoice.get("creditedInvoiceId") if credit else invoice["id"],
        credit_note_id=invoice["id"] if credit else None,
        created_at=invoice["_createdAt"],
    )


def event(
    store: Store, org: int, invoice_id: int, event_type: str, *, date: str, created_at: str, **fields: object
) -> dict:
    """Record an entry of the invoice's history (`invoices/{invoiceId}/events`)."""
    return store.insert(
        EVENTS,
        {
            "_org": org,
            "_invoiceId": invoice_id,
            "date": date,
            "eventType": event_type,
            "userName": "API",
            "createdAt": created_at,
            **{key: value for key, value in fields.items() if value is not None},
        },
    )


def render(invoice: Mapping) -> dict:
    """An invoice (or credit note) as `RouteV1InvoiceModel`: money as numbers, internal fields out."""
    out = public(invoice)
    for name in SUM_FIELDS:
        if name in out:
            out[name] = money(out[name])
    if "exchangeRate" in out:
        out["exchangeRate"] = number(out["exchangeRate"])
    out["invoiceLines"] = [render_line(line) for line in invoice.get("invoiceLines", [])]
    out["invoiceVatInfos"] = [
        {
            **public(info),
            "sumBasis": money(info["sumBasis"]),
            "sumVat": money(info["sumVat"]),
            "vatPercent": number(info["vatPercent"]),
        }
        for info in invoice.get("invoiceVatInfos", [])
    ]
    out["invoiceRecipients"] = [public(recipient) for recipient in invoice.get("invoiceRecipients", [])]
    return out


def render_line(line: Mapping) -> dict:
    out = public(line)
    for name in LINE_NUMBERS:
        if name in out:
            out[name] = money(out[name]) if name.startswith("sum") else number(out[name])
    return out
