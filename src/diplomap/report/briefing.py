"""A briefing on one actor: everything the report shows, gathered once from the store.

For a period (by default, the span of the actor's dated events and
assessments): its partners ranked with the change against the period
before, the dyad series of the leading partners, the significant shifts in
the period with the events that drive them, the relation assessments by who
holds them, and the evidence (sentence, document) of every event the
briefing cites. Renderers (:mod:`.markdown`, :mod:`.html`) only format it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, func, select, text, type_coerce, union_all

from diplomap.analysis.assessments import Assessment, find_assessments
from diplomap.analysis.dyads import (
    DyadEvent,
    DyadPeriod,
    _checked,
    aggregated,
    dyad_series,
    monthly_series_of,
    period_of,
    summarise,
)
from diplomap.analysis.evidence import EventEvidence, event_evidence
from diplomap.analysis.names import actor_name
from diplomap.analysis.partners import (
    FocalEvent,
    Partner,
    _other,
    focal_events,
    partners,
    previous_period,
    top_events,
)
from diplomap.analysis.shifts import Shift, shifts
from diplomap.errors import ConfigError, NotFoundError
from diplomap.store.codes import either_side, sides
from diplomap.store.repository import Store
from diplomap.store.schema import assessments, external_events

__all__ = [
    "Briefing",
    "OverlayTotal",
    "PartnerSeries",
    "build_briefing",
    "check_overlay",
    "default_period_unit",
    "origin_label",
    "overlay_origins",
]

CHARTED_PARTNERS = 6  # partners with a time series in the report
LISTED_PER_PARTNER = 25  # events quoted per partner at most, the key events first


@dataclass(frozen=True)
class PartnerSeries:
    code: str
    name: str
    periods: list[DyadPeriod]
    external: list[DyadPeriod] | None = None  # the overlay's series of the same relation and periods


@dataclass(frozen=True)
class OverlayTotal:
    """A partner's events in the overlaid data set, in the briefing's period."""

    events: int
    goldstein_mean: float | None


@dataclass
class Briefing:
    actor: str
    name: str
    start: date
    end: date
    by: str
    partners: list[Partner]
    series: list[PartnerSeries]
    shifts: list[Shift]
    assessments: list[Assessment]
    evidence: dict[int, EventEvidence] = field(default_factory=dict)  # the events quoted, by id
    quoted: dict[str, list[int]] = field(default_factory=dict)  # partner -> its key events
    listed: dict[str, list[int]] = field(default_factory=dict)  # partner -> its other events quoted

    @property
    def previous(self) -> tuple[date, date]:
        return previous_period(self.start, self.end)

    @property
    def events(self) -> int:
        return sum(p.events for p in self.partners)

    documents: int = 0  # behind the partners' events
    overlay: str | None = None  # the origin of the external events laid over ours (gdelt, icews...)
    overlay_totals: dict[str, OverlayTotal] = field(default_factory=dict)  # partner -> its events there

    @property
    def overlay_label(self) -> str:
        return origin_label(self.overlay) if self.overlay else ""

    def by_holder(self) -> dict[str, list[Assessment]]:
        """Assessments grouped by who holds them, most prolific first."""
        grouped: dict[str, list[Assessment]] = {}
        for found in self.assessments:
            grouped.setdefault(found.holder, []).append(found)
        return dict(sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0])))


def default_period_unit(start: date, end: date) -> str:
    """Weeks for a few months, months up to three years, quarters beyond."""
    days = (end - start).days
    return "week" if days <= 120 else "month" if days <= 3 * 366 else "quarter"


def origin_label(origin: str) -> str:
    """How an origin is named in a report: GDELT, ICEWS, else as it was imported (icews-2014)."""
    return origin.upper() if origin in ("gdelt", "icews") else origin


# The origins present, one index lookup each (a loose scan of the (origin, external_id) index): counting
# the rows per origin would read every external event, which may be millions
_ORIGINS = text(
    "WITH RECURSIVE found(origin) AS ("
    " SELECT (SELECT origin FROM external_events ORDER BY origin LIMIT 1)"
    " UNION ALL SELECT (SELECT e.origin FROM external_events e WHERE e.origin > found.origin"
    " ORDER BY e.origin LIMIT 1) FROM found WHERE found.origin IS NOT NULL"
    ") SELECT origin FROM found WHERE origin IS NOT NULL"
)


def overlay_origins(store: Store) -> list[str]:
    """The origins of the external events in the store (``diplomap import``), in order."""
    with store.engine.connect() as connection:
        return [str(origin) for origin in connection.execute(_ORIGINS).scalars()]


def check_overlay(
    store: Store, overlay: str, origins: Sequence[str] | None = None, *, ours: bool = False
) -> str:
    """``overlay`` when the store holds external events from it (``origins``: those present, when
    known), else a ConfigError that lists the ones it holds (and ``ours``, where our own events may be
    asked for by that name)."""
    name = overlay.strip().lower()
    known = list(origins) if origins is not None else overlay_origins(store)
    if name in known:
        return name
    choices = ["ours", *known] if ours else known
    if not choices:
        raise ConfigError(
            f"no external events from origin {overlay!r}: the store has none; import some first with "
            "`diplomap import FILE --format gdelt`, or leave the overlay out"
        )
    raise ConfigError(
        f"no external events from origin {overlay!r}; use one of: {', '.join(choices)} "
        f"(or import them with `diplomap import FILE --format gdelt --origin {name}`)"
    )


def _overlay_rows(store: Store, origin: str, actor: str, start: date, end: date) -> list[DyadEvent]:
    """The external events of ``origin`` with ``actor`` on one side in the period, read once (one half
    per side, each by the index that starts with the origin) for every partner's series and total."""
    ext = external_events
    columns = (
        ext.c.id,
        type_coerce(ext.c.date, String),  # SQLite's text: fromisoformat below is much quicker
        ext.c.source_code,
        ext.c.target_code,
        ext.c.quad_class,
        ext.c.cameo_root,
        ext.c.goldstein,
        func.coalesce(ext.c.url, ext.c.story, ext.c.external_id),  # as dyad_series counts documents
        ext.c.publisher,
    )
    common = (ext.c.origin == origin, ext.c.date >= start, ext.c.date <= end)
    query = union_all(*(select(*columns).where(side, *common) for side in sides(ext, actor)))
    with store.engine.connect() as connection:
        return [
            DyadEvent(
                int(i),
                date.fromisoformat(day) if isinstance(day, str) else day,
                source or "",
                target or "",
                int(quad),
                root,
                float(score),
                str(document),
                publisher,
            )
            for i, day, source, target, quad, root, score, document, publisher in connection.execute(query)
        ]


