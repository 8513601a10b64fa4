"""Dyad series: what two actors did to each other, period by period.

For a pair of actors (country codes such as ``PRK`` match every code that
starts with them: ``PRKGOV``, ``PRKGOVDIP``...; longer codes match exactly
that prefix), counts of events per quad class and CAMEO root, the Goldstein
sum and mean, and the number of distinct documents and publishers behind
them, by week, month, quarter or year. Undirected by default (both
directions together); asserted events only unless other modalities are
asked for. Periods between the first and the last with no events are
listed with zeros, so a series can be plotted as it is.

``origin`` reads another data set imported into the store instead of our
events (``diplomap import``, table ``external_events``): the same statistics,
so GDELT's or ICEWS's view of a relation can be laid over ours. External
events count as asserted; their documents are their URLs (GDELT) or story
ids (ICEWS), their publishers ICEWS's publisher or the URL's host.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from diplomap.errors import ConfigError
from diplomap.nlp.actors.grouping import is_key
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.codes import pair, starts_with
from diplomap.store.repository import Store
from diplomap.store.schema import documents, events

__all__ = [
    "PERIODS",
    "DyadEvent",
    "DyadPeriod",
    "aggregated",
    "dyad_series",
    "monthly_series",
    "monthly_series_of",
    "period_of",
    "summarise",
]

PERIODS = ("week", "month", "quarter", "year")
_ACTOR = re.compile(r"[A-Z]{3}(?:[A-Z]{3})*")


@dataclass(frozen=True)
class DyadEvent:
    """The fields of one stored event that dyad series need."""

    id: int
    day: date
    source: str
    target: str
    quad_class: int
    root: str
    goldstein: float
    document_id: str
    publisher: str | None
    cluster_id: int | None = None  # reports of one event share it (see analysis.corroboration)


@dataclass
class DyadPeriod:
    period: str
    start: date
    end: date
    events: int = 0
    by_quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    by_root: dict[str, int] = field(default_factory=dict)
    goldstein_sum: float = 0.0
    distinct: int = 0  # events once reports of one event are counted once
    documents: int = 0
    publishers: int = 0
    event_ids: list[int] = field(default_factory=list)

    @property
    def goldstein_mean(self) -> float | None:
        return round(self.goldstein_sum / self.events, 4) if self.events else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "distinct_events": self.distinct,
            "verbal_cooperation": self.by_quad[1],
            "material_cooperation": self.by_quad[2],
            "verbal_conflict": self.by_quad[3],
            "material_conflict": self.by_quad[4],
            "by_root": dict(sorted(self.by_root.items())),
            "goldstein_sum": round(self.goldstein_sum, 4),
            "goldstein_mean": self.goldstein_mean,
            "documents": self.documents,
            "publishers": self.publishers,
            "event_ids": self.event_ids,
        }


def aggregated(actor: str, start: date | None, end: date | None) -> bool:
    """Whether the monthly aggregates (``dyad_months``, ``key_events``) answer exactly for ``actor`` from
    ``start`` to ``end`` (open ends allowed): an actor as they group them (PRK, IGOUNO, not PRKGOV), and a
    period that starts on a month's first day and ends on a month's last."""
    whole = (start is None or start.day == 1) and (end is None or (end + timedelta(days=1)).day == 1)
    return whole and is_key(actor)


@lru_cache(maxsize=1 << 16)  # pure, and called once per event or aggregate row
def period_of(day: date, by: str) -> tuple[str, date, date]:
    """The label, first and last day of the period of ``day``."""
    if by == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    if by == "quarter":
        quarter = (day.month - 1) // 3
        first = date(day.year, quarter * 3 + 1, 1)
        last = (date(day.year + 1, 1, 1) if quarter == 3 else date(day.year, quarter * 3 + 4, 1)) - timedelta(
            days=1
        )
        return f"{day.year:04d}-Q{quarter + 1}", first, last
    if by == "month":
        first = date(day.year, day.month, 1)
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return f"{day.year:04d}-{day.month:02d}", first, following - timedelta(days=1)
    if by == "week":
        year, week, _ = day.isocalendar()
        first = day - timedelta(days=day.weekday())
        return f"{year:04d}-W{week:02d}", first, first + timedelta(days=6)
    raise ConfigError(f"--by {by!r} is not a period; use one of {', '.join(PERIODS)}")


def summarise(
    rows: Iterable[DyadEvent], *, by: str, start: date | None = None, end: date | None = None
) -> list[DyadPeriod]:
    """Events into periods (gaps filled with zeros), in date order. Order of ``rows`` does not matter."""
    periods: dict[str, DyadPeriod] = {}
    documents_seen: dict[str, set[str]] = {}
    scores: dict[str, list[float]] = {}
    clusters: dict[str, set[int]] = {}
    publishers_seen: dict[str, set[str]] = {}
    for row in rows:
        label, first, last = period_of(row.day, by)
        period = periods.setdefault(label, DyadPeriod(label, first, last))
        period.events += 1
        period.by_quad[row.quad_class] = period.by_quad.get(row.quad_class, 0) + 1
        period.by_root[row.root] = period.by_root.get(row.root, 0) + 1
        scores.setdefault(label, []).append(row.goldstein)
        clusters.setdefault(label, set()).add(row.cluster_id if row.cluster_id is not None else -row.id - 1)
        period.event_ids.append(row.id)
        documents_seen.setdefault(label, set()).add(row.document_id)
        if row.publisher:
            publishers_seen.setdefault(label, set()).add(row.publisher)
    for label, period in periods.items():
        period.goldstein_sum = math.fsum(scores[label])  # exact: the same whatever the order of rows
        period.documents = len(documents_seen[label])
        period.distinct = len(clusters[label])
        period.publishers = len(publishers_seen.get(label, ()))
        period.event_ids.sort()
    return _filled(periods, by, start, end)


def _filled(
    periods: dict[str, DyadPeriod], by: str, start: date | None, end: date | None
) -> list[DyadPeriod]:
    """The periods in date order, with empty ones where there were no events, from start to end."""
    if not periods and (start is None or end is None):
        return []
    first_day = start or min(p.start for p in periods.values())
    last_day = end or max(p.end for p in periods.values())
    filled: list[DyadPeriod] = []
    day = period_of(first_day, by)[1]
    while day <= last_day:
        label, first, last = period_of(day, by)
        filled.append(periods.get(label) or DyadPeriod(label, first, last))
        day = last + timedelta(days=1)
    return filled


def _checked(actor: str) -> str:
    code = actor.strip().upper()
    if not _ACTOR.fullmatch(code):
        raise ConfigError(f"{actor!r} is not an actor code; give a CAMEO code such as PRK, RUS or KORGOV")
    return code


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    directed: bool = False,
    by: str = "month",
    modalities: Sequence[str] = ("asserted",),
    start: date | None = None,
    end: date | None = None,
    publisher: str | None = None,
    origin: str = "ours",
) -> list[DyadPeriod]:
    """The series of events between ``a`` and ``b`` (``a`` to ``b`` only, when ``directed``), from our
    events or, with ``origin`` (gdelt, icews...), from the external events imported under that name."""
    a, b = _checked(a), _checked(b)
    period_of(date(2000, 1, 1), by)  # a bad period fails before any query
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    if origin != "ours":
        external = _external_rows(store, origin, a, b, directed, start, end, publisher)
        counted = external if "asserted" in modalities else []
        return summarise(counted, by=by, start=start, end=end)
    with store.engine.connect() as connection:
        forward = pair(connection, events, a, b)
        backward = pair(connection, events, b, a)
    query = (
        select(
            events.c.id,
            events.c.date_start,
            events.c.source_code,
            events.c.target_code,
            events.c.quad_class,
            events.c.cameo_root,
            events.c.goldstein,
            events.c.document_id,
            documents.c.publisher,
            events.c.cluster_id,
        )
        .join(documents, documents.c.id == events.c.document_id)
        .where(forward if directed else or_(forward, backward))
        .where(events.c.date_start.is_not(None), events.c.modality.in_(list(modalities)))
    )
    if start is not None:
        query = query.where(events.c.date_start >= start)
    if end is not None:
        query = query.where(events.c.date_start <= end)
    if publisher is not None:
        query = query.where(documents.c.publisher == publisher)
    with store.engine.connect() as connection:
        rows = [
            DyadEvent(
                r.id,
                r.date_start,
                r.source_code,
                r.target_code,
                int(r.quad_class or 0),
                r.cameo_root,
                float(r.goldstein or 0.0),
                r.document_id,
                r.publisher,
                r.cluster_id,
            )
            for r in connection.execute(query)
        ]
    return summarise(rows, by=by, start=start, end=end)


def _external_rows(
    store: Store,
    origin: str,
    a: str,
    b: str,
    directed: bool,
    start: date | None,
    end: date | None,
    publisher: str | None,
) -> list[DyadEvent]:
    """The events between ``a`` and ``b`` that the data set imported as ``origin`` holds."""
    from sqlalchemy import func

    from diplomap.store.schema import external_events as ext

    forward = and_(starts_with(ext.c.source_code, a), starts_with(ext.c.target_code, b))
    backward = and_(starts_with(ext.c.source_code, b), starts_with(ext.c.target_code, a))
    query = select(
        ext.c.id,
        ext.c.date,
        ext.c.source_code,
        ext.c.target_code,
        ext.c.quad_class,
        ext.c.cameo_root,
        ext.c.goldstein,
        func.coalesce(ext.c.url, ext.c.story, ext.c.external_id),
        ext.c.publisher,
    ).where(ext.c.origin == origin, forward if directed else or_(forward, backward))
    if start is not None:
        query = query.where(ext.c.date >= start)
    if end is not None:
        query = query.where(ext.c.date <= end)
    if publisher is not None:
        query = query.where(ext.c.publisher == publisher)
    with store.engine.connect() as connection:
        if connection.execute(select(ext.c.id).where(ext.c.origin == origin).limit(1)).first() is None:
            known = sorted(connection.execute(select(ext.c.origin).distinct()).scalars())
            raise ConfigError(
                f"no external events from origin {origin!r}; import some with `diplomap import FILE "
                f"--format gdelt --origin {origin}`, or use "
                + (f"one of: ours, {', '.join(known)}" if known else "origin ours")
            )
        return [
            DyadEvent(r[0], r[1], r[2], r[3], int(r[4]), r[5], float(r[6]), str(r[7]), r[8])
            for r in connection.execute(query)
        ]


def monthly_series(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    modalities: Sequence[str] = ("asserted",),
    start: date | None = None,
    end: date | None = None,
) -> list[DyadPeriod]:
    """Counts only (events per quad class, Goldstein sum and mean) of the relation between two actors as
    rankings group them (PRK, IGOUNO), both directions, read from the monthly aggregates: fast on any
    store. Months are whole (``start``/``end`` count the months they fall in), weeks are not available,
    and documents, publishers and event ids are left empty: :func:`dyad_series` has them."""
    return monthly_series_of(store, a, [b], by=by, modalities=modalities, start=start, end=end)[_checked(b)]


def monthly_series_of(
    store: Store,
    a: str,
    others: Sequence[str],
    *,
    by: str = "month",
    modalities: Sequence[str] = ("asserted",),
    start: date | None = None,
    end: date | None = None,
) -> dict[str, list[DyadPeriod]]:
    """:func:`monthly_series` of ``a`` with each of ``others``, read in one query: other -> its series."""
    from diplomap.nlp.actors.grouping import counterpart
    from diplomap.store.schema import dyad_months

    a, others = _checked(a), [_checked(b) for b in others]
    if by == "week":
        raise ConfigError("monthly aggregates have no weeks; use dyad_series for --by week")
    period_of(date(2000, 1, 1), by)
    for b in others:
        if counterpart(a) != a or counterpart(b) != b:
            raise ConfigError(
                f"{a} and {b} must be actors as rankings group them (PRK, IGOUNO); use dyad_series"
            )
    months = dyad_months
    pairs = or_(
        and_(months.c.source_key == a, months.c.target_key.in_(others)),
        and_(months.c.source_key.in_(others), months.c.target_key == a),
    )
    other = case((months.c.source_key == a, months.c.target_key), else_=months.c.source_key)
    query = (
        select(
            other,
            months.c.month,
            months.c.quad_class,
            func.sum(months.c.events),
            func.sum(months.c.goldstein_sum),
        )
        .where(pairs, months.c.source_key != months.c.target_key, months.c.modality.in_(list(modalities)))
        .group_by(other, months.c.month, months.c.quad_class)
    )
    if start is not None:
        query = query.where(months.c.month >= start.replace(day=1))
    if end is not None:
        query = query.where(months.c.month <= end)
    found: dict[str, dict[str, DyadPeriod]] = {b: {} for b in others}
    with store.engine.connect() as connection:
        for name, month, quad, n, total in connection.execute(query):
            label, first, last = period_of(month, by)
            periods = found[name]
            period = periods.setdefault(label, DyadPeriod(label, first, last))
            period.events += int(n)
            period.by_quad[int(quad)] = period.by_quad.get(int(quad), 0) + int(n)
            period.goldstein_sum += float(total)
    return {b: _filled(periods, by, start, end) for b, periods in found.items()}
