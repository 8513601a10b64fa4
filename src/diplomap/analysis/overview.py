"""The corpus at a glance: its most active relations and their latest shifts.

Relations are undirected pairs of actors as partner rankings group them
(countries, or organisations), read from the store's monthly aggregates
(``dyad_months``), so they stay fast on large stores. Latest shifts are
looked for in the last :data:`RECENT_YEARS` years of the corpus (a shift
needs months on both sides of it, so this window sees every recent one):
what changed lately, without searching decades of record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from diplomap.analysis.dyads import period_of
from diplomap.analysis.shifts import Shift, shifts
from diplomap.store.repository import Store
from diplomap.store.schema import dyad_months

__all__ = ["RECENT_YEARS", "ActiveDyad", "active_dyads", "latest_shifts", "recent_window"]

RECENT_YEARS = 3  # the overview's latest shifts are found in the last years of the corpus


@dataclass(frozen=True)
class ActiveDyad:
    a: str
    b: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "events": self.events,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "goldstein_mean": self.goldstein_mean,
        }


def active_dyads(
    store: Store,
    *,
    limit: int = 10,
    start: date | None = None,
    end: date | None = None,
    modality: str = "asserted",
) -> list[ActiveDyad]:
    """The pairs of actors with the most events between them (either direction), most first. Read from
    the monthly aggregates: ``start`` and ``end`` count whole months (the months they fall in)."""
    cooperative = func.sum(case((dyad_months.c.quad_class.in_((1, 2)), dyad_months.c.events), else_=0))
    conflictual = func.sum(case((dyad_months.c.quad_class.in_((3, 4)), dyad_months.c.events), else_=0))
    query = (
        select(
            dyad_months.c.source_key,
            dyad_months.c.target_key,
            func.sum(dyad_months.c.events),
            cooperative,
            conflictual,
            func.sum(dyad_months.c.goldstein_sum),
        )
        .where(dyad_months.c.modality == modality, dyad_months.c.source_key != dyad_months.c.target_key)
        .group_by(dyad_months.c.source_key, dyad_months.c.target_key)
    )
    if start is not None:
        query = query.where(dyad_months.c.month >= start.replace(day=1))
    if end is not None:
        query = query.where(dyad_months.c.month <= end)
    totals: dict[tuple[str, str], list[float]] = {}
    with store.engine.connect() as connection:
        for source, target, n, coop, confl, score in connection.execute(query):
            found = totals.setdefault(tuple(sorted((source, target))), [0, 0, 0, 0.0])
            for i, value in enumerate((n, coop or 0, confl or 0, float(score or 0.0))):
                found[i] += value
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [
        ActiveDyad(a, b, int(n), int(coop), int(confl), round(score / n, 4) if n else None)
        for (a, b), (n, coop, confl, score) in ranked
    ]


def recent_window(store: Store, years: int = RECENT_YEARS) -> tuple[date, date] | None:
    """The last ``years`` years of the store's dated relations, in whole months (ending with the month of
    its latest dated event); None when there is none."""
    with store.engine.connect() as connection:
        latest = connection.execute(select(func.max(dyad_months.c.month))).scalar()
    if latest is None:
        return None
    first = latest.year * 12 + latest.month - 12 * years  # months since year 0 of the window's first
    return date(first // 12, first % 12 + 1, 1), period_of(latest, "month")[2]


def latest_shifts(
    store: Store,
    *,
    actors: int = 5,
    limit: int = 10,
    years: int = RECENT_YEARS,
    dyads: Sequence[ActiveDyad] | None = None,
) -> list[tuple[str, Shift]]:
    """The most recent significant shifts in the relations of the actors most active in the last ``years``
    of the corpus, found in the events of those years: (actor, shift), newest first. ``dyads``: the
    most active dyads of that window when the caller has them."""
    window = recent_window(store, years)
    if window is None:
        return []
    if dyads is None:
        dyads = active_dyads(store, limit=4 * actors, start=window[0], end=window[1])
    busiest: dict[str, int] = {}
    for dyad in dyads:
        for code in (dyad.a, dyad.b):
            busiest[code] = busiest.get(code, 0) + dyad.events
    focal = sorted(busiest, key=lambda code: (-busiest[code], code))[:actors]
    found: dict[tuple[str, str, date], tuple[str, Shift]] = {}
    for code in focal:
        for shift in shifts(store, code, start=window[0], end=window[1]):
            pair = tuple(sorted((code, shift.counterpart)))
            found.setdefault((pair[0], pair[1], shift.day), (code, shift))  # each relation's shift once
    return sorted(found.values(), key=lambda item: (item[1].day, item[0]), reverse=True)[:limit]
