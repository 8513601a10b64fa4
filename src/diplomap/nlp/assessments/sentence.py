"""One sentence as the assessment rules see it: tokens, actor mentions by token, cue matches,
marks (negators, modals, speech verbs, ...) and clause segments.

Everything here works on token text and positions, so it runs on a blank pipeline; the parse,
when there is one, is read by :mod:`.sides` and :mod:`.stance`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from spacy.attrs import LOWER, ORTH, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from diplomap.nlp.actors.knowledge import Knowledge
from diplomap.nlp.actors.resolve import resolve_phrase
from diplomap.nlp.assessments.lexicon import CueLexicon, CueRule
from diplomap.nlp.assessments.matching import word_ids
from diplomap.nlp.records import MentionRecord

__all__ = ["Cue", "Sentence", "Side"]

# tokens that end one clause-like segment and begin another
_BOUNDARY_WORDS = {"but", "while", "whilst", "whereas", "because"}
_BOUNDARY_PUNCT = {";", ":", "—", "(", ")", "?", "!"}
_DASHES = {"-", "–", "--"}
_COMPASS = {"north", "south", "east", "west"}
# the same, as the hashes doc.to_array gives (token text or lower-case form)
_BOUNDARY_WORD_IDS = word_ids(_BOUNDARY_WORDS)
_BOUNDARY_PUNCT_IDS = word_ids(_BOUNDARY_PUNCT)
_DASH_IDS = word_ids(_DASHES)
_AS = get_string_id("as")
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "such", "both", "all"}


@dataclass(frozen=True)
class Side:
    """An actor that can be one side of a relation: a mention, or one made up for the rules
    ("North" in "North and South Korea", the sides of "inter-Korean")."""

    mention: MentionRecord
    start: int  # token indexes
    end: int

    @property
    def code(self) -> str | None:
        return self.mention.code

    @property
    def country(self) -> str | None:
        """What two sides are compared by: an assessment within one country is none."""
        return self.mention.country or self.mention.code


@dataclass(frozen=True)
class Cue:
    rule: CueRule
    start: int  # token indexes of the matched phrase
    end: int
    head: int  # the token the rules hang off ("distance" in "growing distance")


class Sentence:
    def __init__(
        self,
        doc: Doc,
        mentions: list[MentionRecord],
        lexicon: CueLexicon,
        matcher: Callable[[Doc], Iterable[tuple[int, int, int]]] | None,
        *,
        knowledge: Knowledge | None = None,
        day: date | None = None,
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG")
        self._knowledge = knowledge
        self._day = day
        self.sides: list[Side] = []
        self.by_token: dict[int, Side] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            side = Side(mention, span.start, span.end)
            self.sides.append(side)
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, side)
        self.marks: dict[str, list[tuple[int, int]]] = defaultdict(list)
        found: list[Cue] = []
        self.pairs: dict[int, tuple[int, tuple[Side, Side]]] = {}  # end token -> (start, sides)
        for key, start, end in matcher(doc) if matcher is not None else ():
            name = doc.vocab.strings[key]
            if name.startswith("cue:"):
                rule = lexicon.rules[int(name[4:])]
                head = self._head(rule, start, end)
                if head is not None:
                    found.append(Cue(rule, start, end, head))
            elif name.startswith("pair:"):
                names = lexicon.pairs[int(name[5:])][1]
                sides = self._made_up(names, start, end)
                if sides is not None:
                    self.pairs[end] = (start, sides)
            else:
                self.marks[name].append((start, end))
        self.cues = _longest_first(found)
        self._cue_tokens = {i for cue in found for i in range(cue.start, cue.end)}
        self._segment_starts = self._segments()

    def _head(self, rule: CueRule, start: int, end: int) -> int | None:
        for phrase in rule.phrases:
            words = phrase.head.words
            for i in range(end - 1, start - 1, -1):
                if words is not None and self.doc[i].lower_ in words:
                    return i
        return end - 1

    def _made_up(self, names: tuple[str, str], start: int, end: int) -> tuple[Side, Side] | None:
        made = [self.resolve(name, start, end) for name in names]
        if made[0] is None or made[1] is None:
            return None
        return made[0], made[1]

    def resolve(self, name: str, start: int, end: int) -> Side | None:
        """A side named ``name`` standing at tokens ``start:end`` (a name the text only implies)."""
        if self._knowledge is None:
            return None
        found = resolve_phrase(name, self._knowledge, self._day)
        if found is None or found.code is None:
            return None
        span = self.doc[start:end]
        mention = MentionRecord(
            span.start_char,
            span.end_char,
            span.text,
            found.code,
            found.country,
            found.sectors,
            found.kind,
            how=f"assessments: {name}",
        )
        return Side(mention, start, end)

    def ellipsis(self, i: int) -> Side | None:
        """ "North" in "North and South Korea": the country the shared noun makes of it."""
        token = self.doc[i]
        if token.lower_ not in _COMPASS or not token.text[:1].isupper() or i + 2 >= len(self.doc):
            return None
        if self.doc[i + 1].lower_ not in ("and", ",", "or", "&"):
            return None
        other = self.by_token.get(i + 2)
        if other is None or other.start != i + 2 or self.doc[i + 2].lower_ not in _COMPASS:
            return None
        rest = self.doc[i + 3 : other.end].text
        return self.resolve(f"{token.text} {rest}", i, i + 1) if rest else None

    def _segments(self) -> list[int]:
        starts = [0]
        if len(self.doc) < 2:
            return starts
        # token by token: (text, lower-case form, followed by a space), as hashes and a flag
        tokens = self.doc.to_array([ORTH, LOWER, SPACY]).tolist()
        for i in range(1, len(tokens)):
            text, lower, space = tokens[i]
            if text in _BOUNDARY_PUNCT_IDS or lower in _BOUNDARY_WORD_IDS:
                starts.append(i)
            elif text in _DASH_IDS and space and tokens[i - 1][2]:
                starts.append(i)  # a spaced dash sets off a clause; "Korea-China" does not
            elif lower == _AS and self._clause_follows(i):
                starts.append(i)  # "..., as its relations with China have not been smooth"
        return starts

    def _clause_follows(self, i: int) -> bool:
        """ "as" starts a clause: "as its relations ...", "as Xi underlined", "as relations ..."."""
        if i + 1 >= len(self.doc) or self.doc[i - 1].lower_ in ("such", "well", "so", "same"):
            return False
        following = self.doc[i + 1]
        return (
            following.lower_ in ("its", "their", "his", "her", "it", "they", "he", "she")
            or following.lower_ in self.lexicon.anchors
            or i + 1 in self.by_token
        )

    def segment(self, i: int) -> tuple[int, int]:
        """Token range of the clause-like segment holding token ``i``."""
        start, end = 0, len(self.doc)
        for boundary in self._segment_starts:
            if boundary <= i:
                start = boundary
            else:
                end = boundary
                break
        return start, end

    def marked(self, kind: str, start: int, end: int) -> list[tuple[int, int]]:
        """Marks of ``kind`` lying within tokens ``start:end``."""
        return [(s, e) for s, e in self.marks.get(kind, ()) if start <= s and e <= end]

    def mark_starting(self, kind: str, i: int) -> int | None:
        """The end of the longest mark of ``kind`` that starts at token ``i``."""
        ends = [e for s, e in self.marks.get(kind, ()) if s == i]
        return max(ends) if ends else None

    def side_at(self, i: int) -> Side | None:
        return self.by_token.get(i)

    def is_modifier(self, token: Token) -> bool:
        """An adjective, adverb or number in a noun phrase ("the steadily growing economic ...")."""
        lower = token.lower_
        if lower in self.lexicon.aspect_words or lower in ("bilateral", "mutual", "foreign", "overall"):
            return True
        if self.tagged:
            return token.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR", "CD", "VBG", "VBN") and token.dep_ not in (
                "ROOT",
                "conj",
                "ccomp",
                "advcl",
            )
        # no tagger: cue words ("closest ally") and words that look like adjectives or adverbs
        return token.i in self._cue_tokens or (
            token.is_alpha
            and token.is_lower
            and lower.endswith(("ly", "ing", "al", "ic", "ive", "ous", "est"))
        )


def _longest_first(cues: list[Cue]) -> list[Cue]:
    """Non-overlapping cues, longer matches first, then in lexicon order; in text order."""
    kept: list[Cue] = []
    taken: set[int] = set()
    for cue in sorted(cues, key=lambda c: (-(c.end - c.start), c.start)):
        if taken.isdisjoint(range(cue.start, cue.end)):
            kept.append(cue)
            taken.update(range(cue.start, cue.end))
    return sorted(kept, key=lambda c: c.start)
