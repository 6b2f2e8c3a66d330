"""`Books`: one workspace's Konto state, its clock and the account's own user, as rules see it.

State is JSON-ready: tables are dicts keyed by guid (insertion-ordered, so lists come out in the
order things were created), money is stored as decimal strings, dates as `Y-m-d` strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

from mockserver.core.money import round_half_up
from mockserver.providers.konto.errors import InvalidField, KontoError, NotFound, NothingToUpdate

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
    return {
        **{name: {} for name in TABLES},
        "account": {},
        "counters": {"guid": 0, "invoice_number": 0, "item_number": 0, "file_id": 1110},
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
    """The Konto state of one workspace, seen at one instant by one user."""

    def __init__(self, state: dict, now: datetime, username: str = "", api_key: str = "") -> None:
        self.state = state
        self.now = now
        self.username = username
        self.api_key = api_key

    @property
    def today(self) -> date:
        return self.now.date()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Drafts draw guids and numbers before every check has passed; a refused request hands
        them back, so it leaves the state exactly as it found it."""
        counters = dict(self.state["counters"])
        try:
            yield
        except KontoError:
            self.state["counters"] = counters
            raise

    def stamp(self) -> str:
        """`updated_timestamp` as Konto writes it (MySQL DATETIME)."""
        return self.now.strftime("%Y-%m-%d %H:%M:%S")

    def table(self, name: str) -> dict[str, dict]:
        return self.state[name]

    def new_guid(self, table: str) -> str:
        counters = self.state["counters"]
        while True:
            counters["guid"] += 1
            guid = time_guid(self.now, counters["guid"])
            if guid not in self.state[table]:
                return guid

    def next_counter(self, name: str) -> int:
        self.state["counters"][name] += 1
        return self.state["counters"][name]

    def find(self, table: str, guid: str | None, what: str) -> dict:
        """The document with this guid, or the error Konto gives for an unknown one."""
        found = self.state[table].get(guid or "")
        if found is None:
            raise NotFound(what, guid or "")
        return found


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
