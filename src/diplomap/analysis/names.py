"""Which actor a code stands for in rankings (its country or organisation), and its readable name
in tables and charts: RUS -> Russia, IGOEUREEC -> European Union.

Countries by ISO 3166 (pycountry's common name where it has one, so PRK reads
"North Korea" rather than "Korea, Democratic People's Republic of");
regions, blocs and organisations from our organisation table. A longer code
reads as its actor plus its sectors: PRKGOV -> "North Korea (GOV)". Codes we
do not know are shown as they are.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

__all__ = ["actor_name", "counterpart", "organisation_codes"]

_ORGANISATIONS = ("IGO", "NGO", "IMG", "MNC", "NGM")

# pycountry's names that read badly in a briefing
_SHORT = {
    "PRK": "North Korea",
    "KOR": "South Korea",
    "RUS": "Russia",
    "IRN": "Iran",
    "SYR": "Syria",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "TWN": "Taiwan",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "COD": "DR Congo",
    "COG": "Congo",
    "XKX": "Kosovo",
}


@cache
def _organisations() -> dict[str, str]:
    """Organisation and region codes to the first name listed for them (longest code first wins)."""
    text = resources.files("diplomap.nlp.data").joinpath("organisations.yaml").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for entry in yaml.safe_load(text) or ():
        code = entry.get("code")
        if isinstance(code, str) and code not in names:
            names[code] = str(entry["name"])
    return names


def organisation_codes() -> frozenset[str]:
    """The organisation codes (IGO..., NGO...) our table names."""
    return frozenset(c for c in _organisations() if c.startswith(_ORGANISATIONS))


@cache
def counterpart(code: str) -> str:
    """The actor a code stands for in partner rankings: its country, or its organisation: the shortest
    organisation code we know that starts it (IGOEUREECLEG counts for IGOEUREEC, the EU; IGOUNOHLHWHO
    for IGOUNO, the UN), else its first six letters."""
    if not code.startswith(_ORGANISATIONS):
        return code[:3]
    known = [c for c in organisation_codes() if code.startswith(c)]
    return min(known, key=len) if known else code[:6]


@cache
def _countries() -> dict[str, str]:
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(_SHORT)
    return names


@cache
def actor_name(code: str) -> str:
    """The display name of an actor code, or the code itself when unknown."""
    organisations = _organisations()
    countries = _countries()
    if code in organisations and (code[:3] not in countries or code.startswith(_ORGANISATIONS)):
        return organisations[code]  # national bodies (PRKGOV...) read as country and sector instead
    if code[:3] in countries:
        name = countries[code[:3]]
        return name if len(code) == 3 else f"{name} ({code[3:]})"
    return code
