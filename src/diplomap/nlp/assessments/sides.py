"""Who a cue is about: the actors attached to a relation noun or a cue, a clause's subject, and
what "its", "he" or "they" stand for.

Attachments are read from the words around the noun, which works with or without a parse:
"A-B relations", "A's relations", "North Korean relations" (before it), "relations between A
and B", "relations with B", "dependency of A on B" (after it). The subject of a clause comes
from the parse when there is one, else from the nearest actor to the left that no preposition
governs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from diplomap.nlp.assessments.sentence import DETERMINERS, Sentence, Side

__all__ = ["Attachments", "Run", "actor_run", "attachments", "resolve_pronoun", "subject_of"]

PREPOSITIONS = {
    "with",
    "to",
    "from",
    "on",
    "upon",
    "in",
    "into",
    "by",
    "between",
    "among",
    "toward",
    "towards",
    "against",
    "at",
    "for",
    "about",
    "over",
    "of",
    "than",
    "like",
    "beyond",
    "across",
    "after",
    "before",
    "since",
    "through",
    "under",
    "within",
    "without",
    "behind",
    "near",
    "as",
    "around",
    "including",
}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}
_SUBJECT_PRONOUNS = {"it", "he", "she", "they"}
_PERSONAL = {"he", "she", "his", "her", "him"}
_APOSTROPHES = {"'s", "’s", "'", "’"}
_JOINERS = {"-", "–", "/", "and", "&"}
_GROUP_NOUNS = {
    "economies",
    "powers",
    "giants",
    "superpowers",
    "allies",
    "rivals",
    "partners",
    "leaders",
    "countries",
    "sides",
    "nations",
    "neighbours",
    "neighbors",
    "governments",
    "states",
    "capitals",
}
# "the need of North Korea to improve ...": "of" after these names who needs, wants, tries
_SEEKING_NOUNS = {
    "need",
    "attempt",
    "attempts",
    "effort",
    "efforts",
    "desire",
    "wish",
    "bid",
    "push",
    "drive",
}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")

# what a pronoun stands for when the sentence does not say: the document's last acting actor
Recall = Callable[[bool, set[str]], Side | None]


@dataclass
class Run:
    """Actors named one after another: "Seoul, Washington and Beijing", "North and South Korea"."""

    sides: list[Side] = field(default_factory=list)
    recalled: bool = False  # "the two", "both sides", "them": the dyad the text was last about
    end: int = 0


@dataclass
class Attachments:
    firsts: list[Side] = field(default_factory=list)  # possessor, "of A", "by A", "North Korean"
    seconds: list[Side] = field(default_factory=list)  # "with B", "to B", "on B", "from B"
    pairs: list[Side] = field(default_factory=list)  # "between A and B", "A-B relations"
    pronoun: int | None = None  # token of "its"/"their" before the noun
    recalled: bool = False  # "the two", "bilateral"
    demonstrative: bool = False  # "this growing distance"
    left: int = 0  # first token of the noun phrase before the noun

    def add(self, other: Attachments) -> None:
        for mine, theirs in (
            (self.firsts, other.firsts),
            (self.seconds, other.seconds),
            (self.pairs, other.pairs),
        ):
            mine.extend(s for s in theirs if s not in self.firsts + self.seconds + self.pairs)
        self.pronoun = self.pronoun if self.pronoun is not None else other.pronoun
        self.recalled = self.recalled or other.recalled
        self.demonstrative = self.demonstrative or other.demonstrative


def actor_run(sentence: Sentence, i: int) -> Run:
    """The actors named from token ``i`` on (after a preposition), skipping a determiner."""
    doc, run = sentence.doc, Run(end=i)
    while i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    while i < len(doc):
        token = doc[i]
        side = sentence.side_at(i)
        pair = next(((end, sides) for end, (start, sides) in sentence.pairs.items() if start == i), None)
        if pair is not None:
            run.sides.extend(pair[1])
            i = pair[0]
        elif side is not None and side.code:
            run.sides.append(side)
            i = side.end
        elif side is None and (made := sentence.ellipsis(i)) is not None:
            run.sides.append(made)
            i += 1
        elif token.lower_ == "them" or (
            token.lower_ in ("each", "one") and i + 1 < len(doc) and doc[i + 1].lower_ in ("other", "another")
        ):  # "between them", "with each other"
            run.recalled = True
            i += 1 if token.lower_ == "them" else 2
        elif token.lower_ in ("two", "both"):
            # "the two", "both countries", "the two old allies"; not "the two parties"
            j = i + 1
            while j < len(doc) and doc[j].lower_ not in _GROUP_NOUNS and sentence.is_modifier(doc[j]):
                j += 1
            following = doc[j] if j < len(doc) else None
            if following is not None and following.lower_ in _GROUP_NOUNS:
                j += 1
            elif following is not None and _noun(sentence, following):
                break
            run.recalled = True
            i = j
        elif token.lower_ in (",", "and", "or", "&") and run.sides and _continues(sentence, i):
            i += 1 + (doc[i + 1].lower_ in ("the", "and"))
            continue
        else:
            break
        run.end = i
    return run


_FUNCTION_WORDS = {
    "is",
    "are",
    "was",
    "were",
    "have",
    "has",
    "had",
    "and",
    "or",
    "of",
    "in",
    "on",
    "to",
    "with",
}


def _noun(sentence: Sentence, token: Token) -> bool:
    """A noun of its own after "two" ("the two parties"), not what follows "the two" ("is")."""
    if sentence.tagged:
        return token.pos_ in ("NOUN", "PROPN")
    return token.is_alpha and token.lower_ not in _FUNCTION_WORDS


def _continues(sentence: Sentence, i: int) -> bool:
    """The list goes on after the joiner at ``i``: "A, B and C" (a comma must lead to "and")."""
    doc = sentence.doc
    following = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ in ("the", "and"))
    if following >= len(doc):
        return False
    side = sentence.side_at(following)
    if side is None and sentence.ellipsis(following) is None:
        return False
    if doc[i].lower_ != ",":
        return True
    after = side.end if side is not None else following + 1
    return after < len(doc) and doc[after].lower_ in (",", "and", "or")


def _left(sentence: Sentence, i: int) -> Attachments:
    """Actors in the noun phrase before token ``i``: "North Korea-China", "Russia's", "its"."""
    doc, found = sentence.doc, Attachments(left=i)
    sides: list[Side] = []
    j = i - 1
    while j >= 0:
        token = doc[j]
        lower = token.lower_
        side = sentence.side_at(j)
        if j + 1 in sentence.pairs:
            start, pair = sentence.pairs[j + 1]
            sides.extend(pair)
            j = start - 1
        elif side is not None:
            if side.code:
                sides.append(side)
            j = side.start - 1
        elif (made := sentence.ellipsis(j)) is not None:
            sides.append(made)
            j -= 1
        elif token.text in _APOSTROPHES or lower in _JOINERS:
            j -= 1
        elif lower in POSSESSIVE_PRONOUNS:
            found.pronoun = j
            break
        elif lower in ("which", "whom") and j > 0 and doc[j - 1].lower_ == "with":
            antecedent = _antecedent(sentence, j - 1)  # "China, with which relations have cooled"
            found.seconds = [antecedent] if antecedent is not None else []
            break
        elif lower in ("this", "these", "that", "those", "such"):
            found.demonstrative = True
            break
        elif lower in ("bilateral", "two", "both"):
            found.recalled = True  # "bilateral ties", "the two countries' relations"
            j -= 1
        elif lower in _GROUP_NOUNS and j + 1 < len(doc) and doc[j + 1].text in _APOSTROPHES:
            j -= 1  # "the two countries' relations"
        elif lower in DETERMINERS:
            break
        elif sentence.is_modifier(token):
            j -= 1
        else:
            break
        found.left = j + 1
    countries = {s.country for s in sides}
    if len(countries) > 1:
        found.pairs = sides[::-1]
    else:
        found.firsts = sides[::-1][:1]
    return found


def _antecedent(sentence: Sentence, j: int) -> Side | None:
    """The actor a relative clause starting at token ``j`` ("with which ...") is about."""
    k = j - 1
    while k >= 0 and sentence.doc[k].text in (",", "—", "–"):
        k -= 1
    side = sentence.side_at(k) if k >= 0 else None
    return side if side is not None and side.code else None


def _right(sentence: Sentence, i: int, firsts: tuple[str, ...], seconds: tuple[str, ...]) -> Attachments:
    """Actors in prepositional phrases after token ``i - 1``: "between A and B", "of A on B"."""
    doc, found = sentence.doc, Attachments(left=i)
    for _ in range(3):
        if i >= len(doc):
            break
        lower = doc[i].lower_
        if lower not in ("between", "among", *firsts, *seconds):
            break
        run = actor_run(sentence, i + 1)
        found.recalled = found.recalled or run.recalled
        if not run.sides and not run.recalled:
            # "supplier of weapons to India": step over a phrase that names no actor
            j = i + 1
            while j < len(doc) and j - i <= 4 and doc[j].lower_ not in (*firsts, *seconds, "between"):
                if doc[j].is_punct or sentence.side_at(j) is not None:
                    return found
                j += 1
            if j >= len(doc) or j - i > 4:
                break
            i = j
            continue
        if lower in ("between", "among"):
            found.pairs.extend(run.sides)
        elif lower in firsts:
            found.firsts.extend(run.sides)
        else:
            found.seconds.extend(run.sides)
        i = run.end
        # "with Russia’s leaders": skip the possessed noun to reach the next phrase
        while i < len(doc) and (doc[i].text in _APOSTROPHES or sentence.is_modifier(doc[i])):
            i += 1
    return found


def attachments(
    sentence: Sentence, start: int, end: int, *, firsts: tuple[str, ...], seconds: tuple[str, ...]
) -> Attachments:
    """The actors attached to the noun (phrase) at tokens ``start:end``."""
    found = _left(sentence, start)
    found.add(_right(sentence, end, firsts, seconds))
    return found


def _coordinated(sentence: Sentence, side: Side) -> list[Side]:
    """The side and those coordinated with it: "Japan and South Korea", "the US and Japan"."""
    doc, first = sentence.doc, side
    while first.start >= 2:
        j = first.start - 1
        if doc[j].lower_ == "the" and j >= 2:
            j -= 1
        if doc[j].lower_ not in ("and", ",", "&"):
            break
        previous = sentence.side_at(j - 1) or sentence.ellipsis(j - 1)  # "North and South Korea"
        if previous is None or not previous.code:
            break
        first = previous
    start = first.start - (first.start > 0 and doc[first.start - 1].lower_ == "the")
    run = actor_run(sentence, start).sides
    return run if side in run else [side]


def _preposition_before(sentence: Sentence, side: Side) -> bool:
    j = side.start - 1
    while j >= 0 and sentence.doc[j].lower_ in DETERMINERS:
        j -= 1
    if j < 0:
        return False
    word = sentence.doc[j].lower_
    if word == "of" and j > 0 and sentence.doc[j - 1].lower_ in _SEEKING_NOUNS:
        return False  # "the need of North Korea to improve relations"
    return word in PREPOSITIONS


def resolve_pronoun(sentence: Sentence, j: int, exclude: set[str], recall: Recall) -> Side | None:
    """What the pronoun at token ``j`` stands for: the subject of the sentence before it if that
    fits, else the first actor no preposition governs, else the document's last acting actor."""
    wants_person = sentence.doc[j].lower_ in _PERSONAL
    earlier = [
        s
        for s in sentence.sides
        if s.end <= j and s.code and s.country not in exclude and (s.mention.kind == "person") == wants_person
    ]
    if sentence.parsed:
        root = sentence.doc[j].sent.root
        for child in root.children:
            if child.dep_ in _SUBJECT_DEPS:
                inside = [
                    s for s in earlier if child.left_edge.i <= s.start and s.end <= child.right_edge.i + 1
                ]
                if inside:
                    return inside[0]
    free = [s for s in earlier if not _preposition_before(sentence, s)]
    if free:
        return free[0]
    if earlier:
        return earlier[-1]
    return recall(wants_person, exclude)


