"""How each kind of cue finds its sides (see the frames in ``data/assessments.yaml``).

- relation: the cue's relation noun and the actors attached to it ("A-B relations", "relations
  with B"), or, for a cue that needs none, the cue's own ("the growing distance between A and
  B", "A's dependency on B", "A sees B as a mortal threat");
- verb: the subject is one side, an object or a preposition's object the other ("A reached out
  to B", "A alienated B", "hit a wall in its interactions between B, C and D");
- share: "B controls N of A's trade": A depends on B.

What a frame leaves unnamed is completed in :mod:`.extract`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from diplomap.nlp.assessments.anchors import find_anchor
from diplomap.nlp.assessments.lexicon import Anchor
from diplomap.nlp.assessments.sentence import DETERMINERS, Cue, Sentence, Side
from diplomap.nlp.assessments.sides import (
    Attachments,
    Recall,
    actor_run,
    attachments,
    resolve_pronoun,
    subject_of,
)

__all__ = ["MAX_PAIRS", "Reading", "read_frame"]

ANCHOR_SECONDS = ("with", "to", "toward", "towards")
MAX_PAIRS = 6


@dataclass
class Reading:
    """What a frame found for one cue, before the missing sides are filled in."""

    firsts: list[Side] = field(default_factory=list)
    seconds: list[Side] = field(default_factory=list)
    pairs: list[tuple[Side, Side]] = field(default_factory=list)
    anchor: tuple[int, Anchor] | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # the cue's and its noun's phrases
    predicate_from: int | None = None  # the relation noun, when the cue is said of it after it
    holder: Side | None = None
    attached: Attachments | None = None
    settled: bool = False  # the sides are final (no fallbacks)


def _relation(sentence: Sentence, cue: Cue, recall: Recall) -> Reading | None:
    rule, doc = cue.rule, sentence.doc
    reading = Reading(spans=[(cue.start, cue.end)])
    anchor = find_anchor(sentence, cue) if rule.anchor != "none" else None
    if anchor is not None:
        at = anchor[0]
        found = attachments(sentence, at, at + 1, firsts=(), seconds=ANCHOR_SECONDS)
        if at > cue.start and any(t.lower_ in ("of", "in", "on", "within") for t in doc[cue.end : at]):
            # "North Korea's normalization of relations": the cue noun's own possessor
            found.add(attachments(sentence, cue.start, cue.start, firsts=(), seconds=()))
        reading.anchor = anchor
        reading.predicate_from = at if at < cue.start else None
        cue_phrase = (cue.start, at + 1) if at > cue.start else (cue.start, cue.end)
        reading.spans = [(found.left, at + 1), cue_phrase]
    elif rule.anchor == "required":
        return None
    else:
        found = attachments(sentence, cue.start, cue.end, firsts=rule.first, seconds=rule.preps)
        reading.spans = [(min(found.left, cue.start), cue.end)]
        reading.settled = rule.explicit
        regarded = _regarded(sentence, cue, recall)
        if regarded is not None:
            return regarded
        if not found.seconds and "in" in rule.preps:
            found.seconds = _in_before(sentence, cue)  # "exploring in Japan a potential partner"
    reading.attached = found
    return reading


def _in_before(sentence: Sentence, cue: Cue) -> list[Side]:
    doc = sentence.doc
    j = cue.start - 1
    while j >= 0 and (doc[j].lower_ in DETERMINERS or sentence.is_modifier(doc[j])):
        j -= 1
    side = sentence.side_at(j) if j >= 0 else None
    if side is not None and side.start > 0 and doc[side.start - 1].lower_ == "in":
        return [side]
    return []


def _regarded(sentence: Sentence, cue: Cue, recall: Recall) -> Reading | None:
    """ "A sees B as a mortal threat": A holds it, and is one side; B the other."""
    doc = sentence.doc
    j = cue.start - 1
    while j >= 0 and cue.start - j <= 4 and doc[j].lower_ != "as" and doc[j].is_alpha and doc[j].is_lower:
        j -= 1  # "as its main rival", "as a valuable partner"
    if j < 1 or doc[j].lower_ != "as":
        return None
    verbs = [(s, e) for s, e in sentence.marks.get("regard", ()) if e <= j and j - e <= 8]
    if not verbs:
        return None
    verb, verb_end = verbs[-1]
    regarded = [s for s in sentence.sides if verb_end <= s.start and s.end <= j and s.code]
    if not regarded:
        return None
    subject = subject_of(sentence, verb, {regarded[0].country or ""}, recall) or []
    if not subject:
        return None
    return Reading(
        firsts=subject[:1],
        seconds=regarded[:1],
        spans=[(cue.start, cue.end)],
        holder=subject[0],
        settled=True,
    )


def _verb(sentence: Sentence, cue: Cue, recall: Recall) -> Reading | None:
    rule, doc = cue.rule, sentence.doc
    reading = Reading(spans=[(cue.start, cue.end)])
    targets: list[Side] = []
    last = doc[cue.end - 1].lower_
    if last in rule.preps or rule.object:
        targets = actor_run(sentence, cue.end).sides
    if not targets:
        for j in range(cue.end, min(cue.end + 3, len(doc))):
            if doc[j].lower_ in rule.preps:
                targets = actor_run(sentence, j + 1).sides
                break
    pronoun: int | None = None
    if not targets:
        # "hit a wall in its interactions between Seoul, Washington and Beijing"
        for j in range(cue.end, min(cue.end + 6, len(doc))):
            anchor = sentence.lexicon.anchors.get(doc[j].lower_)
            if anchor is not None:
                found = attachments(sentence, j, j + 1, firsts=(), seconds=ANCHOR_SECONDS)
                targets = found.seconds + found.pairs
                pronoun = found.pronoun
                reading.anchor = (j, anchor)
                break
    exclude = {s.country or "" for s in targets}
    subject = subject_of(sentence, cue.head, exclude, recall) or []
    if not subject and pronoun is not None:
        resolved = resolve_pronoun(sentence, pronoun, exclude, recall)
        subject = [resolved] if resolved else []
    if not subject:
        return None
    if targets:
        reading.firsts, reading.seconds = subject[:1], targets
    elif rule.pair and len({s.country for s in subject}) > 1:
        reading.pairs = list(combinations(subject, 2))[:MAX_PAIRS]
    else:
        return None
    reading.settled = True
    return reading


def _share(sentence: Sentence, cue: Cue, recall: Recall) -> Reading | None:
    """ "China controls some three-quarters of North Korea's foreign trade"."""
    _, seg_end = sentence.segment(cue.start)
    shares = [s for s, _ in sentence.marked("shares", cue.end, min(seg_end, cue.end + 10))]
    if not shares:
        return None
    owners = attachments(sentence, shares[0], shares[0] + 1, firsts=(), seconds=()).firsts
    if not owners:
        return None
    subject = subject_of(sentence, cue.head, {owners[0].country or ""}, recall) or []
    if not subject:
        return None
    return Reading(firsts=owners[:1], seconds=subject[:1], spans=[(cue.start, shares[0] + 1)], settled=True)


def read_frame(sentence: Sentence, cue: Cue, recall: Recall) -> Reading | None:
    """The sides the cue's frame names, or None when the cue is not used as a cue here."""
    frame = {"relation": _relation, "verb": _verb, "share": _share}[cue.rule.frame]
    return frame(sentence, cue, recall)
