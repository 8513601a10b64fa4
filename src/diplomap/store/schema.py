"""Tables of the store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Character offsets (``start``/``end``) are into ``documents.text``; each row
that proves something keeps its sentence, so every claim links back to text.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "KEY_EVENTS_PER_MONTH",
    "SCHEMA_VERSION",
    "assessments",
    "documents",
    "dyad_months",
    "events",
    "external_events",
    "key_events",
    "mentions",
    "metadata",
    "properties",
    "quantities",
    "sentences",
]

SCHEMA_VERSION = "3"

metadata = MetaData()


properties = Table(
    "properties",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True, comment="SHA-256 prefix of the normalised text"),
    Column("uri", Text, nullable=False, comment="file path, URL, or file:line for JSONL"),
    Column("format", String(16), nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("publisher", Text),
    Column("published", Date, comment="publication date; first day of month/year when less precise"),
    Column("published_precision", String(8), comment="day, month or year"),
    Column("published_source", String(16), comment="explicit, header or user"),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("n_chars", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("pipeline", Text, comment="model and component versions that annotated it; NULL: not yet"),
    Column("annotated_at", DateTime(timezone=True)),
    Index("ix_documents_published", "published"),
    Index("ix_documents_ingested_at", "ingested_at"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("index", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("document_id", "index", name="uq_sentences_document_index"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("code", String(32), comment="CAMEO-style actor code; NULL when unresolved"),
    Column("country", String(3)),
    Column("sectors", String(64), comment="space-separated sector codes"),
    Column("kind", String(16), nullable=False),
    Column("person_id", String(64)),
    Column("how", Text),
    Column("confidence", Float),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_code", "code"),
)

_COVERED = ("modality", "goldstein", "document_id")  # in the actor indexes of events, beside the dates

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("source_code", String(32)),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("target_code", String(32)),
    Column("target_start", Integer),
    Column("target_end", Integer),
    Column("cameo", String(8), nullable=False),
    Column("cameo_root", String(2), nullable=False),
    Column("plover_type", String(32)),
    Column("plover_mode", String(32)),
    Column("quad_class", SmallInteger),
    Column("goldstein", Float),
    Column("modality", String(16), nullable=False),
    Column("reporter_code", String(32)),
    Column("reporter_start", Integer),
    Column("reporter_end", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_how", Text),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("coder", String(64)),
    Column("confidence", Float),
    Column("cluster_id", Integer, comment="corroboration cluster: reports of one event"),
    Index("ix_events_document", "document_id"),
    # by actor on either side, covering what rankings, shifts and briefings read of each event
    Index(
        "ix_events_source", "source_code", "target_code", "date_start", "modality", "goldstein", "document_id"
    ),
    Index(
        "ix_events_target", "target_code", "source_code", "date_start", "modality", "goldstein", "document_id"
    ),
    Index("ix_events_date", "date_start"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(32)),
    Column("currency", String(3)),
    Column("value_usd", Float),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_quantities_event", "event_id"),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("source_code", String(32)),
    Column("target_code", String(32)),
    Column("holder_code", String(32), comment="NULL: the document's author"),
    Column("holder_text", Text),
    Column("state", String(32), nullable=False),
    Column("aspect", String(16), comment="relations, political, economic, trade, military"),
    Column("cue", Text, comment="the phrase that states it"),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("coder", String(64)),
    Index("ix_assessments_document", "document_id"),
    Index("ix_assessments_dyad", "source_code", "target_code"),
)

dyad_months = Table(
    "dyad_months",
    metadata,
    Column("source_key", String(32), primary_key=True, comment="counterpart of the source code: PRK, IGOUNO"),
    Column("target_key", String(32), primary_key=True),
    Column("month", Date, primary_key=True, comment="first day of the month of the event's date"),
    Column("modality", String(16), primary_key=True),
    Column("quad_class", SmallInteger, primary_key=True, comment="0 when the event has none"),
    Column("events", Integer, nullable=False),
    Column("goldstein_sum", Float, nullable=False),
    Index("ix_dyad_months_source", "source_key", "month"),  # an actor's relations in a period: one
    Index("ix_dyad_months_target", "target_key", "month"),  # index per side (aggregates.around)
    Index("ix_dyad_months_month", "month"),
    comment="events per directed pair of actors, month, modality and quad class; kept by store.aggregates",
)

KEY_EVENTS_PER_MONTH = 5  # the most telling events kept per pair, month and modality

key_events = Table(
    "key_events",
    metadata,
    Column("source_key", String(32), primary_key=True, comment="as dyad_months.source_key"),
    Column("target_key", String(32), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("modality", String(16), primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("magnitude", Float, nullable=False, comment="absolute Goldstein score; 0 when the event has none"),
    Index("ix_key_events_source", "source_key", "month"),
    Index("ix_key_events_target", "target_key", "month"),
    Index("ix_key_events_event", "event_id"),
    comment="per directed pair of actors, month and modality, the events of largest Goldstein magnitude "
    "(then lowest id), at most KEY_EVENTS_PER_MONTH: the key events of any whole-month period are among "
    "them; kept by store.aggregates",
)

external_events = Table(
    "external_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", String(32), nullable=False, comment="gdelt, icews or a name the user gave"),
    Column("external_id", String(64), nullable=False, comment="the event's id in its origin"),
    Column("date", Date, nullable=False, comment="the day of the event as its origin dates it"),
    Column("source_code", String(32), comment="CAMEO-style actor code; NULL when the origin gives none"),
    Column("source_name", Text),
    Column("source_country", String(3), comment="ISO3"),
    Column("target_code", String(32)),
    Column("target_name", Text),
    Column("target_country", String(3)),
    Column("cameo", String(8), nullable=False),
    Column("cameo_root", String(2), nullable=False),
    Column("quad_class", SmallInteger, nullable=False, comment="1-4, as events.quad_class"),
    Column("goldstein", Float, nullable=False),
    Column("url", Text, comment="the reporting article (GDELT SOURCEURL)"),
    Column("story", String(64), comment="the reporting story's id in its origin (ICEWS Story ID)"),
    Column("publisher", Text, comment="ICEWS Publisher; for GDELT the URL's host"),
    Column("extra", Text, comment="JSON of the origin's other fields we keep"),
    Column("read_from", Text, nullable=False, comment="file:line it was imported from"),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("origin", "external_id", name="uq_external_events_origin_id"),
    Index("ix_external_events_dyad_date", "origin", "source_code", "target_code", "date"),
    Index("ix_external_events_date", "date"),
    comment="events coded by others (GDELT, ICEWS...), imported to overlay ours; see diplomap.interop",
)
