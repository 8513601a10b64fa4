"""Event dates: the date expression in a sentence that dates an event, resolved against the article date.

:func:`find_date_expressions` lists every date or time expression in a sentence;
:func:`resolve_event_date` picks the one that governs an event (the one nearest
the event trigger) and turns it into an :class:`EventDate`, a span of days with
a precision. Everything is pure Python; today's date is never used: relative
expressions ("last spring", "yesterday") are resolved against the publication
date only, and give None when there is none.

Rules (English news, northern-hemisphere seasons):

* Absolute forms: ``4 August 2014``, ``4th of Aug. 2014``, ``August 4, 2014``,
  ``Monday, 4 August 2014``, ``2014-08-04`` (day); ``December 2013`` (month);
  ``2013`` (year); ``the 1990s`` (range); ``the 20th century`` (range, 1900-1999);
  ``2013-14`` (range); ``June-July 2014``, ``June to July 2014``,
  ``4-6 August 2014``, ``August 4-6, 2014`` (range; a first month later than
  the second belongs to the previous year: ``December-February 2014``).
* Parts. Of a year: early/beginning/start = January-April, mid/middle =
  May-August, late/end = September-December; first half = January-June, second
  half = July-December. Of a month: early = days 1-10, mid = 11-20, late =
  21-end. Of a season: its first, second or third month. Of a decade: years
  0-3, 4-6, 7-9. Of a century: years 0-32, 33-66, 67-99.
* Seasons: spring = March-May, summer = June-August, autumn/fall =
  September-November; winter of Y ("winter 2014", "the winter of 2014") =
  December Y-1 to February Y, the winter whose January falls in Y;
  "winter 2013-14" = December 2013 to February 2014.
* Quarters: Q1 = January-March ... Q4 = October-December ("the first quarter
  of 2014", "Q1 2014"); "last quarter" alone = the calendar quarter before the
  publication's.
* Relative to the publication date P: today/tonight/this morning = P;
  yesterday/last night = P-1; tomorrow = P+1; this/last/next week = the
  Monday-Sunday week of P, before it, after it; this/last/next month and year
  = calendar month/year of P, before, after; "earlier this year" = 1 January
  to P, "later this month" = P to the month's end.
* Windows: "in the last six years", "over the past two decades", "the next
  two years" = P minus (or plus) N units to P; "two or three" counts as the
  larger; with no number a singular unit counts 1 ("the past year"), a
  plural 3 ("recent weeks", "the coming months"); a couple = 2, a few = 3,
  several = 5, a dozen = 12.
* "N units ago": days and weeks give a day (P - N days or weeks); months the
  calendar month N months before P; years and decades the calendar year.
  "two or three days ago" gives the range between.
* Forms without a year (``in December``, ``on 4 August``, ``on Monday``,
  ``in the spring``, ``in the second quarter``): the most recent occurrence
  that starts on or before P; when the clause has a future marker before the
  expression ("will", "would", "scheduled", "plans to" ...), the first that
  ends on or after P instead. "last X" = the most recent that ends before P
  ("last spring" from 4 August 2014 is March-May 2014; "last Monday" is never
  P itself); "next X" = the first that starts after P; "this X" = the one that
  contains P, else the nearest to it.
* Ranges with an elided year ("from June to August 2014", "last spring and
  early summer") take the year from the other end: the yearless end is the
  occurrence nearest to the other end on the right side of it.
* "since X" = from the start of X to P (to the end of X when P is before it);
  with no publication date it is X's own span, and ``how`` says so.
* A publication date known only to the month or year makes relative
  expressions a range: they are resolved from the first and the last day of
  the period and the two are joined.
* Choosing: with an ``anchor`` (the event trigger's offset), the nearest
  expression after it in the same clause (clauses end at , ; : ( ) dashes
  and "but"), else the nearest before it in the same clause, else the nearest
  anywhere; without an anchor, the first. An expression that cannot be
  resolved (a date out of range) gives way to the next one.
* Fallback: a sentence with no date expression gets the publication date with
  the article's precision (a day, its month or its year) and ``how`` =
  "article date (no date in the sentence)"; None when there is no publication
  date either.
* Not dates: lowercase month words ("may", "march"), ordinals without a
  month ("the 33rd anniversary"), numbers with units or amounts ("2000
  troops", "$2014", "2014%", "Resolution 2118"). A capitalised month with no
  day or year ("May") is a month only after in/on/since/by/until/till/during/
  from/through/throughout/before/after or with early/mid/late/last/next/this;
  other months also after of/and/to/or/between. Abbreviated months need a day
  or a year. Bare seasons need a preposition ("in the spring").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from diplomap._calendar import MONTHS

__all__ = ["EventDate", "find_date_expressions", "resolve_event_date"]

Span = tuple[date, date]


@dataclass(frozen=True)
class EventDate:
    """When an event happened: ``start`` to ``end`` inclusive, with how that was found."""

    start: date
    end: date  # inclusive; == start for a day
    precision: str  # "day", "month", "season", "quarter", "year", "range"
    how: str  # one line saying how it was found
    text: str | None = None  # the date expression as written, None for fallbacks
    start_char: int | None = None  # offsets of that expression in the sentence
    end_char: int | None = None


class _NeedsPublication(Exception):
    """The expression is relative and there is no publication date to resolve it against."""


# (publication date or None, future?) -> span. Raises _NeedsPublication, ValueError, OverflowError.
_Resolver = Callable[[date | None, bool], Span]
# Occurrences near a reference date of a form without a year ("December", "Monday").
_Occurrences = Callable[[date], list[Span]]


@dataclass(frozen=True)
class _Expr:
    precision: str
    fn: _Resolver
    needs_pub: bool
    occ: _Occurrences | None = None  # set for forms without a year
    bare: bool = False  # a form without a year and without last/next/this
    since: bool = False
    start: int = 0
    end: int = 0


# --------------------------------------------------------------------------- calendar helpers


def _check_year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} out of range")
    return year


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(_check_year(year), month)[1]


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def _years_span(first: int, last: int) -> Span:
    return date(max(first, 1), 1, 1), date(last, 12, 31)


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, _last_day(year, month0 + 1)))


def _shift(day: date, count: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(days=7 * count)
    months = {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(day, count * months)


_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_months(name: str, year: int) -> list[tuple[int, int]]:
    first = _SEASONS[name]
    if first == 12:  # winter of Y: December Y-1 to February Y
        return [(year - 1, 12), (year, 1), (year, 2)]
    return [(year, first), (year, first + 1), (year, first + 2)]


def _months_list_span(months: list[tuple[int, int]]) -> Span:
    return _month_span(*months[0])[0], _month_span(*months[-1])[1]


def _part_key(text: str) -> str:
    lowered = text.lower()
    if any(word in lowered for word in ("early", "beginning", "start")):
        return "early"
    if "mid" in lowered:
        return "mid"
    return "late"


_THIRDS = {"early": 0, "mid": 1, "late": 2}


def _part_of_months(months: list[tuple[int, int]], part: str) -> Span:
    size = len(months) // 3
    index = _THIRDS[part]
    return _months_list_span(months[index * size : (index + 1) * size])


def _part_of_month(span: Span, part: str) -> Span:
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, span[1].day)}[part]
    return span[0].replace(day=first), span[0].replace(day=last)


def _part_of_year(year: int, part: str) -> Span:
    return _part_of_months([(year, month) for month in range(1, 13)], part)


_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_CENTURY_PARTS = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}


def _unit_span(pub: date, unit: str, offset: int) -> Span:
    """The calendar week/month/quarter/year/decade/century of ``pub`` moved by ``offset`` units."""
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * offset)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first = _add_months(pub.replace(day=1), offset)
        return _month_span(first.year, first.month)
    if unit == "quarter":
        year, quarter0 = divmod(pub.year * 4 + (pub.month - 1) // 3 + offset, 4)
        return _quarter_span(year, quarter0 + 1)
    if unit == "year":
        return _year_span(pub.year + offset)
    if unit == "decade":
        first_year = pub.year // 10 * 10 + 10 * offset
        return _years_span(first_year, first_year + 9)
    first_year = pub.year // 100 * 100 + 100 * offset  # century
    return _years_span(first_year, first_year + 99)


def _quarter_span(year: int, quarter: int) -> Span:
    return _month_span(year, 3 * quarter - 2)[0], _month_span(year, 3 * quarter)[1]


# --------------------------------------------------------------------------- expression kinds


def _absolute(span: Span, precision: str) -> _Expr:
    def fn(pub: date | None, future: bool) -> Span:
        return span

    return _Expr(precision, fn, needs_pub=False)


def _relative(make: Callable[[date], Span], precision: str) -> _Expr:
    def fn(pub: date | None, future: bool) -> Span:
        if pub is None:
            raise _NeedsPublication
        return make(pub)

    return _Expr(precision, fn, needs_pub=True)


def _yearly(make: Callable[[int], Span]) -> _Occurrences:
    def occ(ref: date) -> list[Span]:
        found: list[Span] = []
        for year in range(ref.year - 2, ref.year + 3):
            try:
                found.append(make(year))
            except (ValueError, OverflowError):
                continue
        return found

    return occ


def _weekly(weekday: int, length: int = 1) -> _Occurrences:
    def occ(ref: date) -> list[Span]:
        found: list[Span] = []
        back = (ref.weekday() - weekday) % 7
        for week in range(-3, 3):
            try:
                first = ref + timedelta(days=7 * week - back)
                found.append((first, first + timedelta(days=length - 1)))
            except OverflowError:
                continue
        return found

    return occ


def _pick(spans: list[Span], pub: date, mode: str, future: bool) -> Span:
    """One occurrence of a yearless form, chosen relative to ``pub`` (ValueError when none fits)."""
    if mode == "last":
        return max(span for span in spans if span[1] < pub)
    if mode == "next":
        return min(span for span in spans if span[0] > pub)
    if mode == "this":
        containing = [span for span in spans if span[0] <= pub <= span[1]]
        if containing:
            return containing[0]
        return min(spans, key=lambda span: min(abs((span[0] - pub).days), abs((span[1] - pub).days)))
    if future:
        return min(span for span in spans if span[1] >= pub)
    return max(span for span in spans if span[0] <= pub)


def _cycle(occ: _Occurrences, mode: str, precision: str) -> _Expr:
    def fn(pub: date | None, future: bool) -> Span:
        if pub is None:
            raise _NeedsPublication
        return _pick(occ(pub), pub, mode, future)

    return _Expr(precision, fn, needs_pub=True, occ=occ, bare=mode == "bare")


def _dated(make: Callable[[int], Span], year: int | None, offset: int, precision: str) -> _Expr | None:
    """A form with a year that is written (``2013``) or relative (``last year``: offset -1)."""
    if year is not None:
        try:
            return _absolute(make(year), precision)
        except (ValueError, OverflowError):
            return None
    return _relative(lambda pub: make(pub.year + offset), precision)


_MODES = {"last": "last", "past": "last", "this past": "last", "this": "this", "current": "this"}
_MODES |= {"next": "next", "coming": "next"}


def _mode(text: str | None) -> str:
    return "bare" if text is None else _MODES[" ".join(text.lower().split())]


# --------------------------------------------------------------------------- regular expression pieces

_MONTHS = MONTHS
_FULL_MONTHS = {name for name in _MONTHS if len(name) > 4 or name in ("may", "june", "july")}

_ABBR = "|".join(sorted((name for name in _MONTHS if name not in _FULL_MONTHS), key=len, reverse=True))
_FULL = "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD_PREFIX = (
    r"(?:\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)"
)
_YEAR = r"(?<![\d$€£¥#])(?:1\d{3}|20\d{2})(?![\d%])"
_PART = r"(?:early|mid|middle|late|end(?=-)|(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end)\s+of)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_DASH = r"(?:-|–|—)"
_TO = rf"(?:{_DASH}|to|until|till|through|and)"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "couple of": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
    "several": 5,
    "dozen": 12,
    "a dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_TENS["ninety"] = 90
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_NUM_ONE = (
    r"(?:\d{1,3}|(?:"
    + "|".join(sorted(_TENS, key=len, reverse=True))
    + rf")(?:[-\s](?:{_UNITS_WORDS}))?|"
    + "|".join(sorted((word.replace(" ", r"\s+") for word in _NUMBER_WORDS), key=len, reverse=True))
    + ")"
)
_NUM = rf"(?:{_NUM_ONE}(?:\s*(?:or|to|-|–)\s*{_NUM_ONE})?)"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies))"


def _month_group(name: str) -> str:
    return rf"(?P<{name}>(?:{_FULL})\b|(?:{_ABBR})\b\.?)"


def _day_group(name: str) -> str:
    return rf"(?<![\d.,])(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?\b(?![.,]\d)"


_YR = rf"(?:(?P<y>{_YEAR})|(?P<yr>this|last|next)\s+year\b)"
_YR_THE = rf"(?:(?P<y>{_YEAR})|(?P<yr>this|last|next)\s+year\b|(?P<ty>the\s+(?:current\s+)?year)\b)"


def _month_number(token: str | None) -> int | None:
    """Month number of a capitalised month name or abbreviation, None otherwise."""
    if not token or not token[0].isupper():
        return None
    return _MONTHS.get(token.lower().rstrip("."))


def _year_of(match: re.Match[str]) -> tuple[int | None, int]:
    """The written year, or None and the offset of a relative one (this/last/next year)."""
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"]), 0
    relative = (groups.get("yr") or "this").lower()
    return None, {"this": 0, "last": -1, "next": 1}[relative]


def _prev_words(sentence: str, start: int, count: int = 2) -> list[str]:
    """The last ``count`` words before ``start``, lowercased, nearest last."""
    words = re.findall(r"[A-Za-z]+", sentence[max(0, start - 60) : start])
    return [word.lower() for word in words[-count:]]


def _prev_word(sentence: str, start: int) -> str:
    if not re.search(r"[A-Za-z]+[\s-]+$", sentence[max(0, start - 60) : start]):
        return ""
    words = _prev_words(sentence, start, 1)
    return words[0] if words else ""


def _count(text: str) -> tuple[int, int] | None:
    """(low, high) of a written count: "six" -> (6, 6), "two or three" -> (2, 3)."""
    cleaned = " ".join(text.lower().split())
    single = _count_one(cleaned)
    if single is not None:
        return single, single
    parts = re.split(r"\s+or\s+|\s+to\s+|\s*–\s*|(?<=\d)\s*-\s*(?=\d)", cleaned)
    if len(parts) == 2:
        low, high = _count_one(parts[0]), _count_one(parts[1])
        if low is not None and high is not None:
            return min(low, high), max(low, high)
    return None


def _count_one(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    tens, _, units = text.replace("-", " ").partition(" ")
    if tens in _TENS:
        extra = _NUMBER_WORDS.get(units, 0) if units else 0
        return _TENS[tens] + extra if extra < 10 else None
    return None


def _unit_key(text: str) -> str:
    lowered = text.lower()
    return "century" if lowered.startswith("centur") else lowered.rstrip("s")


# --------------------------------------------------------------------------- rules

_Handler = Callable[[re.Match[str], str], _Expr | None]
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern, re.IGNORECASE), handler))
        return handler

    return register


@_rule(r"(?<![\d-])(?P<y>1\d{3}|20\d{2})-(?P<m>0?[1-9]|1[0-2])-(?P<d>[0-3]?\d)(?![\d-])")
def _iso_day(m: re.Match[str], s: str) -> _Expr | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _absolute((day, day), "day")


def _day_expr(m: re.Match[str]) -> _Expr | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    year, offset = _year_of(m)
    return _dated(lambda y: (date(y, month, day), date(y, month, day)), year, offset, "day")


@_rule(
    rf"{_WD_PREFIX}?(?:\bthe\s+(?=[0-3]?\d(?:st|nd|rd|th)))?{_day_group('d')}\s+(?:of\s+)?{_month_group('m')},?\s+(?:of\s+)?{_YR}"
)
def _day_month_year(m: re.Match[str], s: str) -> _Expr | None:
    return _day_expr(m)


@_rule(rf"{_WD_PREFIX}?\b{_month_group('m')}\s+(?:the\s+)?{_day_group('d')}(?:,\s*|\s+)(?:of\s+)?{_YR}")
def _month_day_year(m: re.Match[str], s: str) -> _Expr | None:
    return _day_expr(m)


def _yearless_day(m: re.Match[str]) -> _Expr | None:
    month = _month_number(m["m"])
    day = int(m["d"])
    if month is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    return _cycle(_yearly(lambda y: (date(y, month, day), date(y, month, day))), "bare", "day")


@_rule(
    rf"{_WD_PREFIX}?(?:\bthe\s+(?=[0-3]?\d(?:st|nd|rd|th)))?{_day_group('d')}\s+(?:of\s+)?{_month_group('m')}"
)
def _day_month(m: re.Match[str], s: str) -> _Expr | None:
    return _yearless_day(m)


@_rule(rf"{_WD_PREFIX}?\b{_month_group('m')}\s+(?:the\s+)?{_day_group('d')}")
def _month_day(m: re.Match[str], s: str) -> _Expr | None:
    return _yearless_day(m)


def _day_range(m: re.Match[str]) -> _Expr | None:
    month = _month_number(m["m"])
    first, last = int(m["d1"]), int(m["d2"])
    if month is None or not 1 <= first < last <= 31:
        return None

    def make(y: int) -> Span:
        return date(y, month, first), date(y, month, last)

    if m["y"] or m["yr"]:
        year, offset = _year_of(m)
        return _dated(make, year, offset, "range")
    return _cycle(_yearly(make), "bare", "range")


@_rule(
    rf"\b{_day_group('d1')}\s*{_TO}\s*{_day_group('d2')}\s+(?:of\s+)?{_month_group('m')}"
    rf"(?:,?\s+(?:of\s+)?{_YR})?"
)
def _day_day_month(m: re.Match[str], s: str) -> _Expr | None:
    return _day_range(m)


@_rule(rf"\b{_month_group('m')}\s+{_day_group('d1')}\s*{_TO}\s*{_day_group('d2')}(?:,?\s+{_YR})?")
def _month_day_day(m: re.Match[str], s: str) -> _Expr | None:
    return _day_range(m)


def _month_range_make(first: int, last: int) -> Callable[[int], Span]:
    def make(y: int) -> Span:
        return _month_span(y - 1 if first > last else y, first)[0], _month_span(y, last)[1]

    return make


@_rule(rf"\b{_month_group('m1')}\s*(?:{_TO}|/)\s*{_month_group('m2')},?\s+(?:of\s+)?{_YR}")
def _month_month_year(m: re.Match[str], s: str) -> _Expr | None:
    first, last = _month_number(m["m1"]), _month_number(m["m2"])
    if first is None or last is None or first == last:
        return None
    year, offset = _year_of(m)
    return _dated(_month_range_make(first, last), year, offset, "range")


@_rule(rf"\b(?P<m1>{_FULL})\s*(?:{_DASH}|/)\s*(?P<m2>{_FULL})\b(?!\s*\d)")
def _month_month(m: re.Match[str], s: str) -> _Expr | None:
    first, last = _month_number(m["m1"]), _month_number(m["m2"])
    if first is None or last is None or first == last:
        return None
    return _cycle(_yearly(_month_range_make(first, last)), "bare", "range")


@_rule(rf"\b(?:(?P<part>{_PART})[\s-]*)?{_month_group('m')},?\s+(?:of\s+)?{_YR}")
def _month_year(m: re.Match[str], s: str) -> _Expr | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    part = _part_key(m["part"]) if m["part"] else None

    def make(y: int) -> Span:
        span = _month_span(y, month)
        return _part_of_month(span, part) if part else span

    year, offset = _year_of(m)
    return _dated(make, year, offset, "range" if part else "month")


_MAY_CONTEXT = {"in", "on", "since", "by", "until", "till", "during", "from", "through", "throughout"}
_MAY_CONTEXT |= {"before", "after", "early", "late", "mid", "last", "next", "this"}
_MONTH_CONTEXT = _MAY_CONTEXT | {"of", "and", "to", "or", "between"}


@_rule(
    rf"\b(?:(?P<part>{_PART})[\s-]*)?(?:(?P<mod>this\s+past|last|this|next|past|coming)\s+)?"
    rf"(?P<m>{_FULL})\b(?!\s+\d)(?!-\d)"
)
def _bare_month(m: re.Match[str], s: str) -> _Expr | None:
    month = _month_number(m["m"])
    if month is None:
        return None
    if not (m["part"] or m["mod"]):
        context = _MAY_CONTEXT if month == 5 else _MONTH_CONTEXT
        if _prev_word(s, m.start()) not in context:
            return None
    part = _part_key(m["part"]) if m["part"] else None

    def make(y: int) -> Span:
        span = _month_span(y, month)
        return _part_of_month(span, part) if part else span

    return _cycle(_yearly(make), _mode(m["mod"]), "range" if part else "month")


@_rule(rf"\b(?P<part>{_PART})[\s-]*{_YR_THE}")
def _year_part(m: re.Match[str], s: str) -> _Expr | None:
    part = _part_key(m["part"])
    year, offset = _year_of(m)
    return _dated(lambda y: _part_of_year(y, part), year, offset, "range")


@_rule(rf"\b(?:the\s+)?(?P<h>first|second|latter|last)\s+half\s+of\s+{_YR_THE}")
def _half_year(m: re.Match[str], s: str) -> _Expr | None:
    first_half = m["h"].lower() == "first"
    year, offset = _year_of(m)

    def make(y: int) -> Span:
        return (date(y, 1, 1), date(y, 6, 30)) if first_half else (date(y, 7, 1), date(y, 12, 31))

    return _dated(make, year, offset, "range")


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTERS |= {"final": 4, "last": 4}


@_rule(
    r"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter\b"
    rf"(?:\s+(?:of\s+)?{_YR_THE})?"
)
def _quarter(m: re.Match[str], s: str) -> _Expr | None:
    word = m["q"].lower()
    quarter = _QUARTERS[word]
    if m["y"] or m["yr"] or m["ty"]:
        year, offset = _year_of(m)
        return _dated(lambda y: _quarter_span(y, quarter), year, offset, "quarter")
    if word == "last":
        return _relative(lambda pub: _unit_span(pub, "quarter", -1), "quarter")
    return _cycle(_yearly(lambda y: _quarter_span(y, quarter)), "bare", "quarter")


@_rule(rf"\bQ(?P<q>[1-4])\b(?:\s*(?:of\s+)?(?P<y>{_YEAR}))?")
def _q_quarter(m: re.Match[str], s: str) -> _Expr | None:
    if m.group(0)[0] != "Q":
        return None
    quarter = int(m["q"])
    if m["y"]:
        return _dated(lambda y: _quarter_span(y, quarter), int(m["y"]), 0, "quarter")
    return _cycle(_yearly(lambda y: _quarter_span(y, quarter)), "bare", "quarter")


@_rule(rf"(?<![\d$€£¥#])(?P<y>{_YEAR})\s*Q(?P<q>[1-4])\b")
def _year_q(m: re.Match[str], s: str) -> _Expr | None:
    quarter = int(m["q"])
    return _dated(lambda y: _quarter_span(y, quarter), int(m["y"]), 0, "quarter")


@_rule(
    rf"\b(?:(?P<part>{_PART})[\s-]*)?(?:the\s+)?(?P<s>{_SEASON})\s+(?:of\s+)?"
    rf"(?:(?P<y>{_YEAR})(?:\s*[-/–]\s*(?P<y2>\d{{4}}|\d\d)(?!\d))?|(?P<yr>this|last|next)\s+year\b)"
)
def _season_year(m: re.Match[str], s: str) -> _Expr | None:
    name = m["s"].lower()
    part = _part_key(m["part"]) if m["part"] else None
    year, offset = _year_of(m)
    if m["y2"]:
        if year is None:
            return None
        second = int(m["y2"]) if len(m["y2"]) == 4 else year // 100 * 100 + int(m["y2"])
        if second != year + 1:
            return None
        if name == "winter":  # winter 2013-14: December 2013 to February 2014
            year = second
        else:
            return _dated(
                lambda y: (_season_span(name, y)[0], _season_span(name, y + 1)[1]), year, 0, "range"
            )

    def make(y: int) -> Span:
        months = _season_months(name, y)
        return _part_of_months(months, part) if part else _months_list_span(months)

    return _dated(make, year, offset, "range" if part else "season")


def _season_span(name: str, year: int) -> Span:
    return _months_list_span(_season_months(name, year))


_SEASON_CONTEXT = {"in", "during", "over", "through", "throughout", "since", "by", "until", "till"}


@_rule(
    rf"\b(?:(?P<part>{_PART})[\s-]*)?(?:the\s+)?(?:(?P<mod>this\s+past|last|this|next|past|coming)\s+)?"
    rf"(?P<s>{_SEASON})\b(?!\s+of\b)(?!-)"
)
def _bare_season(m: re.Match[str], s: str) -> _Expr | None:
    name = m["s"].lower()
    if not (m["part"] or m["mod"]):
        words = _prev_words(s, m.start(), 2)
        starts_with_the = m.group(0).lower().startswith("the")
        prev = words[-1] if words else ""
        if not starts_with_the and prev == "the":
            prev = words[0] if len(words) == 2 else ""
        if prev not in _SEASON_CONTEXT or not re.search(r"\s+$", s[max(0, m.start() - 1) : m.start()]):
            return None
        if m["s"][0].isupper() and not m["s"].isupper():
            return None  # "the Arab Spring", "Prague Spring"
    if name == "fall" and re.match(r"\s+(?:in|of)\b", s[m.end() :], re.IGNORECASE):
        return None  # "the fall in prices"
    part = _part_key(m["part"]) if m["part"] else None

    def make(y: int) -> Span:
        months = _season_months(name, y)
        return _part_of_months(months, part) if part else _months_list_span(months)

    return _cycle(_yearly(make), _mode(m["mod"]), "range" if part else "season")


@_rule(
    r"(?:\bthe\s+)?(?:\b(?P<part>early|mid|late)[\s-]*)?"
    r"(?:(?<![\d$€£¥#])(?P<dec>1\d{2}0|20\d0)['’]?s\b|['’](?P<dd>\d0)s\b)"
)
def _decade(m: re.Match[str], s: str) -> _Expr | None:
    if m["dec"]:
        first = int(m["dec"])
    else:
        short = int(m["dd"])
        first = 2000 + short if short <= 20 else 1900 + short
    if m["part"]:
        low, high = _DECADE_PARTS[_part_key(m["part"])]
        return _absolute(_years_span(first + low, first + high), "range")
    return _absolute(_years_span(first, first + 9), "range")


_ORDINAL_CENTURIES = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_ORDINAL_CENTURIES["twenty first"] = 21


@_rule(
    r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]*)?"
    r"(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>eighteenth|nineteenth|twentieth|twenty[-\s]first))"
    r"[\s-]+century\b"
)
def _century(m: re.Match[str], s: str) -> _Expr | None:
    number = int(m["n"]) if m["n"] else _ORDINAL_CENTURIES[" ".join(m["w"].lower().split())]
    if not 1 <= number <= 30:
        return None
    first = (number - 1) * 100
    low, high = _CENTURY_PARTS[_part_key(m["part"])] if m["part"] else (0, 99)
    return _absolute(_years_span(first + low, first + high), "range")


_NOT_YEAR_BEFORE = {
    "no",
    "number",
    "resolution",
    "flight",
    "route",
    "article",
    "section",
    "chapter",
    "page",
    "paragraph",
    "room",
    "highway",
    "model",
    "version",
    "item",
    "code",
    "decree",
    "order",
    "bill",
    "p",
    "pp",
    "vol",
    "issue",
    "line",
    "bus",
    "unit",
    "platform",
    "apartment",
    "suite",
    "exit",
    "gate",
    "seat",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "than",
    "least",
    "estimated",
    "some",
    "only",
    "just",
    "total",
}
_YEAR_EXEMPT = {"the", "its", "their", "his", "her", "our", "your", "this", "that", "in", "since", "during"}
_YEAR_EXEMPT |= {"until", "till", "from"}
_YEAR_CONTEXT = _YEAR_EXEMPT | {"by", "of", "between", "and", "to", "before", "after", "early", "late"}
_YEAR_CONTEXT |= {"mid", "circa", "c", "around", "year", "through", "throughout", "or"}
_COUNT_NOUNS = {"people", "men", "women", "children", "police", "personnel", "km", "feet", "yuan", "yen"}
_COUNT_NOUNS |= {"won", "sq", "square", "strong", "more", "of"}
_NOT_PLURAL = {"was", "has", "does", "this", "thus", "always", "perhaps", "whereas", "towards"}
_NOT_PLURAL |= {"afterwards", "besides", "sometimes", "its", "his"}


def _looks_like_count_noun(word: str) -> bool:
    lowered = word.lower()
    if lowered in _COUNT_NOUNS:
        return True
    return len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is"))


@_rule(rf"(?<![\w$€£¥#/])(?<!\d[.,])(?<!\d-)(?P<y>{_YEAR})\b")
def _bare_year(m: re.Match[str], s: str) -> _Expr | None:
    year = int(m["y"])
    before, after = s[max(0, m.start() - 40) : m.start()], s[m.end() : m.end() + 40]
    if re.match(r"\s*(?:%|percent\b|per\s*cent\b|-\s*strong\b|,\d|\.\d)", after, re.IGNORECASE):
        return None
    if re.search(r"\d\s*$", before):
        return None
    prev = _prev_word(s, m.start())
    if prev in _NOT_YEAR_BEFORE:
        return None
    possessive = bool(re.search(r"['’]s\s+$", before))
    at_start = not before.strip()
    following = re.match(r"\s+([A-Za-z]+)", after)
    if (
        following
        and following.group(1)[0].islower()
        and following.group(1).lower() not in _NOT_PLURAL
        and _looks_like_count_noun(following.group(1))
        and not (possessive or at_start or prev in _YEAR_EXEMPT)
    ):
        return None  # "2000 soldiers", "about 1500 people"
    if year < 1800 and prev not in _YEAR_CONTEXT:
        return None
    return _absolute(_year_span(year), "year")


@_rule(
    rf"(?<![\w$€£¥#/])(?P<y1>{_YEAR})\s*(?:{_DASH}|/)\s*(?P<y2>1\d{{3}}|20\d{{2}}|\d\d)(?![\d%])(?!\s*Q\d)"
)
def _year_range(m: re.Match[str], s: str) -> _Expr | None:
    first = int(m["y1"])
    second = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if not first < second <= first + 100:
        return None
    return _absolute(_years_span(first, second), "range")


_HOLIDAY_WORDS = {"good", "black", "bloody", "ash", "palm", "holy", "easter", "super", "cyber", "maundy"}
_HOLIDAY_WORDS |= {"shrove", "whit", "low", "trinity", "blue"}


@_rule(
    r"\b(?:(?P<mod>this\s+past|last|this|next|past|coming)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
def _weekday(m: re.Match[str], s: str) -> _Expr | None:
    if not m["wd"][0].isupper():
        return None
    if not m["mod"] and _prev_word(s, m.start()) in _HOLIDAY_WORDS:
        return None
    return _cycle(_weekly(_WEEKDAYS.index(m["wd"].lower())), _mode(m["mod"]), "day")


_DAY_WORDS: list[tuple[str, int]] = [
    (r"the\s+day\s+before\s+yesterday", -2),
    (r"the\s+day\s+after\s+tomorrow", 2),
    (r"yesterday(?:\s+(?:morning|afternoon|evening|night))?", -1),
    (r"last\s+night", -1),
    (r"(?:earlier\s+|later\s+)?today", 0),
    (r"tonight", 0),
    (r"this\s+(?:morning|afternoon|evening)", 0),
    (r"tomorrow(?:\s+(?:morning|afternoon|evening|night))?", 1),
]


@_rule(r"\b(?:" + "|".join(pattern for pattern, _ in _DAY_WORDS) + r")\b")
def _day_word(m: re.Match[str], s: str) -> _Expr | None:
    text = m.group(0)
    if text[0].isupper() and re.search(r"[\w,]\s*$", s[: m.start()]):
        return None  # "Russia Today", "USA Today"
    offset = next(value for pattern, value in _DAY_WORDS if re.fullmatch(pattern, text, re.IGNORECASE))
    return _relative(lambda pub: (pub + timedelta(days=offset), pub + timedelta(days=offset)), "day")


_UNIT_PRECISION = {"week": "range", "month": "month", "year": "year", "quarter": "quarter"}
_UNIT_PRECISION |= {"decade": "range", "century": "range"}


@_rule(
    r"\b(?P<mod>this\s+past|this|last|next|past|coming|current)\s+"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century)\b"
)
def _relative_unit(m: re.Match[str], s: str) -> _Expr | None:
    mode = _mode(m["mod"])
    unit = m["unit"].lower()
    if unit == "weekend":
        return _cycle(_weekly(5, 2), "bare" if mode == "this" else mode, "range")
    offset = {"this": 0, "last": -1, "next": 1}[mode]
    return _relative(lambda pub: _unit_span(pub, unit, offset), _UNIT_PRECISION[unit])


@_rule(r"\b(?:over|at|during|on)\s+the\s+weekend\b")
def _the_weekend(m: re.Match[str], s: str) -> _Expr | None:
    return _cycle(_weekly(5, 2), "bare", "range")


@_rule(r"\b(?P<el>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b")
def _earlier_later(m: re.Match[str], s: str) -> _Expr | None:
    unit = m["unit"].lower()
    earlier = m["el"].lower() == "earlier"

    def make(pub: date) -> Span:
        first, last = _unit_span(pub, unit, 0)
        return (first, pub) if earlier else (pub, last)

    return _relative(make, "range")


@_rule(rf"\b(?P<part>{_PART})[\s-]*(?:(?P<mod>this|last|next)\s+month|the\s+month)\b")
def _month_part_relative(m: re.Match[str], s: str) -> _Expr | None:
    part = _part_key(m["part"])
    offset = {"this": 0, "last": -1, "next": 1}[(m["mod"] or "this").lower()]
    return _relative(lambda pub: _part_of_month(_unit_span(pub, "month", offset), part), "range")


@_rule(
    rf"\b(?:(?P<the>the)\s+)?(?P<dir>last|past|previous|next|coming)\s+(?:(?P<num>{_NUM})\s+)?(?P<unit>{_UNIT})\b"
)
def _window(m: re.Match[str], s: str) -> _Expr | None:
    direction = m["dir"].lower()
    unit = _unit_key(m["unit"])
    plural = m["unit"].lower().endswith(("s", "ies"))
    if m["num"]:
        counted = _count(m["num"])
        if counted is None:
            return None
        number = counted[1]
    elif m["the"] and direction != "previous" and unit != "day":
        number = 3 if plural else 1
    else:
        return None
    future = direction in ("next", "coming")

    def make(pub: date) -> Span:
        other = _shift(pub, number if future else -number, unit)
        return (pub, other) if future else (other, pub)

    return _relative(make, "range")


@_rule(r"\brecent\s+(?P<unit>days|weeks|months|years|decades)\b")
def _recent(m: re.Match[str], s: str) -> _Expr | None:
    unit = _unit_key(m["unit"])
    return _relative(lambda pub: (_shift(pub, -3, unit), pub), "range")


@_rule(rf"\b(?P<num>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b")
def _ago(m: re.Match[str], s: str) -> _Expr | None:
    counted = _count(m["num"])
    if counted is None:
        return None
    low, high = counted
    unit = _unit_key(m["unit"])

    def make(pub: date) -> Span:
        if unit in ("day", "week"):
            return _shift(pub, -high, unit), _shift(pub, -low, unit)
        if unit == "month":
            first, last = _add_months(pub, -high), _add_months(pub, -low)
            return _month_span(first.year, first.month)[0], _month_span(last.year, last.month)[1]
        factor = 10 if unit == "decade" else 1
        return _years_span(pub.year - high * factor, pub.year - low * factor)

    precision = "range" if low != high else {"day": "day", "week": "day", "month": "month"}.get(unit, "year")
    return _relative(make, precision)


# --------------------------------------------------------------------------- finding

_CONNECTOR = re.compile(r"\s*(-|–|—|to|until|till|through|thru|and|into)\s*", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\b(?P<p>ever\s+since|since|in|on|at|during|throughout|from|between|by|until|till|through|over|within"
    r"|for|as\s+of|towards?)\s+$",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r"[;:!?()\[\]{},]|\s[-–—]\s|—|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|would|won['’]t|scheduled|upcoming|expected\s+to|set\s+to|plans?\s+to|planning\s+to"
    r"|intends?\s+to|(?:is|are|was|were)\s+(?:due|to\s+be))\b|['’]ll\b",
    re.IGNORECASE,
)


def _latest_starting_by(occ: _Occurrences, ref: date) -> Span:
    return max(span for span in occ(ref) if span[0] <= ref)


def _earliest_starting_from(occ: _Occurrences, ref: date) -> Span:
    return min(span for span in occ(ref) if span[0] >= ref)


def _merge(a: _Expr, b: _Expr) -> _Expr | None:
    """One range from two expressions joined by to/until/and/a dash; a yearless end takes its year from
    the other end."""
    a_occ, b_occ = a.occ, b.occ

    def fn(pub: date | None, future: bool) -> Span:
        if a.bare and a_occ is not None and not b.bare:
            second = b.fn(pub, future)
            first = _latest_starting_by(a_occ, second[0])
        elif b.bare and b_occ is not None:
            first = a.fn(pub, future)
            second = _earliest_starting_from(b_occ, first[0])
        else:
            first, second = a.fn(pub, future), b.fn(pub, future)
        return min(first[0], second[0]), max(first[1], second[1])

    if a.bare and not b.bare:
        needs = b.needs_pub
    elif b.bare and not a.bare:
        needs = a.needs_pub
    else:
        needs = a.needs_pub or b.needs_pub
    merged = _Expr("range", fn, needs_pub=needs, start=a.start, end=b.end)
    if not needs:
        try:
            fn(None, False)
        except (ValueError, OverflowError, _NeedsPublication):
            return None
    return merged


def _since(expr: _Expr) -> _Expr:
    inner = expr.fn

    def fn(pub: date | None, future: bool) -> Span:
        first, last = inner(pub, future)
        if pub is None:
            return first, last
        return (first, pub) if pub >= first else (first, last)

    return replace(expr, fn=fn, precision="range", since=True, occ=None, bare=False)


def _find(sentence: str) -> list[_Expr]:
    candidates: list[_Expr] = []
    for pattern, handler in _RULES:
        for match in pattern.finditer(sentence):
            if match.end() <= match.start():
                continue
            found = handler(match, sentence)
            if found is not None:
                candidates.append(replace(found, start=match.start(), end=match.end()))
    candidates.sort(key=lambda e: (-(e.end - e.start), e.start))
    chosen: list[_Expr] = []
    for candidate in candidates:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda e: e.start)

    merged: list[_Expr] = []
    for expr in chosen:
        if merged:
            previous = merged[-1]
            connector = _CONNECTOR.fullmatch(sentence[previous.end : expr.start])
            if connector:
                between = re.search(
                    r"\bbetween\s+$", sentence[max(0, previous.start - 20) : previous.start], re.I
                )
                if connector.group(1).lower() != "and" or between or previous.bare or expr.bare:
                    joined = _merge(previous, expr)
                    if joined is not None:
                        merged[-1] = joined
                        continue
        merged.append(expr)

    result: list[_Expr] = []
    for expr in merged:
        window_start = max(0, expr.start - 30)
        if result:
            window_start = max(window_start, result[-1].end)
        preposition = _PREPOSITION.search(sentence[window_start : expr.start])
        if preposition:
            expr = replace(expr, start=window_start + preposition.start())
            if preposition["p"].lower().endswith("since"):
                expr = _since(expr)
        result.append(expr)
    return result


def find_date_expressions(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every date or time expression in ``sentence``, in order.

    The text includes a leading preposition ("in December 2013", "since 2013") and joins ranges
    ("from June to August 2014").
    """
    return [(e.start, e.end, sentence[e.start : e.end]) for e in _find(sentence)]


