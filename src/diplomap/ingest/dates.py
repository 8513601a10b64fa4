"""Publication dates with their precision: day, month or year.

Accepted: ISO forms (``2014-08-04``, ``2014-08-04T08:00:00Z``, ``2014-08``,
``2014``) and written forms in English (``04 Aug, 2014``, ``4 August 2014``,
``August 4, 2014``, ``Monday, 4 August 2014``, ``August 2014``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from diplomap._calendar import MONTHS
from diplomap.errors import BadDateError

__all__ = ["ACCEPTED_FORMS", "PublicationDate", "find_date_line", "parse_date"]

Precision = Literal["day", "month", "year"]

ACCEPTED_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, or written like '4 August 2014' or 'Aug 4, 2014'"


_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_ISO = re.compile(
    r"(?P<year>(?:1[89]|2[01])\d\d)(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_WRITTEN = (
    re.compile(rf"(?:{_WEEKDAY})?{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"(?:{_WEEKDAY})?{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
)
# A header line that is a date, maybe labelled, maybe followed by short trailing
# matter such as a view count ("04 Aug, 2014 · 4592") or a reading time.
_LINE_LABEL = re.compile(r"^(?:published|posted|updated|date|dated)\s*:?\s*", re.IGNORECASE)
_LINE_TAIL = re.compile(r"^\s*(?:[·•|,;–—-]\s*.{0,40})?$")


@dataclass(frozen=True, order=True)
class PublicationDate:
    value: date
    precision: Precision

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def _build(year: str, month: str | None, day: str | None, text: str) -> PublicationDate:
    y = int(year)
    m = (MONTHS[month.lower().rstrip(".")] if not month.isdigit() else int(month)) if month else 1
    d = int(day) if day else 1
    try:
        value = date(y, m, d)
    except ValueError as exc:
        raise BadDateError(f"{text!r} is not a real date ({exc}); use {ACCEPTED_FORMS}") from exc
    precision: Precision = "day" if day else "month" if month else "year"
    return PublicationDate(value, precision)


def _match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.fullmatch(text)


def parse_date(text: str) -> PublicationDate:
    """Parse a whole string as a date, or raise :class:`BadDateError` naming the accepted forms."""
    cleaned = " ".join(text.split())
    iso = _ISO.fullmatch(cleaned)
    if iso:
        return _build(iso["year"], iso["month"], iso["day"], text)
    for pattern in _WRITTEN:
        found = _match(pattern, cleaned)
        if found:
            groups = found.groupdict()
            return _build(groups["year"], groups["month"], groups.get("day"), text)
    raise BadDateError(f"{text!r} is not a date; use {ACCEPTED_FORMS}")


def find_date_line(line: str) -> PublicationDate | None:
    """The date a header line consists of (``04 Aug, 2014 · 4592``), or None for other lines."""
    rest = _LINE_LABEL.sub("", " ".join(line.split()))
    for pattern in (_ISO, *_WRITTEN):
        found = pattern.match(rest)
        if found and _LINE_TAIL.match(rest[found.end() :]):
            try:
                return parse_date(found.group(0))
            except BadDateError:
                return None
    return None
