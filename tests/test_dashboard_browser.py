"""The dashboard in a real browser (Playwright driving Debian's `chromium`), behind an admin
token: log in, create a workspace, watch a request arrive live, add a scenario rule and see it
fire, browse an invoice, delete with a confirmation, and fit a 420 px screen. Screenshots of the
main views go to docs/screenshots/, which the README shows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from mockserver.testing.client import ControlPlane, RunningServer

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (the test extra has it)"
)

SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TOKEN = "browser-test-token"
RULE = """rules:
  - name: dash-outage
    match: {provider: fakturan, method: GET, path: /fakturan/api/v2/clients/1}
    respond: {status: 503}
"""


def chromium_path() -> str | None:
    given = os.environ.get("MOCKSERVER_CHROMIUM")
    return given or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server():
    running = RunningServer("--admin-token", TOKEN)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium found (apt-get install chromium, or set MOCKSERVER_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("dialog", lambda dialog: dialog.accept())
    yield opened
    context.close()
    assert problems == [], problems


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, server) -> None:
    page.goto(server.url + "/_admin/ui")
    page.wait_for_selector("#login:not([hidden])")
    page.fill("#token", "wrong")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#login-error:has-text('that token was refused')")
    shot(page, "login")
    page.fill("#token", TOKEN)
    page.click("#login button[type=submit]")
    page.wait_for_selector("#live.on")
    assert page.evaluate("sessionStorage.getItem('mockserver.adminToken')") == TOKEN
    assert TOKEN not in page.url


def test_dashboard_end_to_end_behind_an_admin_token(page, server):
    admin = ControlPlane(server.url, token=TOKEN)
    log_in(page, server)

    page.click("#create")
    page.wait_for_selector("#workspaces li.active:not(:has-text('default'))")
    workspace_id = page.get_attribute("#workspaces li.active", "data-id")
    workspace = admin.workspace(workspace_id)
    creds = workspace.credentials["fakturan"]
    api = httpx.Client(base_url=f"{server.url}/fakturan/api/v2", auth=(creds["username"], creds["password"]))

    # A request appears without reloading: pushed by the event stream.
    assert api.get("/clients/1").status_code == 200
    page.wait_for_selector("#requests tr.entry:has-text('/fakturan/api/v2/clients/1')", timeout=3000)
    page.click("#requests tr.entry")
    assert "no scenario rule fired" in page.inner_text("#exchange-rule")
    page.click("#copy-curl")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"curl -X GET '{server.url}/fakturan/api/v2/clients/1'")
    assert "-H 'authorization: Basic " in copied
    shot(page, "requests")

    # A scenario rule added in the page fires on the next request; its hit count follows live.
    page.click("[data-tab=scenarios]")
    page.fill("#rule-text", "rules: [{match: {provider: nope}, respond: {status: 503}}]")
    page.click("#rule-add")
    page.wait_for_selector("#rule-problems li:has-text(\"unknown provider 'nope'\")")
    page.fill("#rule-text", RULE)
    page.click("#rule-add")
    page.wait_for_selector("#rules tr:has-text('dash-outage') td.hits:text-is('0')")
    assert api.get("/clients/1").status_code == 503
    page.wait_for_selector("#rules tr:has-text('dash-outage') td.hits:text-is('1')", timeout=3000)
    shot(page, "scenarios")
    page.uncheck("#rules tr:has-text('dash-outage') input[type=checkbox]")
    page.wait_for_selector("#rules tr:has-text('dash-outage') input[type=checkbox]:not(:checked)")
    assert [r["enabled"] for r in admin.get(f"/workspaces/{workspace_id}/scenarios")["rules"]] == [False]
    assert api.get("/clients/1").status_code == 200
    page.click("[data-tab=requests]")
    page.wait_for_selector("#requests tr.entry:has-text('dash-outage')")
    page.select_option("#f-status", "5")
    assert page.locator("#requests tr.entry").count() == 1
    page.select_option("#f-status", "")

    # Browse the workspace's invoices and open one.
    page.click("[data-tab=data]")
    page.select_option("#d-provider", "fakturan")
    page.click("#d-tables button[data-table=invoices]")
    page.wait_for_selector("#d-page:has-text('20 records')")
    page.click("#d-rows tr.record[data-id='1']")
    page.wait_for_selector("#d-record:not([hidden])")
    record = page.inner_text("#d-record")
    assert '"rows"' in record and '"client_id"' in record
    shot(page, "data")

    # Sending an invoice shows in the outbox, live, with the request that caused it.
    page.click("[data-tab=outbox]")
    page.wait_for_selector("#outbox:has-text('nothing sent yet')")
    client = api.post("/clients", json={"company": "Mottagare AB", "email": "ekonomi@mottagare.se"}).json()[
        "data"
    ]
    rows = [{"text": "Konsult", "amount": "1", "product_price": "100"}]
    invoice = api.post("/invoices", json={"client_id": client["id"], "rows": rows}).json()["data"]
    assert api.post(f"/invoices/{invoice['id']}/send", json={"delivery_method": "email"}).status_code == 200
    page.wait_for_selector("#outbox tr:has-text('ekonomi@mottagare.se')", timeout=3000)
    assert "email" in page.inner_text("#outbox")
    shot(page, "outbox")

    # 420 px: one column, nothing wider than the screen.
    page.set_viewport_size({"width": 420, "height": 900})
    page.click("[data-tab=requests]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    shot(page, "narrow")

    # Delete asks first (the dialog is accepted), then the workspace is gone.
    page.click("#delete")
    page.wait_for_selector("#workspaces li.active:has-text('default')")
    with pytest.raises(httpx.HTTPStatusError):
        admin.workspace(workspace_id)
    admin.close()


def test_docs_page_loads_everything_from_the_sandbox(page, server):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url + "/fakturan/docs")
    page.wait_for_selector(".opblock", timeout=10000)
    assert page.locator(".opblock").count() >= 10
    assert asked and all(url.startswith(server.url) or url.startswith("data:") for url in asked), asked
    shot(page, "docs")