# --------------------------------------------------------------------------- resolving


def _masked(sentence: str, exprs: list[_Expr]) -> str:
    """The sentence with date expressions blanked, so their commas do not end clauses."""
    chars = list(sentence)
    for expr in exprs:
        chars[expr.start : expr.end] = "x" * (expr.end - expr.start)
    return "".join(chars)


@lru_cache(maxsize=256)
def _scanned(sentence: str) -> tuple[tuple[_Expr, ...], str]:
    """The sentence's date expressions and its masked text: the same for each of its events (and
    assessments), which are resolved one after another."""
    exprs = _find(sentence)
    return tuple(exprs), _masked(sentence, exprs)


def _clause_start(masked: str, position: int) -> int:
    starts = [m.end() for m in _BOUNDARY.finditer(masked, 0, position)]
    return starts[-1] if starts else 0


def _ranked(exprs: list[_Expr], masked: str, anchor: int | None) -> list[_Expr]:
    """Expressions in order of preference for an event triggered at ``anchor``: after it in the same
    clause, then before it in the same clause, then the rest by distance."""
    if anchor is None:
        return list(exprs)
    anchor = max(0, min(anchor, len(masked)))

    def same_clause(start: int, end: int) -> bool:
        return _BOUNDARY.search(masked, start, end) is None if start < end else True

    after: list[tuple[int, _Expr]] = []
    before: list[tuple[int, _Expr]] = []
    rest: list[tuple[int, _Expr]] = []
    for expr in exprs:
        if expr.start <= anchor < expr.end:
            after.append((0, expr))
        elif expr.start >= anchor:
            (after if same_clause(anchor, expr.start) else rest).append((expr.start - anchor, expr))
        else:
            (before if same_clause(expr.end, anchor) else rest).append((anchor - expr.end, expr))
    ordered: list[_Expr] = []
    for group in (after, before, rest):
        ordered.extend(expr for _, expr in sorted(group, key=lambda pair: pair[0]))
    return ordered


