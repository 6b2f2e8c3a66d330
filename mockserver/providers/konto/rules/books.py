"""`Books`: one workspace's Konto state, its clock and the account's own user, as rules see it.

State is the core `Store`'s, JSON-ready: tables are dicts keyed by guid (insertion-ordered, so lists come out in the
order things were created), money is stored as decimal strings, dates as `Y-m-d` strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from mockserver.core.money import round_half_up
from mockserver.providers.konto.errors import InvalidField, NotFound, NothingToUpdate

if TYPE_CHECKING:
    from mockserver.core.operations import Call
    from mockserver.core.store import Store

TABLES = (
    "customers",
    "items",
    "invoices",
    "costs",
    "bookkeepers",
    "tenants",
    "users",
    "orders",
    "recurring",
    "files",
)
_GREGORIAN = datetime(1582, 10, 15, tzinfo=UTC)
# Konto's guids are MySQL UUID()s: version 1, time-based, one node per server.
_NODE = 0x0050560102F2


def empty_state() -> dict:
    """The layout of core `Store`: tables by name, counters, and the account beside them."""
    return {
        "tables": {name: {} for name in TABLES},
        "counters": {"guid": 0, "invoice_number": 0, "item_number": 0, "file_id": 1110},
        "account": {},
    }


def time_guid(moment: datetime, sequence: int) -> str:
    """A version-1 UUID from an instant and a sequence number: unique, and in Konto's format."""
    ticks = int((moment - _GREGORIAN).total_seconds() * 10_000_000) + sequence
    time_low, time_mid = ticks & 0xFFFFFFFF, (ticks >> 32) & 0xFFFF
    time_hi = ((ticks >> 48) & 0x0FFF) | 0x1000
    clock_seq = 0x8000 | (sequence & 0x3FFF)
    return f"{time_low:08x}-{time_mid:04x}-{time_hi:04x}-{clock_seq:04x}-{_NODE:012x}"


def money(value: Decimal | str | int) -> str:
    """Money as stored: a decimal string with two places, rounded half up."""
    return str(round_half_up(Decimal(value)))


def number(value: str | None) -> float | int | None:
    """A stored decimal as the JSON number Konto answers with."""
    if value is None:
        return None
    amount = Decimal(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def konto_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class Books:
    """The Konto state of one workspace, seen at one instant by one user: a thin view over the
    provider's core `Store`, which holds the tables, counters and the account.

    Reads hand out the stored documents, never to be changed in place; every write goes through
    the store (`put`, `edit`, `delete`, counters), so the request's transaction can roll all of
    it back and copy-on-write forks never see each other's changes."""

    def __init__(self, store: Store, now: datetime, username: str = "", api_key: str = "") -> None:
        self.store = store
        self.now = now
        self.username = username
        self.api_key = api_key

    @classmethod
    def of(cls, call: Call) -> Books:
        """The books as one request's rule sees them: its clock and its workspace's credentials."""
        return cls(
            call.store, call.now(), call.credentials.get("username", ""), call.credentials.get("api_key", "")
        )

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def account(self) -> dict:
        return self.store.value("account") or {}

    def stamp(self) -> str:
        """`updated_timestamp` as Konto writes it (MySQL DATETIME)."""
        return self.now.strftime("%Y-%m-%d %H:%M:%S")

    def table(self, name: str) -> dict[str, dict]:
        """The table's documents by guid, read-only."""
        return self.store.table(name)

    def rows(self, name: str) -> list[dict]:
        return list(self.store.all(name))

    def new_guid(self, table: str) -> str:
        while True:
            guid = time_guid(self.now, self.store.next("guid"))
            if self.store.get(table, guid) is None:
                return guid

    def next_counter(self, name: str) -> int:
        return self.store.next(name)

    def find(self, table: str, guid: str | None, what: str) -> dict:
        """The document with this guid (read-only), or the error Konto gives for an unknown one."""
        found = self.store.get(table, guid or "")
        if found is None:
            raise NotFound(what, guid or "")
        return found

    def edit(self, table: str, guid: str | None, what: str) -> dict:
        """A private copy of the document, stored in its place, to change freely."""
        self.find(table, guid, what)
        return self.store.edit(table, guid)

    def put(self, table: str, document: dict, key: str | None = None) -> dict:
        """Store `document` under its guid (or `key`), replacing whatever was there."""
        return self.store.put(table, key if key is not None else document["guid"], document)

    def delete(self, table: str, key: str) -> None:
        self.store.delete(table, key)


def page_of(rows: list, limit: int | None, page: int | None) -> list:
    """Konto's paging: without `limit` everything; `page` counts from 1."""
    if limit is None:
        return rows
    start = ((page or 1) - 1) * limit
    return rows[start : start + limit]


def status_filter(
    text: str | None, allowed: Iterable[str], field: str = "accounting_status"
) -> set[str] | None:
    """A comma-separated list such as "Created,Error", each value checked."""
    if text is None:
        return None
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    allowed = tuple(allowed)
    unknown = sorted(wanted - set(allowed))
    if unknown:
        raise InvalidField(field, f"{', '.join(unknown)} is not one of {', '.join(allowed)}")
    return wanted


def changes(data, fields: tuple[str, ...]) -> dict:
    """The fields an update request actually gives; an update that gives none is refused."""
    given = data.model_dump(exclude_unset=True, include=set(fields))
    if not given:
        raise NothingToUpdate(fields)
    return given
