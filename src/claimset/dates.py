"""Dates that keep their precision: the EDTF (ISO 8601-2) subset the dataset uses.

A value is a year (``2025``), a month (``2025-11``) or a day (``2025-11-04``),
optionally qualified ``~`` (approximate), ``?`` (uncertain) or ``%`` (both),
or an interval of two such values separated by ``/``, either end ``..`` (open).

Every value covers a range of days, from its ``earliest`` to its ``latest``
(``None`` at an open end). The qualifiers do not widen that range: ``2025-11~``
covers November 2025.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

_POINT = r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[~?%])?"
POINT_RE = re.compile(rf"^{_POINT}$")
PATTERN = (
    r"^(\d{4}(-\d{2}(-\d{2})?)?[~?%]?|\.\.)"
    r"(/(\d{4}(-\d{2}(-\d{2})?)?[~?%]?|\.\.))?$"
)


@dataclass(frozen=True)
class DatePoint:
    """One date at year, month or day precision."""

    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


@dataclass(frozen=True)
class DateValue:
    """A point, or an interval whose ends may be open (``None``)."""

    text: str
    start: DatePoint | None
    end: DatePoint | None
    interval: bool

    @property
    def earliest(self) -> dt.date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> dt.date | None:
        return self.end.latest if self.end else None

    @property
    def precision(self) -> str:
        point = self.start or self.end
        return "interval" if self.interval else point.precision  # type: ignore[union-attr]

    def __str__(self) -> str:
        return self.text


def _point(text: str) -> DatePoint:
    match = POINT_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date like 2025, 2025-11 or 2025-11-04 (optionally ending ~ ? or %)")
    year = int(match["year"])
    if year == 0:
        raise ValueError(f"{text!r}: there is no year 0000; years run from 0001 to 9999")
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month} does not exist")
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise ValueError(f"{text!r}: {year}-{month:02d} has no day {day}")
    qualifier = match["qualifier"] or ""
    return DatePoint(year, month, day, approximate=qualifier in ("~", "%"), uncertain=qualifier in ("?", "%"))


def _end_point(text: str, end: str, which: str) -> DatePoint:
    # A slash makes the text an interval; a day-first date such as 11/2025 lands here, so the
    # message says how the text was read, not only that its first part is no date.
    try:
        return _point(end)
    except ValueError as exc:
        hint = "" if POINT_RE.match(end) else "; dates are written year first (2025-11, not 11/2025)"
        raise ValueError(f"{text!r} reads as an interval START/END (the slash), and its {which}: {exc}{hint}") from None


def parse(text: str) -> DateValue:
    """Parse an EDTF-subset date; raise ValueError with a contributor-facing message."""
    if not isinstance(text, str):
        raise ValueError(f"a date must be text such as '2025-11-04', not {type(text).__name__}")
    return _parse(text)


@lru_cache(maxsize=4096)  # the same dates recur across claims; values are immutable
def _parse(text: str) -> DateValue:
    if "/" not in text:
        if text == "..":
            raise ValueError("'..' (open) is only allowed as one end of an interval")
        point = _point(text)
        return DateValue(text, point, point, interval=False)
    left, _, right = text.partition("/")
    start = None if left == ".." else _end_point(text, left, "start")
    end = None if right == ".." else _end_point(text, right, "end")
    if start is None and end is None:
        raise ValueError("an interval needs at least one closed end")
    if start and end and start.earliest > end.latest:
        raise ValueError(f"interval {text!r} ends before it starts")
    return DateValue(text, start, end, interval=True)


DateLike = Union[str, dt.date]


def days(value: DateLike) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """The earliest and latest day ``value`` can denote (``None`` at an open end).

    ``value`` is text in the dataset's date forms (``2025``, ``2025-11``,
    ``2025-10/2025-11``, ``../2025-11-01`` …), a ``date``, or a ``datetime``,
    which stands for its calendar day as written (its time and time zone are
    not converted).
    """
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, str):
        parsed = parse(value)
        return parsed.earliest, parsed.latest
    raise TypeError(f"a date must be text such as '2025-11-04', a date or a datetime, not {type(value).__name__}")
