"""Every curl example of the Konto docs, run with curl itself against a fresh server, only the
host changed (https://dev.konto.is -> the sandbox's /konto), and the documented fields checked."""

import re
import shlex
import shutil
import subprocess

import httpx
import orjson
import pytest

from mockserver.testing.client import RunningServer

SEED = "seeds/001_659fdfe9779ddf0a.txt"
CUSTOMER_FIELDS = {
    "guid",
    "output_select",
    "name",
    "address",
    "zip",
    "city",
    "registration_no",
    "email",
    "term",
    "photo",
    "due_date",
    "settlement_date",
    "trading_partner_id",
    "phone_number",
    "vat",
    "lang",
    "currency",
    "tax_exempt",
    "updated_timestamp",
}
ITEM_FIELDS = {
    "guid",
    "item_number",
    "description",
    "uom",
    "tax",
    "unit_price",
    "category",
    "active",
    "updated_timestamp",
}
INVOICE_FIELDS = {
    "guid",
    "number",
    "amount",
    "currency",
    "status",
    "issue_date",
    "due_date",
    "settlement_date",
    "description",
    "booking",
    "cost_provide",
    "delivery_date",
    "terms",
    "type",
    "refer_guid",
    "accounting_status",
    "accounting_message",
    "updated_timestamp",
    "items",
    "customer",
}
COST_FIELDS = {
    "guid",
    "description",
    "vat_no",
    "amount",
    "vat_AA",
    "vat_S",
    "cost_code",
    "how_paid",
    "file",
    "posting_date",
    "xml",
    "accounting_status",
    "updated_timestamp",
}
DASHBOARD_FIELDS = {
    "invoice_creator_username",
    "invoice_issue_date",
    "invoice_number",
    "invoice_status",
    "customer_number",
    "customer_name",
    "customer_guid",
    "invoice_description",
    "document_type",
    "invoice_booking_information",
    "invoice_order_reference",
    "invoice_cost_location",
    "invoice_total_excluding_vat",
    "invoice_vat_total",
    "invoice_total_discount",
    "invoice_total_including_vat",
    "items",
}
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def examples(shared_dir) -> list[str]:
    text = (shared_dir / SEED).read_text()
    return [line.strip() for line in text.splitlines() if line.strip().startswith("curl ")]


def slug_of(command: str) -> str:
    return re.search(r"/api/v1/([a-z-]+)", command).group(1)


def is_list_of(result, fields: set) -> bool:
    return isinstance(result, list) and result and all(fields <= set(row) for row in result)


CHECKS = {
    "hello": lambda body: (
        body["message"] == "Connection succeeded" and {"name", "registration_no", "vat_no"} <= set(body)
    ),
    "get-customers": lambda body: is_list_of(body["result"], CUSTOMER_FIELDS),
    "get-count-customers": lambda body: isinstance(body["result"], int) and body["result"] > 0,
    "get-customer": lambda body: CUSTOMER_FIELDS <= set(body["result"]),
    "get-items": lambda body: is_list_of(body["result"], ITEM_FIELDS),
    "get-count-items": lambda body: isinstance(body["result"], int) and body["result"] > 0,
    "get-item": lambda body: ITEM_FIELDS <= set(body["result"]),
    "get-invoices": lambda body: is_list_of(body["result"], INVOICE_FIELDS),
    "get-count-invoices": lambda body: isinstance(body["result"], int) and body["result"] > 0,
    "get-invoice": lambda body: INVOICE_FIELDS <= set(body["result"]),
    "get-costs": lambda body: (
        is_list_of(body["result"], COST_FIELDS) and {"hasMore", "limit", "page", "next_url"} <= set(body)
    ),
    "get-count-costs": lambda body: isinstance(body["result"], int) and body["result"] > 0,
    "get-cost": lambda body: COST_FIELDS <= set(body["result"]),
    "get-bookkeeper": lambda body: (
        {"guid", "name", "status", "count_of_bookkeepers", "instance_config"} <= set(body["result"])
    ),
    "get-tenant": lambda body: (
        {"guid", "name", "username", "api_key", "registration_no", "bank_account"} <= set(body["result"])
    ),
    "get-invoices-from-order": lambda body: is_list_of(body["result"], INVOICE_FIELDS),
    "get-dashboard-data": lambda body: is_list_of(body["result"], DASHBOARD_FIELDS),
    "delete-order-invoice": lambda body: True,
    # The docs' upload example posts to create-recurring-invoice; the answer is the file id.
    "create-recurring-invoice": lambda body: isinstance(body["result"], int | str),
}


@pytest.fixture(scope="module")
def fresh_server():
    server = RunningServer()
    yield server
    server.stop()


def run_like_curl(argv: list[str], cwd) -> bytes:
    """What `curl -X METHOD -F name=value ... URL` sends, sent with httpx: a multipart body
    (also on GET), `-F name=@file` as an upload. For machines without curl."""
    method, fields, headers, url = "GET", [], {}, None
    args = iter(argv[1:])
    for arg in args:
        if arg == "-X":
            method = next(args)
        elif arg == "-H":
            name, _, value = next(args).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-F":
            name, _, value = next(args).partition("=")
            if value.startswith("@"):
                fields.append((name, (value[1:], (cwd / value[1:]).read_bytes(), "application/pdf")))
            else:
                fields.append((name, (None, value)))
        elif not arg.startswith("-"):
            url = arg
    if fields:  # curl completes a bare multipart/form-data header with its boundary; httpx sets its own
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    return httpx.request(method, url, files=fields or None, headers=headers, timeout=20).content


@pytest.fixture(scope="module")
def curl():
    """curl itself where installed (the docs' own client); else None, and httpx sends the same."""
    return shutil.which("curl")


def test_the_docs_have_thirty_one_examples(shared_dir):
    assert len(examples(shared_dir)) == 31


def test_each_curl_example_succeeds_as_written(shared_dir, fresh_server, curl, tmp_path):
    (tmp_path / "10121.pdf").write_bytes(b"%PDF-1.4\n% a one-page test attachment\n%%EOF\n")
    admin = httpx.Client(base_url=f"{fresh_server.url}/_admin", timeout=10)
    for command in examples(shared_dir):
        admin.post("/workspaces/default/reset").raise_for_status()
        argv = shlex.split(command.replace("https://dev.konto.is", f"{fresh_server.url}/konto"))
        if curl:
            done = subprocess.run(
                [curl, "-s", *argv[1:]], capture_output=True, cwd=tmp_path, timeout=20, check=True
            )
            body = orjson.loads(done.stdout)
        else:
            body = orjson.loads(run_like_curl(argv, tmp_path))
        slug = slug_of(command)
        assert body["status"] is True, (slug, body)
        check = CHECKS.get(slug, lambda answer: GUID.match(str(answer["result"])) is not None)
        assert check(body), (slug, body)
    admin.close()
