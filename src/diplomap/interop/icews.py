"""ICEWS event files (the Harvard Dataverse "events" tables): tab-separated, one header row, 20 columns.

ICEWS names actors instead of coding them: a name, its sectors ("Government,Military") and its
country ("North Korea"). We write our codes that way (:data:`~diplomap.interop._codes.SECTOR_NAMES`
gives the sector names) and read them back into codes: the country's ISO3 code followed by the
codes of the sectors we know (PRK + Government -> PRKGOV), or, without a country, the code of an
organisation we know by that name (United Nations -> IGOUNO). Names we cannot turn into a code keep
the name and no code. ``Intensity`` is the Goldstein score; ICEWS has no quad class, so it comes
from the CAMEO code. We leave the place columns empty (we do not geocode) and write the story id
(our document id), the sentence number (from 1) and the publisher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from diplomap.errors import BadDateError, InputError, MalformedRecordError
from diplomap.interop._codes import (
    SECTOR_NAMES,
    country_code,
    country_name,
    normal_cameo,
    one_line,
    organisation_code,
    sector_code,
    split_actor,
)
from diplomap.interop._markdown import field_table
from diplomap.interop.external import ExternalEvent
from diplomap.nlp.events.cameo import cameo

__all__ = ["ICEWS_COLUMNS", "icews_dictionary", "icews_row", "parse_icews"]

ICEWS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Event ID", "our event id"),
    ("Event Date", "the event's first day, YYYY-MM-DD (events without a date are not exported)"),
    ("Source Name", "the source actor's name (North Korea (GOV), United Nations)"),
    ("Source Sectors", "its sectors by ICEWS name, comma-separated (Government,Military)"),
    ("Source Country", "its country's name (North Korea); empty for organisations"),
    ("Event Text", "the CAMEO code's name (Make a visit)"),
    ("CAMEO Code", "CAMEO code with its leading zero (042)"),
    ("Intensity", "Goldstein score of the CAMEO code"),
    ("Target Name", "the target actor's name"),
    ("Target Sectors", "its sectors"),
    ("Target Country", "its country's name"),
    ("Story ID", "our document id"),
    ("Sentence Number", "the sentence's number in the document, from 1"),
    ("Publisher", "the document's publisher"),
    ("City", "empty: we do not geocode"),
    ("District", "empty"),
    ("Province", "empty"),
    ("Country", "empty"),
    ("Latitude", "empty"),
    ("Longitude", "empty"),
)
HEADER = tuple(name for name, _ in ICEWS_COLUMNS)
_REQUIRED = ("Event ID", "Event Date", "CAMEO Code")
_SECTOR_CODE = re.compile(r"[A-Z]{3}")


def icews_dictionary() -> str:
    """The column table as Markdown."""
    return field_table(
        "ICEWS event rows written by diplomap",
        "Tab-separated, one header row, these 20 columns in this order.",
        ICEWS_COLUMNS,
        noun="column",
    )


def _actor(code: str | None) -> list[str]:
    if not code:
        return ["", "", ""]
    parts = split_actor(code)
    sectors = ",".join(SECTOR_NAMES[s][0] if s in SECTOR_NAMES else s for s in parts.sectors)
    return [parts.name, sectors, country_name(parts.country) if parts.country else ""]


def icews_row(row: dict[str, Any]) -> list[str] | None:
    """The 20 columns of one exported event row (see :mod:`diplomap.interop.ours`); None without a date."""
    day: date | None = row["date_start"]
    if day is None:
        return None
    code = cameo(row["cameo"])
    goldstein = row["goldstein"] if row["goldstein"] is not None else code.goldstein
    source_name, source_sectors, source_country = _actor(row["source_code"])
    target_name, target_sectors, target_country = _actor(row["target_code"])
    fields = [
        str(row["id"]),
        day.isoformat(),
        source_name,
        source_sectors,
        source_country,
        code.name,
        row["cameo"],
        f"{goldstein:g}",
        target_name,
        target_sectors,
        target_country,
        row["document_id"],
        str(row["sentence_index"] + 1),
        row["document_publisher"] or "",
        *[""] * 6,
    ]
    return [one_line(f) for f in fields]


def _code(name: str, sectors: str, country: str) -> tuple[str | None, str | None]:
    """Actor code and ISO3 country from ICEWS's name, sectors and country."""
    iso = country_code(country) if country else None
    if iso is None:
        return organisation_code(name) if name else None, None
    codes: list[str] = []
    for sector in sectors.split(","):
        found = _sector(sector.strip())
        if found and found not in codes and len(iso) + 3 * (len(codes) + 1) <= 32:
            codes.append(found)
    return iso + "".join(codes), iso


