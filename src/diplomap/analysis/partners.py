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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from diplomap.analysis.dyads import _checked
from diplomap.analysis.names import counterpart
from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.repository import Store
from diplomap.store.schema import events

__all__ = ["KEY_EVENTS", "Partner", "partners", "previous_period"]

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
    event_ids: tuple[int, ...] = ()  # the events of the period, behind every number above
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
            "event_ids": list(self.event_ids),
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


def _tally(
    store: Store, focal: str, start: date, end: date, modalities: Sequence[str]
) -> dict[str, list[tuple[int, float, int]]]:
    query = (
        select(
            events.c.id, events.c.source_code, events.c.target_code, events.c.quad_class, events.c.goldstein
        )
        .where(
            or_(
                events.c.source_code.startswith(focal, autoescape=True),
                events.c.target_code.startswith(focal, autoescape=True),
            )
        )
        .where(events.c.date_start >= start, events.c.date_start <= end)
        .where(events.c.modality.in_(list(modalities)))
    )
    found: dict[str, list[tuple[int, float, int]]] = {}
    with store.engine.connect() as connection:
        for event_id, source, target, quad, score in connection.execute(query):
            focal_is_source = bool(source) and source.startswith(focal)
            other = target if focal_is_source else source
            if not other or other.startswith(focal):
                continue  # no counterpart, or the actor with itself
            found.setdefault(counterpart(other), []).append((int(quad or 0), float(score or 0.0), event_id))
    return found


def _mean(rows: list[tuple[int, float, int]]) -> float | None:
    return round(math.fsum(s for _, s, _ in rows) / len(rows), 4) if rows else None


def partners(
    store: Store,
    focal: str,
    start: date,
    end: date,
    *,
    modalities: Sequence[str] = ("asserted",),
    threshold: float = 1.0,
) -> list[Partner]:
    """Counterparts of ``focal`` between ``start`` and ``end``, most events first."""
    focal = _checked(focal)
    if end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    from diplomap.analysis.assessments import assessed_relations, find_assessments

    current = _tally(store, focal, start, end, modalities)
    before = _tally(store, focal, *previous_period(start, end), modalities)
    assessed = assessed_relations(find_assessments(store, focal, start=start, end=end))
    ranked = []
    for code in set(current) | set(before) | set(assessed):
        now, then = current.get(code, []), before.get(code, [])
        mean, previous = _mean(now), _mean(then)
        if not now and not then:
            trend = "assessed"  # only statements about the relation, no events
        elif not now:
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
                len(now),
                sum(1 for q, _, _ in now if q in (1, 2)),
                sum(1 for q, _, _ in now if q in (3, 4)),
                mean,
                len(then),
                previous,
                trend,
                assessments=said.assessments if said else 0,
                assessed_score=said.score_mean if said else None,
                assessed_states=said.states if said else (),
                event_ids=tuple(sorted(i for _, _, i in now)),
                key_events=tuple(i for _, _, i in sorted(now, key=lambda r: (-abs(r[1]), r[2]))[:KEY_EVENTS]),
            )
        )
    return sorted(ranked, key=lambda p: (-p.events, -p.previous_events, -p.assessments, p.code))