def _between(rows: list[DyadEvent], a: str, b: str) -> list[DyadEvent]:
    """The rows of the relation of ``a`` and ``b`` in both directions, by code prefix as dyad_series
    matches them."""
    return [
        row
        for row in rows
        if (row.source.startswith(a) and row.target.startswith(b))
        or (row.source.startswith(b) and row.target.startswith(a))
    ]


def _overlay_totals(rows: list[DyadEvent], actor: str) -> dict[str, OverlayTotal]:
    """Events and mean Goldstein score per counterpart of ``actor``, counted as partners count ours."""
    counts: dict[str, int] = {}
    scores: dict[str, list[float]] = {}
    for row in rows:
        other = _other(actor, row.source or None, row.target or None)
        if other is not None:
            counts[other] = counts.get(other, 0) + 1
            scores.setdefault(other, []).append(row.goldstein)
    return {code: OverlayTotal(n, round(math.fsum(scores[code]) / n, 4)) for code, n in counts.items()}


def _span(store: Store, actor: str, rows: Sequence[FocalEvent]) -> tuple[date, date]:
    """First and last day of the actor's dated (asserted) events, ``rows``, and of its assessments."""
    days = [row.day for row in rows if row.day is not None]
    with store.engine.connect() as connection:
        low, high = connection.execute(
            select(func.min(assessments.c.date_start), func.max(assessments.c.date_start)).where(
                either_side(assessments, actor)
            )
        ).one()
    days += [d for d in (low, high) if d is not None]
    if not days:
        raise NotFoundError(
            f"no dated events or assessments of {actor} in the store; ingest documents that name it "
            "(or check the code with `diplomap actors list`)"
        )
    return min(days), max(days)


