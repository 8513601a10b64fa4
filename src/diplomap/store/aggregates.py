"""Pre-aggregated relations: events per directed pair of actors, month, modality and quad class.

``dyad_months`` lets overviews, partner rankings and shift detection read a
few rows per relation and month instead of every event. Actors are grouped
as rankings group them (:func:`diplomap.nlp.actors.grouping.counterpart`:
PRKGOV counts for PRK); events without both actors or without a date are
not in it. The store keeps it in step in the same transaction as the events:
:func:`add_events` when they are written, :func:`remove_document` before a
document's events are replaced, so it never disagrees with the events table
(:func:`rebuild` recomputes it from scratch, e.g. after an upgrade).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from diplomap.nlp.actors.grouping import counterpart
from diplomap.store.schema import dyad_months, events

__all__ = ["add_events", "increments", "rebuild", "remove_document"]

Key = tuple[str, str, date, str, int]
_KEY_COLUMNS = ("source_key", "target_key", "month", "modality", "quad_class")
_CHUNK = 5_000


def increments(rows: Iterable[Mapping[str, Any]]) -> dict[Key, tuple[int, float]]:
    """Events and Goldstein sums per aggregate key, from event rows (dicts with the events columns)."""
    found: dict[Key, tuple[int, float]] = {}
    for row in rows:
        source, target, day = row.get("source_code"), row.get("target_code"), row.get("date_start")
        if not source or not target or day is None:
            continue
        key = (
            counterpart(source),
            counterpart(target),
            day.replace(day=1),
            row["modality"],
            row.get("quad_class") or 0,
        )
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
    """Count newly written events in (in the caller's transaction)."""
    changes = increments(rows)
    if changes:
        _apply(connection, changes, 1)


_COLUMNS = (
    events.c.source_code,
    events.c.target_code,
    events.c.date_start,
    events.c.modality,
    events.c.quad_class,
    events.c.goldstein,
)


def remove_document(connection: Connection, document_id: str) -> None:
    """Count a document's stored events out, before they are deleted (in the caller's transaction)."""
    rows = connection.execute(select(*_COLUMNS).where(events.c.document_id == document_id))
    changes = increments(dict(row._mapping) for row in rows)
    if changes:
        _apply(connection, changes, -1)


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
