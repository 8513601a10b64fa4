"""Shift detection: when did a relation change, how much, and which events drove it.

Method (documented, not home-made statistics): the events between the focal
actor and each counterpart are grouped by period (``by``: week, month...)
and the mean Goldstein score of each period with events, in date order, is
the signal. ``ruptures``' PELT search with a least-squares cost finds change
points in it, with a BIC-like penalty (2 x variance x log n) so noise does
not split the series; working on periods rather than single events keeps the
search small on busy relations (PELT is quadratic at worst). Each change
point is then tested on the events themselves: a two-sided Mann-Whitney U
test (``scipy``) compares the scores of the events of the segment before it
with those after it; only shifts with p below ``alpha`` are kept. The
events after the change that pull hardest in its direction are its drivers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import or_, select

from diplomap.analysis.dyads import _checked, period_of
from diplomap.analysis.names import counterpart
from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.repository import Store
from diplomap.store.schema import events

__all__ = ["Shift", "find_shifts", "shifts"]


@dataclass(frozen=True)
class Shift:
    counterpart: str
    period: str  # where the new level starts
    day: date
    direction: str  # warming or cooling
    before_mean: float
    after_mean: float
    before_events: int
    after_events: int
    p_value: float
    drivers: tuple[int, ...]  # event ids

    @property
    def change(self) -> float:
        return round(self.after_mean - self.before_mean, 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "counterpart": self.counterpart,
            "period": self.period,
            "day": self.day.isoformat(),
            "direction": self.direction,
            "before_mean": self.before_mean,
            "after_mean": self.after_mean,
            "change": self.change,
            "before_events": self.before_events,
            "after_events": self.after_events,
            "p_value": self.p_value,
            "drivers": list(self.drivers),
        }


def find_shifts(
    name: str,
    rows: Sequence[tuple[date, float, int]],
    *,
    by: str = "month",
    alpha: float = 0.05,
    min_size: int = 3,
) -> list[Shift]:
    """Significant shifts in one relation's (day, Goldstein, event id) rows."""
    import ruptures
    from scipy.stats import mannwhitneyu

    ordered = sorted(rows)
    groups: dict[str, list[tuple[date, float, int]]] = {}
    for row in ordered:
        groups.setdefault(period_of(row[0], by)[0], []).append(row)
    periods = [groups[label] for label in sorted(groups)]
    if len(periods) < 2 * min_size:
        return []
    signal = np.array([math.fsum(s for _, s, _ in group) / len(group) for group in periods], dtype=float)
    variance = float(signal.var())
    if variance == 0.0:
        return []
    penalty = 2.0 * variance * math.log(len(signal))
    # the linear kernel is the least-squares cost; KernelCPD runs PELT in compiled code
    detector = ruptures.KernelCPD(kernel="linear", min_size=min_size, jump=1)
    breaks = detector.fit(signal.reshape(-1, 1)).predict(pen=penalty)
    found: list[Shift] = []
    edges = [0, *breaks]
    for left, cut, right in zip(edges, edges[1:], edges[2:], strict=False):
        before = [row for group in periods[left:cut] for row in group]
        after = [row for group in periods[cut:right] for row in group]
        before_scores = np.array([score for _, score, _ in before], dtype=float)
        after_scores = np.array([score for _, score, _ in after], dtype=float)
        p_value = float(mannwhitneyu(before_scores, after_scores, alternative="two-sided").pvalue)
        if p_value >= alpha:
            continue
        warming = float(after_scores.mean()) > float(before_scores.mean())
        strongest = sorted(after, key=lambda row: (-row[1] if warming else row[1], row[0], row[2]))[:3]
        found.append(
            Shift(
                name,
                period_of(after[0][0], by)[0],
                after[0][0],
                "warming" if warming else "cooling",
                round(float(before_scores.mean()), 4),
                round(float(after_scores.mean()), 4),
                len(before),
                len(after),
                round(p_value, 6),
                tuple(event_id for _, _, event_id in strongest),
            )
        )
    return found


def shifts(
    store: Store,
    focal: str,
    *,
    other: str | None = None,
    by: str = "month",
    alpha: float = 0.05,
    modalities: Sequence[str] = ("asserted",),
    start: date | None = None,
    end: date | None = None,
) -> list[Shift]:
    """Significant shifts in the relations of ``focal`` (with ``other`` only, when given), in the events
    from ``start`` to ``end`` when given."""
    focal = _checked(focal)
    other = _checked(other) if other else None
    period_of(date(2000, 1, 1), by)
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    query = (
        select(
            events.c.id, events.c.date_start, events.c.source_code, events.c.target_code, events.c.goldstein
        )
        .where(
            or_(
                events.c.source_code.startswith(focal, autoescape=True),
                events.c.target_code.startswith(focal, autoescape=True),
            )
        )
        .where(events.c.date_start.is_not(None), events.c.modality.in_(list(modalities)))
    )
    if start is not None:
        query = query.where(events.c.date_start >= start)
    if end is not None:
        query = query.where(events.c.date_start <= end)
    relations: dict[str, list[tuple[date, float, int]]] = {}
    with store.engine.connect() as connection:
        for event_id, day, source, target, score in connection.execute(query):
            focal_is_source = bool(source) and source.startswith(focal)
            partner_code = target if focal_is_source else source
            if not partner_code or partner_code.startswith(focal):
                continue
            name = counterpart(partner_code)
            if other is None or name.startswith(other):
                relations.setdefault(name, []).append((day, float(score or 0.0), int(event_id)))
    found = [
        shift
        for name, rows in sorted(relations.items())
        for shift in find_shifts(name, rows, by=by, alpha=alpha)
    ]
    return sorted(found, key=lambda s: (s.day, s.counterpart))
