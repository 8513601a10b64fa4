"""What pipeline components write on each sentence's ``Doc``, and the store reads.

Offsets are characters into the sentence text; the store adds the sentence's
offset into its document. Components append to the lists registered as Doc
extensions in :mod:`diplomap.nlp.extensions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["AssessmentRecord", "DocumentContext", "EventRecord", "MentionRecord", "QuantityRecord"]


@dataclass(frozen=True)
class DocumentContext:
    """What components may know about the document a sentence comes from."""

    document_id: str | None = None
    published: date | None = None
    published_precision: str | None = None
    title: str | None = None
    text: str | None = None  # the whole document, for document-level context (shared, not copied)


@dataclass(frozen=True)
class MentionRecord:
    """An actor mention; ``code`` is None when it could not be resolved (kept, not dropped)."""

    start: int
    end: int
    text: str
    code: str | None = None  # CAMEO-style, e.g. PRKGOVDIP
    country: str | None = None  # ISO3
    sectors: tuple[str, ...] = ()
    kind: str = "unknown"  # country, person, organisation, bloc, group, unknown
    person_id: str | None = None
    how: str | None = None  # which rule or dictionary resolved it
    confidence: float | None = None

    def as_plover(self) -> dict[str, object]:
        """The PLOVER/POLECAT actor record: code, first sector, entity text and span."""
        return {
            "code": self.code,
            "country": self.country,
            "sector": self.sectors[0] if self.sectors else None,
            "entity_text": self.text,
            "span": [self.start, self.end],
        }


@dataclass(frozen=True)
class QuantityRecord:
    kind: str  # money, count, percent, share
    value: float
    start: int
    end: int
    text: str
    unit: str | None = None
    currency: str | None = None
    value_usd: float | None = None


@dataclass(frozen=True)
class EventRecord:
    source_code: str | None
    cameo: str
    trigger_start: int
    trigger_end: int
    source_start: int | None = None
    source_end: int | None = None
    target_code: str | None = None
    target_start: int | None = None
    target_end: int | None = None
    cameo_root: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float | None = None
    modality: str = "asserted"  # asserted, negated, hedged, planned, assessment
    reporter_code: str | None = None
    reporter_start: int | None = None
    reporter_end: int | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str | None = None  # day, month, year, range
    date_how: str | None = None  # e.g. "sentence: in December 2013", "article date"
    coder: str | None = None  # component name and version
    confidence: float | None = None
    quantities: tuple[QuantityRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AssessmentRecord:
    """A statement of a relation's state or direction of change, by the author or a named actor.

    ``start``/``end`` are the cue phrase ("growing distance", "a stalemate") in the sentence; the
    sentence is the evidence. For directed states (courting, dependent) ``source`` is the side that
    courts or depends, ``target`` the other; for the others the order is as written.
    """

    start: int
    end: int
    state: str  # one of diplomap.nlp.assessments.STATES: warming, cooling, courting, friendly, ...
    source_code: str | None = None
    target_code: str | None = None
    holder_code: str | None = None  # None: the author
    holder_text: str | None = None
    aspect: str = "relations"  # relations, political, economic, trade, military
    cue: str | None = None  # the cue phrase as written
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str | None = None
    coder: str | None = None
