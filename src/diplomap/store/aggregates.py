"""Pre-aggregated relations: events per directed pair of actors, month, modality and quad class, and
the few key events of each pair, month and modality.

``dyad_months`` lets overviews, partner rankings and shift detection read a
few rows per relation and month instead of every event. Actors are grouped
as rankings group them (:func:`diplomap.nlp.actors.grouping.counterpart`:
PRKGOV counts for PRK); events without both actors or without a date are
not in it. The store keeps it in step in the same transaction as the events:
:func:`add_events` when they are written, :func:`remove_document` before a
document's events are replaced, so it never disagrees with the events table
(:func:`rebuild` recomputes it from scratch, e.g. after an upgrade).

``key_events`` keeps, per pair, month and modality, the events of largest
Goldstein magnitude (then lowest id), :data:`KEY_EVENTS_PER_MONTH` of them:
the key events of a relation over any run of whole months are among those of
its months, so rankings find them without reading every event. New events
are merged into their months' lists; when a document's events go, its months'
lists are read again from the events that stay (:func:`rebuild_key_events`
recomputes them all).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Subquery, Table, and_, delete, func, insert, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from diplomap.nlp.actors.grouping import counterpart
from diplomap.store.codes import starts_with
from diplomap.store.schema import KEY_EVENTS_PER_MONTH, dyad_months, events, key_events

__all__ = [
    "add_events",
    "around",
    "count_events",
    "increments",
    "rebuild",
    "rebuild_key_events",
    "remove_document",
]

Key = tuple[str, str, date, str, int]
Cell = tuple[str, str, date, str]  # a pair of actors as rankings group them, a month, a modality
Ranked = tuple[float, int]  # (-magnitude, event id): the smallest are the key events
_KEY_COLUMNS = ("source_key", "target_key", "month", "modality", "quad_class")
_CHUNK = 5_000


def around(table: Table, focal: str, *columns: Any, where: Sequence[Any] = ()) -> Subquery:
    """The rows of an aggregate table (``dyad_months``, ``key_events``) with ``focal`` on one side and
    another actor on the other, as ``other`` and ``columns``: one half per side, each served by an index
    that starts with that side (as one OR, databases tend to scan a month index instead)."""
    return union_all(
        select(table.c.target_key.label("other"), *columns).where(
            table.c.source_key == focal, table.c.target_key != focal, *where
        ),
        select(table.c.source_key.label("other"), *columns).where(
            table.c.target_key == focal, table.c.source_key != focal, *where
        ),
    ).subquery()


def increments(rows: Iterable[Mapping[str, Any]]) -> dict[Key, tuple[int, float]]:
    """Events and Goldstein sums per aggregate key, from event rows (dicts with the events columns)."""
    found: dict[Key, tuple[int, float]] = {}
    for row in rows:
        cell = _cell(row)
        if cell is None:
            continue
        key = (*cell, row.get("quad_class") or 0)
        n, total = found.get(key, (0, 0.0))
        found[key] = (n + 1, total + float(row.get("goldstein") or 0.0))
    return found


def _apply(connection: Connection, changes: Mapping[Key, tuple[int, float]], sign: int) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    values = [
        {**dict(zip(_KEY_COLUMNS, key, strict=True)), "events": sign * n, "goldstein_sum": sign * total}
        for key, (n, total) in sorted(changes.items())
    ]
    for at in range(0, len(values), _CHUNK):
        statement = dialect.insert(dyad_months)
        statement = statement.on_conflict_do_update(
            index_elements=list(_KEY_COLUMNS),
            set_={
                "events": dyad_months.c.events + statement.excluded.events,
                "goldstein_sum": dyad_months.c.goldstein_sum + statement.excluded.goldstein_sum,
            },
        )
        connection.execute(statement, values[at : at + _CHUNK])
    if sign < 0:
        connection.execute(delete(dyad_months).where(dyad_months.c.events <= 0))


def add_events(connection: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly written events in, and merge them into their months' key events (rows with ``id``),
    in the caller's transaction."""
    rows = list(rows)
    count_events(connection, rows)
    _merge_key_events(connection, _ranked_by_cell(rows))


