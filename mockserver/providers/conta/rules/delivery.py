"""Sending an invoice or a credit note to its `invoiceRecipients`, as the sandbox sends: never.

Conta's own sandbox cannot send e-mail or EHF [seed]; neither does this one. A recipient is
checked like Conta checks it (all before anything is stored), then gets its `…_SENT_BY_…` event,
and what would have gone out is put in the workspace's outbox
(`GET /_admin/workspaces/{id}/outbox`). Invoices (invoices.py) and credit notes
(credit_notes.py) both send through here.

- EMAIL needs `emailAddress` (409 `required`); `emailRecipientType` defaults to `EMAIL_TO`.
- EHF goes to `ehfRecipient`, else the customer's `ehfRecipientOrgNo` or `orgNo` (409
  `required` when there is none), which the EHF registry must say can receive the document
  (422 `OrgCannotReceiveEhfException`, borrowed), and needs an invoice bank account (422
  `InvoiceNeedsBankAccountToBeSentAsEhfException {invoiceNo}`).
- MAIL goes to the recipient's `mailAddress*`, else the customer's address (422
  `CustomerDoesNotHaveAddressException {id, name}`).
- EFAKTURA only for a NORMAL invoice that is not overdue (422
  `EfakturaCanBeUsedForNormalInvoicesOnlyException`, `EfakturaCannotBeOverdueException`).
- DO_NOT_DELIVER, NONE, UNKNOWN and INVOICE_SALE are kept on the document and send nothing.
- E-mail, EHF and eFaktura need the organization's subscription plan to allow them (422
  `SubscriptionPlanException`; the seeded plans allow all three).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.conta.dialect import required
from mockserver.providers.conta.errors import BusinessException, OrgCannotReceiveEhfException
from mockserver.providers.conta.rules import ehf, files, invoicing
from mockserver.providers.conta.rules.common import money, organization, timestamp

# Per channel: (event of an invoice, event of a credit note, the outbox's `method`).
CHANNELS = {
    "EMAIL": ("INVOICE_SENT_BY_EMAIL", "CREDIT_NOTE_SENT_BY_EMAIL", "email"),
    "EHF": ("INVOICE_SENT_BY_EHF", "CREDIT_NOTE_SENT_BY_EHF", "ehf"),
    "MAIL": ("INVOICE_SENT_BY_POSTAL_MAIL", "CREDIT_NOTE_SENT_BY_POSTAL_MAIL", "letter"),
    "EFAKTURA": ("INVOICE_SENT_BY_EFAKTURA", None, "efaktura"),
}
# The subscription plan's feature a channel needs ("certain API features may be unavailable if
# the chosen subscription does not include access to them" [seed]); letters need none [choice].
FEATURES = {"EMAIL": "ALLOW_EMAIL", "EHF": "ALLOW_EHF", "EFAKTURA": "ALLOW_EFAKTURA"}
MAIL_ADDRESS = ("mailAddressLine1", "mailAddressPostcode", "mailAddressCity")
CUSTOMER_ADDRESS = ("customerAddressLine1", "customerAddressPostcode", "customerAddressCity")


def recipients(given: Sequence[Mapping], customer: Mapping, errors: list[dict]) -> list[dict]:
    """The recipients as stored (the EHF number resolved); missing addresses added to `errors`."""
    out = []
    for index, recipient in enumerate(given):
        kept = {k: v for k, v in recipient.items() if v is not None and k not in ("id", "invoiceId")}
        kind = kept.get("type")
        if kind == "EMAIL":
            if not kept.get("emailAddress"):
                errors.append(required(f"invoiceRecipients[{index}].emailAddress", "ASGARD_TYPE_EMAIL"))
            kept.setdefault("emailRecipientType", "EMAIL_TO")
        if kind == "EHF":
            number = ehf_number(kept, customer)
            if number:
                kept["ehfRecipient"] = ehf.normalized(str(number))
            else:
                errors.append(required(f"invoiceRecipients[{index}].ehfRecipient", "ASGARD_TYPE_ORG_NO"))
        out.append({**kept, "customerId": customer["id"]})
    return out


def check(call: Call, document: Mapping, customer: Mapping, *, bank_account: Mapping | None) -> None:
    """Each recipient's channel rules, raised before anything is stored. `document` has the
    `_org`, `type`, `invoiceNo`, `invoiceDueDate` and `invoiceRecipients` the invoice will have."""
    kind = document.get("type") or "NORMAL"
    for recipient in document.get("invoiceRecipients") or []:
        channel = recipient.get("type")
        if not plan_allows(call.store, document["_org"], channel):
            raise BusinessException("SubscriptionPlanException")
        if channel == "EHF":
            if not ehf.can_receive(call.store, recipient["ehfRecipient"], credit_note=kind == "CREDIT"):
                raise OrgCannotReceiveEhfException()
            if bank_account is None:
                raise BusinessException(
                    "InvoiceNeedsBankAccountToBeSentAsEhfException", invoiceNo=document["invoiceNo"]
                )
        if channel == "MAIL" and address(recipient, customer) is None:
            raise BusinessException(
                "CustomerDoesNotHaveAddressException", id=customer["id"], name=str(customer.get("name"))
            )
        if channel == "EFAKTURA":
            if kind != "NORMAL":
                raise BusinessException("EfakturaCanBeUsedForNormalInvoicesOnlyException")
            if str(document.get("invoiceDueDate")) < call.today().isoformat():
                raise BusinessException("EfakturaCannotBeOverdueException")


def plan_allows(store: Store, org: int, channel: str | None) -> bool:
    """Whether the organization's subscription plan has the feature the channel needs."""
    needed = FEATURES.get(str(channel))
    return needed is None or needed in organization(store, org)["_subscription"].get("allowedFeatures", ())


