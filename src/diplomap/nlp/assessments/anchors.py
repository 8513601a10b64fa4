"""The relation noun a cue describes: "good relations", "relations soured", "crisis in relations".

A cue before its noun may be separated from it only by what a noun phrase holds (determiners,
actors, adjectives, one preposition: "deterioration of Russia's relations"); a cue after its
noun only by the noun's own phrases and the predicate's auxiliaries, adverbs and negators
("relations between the two have not been smooth").
"""

from __future__ import annotations

from diplomap.nlp.assessments.lexicon import Anchor
from diplomap.nlp.assessments.sentence import DETERMINERS, Cue, Sentence
from diplomap.nlp.assessments.sides import POSSESSIVE_PRONOUNS

__all__ = ["find_anchor"]

_BEFORE_MAX, _AFTER_MAX = 8, 14
# prepositions whose object a relation noun may be ("the crisis in relations"); not "as", "since"
_GOVERNING = {
    "in",
    "of",
    "on",
    "to",
    "with",
    "between",
    "among",
    "for",
    "about",
    "over",
    "into",
    "from",
    "by",
    "at",
}
_CONNECTORS = {"of", "in", "on", "to", "within", "between"}
_NOUN_PHRASE = {"-", "–", "'s", "’s", "'", "’", "and", "bilateral", "two", "both", "all"}
_PREDICATE = {
    "going",
    "through",
    "however",
    "meanwhile",
    "contrast",
    "too",
    "though",
    "although",
    "nonetheless",
    "instead",
    "begun",
    "begin",
    "began",
    "begins",
    "started",
    "start",
    "continue",
    "continued",
    "continues",
    "between",
    "by",
    "which",
    "that",
    ",",
    "with",
    "among",
    "of",
    "to",
    "toward",
    "towards",
    "and",
    "-",
    "–",
    "'s",
    "’s",
    "two",
    "both",
    "countries",
    "sides",
    "nations",
    "neighbours",
    "neighbors",
    "them",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "become",
    "became",
    "becomes",
    "becoming",
    "remain",
    "remains",
    "remained",
    "grow",
    "grew",
    "grown",
    "get",
    "got",
    "gotten",
    "seem",
    "seems",
    "seemed",
    "appear",
    "appears",
    "appeared",
    "look",
    "looks",
    "looked",
    "turn",
    "turned",
    "prove",
    "proved",
    "proven",
    "stay",
    "stayed",
    "in",
    "at",
    "now",
    "still",
    "also",
    "even",
    "so",
    "very",
    "quite",
    "rather",
    "more",
    "less",
    "much",
    "already",
    "further",
    "since",
    "over",
    "past",
    "last",
    "recent",
    "years",
    "months",
    "weeks",
    "decades",
    "year",
}


def _before(sentence: Sentence, cue: Cue) -> tuple[int, Anchor] | None:
    doc, anchors = sentence.doc, sentence.lexicon.anchors
    connectors = 0
    j = cue.end
    while j < len(doc) and j - cue.end < _BEFORE_MAX:
        token = doc[j]
        lower = token.lower_
        anchor = anchors.get(lower)
        if anchor is not None and sentence.side_at(j) is None:
            following = doc[j + 1] if j + 1 < len(doc) else None
            if following is not None and following.lower_ in anchors:
                j += 1  # "trade ties": the relation is the last noun
                continue
            if following is not None and sentence.tagged and following.pos_ == "NOUN":
                return None  # "no trade deal": a noun the relation word only modifies
            return (j, anchor) if anchor.takes(cue.rule.state) else None
        side = sentence.side_at(j)
        if side is not None:
            j = side.end
            continue
        if j in (start for start, _ in sentence.pairs.values()):
            j = next(end for end, (start, _) in sentence.pairs.items() if start == j)
            continue
        if j == cue.end and lower in ("and", "-", "–"):
            return None  # "ties have cooled and relations with X ...": another clause's noun
        if lower in _CONNECTORS:
            connectors += 1
            if connectors > 1:
                return None
        elif not (
            lower in DETERMINERS
            or lower in POSSESSIVE_PRONOUNS
            or lower in _NOUN_PHRASE
            or sentence.is_modifier(token)
        ):
            return None
        j += 1
    return None


def _attributive(sentence: Sentence, cue: Cue) -> bool:
    """ "a good idea": the cue modifies a noun of its own, it is not said of the relation."""
    if cue.end >= len(sentence.doc):
        return False
    following = sentence.doc[cue.end]
    preceding = sentence.doc[cue.start - 1].lower_ if cue.start > 0 else ""
    return (
        sentence.tagged
        and following.pos_ in ("NOUN", "PROPN")
        and following.lower_ not in sentence.lexicon.anchors
        and (preceding in DETERMINERS or preceding in POSSESSIVE_PRONOUNS)
    )


def _governed(sentence: Sentence, j: int) -> bool:
    """The relation noun at ``j`` is a preposition's object ("the crisis in relations ... deepened"),
    so not what the predicate after it is said of."""
    doc = sentence.doc
    k = j - 1
    while k >= 0 and (
        sentence.side_at(k) is not None
        or doc[k].lower_ in DETERMINERS
        or doc[k].lower_ in POSSESSIVE_PRONOUNS
        or doc[k].text in ("-", "–", "'s", "’s")
        or sentence.is_modifier(doc[k])
    ):
        k -= 1
    return k >= 0 and doc[k].lower_ in _GOVERNING


def _after(sentence: Sentence, cue: Cue) -> tuple[int, Anchor] | None:
    doc, anchors = sentence.doc, sentence.lexicon.anchors
    seg_start, _ = sentence.segment(cue.start)
    if _attributive(sentence, cue):
        return None
    marks = {s for kind in ("negators", "modals") for s, _ in sentence.marks.get(kind, ())}
    j = cue.start - 1
    while j >= seg_start and cue.start - j <= _AFTER_MAX:
        token = doc[j]
        lower = token.lower_
        anchor = anchors.get(lower)
        if anchor is not None and sentence.side_at(j) is None:
            if not anchor.takes(cue.rule.state) or _governed(sentence, j):
                return None
            return j, anchor
        side = sentence.side_at(j)
        if side is not None:
            j = side.start - 1
            continue
        if j + 1 in sentence.pairs:
            j = sentence.pairs[j + 1][0] - 1
            continue
        if not (
            lower in _PREDICATE
            or lower in DETERMINERS
            or lower in POSSESSIVE_PRONOUNS
            or j in marks
            or sentence.is_modifier(token)
            or token.tag_ == "VBN"  # "is still defined by the stalemate"
            or sentence.ellipsis(j) is not None
            or lower.endswith("ly")
            or token.like_num
        ):
            return None
        j -= 1
    return None


def find_anchor(sentence: Sentence, cue: Cue) -> tuple[int, Anchor] | None:
    """(token, anchor) of the relation noun the cue is said of, if any."""
    link = cue.rule.link
    found = _before(sentence, cue) if link in ("before", "both") else None
    if found is None and link in ("after", "both"):
        found = _after(sentence, cue)
    return found
