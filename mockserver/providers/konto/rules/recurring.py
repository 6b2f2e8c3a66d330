"""Recurring invoices: a template and a schedule; the workspace clock issues the invoices.

Each occurrence (from `recurring_start_date`, every week/month/quarter/year) becomes an invoice
issued on that date, with the template's due and settlement offsets, until
`recurring_max_invoice` invoices exist (0 or absent: no limit).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mockserver.core.clock import add_months
from mockserver.providers.konto.errors import InvalidField
from mockserver.providers.konto.models import RecurringInvoiceData
from mockserver.providers.konto.rules import invoices
from mockserver.providers.konto.rules.books import Books, konto_date

MONTHS = {"monthly": 1, "quarterly": 3, "annually": 12}
# A schedule may start at most this far back; catching up a decade of weekly invoices is the limit.
MAX_BACKDATE_DAYS = 3660


def occurrence(start: date, interval: str, index: int) -> date:
    """The index-th date of a schedule, counted from its start so month ends do not drift."""
    if interval == "weekly":
        return start + timedelta(weeks=index)
    moment = datetime(start.year, start.month, start.day, tzinfo=UTC)
    return add_months(moment, MONTHS[interval] * index).date()


def create_recurring(books: Books, data: RecurringInvoiceData) -> str:
    """Check the schedule and the template (as create-invoice would), store both, catch up."""
    name = invoices.require(data.recurring_name, "recurring_name")
    interval = invoices.require(data.recurring_interval, "recurring_interval")
    start = invoices.require(data.recurring_start_date, "recurring_start_date")
    if (books.today - start).days > MAX_BACKDATE_DAYS:
        raise InvalidField("recurring_start_date", f"{start} is more than ten years ago")
    if data.type is None:
        data = data.model_copy(update={"type": "invoice"})
    ready = invoices.draft_from_data(books, data)
    issue, due, settlement = (
        date.fromisoformat(ready.invoice[key]) for key in ("issue_date", "due_date", "settlement_date")
    )
    guid = books.new_guid("recurring")
    if ready.new_customer is not None:
        invoices.customers.store_customer(books, ready.new_customer)
    for item in ready.new_items:
        books.put("items", item)
    template = {**ready.invoice, "recurring_guid": guid}
    books.put(
        "recurring",
        {
            "guid": guid,
            "recurring_name": name,
            "recurring_interval": interval,
            "recurring_start_date": konto_date(start),
            "recurring_max_invoice": data.recurring_max_invoice or 0,
            "recurring_link_national": bool(data.recurring_link_national),
            "issued": 0,
            "due_days": (due - issue).days,
            "settlement_days": (settlement - issue).days,
            "mark_paid": bool(data.mark_paid),
            "template": template,
            "updated_timestamp": books.stamp(),
        },
    )
    catch_up(books)
    return guid


def catch_up(books: Books) -> None:
    """Issue every occurrence that the clock has reached."""
    for stored in books.rows("recurring"):
        start = date.fromisoformat(stored["recurring_start_date"])
        limit = stored["recurring_max_invoice"]
        schedule = stored
        while not limit or schedule["issued"] < limit:
            day = occurrence(start, schedule["recurring_interval"], schedule["issued"])
            if day > books.today:
                break
            if schedule is stored:  # only a schedule that issues is copied (and rewritten)
                schedule = books.edit("recurring", stored["guid"], "Recurring invoice")
            issue_one(books, schedule, day)


def issue_one(books: Books, schedule: dict, day: date) -> None:
    """Issue the schedule's next invoice; `schedule` is the store's private copy (`Books.edit`)."""
    template = dict(schedule["template"])
    template.update(
        issue_date=konto_date(day),
        due_date=konto_date(day + timedelta(days=schedule["due_days"])),
        settlement_date=konto_date(day + timedelta(days=schedule["settlement_days"])),
    )
    invoices.issue(books, template, "Paid" if schedule["mark_paid"] else "Sent")
    schedule["issued"] += 1
