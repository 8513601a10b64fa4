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
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, or_, select

from diplomap.analysis.dyads import _checked, period_of
from diplomap.errors import ConfigError
from diplomap.nlp.actors.grouping import ORGANISATION_PREFIXES, counterpart, organisation_codes
from diplomap.nlp.events.modality import MODALITIES
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

    variance = float(signal.var())
    if len(signal) < 2 * min_size or variance == 0.0:
        return [len(signal)]
    penalty = 2.0 * variance * math.log(len(signal))
    # the linear kernel is the least-squares cost; KernelCPD runs PELT in compiled code
    detector = ruptures.KernelCPD(kernel="linear", min_size=min_size, jump=1)
    return [int(b) for b in detector.fit(signal.reshape(-1, 1)).predict(pen=penalty)]


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
    whole_months = (start is None or start.day == 1) and (end is None or (end + timedelta(days=1)).day == 1)
    is_key = counterpart(focal) == focal and (
        not focal.startswith(ORGANISATION_PREFIXES) or focal in organisation_codes()
    )
    if by == "week" or not whole_months or not is_key:
        return None
    query = select(
        dyad_months.c.source_key,
        dyad_months.c.target_key,
        dyad_months.c.month,
        dyad_months.c.events,
        dyad_months.c.goldstein_sum,
    ).where(
        or_(dyad_months.c.source_key == focal, dyad_months.c.target_key == focal),
        dyad_months.c.modality.in_(list(modalities)),
    )
    if start is not None:
        query = query.where(dyad_months.c.month >= start)
    if end is not None:
        query = query.where(dyad_months.c.month <= end)
    series: dict[str, dict[str, list[float]]] = {}
    with store.engine.connect() as connection:
        for source, target, month, n, total in connection.execute(query):
            other = target if source == focal else source
            if other == focal:
                continue
            tally = series.setdefault(other, {}).setdefault(period_of(month, by)[0], [0.0, 0.0])
            tally[0] += n
            tally[1] += total
    found = set()
    for other, periods in series.items():
        signal = np.array([periods[p][1] / periods[p][0] for p in sorted(periods)], dtype=float)
        if len(_breaks(signal, min_size)) > 1:
            found.add(other)
    return found


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

    ordered = sorted(rows)
    groups: dict[str, list[tuple[date, float, int]]] = {}
    for row in ordered:
        groups.setdefault(period_of(row[0], by)[0], []).append(row)
    periods = [groups[label] for label in sorted(groups)]
    if len(periods) < 2 * min_size:
        return []
    signal = np.array([math.fsum(s for _, s, _ in group) / len(group) for group in periods], dtype=float)
    breaks = _breaks(signal, min_size)
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


def _starts(column: Any, code: str) -> Any:
    return column.startswith(code, autoescape=True)


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
    candidates = _screened(store, focal, by, modalities, start, end)
    if candidates is not None and other is not None:
        candidates = {c for c in candidates if c.startswith(other)}
    if candidates is not None and not candidates:
        return []  # no relation changes level: no events need reading
    touching = or_(
        events.c.source_code.startswith(focal, autoescape=True),
        events.c.target_code.startswith(focal, autoescape=True),
    )
    if candidates is not None:  # only the relations the aggregates flagged
        touching = or_(
            *(
                or_(
                    and_(_starts(events.c.source_code, focal), _starts(events.c.target_code, name)),
                    and_(_starts(events.c.source_code, name), _starts(events.c.target_code, focal)),
                )
                for name in sorted(candidates)
            )
        )
    query = (
        select(
            events.c.id, events.c.date_start, events.c.source_code, events.c.target_code, events.c.goldstein
        )
        .where(touching)
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
            if (other is None or name.startswith(other)) and (candidates is None or name in candidates):
                relations.setdefault(name, []).append((day, float(score or 0.0), int(event_id)))
    found = [
        shift
        for name, rows in sorted(relations.items())
        for shift in find_shifts(name, rows, by=by, alpha=alpha)
    ]
    return sorted(found, key=lambda s: (s.day, s.counterpart))