def count_events(connection: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly written events into ``dyad_months`` only: for bulk loads that then call
    :func:`rebuild_key_events` once, instead of merging each month's key events as they come."""
    changes = increments(rows)
    if changes:
        _apply(connection, changes, 1)


def _cell(row: Mapping[str, Any]) -> Cell | None:
    source, target, day = row.get("source_code"), row.get("target_code"), row.get("date_start")
    if not source or not target or day is None:
        return None
    return counterpart(source), counterpart(target), day.replace(day=1), row["modality"]


def _ranked_by_cell(rows: Iterable[Mapping[str, Any]]) -> dict[Cell, list[Ranked]]:
    found: dict[Cell, list[Ranked]] = {}
    for row in rows:
        cell = _cell(row)
        if cell is not None and row.get("id") is not None:
            found.setdefault(cell, []).append((-abs(float(row.get("goldstein") or 0.0)), int(row["id"])))
    return found


def _in_cell(cell: Cell) -> Any:
    source, target, month, modality = cell
    return and_(
        key_events.c.source_key == source,
        key_events.c.target_key == target,
        key_events.c.month == month,
        key_events.c.modality == modality,
    )


def _key_rows(cell: Cell, ranked: Iterable[Ranked]) -> list[dict[str, Any]]:
    source, target, month, modality = cell
    return [
        {
            "source_key": source,
            "target_key": target,
            "month": month,
            "modality": modality,
            "event_id": event_id,
            "magnitude": -negative,
        }
        for negative, event_id in ranked
    ]


def _merge_key_events(connection: Connection, new: Mapping[Cell, list[Ranked]]) -> None:
    """Each cell's key events become the best of those it had and the new ones."""
    inserted: list[dict[str, Any]] = []
    for cell, candidates in new.items():
        held = [
            (-float(magnitude), int(event_id))
            for event_id, magnitude in connection.execute(
                select(key_events.c.event_id, key_events.c.magnitude).where(_in_cell(cell))
            )
        ]
        best = heapq.nsmallest(KEY_EVENTS_PER_MONTH, held + candidates)
        kept = {event_id for _, event_id in best}
        dropped = [event_id for _, event_id in held if event_id not in kept]
        if dropped:
            connection.execute(delete(key_events).where(_in_cell(cell), key_events.c.event_id.in_(dropped)))
        had = {event_id for _, event_id in held}
        inserted += _key_rows(cell, [r for r in best if r[1] not in had])
    for at in range(0, len(inserted), _CHUNK):
        connection.execute(insert(key_events), inserted[at : at + _CHUNK])


def _refill(connection: Connection, cell: Cell, without_document: str) -> None:
    """A cell's key events read again from its events, leaving out those of ``without_document``."""
    source, target, month, modality = cell
    following = (month + timedelta(days=32)).replace(day=1)
    query = select(events.c.id, events.c.source_code, events.c.target_code, events.c.goldstein).where(
        starts_with(events.c.source_code, source),
        starts_with(events.c.target_code, target),
        events.c.date_start >= month,
        events.c.date_start < following,
        events.c.modality == modality,
        events.c.document_id != without_document,
    )
    ranked = [
        (-abs(float(score or 0.0)), int(event_id))
        for event_id, source_code, target_code, score in connection.execute(query)
        if counterpart(source_code) == source and counterpart(target_code) == target
    ]
    connection.execute(delete(key_events).where(_in_cell(cell)))
    rows = _key_rows(cell, heapq.nsmallest(KEY_EVENTS_PER_MONTH, ranked))
    if rows:
        connection.execute(insert(key_events), rows)


_COLUMNS = (
    events.c.source_code,
    events.c.target_code,
    events.c.date_start,
    events.c.modality,
    events.c.quad_class,
    events.c.goldstein,
)


def remove_document(connection: Connection, document_id: str) -> None:
    """Count a document's stored events out, before they are deleted, and read its months' key events
    again without them (in the caller's transaction)."""
    rows = [
        dict(row._mapping)
        for row in connection.execute(
            select(events.c.id, *_COLUMNS).where(events.c.document_id == document_id)
        )
    ]
    changes = increments(rows)
    if changes:
        _apply(connection, changes, -1)
    for cell in sorted(_ranked_by_cell(rows)):
        _refill(connection, cell, document_id)


def rebuild(connection: Connection) -> int:
    """Recompute the whole table from the events; returns its number of rows."""
    connection.execute(delete(dyad_months))
    last = 0
    while True:
        rows = connection.execute(
            select(events.c.id, *_COLUMNS).where(events.c.id > last).order_by(events.c.id).limit(50_000)
        ).all()
        if not rows:
            break
        last = rows[-1].id
        add_events(connection, (dict(row._mapping) for row in rows))
    return int(connection.execute(select(func.count()).select_from(dyad_months)).scalar_one())


def rebuild_key_events(connection: Connection) -> int:
    """Recompute the key events of every pair and month from the events, a month at a time (memory stays
    that of one month); returns the number of rows."""
    connection.execute(delete(key_events))
    query = (
        select(events.c.id, *_COLUMNS)
        .where(events.c.date_start.is_not(None), events.c.source_code.is_not(None))
        .where(events.c.target_code.is_not(None))
        .order_by(events.c.date_start, events.c.id)
    )
    month: date | None = None
    cells: dict[Cell, list[Ranked]] = {}

    def flush() -> None:
        rows = [
            r
            for cell, ranked in cells.items()
            for r in _key_rows(cell, heapq.nsmallest(KEY_EVENTS_PER_MONTH, ranked))
        ]
        for at in range(0, len(rows), _CHUNK):
            connection.execute(insert(key_events), rows[at : at + _CHUNK])
        cells.clear()

    with connection.execute(query.execution_options(yield_per=_CHUNK)) as result:  # streamed
        for row in result:
            values = row._mapping
            if values["date_start"].replace(day=1) != month:
                flush()
                month = values["date_start"].replace(day=1)
            for cell, ranked in _ranked_by_cell([dict(values)]).items():
                cells.setdefault(cell, []).extend(ranked)
    flush()
    return int(connection.execute(select(func.count()).select_from(key_events)).scalar_one())