def ehf_number(recipient: Mapping, customer: Mapping) -> str | None:
    """Where an EHF copy goes: the recipient's `ehfRecipient`, else the customer's EHF number
    or organization number."""
    return recipient.get("ehfRecipient") or customer.get("ehfRecipientOrgNo") or customer.get("orgNo")


def address(recipient: Mapping, customer: Mapping) -> str | None:
    """Where a letter goes: the recipient's complete mail address, else the customer's."""
    for source, names in ((recipient, MAIL_ADDRESS), (customer, CUSTOMER_ADDRESS)):
        if all(source.get(name) for name in names):
            return ", ".join(str(source[name]) for name in names)
    return None


def deliver(call: Call, org: int, document: Mapping, customer: Mapping) -> None:
    """A stored invoice or credit note "sent": per recipient its event and its outbox message."""
    day, at = call.today().isoformat(), timestamp(call.now())
    for recipient in record_sent(call.store, org, document, day=day, at=at):
        call.send(message(call, org, document, customer, recipient))


def record_sent(store: Store, org: int, document: Mapping, *, day: str, at: str) -> list[Mapping]:
    """Each recipient's `…_SENT_BY_…` event (the seed's invoices get theirs too); the
    recipients that were sent to."""
    credit = document.get("type") == "CREDIT"
    sent = []
    for recipient in document.get("invoiceRecipients", []):
        channel = recipient.get("type")
        event_type = CHANNELS[channel][credit] if channel in CHANNELS else None
        if event_type is None:
            continue
        invoicing.event(
            store,
            org,
            document["id"],
            event_type,
            date=day,
            created_at=at,
            deliveryMethod=channel,
            sumRemaining=document["sumRemaining"],
            fileId=document["invoiceFileId"],
            **_event_details(recipient),
        )
        sent.append(recipient)
    return sent


def _event_details(recipient: Mapping) -> dict:
    channel = recipient["type"]
    if channel == "EMAIL":
        return {"emailAddresses": [recipient["emailAddress"]], "lastEmailEventType": "PROCESSED"}
    if channel == "EHF":
        return {"recipientOrgNo": recipient["ehfRecipient"], "ehfStatus": "SENT"}
    return {"snailMailStatus": "SENT"} if channel == "MAIL" else {"efakturaStatus": "SENT"}


def message(call: Call, org: int, document: Mapping, customer: Mapping, recipient: Mapping) -> dict:
    """What would have been delivered: channel, address, the document's number and amount, and
    its PDF link (valid for files.LINK_LIFETIME on the workspace clock, as every `fileUrl`)."""
    channel = recipient["type"]
    to = {
        "EMAIL": recipient.get("emailAddress"),
        "EHF": f"{ehf.SCHEME}:{recipient.get('ehfRecipient')}",
        "MAIL": address(recipient, customer),
        "EFAKTURA": customer.get("efakturaEmailAddress") or customer.get("name"),
    }[channel]
    out = {
        "provider": "conta",
        "method": CHANNELS[channel][2],
        "to": to,
        "document": "CREDIT_NOTE" if document.get("type") == "CREDIT" else "INVOICE",
        "organizationId": org,
        "invoiceId": document["id"],
        "invoiceNo": document["invoiceNo"],
        "customerId": document["customerId"],
        "amount": money(document["sumTotal"]),
        "currency": document.get("invoiceCurrency", "NOK"),
        "dueDate": document.get("invoiceDueDate"),
        "kid": document.get("kid"),
        "fileUrl": files.link_of(call, org, document["invoiceFileId"]),
    }
    if channel == "EMAIL":
        out.update(
            subject=recipient.get("emailSubject") or f"Faktura {document['invoiceNo']}",
            body=recipient.get("emailContent"),
            recipientType=recipient.get("emailRecipientType"),
        )
    return {key: value for key, value in out.items() if value is not None}
