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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import and_, func, or_, select

from diplomap.analysis.dyads import _checked, aggregated, period_of
from diplomap.analysis.partners import FocalEvent, focal_events
from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.aggregates import around
from diplomap.store.codes import starts_with
from diplomap.store.repository import Store
from diplomap.store.schema import dyad_months, events

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


def _breaks(signal: np.ndarray[Any, Any], min_size: int) -> list[int]:
    """PELT change points of a series of period means (the last item is the series' end)."""
    import ruptures

    if len(signal) < 2 * min_size:
        return [len(signal)]
    variance = float(signal.var())
    if variance == 0.0:
        return [len(signal)]
    penalty = 2.0 * variance * math.log(len(signal))
    # the linear kernel is the least-squares cost; KernelCPD runs PELT in compiled code
    detector = ruptures.KernelCPD(kernel="linear", min_size=min_size, jump=1)
    return [int(b) for b in detector.fit(signal.reshape(-1, 1)).predict(pen=penalty)]


def _period_breaks(sums: Mapping[str, Sequence[float]], min_size: int) -> tuple[list[str], list[int]]:
    """The periods in order and the change points of their mean Goldstein score, from each period's
    (events, Goldstein sum): the signal the aggregates' screening and the events' test share."""
    labels = sorted(sums)
    signal = np.array([sums[label][1] / sums[label][0] for label in labels], dtype=float)
    return labels, _breaks(signal, min_size)


def _screened(
    store: Store,
    focal: str,
    by: str,
    modalities: Sequence[str],
    start: date | None,
    end: date | None,
    min_size: int = 3,
) -> set[str] | None:
    """The relations of ``focal`` whose series has a change point, found on the monthly aggregates
    (``dyad_months``) without reading events; None when the aggregates cannot answer exactly (weeks,
    periods that cut months, a code finer than the aggregates' actors)."""
    if by == "week" or not aggregated(focal, start, end):
        return None
    months = dyad_months
    where: list[Any] = [months.c.modality.in_(list(modalities))]
    if start is not None:
        where.append(months.c.month >= start)
    if end is not None:
        where.append(months.c.month <= end)
    rows = around(months, focal, months.c.month, months.c.events, months.c.goldstein_sum, where=where)
    query = select(
        rows.c.other, rows.c.month, func.sum(rows.c.events), func.sum(rows.c.goldstein_sum)
    ).group_by(rows.c.other, rows.c.month)
    series: dict[str, dict[str, list[float]]] = {}
    with store.engine.connect() as connection:
        for name, month, n, total in connection.execute(query):
            tally = series.setdefault(name, {}).setdefault(period_of(month, by)[0], [0.0, 0.0])
            tally[0] += n
            tally[1] += total
    return {name for name, periods in series.items() if len(_period_breaks(periods, min_size)[1]) > 1}


def find_shifts(
    name: str,
    rows: Sequence[tuple[date, float, int]],
    *,
    by: str = "month",
    alpha: float = 0.05,
    min_size: int = 3,
) -> list[Shift]:
    """Significant shifts in one relation's (day, Goldstein, event id) rows."""
    from scipy.stats import mannwhitneyu

    sums: dict[str, list[float]] = {}  # period -> events, Goldstein sum: the signal, in one pass
    for day, score, _ in rows:
        tally = sums.setdefault(period_of(day, by)[0], [0, 0.0])
        tally[0] += 1
        tally[1] += score
    labels, breaks = _period_breaks(sums, min_size)
    if len(breaks) < 2:
        return []  # one level throughout: no need to order and group the events
    groups: dict[str, list[tuple[date, float, int]]] = {label: [] for label in labels}
    for row in sorted(rows):
        groups[period_of(row[0], by)[0]].append(row)
    periods = [groups[label] for label in labels]
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
    rows: Sequence[FocalEvent] | None = None,
) -> list[Shift]:
    """Significant shifts in the relations of ``focal`` (with ``other`` only, when given), in the events
    from ``start`` to ``end`` when given. ``rows``: the focal actor's events of that period and those
    modalities (:func:`diplomap.analysis.partners.focal_events`), when the caller has read them."""
    focal = _checked(focal)
    other = _checked(other) if other else None
    period_of(date(2000, 1, 1), by)
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    candidates = None if rows is not None else _screened(store, focal, by, modalities, start, end)
    if candidates is not None and other is not None:
        candidates = {c for c in candidates if c.startswith(other)}
    if candidates is not None and not candidates:
        return []  # no relation changes level: no events need reading
    if rows is None:
        narrower = None
        if candidates is not None:  # only the relations the aggregates flagged
            source, target = events.c.source_code, events.c.target_code
            narrower = or_(
                *(
                    or_(
                        and_(starts_with(source, focal), starts_with(target, name)),
                        and_(starts_with(source, name), starts_with(target, focal)),
                    )
                    for name in sorted(candidates)
                )
            )
        rows = focal_events(store, focal, start, end, modalities, narrower=narrower)
    relations: dict[str, list[tuple[date, float, int]]] = {}
    for row in rows:
        name = row.other
        if row.day is None or name is None:
            continue
        if (other is None or name.startswith(other)) and (candidates is None or name in candidates):
            relations.setdefault(name, []).append((row.day, row.goldstein, row.id))
    found = [
        shift
        for name, dated in sorted(relations.items())
        for shift in find_shifts(name, dated, by=by, alpha=alpha)
    ]
    return sorted(found, key=lambda s: (s.day, s.counterpart))
