"""The evidence behind numbers: stored events with their sentence, trigger and document, and the
marks (mentions, triggers) to show on a document's text.

Every figure in a briefing or on a page is a set of event ids; this module
turns ids back into what an analyst checks: who did what to whom, when, the
CAMEO code and its name, the Goldstein score, and the sentence with the
trigger's position in it, plus the document it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from diplomap.errors import ConfigError
from diplomap.nlp.events.cameo import cameo
from diplomap.store.repository import Store
from diplomap.store.schema import documents, events, mentions, sentences

__all__ = ["EventEvidence", "Highlight", "document_highlights", "event_evidence"]

_CHUNK = 500  # ids per query: well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class EventEvidence:
    id: int
    day: date | None
    date_how: str | None
    source_code: str | None
    target_code: str | None
    cameo: str
    cameo_name: str
    quad_class: int | None
    goldstein: float | None
    modality: str
    sentence: str
    trigger: tuple[int, int]  # offsets into ``sentence``
    document_id: str
    title: str | None
    author: str | None
    publisher: str | None
    cluster_id: int | None

    def quote(self, mark: tuple[str, str] = ("**", "**")) -> str:
        """The sentence with the trigger wrapped in ``mark``."""
        start, end = self.trigger
        return f"{self.sentence[:start]}{mark[0]}{self.sentence[start:end]}{mark[1]}{self.sentence[end:]}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.day.isoformat() if self.day else None,
            "date_how": self.date_how,
            "source": self.source_code,
            "target": self.target_code,
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "modality": self.modality,
            "sentence": self.sentence,
            "trigger": list(self.trigger),
            "document_id": self.document_id,
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "cluster_id": self.cluster_id,
        }


def _name(code: str) -> str:
    try:
        return cameo(code).name
    except ConfigError:
        return code


def event_evidence(store: Store, ids: Iterable[int]) -> list[EventEvidence]:
    """The events with these ids (unknown ids are skipped), in the order of the ids given."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found: dict[int, EventEvidence] = {}
    with store.engine.connect() as connection:
        for at in range(0, len(wanted), _CHUNK):
            query = (
                select(
                    events,
                    sentences.c.text.label("sentence"),
                    sentences.c.start.label("sentence_start"),
                    documents.c.title,
                    documents.c.author,
                    documents.c.publisher,
                )
                .join(sentences, sentences.c.id == events.c.sentence_id)
                .join(documents, documents.c.id == events.c.document_id)
                .where(events.c.id.in_(wanted[at : at + _CHUNK]))
            )
            for row in connection.execute(query):
                offset = row.sentence_start
                found[row.id] = EventEvidence(
                    row.id,
                    row.date_start,
                    row.date_how,
                    row.source_code,
                    row.target_code,
                    row.cameo,
                    _name(row.cameo),
                    row.quad_class,
                    row.goldstein,
                    row.modality,
                    row.sentence,
                    (row.trigger_start - offset, row.trigger_end - offset),
                    row.document_id,
                    row.title,
                    row.author,
                    row.publisher,
                    row.cluster_id,
                )
    return [found[i] for i in wanted if i in found]


@dataclass(frozen=True)
class Highlight:
    """A stretch of a document's text to mark: an actor mention or an event trigger."""

    start: int
    end: int
    kind: str  # mention, trigger
    code: str | None  # actor code, or CAMEO code of the event
    event_id: int | None = None
    label: str | None = None  # what a tooltip says


def document_highlights(store: Store, document_id: str) -> list[Highlight]:
    """The actor mentions and event triggers of a document, by position (triggers win overlaps)."""
    found: list[Highlight] = []
    with store.engine.connect() as connection:
        for start, end, code, how in connection.execute(
            select(mentions.c.start, mentions.c.end, mentions.c.code, mentions.c.how).where(
                mentions.c.document_id == document_id
            )
        ):
            found.append(
                Highlight(start, end, "mention", code, label=f"{code or 'unresolved'} ({how or '-'})")
            )
        for row in connection.execute(
            select(
                events.c.id,
                events.c.trigger_start,
                events.c.trigger_end,
                events.c.cameo,
                events.c.source_code,
                events.c.target_code,
            ).where(events.c.document_id == document_id)
        ):
            label = f"{row.source_code or '?'} {row.cameo} {_name(row.cameo)} → {row.target_code or '?'}"
            found.append(Highlight(row.trigger_start, row.trigger_end, "trigger", row.cameo, row.id, label))
    found.sort(key=lambda h: (h.start, h.kind != "trigger", -h.end, h.event_id or 0))
    kept: list[Highlight] = []
    for highlight in found:  # no overlaps: a mark cannot nest in another
        if kept and highlight.start < kept[-1].end:
            continue
        kept.append(highlight)
    return kept
