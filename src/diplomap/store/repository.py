"""The store's read and write functions. Each document is written in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from diplomap.errors import NotFoundError
from diplomap.ingest.records import SourceDocument
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import AssessmentRecord, EventRecord, MentionRecord, QuantityRecord
from diplomap.nlp.sentences import Sentence
from diplomap.store import aggregates
from diplomap.store.engine import create_store_engine
from diplomap.store.schema import (
    assessments,
    documents,
    events,
    mentions,
    quantities,
    sentences,
)

__all__ = ["Store"]

_SUMMARY_COLUMNS = (
    documents.c.id,
    documents.c.uri,
    documents.c.format,
    documents.c.title,
    documents.c.author,
    documents.c.publisher,
    documents.c.published,
    documents.c.published_precision,
    documents.c.published_source,
    documents.c.n_chars,
    documents.c.ingested_at,
    documents.c.pipeline,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _mention_row(mention: MentionRecord, base: dict[str, Any], at: int) -> dict[str, Any]:
    """A mention's row; ``at`` is its sentence's offset into the document."""
    row = asdict(mention)
    row.update(
        base, start=at + mention.start, end=at + mention.end, sectors=" ".join(mention.sectors) or None
    )
    return row


def _assessment_row(assessment: AssessmentRecord, base: dict[str, Any], at: int) -> dict[str, Any]:
    row = asdict(assessment)
    row.update(base, start=at + assessment.start, end=at + assessment.end)
    return row


def _event_row(event: EventRecord, base: dict[str, Any], at: int) -> dict[str, Any]:
    """An event's row without its quantities, offsets moved from the sentence into the document."""
    row = asdict(event)
    row.pop("quantities")
    for key in ("source", "target", "reporter", "trigger"):
        for edge in ("start", "end"):
            if row[f"{key}_{edge}"] is not None:
                row[f"{key}_{edge}"] += at
    row.update(base, cameo_root=event.cameo_root or event.cameo[:2])
    return row


def _quantity_row(quantity: QuantityRecord, event_id: int, at: int) -> dict[str, Any]:
    return {**asdict(quantity), "event_id": event_id, "start": at + quantity.start, "end": at + quantity.end}


def _document_row(document: SourceDocument, ingested_at: datetime) -> dict[str, Any]:
    """The ``documents`` row of a document as read, before any annotation."""
    meta = document.metadata
    published = meta.published
    return {
        "id": document.id,
        "uri": document.uri,
        "format": document.format,
        "title": meta.title,
        "author": meta.author,
        "publisher": meta.publisher,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_source": meta.published_source if published else None,
        "language": None,
        "text": document.text,
        "n_chars": len(document.text),
        "ingested_at": ingested_at,
    }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


