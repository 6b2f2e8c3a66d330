"""Costs (purchase invoices), the account's bookkeeper and tenant, `hello`, and uploaded files."""

from __future__ import annotations

import hashlib

from mockserver.providers.konto.errors import FileRequired, InvalidField, NothingToUpdate
from mockserver.providers.konto.forms import Upload
from mockserver.providers.konto.models import ACCOUNTING_STATUSES, AccountingData
from mockserver.providers.konto.rules.books import Books, changes, number, page_of, status_filter

COSTS_PER_PAGE = 10
MAX_FILE_BYTES = 5 * 1024 * 1024
BOOKKEEPER_FIELDS = (
    "guid",
    "name",
    "username",
    "registration_no",
    "vat_no",
    "email",
    "service_provider_guid",
    "status",
    "count_of_bookkeepers",
    "instance_config",
)
TENANT_FIELDS = (
    "guid",
    "name",
    "username",
    "api_key",
    "registration_no",
    "vat_no",
    "email",
    "address",
    "zip",
    "city",
    "phone_number",
    "bank_account",
    "bank_provider",
    "claim_identifier",
    "bank_username",
    "bank_password",
    "claim_branch",
    "bookkeeper_guid",
    "active_plan",
    "count_of_payusers",
    "active_item",
)


# -- costs ----------------------------------------------------------------------------------------


def render_cost(cost: dict) -> dict:
    shown = dict(cost)
    for key in ("amount", "vat_AA", "vat_S"):
        shown[key] = number(cost[key])
    return shown


def filtered_costs(books: Books, accounting_status: str | None) -> list[dict]:
    wanted = status_filter(accounting_status, ACCOUNTING_STATUSES)
    rows = list(books.table("costs").values())
    return rows if wanted is None else [row for row in rows if row["accounting_status"] in wanted]


def list_costs(books: Books, accounting_status: str | None, limit: int | None, page: int | None) -> dict:
    """A page of costs (10 unless `limit` says otherwise) and whether there are more."""
    rows = filtered_costs(books, accounting_status)
    limit, page = limit or COSTS_PER_PAGE, page or 1
    return {
        "rows": [render_cost(row) for row in page_of(rows, limit, page)],
        "limit": limit,
        "page": page,
        "hasMore": page * limit < len(rows),
    }


def count_costs(books: Books, accounting_status: str | None) -> int:
    return len(filtered_costs(books, accounting_status))


def get_cost(books: Books, guid: str) -> dict:
    return render_cost(books.find("costs", guid, "Cost"))


def update_cost(books: Books, guid: str, data: AccountingData) -> str:
    books.find("costs", guid, "Cost")
    given = changes(data, ("accounting_status", "accounting_message", "status"))
    if "status" in given:
        raise InvalidField("status", "a cost has no status to change; use accounting_status")
    cost = books.edit("costs", guid, "Cost")
    if given.get("accounting_status"):
        cost["accounting_status"] = given["accounting_status"]
    if "accounting_message" in given:
        cost["accounting_message"] = given["accounting_message"] or ""
    cost["updated_timestamp"] = books.today.isoformat()
    return guid


# -- the account -------------------------------------------------------------------------------


def own_tenant(books: Books) -> dict:
    return books.table("tenants")[books.account["tenant_guid"]]


def hello(books: Books) -> dict:
    tenant = own_tenant(books)
    return {"name": tenant["name"], "registration_no": tenant["registration_no"], "vat_no": tenant["vat_no"]}


def get_tenant(books: Books, guid: str) -> dict:
    tenant = books.find("tenants", guid, "Tenant")
    shown = {key: tenant.get(key) for key in TENANT_FIELDS}
    if guid == books.account["tenant_guid"]:
        # The account's own tenant carries the credentials this workspace was given.
        shown.update(username=books.username, api_key=books.api_key)
    return shown


def get_bookkeeper(books: Books, guid: str) -> dict:
    bookkeeper = books.find("bookkeepers", guid, "Bookkeeper")
    return {key: bookkeeper.get(key) for key in BOOKKEEPER_FIELDS}


def update_bookkeeper(
    books: Books, guid: str, status: str | None, count: int | None, instance_config: dict | None
) -> str:
    books.find("bookkeepers", guid, "Bookkeeper")
    if status is None and count is None and instance_config is None:
        raise NothingToUpdate(("status", "count_of_bookkeepers", "instance_config"))
    bookkeeper = books.edit("bookkeepers", guid, "Bookkeeper")
    if status is not None:
        bookkeeper["status"] = status
    if count is not None:
        bookkeeper["count_of_bookkeepers"] = count
    if instance_config is not None:
        bookkeeper["instance_config"] = instance_config
    return guid


# -- files ------------------------------------------------------------------------------------------


def upload_file(books: Books, upload: Upload | None) -> int:
    """Keep the file's particulars (not its bytes) under a new id that invoices can list in `files`."""
    if upload is None or not upload.content:
        raise FileRequired()
    if len(upload.content) > MAX_FILE_BYTES:
        raise InvalidField("file", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    file_id = books.next_counter("file_id")
    books.put(
        "files",
        {
            "id": file_id,
            "filename": upload.filename,
            "content_type": upload.content_type,
            "size": len(upload.content),
            "sha256": hashlib.sha256(upload.content).hexdigest(),
            "uploaded": books.stamp(),
        },
        key=str(file_id),
    )
    return file_id
