"""A briefing on one actor: everything the report shows, gathered once from the store.

For a period (by default, the span of the actor's dated events and
assessments): its partners ranked with the change against the period
before, the dyad series of the leading partners, the significant shifts in
the period with the events that drive them, the relation assessments by who
holds them, and the evidence (sentence, document) of every event the
briefing cites. Renderers (:mod:`.markdown`, :mod:`.html`) only format it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from diplomap.analysis.assessments import Assessment, find_assessments
from diplomap.analysis.dyads import DyadPeriod, _checked, dyad_series, monthly_series
from diplomap.analysis.evidence import EventEvidence, event_evidence
from diplomap.analysis.names import actor_name, counterpart
from diplomap.analysis.partners import Partner, events_touching, partners, previous_period, ranked_events
from diplomap.analysis.shifts import Shift, shifts
from diplomap.errors import ConfigError, NotFoundError
from diplomap.store.repository import Store
from diplomap.store.schema import assessments, events

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


def _span(store: Store, actor: str) -> tuple[date, date]:
    """First and last day of the actor's dated events and assessments."""
    days: list[date] = []
    with store.engine.connect() as connection:
        for table in (events, assessments):
            touching = or_(
                table.c.source_code.startswith(actor, autoescape=True),
                table.c.target_code.startswith(actor, autoescape=True),
            )
            low, high = connection.execute(
                select(func.min(table.c.date_start), func.max(table.c.date_start)).where(touching)
            ).one()
            days += [d for d in (low, high) if d is not None]
    if not days:
        raise NotFoundError(
            f"no dated events or assessments of {actor} in the store; ingest documents that name it "
            "(or check the code with `diplomap actors list`)"
        )
    return min(days), max(days)


def _documents(store: Store, actor: str, start: date, end: date) -> int:
    """How many documents the actor's events in the period come from."""
    query = select(func.count(func.distinct(events.c.document_id))).where(
        events_touching(actor, start, end, ("asserted",))
    )
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _series(store: Store, actor: str, partner: str, by: str, start: date, end: date) -> list[DyadPeriod]:
    """The chart's series: from the monthly aggregates when they can answer, else from the events."""
    if by != "week" and counterpart(actor) == actor:
        return monthly_series(store, actor, partner, by=by, start=start, end=end)
    return dyad_series(store, actor, partner, by=by, start=start, end=end)


def build_briefing(
    store: Store,
    actor: str,
    *,
    start: date | None = None,
    end: date | None = None,
    by: str | None = None,
    listed_per_partner: int = LISTED_PER_PARTNER,
) -> Briefing:
    """Everything the report on ``actor`` shows, for ``start``..``end`` (default: all its dated record)."""
    actor = _checked(actor)
    if start is None or end is None:
        low, high = _span(store, actor)
        start, end = start or low, end or high
    if end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    unit = by or default_period_unit(start, end)
    ranked = partners(store, actor, start, end)
    charted = [p for p in ranked if p.events][:CHARTED_PARTNERS]
    series = [
        PartnerSeries(p.code, actor_name(p.code), _series(store, actor, p.code, unit, start, end))
        for p in charted
    ]
    found_shifts = shifts(store, actor, by=unit, start=start, end=end)
    more = ranked_events(store, actor, start, end, limit=listed_per_partner) if listed_per_partner else {}
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
        documents=_documents(store, actor, start, end),
    )
