"""Relation assessments: what authors and actors say a relation is, beside what the events show.

Each stored assessment (see :mod:`diplomap.nlp.assessments`) names a dyad, a
state ("cooling", "stalemate", "dependent"...), who holds it (the document's
author, or a named actor) and the sentence that says it. For a focal actor
this module lists them with their evidence and sums them up per
counterpart (grouped as in partner rankings): how many, their mean score on
the state scale of :data:`diplomap.nlp.assessments.STATE_SCORES`, and the
states named, most frequent first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from diplomap.analysis.dyads import _checked
from diplomap.analysis.names import counterpart
from diplomap.errors import ConfigError
from diplomap.nlp.assessments import STATE_SCORES
from diplomap.store.codes import either_side
from diplomap.store.repository import Store
from diplomap.store.schema import assessments, documents, sentences

__all__ = ["AssessedRelation", "Assessment", "assessed_relations", "find_assessments"]


@dataclass(frozen=True)
class Assessment:
    id: int
    counterpart: str  # the other side, as partner rankings group it
    source_code: str | None
    target_code: str | None
    state: str
    aspect: str | None
    cue: str | None
    holder_code: str | None  # None: the author
    holder_text: str | None
    day: date | None
    document_id: str
    title: str | None
    author: str | None
    publisher: str | None
    sentence: str

    @property
    def score(self) -> float:
        return STATE_SCORES.get(self.state, 0.0)

    @property
    def holder(self) -> str:
        """Who says so: the named actor, else the author (or "the author" when unknown)."""
        if self.holder_code or self.holder_text:
            return self.holder_text or self.holder_code or ""
        return self.author or "the author"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "counterpart": self.counterpart,
            "source": self.source_code,
            "target": self.target_code,
            "state": self.state,
            "score": self.score,
            "aspect": self.aspect,
            "cue": self.cue,
            "holder": self.holder,
            "holder_code": self.holder_code,
            "date": self.day.isoformat() if self.day else None,
            "document_id": self.document_id,
            "title": self.title,
            "publisher": self.publisher,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class AssessedRelation:
    counterpart: str
    assessments: int
    score_mean: float
    states: tuple[str, ...]  # most often named first
    holders: int  # distinct authors and actors

    def as_dict(self) -> dict[str, Any]:
        return {
            "counterpart": self.counterpart,
            "assessments": self.assessments,
            "score_mean": self.score_mean,
            "states": list(self.states),
            "holders": self.holders,
        }


def find_assessments(
    store: Store,
    focal: str,
    *,
    other: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Assessment]:
    """Assessments of the relations of ``focal`` (with ``other`` only, when given), in date order."""
    focal = _checked(focal)
    other = _checked(other) if other else None
    if start and end and end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    query = (
        select(
            assessments,
            documents.c.title,
            documents.c.author,
            documents.c.publisher,
            sentences.c.text.label("sentence"),
        )
        .join(documents, documents.c.id == assessments.c.document_id)
        .join(sentences, sentences.c.id == assessments.c.sentence_id)
        .where(either_side(assessments, focal))
        .order_by(assessments.c.date_start, assessments.c.id)
    )
    if start is not None:
        query = query.where(assessments.c.date_start >= start)
    if end is not None:
        query = query.where(assessments.c.date_start <= end)
    found = []
    with store.engine.connect() as connection:
        for row in connection.execute(query):
            source, target = row.source_code or "", row.target_code or ""
            partner_code = target if source.startswith(focal) else source
            if not partner_code or partner_code.startswith(focal):
                continue
            name = counterpart(partner_code)
            if other is not None and not name.startswith(other):
                continue
            found.append(
                Assessment(
                    row.id,
                    name,
                    row.source_code,
                    row.target_code,
                    row.state,
                    row.aspect,
                    row.cue,
                    row.holder_code,
                    row.holder_text,
                    row.date_start,
                    row.document_id,
                    row.title,
                    row.author,
                    row.publisher,
                    row.sentence,
                )
            )
    return found


def assessed_relations(rows: Iterable[Assessment]) -> dict[str, AssessedRelation]:
    """Per counterpart: count, mean state score, states named and holders. Order of rows does not matter."""
    grouped: dict[str, list[Assessment]] = {}
    for row in rows:
        grouped.setdefault(row.counterpart, []).append(row)
    summary = {}
    for name, found in grouped.items():
        states = Counter(a.state for a in found)
        summary[name] = AssessedRelation(
            name,
            len(found),
            round(math.fsum(a.score for a in found) / len(found), 4),
            tuple(sorted(states, key=lambda s: (-states[s], s))),
            len({(a.holder_code, a.holder_text, a.author) for a in found}),
        )
    return summary