class Store:
    """Documents, sentences and annotations in a SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str) -> Store:
        return cls(create_store_engine(db))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def annotation_state(self, ids: Iterable[str]) -> dict[str, str | None]:
        """For those of ``ids`` already stored: the pipeline that annotated each (None: not yet)."""
        wanted = list(set(ids))
        found: dict[str, str | None] = {}
        with self.engine.connect() as connection:
            for chunk in range(0, len(wanted), 500):
                query = select(documents.c.id, documents.c.pipeline).where(
                    documents.c.id.in_(wanted[chunk : chunk + 500])
                )
                found.update({row.id: row.pipeline for row in connection.execute(query)})
        return found

    def add_document(
        self,
        document: SourceDocument,
        sentence_list: Sequence[Sentence],
        annotations: Sequence[SentenceAnnotations] | None = None,
        *,
        pipeline: str | None = None,
    ) -> bool:
        """Store a document whole, in one transaction. False if it was already there."""
        now = _now()
        row = _document_row(document, now)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(documents), row)
                sentence_ids = self._insert_sentences(connection, document.id, sentence_list)
                if annotations is not None:
                    self._insert_annotations(
                        connection, document.id, sentence_list, sentence_ids, annotations
                    )
                    self._mark_annotated(connection, document.id, pipeline, now)
        except IntegrityError:
            # another writer stored the same text first: the store holds it whole
            if self.annotation_state([document.id]):
                return False
            raise
        return True

    def replace_annotations(
        self, document_id: str, annotations: Sequence[SentenceAnnotations], *, pipeline: str
    ) -> None:
        """Swap a stored document's annotations for new ones, in one transaction."""
        sentence_list = self.sentences(document_id)
        with self.engine.begin() as connection:
            sentence_ids = [
                row.id
                for row in connection.execute(
                    select(sentences.c.id)
                    .where(sentences.c.document_id == document_id)
                    .order_by(sentences.c.index)
                )
            ]
            aggregates.remove_document(connection, document_id)
            for table in (assessments, events, mentions):
                connection.execute(delete(table).where(table.c.document_id == document_id))
            self._insert_annotations(connection, document_id, sentence_list, sentence_ids, annotations)
            self._mark_annotated(connection, document_id, pipeline, _now())

    @staticmethod
    def _insert_sentences(
        connection: Connection, document_id: str, sentence_list: Sequence[Sentence]
    ) -> list[int]:
        if not sentence_list:
            return []
        rows = [
            {"document_id": document_id, "index": s.index, "start": s.start, "end": s.end, "text": s.text}
            for s in sentence_list
        ]
        result = connection.execute(
            insert(sentences).returning(sentences.c.id, sort_by_parameter_order=True), rows
        )
        return list(result.scalars())

    @staticmethod
    def _mark_annotated(
        connection: Connection, document_id: str, pipeline: str | None, when: datetime
    ) -> None:
        connection.execute(
            update(documents)
            .where(documents.c.id == document_id)
            .values(pipeline=pipeline, annotated_at=when)
        )

    @staticmethod
    def _insert_annotations(
        connection: Connection,
        document_id: str,
        sentence_list: Sequence[Sentence],
        sentence_ids: Sequence[int],
        annotations: Sequence[SentenceAnnotations],
    ) -> None:
        if len(annotations) != len(sentence_list):
            raise ValueError(f"{len(annotations)} annotations for {len(sentence_list)} sentences")
        mention_rows: list[dict[str, Any]] = []
        assessment_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        for sentence, sentence_id, found in zip(sentence_list, sentence_ids, annotations, strict=True):
            base = {"document_id": document_id, "sentence_id": sentence_id}
            at = sentence.start
            mention_rows += [_mention_row(m, base, at) for m in found.mentions]
            assessment_rows += [_assessment_row(a, base, at) for a in found.assessments]
            for event in found.events:
                row = _event_row(event, base, at)
                event_id = connection.execute(insert(events).returning(events.c.id), row).scalar_one()
                event_rows.append({**row, "id": event_id})
                if event.quantities:
                    connection.execute(
                        insert(quantities), [_quantity_row(q, event_id, at) for q in event.quantities]
                    )
        if mention_rows:
            connection.execute(insert(mentions), mention_rows)
        if assessment_rows:
            connection.execute(insert(assessments), assessment_rows)
        aggregates.add_events(connection, event_rows)

    @staticmethod
    def document_rows(
        document: SourceDocument,
        sentence_list: Sequence[Sentence],
        annotations: Sequence[SentenceAnnotations] | None,
        *,
        pipeline: str | None,
        ingested_at: datetime,
        row_id: Callable[[str, int], int],
    ) -> dict[str, list[dict[str, Any]]]:
        """The rows ``add_document`` stores for one document, by table, for writers other than SQL.

        Ids come from ``row_id(table, n)`` (``n`` counts a document's rows of ``table`` from 0)
        instead of the database's sequences; every other column is as ``add_document`` writes it.
        """
        annotated = annotations is not None
        rows: dict[str, list[dict[str, Any]]] = {
            "documents": [
                {
                    **_document_row(document, ingested_at),
                    "pipeline": pipeline if annotated else None,
                    "annotated_at": ingested_at if annotated else None,
                }
            ],
            "sentences": [],
            "mentions": [],
            "events": [],
            "quantities": [],
            "assessments": [],
        }
        sentence_ids = [row_id("sentences", n) for n in range(len(sentence_list))]
        rows["sentences"] = [
            {
                "id": sentence_id,
                "document_id": document.id,
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s, sentence_id in zip(sentence_list, sentence_ids, strict=True)
        ]
        if annotations is None:
            return rows
        if len(annotations) != len(sentence_list):
            raise ValueError(f"{len(annotations)} annotations for {len(sentence_list)} sentences")
        for sentence, sentence_id, found in zip(sentence_list, sentence_ids, annotations, strict=True):
            base = {"document_id": document.id, "sentence_id": sentence_id}
            at = sentence.start
            for mention in found.mentions:
                row = _mention_row(mention, base, at)
                rows["mentions"].append({**row, "id": row_id("mentions", len(rows["mentions"]))})
            for assessment in found.assessments:
                row = _assessment_row(assessment, base, at)
                rows["assessments"].append({**row, "id": row_id("assessments", len(rows["assessments"]))})
            for event in found.events:
                event_id = row_id("events", len(rows["events"]))
                rows["events"].append({**_event_row(event, base, at), "id": event_id})
                for q in event.quantities:
                    quantity = _quantity_row(q, event_id, at)
                    rows["quantities"].append(
                        {**quantity, "id": row_id("quantities", len(rows["quantities"]))}
                    )
        return rows

    # -- reading ---------------------------------------------------------------------------

    def resolve_id(self, id_or_prefix: str) -> str:
        """The full id of the one document whose id starts with ``id_or_prefix``."""
        prefix = id_or_prefix.strip().lower()
        if len(prefix) < 4 or any(c not in "0123456789abcdef" for c in prefix):
            raise NotFoundError(
                f"{id_or_prefix!r} is not a document id; give at least 4 hex characters "
                "(see `diplomap documents list`)"
            )
        with self.engine.connect() as connection:
            found: list[str] = list(
                connection.execute(
                    select(documents.c.id).where(documents.c.id.startswith(prefix, autoescape=True)).limit(2)
                ).scalars()
            )
        if not found:
            raise NotFoundError(f"no document with id {id_or_prefix!r}; see `diplomap documents list`")
        if len(found) > 1:
            raise NotFoundError(f"{id_or_prefix!r} matches several documents; give more characters")
        return found[0]

    def list_documents(
        self, *, limit: int = 50, offset: int = 0, newest: bool = False
    ) -> list[dict[str, Any]]:
        """Documents in the order they were stored (the latest first when ``newest``)."""
        order = (
            (documents.c.ingested_at.desc(), documents.c.id.desc())
            if newest
            else (documents.c.ingested_at, documents.c.id)
        )
        query = (
            select(*_SUMMARY_COLUMNS, func.count(sentences.c.id).label("n_sentences"))
            .select_from(documents.outerjoin(sentences))
            .group_by(*_SUMMARY_COLUMNS)
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as connection:
            return [_jsonable(dict(row._mapping)) for row in connection.execute(query)]

    def sentences(self, document_id: str) -> list[Sentence]:
        query = (
            select(sentences.c.index, sentences.c.start, sentences.c.end, sentences.c.text)
            .where(sentences.c.document_id == document_id)
            .order_by(sentences.c.index)
        )
        with self.engine.connect() as connection:
            return [Sentence(*row) for row in connection.execute(query)]

    def get_document(self, id_or_prefix: str) -> dict[str, Any]:
        """One document with its text and sentences, by id or unique id prefix."""
        document_id = self.resolve_id(id_or_prefix)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_SUMMARY_COLUMNS, documents.c.text, documents.c.annotated_at).where(
                    documents.c.id == document_id
                )
            ).one()
        detail = _jsonable(dict(row._mapping))
        detail["sentences"] = [asdict(s) for s in self.sentences(document_id)]
        return detail

    def document_text(self, document_id: str) -> str:
        with self.engine.connect() as connection:
            text = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()
        if text is None:
            raise NotFoundError(f"no document with id {document_id!r}")
        return str(text)

    def counts(self) -> dict[str, int]:
        tables = {
            "documents": documents,
            "sentences": sentences,
            "mentions": mentions,
            "events": events,
            "assessments": assessments,
        }
        with self.engine.connect() as connection:
            counted = {
                name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in tables.items()
            }
            counted["unresolved_mentions"] = int(
                connection.execute(
                    select(func.count()).select_from(mentions).where(mentions.c.code.is_(None))
                ).scalar_one()
            )
            counted["documents_not_annotated"] = int(
                connection.execute(
                    select(func.count()).select_from(documents).where(documents.c.pipeline.is_(None))
                ).scalar_one()
            )
        return counted

    def actor_summary(self, *, unresolved: bool = False, limit: int = 50) -> list[dict[str, Any]]:
        """Actors mentioned in the store, most mentioned first; or the names no dictionary knew."""
        mentions_n = func.count().label("mentions")
        documents_n = func.count(func.distinct(mentions.c.document_id)).label("documents")
        if unresolved:
            query = (
                select(mentions.c.text, mentions.c.how, mentions_n, documents_n)
                .where(mentions.c.code.is_(None), mentions.c.kind == "unknown")
                .group_by(mentions.c.text, mentions.c.how)
            )
        else:
            query = (
                select(
                    mentions.c.code,
                    mentions.c.country,
                    mentions_n,
                    documents_n,
                    func.min(mentions.c.text).label("example"),
                )
                .where(mentions.c.code.is_not(None))
                .group_by(mentions.c.code, mentions.c.country)
            )
        query = query.order_by(mentions_n.desc(), *query.selected_columns[:1]).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def pipelines(self) -> dict[str, int]:
        """Documents per pipeline fingerprint that annotated them."""
        query = (
            select(documents.c.pipeline, func.count())
            .where(documents.c.pipeline.is_not(None))
            .group_by(documents.c.pipeline)
        )
        with self.engine.connect() as connection:
            return {str(p): int(n) for p, n in connection.execute(query)}
