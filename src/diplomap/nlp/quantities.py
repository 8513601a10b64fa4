"""Amounts in one English sentence: money, counts, percentages and shares.

:func:`find_quantities` returns :class:`~diplomap.nlp.records.QuantityRecord` objects sorted by
``start``, never overlapping, with ``text == sentence[start:end]``. It is pure Python and
:mod:`re`; it needs no spaCy model.

Kinds and values
----------------
``money``
    ``US$10 billion``, ``US $104 million``, ``USD 5m``, ``€2.5bn``, ``5 million dollars``,
    ``1.2 trillion yen``, ``500 billion won``, ``hundreds of millions of dollars``. ``currency`` is
    the ISO 4217 code (``¥`` is read as JPY, a bare ``$`` or ``dollars`` as USD, ``won`` as KRW
    unless it is "North Korean won", KPW). ``pounds`` and ``won`` are money only with a scale word
    or a qualifier ("5 million pounds", "pounds sterling", "South Korean won"), so "500 pounds of
    explosives" stays a count.
``percent``
    ``37.3 per cent``, ``37.3%``, ``37.3 percent`` (value in percent units, 37.3); ``5 percentage
    points`` is kind percent with unit ``"percentage points"``.
``share``
    Fractions written in words: ``three-quarters`` 0.75, ``half of`` 0.5, ``a third`` 1/3,
    ``two-thirds`` 2/3, ``a quarter of`` 0.25. Quarters and halves of time ("the first quarter",
    "the second half of 2014", "a quarter of a century") and ordinals ("a third nuclear test") are
    not shares.
``count``
    A number with, where one follows, ``unit``: the noun phrase after the number, up to three words
    ending in a plural noun-like word ("one hundred short-range missiles" -> 100, unit
    ``"short-range missiles"``). The record's span covers the unit. Numbers in digits without a unit
    are kept (unit None); numbers in words without a unit are dropped ("one of them", "no one").

Decisions
---------
* Durations are counts: "six years" -> count 6, unit ``"years"``; "two decades" -> 2 ``"decades"``.
  Filter on the unit if you do not want them. Relative dates and ages are not amounts: "two years
  ago", "70 years old", "the 70-year-old" give nothing.
* Vague amounts take a documented stand-in value: "dozens of" 24, "hundreds of" 200, "thousands
  of" 2,000, "millions of" 2e6, "billions of" 2e9 (twice the unit: the smallest plural); "tens of
  thousands" 1e4, "hundreds of thousands" 1e5, "tens of millions" 1e7, "hundreds of millions" 1e8,
  "tens of billions" 1e10, "hundreds of billions" 1e11 (the order of magnitude). "a dozen" is 12,
  "half a million" 500,000, "two and a half years" 2.5.
* Ranges take their low end: "5-10%" -> 5, "$5-10 billion" -> 5e9; in "between 5 and 10 percent" or
  "30 to 40 troops" the first number borrows the kind, unit, currency and scale of the second.
* Not counts: years (1800-2099 standing alone, after "in/since/of/by/..." or a determiner, or at the
  start of the sentence), dates ("4 August", "July 2014", "June-July 2014"), times ("10:30", "9 a.m."),
  ordinals ("11th", "33rd"), decades ("1990s"), ages ("aged 70", "Kim, 31,"), list numbering
  ("1. ", "(2)"), identifiers ("Resolution 2094", "Article 9", "F-16", "G20") and compound
  modifiers ("six-party talks", "a 10-day visit").

Exchange rates
--------------
``value_usd`` is the amount in US dollars: USD amounts as they are; amounts in the currencies of
:data:`USD_PER_UNIT` converted with **approximate long-run rates** (roughly 2010-2020 averages, not
the rate on the day of the article: good for ordering and orders of magnitude, not for accounting);
None for any other currency (for example North Korean won, KPW).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Final

from diplomap.nlp.records import QuantityRecord

__all__ = ["USD_PER_UNIT", "find_quantities"]

#: US dollars per unit of each currency: approximate long-run rates (about 2010-2020), see above.
USD_PER_UNIT: Final[Mapping[str, float]] = {
    "USD": 1.0,
    "EUR": 1.2,
    "GBP": 1.45,
    "JPY": 0.0095,
    "CNY": 0.15,
    "KRW": 0.00088,
    "RUB": 0.025,
    "INR": 0.016,
    "AUD": 0.8,
    "CAD": 0.8,
    "HKD": 0.128,
    "CHF": 1.05,
    "SGD": 0.74,
    "NZD": 0.72,
    "TWD": 0.033,
}


def _split(words: str) -> frozenset[str]:
    return frozenset(words.split())


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

_UNITS: Final = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SMALL: Final[dict[str, int]] = {**_UNITS, **_TENS}
_BIG: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

_SMALL_ALT = "|".join(sorted(_SMALL, key=len, reverse=True))
_MAG_ALT = "hundred|thousand|million|billion|trillion|dozen"
_WTOK = rf"(?:{_SMALL_ALT}|{_MAG_ALT})\b"
_AND_AFTER_MAG = (
    r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)|(?<=trillion))"
    rf"\s+and\s+(?=(?:{_SMALL_ALT})\b)"
)
#: Numbers in words: "one hundred", "two hundred and fifty", "twenty-five", "a dozen", "half a million"
#: (at most 12 words, which keeps the search linear on long runs of number words).
_WORDS = (
    rf"\b(?:half\s+an?\s+(?:{_MAG_ALT})\b"
    rf"|(?:an?\s+(?=(?:{_MAG_ALT})\b))?{_WTOK}(?:(?:[^\S\n]+|-|{_AND_AFTER_MAG}){_WTOK}){{0,11}}"
    r"(?:\s+and\s+a\s+half\b)?)"
)
_DIGITS_CORE = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])"
#: A number in digits that does not continue a word, a decimal, a date, a time or a model name.
_DIGITS = r"(?<![\w.,/:+\-–])" + _DIGITS_CORE
_RANGE_TAIL = rf"(?:[^\S\n]?[-–][^\S\n]?(?:[$€£¥][^\S\n]?)?{_DIGITS_CORE})"
_SCALES: Final[dict[str, int]] = {
    "thousand": 10**3, "k": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "mn": 10**6,
    "mln": 10**6, "m": 10**6, "crore": 10**7, "crores": 10**7, "billion": 10**9, "bn": 10**9,
    "bln": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12,
}  # fmt: skip
_SCALE = r"(?:[^\S\n]?(?:thousand|million|billion|trillion|crores?|lakhs?|mn|mln|bn|bln|tn|trn)|(?:m|b|k))\b"
_VAGUE = (
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)"
    r"|dozens|hundreds|thousands|millions|billions)\b"
)
_VAGUE_SINGLE: Final = {"dozens": 24, "hundreds": 200, "thousands": 2000, "millions": 2 * 10**6,
                        "billions": 2 * 10**9}  # fmt: skip
_VAGUE_BASE: Final = {"tens": 10, "hundreds": 100}
_VAGUE_OF: Final = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}

# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

_CODES = "USD|EUR|GBP|JPY|CNY|RMB|KRW|KPW|RUB|INR|AUD|CAD|HKD|CHF|SGD|TWD|NZD"
_PREFIX = (
    r"(?:(?<![A-Za-z])(?-i:US[^\S\n]?|U\.S\.[^\S\n]?|AU|A|CA|C|HK|NZ|S|NT)?\$|[€£¥₩₽₹]"
    rf"|\b(?-i:{_CODES}|Rs\.?)(?![A-Za-z]))"
)
_PREFIX_ISO: Final = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "NT$": "TWD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₩": "KRW", "₽": "RUB", "₹": "INR", "RS": "INR", "RS.": "INR", "RMB": "CNY",
}  # fmt: skip
_ADJ = (
    r"(?-i:US|U\.S\.|American|Australian|Canadian|Hong\s+Kong|Singapore(?:an)?|New\s+Zealand"
    r"|(?:New\s+)?Taiwan(?:ese)?|Japanese|Chinese|(?:North\s+|South\s+)?Korean|Russian|Indian"
    r"|Pakistani|Swiss|British)"
)
_CURWORD = (
    r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|sterling|yen|yuan|renminbi|won|roubles?|rubles?"
    rf"|rupees?|rupiah|francs?|(?-i:{_CODES}))\b"
)
_DOLLAR_ADJ: Final = {
    "australian": "AUD", "canadian": "CAD", "hong kong": "HKD", "singapore": "SGD",
    "singaporean": "SGD", "new zealand": "NZD", "taiwan": "TWD", "taiwanese": "TWD",
    "new taiwan": "TWD",
}  # fmt: skip
_WORD_ISO: Final = {
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "won": "KRW", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "rupee": "INR", "rupees": "INR", "rupiah": "IDR",
}  # fmt: skip

_NUMBER = rf"(?:{_DIGITS}(?:{_RANGE_TAIL})?|{_WORDS})"

_MONEY_PREFIX_RE = re.compile(
    rf"(?P<cur>{_PREFIX})[^\S\n]?(?P<num>{_DIGITS_CORE}(?:{_RANGE_TAIL})?)(?P<scale>{_SCALE})?", re.I
)
_MONEY_SUFFIX_RE = re.compile(
    rf"(?:(?P<num>{_NUMBER})(?P<scale>{_SCALE})?|(?P<vague>{_VAGUE})\s+of)"
    rf"\s+(?:(?P<adj>{_ADJ})\s+)?(?P<cw>{_CURWORD})",
    re.I,
)
_PERCENT_RE = re.compile(
    rf"(?:(?P<sign>(?<![\w.,])[-−])(?={_DIGITS_CORE})|(?<![\w.,]))"
    rf"(?P<num>{_DIGITS_CORE}(?:{_RANGE_TAIL})?|{_WORDS})"
    r"[^\S\n]?(?P<pc>%|per[\s-]?cent\b|pct\b|percentage[\s-]points?\b)",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# Shares
# ---------------------------------------------------------------------------------------------

_DENOMINATORS: Final = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
_SHARE_RE = re.compile(
    r"\b(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)(?:[^\S\n]+|-)"
    r"(?P<den>halves|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.I,
)
_HALF_RE = re.compile(r"\bhalf\b(?=\s+(?:of|the|its|their|his|her|our|all)\b)", re.I)
_SHARE_TIME_AFTER = re.compile(
    r"(?:\s+of\s+(?:(?:a|an|the|this|that|last|next|each|every)\s+)?"
    r"(?:century|centuries|hour|hours|year|years|decade|month|months|day|week|mile|fiscal|financial"
    r"|[0-9]{4})\b|[^\S\n]*-?[^\S\n]*(?:century|hour|mile|final|finals|year)\b)",
    re.I,
)
_SHARE_SINGLE_OK_AFTER = re.compile(
    r"(?:\s+(?:of|and|or|in|since|from|to|than|on|by|over|compared|while|after|before|between|more"
    r"|less|as|at|for|with|last|this|that|a|an|the|its|their|was|were|is|are|has|have|had)\b"
    r"|[^\S\n]*(?:[.,;:!?)\]\"”’]|$))",
    re.I,
)
_TIME_ORDINALS: Final = _split(
    "first second third fourth last past previous next coming consecutive straight final latter "
    "former early earlier late later recent opening closing"
)

# ---------------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------------


_COUNT_RE = re.compile(rf"(?P<num>{_NUMBER})(?P<scale>{_SCALE})?", re.I)
_VAGUE_RE = re.compile(_VAGUE, re.I)
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_AFTER = re.compile(
    rf"(?:\s*(?:[-–]|and|to|&)\s*[0-9]{{1,2}}(?:st|nd|rd|th)?)?[^\S\n]*,?[^\S\n]*(?:of\s+)?{_MONTH}",
    re.I,
)
_MONTH_BEFORE = re.compile(
    rf"(?:(?:{_MONTH}|{_WEEKDAY})[^\S\n]*,?[^\S\n]*"
    rf"|{_MONTH}[^\S\n]*[0-9]{{1,2}}(?:st|nd|rd|th)?[^\S\n]*(?:[-–]|and|to|&)[^\S\n]*)$",
    re.I,
)
_TIME_AFTER = re.compile(r"(?::[0-9]|[^\S\n]*(?:[ap]\.m\.|[ap]m\b|o['’]clock\b|GMT\b|UTC\b|hrs\b|h\b))", re.I)
_AFTER_DIGITS_BAD = re.compile(r"(?:[A-Za-z]|['’]s\b|/|\.[0-9])")
_COMPOUND_AFTER = re.compile(r"[-–][A-Za-z]")
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)[^\S\n]+$", re.I)
_AGE_AFTER_UNIT = re.compile(r"\s+(?:ago|old|of\s+age)\b", re.I)
_APPOSITION_BEFORE = re.compile(r"[A-Z][\w'’-]*[^\S\n]*,[^\S\n]*$")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*\.?)[^\S\n]*$")
_UNIT_WORD = re.compile(r"[^\S\n]+([A-Za-z]+(?:[-'’][A-Za-z]+)*)(?![\w])")
_ATTACHED_MEASURE = re.compile(r"(km2|km|kg|mw|gw|kwh|kw|mph|bpd)\b", re.I)
_OF_DET = re.compile(r"\s+of(?:\s+(?:the|these|those|their|its|his|her|our|your|them))?(?=\s)", re.I)
_JOIN = re.compile(r"[^\S\n]*(?:to|and|or|[-–—])[^\S\n]*", re.I)

_IDENTIFIER_WORDS: Final = _split(
    "no no. nos nos. number article articles resolution resolutions section chapter page pages p. pp. "
    "paragraph clause route highway flight room camp unit level category class grade phase version "
    "model line block gate pier building floor district item step table figure fig fig. vol vol. "
    "volume issue episode season part annex protocol amendment rule division regiment battalion "
    "brigade corps squadron"
)
_YEAR_CONTEXT: Final = _split(
    "in since of by from until till to through throughout after before during early late mid the a an "
    "its their his her our this that and or between circa year fiscal spring summer autumn fall winter "
    "s ’s 's"
)
_CUE_WORDS: Final = _split(
    "some about around nearly almost over more fewer less only just roughly approximately another all "
    "at least up to by with of the and or than those these its their his her our in on for from "
    "between among under below above exactly estimated perhaps maybe possibly another but while as "
    "after before since during"
)
_UNIT_STOP: Final = _split(
    "the a an of and or in on at to from by for with without per than as is was were are be been has "
    "had have will would could should may might can that which who whom whose this these those it "
    "its their his her our your they we he she i you not no over under about into onto since during "
    "after before between among against through ago old each every such so but if while when where "
    "how why what also only just all both some any most many much very too up down out off again "
    "there here then now than versus plus minus"
)
_NON_PLURAL_S: Final = _split(
    "as is was has does this its his hers ours yours theirs thus us across unless less perhaps always "
    "besides towards afterwards whereas sometimes nevertheless plus minus versus yes gas bus chaos "
    "says shows remains seems means includes comes goes makes takes gives becomes stands lies rises "
    "falls reaches represents accounts amounts marks follows appears"
)
_IRREGULAR_PLURALS: Final = _split(
    "people men women children personnel police aircraft cattle livestock feet sheep fish staff "
    "spacecraft warcraft"
)
_MEASURES: Final = _split("km km2 kg mw gw kw kwh mph bpd ha")


@dataclass(frozen=True)
class _Cand:
    kind: str
    value: Decimal
    start: int
    end: int
    unit: str | None = None
    currency: str | None = None
    scale: int = 1  # the scale word or vague magnitude applied, for ranges ("between 2 and 3 million")
    bare: bool = False  # a number with nothing counted after it
    words: bool = False  # written in words
    fallback: _Cand | None = None  # the number alone, when its unit runs into another amount


# ---------------------------------------------------------------------------------------------
# Parsing helpers
# ---------------------------------------------------------------------------------------------


def _digits_value(raw: str) -> Decimal | None:
    match = re.match(r"[0-9][0-9,]*(?:\.[0-9]+)?", raw)
    if match is None:
        return None
    try:
        return Decimal(match.group().replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        return None


def _words_value(raw: str) -> tuple[Decimal, int] | None:
    """Value and trailing scale of a number in words, or None when it is not one number."""
    tokens = re.findall(r"[a-z]+", raw.lower())
    extra = Decimal(0)
    if tokens[-3:] == ["and", "a", "half"]:
        tokens = tokens[:-3]
        extra = Decimal("0.5")
    factor = Decimal(1)
    if tokens and tokens[0] == "half":
        factor = Decimal("0.5")
        tokens = ["one", *tokens[2:]]
    elif tokens and tokens[0] in ("a", "an"):
        tokens = ["one", *tokens[1:]]
    total = 0
    current = 0
    previous = ""
    for token in tokens:
        if token == "and":
            continue
        if token in _SMALL:
            value = _SMALL[token]
            if previous in ("unit", "teen") or (previous == "tens" and value >= 10):
                return None
            current += value
            previous = "tens" if value >= 20 else "teen" if value >= 10 else "unit"
        elif token in ("hundred", "dozen"):
            if previous == "hundred":
                return None
            current = (current or 1) * (100 if token == "hundred" else 12)
            previous = "hundred"
        elif token in _BIG:
            if previous == "big":
                return None
            total += (current or 1) * _BIG[token]
            current = 0
            previous = "big"
        else:
            return None
    scale = _BIG.get(tokens[-1], 1) if tokens else 1
    return (Decimal(total + current) + extra) * factor, scale


def _number_value(raw: str) -> tuple[Decimal, int, bool] | None:
    """Value, scale already applied in words, and whether the number is written in words."""
    if raw[:1].isdigit():
        value = _digits_value(raw)
        return None if value is None else (value, 1, False)
    parsed = _words_value(raw)
    return None if parsed is None else (parsed[0], parsed[1], True)


def _scale_value(raw: str | None) -> int:
    return _SCALES.get(raw.strip().lower(), 1) if raw else 1


def _vague_value(raw: str) -> tuple[Decimal, int]:
    words = raw.lower().split()
    if len(words) == 3:
        magnitude = _VAGUE_BASE[words[0]] * _VAGUE_OF[words[2]]
        return Decimal(magnitude), magnitude
    value = _VAGUE_SINGLE[words[0]]
    return Decimal(value), max(1, value // 2)


def _prev_word(text: str, start: int) -> tuple[str | None, bool]:
    """The word just before ``start`` (only spaces between) and whether it opens the text."""
    before = text[max(0, start - 60) : start]
    match = _PREV_WORD.search(before)
    if match is None:
        return None, False
    offset = start - len(before) + match.start(1)
    first = not text[:offset].strip()
    return match.group(1), first


def _is_year_like(raw: str, value: Decimal, scale: int) -> bool:
    return (
        scale == 1
        and re.fullmatch(r"[0-9]{4}(?:[-–][0-9]{2,4})?", raw) is not None
        and (1800 <= value <= 2099)
    )


def _is_plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS or re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]s", word):
        return True  # "people", "ICBMs", "MoUs"
    if len(lower) < 3 or word.isupper() or lower in _NON_PLURAL_S or lower in _UNIT_STOP:
        return False
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    """The counted noun phrase right after ``pos``: up to 3 words ending in a plural noun-like word."""
    attached = _ATTACHED_MEASURE.match(text, pos)
    if attached is not None:
        return attached.group(1), attached.end()
    unit_start: int | None = None
    at = pos
    for _ in range(3):
        match = _UNIT_WORD.match(text, at)
        if match is None:
            break
        word = match.group(1)
        lower = word.lower()
        if lower in _UNIT_STOP:
            break
        if unit_start is None:
            unit_start = match.start(1)
        if _is_plural(word) or lower in _MEASURES:
            return text[unit_start : match.end()], match.end()
        at = match.end()
    return None, pos


# ---------------------------------------------------------------------------------------------
# Finders
# ---------------------------------------------------------------------------------------------


def _money(text: str) -> Iterator[_Cand]:
    for match in _MONEY_PREFIX_RE.finditer(text):
        symbol = re.sub(r"\s+", "", match.group("cur")).upper()
        iso = _PREFIX_ISO.get(symbol, symbol)
        value = _digits_value(match.group("num"))
        if value is None:
            continue
        scale = _scale_value(match.group("scale"))
        yield _Cand("money", value * scale, match.start(), match.end(), currency=iso, scale=scale)
    for match in _MONEY_SUFFIX_RE.finditer(text):
        currency = _suffix_currency(match.group("cw"), match.group("adj"))
        if currency is None:
            continue
        if match.group("vague"):
            value, scale = _vague_value(match.group("vague"))
        else:
            parsed = _number_value(match.group("num"))
            if parsed is None:
                continue
            value, scale, _ = parsed
            extra = _scale_value(match.group("scale"))
            value *= extra
            scale = max(scale, extra)
            word, _ = _prev_word(text, match.start())
            if _is_year_like(match.group("num"), value, scale) and (word or "").lower() in _YEAR_CONTEXT:
                continue  # "in 2014 dollars"
        cw = match.group("cw").lower()
        qualified = match.group("adj") is not None or "sterling" in cw
        if cw.startswith(("pound", "won")) and scale < 1000 and not qualified:
            continue  # "500 pounds of explosives", "the party won"
        yield _Cand("money", value, match.start(), match.end(), currency=currency, scale=scale)


def _suffix_currency(word: str, adjective: str | None) -> str | None:
    lower = word.lower()
    adj = re.sub(r"\s+", " ", adjective).lower() if adjective else ""
    if lower.startswith("dollar"):
        return _DOLLAR_ADJ.get(adj, "USD")
    if lower.startswith("franc"):
        return "CHF" if adj == "swiss" else None
    if lower == "won" and adj == "north korean":
        return "KPW"
    if lower.startswith("rupee") and adj == "pakistani":
        return "PKR"
    if lower.startswith(("pound", "sterling")):
        return "GBP"
    if word.upper() == word and len(word) == 3:
        return "CNY" if word == "RMB" else word
    return _WORD_ISO.get(lower)


def _percent(text: str) -> Iterator[_Cand]:
    for match in _PERCENT_RE.finditer(text):
        parsed = _number_value(match.group("num"))
        if parsed is None:
            continue
        value = -parsed[0] if match.group("sign") else parsed[0]
        unit = "percentage points" if match.group("pc").lower().startswith("percentage") else None
        yield _Cand("percent", value, match.start(), match.end(), unit=unit, words=parsed[2])


def _shares(text: str) -> Iterator[_Cand]:
    for match in _SHARE_RE.finditer(text):
        numerator = match.group("num").lower()
        denominator = match.group("den").lower()
        top = 1 if numerator in ("a", "an") else _SMALL[numerator]
        if denominator in ("half", "halves") and text[max(0, match.start() - 5) : match.start()].lower() in (
            " and ",
            "\tand ",
        ):
            continue  # "one and a half"
        singular = not denominator.endswith("s")
        if singular and top == 1 and not _SHARE_SINGLE_OK_AFTER.match(text, match.end()):
            continue  # "a third nuclear test"
        if _share_is_time(text, match.start(), match.end(), denominator):
            continue
        value = Decimal(top) / Decimal(_DENOMINATORS[denominator])
        yield _Cand("share", value, match.start(), match.end())
    for match in _HALF_RE.finditer(text):
        if _share_is_time(text, match.start(), match.end(), "half"):
            continue
        yield _Cand("share", Decimal("0.5"), match.start(), match.end())


def _share_is_time(text: str, start: int, end: int, denominator: str) -> bool:
    if _SHARE_TIME_AFTER.match(text, end):
        return True
    word, _ = _prev_word(text, start)
    lower = (word or "").lower()
    return lower in _TIME_ORDINALS or (denominator.startswith("quarter") and lower in ("the", "this", "that"))


def _counts(text: str) -> Iterator[_Cand]:
    for match in _COUNT_RE.finditer(text):
        candidate = _count(text, match)
        if candidate is not None:
            yield candidate
    for match in _VAGUE_RE.finditer(text):
        value, scale = _vague_value(match.group())
        of = _OF_DET.match(text, match.end())
        if of is None:
            if len(match.group().split()) == 1:
                continue  # "hundreds" without "of"
            yield _Cand("count", value, match.start(), match.end(), scale=scale)
            continue
        unit, unit_end = _unit_after(text, of.end())
        bare = _Cand("count", value, match.start(), match.end(), scale=scale)
        if unit is None:
            yield bare
        else:
            yield replace(bare, end=unit_end, unit=unit, fallback=bare)


def _count(text: str, match: re.Match[str]) -> _Cand | None:
    raw = match.group("num")
    parsed = _number_value(raw)
    if parsed is None:
        return None
    value, scale, words = parsed
    extra = _scale_value(match.group("scale"))
    value *= extra
    scale = max(scale, extra)
    start, end = match.start(), match.end()
    if _excluded(text, start, end, raw, words, value, scale):
        return None
    unit, unit_end = _unit_after(text, end)
    if unit is not None and _AGE_AFTER_UNIT.match(text, unit_end):
        return None  # "two years ago", "70 years old"
    if not words and _is_year_like(raw, value, scale):
        word, first = _prev_word(text, start)
        if unit is None or word is None or first or not word.islower() or word.lower() in _YEAR_CONTEXT:
            return None
    bare = _Cand("count", value, start, end, scale=scale, bare=True, words=words)
    if unit is None:
        return bare
    return _Cand("count", value, start, unit_end, unit=unit, scale=scale, words=words, fallback=bare)


def _excluded(text: str, start: int, end: int, raw: str, words: bool, value: Decimal, scale: int) -> bool:
    """Whether the number at ``text[start:end]`` is a date, time, ordinal, age, label or identifier."""
    after = text[end : end + 40]
    before = text[max(0, start - 60) : start]
    if _COMPOUND_AFTER.match(after):
        return True  # "six-party talks", "the 70-year-old"
    if _MONTH_AFTER.match(after) or (not words and _MONTH_BEFORE.search(before)):
        return True
    if not words:
        if _AFTER_DIGITS_BAD.match(after) and not _ATTACHED_MEASURE.match(after):
            return True  # "11th", "1990s", "5G", "24/7"
        if _TIME_AFTER.match(after):
            return True
        stripped = before.strip()
        if (not text[:start].strip() or stripped.endswith("(")) and re.match(r"[.)]", after):
            return True  # "1. ", "(2)"
        if _APPOSITION_BEFORE.search(before) and after.startswith(",") and value < 130 and scale == 1:
            return True  # "Kim Jong-un, 31, ..."
    if _AGE_BEFORE.search(before):
        return True
    if before.rstrip().endswith("#"):
        return True
    word, first = _prev_word(text, start)
    if word is None:
        return False
    lower = word.lower()
    if lower in _IDENTIFIER_WORDS or lower.rstrip(".") in _IDENTIFIER_WORDS:
        return True
    capitalised = word[:1].isupper() and not lower.endswith(("'s", "’s", "s'", "s’"))
    return capitalised and not first and lower.rstrip(".") not in _CUE_WORDS


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------


def _overlaps(candidate: _Cand, spans: list[tuple[int, int]]) -> bool:
    """Whether ``candidate`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect.bisect_left(spans, (candidate.start, candidate.end))
    before = i > 0 and spans[i - 1][1] > candidate.start
    after = i < len(spans) and spans[i][0] < candidate.end
    return before or after


def _link_ranges(text: str, found: list[_Cand]) -> list[_Cand]:
    """Give "5" in "between 5 and 10 percent" (or "$5" in "$5 to $10 billion") its partner's kind."""
    linked = list(found)
    for i in range(len(linked) - 2, -1, -1):
        here, there = linked[i], linked[i + 1]
        if not _JOIN.fullmatch(text[here.end : there.start]):
            continue
        if (
            here.kind == "count"
            and here.bare
            and there.kind in ("count", "money", "percent")
            and not there.bare
        ):
            multiplier = there.scale if here.scale == 1 else 1
            linked[i] = replace(
                here,
                kind=there.kind,
                value=here.value * multiplier,
                unit=there.unit,
                currency=there.currency,
                scale=max(here.scale, multiplier),
                bare=False,
            )
        elif (
            here.kind == "money"
            and there.kind == "money"
            and here.scale == 1
            and there.scale > 1
            and here.currency == there.currency
        ):
            linked[i] = replace(here, value=here.value * there.scale, scale=there.scale)
    return linked


def _record(text: str, candidate: _Cand) -> QuantityRecord | None:
    value = float(candidate.value)
    if not math.isfinite(value):
        return None
    usd: float | None = None
    if candidate.currency is not None and candidate.currency in USD_PER_UNIT:
        usd = value * USD_PER_UNIT[candidate.currency]
    return QuantityRecord(
        kind=candidate.kind,
        value=value,
        start=candidate.start,
        end=candidate.end,
        text=text[candidate.start : candidate.end],
        unit=candidate.unit,
        currency=candidate.currency,
        value_usd=usd,
    )


def find_quantities(text: str) -> list[QuantityRecord]:
    """Money, counts, percentages and shares in one sentence, sorted by start and not overlapping.

    Where two readings overlap, money wins over a percentage, a percentage over a share and a share
    over a count; a count whose unit runs into another amount keeps only its number.
    """
    accepted: list[_Cand] = []
    spans: list[tuple[int, int]] = []
    for finder in (_money, _percent, _shares, _counts):
        for candidate in sorted(finder(text), key=lambda c: (c.start, c.start - c.end)):
            for choice in (candidate, candidate.fallback):
                if choice is not None and not _overlaps(choice, spans):
                    accepted.append(choice)
                    bisect.insort(spans, (choice.start, choice.end))
                    break
    linked = _link_ranges(text, sorted(accepted, key=lambda c: c.start))
    records = (_record(text, c) for c in linked if not (c.kind == "count" and c.bare and c.words))
    return [record for record in records if record is not None]
