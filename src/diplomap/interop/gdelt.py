"""GDELT 2.0 event table: our events written as its 61 tab-separated fields, and its files read back.

GDELT files have no header row; neither do ours. :data:`GDELT_FIELDS` lists the fields in the
order of the GDELT 2.0 Event Codebook with what we write in each (``--dictionary`` prints it;
docs/interop.md has the same table). In short: ids, dates, actors (code, name, country, known
group, religion and type codes taken from the actor code), the CAMEO codes, quad class (ours is
numbered as GDELT's: 1 verbal cooperation ... 4 material conflict), Goldstein score, the article's
URL and when we stored it are filled; tone, ethnic codes and every geography field are left empty
because diplomap does not compute them (``*Geo_Type`` is 0, GDELT's "no location"). One row is one
coded report, so NumMentions, NumSources and NumArticles are 1.

Reading (:func:`parse_gdelt`) takes the daily ``.export.CSV`` files (or their ``.zip``) and keeps
ids, day, actors, CAMEO code, quad class, Goldstein, URL; the counts, tone and action geography go
to ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from diplomap.errors import BadDateError, InputError, MalformedRecordError
from diplomap.interop._codes import RELIGIONS, normal_cameo, one_line, split_actor
from diplomap.interop._markdown import field_table
from diplomap.interop.external import ExternalEvent
from diplomap.interop.ours import mention_text
from diplomap.nlp.actors.grouping import ORGANISATION_PREFIXES
from diplomap.nlp.events.cameo import cameo

__all__ = ["GDELT_FIELDS", "gdelt_dictionary", "gdelt_row", "parse_gdelt"]

_ACTOR_FIELDS = (
    ("Code", "our actor code (PRKGOV, IGOUNO)"),
    ("Name", "the actor's name as the sentence writes it, in capitals as GDELT does"),
    ("CountryCode", "its country (ISO3) or region (EUR, AFR) code"),
    ("KnownGroupCode", "for organisations (IGO, NGO...), the three letters after the prefix (UNO)"),
    ("EthnicCode", "empty: we do not code ethnicity"),
    ("Religion1Code", "the first religion sector of the code (CHR, MOS...), else empty"),
    ("Religion2Code", "the second one, else empty"),
    ("Type1Code", "the first sector of the code that is not a religion (GOV, MIL...)"),
    ("Type2Code", "the second one"),
    ("Type3Code", "the third one"),
)
_GEO_FIELDS = (
    ("Type", "0: GDELT's 'no location'; we do not geocode"),
    ("FullName", "empty: no geocoding"),
    ("CountryCode", "empty: no geocoding"),
    ("ADM1Code", "empty: no geocoding"),
    ("ADM2Code", "empty: no geocoding"),
    ("Lat", "empty: no geocoding"),
    ("Long", "empty: no geocoding"),
    ("FeatureID", "empty: no geocoding"),
)

# The 61 fields of a GDELT 2.0 event row, in order, with what diplomap writes in each.
GDELT_FIELDS: tuple[tuple[str, str], ...] = (
    ("GlobalEventID", "our event id"),
    ("Day", "the event's first day, YYYYMMDD (events without a date are not exported)"),
    ("MonthYear", "YYYYMM"),
    ("Year", "YYYY"),
    ("FractionDate", "YYYY.FFFF: the year plus the day of the year / 365"),
    *((f"Actor1{name}", f"source: {what}") for name, what in _ACTOR_FIELDS),
    *((f"Actor2{name}", f"target: {what}") for name, what in _ACTOR_FIELDS),
    ("IsRootEvent", "1 when the event is in the document's first sentence, else 0"),
    ("EventCode", "CAMEO code with its leading zero (042)"),
    ("EventBaseCode", "its first three digits"),
    ("EventRootCode", "its root (04)"),
    ("QuadClass", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    ("GoldsteinScale", "Goldstein score of the CAMEO code"),
    ("NumMentions", "1: each row is one coded report (run `diplomap corroborate` to group reports)"),
    ("NumSources", "1"),
    ("NumArticles", "1"),
    ("AvgTone", "empty: we do not compute tone"),
    *((f"Actor1Geo_{name}", what) for name, what in _GEO_FIELDS),
    *((f"Actor2Geo_{name}", what) for name, what in _GEO_FIELDS),
    *((f"ActionGeo_{name}", what) for name, what in _GEO_FIELDS),
    ("DATEADDED", "when diplomap stored the document, YYYYMMDDHHMMSS UTC"),
    ("SOURCEURL", "the document's URL or file path"),
)
NAMES = tuple(name for name, _ in GDELT_FIELDS)
_INDEX = {name: i for i, name in enumerate(NAMES)}
_CODE = re.compile(r"[A-Z0-9]{1,32}")


def gdelt_dictionary() -> str:
    """The field table as Markdown."""
    return field_table(
        "GDELT 2.0 event rows written by diplomap",
        "Tab-separated, no header row, 61 fields in this order.",
        GDELT_FIELDS,
    )


def _actor(code: str | None, name: str | None) -> list[str]:
    if not code:
        return [""] * len(_ACTOR_FIELDS)
    parts = split_actor(code)
    religions = [s for s in parts.sectors if s in RELIGIONS]
    types = [s for s in parts.sectors if s not in RELIGIONS]
    group = ""
    country = parts.country or ""
    if parts.organisation and parts.organisation.startswith(ORGANISATION_PREFIXES):
        group = parts.organisation[3:6]
    elif parts.organisation:
        country = parts.organisation  # a region, as GDELT writes EUR or AFR
    return [
        code,
        (name or parts.name).upper(),
        country,
        group,
        "",
        *[*religions, "", ""][:2],
        *[*types, "", "", ""][:3],
    ]


def gdelt_row(row: dict[str, Any]) -> list[str] | None:
    """The 61 fields of one exported event row (see :mod:`diplomap.interop.ours`); None without a date."""
    day: date | None = row["date_start"]
    if day is None:
        return None
    code = cameo(row["cameo"])
    quad = row["quad_class"] or code.quad_class
    goldstein = row["goldstein"] if row["goldstein"] is not None else code.goldstein
    added: datetime | None = row.get("document_ingested_at")
    if added is not None and added.tzinfo is not None:
        added = added.astimezone(UTC)
    fraction = day.year + day.timetuple().tm_yday / 365
    fields = [
        str(row["id"]),
        f"{day:%Y%m%d}",
        f"{day:%Y%m}",
        f"{day.year:04d}",
        f"{fraction:.4f}",
        *_actor(row["source_code"], mention_text(row, "source")),
        *_actor(row["target_code"], mention_text(row, "target")),
        "1" if row["sentence_index"] == 0 else "0",
        row["cameo"],
        row["cameo"][:3],
        row["cameo_root"],
        str(quad),
        f"{goldstein:g}",
        "1",
        "1",
        "1",
        "",
        *(["0"] + [""] * 7) * 3,
        f"{added:%Y%m%d%H%M%S}" if added else "",
        row["document_uri"] or "",
    ]
    return [one_line(f) for f in fields]


def _actor_code(value: str, name: str, where: str) -> str | None:
    code = value.strip().upper()
    if not code:
        return None
    if not _CODE.fullmatch(code):
        raise MalformedRecordError(
            f"{name} {value!r} is not an actor code (letters and digits, at most 32); fix or remove the row",
            where=where,
        )
    return code


def _country(value: str) -> str | None:
    return value.upper() if re.fullmatch(r"[A-Za-z]{3}", value) else None


def _number(value: str, name: str, where: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise MalformedRecordError(
            f"{name} {value!r} is not a number; fix or remove the row", where=where
        ) from None


def _event(fields: list[str], where: str) -> ExternalEvent:
    def get(name: str) -> str:
        return fields[_INDEX[name]].strip()

    event_id = get("GlobalEventID")
    if not event_id.isdigit() or len(event_id) > 64:
        raise MalformedRecordError(
            f"GlobalEventID {event_id!r} is not a number; is this a GDELT 2.0 events (.export.CSV) file?",
            where=where,
        )
    day_text = get("Day")
    try:
        day = datetime.strptime(day_text, "%Y%m%d").date()
    except ValueError:
        raise BadDateError(f"Day {day_text!r} is not a date; GDELT writes YYYYMMDD", where=where) from None
    code = normal_cameo(get("EventCode"))
    if code is None:
        raise MalformedRecordError(
            f"EventCode {get('EventCode')!r} is not a CAMEO event code (2-4 digits such as 042)", where=where
        )
    quad = _number(get("QuadClass"), "QuadClass", where)
    if quad is not None and quad not in (1, 2, 3, 4):
        raise MalformedRecordError(f"QuadClass {get('QuadClass')!r} is not 1, 2, 3 or 4", where=where)
    goldstein = _number(get("GoldsteinScale"), "GoldsteinScale", where)
    url = get("SOURCEURL") or None
    host = urlsplit(url).hostname if url and url.startswith(("http://", "https://")) else None
    extra = {
        name: get(name)
        for name in (
            "IsRootEvent",
            "NumMentions",
            "NumSources",
            "NumArticles",
            "AvgTone",
            "ActionGeo_FullName",
            "ActionGeo_CountryCode",
            "ActionGeo_Lat",
            "ActionGeo_Long",
            "DATEADDED",
        )
        if get(name)
    }
    return ExternalEvent(
        external_id=event_id,
        date=day,
        cameo=code.code,
        cameo_root=code.root,
        quad_class=int(quad) if quad is not None else code.quad_class,
        goldstein=goldstein if goldstein is not None else code.goldstein,
        read_from=where,
        source_code=_actor_code(get("Actor1Code"), "Actor1Code", where),
        source_name=get("Actor1Name") or None,
        source_country=_country(get("Actor1CountryCode")),
        target_code=_actor_code(get("Actor2Code"), "Actor2Code", where),
        target_name=get("Actor2Name") or None,
        target_country=_country(get("Actor2CountryCode")),
        url=url,
        publisher=host,
        extra=extra,
    )


def parse_gdelt(lines: Iterable[tuple[str, str | InputError]]) -> Iterator[ExternalEvent | InputError]:
    """Events of GDELT 2.0 event rows; a row that cannot be read comes as its error, located."""
    for where, line in lines:
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(GDELT_FIELDS):
            yield MalformedRecordError(
                f"has {len(fields)} tab-separated fields, a GDELT 2.0 event row has {len(GDELT_FIELDS)}; "
                "give GDELT 2.0 .export.CSV files (not mentions, GKG or GDELT 1.0 files)",
                where=where,
            )
            continue
        try:
            yield _event(fields, where)
        except InputError as exc:
            yield exc
