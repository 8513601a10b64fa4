"""How a cue is said: denied, hypothetical, aimed at, or attributed to someone.

- negated: a negator in the cue's predicate ("relations have not been smooth") or a denial after
  it ("good relations ... would be impossible");
- hypothetical: in a question, an "if"/"unless"/"whether" clause, or under a modal or forecast
  ("relations could improve", "ties are likely to deteriorate"); such cues assess nothing;
- intended: a warming cue one side aims at ("an attempt to improve relations", "called for the
  strengthening of relations", "better relations ... a major goal"): courting;
- held: who says so, when someone other than the author does ("Chinese officials said ...",
  "according to Seoul"); hedges of the author's own ("it seems", "appears") keep the author.

All of it reads marks and positions (works without a parse); with a parse, "if" clauses and
speech verbs are also found up the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from diplomap.nlp.assessments.sentence import Sentence, Side
from diplomap.nlp.assessments.sides import Recall, actor_run, resolve_pronoun
from diplomap.nlp.extensions import doc_text

__all__ = ["Intention", "hypothetical", "intention", "negated", "speaker"]

_COPULAS = {"is", "are", "was", "were", "be", "been", "being", "remain", "remains", "remained", "'s"}
_NOT_NEGATING = {"only", "just", "merely", "simply"}  # "not only as a threat"
_AUX = {
    "have",
    "has",
    "had",
    "also",
    "repeatedly",
    "publicly",
    "privately",
    "officially",
    "recently",
    "reportedly",
}
_SPEAKER_PRONOUNS = {"he", "she", "they", "it"}


@dataclass(frozen=True)
class Intention:
    at: int  # token where the aim is stated
    negated: bool = False  # "not eager to improve relations": no courting


def _negator_in(sentence: Sentence, start: int, end: int) -> bool:
    doc = sentence.doc
    for s, _ in sentence.marked("negators", start, end):
        following = [t.lower_ for t in doc[s + 1 : s + 3]]
        if following[:1] and following[0] in _NOT_NEGATING:
            continue
        if any(w in ("this", "so") for w in following) and any(t.lower_ == "since" for t in doc[end:]):
            continue  # "relations have not been this bad since 2005": the worst since
        return True
    return False


def negated(sentence: Sentence, start: int, end: int, *, predicate_from: int | None) -> bool:
    """The cue at tokens ``start:end`` is denied. ``predicate_from``: the relation noun the cue is
    said of, when the cue comes after it ("relations have not been smooth")."""
    seg_start, seg_end = sentence.segment(start)
    window = (predicate_from + 1, start) if predicate_from is not None else (max(seg_start, start - 3), start)
    if _negator_in(sentence, *window):
        return True
    if start > 0 and sentence.doc[start - 1].lower_ == "less":
        return True  # "relations are less tense"
    return bool(sentence.marked("denials", end, min(seg_end, end + 10)))


def _conditional_parse(token: Token) -> bool:
    for head in (token, *token.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in head.children):
            return True
    return False


def hypothetical(sentence: Sentence, start: int, *, predicate_from: int | None) -> bool:
    """The cue at ``start`` is asked, supposed or forecast rather than stated."""
    doc = sentence.doc
    if doc_text(doc).rstrip().rstrip("\"'”’»)").endswith("?"):
        return True
    seg_start, _ = sentence.segment(start)
    for s, _ in sentence.marks.get("conditions", ()):
        if seg_start <= s < start and not any(t.text == "," for t in doc[s + 1 : start]):
            return True
    if sentence.parsed and _conditional_parse(doc[start]):
        return True
    window = (predicate_from + 1, start) if predicate_from is not None else (max(seg_start, start - 2), start)
    return bool(sentence.marked("modals", *window))


def intention(sentence: Sentence, start: int, end: int) -> Intention | None:
    """Where the cue at ``start:end`` is stated as an aim, if it is."""
    doc = sentence.doc
    seg_start, seg_end = sentence.segment(start)
    aims = [(s, e) for s, e in sentence.marked("intend-before", seg_start, start) if start - e <= 6]
    mutual = sentence.marked("intend-mutual", seg_start, start)
    found: int | None = None
    if aims:
        s, e = aims[-1]
        if not any(e <= m and m < start for m, _ in mutual):
            # "not eager to exploit opportunities to improve": a negator before any of the aims
            return Intention(s, _negator_in(sentence, max(seg_start, aims[0][0] - 3), start))
    if found is None and start > 0 and doc[start - 1].lower_ == "to":
        before = start - 1
        if not any(m_end == before for _, m_end in mutual) and not (
            sentence.tagged and doc[start].tag_ not in ("VB", "VBP")
        ):
            found = before  # "went to Moscow to improve relations"
    if found is None:
        for s, _ in sentence.marked("intend-after", end, min(seg_end, end + 12)):
            if any(t.lower_ in _COPULAS for t in doc[end:s]):
                found = s
                break
    if found is None:
        return None
    return Intention(found, _negator_in(sentence, max(seg_start, found - 3), found))


def _speaker_before(sentence: Sentence, verb: int, exclude: set[str], recall: Recall) -> Side | None:
    doc = sentence.doc
    j = verb - 1
    while j >= 0 and (doc[j].lower_ in _AUX or doc[j].lower_.endswith("ly")):
        j -= 1
    if j < 0:
        return None
    if doc[j].lower_ in _SPEAKER_PRONOUNS:
        return resolve_pronoun(sentence, j, exclude, recall)
    side = sentence.side_at(j)
    return side if side is not None and side.code else None


def _speaker_parse(sentence: Sentence, verb: int, exclude: set[str], recall: Recall) -> Side | None:
    token = sentence.doc[verb]
    for child in token.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _SPEAKER_PRONOUNS:
                return resolve_pronoun(sentence, child.i, exclude, recall)
            inside = [
                s
                for s in sentence.sides
                if s.code and child.left_edge.i <= s.start and s.end <= child.right_edge.i + 1
            ]
            return inside[0] if inside else None
    return None


def _says(verb: Token, cue: Token) -> bool:
    """The cue is in what the verb says (a clause under it), not its object."""
    below = cue
    for head in cue.ancestors:
        if head.i == verb.i:
            return below.dep_ in ("ccomp", "xcomp", "parataxis", "advcl", "conj", "acomp", "oprd")
        below = head
    return False


def speaker(sentence: Sentence, start: int, end: int, recall: Recall) -> Side | None:
    """Who the cue at ``start:end`` is attributed to; None for the author."""
    doc = sentence.doc
    for i, token in enumerate(doc[:-1]):
        if token.lower_ == "according" and doc[i + 1].lower_ == "to":
            run = actor_run(sentence, i + 2)
            if run.sides:
                return run.sides[0]
    verbs = [s for s, _ in sentence.marks.get("speech", ()) if s < start]
    if verbs and not any(t.text in (";", "(") for t in doc[verbs[-1] : start]):
        verb = verbs[-1]
        if not sentence.parsed:
            return _speaker_before(sentence, verb, set(), recall)
        if _says(doc[verb], doc[start]):
            return _speaker_parse(sentence, verb, set(), recall) or _speaker_before(
                sentence, verb, set(), recall
            )
    for s, e in sentence.marks.get("speech", ()):
        # "..., Chinese officials said." / "..., said Wang Yi."
        if s >= end and any(t.text == "," for t in doc[end:s]) and e >= len(doc) - 8:
            after = actor_run(sentence, e).sides
            return _speaker_before(sentence, s, set(), recall) or (after[0] if after else None)
    return None
