"""Relation assessments of one sentence: each cue with its two sides, state, holder and aspect.

A cue's frame (:mod:`.frames`) names what sides it can; a side the text leaves unnamed comes,
in this order, from the clause subject, the holder, another actor of the clause, or the
document ("its", "the two", "relations with Japan" in a text about North Korea). Only two sides
of different countries make an assessment; one side alone makes none. Then the cue's stance
(:mod:`.stance`) decides: a question or a forecast states nothing, an aim is courting, a denial
flips or drops the state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from diplomap.nlp.assessments.aspects import aspect_of
from diplomap.nlp.assessments.frames import MAX_PAIRS, Reading, read_frame
from diplomap.nlp.assessments.memory import DocumentMemory
from diplomap.nlp.assessments.sentence import DETERMINERS, Cue, Sentence, Side
from diplomap.nlp.assessments.sides import (
    POSSESSIVE_PRONOUNS,
    Attachments,
    actor_run,
    resolve_pronoun,
    subject_of,
)
from diplomap.nlp.assessments.stance import hypothetical, intention, negated, speaker
from diplomap.nlp.assessments.states import NEGATED

__all__ = ["Finding", "extract"]

_LOCATIVE = {"in", "at", "near", "inside"}
_RELATION_PREPS = {"with", "between", "to", "toward", "towards", "from", "on", "against"}
_WARM = {"warming", "friendly"}
_COPULAS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "remain",
    "remains",
    "remained",
    "become",
    "became",
}
_CONNECTIVES = {
    "but",
    "and",
    "so",
    "yet",
    "still",
    "now",
    "meanwhile",
    "however",
    "indeed",
    "while",
    "whereas",
}
_COMPARATIVES = {"better", "stronger", "closer", "warmer", "deeper"}


@dataclass(frozen=True)
class Finding:
    cue: Cue
    state: str
    source: Side
    target: Side
    holder: Side | None
    aspect: str
    notes: tuple[str, ...] = ()


class _Reader:
    def __init__(self, sentence: Sentence, memory: DocumentMemory, found: list[Finding]) -> None:
        self.sentence = sentence
        self.memory = memory
        self.found = found

    def recall(self, wants_person: bool, exclude: set[str]) -> Side | None:
        return self.memory.recall(wants_person, exclude)

    def _subject(self, i: int, exclude: set[str]) -> list[Side] | None:
        return subject_of(self.sentence, i, exclude, self.recall)

    def _before(self, i: int) -> list[Side]:
        """Sides this sentence has named before token ``i`` (not as places: "analysts in Seoul and
        Beijing"), then those it has assessed so far."""
        doc = self.sentence.doc
        places = [
            side
            for j in range(i)
            if doc[j].lower_ in _LOCATIVE
            for side in actor_run(self.sentence, j + 1).sides
        ]
        named = [s for s in self.sentence.sides if s.end <= i and s.code and s not in places]
        assessed = [side for f in self.found for side in (f.source, f.target)]
        return named + assessed

    # ------------------------------------------------------------------ sides
    def _fill(self, cue: Cue, reading: Reading, holder: Side | None) -> list[tuple[Side, Side]]:
        """The dyads of a cue: its reading's sides, completed from the clause and the document."""
        if reading.pairs:
            return reading.pairs
        if reading.settled and reading.attached is None:
            return [(f, s) for f in reading.firsts for s in reading.seconds]
        found = reading.attached or Attachments()
        seconds = [*reading.seconds, *found.seconds]
        firsts = reading.firsts or found.firsts
        first = firsts[0] if firsts else None
        between = _distinct(found.pairs)
        if len(found.pairs) > 1 and len(between) < 2:
            return []  # "between Seoul and Busan": within one country
        if first is None and found.pronoun is not None and not seconds and not between:
            # "Xi and Putin pledged to deepen their partnership": "their" is the two of them
            subject = _distinct(self._subject(cue.head, set()) or [])
            if self.sentence.doc[found.pronoun].lower_ == "their" and len(subject) > 1:
                return list(combinations(subject, 2))[:MAX_PAIRS]
        if first is None and found.pronoun is not None:
            exclude = {s.country or "" for s in seconds + between}
            first = resolve_pronoun(self.sentence, found.pronoun, exclude, self.recall)
        if between and first is None and not seconds:
            if len(between) > 1:
                return list(combinations(between, 2))[:MAX_PAIRS]
            seconds = between
        elif between:
            seconds = seconds + between
        if reading.settled:
            return [(first, s) for s in seconds] if first is not None else []
        if found.recalled and (first is None or not seconds):
            recalled = self._recalled(cue, first, seconds)
            if recalled is not None:
                return [recalled]
        if first is not None and seconds:
            return [(first, s) for s in seconds]
        if first is None and seconds:
            other = self._other_side(cue, reading, seconds, holder)
            return [(other, s) for s in seconds] if other is not None else []
        if (
            first is not None
            and reading.anchor is None
            and (cue.rule.state == "courting" or self._predicative(cue))
        ):
            # "China is North Korea's lifeline", "China, the North's main ally": the subject is the other side
            subject = self._subject(cue.head, {first.country or ""}) or []
            return [(first, s) for s in _distinct(subject)]
        if first is None and not seconds:
            if cue.rule.standalone or found.demonstrative:
                dyad = self.memory.dyad(self._before(cue.start), self._assessed())
                return [dyad] if dyad is not None else []
            if reading.anchor is not None or (cue.rule.pair and self._predicative(cue)):
                # "France and Germany enjoy excellent relations", "India and Pakistan remain bitter rivals"
                head = reading.anchor[0] if reading.anchor is not None else cue.head
                subject = _distinct(self._subject(head, set()) or [])
                if len(subject) > 1:
                    return list(combinations(subject, 2))[:MAX_PAIRS]
            if reading.anchor is not None and self.found:
                # "Relations are warming, but trade is still almost non-existent": the same two
                return [(self.found[-1].source, self.found[-1].target)]
            if reading.anchor is not None and self._opens_clause(reading.anchor[0]):
                # "Relations have cooled markedly since ...": the relation the text is about
                dyad = self.memory.dyad(self._before(cue.start), self._assessed())
                return [dyad] if dyad is not None else []
        return []

    def _opens_clause(self, at: int) -> bool:
        """The relation noun at ``at`` begins its clause bare: "Relations have cooled"."""
        seg_start, _ = self.sentence.segment(at)
        doc = self.sentence.doc
        return all(
            t.lower_ in DETERMINERS or t.is_punct or t.lower_ in _CONNECTIVES for t in doc[seg_start:at]
        )

    def _assessed(self) -> list[tuple[Side, Side]]:
        return [(f.source, f.target) for f in self.found]

    def _predicative(self, cue: Cue) -> bool:
        """The cue noun is said of a subject: "X is Y's ally", "X remains a rival", "X, Y's ally"."""
        doc = self.sentence.doc
        if self.sentence.parsed:
            token = doc[cue.head]
            while token.dep_ == "conj" and token.head.i != token.i:
                token = token.head
            if token.dep_ in ("attr", "appos", "oprd"):
                return True
        j = cue.start - 1
        while j >= 0 and (
            doc[j].lower_ in DETERMINERS
            or doc[j].lower_ in POSSESSIVE_PRONOUNS
            or doc[j].text in ("'s", "’s", "-", "–")
            or self.sentence.side_at(j) is not None
            or self.sentence.is_modifier(doc[j])
        ):
            j -= 1
        return j >= 0 and (doc[j].lower_ in _COPULAS or doc[j].text == ",")

    def _recalled(self, cue: Cue, first: Side | None, seconds: list[Side]) -> tuple[Side, Side] | None:
        """ "between the two", "bilateral": the dyad the text was last about."""
        before = self._before(cue.start)
        if first is None and not seconds:
            return self.memory.dyad(before, self._assessed(), main_first=True)
        known = first or seconds[0]
        partner = self.memory.partner({known.country or ""}, before)
        if partner is None:
            return None
        return (known, partner) if first is not None else (partner, known)

    def _other_side(
        self, cue: Cue, reading: Reading, seconds: list[Side], holder: Side | None
    ) -> Side | None:
        """The side "relations with B" leaves unsaid: the clause's subject, the holder, an actor
        of the clause that is no other relation's side ("for Pyongyang"), the document's main actor."""
        exclude = {s.country or "" for s in seconds}
        head = reading.anchor[0] if reading.anchor is not None else cue.head
        subject = self._subject(head, exclude)
        if subject:
            return subject[0]
        if holder is not None and holder.country not in exclude:
            return holder
        if cue.rule.explicit:
            return None
        seg_start, seg_end = self.sentence.segment(cue.start)
        doc = self.sentence.doc
        taken = [  # "relations with China have cooled and relations with Seoul ...": Seoul is taken
            side
            for i in range(seg_start, seg_end)
            if doc[i].lower_ in _RELATION_PREPS
            for side in actor_run(self.sentence, i + 1).sides
        ]
        others = [
            s
            for s in self.sentence.sides
            if s.code
            and seg_start <= s.start
            and s.end <= seg_end
            and s.country not in exclude
            and s not in taken
        ]
        if others:
            return others[0]
        return self.memory.topic(exclude) if reading.anchor is not None else None

    # ------------------------------------------------------------------ one cue
    def read(self, cue: Cue) -> list[Finding]:
        rule = cue.rule
        reading = read_frame(self.sentence, cue, self.recall)
        if reading is None:
            return []
        state, notes = rule.state, []
        sentence = self.sentence
        if hypothetical(sentence, cue.start, predicate_from=reading.predicate_from):
            return []
        if _commemorated(sentence, cue):
            return []
        aim = intention(sentence, cue.start, cue.end) if state in _WARM else None
        if aim is not None:
            if aim.negated:
                return []  # "no interest in improving relations"
            state, notes = "courting", ["aim"]
        elif negated(sentence, cue.start, cue.end, predicate_from=reading.predicate_from):
            if _never_better(sentence, cue, reading.predicate_from):
                state, notes = "friendly", ["never better"]  # "ties have never been stronger"
            elif state not in NEGATED:
                return []
            else:
                state, notes = NEGATED[state], ["not"]
        holder = reading.holder or speaker(sentence, cue.start, cue.end, self.recall)
        aspect = aspect_of(
            sentence,
            reading.spans,
            head=cue.head,
            anchor=reading.anchor,
            default=rule.aspect,
            complement=reading.anchor is None,
        )
        findings = []
        aiming = {s.country for s in self._subject(cue.head, set()) or []} if state == "courting" else set()
        for one, other in self._fill(cue, reading, holder):
            if not one.code or not other.code or one.country == other.country:
                continue
            if not rule.places and (_city(one) or _city(other)):
                continue  # "Dandong, close to North Korea": a place near another, not a relation
            # "Xi and Putin pledged to deepen their partnership": both aim at it, so it warms
            mutual = notes == ["aim"] and {one.country, other.country} <= aiming
            findings.append(
                Finding(cue, "warming" if mutual else state, one, other, holder, aspect, tuple(notes))
            )
        return findings


def _commemorated(sentence: Sentence, cue: Cue) -> bool:
    """ "the 40th anniversary of the normalisation of relations": a past event, not a state."""
    words = [t.lower_ for t in sentence.doc[max(0, cue.start - 3) : cue.start] if t.lower_ not in DETERMINERS]
    return words[-2:] == ["anniversary", "of"]


def _never_better(sentence: Sentence, cue: Cue, predicate_from: int | None) -> bool:
    """ "Relations have never been better": a comparative under "never" is a superlative."""
    if sentence.doc[cue.head].lower_ not in _COMPARATIVES:
        return False
    start = predicate_from + 1 if predicate_from is not None else max(0, cue.start - 3)
    return any(t.lower_ == "never" for t in sentence.doc[start : cue.start])


def _city(side: Side) -> bool:
    return (side.mention.how or "").startswith("city:")


def _distinct(sides: list[Side]) -> list[Side]:
    """One side per country, in order."""
    seen: dict[str | None, Side] = {}
    for side in sides:
        seen.setdefault(side.country, side)
    return list(seen.values())


def extract(sentence: Sentence, memory: DocumentMemory) -> Iterator[Finding]:
    """The assessments of ``sentence``, in cue order."""
    found: list[Finding] = []
    reader = _Reader(sentence, memory, found)
    for cue in sentence.cues:
        for finding in reader.read(cue):
            if not any(
                f.cue.start == finding.cue.start
                and {f.source.country, f.target.country} == {finding.source.country, finding.target.country}
                for f in found
            ):
                found.append(finding)
                yield finding
