"""Reads the API needs that no store or analysis function offers yet.

Candidates for :class:`diplomap.store.repository.Store` (see the web issue):
events filtered and paged by id, one event's stored row with its
quantities and the other reports of its cluster, and a document's
annotations per sentence. Everything else the API serves comes from the
library's own functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select

from diplomap.store.codes import either_side, starts_with
from diplomap.store.repository import Store
from diplomap.store.schema import assessments, events, mentions, quantities, sentences

__all__ = [
    "EventFilter",
    "cluster_event_ids",
    "document_annotations",
    "event_ids",
    "event_quantities",
    "event_row",
]


@dataclass(frozen=True)
class EventFilter:
    """Which events to list. Actor codes match every code they start (PRK: PRKGOV, PRKGOVDIP...)."""

    actor: str | None = None  # on either side
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # either direction
    code: str | None = None  # CAMEO code prefix
    quad_class: int | None = None
    modalities: Sequence[str] | None = ("asserted",)  # None: every modality
    start: date | None = None  # events dated on or after it (undated events then drop out)
    end: date | None = None
    text: str | None = None  # in the sentence, case-insensitive


def event_ids(store: Store, where: EventFilter, *, after: int | None = None, limit: int = 50) -> list[int]:
    """Ids of the events that match, in id order, after id ``after``: keyset paging, stable under inserts
    (new events get higher ids, so a walk through the pages sees every event once)."""
    query = select(events.c.id).order_by(events.c.id).limit(limit)
    if after is not None:
        query = query.where(events.c.id > after)
    if where.actor is not None:
        query = query.where(either_side(events, where.actor))
    if where.source is not None:
        query = query.where(starts_with(events.c.source_code, where.source))
    if where.target is not None:
        query = query.where(starts_with(events.c.target_code, where.target))
    if where.dyad is not None:
        a, b = where.dyad
        query = query.where(
            or_(
                and_(starts_with(events.c.source_code, a), starts_with(events.c.target_code, b)),
                and_(starts_with(events.c.source_code, b), starts_with(events.c.target_code, a)),
            )
        )
    if where.code is not None:
        query = query.where(starts_with(events.c.cameo, where.code))
    if where.quad_class is not None:
        query = query.where(events.c.quad_class == where.quad_class)
    if where.modalities is not None:
        query = query.where(events.c.modality.in_(list(where.modalities)))
    if where.start is not None:
        query = query.where(events.c.date_start >= where.start)
    if where.end is not None:
        query = query.where(events.c.date_start <= where.end)
    if where.text:
        query = query.join(sentences, sentences.c.id == events.c.sentence_id).where(
            sentences.c.text.icontains(where.text, autoescape=True)
        )
    with store.engine.connect() as connection:
        return [int(i) for i in connection.execute(query).scalars()]


def event_row(store: Store, event_id: int) -> dict[str, Any] | None:
    """The stored row of one event, or None."""
    with store.engine.connect() as connection:
        row = connection.execute(select(events).where(events.c.id == event_id)).first()
    return dict(row._mapping) if row is not None else None


def event_quantities(store: Store, event_id: int) -> list[dict[str, Any]]:
    """The amounts of one event, in the order of the text."""
    query = (
        select(
            quantities.c.kind,
            quantities.c.value,
            quantities.c.unit,
            quantities.c.currency,
            quantities.c.value_usd,
            quantities.c.start,
            quantities.c.end,
            quantities.c.text,
        )
        .where(quantities.c.event_id == event_id)
        .order_by(quantities.c.start, quantities.c.id)
    )
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def cluster_event_ids(store: Store, cluster_id: int, *, besides: int) -> list[int]:
    """The other events of a corroboration cluster: other reports of the same event."""
    query = (
        select(events.c.id)
        .where(events.c.cluster_id == cluster_id, events.c.id != besides)
        .order_by(events.c.id)
    )
    with store.engine.connect() as connection:
        return [int(i) for i in connection.execute(query).scalars()]


def document_annotations(store: Store, document_id: str) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per sentence index: its actor mentions, events and assessments, in text order. Offsets are into
    the document's text."""
    found: dict[int, dict[str, list[dict[str, Any]]]] = {}

    def slot(index: int, kind: str) -> list[dict[str, Any]]:
        return found.setdefault(index, {"mentions": [], "events": [], "assessments": []})[kind]

    in_text_order = (
        ("mentions", mentions, mentions.c.start),
        ("events", events, events.c.trigger_start),
        ("assessments", assessments, assessments.c.start),
    )
    with store.engine.connect() as connection:
        for kind, table, position in in_text_order:
            for row in connection.execute(
                select(table, sentences.c.index.label("sentence_index"))
                .join(sentences, sentences.c.id == table.c.sentence_id)
                .where(table.c.document_id == document_id)
                .order_by(position, table.c.id)
            ):
                record = dict(row._mapping)
                if kind == "mentions":
                    record["sectors"] = (record["sectors"] or "").split()
                else:
                    record.update(source=row.source_code, target=row.target_code, date=row.date_start)
                slot(row.sentence_index, kind).append(record)
    return found