def _period(published: date | None, precision: str | None) -> Span | None:
    if published is None:
        return None
    if precision == "year":
        return _year_span(published.year)
    if precision == "month":
        return _month_span(published.year, published.month)
    return published, published


def _period_text(published: date, precision: str | None) -> str:
    if precision == "year":
        return f"{published.year:04d}"
    if precision == "month":
        return f"{published.year:04d}-{published.month:02d}"
    return published.isoformat()


def _event(expr: _Expr, span: Span, precision: str, how: str, sentence: str) -> EventDate:
    if precision == "day" and span[0] != span[1]:
        precision = "range"
    text = sentence[expr.start : expr.end]
    return EventDate(span[0], span[1], precision, how, text, expr.start, expr.end)


def resolve_event_date(
    sentence: str,
    *,
    published: date | None,
    published_precision: str | None = "day",
    anchor: int | None = None,
) -> EventDate | None:
    """The date of the event triggered at ``anchor`` (a character offset) in ``sentence``.

    Uses the date expression nearest the trigger (after it in the same clause first), resolved
    against the publication date when it is relative; falls back to the publication date when the
    sentence has none. None when the governing expression is relative and there is no publication
    date, or when there is neither an expression nor a publication date.
    """
    exprs, masked = _scanned(sentence)
    period = _period(published, published_precision)
    for expr in _ranked(list(exprs), masked, anchor):
        text = sentence[expr.start : expr.end]
        lookback_from = min(anchor, expr.start) if anchor is not None else expr.start
        future = bool(_FUTURE.search(masked, _clause_start(masked, lookback_from), expr.start))
        try:
            if not expr.needs_pub and (period is None or not expr.since):
                span = expr.fn(None, future)
                how = f'sentence: "{text}"'
                if expr.since:
                    how += " (open-ended, and no publication date to end it: the span of its start)"
                return _event(expr, span, expr.precision, how, sentence)
            if period is None or published is None:
                return None  # the governing expression needs a publication date
            low, high = period
            first = expr.fn(low, future)
            last = expr.fn(high, future) if high != low else first
            span = min(first[0], last[0]), max(first[1], last[1])
            precision = expr.precision if first == last else "range"
            how = f'relative to publication {_period_text(published, published_precision)}: "{text}"'
            return _event(expr, span, precision, how, sentence)
        except _NeedsPublication:
            return None
        except (ValueError, OverflowError):
            continue
    if period is None:
        return None
    precision = published_precision if published_precision in ("month", "year") else "day"
    return EventDate(period[0], period[1], precision, "article date (no date in the sentence)")
