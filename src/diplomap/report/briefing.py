"""A briefing on one actor: everything the report shows, gathered once from the store.

For a period (by default, the span of the actor's dated events and
assessments): its partners ranked with the change against the period
before, the dyad series of the leading partners, the significant shifts in
the period with the events that drive them, the relation assessments by who
holds them, and the evidence (sentence, document) of every event the
briefing cites. Renderers (:mod:`.markdown`, :mod:`.html`) only format it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from diplomap.analysis.assessments import Assessment, find_assessments
from diplomap.analysis.dyads import (
    DyadPeriod,
    _checked,
    dyad_series,
    monthly_series_of,
    period_of,
    whole_months,
)
from diplomap.analysis.evidence import EventEvidence, event_evidence
from diplomap.analysis.names import actor_name
from diplomap.analysis.partners import (
    FocalEvent,
    Partner,
    focal_events,
    partners,
    previous_period,
    top_events,
)
from diplomap.analysis.shifts import Shift, shifts
from diplomap.errors import ConfigError, NotFoundError
from diplomap.nlp.actors.grouping import is_key
from diplomap.store.codes import either_side
from diplomap.store.repository import Store
from diplomap.store.schema import assessments

__all__ = ["Briefing", "PartnerSeries", "build_briefing", "default_period_unit"]

CHARTED_PARTNERS = 6  # partners with a time series in the report
LISTED_PER_PARTNER = 25  # events quoted per partner at most, the key events first


@dataclass(frozen=True)
class PartnerSeries:
    code: str
    name: str
    periods: list[DyadPeriod]


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
    if by != "week" and is_key(actor) and whole_months(start, end):
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
) -> Briefing:
    """Everything the report on ``actor`` shows, for ``start``..``end`` (default: all its dated record of
    asserted events and assessments, in whole months)."""
    actor = _checked(actor)
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
    )
