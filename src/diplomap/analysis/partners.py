"""Partners of a focal actor: who it cooperates and clashes with in a period, and who gained or lost.

Every event with the focal actor on one side counts for the actor on the
other side (a country code, or IGO/NGO codes to the organisation: IGOUNO, IGOEUREEC).
For the period and for the period of the same length just before it:
events, cooperative (quad classes 1-2) and conflictual (3-4) counts, and the
mean Goldstein score. The trend compares the two means: "warming" when the
mean rose by at least ``threshold`` points, "cooling" when it fell as far,
"steady" otherwise. A partner with nothing before is warming when its mean is
cooperative (above 0) and cooling when conflictual; one with nothing now is "gone".
Beside the events, each partner carries the relation assessments of the period
(:mod:`diplomap.analysis.assessments`): how many, their mean score and the
states named; a partner only assessed, with no events, has trend "assessed".
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import String, and_, func, select, type_coerce, union_all

from diplomap.analysis.assessments import assessed_relations, find_assessments
from diplomap.analysis.dyads import _checked, aggregated
from diplomap.analysis.names import counterpart
from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.aggregates import around
from diplomap.store.codes import either_side, sides
from diplomap.store.repository import Store
from diplomap.store.schema import KEY_EVENTS_PER_MONTH, dyad_months, events, key_events

__all__ = [
    "KEY_EVENTS",
    "FocalEvent",
    "Partner",
    "events_touching",
    "focal_events",
    "partners",
    "previous_period",
    "ranked_events",
    "top_events",
]

KEY_EVENTS = 5  # per partner: the events that say most about the relation


@dataclass(frozen=True)
class Partner:
    code: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    previous_events: int
    previous_goldstein_mean: float | None
    trend: str
    assessments: int = 0  # statements of the relation in the period (analysis.assessments)
    assessed_score: float | None = None  # their mean on the state scale
    assessed_states: tuple[str, ...] = ()  # most often named first
    key_events: tuple[int, ...] = ()  # the few that say most: largest Goldstein magnitude first

    @property
    def change(self) -> float | None:
        if self.goldstein_mean is None or self.previous_goldstein_mean is None:
            return None
        return round(self.goldstein_mean - self.previous_goldstein_mean, 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "events": self.events,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "goldstein_mean": self.goldstein_mean,
            "previous_events": self.previous_events,
            "previous_goldstein_mean": self.previous_goldstein_mean,
            "change": self.change,
            "trend": self.trend,
            "assessments": self.assessments,
            "assessed_score": self.assessed_score,
            "assessed_states": list(self.assessed_states),
            "key_events": list(self.key_events),
        }


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before ``start``: the same number of calendar
    months when the period is whole months (2013-2014 -> 2011-2012), else the same number of days."""
    following = end + timedelta(days=1)
    if start.day == 1 and following.day == 1:
        months = (following.year - start.year) * 12 + following.month - start.month
        first = start.year * 12 + start.month - 1 - months
        return date(first // 12, first % 12 + 1, 1), start - timedelta(days=1)
    length = (end - start).days
    return start - timedelta(days=length + 1), start - timedelta(days=1)


@dataclass
class _Tally:
    events: int = 0
    cooperation: int = 0
    conflict: int = 0
    goldstein_sum: float = 0.0

    @property
    def mean(self) -> float | None:
        return round(self.goldstein_sum / self.events, 4) if self.events else None


def events_touching(focal: str, start: date | None, end: date | None, modalities: Sequence[str]) -> Any:
    """The events with ``focal`` on one side, in the period (undated ones drop out) and modalities."""
    condition = and_(either_side(events, focal), events.c.modality.in_(list(modalities)))
    if start is not None:
        condition &= events.c.date_start >= start
    if end is not None:
        condition &= events.c.date_start <= end
    return condition


def _other(focal: str, source: str | None, target: str | None) -> str | None:
    """The counterpart of an event of ``focal``: None when it has none, or is the actor itself."""
    other = target if source and source.startswith(focal) else source
    return None if not other or other.startswith(focal) else counterpart(other)


def _add(found: dict[str, _Tally], other: str, quad: int | None, n: int, score: float | None) -> None:
    tally = found.setdefault(other, _Tally())
    tally.events += int(n)
    tally.cooperation += int(n) if quad in (1, 2) else 0
    tally.conflict += int(n) if quad in (3, 4) else 0
    tally.goldstein_sum += float(score or 0.0)


def _tally_months(
    store: Store, focal: str, start: date, end: date, modalities: Sequence[str]
) -> dict[str, _Tally]:
    """:func:`_tally` read from the monthly aggregates: for an actor as they group them and whole months."""
    months = dyad_months
    rows = around(
        months,
        focal,
        months.c.quad_class,
        months.c.events,
        months.c.goldstein_sum,
        where=[months.c.month >= start, months.c.month <= end, months.c.modality.in_(list(modalities))],
    )
    query = select(
        rows.c.other, rows.c.quad_class, func.sum(rows.c.events), func.sum(rows.c.goldstein_sum)
    ).group_by(rows.c.other, rows.c.quad_class)
    found: dict[str, _Tally] = {}
    with store.engine.connect() as connection:
        for name, quad, n, score in connection.execute(query):
            _add(found, name, quad, n, score)
    return found


def _tally(store: Store, focal: str, start: date, end: date, modalities: Sequence[str]) -> dict[str, _Tally]:
    """Counts and Goldstein sums per counterpart, summed by the database per pair of codes (or read from
    the monthly aggregates, which hold the same sums, when they can answer)."""
    if aggregated(focal, start, end):
        return _tally_months(store, focal, start, end, modalities)
    query = (
        select(
            events.c.source_code,
            events.c.target_code,
            events.c.quad_class,
            func.count(),
            func.sum(events.c.goldstein),
        )
        .where(events_touching(focal, start, end, modalities))
        .group_by(events.c.source_code, events.c.target_code, events.c.quad_class)
    )
    found: dict[str, _Tally] = {}
    with store.engine.connect() as connection:
        for source, target, quad, n, score in connection.execute(query):
            other = _other(focal, source, target)
            if other is not None:
                _add(found, other, quad, n, score)
    return found


class FocalEvent(NamedTuple):
    """One event of the focal actor, as rankings, shifts and briefings use it."""

    id: int
    day: date | None
    other: str | None  # the counterpart as rankings group it; None when the event has none
    goldstein: float
    document_id: str


def _day(value: str | date | None) -> date | None:
    """A date column read without SQLAlchemy's conversion: text on SQLite, a date on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def focal_events(
    store: Store,
    focal: str,
    start: date | None,
    end: date | None,
    modalities: Sequence[str] = ("asserted",),
    *,
    narrower: Any = None,
) -> list[FocalEvent]:
    """The events with ``focal`` on one side in the period and modalities (and the ``narrower``
    condition, when given), read once for all the analyses of a page (:func:`top_events`,
    :func:`partners`, :func:`diplomap.analysis.shifts.shifts`)."""
    columns = (
        events.c.id,
        type_coerce(events.c.date_start, String),  # SQLite's text: fromisoformat below is much quicker
        events.c.source_code,
        events.c.target_code,
        events.c.goldstein,
        events.c.document_id,
    )
    common: list[Any] = [events.c.modality.in_(list(modalities))]
    if start is not None:
        common.append(events.c.date_start >= start)
    if end is not None:
        common.append(events.c.date_start <= end)
    if narrower is not None:
        common.append(narrower)
    # one half per side, each read from its side's covering index alone
    query = union_all(*(select(*columns).where(side, *common) for side in sides(events, focal)))
    with store.engine.connect() as connection:
        return [
            FocalEvent(int(i), _day(day), _other(focal, source, target), float(score or 0.0), document)
            for i, day, source, target, score, document in connection.execute(query)
        ]


def top_events(rows: Iterable[FocalEvent], limit: int = KEY_EVENTS) -> dict[str, tuple[int, ...]]:
    """Per counterpart, the ``limit`` events of largest Goldstein magnitude (then lowest id)."""
    found: dict[str, list[tuple[float, int]]] = {}
    for row in rows:
        if row.other is not None:
            found.setdefault(row.other, []).append((-abs(row.goldstein), row.id))
    return {code: tuple(i for _, i in heapq.nsmallest(limit, ranked)) for code, ranked in found.items()}


def ranked_events(
    store: Store,
    focal: str,
    start: date,
    end: date,
    modalities: Sequence[str] = ("asserted",),
    *,
    limit: int = KEY_EVENTS,
) -> dict[str, tuple[int, ...]]:
    """:func:`top_events` of the focal actor's events in the period: read from the key events kept per
    month (``store.schema.key_events``) when they can answer, else from the events."""
    if limit <= KEY_EVENTS_PER_MONTH and aggregated(focal, start, end):
        return _ranked_months(store, focal, start, end, modalities, limit)
    return top_events(focal_events(store, focal, start, end, modalities), limit)


def _ranked_months(
    store: Store, focal: str, start: date, end: date, modalities: Sequence[str], limit: int
) -> dict[str, tuple[int, ...]]:
    """:func:`ranked_events` from each month's key events: the best of a period are among its months'."""
    kept = key_events
    where = [kept.c.month >= start, kept.c.month <= end, kept.c.modality.in_(list(modalities))]
    query = select(around(kept, focal, kept.c.magnitude, kept.c.event_id, where=where))
    found: dict[str, list[tuple[float, int]]] = {}
    with store.engine.connect() as connection:
        for name, magnitude, event_id in connection.execute(query):
            found.setdefault(name, []).append((-float(magnitude), int(event_id)))
    return {code: tuple(i for _, i in heapq.nsmallest(limit, ranked)) for code, ranked in found.items()}


def partners(
    store: Store,
    focal: str,
    start: date,
    end: date,
    *,
    modalities: Sequence[str] = ("asserted",),
    threshold: float = 1.0,
    rows: Sequence[FocalEvent] | None = None,
) -> list[Partner]:
    """Counterparts of ``focal`` between ``start`` and ``end``, most events first. ``rows``: the
    :func:`focal_events` of the same period and modalities, when the caller has read them."""
    focal = _checked(focal)
    if end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    current = _tally(store, focal, start, end, modalities)
    before = _tally(store, focal, *previous_period(start, end), modalities)
    key = ranked_events(store, focal, start, end, modalities) if rows is None else top_events(rows)
    assessed = assessed_relations(find_assessments(store, focal, start=start, end=end))
    ranked = []
    empty = _Tally()
    for code in set(current) | set(before) | set(assessed):
        now, then = current.get(code, empty), before.get(code, empty)
        mean, previous = now.mean, then.mean
        if not now.events and not then.events:
            trend = "assessed"  # only statements about the relation, no events
        elif not now.events:
            trend = "gone"
        elif previous is None:  # a partner that appears: warming or cooling by the sign of its dealings
            trend = (
                "warming"
                if mean is not None and mean > 0
                else "cooling"
                if mean is not None and mean < 0
                else "new"
            )
        elif mean is not None and mean - previous >= threshold:
            trend = "warming"
        elif mean is not None and previous - mean >= threshold:
            trend = "cooling"
        else:
            trend = "steady"
        said = assessed.get(code)
        ranked.append(
            Partner(
                code,
                now.events,
                now.cooperation,
                now.conflict,
                mean,
                then.events,
                previous,
                trend,
                assessments=said.assessments if said else 0,
                assessed_score=said.score_mean if said else None,
                assessed_states=said.states if said else (),
                key_events=key.get(code, ()),
            )
        )
    return sorted(ranked, key=lambda p: (-p.events, -p.previous_events, -p.assessments, p.code))
