"""Clients: companies or individuals an account invoices."""

from __future__ import annotations

import re

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.fakturan.errors import NotFound
from mockserver.providers.fakturan.models import ClientInput
from mockserver.providers.fakturan.rules.common import Errors, blank, next_number, note_number
from mockserver.providers.fakturan.rules.listing import Page, Resource, by_number, listing, text_key

# Rails' usual email format check: something@something.tld, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_STRING_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "company",
    "phone",
    "home_phone",
    "mobile_phone",
    "fax",
    "org_number",
    "web",
    "vat_number",
    "gln",
)
_ADDRESS_FIELDS = ("street_address", "care_of", "zip_code", "city", "country")
_SETTINGS_SHOWN = (
    "currency",
    "discount",
    "email_attach_pdf",
    "invoice_days",
    "invoice_delivery_method",
    "invoice_template",
    "locale",
    "prices_inc_tax",
    "show_product_code",
    "tax",
)
# Settings the 2025 recordings show on every client, beside the documented ones.
SETTINGS_DEFAULTS = {"estimate_valid_to_days": 30, "use_invoice_address_as_delivery_address": True}


def get(store: Store, client_id) -> dict:
    client = store.get("clients", client_id)
    if client is None:
        raise NotFound
    return client


def validate(
    store: Store, data: ClientInput, errors: Errors, *, prefix: str = "", current: dict | None = None
) -> dict:
    """The client as it would be after applying `data`; problems go into `errors`."""
    merged = _merge(store, data, current)
    if merged["client_type"] == "individual":
        for field in ("first_name", "last_name"):
            if blank(merged[field]):
                errors.add(f"{prefix}{field}", "blank")
    elif blank(merged["company"]):
        errors.add(f"{prefix}company", "blank")
    if merged["email"] and not _EMAIL.match(merged["email"]):
        errors.add(f"{prefix}email", "invalid")
    if store.taken("clients", "number", merged["number"], besides=merged.get("id")):
        errors.add(f"{prefix}number", "taken", value=merged["number"])
    return merged


def _merge(store: Store, data: ClientInput, current: dict | None) -> dict:
    if current is None:
        account = store.value("account")
        current = {
            "number": next_number(store, "clients"),
            "client_type": "company",
            **{field: "" for field in _STRING_FIELDS},
            "settings": {
                "currency": account["currency"],
                "discount": 0,
                "email_attach_pdf": False,
                "invoice_days": account["invoice_days"],
                "invoice_delivery_method": "email",
                "invoice_template": account["invoice_template"],
                "locale": account["locale"],
                "prices_inc_tax": "no",
                "show_product_code": False,
                "tax": account["tax"],
                "e_invoice": False,
                **SETTINGS_DEFAULTS,
            },
            # The service's column default: a client created without an address is in Sweden.
            "address": {**{field: "" for field in _ADDRESS_FIELDS}, "country": "SE"},
        }
    merged = {**current, "settings": dict(current["settings"]), "address": dict(current["address"])}
    given = data.model_dump(exclude_unset=True, exclude={"settings", "address"})
    merged.update(
        {key: ("" if value is None and key in _STRING_FIELDS else value) for key, value in given.items()}
    )
    if merged.get("number") is None:
        merged["number"] = next_number(store, "clients")
    if merged.get("client_type") is None:
        merged["client_type"] = "company"
    if data.settings is not None:
        merged["settings"].update(data.settings.model_dump(exclude_unset=True, exclude_none=True))
    if data.address is not None:
        merged["address"].update({k: v or "" for k, v in data.address.model_dump(exclude_unset=True).items()})
    return merged


def create(store: Store, data: ClientInput, errors: Errors) -> dict:
    client = validate(store, data, errors)
    errors.raise_if_any()
    return insert(store, client)


def insert(store: Store, client: dict) -> dict:
    note_number(store, "clients", client["number"])
    return store.insert("clients", client)


def update(store: Store, client_id, data: ClientInput, errors: Errors) -> None:
    current = get(store, client_id)
    merged = validate(store, data, errors, current=current)
    errors.raise_if_any()
    note_number(store, "clients", merged["number"])
    store.put("clients", current["id"], {**current, **merged})


def display_name(client: dict) -> str:
    if client["client_type"] == "individual":
        return f"{client['first_name']} {client['last_name']}".strip()
    return client["company"]


def render(client: dict) -> dict:
    # The top level written out, not merged from comprehensions: every GET of a client runs
    # this, and in Python 3.11 each comprehension is a call of its own.
    settings = client["settings"]
    shown = {key: settings[key] for key in _SETTINGS_SHOWN}
    for key, default in SETTINGS_DEFAULTS.items():
        shown[key] = settings.get(key, default)
    address = client["address"]
    return {
        "id": client["id"],
        "number": client["number"],
        "name": display_name(client),
        "first_name": client["first_name"],
        "last_name": client["last_name"],
        "email": client["email"],
        "fax": client["fax"],
        "phone": client["phone"],
        "home_phone": client["home_phone"],
        "mobile_phone": client["mobile_phone"],
        "client_type": client["client_type"],
        "org_number": client["org_number"],
        "settings": shown,
        "address": {field: address[field] for field in _ADDRESS_FIELDS},
    }


def matches(client: dict, filters: dict) -> bool:
    if "number" in filters and str(client["number"]) != filters["number"]:
        return False
    if "org_number" in filters and client["org_number"] != filters["org_number"]:
        return False
    return not ("email" in filters and client["email"].lower() != filters["email"].lower())


RESOURCE = Resource(
    "clients",
    render,
    matches,
    filters=("number", "org_number", "email"),
    sorts={"number": lambda client: client["number"], "name": lambda client: text_key(display_name(client))},
    narrow=by_number("clients"),
)


# -- operations ----------------------------------------------------------------------------------


def list_clients(call: Call, query: list) -> Page:
    return listing(call, RESOURCE, query)


def show_client(call: Call, id: int) -> dict:
    return render(get(call.store, id))


def create_client(call: Call, data: ClientInput, errors: Errors) -> dict:
    return render(create(call.store, data, errors))


def update_client(call: Call, id: int, data: ClientInput, errors: Errors) -> None:
    update(call.store, id, data, errors)