def _parse_subject(sentence: Sentence, i: int, exclude: set[str], recall: Recall) -> list[Side] | None:
    """The actors of the nearest subject up the parse from token ``i``; None if no subject."""
    token: Token = sentence.doc[i]
    if token.dep_ in _SUBJECT_DEPS and token.lower_ in sentence.lexicon.anchors:
        return []  # "relations with China have cooled": the relation is its clause's subject
    for _ in range(8):
        subjects = [c for c in token.children if c.dep_ in _SUBJECT_DEPS and c.i != i]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in ("which", "who", "that") and token.dep_ == "relcl":
                subject = token.head  # "China, which handles most of its trade"
            if subject.lower_ in _SUBJECT_PRONOUNS:
                found = resolve_pronoun(sentence, subject.i, exclude, recall)
                return [found] if found else []
            inside = [
                s
                for s in sentence.sides
                if s.code
                and subject.left_edge.i <= s.start
                and s.end <= subject.right_edge.i + 1
                and s.country not in exclude
            ]
            return _coordinated(sentence, inside[0]) if inside else []
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _surface_subject(sentence: Sentence, i: int, exclude: set[str], recall: Recall) -> list[Side] | None:
    """The nearest actor (run) left of token ``i`` in its segment that no preposition governs."""
    start, _ = sentence.segment(i)
    j = i - 1
    while j >= start:
        side = sentence.side_at(j)
        if side is not None:
            if side.code and side.country not in exclude and not _preposition_before(sentence, side):
                run = [s for s in _coordinated(sentence, side) if s.country not in exclude]
                return run or [side]
            j = side.start - 1
            continue
        if sentence.doc[j].lower_ in _SUBJECT_PRONOUNS:
            found = resolve_pronoun(sentence, j, exclude, recall)
            return [found] if found else None
        j -= 1
    return None


def subject_of(sentence: Sentence, i: int, exclude: set[str], recall: Recall) -> list[Side] | None:
    """The actors of the clause subject governing token ``i``: [] when the subject is no actor
    ("A number of problems prevent ..."), None when there is no subject to be found."""
    if sentence.parsed:
        found = _parse_subject(sentence, i, exclude, recall)
        if found is not None:
            return found
    return _surface_subject(sentence, i, exclude, recall)
