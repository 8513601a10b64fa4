"""CAMEO's codes for intentions and demands, derived from the code of the action intended.

CAMEO codes a promised or planned cooperative action as an expression of
intent (03: "will visit" is 036, "will provide aid" 033), a planned
conflictual one as a threat (13: "will impose sanctions" is 1312), and a
reported "X must do Y" as a demand of the speaker (10: "Russia said Sudan
must return the helicopter" is 105x). The 02/03/10 families share one
structure, so one table of endings serves all three.
"""

from __future__ import annotations

from diplomap.nlp.events.cameo import is_cameo

__all__ = ["demand_code", "intent_code", "rejection_code"]

# action code (longest prefix first) -> ending shared by 03x intent and 10x demand codes
_COOPERATIVE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("061", "11"),
    ("062", "12"),
    ("063", "13"),
    ("064", "14"),
    ("06", "1"),
    ("071", "31"),
    ("072", "32"),
    ("073", "33"),
    ("074", "34"),
    ("07", "3"),
    ("081", "51"),
    ("082", "52"),
    ("083", "53"),
    ("084", "53"),
    ("085", "54"),
    ("086", "55"),
    ("087", "56"),
    ("08", "5"),
    ("045", "9"),
    ("04", "6"),
    ("05", "2"),
)
# planned conflictual actions are threats
_THREATS: tuple[tuple[str, str], ...] = (
    ("161", "1313"),
    ("163", "1312"),
    ("162", "1311"),
    ("16", "131"),
    ("14", "133"),
    ("15", "138"),
    ("17", "137"),
    ("181", "1383"),
    ("18", "1383"),
    ("19", "1384"),
    ("20", "1385"),
)


def _lookup(code: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((ending for prefix, ending in table if code.startswith(prefix)), None)


def intent_code(code: str) -> str | None:
    """The intent (03x) or threat (13x) code for a planned action ``code``; None when CAMEO has none
    (statements, appeals and intents themselves)."""
    threat = _lookup(code, _THREATS)
    if threat:
        return threat
    ending = _lookup(code, _COOPERATIVE_ENDINGS)
    if ending is None:
        return None
    candidate = "03" + ending
    return candidate if is_cameo(candidate) else "03" + ending[0]


# refusing a cooperative act is CAMEO 12 (reject), by the act refused (longest prefix first)
_REJECTIONS: tuple[tuple[str, str], ...] = (
    ("045", "126"),
    ("057", "127"),
    ("04", "125"),
    ("061", "1211"),
    ("062", "1212"),
    ("06", "121"),
    ("07", "122"),
    ("081", "1241"),
    ("082", "1242"),
    ("083", "1243"),
    ("084", "1243"),
    ("085", "1244"),
    ("086", "1245"),
    ("087", "1246"),
    ("08", "124"),
    ("05", "120"),
    ("03", "120"),
)


def rejection_code(code: str) -> str:
    """The reject (12x) code for refusing the action ``code`` ("refused to deploy peacekeepers")."""
    return _lookup(code, _REJECTIONS) or "120"


def demand_code(code: str) -> str:
    """The demand (10x) code for an action someone is told they must take."""
    ending = _lookup(code, _COOPERATIVE_ENDINGS)
    if ending is None:
        return "100"
    candidate = "10" + ending
    # the 10x family orders meetings (106) and mediation (108) unlike 03x (036, 039)
    candidate = {"106": "106", "109": "108"}.get(candidate, candidate)
    return candidate if is_cameo(candidate) else "10" + ending[0]
