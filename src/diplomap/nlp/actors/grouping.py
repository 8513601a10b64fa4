"""Which actor a code stands for when relations are counted: its country, or its organisation.

``PRKGOVDIP`` counts for PRK; ``IGOEUREECLEG`` (the European Parliament) for
IGOEUREEC, the EU; ``IGOUNOHLHWHO`` for IGOUNO, the UN. The store's
aggregates and every ranking group codes this way.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

__all__ = ["ORGANISATION_PREFIXES", "counterpart", "is_key", "organisation_codes", "organisation_names"]

ORGANISATION_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "NGM")


@cache
def organisation_names() -> dict[str, str]:
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
    return frozenset(c for c in organisation_names() if c.startswith(ORGANISATION_PREFIXES))


@cache
def counterpart(code: str) -> str:
    """The actor a code stands for: its country, or its organisation: the shortest organisation code we
    know that starts it (IGOEUREECLEG counts for IGOEUREEC, the EU; IGOUNOHLHWHO for IGOUNO, the UN),
    else its first six letters."""
    if not code.startswith(ORGANISATION_PREFIXES):
        return code[:3]
    known = [c for c in organisation_codes() if code.startswith(c)]
    return min(known, key=len) if known else code[:6]


def is_key(code: str) -> bool:
    """Whether ``code`` is an actor as rankings group them (PRK, IGOUNO): then every event whose code
    starts with it counts for it, and the store's aggregates answer for it exactly."""
    return counterpart(code) == code and (
        not code.startswith(ORGANISATION_PREFIXES) or code in organisation_codes()
    )
