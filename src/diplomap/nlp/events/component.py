"""The ``diplomap_events_v1`` spaCy component: events on ``Doc._.diplomap_events``.

Needs the dependency parse and the actor mentions of ``diplomap_actors_v1``.
Each candidate from :mod:`.extract` becomes an :class:`EventRecord` with its
CAMEO code and root, PLOVER type and mode, quad class, Goldstein score,
modality, reporter, date (from the sentence, relative to the article date),
and the amounts in its clause. People are coded by the office they held on
the event's date when the sentence dates it ("executed Jang Song-thaek in
December 2013"). "It", "he" and "they" refer back to the document's last
acting actor, so sentences must come in document order.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from diplomap.nlp.actors.knowledge import Knowledge, load_knowledge
from diplomap.nlp.dates import resolve_event_date
from diplomap.nlp.events.cameo import cameo
from diplomap.nlp.events.extract import Actor, Candidate, SentenceActors, extract_candidates
from diplomap.nlp.events.triggers import TriggerLexicon, load_triggers
from diplomap.nlp.extensions import doc_text
from diplomap.nlp.quantities import find_quantities
from diplomap.nlp.records import DocumentContext, EventRecord, MentionRecord, QuantityRecord

__all__ = ["EventComponent", "make_event_component"]


def _centrality(candidate: Candidate) -> float:
    """Higher for triggers nearer the root of the parse: the sentence's main event ranks first."""
    token = candidate.trigger.root
    if (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ in ("dobj", "attr")
        and token.head.pos_ in ("VERB", "AUX")
    ):
        token = token.head  # "staged demonstrations": the noun's event stands where its light verb does
    depth = 0
    while token.head.i != token.i:  # coordinated clauses count as one step down
        token, depth = token.head, depth + 1
    return max(0.3, 0.8 - 0.1 * depth)


