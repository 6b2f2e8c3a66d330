"""The EHF recipient lookup: can an organization number receive EHF (PEPPOL BIS Billing 3.0)
invoices and credit notes? Answered from the workspace's EHF registry (seeded, and editable on
the control plane); a number that is not 9 digits with a valid mod 11 check digit answers 200
with `inputValid: false`, as a lookup does, not an error."""

from __future__ import annotations

from mockserver.core.identifiers import valid_no_org_number
from mockserver.core.operations import Call
from mockserver.core.store import Store

REGISTRY = "ehfRegistry"
SCHEME = "0192"  # the ICD of Norwegian organization numbers in PEPPOL participant ids
INVOICE = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017"
    "#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)
CREDIT_NOTE = (
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017"
    "#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)


def normalized(number: str) -> str:
    return "".join(number.split())


def entry(store: Store, number: str | None) -> dict | None:
    """The registry's flags for an organization number (None: not a receiver)."""
    return (store.value(REGISTRY) or {}).get(normalized(str(number or "")))


def can_receive(store: Store, number: str | None, *, credit_note: bool = False) -> bool:
    found = entry(store, number)
    return bool(found and found.get("canReceiveCreditNotes" if credit_note else "canReceiveInvoices"))


def recipient_info(call: Call, recipientId: str) -> dict:  # noqa: N803 - the published name
    number = normalized(recipientId)
    if not valid_no_org_number(number):
        return {
            "inputValid": False,
            "canReceiveInvoices": False,
            "canReceiveCreditNotes": False,
            "canReceiveEhf30": False,
        }
    found = entry(call.store, number) or {}
    invoices, credit_notes = bool(found.get("canReceiveInvoices")), bool(found.get("canReceiveCreditNotes"))
    out = {
        "inputValid": True,
        "participantIdentifier": f"{SCHEME}:{number}",
        "canReceiveInvoices": invoices,
        "canReceiveCreditNotes": credit_notes,
        "canReceiveEhf30": bool(found.get("canReceiveEhf30")),
    }
    if invoices or credit_notes:
        out.update(
            peppolVersion="PEPPOL BIS Billing 3.0",
            invoice=INVOICE if invoices else None,
            creditNote=CREDIT_NOTE if credit_notes else None,
            serviceDescription="Conta",
            accessPointAddress="https://peppol-ap.example.no/as4",
        )
    return {key: value for key, value in out.items() if value is not None}
