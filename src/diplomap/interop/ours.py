"""Our own events as flat rows: one row per event, with its sentence and its document's uri and date.

:func:`event_rows` reads them from the store in chunks (by event id), so an export of any size
holds one chunk in memory. :data:`EXPORT_TABLE` describes a row: the ``events`` columns, then the
sentence and document columns; :func:`data_dictionary` documents every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, select, union_all

from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.codes import either_side, sides
from diplomap.store.repository import Store
from diplomap.store.schema import documents, events, sentences

__all__ = ["COLUMN_MEANINGS", "EXPORT_TABLE", "EventFilter", "data_dictionary", "event_rows", "mention_text"]

CHUNK = 1_000
_ACTOR = re.compile(r"[A-Z]{3}(?:[A-Z]{3})*")

_SENTENCE_COLUMNS = (
    Column("sentence_index", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
)
_DOCUMENT_COLUMNS = (
    documents.c.uri,
    documents.c.title,
    documents.c.publisher,
    documents.c.published,
    documents.c.published_precision,
    documents.c.language,
    documents.c.ingested_at,
)

# The shape of an exported row, as a table of its own metadata (never created in a database): it gives
# the Arrow schema (ingest.parquet.parquet_schema) and the data dictionary the same column types.
EXPORT_TABLE = Table(
    "event_export",
    MetaData(),
    *(Column(c.name, c.type, nullable=c.nullable) for c in (*events.columns, *_SENTENCE_COLUMNS)),
    *(Column(f"document_{c.name}", c.type, nullable=c.nullable) for c in _DOCUMENT_COLUMNS),
)

COLUMN_MEANINGS: dict[str, str] = {
    "id": "the event's id in the store",
    "document_id": "id of the document that reports it (SHA-256 prefix of its normalised text)",
    "sentence_id": "id of the sentence that states it",
    "source_code": "CAMEO-style code of the actor who acts (PRKGOV); empty when unknown",
    "source_start": "where the source's name starts: character offset into the document text",
    "source_end": "where the source's name ends (exclusive)",
    "target_code": "CAMEO-style code of the actor acted upon; empty when the event has none",
    "target_start": "where the target's name starts in the document text",
    "target_end": "where the target's name ends (exclusive)",
    "cameo": "CAMEO event code, 2-4 digits with the leading zero (042)",
    "cameo_root": "its 2-digit root (04)",
    "plover_type": "PLOVER 2.0 event category (CONSULT); empty for CAMEO roots 01 and 02",
    "plover_mode": "PLOVER mode, when the CAMEO code gives one",
    "quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
    "goldstein": "Goldstein score of the CAMEO code, -10 (conflict) to +10 (cooperation)",
    "modality": "asserted, negated, hedged, planned or assessment: whether the text says it happened",
    "reporter_code": "who the text says reported it (a spokesman's government), if anyone",
    "reporter_start": "where the reporter's name starts in the document text",
    "reporter_end": "where the reporter's name ends (exclusive)",
    "date_start": "first day the event may have taken place",
    "date_end": "last day it may have taken place",
    "date_precision": "day, month or year",
    "date_how": "how the date was found (explicit date, weekday, publication date...)",
    "trigger_start": "where the words that name the event start in the document text",
    "trigger_end": "where they end (exclusive)",
    "coder": "name and version of the component that coded it",
    "confidence": "the coder's confidence, 0-1",
    "cluster_id": "reports of one event share it (diplomap corroborate); empty before",
    "sentence_index": "the sentence's number in its document, from 0",
    "sentence_start": "the sentence's character offset into the document text",
    "sentence_text": "the sentence: the evidence for the event",
    "document_uri": "the document's file path or URL",
    "document_title": "the document's title",
    "document_publisher": "the document's publisher",
    "document_published": "the document's publication date (first day of month/year when less precise)",
    "document_published_precision": "day, month or year",
    "document_language": "the document's language (ISO 639-1), when known",
    "document_ingested_at": "when diplomap stored the document (UTC)",
}


@dataclass(frozen=True)
class EventFilter:
    """Which events to export: a date range (on the event's first day), an actor, modalities."""

    start: date | None = None
    end: date | None = None
    actor: str | None = None  # a code: matches events whose source or target starts with it
    modalities: Sequence[str] | None = None  # None: all

    def checked(self) -> EventFilter:
        actor = None
        if self.actor is not None:
            actor = self.actor.strip().upper()
            if not _ACTOR.fullmatch(actor):
                raise ConfigError(
                    f"--actor {self.actor!r} is not an actor code; give a CAMEO code such as PRK or KORGOV"
                )
        if self.modalities is not None:
            unknown = sorted(set(self.modalities) - set(MODALITIES))
            if unknown:
                raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
        if self.start and self.end and self.start > self.end:
            raise ConfigError(f"--from {self.start} is after --to {self.end}; swap them")
        return EventFilter(self.start, self.end, actor, self.modalities)

    def where(self, *, after: int = 0, chunk: int | None = None) -> list[Any]:
        """Conditions on ``events`` for the selected events with an id above ``after``. An actor's events
        are looked up by the source and target indexes (:mod:`diplomap.store.codes`), with ``chunk``
        only the next ``chunk`` ids on each side: a chunked export then reads the actor's rows of each
        index once in all, not once per chunk."""
        clauses: list[Any] = [events.c.id > after] if after else []
        if self.start is not None:
            clauses.append(events.c.date_start >= self.start)
        if self.end is not None:
            clauses.append(events.c.date_start <= self.end)
        if self.modalities is not None:
            clauses.append(events.c.modality.in_(list(self.modalities)))
        if self.actor is not None and chunk is None:
            clauses.append(either_side(events, self.actor))
        elif self.actor is not None:
            halves = [
                select(events.c.id).where(side, *clauses).order_by(events.c.id).limit(chunk).subquery()
                for side in sides(events, self.actor)
            ]
            clauses.append(events.c.id.in_(union_all(*(select(half.c.id) for half in halves))))
        return clauses


def event_rows(
    store: Store, selection: EventFilter | None = None, *, chunk: int = CHUNK
) -> Iterator[dict[str, Any]]:
    """Events in id order as dicts of :data:`EXPORT_TABLE`'s columns, read ``chunk`` at a time."""
    selection = (selection or EventFilter()).checked()
    query = (
        select(
            *events.columns,
            sentences.c.index.label("sentence_index"),
            sentences.c.start.label("sentence_start"),
            sentences.c.text.label("sentence_text"),
            *(c.label(f"document_{c.name}") for c in _DOCUMENT_COLUMNS),
        )
        .join(sentences, sentences.c.id == events.c.sentence_id)
        .join(documents, documents.c.id == events.c.document_id)
        .order_by(events.c.id)
        .limit(chunk)
    )
    last = 0
    while True:
        chunk_query = query.where(*selection.where(after=last, chunk=chunk))
        with store.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(chunk_query)]
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def mention_text(row: dict[str, Any], key: str) -> str | None:
    """The words of the sentence that name an event row's ``source``, ``target`` or ``reporter``."""
    start, end = row.get(f"{key}_start"), row.get(f"{key}_end")
    if start is None or end is None:
        return None
    at = row["sentence_start"]
    return str(row["sentence_text"][start - at : end - at]) or None


def _type_name(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, String) and kind.length:
        return f"text (at most {kind.length})"
    names = {
        "Integer": "integer",
        "SmallInteger": "integer",
        "Float": "number",
        "Date": "date",
        "Text": "text",
    }
    return names.get(type(kind).__name__, "timestamp (UTC)" if type(kind).__name__ == "DateTime" else "text")


def data_dictionary(format: str) -> str:
    """The Markdown data dictionary of an export of our own schema (csv or parquet)."""
    lines = [
        f"# diplomap events ({format})",
        "",
        "One row per coded event, with the sentence that states it and its document's uri and date.",
        "Character offsets (`*_start`, `*_end`) are into the document's text; subtract `sentence_start`",
        "to get offsets into `sentence_text`. Empty cells are unknown values.",
        "",
        "| column | type | meaning |",
        "|---|---|---|",
    ]
    for column in EXPORT_TABLE.columns:
        lines.append(f"| `{column.name}` | {_type_name(column)} | {COLUMN_MEANINGS[column.name]} |")
    return "\n".join(lines) + "\n"