class EventComponent:
    name = "diplomap_events_v1"

    def __init__(self, triggers: TriggerLexicon, knowledge: Knowledge, *, extra: str = "") -> None:
        self.triggers = triggers
        self.knowledge = knowledge
        self._extra = extra  # what extra trigger files were loaded, for the fingerprint
        # per document id: the context of the pass that set it (a new pass over the same document, with
        # a new DocumentContext, starts afresh) and the last acting actor, for "it", "he", "they"
        self._last_actor: OrderedDict[str, tuple[DocumentContext | None, Actor]] = OrderedDict()

    @property
    def fingerprint(self) -> str:
        """The component's name, plus a digest of extra trigger files when any are loaded: documents
        coded with another set of triggers get re-annotated."""
        return f"{self.name}[{self._extra}]" if self._extra else self.name

    def _recoded(self, actor: Actor | None, context_day: object, event_day: object) -> MentionRecord | None:
        """The actor's mention, its person re-resolved on the event's date when that differs."""
        if actor is None:
            return None
        mention = actor.mention
        if mention.kind != "person" or not mention.person_id or event_day is None or event_day == context_day:
            return mention
        entity = self.knowledge.entities.get(mention.person_id)
        choice = entity.code_on(event_day) if entity else None  # type: ignore[arg-type]
        if choice is None or choice.code == mention.code:
            return mention
        return replace(mention, code=choice.code, how=f"person: {choice.how} (event date)")

    def _record(
        self,
        candidate: Candidate,
        doc: Doc,
        context: DocumentContext | None,
        amounts: Sequence[QuantityRecord],
    ) -> EventRecord:
        code = cameo(candidate.code)
        trigger = candidate.trigger
        published = context.published if context else None
        when = resolve_event_date(
            doc_text(doc),
            published=published,
            published_precision=context.published_precision if context else None,
            anchor=trigger.start_char,
        )
        event_day = when.start if when and when.precision == "day" else None
        source = self._recoded(candidate.source, published, event_day)
        target = self._recoded(candidate.target, published, event_day)
        clause = candidate.clause or doc[:]
        quantities = tuple(q for q in amounts if clause.start_char <= q.start and q.end <= clause.end_char)
        reporter = candidate.reporter
        return EventRecord(
            source_code=source.code if source else None,
            cameo=code.code,
            trigger_start=trigger.start_char,
            trigger_end=trigger.end_char,
            source_start=source.start if source else None,
            source_end=source.end if source else None,
            target_code=target.code if target else None,
            target_start=target.start if target else None,
            target_end=target.end if target else None,
            cameo_root=code.root,
            plover_type=code.plover_type,
            plover_mode=code.plover_mode,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            modality=candidate.modality,
            reporter_code=reporter.code if reporter else None,
            reporter_start=reporter.mention.start if reporter else None,
            reporter_end=reporter.mention.end if reporter else None,
            date_start=when.start if when else None,
            date_end=when.end if when else None,
            date_precision=when.precision if when else None,
            date_how=when.how if when else None,
            coder=f"{self.name}: {candidate.rule.label}"
            + "".join(f"; {note}" for note in candidate.notes)
            + (f"; {candidate.modality_cue}" if candidate.modality_cue else ""),
            confidence=_centrality(candidate) + (0.05 if source and target else 0.0),
            quantities=quantities,
        )

    def __call__(self, doc: Doc) -> Doc:
        context: DocumentContext | None = doc._.diplomap_context
        mentions = doc._.diplomap_mentions or []
        if not doc.has_annotation("DEP"):
            doc._.diplomap_events = []  # no parse: events need the model's parser
            return doc
        key = (context.document_id if context else None) or ""
        remembered = self._last_actor.get(key) if key else None
        last = remembered[1] if remembered is not None and remembered[0] is context else None
        actors = SentenceActors(doc, mentions, last)
        candidates = extract_candidates(doc, actors, self.triggers)
        # once per sentence, shared by its events
        amounts = find_quantities(doc_text(doc)) if candidates else []
        doc._.diplomap_events = [self._record(c, doc, context, amounts) for c in candidates]
        if key:
            acting = next((c.source for c in candidates if c.source and c.source.code), None)
            acting = acting or next(
                (a for a in actors.actors if a.code and a.span.root.dep_ == "nsubj"), None
            )
            if acting is not None:
                self._last_actor[key] = (context, acting)
                self._last_actor.move_to_end(key)
                if len(self._last_actor) > 1024:
                    self._last_actor.popitem(last=False)
        return doc


@Language.factory(
    "diplomap_events_v1",
    default_config={
        "triggers": [],
        "dictionaries": [],
        "verb_dictionaries": [],
        "verb_dictionary_priority": "builtin",
        "skip_bad_verb_lines": False,
    },
    requires=["doc._.diplomap_mentions"],
    assigns=["doc._.diplomap_events"],
)
def make_event_component(
    nlp: Language,
    name: str,
    triggers: Sequence[str],
    dictionaries: Sequence[str],
    verb_dictionaries: Sequence[str],
    verb_dictionary_priority: str,
    skip_bad_verb_lines: bool,
) -> EventComponent:
    """``triggers``: extra YAML trigger files; ``verb_dictionaries``: PETRARCH verb dictionaries,
    whose patterns give way to ours on the same phrase unless ``verb_dictionary_priority`` is
    "dictionary" (see :func:`~diplomap.nlp.events.triggers.load_triggers`)."""
    lexicon = load_triggers(
        tuple(triggers), tuple(verb_dictionaries), verb_dictionary_priority, skip_bad_verb_lines
    )
    return EventComponent(
        lexicon,
        load_knowledge(tuple(dictionaries)),
        extra=_digest(triggers, verb_dictionaries, verb_dictionary_priority, skip_bad_verb_lines),
    )


def _digest(triggers: Sequence[str], verbs: Sequence[str], priority: str, skip_bad_lines: bool) -> str:
    """A short digest of the extra trigger files' contents and how they are merged; "" for none."""
    if not triggers and not verbs:
        return ""
    digest = hashlib.sha256(f"{priority}:{skip_bad_lines}".encode())
    for path in (*triggers, *verbs):
        digest.update(b"\0" + Path(path).read_bytes())
    return f"triggers:{digest.hexdigest()[:12]}"
