"""The ``diplomap_assessments_v1`` spaCy component: relation assessments on
``Doc._.diplomap_assessments``.

Needs the actor mentions of ``diplomap_actors_v1``. The cue rules read token text, so they run
on any pipeline; with the model's parser, clause subjects, speakers and "if" clauses come from
the parse, and without one from word order (less exact: a blank pipeline finds the plainly
worded assessments, "relations between A and B have deteriorated", "A's dependency on B").
Each assessment is dated from the sentence, relative to the article date, or by the article
date. The component remembers each document's last actors ("its", "the two", a bare "the
result is a stalemate"), so sentences must come in document order.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from diplomap.nlp.actors.knowledge import Knowledge, load_knowledge
from diplomap.nlp.assessments.extract import Finding, extract
from diplomap.nlp.assessments.lexicon import CueLexicon, load_cues
from diplomap.nlp.assessments.matching import PhraseMatcher, lower_ids, word_ids
from diplomap.nlp.assessments.memory import DocumentMemory
from diplomap.nlp.assessments.sentence import Sentence, Side
from diplomap.nlp.dates import resolve_event_date
from diplomap.nlp.extensions import doc_text
from diplomap.nlp.records import AssessmentRecord, DocumentContext

__all__ = ["AssessmentComponent", "make_assessment_component"]

_CODER_MAX = 64  # the store's coder column
_DOCUMENTS_KEPT = 1024
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PLACE_KINDS = {"country", "adjective", "capital", "seat", "context"}  # as the actor component counts


class AssessmentComponent:
    name = "diplomap_assessments_v1"

    def __init__(self, nlp: Language, cues: CueLexicon, knowledge: Knowledge | None = None) -> None:
        self.cues = cues
        self.knowledge = knowledge
        self.matcher = PhraseMatcher(nlp.vocab, cues.keyed_phrases())
        cue_words = cues.cue_words()
        self._cue_words = None if cue_words is None else word_ids(cue_words)
        # per document id: the context of the pass that wrote it (a new pass over the same document,
        # with a new DocumentContext, starts afresh) and what it remembers
        self._memory: OrderedDict[str, tuple[DocumentContext, DocumentMemory]] = OrderedDict()

    @property
    def fingerprint(self) -> str:
        return self.name if self.cues.fingerprint == "builtin" else f"{self.name}[{self.cues.fingerprint}]"

    def _memory_of(self, context: DocumentContext | None) -> DocumentMemory:
        key = context.document_id if context is not None else None
        if not key:
            return DocumentMemory()  # a sentence on its own: nothing to remember
        if key not in self._memory or self._memory[key][0] is not context:
            assert context is not None
            self._memory[key] = (context, DocumentMemory(whole=self._countries(context.text)))
            if len(self._memory) > _DOCUMENTS_KEPT:
                self._memory.popitem(last=False)
        self._memory.move_to_end(key)
        return self._memory[key][1]

    def _countries(self, text: str | None) -> Counter[str]:
        """How often the text names each country (by name, adjective or capital)."""
        if not text or self.knowledge is None:
            return Counter()
        return Counter(
            match.entry.country
            for match in self.knowledge.lexicon.read(text)[1]
            if match.entry.kind in _PLACE_KINDS and match.entry.country
        )

    def _record(self, finding: Finding, doc: Doc, context: DocumentContext | None) -> AssessmentRecord:
        span = doc[finding.cue.start : finding.cue.end]
        when = resolve_event_date(
            doc_text(doc),
            published=context.published if context else None,
            published_precision=context.published_precision if context else None,
            anchor=span.start_char,
        )
        coder = f"{self.name}: {finding.cue.rule.label}"
        for note in finding.notes:
            if len(coder) + len(note) + 2 <= _CODER_MAX:
                coder += f"; {note}"
        holder = finding.holder
        return AssessmentRecord(
            start=span.start_char,
            end=span.end_char,
            state=finding.state,
            source_code=finding.source.code,
            target_code=finding.target.code,
            holder_code=holder.code if holder else None,
            holder_text=holder.mention.text if holder else None,
            aspect=finding.aspect,
            cue=span.text,
            date_start=when.start if when else None,
            date_end=when.end if when else None,
            date_precision=when.precision if when else None,
            coder=coder[:_CODER_MAX],
        )

    @staticmethod
    def _acting(sentence: Sentence) -> Side | None:
        """The sentence's acting actor, for a later "it": the subject of its main clause."""
        coded = [s for s in sentence.sides if s.code]
        if not coded:
            return None
        if sentence.parsed:
            for token in sentence.doc:
                if token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "ROOT":
                    inside = [
                        s for s in coded if token.left_edge.i <= s.start and s.end <= token.right_edge.i + 1
                    ]
                    if inside:
                        return inside[0]
            return None
        return coded[0]

    def __call__(self, doc: Doc) -> Doc:
        context: DocumentContext | None = doc._.diplomap_context
        memory = self._memory_of(context)
        # most sentences hold no cue word: they skip the matcher (the costliest step) and give nothing
        hopeless = self._cue_words is not None and self._cue_words.isdisjoint(lower_ids(doc))
        sentence = Sentence(
            doc,
            list(doc._.diplomap_mentions or []),
            self.cues,
            None if hopeless else self.matcher,
            knowledge=self.knowledge,
            day=context.published if context else None,
        )
        findings = list(extract(sentence, memory)) if sentence.cues else []
        doc._.diplomap_assessments = [self._record(f, doc, context) for f in findings]
        memory.next_sentence(
            [s for s in sentence.sides if s.code],
            [(f.source, f.target) for f in findings],
            self._acting(sentence),
        )
        return doc


@Language.factory(
    "diplomap_assessments_v1",
    default_config={"cues": [], "dictionaries": []},
    requires=["doc._.diplomap_mentions"],
    assigns=["doc._.diplomap_assessments"],
)
def make_assessment_component(
    nlp: Language, name: str, cues: Sequence[str], dictionaries: Sequence[str]
) -> AssessmentComponent:
    return AssessmentComponent(nlp, load_cues(tuple(cues)), load_knowledge(tuple(dictionaries)))