def _sector(name: str) -> str | None:
    if _SECTOR_CODE.fullmatch(name):
        return name  # a code written as it is (a sector we have no ICEWS name for)
    return sector_code(name) if name else None


def _event(values: dict[str, str], where: str) -> ExternalEvent:
    event_id = values["Event ID"]
    if not event_id or len(event_id) > 64:
        raise MalformedRecordError(
            "has no Event ID (at most 64 characters); fix or remove the row", where=where
        )
    day_text = values["Event Date"]
    try:
        day = datetime.strptime(day_text, "%Y-%m-%d").date()
    except ValueError:
        raise BadDateError(
            f"Event Date {day_text!r} is not a date; ICEWS writes YYYY-MM-DD", where=where
        ) from None
    code = normal_cameo(values["CAMEO Code"])
    if code is None:
        raise MalformedRecordError(
            f"CAMEO Code {values['CAMEO Code']!r} is not a CAMEO event code (2-4 digits such as 042)",
            where=where,
        )
    intensity = values.get("Intensity", "")
    try:
        goldstein = float(intensity) if intensity else code.goldstein
    except ValueError:
        raise MalformedRecordError(f"Intensity {intensity!r} is not a number", where=where) from None
    source_code, source_country = _code(
        values.get("Source Name", ""), values.get("Source Sectors", ""), values.get("Source Country", "")
    )
    target_code, target_country = _code(
        values.get("Target Name", ""), values.get("Target Sectors", ""), values.get("Target Country", "")
    )
    extra = {
        name: values[name]
        for name in (
            "Event Text",
            "Source Sectors",
            "Source Country",
            "Target Sectors",
            "Target Country",
            "Sentence Number",
            "City",
            "District",
            "Province",
            "Country",
            "Latitude",
            "Longitude",
        )
        if values.get(name)
    }
    return ExternalEvent(
        external_id=event_id,
        date=day,
        cameo=code.code,
        cameo_root=code.root,
        quad_class=code.quad_class,
        goldstein=goldstein,
        read_from=where,
        source_code=source_code,
        source_name=values.get("Source Name") or None,
        source_country=source_country,
        target_code=target_code,
        target_name=values.get("Target Name") or None,
        target_country=target_country,
        story=values.get("Story ID") or None,
        publisher=values.get("Publisher") or None,
        extra=extra,
    )


def parse_icews(lines: Iterable[tuple[str, str | InputError]]) -> Iterator[ExternalEvent | InputError]:
    """Events of an ICEWS file; its header row names the columns (without one, the standard 20 are
    assumed). A row that cannot be read comes as its error, located."""
    columns: tuple[str, ...] | None = None
    for where, line in lines:
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        if columns is None:
            columns = HEADER
            if fields[0].lstrip("\ufeff") == "Event ID":
                named = tuple(f.lstrip("\ufeff") for f in fields)
                missing = [c for c in _REQUIRED if c not in named]
                if missing:
                    yield MalformedRecordError(
                        f"the header has no {missing[0]!r} column; give an ICEWS events file", where=where
                    )
                    return
                columns = named
                continue
        if len(fields) != len(columns):
            yield MalformedRecordError(
                f"has {len(fields)} tab-separated fields, the header has {len(columns)}; "
                "give a tab-separated ICEWS events file",
                where=where,
            )
            continue
        try:
            yield _event(dict(zip(columns, fields, strict=True)), where)
        except InputError as exc:
            yield exc
