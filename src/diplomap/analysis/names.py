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

from diplomap.nlp.actors.grouping import ORGANISATION_PREFIXES, counterpart, organisation_names

__all__ = ["actor_name", "counterpart"]

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
def _countries() -> dict[str, str]:
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(_SHORT)
    return names


@cache
def actor_name(code: str) -> str:
    """The display name of an actor code, or the code itself when unknown."""
    organisations = organisation_names()
    countries = _countries()
    if code in organisations and (code[:3] not in countries or code.startswith(ORGANISATION_PREFIXES)):
        return organisations[code]  # national bodies (PRKGOV...) read as country and sector instead
    if code[:3] in countries:
        name = countries[code[:3]]
        return name if len(code) == 3 else f"{name} ({code[3:]})"
    return code
