"""The corpus at a glance: its most active relations and their latest shifts.

Relations are undirected pairs of actors as partner rankings group them
(countries, or organisations), read from the store's monthly aggregates
(``dyad_months``), so they stay fast on large stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from diplomap.analysis.shifts import Shift, shifts
from diplomap.store.repository import Store
from diplomap.store.schema import dyad_months

__all__ = ["ActiveDyad", "active_dyads", "latest_shifts"]


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


def latest_shifts(store: Store, *, actors: int = 5, limit: int = 10) -> list[tuple[str, Shift]]:
    """The most recent significant shifts in the relations of the most active actors: (actor, shift)."""
    busiest: dict[str, int] = {}
    for dyad in active_dyads(store, limit=4 * actors):
        for code in (dyad.a, dyad.b):
            busiest[code] = busiest.get(code, 0) + dyad.events
    focal = sorted(busiest, key=lambda code: (-busiest[code], code))[:actors]
    found: dict[tuple[str, str, date], tuple[str, Shift]] = {}
    for code in focal:
        for shift in shifts(store, code):
            pair = tuple(sorted((code, shift.counterpart)))
            found.setdefault((pair[0], pair[1], shift.day), (code, shift))  # each relation's shift once
    return sorted(found.values(), key=lambda item: (item[1].day, item[0]), reverse=True)[:limit]
