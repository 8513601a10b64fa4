"""Codes shared by the formats: actor codes split into country, organisation and sectors and back,
country and sector names as ICEWS writes them, and CAMEO codes as other data sets spell them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from diplomap.analysis.names import actor_name
from diplomap.nlp.actors.grouping import ORGANISATION_PREFIXES, organisation_names
from diplomap.nlp.events.cameo import CameoCode, cameo, is_cameo

__all__ = [
    "RELIGIONS",
    "SECTOR_NAMES",
    "ActorParts",
    "country_code",
    "country_name",
    "normal_cameo",
    "one_line",
    "organisation_code",
    "sector_code",
    "split_actor",
]

# CAMEO sector codes and the names ICEWS gives sectors (the first is the one we write); our own table.
SECTOR_NAMES: dict[str, tuple[str, ...]] = {
    "GOV": ("Government", "Executive", "Executive Office", "Cabinet"),
    "DIP": ("Diplomatic", "Foreign Ministry", "Diplomacy"),
    "MIL": ("Military", "Armed Forces"),
    "COP": ("Police",),
    "SPY": ("Intelligence",),
    "JUD": ("Judicial", "Judiciary"),
    "LEG": ("Legislative / Parliamentary", "Legislative", "Parliament"),
    "PTY": ("Parties", "Political Party"),
    "OPP": ("Opposition", "Dissident"),
    "REB": ("Rebel", "Insurgents"),
    "PRM": ("Paramilitary",),
    "UAF": ("Unidentified Armed Forces",),
    "CRM": ("Criminals / Gangs", "Criminal"),
    "CVL": ("Civilian", "General Population / Civilian / Social"),
    "BUS": ("Business",),
    "MED": ("Media", "News / Media"),
    "EDU": ("Education",),
    "REL": ("Religious",),
    "LAB": ("Labor", "Labour"),
    "AGR": ("Agricultural / Rural", "Agricultural"),
    "HLH": ("Medical / Health", "Health"),
    "REF": ("Refugees / Displaced", "Refugees"),
    "ELI": ("Elite",),
    "HRI": ("Human Rights Organizations", "Human Rights"),
    "NGO": ("Non-Governmental Organizations", "NGO"),
    "PRE": ("Pre-independence", "Pre-independence Government"),
    "BUD": ("Buddhist",),
    "CHR": ("Christian",),
    "MOS": ("Muslim",),
    "JEW": ("Jewish",),
    "HIN": ("Hindu",),
}
RELIGIONS = frozenset({"BUD", "CHR", "MOS", "JEW", "HIN"})


@cache
def _sector_by_name() -> dict[str, str]:
    return {name.casefold(): code for code, names in SECTOR_NAMES.items() for name in names}


def sector_code(name: str) -> str | None:
    """The CAMEO sector code of an ICEWS sector name ("Government" -> GOV), None if we know none."""
    return _sector_by_name().get(name.strip().casefold())


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


@cache
def _country_by_name() -> dict[str, str]:
    import pycountry

    found: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ):
            if name:
                found.setdefault(name.casefold(), country.alpha_3)
    for code in _countries():
        found[actor_name(code).casefold()] = code  # our display names: North Korea, Russia
    return found


def country_name(code: str) -> str:
    """The name of an ISO3 country as we show it (PRK -> North Korea)."""
    return actor_name(code)


def country_code(name: str) -> str | None:
    """The ISO3 code of a country name (North Korea, Russian Federation) or code, None if unknown."""
    text = name.strip()
    if text.upper() in _countries():
        return text.upper()
    return _country_by_name().get(text.casefold())


@cache
def _organisation_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, name in organisation_names().items():
        found.setdefault(name.casefold(), code)
    return found


def organisation_code(name: str) -> str | None:
    """The code of an organisation or region by the name our table gives it (United Nations -> IGOUNO)."""
    return _organisation_by_name().get(name.strip().casefold())


@dataclass(frozen=True)
class ActorParts:
    """An actor code taken apart: ``PRKGOVDIP`` is country PRK with sectors GOV and DIP."""

    code: str
    country: str | None  # ISO3
    organisation: str | None  # IGOUNO, NGOAMN: an organisation or region code it starts with
    sectors: tuple[str, ...]

    @property
    def name(self) -> str:
        return actor_name(self.code)


def split_actor(code: str) -> ActorParts:
    """Country or organisation, then sectors (three letters each) of a CAMEO-style actor code."""
    if code.startswith(ORGANISATION_PREFIXES):
        names = organisation_names()
        known = [c for c in names if code.startswith(c)]
        organisation = max(known, key=len) if known else code[:6]
        rest = code[len(organisation) :]
        return ActorParts(code, None, organisation, tuple(rest[i : i + 3] for i in range(0, len(rest), 3)))
    head, rest = code[:3], code[3:]
    sectors = tuple(rest[i : i + 3] for i in range(0, len(rest), 3))
    if head in _countries():
        return ActorParts(code, head, None, sectors)
    if head in organisation_names():  # a region: EUR, WST
        return ActorParts(code, None, head, sectors)
    return ActorParts(code, None, None, (head, *sectors))


def normal_cameo(text: str) -> CameoCode | None:
    """The CAMEO code written as ``text``, also when a spreadsheet dropped its leading zero ("42", "311").

    A code is read as written when it is one (a 2-digit code is a root: "10" is DEMAND); else with a
    leading zero ("42" is 042, "311" is 0311). None when it is no CAMEO code either way.
    """
    code = text.strip()
    if not code.isdigit() or not 1 <= len(code) <= 4:
        return None
    for candidate in (code, "0" + code, code.zfill(3)):
        if is_cameo(candidate):
            return cameo(candidate)
    return None


def one_line(text: str) -> str:
    """A field of a tab-separated row: tabs and line breaks become spaces."""
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
