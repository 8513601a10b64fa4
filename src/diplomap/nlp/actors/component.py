"""The ``diplomap_actors_v1`` spaCy component: actor mentions on ``Doc._.diplomap_mentions``.

Each sentence gets every actor mention the lexicon and the composition rules
find, resolved on the article's date (``Doc._.diplomap_context``), and, when
the pipeline has a named-entity recogniser, the names it finds that no
dictionary knows, kept as unresolved mentions so users see what is missing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from diplomap.nlp.actors.knowledge import Knowledge, load_knowledge
from diplomap.nlp.actors.lexicon import Lexicon
from diplomap.nlp.actors.resolve import find_mentions, surname_lexicon
from diplomap.nlp.extensions import doc_text
from diplomap.nlp.records import DocumentContext, MentionRecord

__all__ = ["SPANS_KEY", "ActorComponent", "make_actor_component"]

SPANS_KEY = "diplomap_actors"
_NAMED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_PLACE_KINDS = {"country", "adjective", "capital", "seat", "context"}


class ActorComponent:
    name = "diplomap_actors_v1"

    def __init__(self, knowledge: Knowledge, *, keep_unresolved: bool = True) -> None:
        self.knowledge = knowledge
        self.keep_unresolved = keep_unresolved
        self._documents: OrderedDict[str, tuple[frozenset[str], Lexicon]] = OrderedDict()

    @property
    def fingerprint(self) -> str:
        return f"{self.name}[{self.knowledge.fingerprint}]"

    def countries_in(self, text: str) -> frozenset[str]:
        """Countries a text names (for aliases such as "the North")."""
        return frozenset(
            m.entry.country
            for m in self.knowledge.lexicon.read(text)[1]
            if m.entry.kind in _PLACE_KINDS and m.entry.country
        )

    def _document(self, doc: Doc, context: DocumentContext | None) -> tuple[frozenset[str], Lexicon]:
        """Countries the document names, and family names of the people it names in full."""
        text = context.text if context is not None and context.text else doc_text(doc)
        key = (context.document_id if context is not None else None) or str(hash(text))
        if key not in self._documents:
            self._documents[key] = (self.countries_in(text), surname_lexicon(text, self.knowledge))
            if len(self._documents) > 256:
                self._documents.popitem(last=False)
        return self._documents[key]

    def __call__(self, doc: Doc) -> Doc:
        context: DocumentContext | None = doc._.diplomap_context
        day = context.published if context else None
        countries, surnames = self._document(doc, context)
        found = find_mentions(
            doc_text(doc), self.knowledge, day, document_countries=countries, surnames=surnames
        )
        records = [
            MentionRecord(
                m.start,
                m.end,
                m.text,
                m.resolution.code,
                m.resolution.country,
                m.resolution.sectors,
                m.resolution.kind,
                m.resolution.entity_id,
                m.resolution.how,
                m.resolution.confidence,
            )
            for m in found
        ]
        if self.keep_unresolved and doc.has_annotation("ENT_IOB"):
            covered = [(r.start, r.end) for r in records]
            for ent in doc.ents:
                if ent.label_ in _NAMED and not any(
                    s < ent.end_char and ent.start_char < e for s, e in covered
                ):
                    records.append(
                        MentionRecord(
                            ent.start_char, ent.end_char, ent.text, kind="unknown", how=f"ner: {ent.label_}"
                        )
                    )
            records.sort(key=lambda r: r.start)
        doc._.diplomap_mentions = records
        spans = []
        for record in records:
            span = doc.char_span(record.start, record.end, alignment_mode="expand")
            if span is not None:
                span._.diplomap_actor = record.as_plover()
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory(
    "diplomap_actors_v1",
    default_config={"dictionaries": [], "cities": True, "keep_unresolved": True},
    assigns=["doc._.diplomap_mentions", "doc.spans"],
)
def make_actor_component(
    nlp: Language, name: str, dictionaries: Sequence[str], cities: bool, keep_unresolved: bool
) -> ActorComponent:
    return ActorComponent(load_knowledge(tuple(dictionaries), cities=cities), keep_unresolved=keep_unresolved)
