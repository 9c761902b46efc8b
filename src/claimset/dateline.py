"""The dateline at the top of an agency item, which gives a day and a month but no year.

Interfax and TASS write «Москва. 25 июля.» or «МОСКВА, 25 июля.», RIA Novosti
«МОСКВА, 5 дек - РИА Новости». Only these exact forms are read, at the start
of a line (after the page's ` date YYYY-MM-DD ` marker, where a text taken
from a page has one), and only in the first `HEAD` characters of a text: a
date in the body is no dateline.
A text whose head holds two datelines with different days is read as having
none: nothing is judged from an ambiguous reading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

HEAD = 400

GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня",
            "июля", "августа", "сентября", "октября", "ноября", "декабря")
# RIA Novosti's abbreviations (May is written whole).
ABBREVIATED = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")

_WORD = r"[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)*"
_CITY = rf"{_WORD}(?: {_WORD}){{0,2}}"
# A dateline starts a line; the texts taken from a page may carry the page's own date marker before it.
_START = r"(?:^|(?<=\n))[^\S\n]*(?:date \d{4}-\d{2}-\d{2}[^\S\n]+)?"
_FORMS = (
    (re.compile(rf"{_START}(?P<city>{_CITY})[.,] (?P<day>\d{{1,2}}) (?P<month>{'|'.join(GENITIVE)})\.(?!\d)"),
     GENITIVE),
    (re.compile(rf"{_START}(?P<city>{_CITY}), (?P<day>\d{{1,2}}) (?P<month>{'|'.join(ABBREVIATED)}) [-–—] РИА Новости"),
     ABBREVIATED),
)


@dataclass(frozen=True)
class Dateline:
    day: int
    month: int
    start: int  # offset in the text
    text: str  # as written, from the city to the month

    def agrees(self, day: dt.date) -> bool:
        return (day.month, day.day) == (self.month, self.day)

    @property
    def day_month(self) -> str:
        return f"{self.day} {GENITIVE[self.month - 1]}"


def find(text: str) -> Optional[Dateline]:
    """The dateline in the text's head, when there is one reading of it; else None."""
    head = text[:HEAD]
    found = []
    for pattern, months in _FORMS:
        for match in pattern.finditer(head):
            month, day = months.index(match["month"]) + 1, int(match["day"])
            try:
                dt.date(2000, month, day)  # a leap year: 29 февраля is a day
            except ValueError:
                return None
            found.append(Dateline(day, month, match.start("city"), head[match.start("city"):match.end("month")]))
    if len({(d.day, d.month) for d in found}) != 1:
        return None
    return min(found, key=lambda d: d.start)
