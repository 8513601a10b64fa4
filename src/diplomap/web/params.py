"""Reading the API's parameters: actor codes, dates and periods, modalities, cursors, free text.

Each reader either returns the value the library wants or raises a 422 that
names the parameter (:func:`diplomap.web.problems.bad_parameter`). The
patterns below are also what the OpenAPI schema advertises, so clients (and
schemathesis) see exactly what is accepted.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date, timedelta
from typing import Literal, get_args

from diplomap.ingest.dates import parse_date
from diplomap.web.problems import bad_parameter, parameter

__all__ = [
    "ACTOR_PATTERN",
    "CAMEO_PATTERN",
    "DATE_PATTERN",
    "DYAD_PATTERN",
    "MAX_ID",
    "ModalityChoice",
    "PeriodChoice",
    "actor",
    "bounds",
    "cameo",
    "decode_cursor",
    "dyad",
    "encode_cursor",
    "first_day",
    "last_day",
    "modalities",
    "period_bounds",
    "text",
]

_CODE = "[A-Za-z]{3}(?:[A-Za-z]{3})*"
ACTOR_PATTERN = f"^{_CODE}$"
DYAD_PATTERN = f"^{_CODE},{_CODE}$"
CAMEO_PATTERN = r"^[0-9]{1,4}$"
# years as diplomap.ingest.dates reads them in ISO form; months and days in range (Feb 30 is still refused)
DATE_PATTERN = r"^(?:1[89]|2[01])[0-9]{2}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
MAX_ID = 2**31 - 1  # ids are INTEGER columns (int4 on PostgreSQL): bigger ones are refused, not sent to SQL

ModalityChoice = Literal["asserted", "negated", "hedged", "planned", "assessment", "all"]
PeriodChoice = Literal["week", "month", "quarter", "year"]
MODALITY_CHOICES: tuple[str, ...] = get_args(ModalityChoice)

_DATES = "use YYYY, YYYY-MM or YYYY-MM-DD"
_CURSOR_PREFIX = "events:"


def actor(value: str, name: str, *, where: str = "query") -> str:
    """An actor code (PRK, prk, KORGOV...), upper-cased."""
    if not re.fullmatch(_CODE, value):
        raise bad_parameter(
            name, f"{value!r} is not an actor code; give a CAMEO code such as PRK, RUS or KORGOV", where=where
        )
    return value.upper()


def cameo(value: str, name: str) -> str:
    """A CAMEO code or its prefix: 1 to 4 digits."""
    if not re.fullmatch(CAMEO_PATTERN[1:-1], value):
        raise bad_parameter(name, f"{value!r} is not a CAMEO code; give 1 to 4 digits, e.g. 04 or 042")
    return value


def dyad(value: str, name: str = "dyad") -> tuple[str, str]:
    """Two actor codes written ``A,B``."""
    first, comma, second = value.partition(",")
    if not comma:
        raise bad_parameter(name, f"{value!r} is not a pair of actors; write two codes as A,B, e.g. PRK,RUS")
    return actor(first, name), actor(second, name)


def _date(value: str, name: str) -> tuple[date, str]:
    if not re.fullmatch(DATE_PATTERN, value):
        raise bad_parameter(name, f"{value!r} is not a date; {_DATES}")
    with parameter(name):
        found = parse_date(value)
    return found.value, found.precision


def first_day(value: str | None, name: str) -> date | None:
    """The first day a date stands for (2014 -> 2014-01-01)."""
    return _date(value, name)[0] if value is not None else None


def last_day(value: str | None, name: str) -> date | None:
    """The last day a date stands for (2014 -> 2014-12-31, 2014-02 -> 2014-02-28)."""
    if value is None:
        return None
    day, precision = _date(value, name)
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year + (day.month == 12), day.month % 12 + 1, 1) - timedelta(days=1)
    return day


def bounds(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """Optional first and last day from ``from`` and ``to``; ``to`` before ``from`` is refused."""
    start, end = first_day(date_from, "from"), last_day(date_to, "to")
    if start is not None and end is not None and end < start:
        raise bad_parameter("to", f"to ({date_to}) is before from ({date_from}); swap them")
    return start, end


def period_bounds(period: str | None, date_from: str | None, date_to: str | None) -> tuple[date, date]:
    """First and last day of ``period`` (a year, month or day), or of ``from`` and ``to`` (both needed)."""
    if period is not None:
        if date_from is not None or date_to is not None:
            raise bad_parameter("period", "give period, or from and to, not both")
        start, end = first_day(period, "period"), last_day(period, "period")
        assert start is not None and end is not None
        return start, end
    start, end = bounds(date_from, date_to)
    if start is None or end is None:
        raise bad_parameter("period", "give period (YYYY, YYYY-MM or YYYY-MM-DD), or both from and to")
    return start, end


def modalities(values: list[ModalityChoice] | None) -> tuple[str, ...] | None:
    """The modalities asked for; None for every one (``all``)."""
    chosen = tuple(dict.fromkeys(values or ("asserted",)))
    return None if "all" in chosen else chosen


def text(value: str | None, name: str, *, where: str = "query") -> str | None:
    """Free text the database must be able to hold (no NUL, valid Unicode)."""
    if value is None:
        return None
    if "\x00" in value:
        raise bad_parameter(name, "contains a NUL character; remove it", where=where)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad_parameter(
            name, f"is not valid Unicode text (at character {exc.start}); send UTF-8", where=where
        ) from exc
    return value


def encode_cursor(last_id: int) -> str:
    """The opaque cursor of the page after the event ``last_id``."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{last_id}".encode()).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The event id a cursor continues after; a cursor this API did not make is refused."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raw = ""
    number = raw.removeprefix(_CURSOR_PREFIX)
    if (
        not raw.startswith(_CURSOR_PREFIX)
        or not re.fullmatch(r"[0-9]{1,10}", number)
        or int(number) > MAX_ID
        or encode_cursor(int(number)) != cursor
    ):
        raise bad_parameter(
            "cursor",
            f"{cursor!r} is not a cursor of this API; pass next_cursor from the previous page "
            "unchanged, or leave cursor out for the first page",
        )
    return int(number)
