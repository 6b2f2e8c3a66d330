"""The virtual clock: the only place in mockserver that reads the wall clock.

Every workspace has its own clock. It starts at the workspace's `clock_start` and then runs with
real time (unless frozen), so dates in responses are a function of the start and of what the test
did to the clock, never of the day the test happens to run on.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, date, datetime, timedelta

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


# The range every clock stays in. Seeded data and providers date things years around the clock
# (due dates, recurring invoices, token expiry) and Konto accepts dates from 1900 to 2199 only,
# so the range leaves a century of room on either side; datetime itself stops at year 9999.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
RANGE = "from 1970 to 2100"


def today_midnight_utc() -> datetime:
    """The default clock start: today 00:00 UTC, so that all of a day's runs agree."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant (`2026-01-31T12:00:00Z`, or a bare date) as an aware UTC datetime."""
    if not isinstance(text, str) or not text:
        raise ValueError("expected an ISO 8601 instant such as 2026-01-31T12:00:00Z")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 instant such as 2026-01-31T12:00:00Z") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def in_range(moment: datetime) -> datetime:
    """`moment` if a clock may show it, else ValueError naming the range."""
    if not EARLIEST <= moment <= LATEST:
        raise ValueError(f"{format_instant(moment)} is outside the clock's range, {RANGE}")
    return moment


def clock_instant(text: str) -> datetime:
    """An instant a clock may be set to: parse_instant within EARLIEST..LATEST."""
    return in_range(parse_instant(text))


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar month arithmetic: Jan 31 + 1 month is the last day of February."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_duration(moment: datetime, text: str) -> datetime:
    """Add an ISO 8601 duration (`P30D`, `PT1H`, `P1M`, `-P1D`) to `moment`."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or text in ("P", "PT", "-P"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as P30D or PT1H")
    parts = {k: v for k, v in match.groupdict().items() if k != "sign"}
    sign = -1 if match["sign"] else 1
    months = int(parts["years"] or 0) * 12 + int(parts["months"] or 0)
    try:
        delta = timedelta(
            weeks=int(parts["weeks"] or 0),
            days=int(parts["days"] or 0),
            hours=int(parts["hours"] or 0),
            minutes=int(parts["minutes"] or 0),
            seconds=float(parts["seconds"] or 0),
        )
        return add_months(moment, sign * months) + sign * delta
    except (OverflowError, ValueError):
        # Beyond datetime's years 1 to 9999: never a clock anyone can use.
        raise ValueError(f"{text!r} moves the clock outside its range, {RANGE}") from None


def duration_seconds(text: str) -> float:
    """The length of a duration without months or years (`PT1S`, `PT1M`), in seconds."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    return (add_duration(epoch, text) - epoch).total_seconds()


def format_instant(moment: datetime) -> str:
    """An instant as ISO 8601 in UTC with a `Z`, the form the control plane speaks."""
    moment = moment.astimezone(UTC)
    timespec = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=timespec).replace("+00:00", "Z")


class Clock:
    """A workspace's clock: virtual time that runs with real time unless frozen."""

    __slots__ = ("start", "frozen", "_anchor_virtual", "_anchor_real")

    def __init__(self, start: datetime, *, frozen: bool = False, now: datetime | None = None) -> None:
        self.start = start
        self.frozen = frozen
        self._anchor_virtual = now or start
        self._anchor_real = time.monotonic()

    def now(self) -> datetime:
        if self.frozen:
            return self._anchor_virtual
        # timedelta(days, seconds) positionally: read on every request, and keywords cost more
        return self._anchor_virtual + timedelta(0, time.monotonic() - self._anchor_real)

    def today(self) -> date:
        return self.now().date()

    def set(self, moment: datetime) -> None:
        self._anchor_virtual = moment
        self._anchor_real = time.monotonic()

    def advance(self, duration: str) -> None:
        self.set(self.advanced(duration))

    def advanced(self, duration: str) -> datetime:
        """Where `advance(duration)` would take the clock; ValueError beyond its range."""
        moment = add_duration(self.now(), duration)
        try:
            return in_range(moment)
        except ValueError:
            raise ValueError(f"{duration!r} moves the clock outside its range, {RANGE}") from None

    def freeze(self, frozen: bool) -> None:
        self.set(self.now())
        self.frozen = frozen

    def reset(self) -> None:
        self.frozen = False
        self.set(self.start)

    def to_dict(self) -> dict:
        return {"now": format_instant(self.now()), "start": format_instant(self.start), "frozen": self.frozen}

    @classmethod
    def from_dict(cls, data: dict) -> Clock:
        return cls(
            clock_instant(data["start"]), frozen=bool(data.get("frozen")), now=clock_instant(data["now"])
        )