def _series(
    store: Store, actor: str, others: list[str], by: str, start: date, end: date
) -> dict[str, list[DyadPeriod]]:
    """The chart's series: from the monthly aggregates when they can answer, else from the events."""
    if by != "week" and aggregated(actor, start, end):
        return monthly_series_of(store, actor, others, by=by, start=start, end=end)
    return {other: dyad_series(store, actor, other, by=by, start=start, end=end) for other in others}


def build_briefing(
    store: Store,
    actor: str,
    *,
    start: date | None = None,
    end: date | None = None,
    by: str | None = None,
    listed_per_partner: int = LISTED_PER_PARTNER,
    overlay: str | None = None,
) -> Briefing:
    """Everything the report on ``actor`` shows, for ``start``..``end`` (default: all its dated record of
    asserted events and assessments, in whole months); with ``overlay`` (gdelt, icews...), the external
    events of that origin beside ours."""
    actor = _checked(actor)
    if overlay is not None:
        overlay = check_overlay(store, overlay)
    rows = focal_events(store, actor, start, end)  # read once for the span, partners, shifts and quotes
    if start is None or end is None:  # whole months: the same events, and the aggregates can answer
        low, high = _span(store, actor, rows)
        start, end = start or low.replace(day=1), end or period_of(high, "month")[2]
        rows = [row for row in rows if row.day is not None and start <= row.day <= end]
    if end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    unit = by or default_period_unit(start, end)
    ranked = partners(store, actor, start, end, rows=rows)
    charted = [p for p in ranked if p.events][:CHARTED_PARTNERS]
    charted_series = _series(store, actor, [p.code for p in charted], unit, start, end)
    series = [PartnerSeries(p.code, actor_name(p.code), charted_series[p.code]) for p in charted]
    totals: dict[str, OverlayTotal] = {}
    if overlay is not None:  # the same series as dyad_series(origin=overlay), from one read of the rows
        theirs = _overlay_rows(store, overlay, actor, start, end)
        series = [
            PartnerSeries(
                s.code,
                s.name,
                s.periods,
                summarise(_between(theirs, actor, s.code), by=unit, start=start, end=end),
            )
            for s in series
        ]
        totals = _overlay_totals(theirs, actor)
    found_shifts = shifts(store, actor, by=unit, start=start, end=end, rows=rows)
    more = top_events(rows, listed_per_partner) if listed_per_partner else {}
    listed = {p.code: [i for i in more.get(p.code, ()) if i not in p.key_events] for p in ranked}
    cited = {i for p in ranked for i in p.key_events} | {i for s in found_shifts for i in s.drivers}
    cited |= {i for ids in listed.values() for i in ids}
    evidence = {e.id: e for e in event_evidence(store, sorted(cited))}
    return Briefing(
        actor=actor,
        name=actor_name(actor),
        start=start,
        end=end,
        by=unit,
        partners=ranked,
        series=series,
        shifts=found_shifts,
        assessments=find_assessments(store, actor, start=start, end=end),
        evidence=evidence,
        quoted={p.code: list(p.key_events) for p in ranked if p.key_events},
        listed=listed,
        documents=len({row.document_id for row in rows}),
        overlay=overlay,
        overlay_totals=totals,
    )
