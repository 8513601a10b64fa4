"""Phrase lexicon and matcher: words of a text to the longest known phrases.

Text is split into words (letters and digits); hyphens, dots, apostrophes and
case do not separate or distinguish phrases, so "Kim Jong-un", "Kim Jong Un"
and "KIM JONG UN" are one key, and "North Korea's" or "North Korea’s" match
"North Korea" with a possessive. Case still matters where it carries meaning:
acronyms ("US", "UN") match only as written, and words capitalised in a
proper name ("the West", "China") must be capitalised in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

__all__ = ["Entry", "Kind", "Lexicon", "Match", "Word", "fold", "split_words"]

Kind = Literal[
    "country",
    "adjective",
    "capital",
    "seat",
    "city",
    "province",
    "region",
    "organisation",
    "person",
    "agent",
    "modifier",
    "context",
]
CaseRule = Literal["exact", "proper", "any"]

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’‘`´"
_TEXTS_KEPT = 32  # texts whose words and matches a lexicon keeps (see Lexicon.read)


@lru_cache(maxsize=65_536)  # news repeats its words: most are folded once
def fold(word: str) -> str:
    """Case- and accent-free form of one word."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    key: str
    possessive: bool = False  # followed by 's / ’s


def split_words(text: str) -> list[Word]:
    """Words of ``text`` with offsets; a possessive "s" is folded into the word before it."""
    found: list[Word] = []
    for match in _WORD.finditer(text):
        piece = match.group()
        if (
            piece in ("s", "S")
            and found
            and match.start() >= 2
            and text[match.start() - 1] in _APOSTROPHES
            and found[-1].end == match.start() - 1
        ):
            last = found[-1]
            found[-1] = Word(last.start, last.end, last.text, last.key, possessive=True)
            continue
        if (
            piece
            and text[match.end() : match.end() + 1] in _APOSTROPHES
            and not text[match.end() + 1 : match.end() + 2].isalpha()
            and piece.endswith(("s", "S"))
            and len(piece) > 2
        ):
            found.append(Word(match.start(), match.end(), piece, fold(piece), possessive=True))
            continue
        found.append(Word(match.start(), match.end(), piece, fold(piece)))
    return found


def _case_rule(phrase: str) -> tuple[CaseRule, tuple[bool, ...]]:
    """How a phrase's case must be matched, and which of its words must be capitalised."""
    words = [m.group() for m in _WORD.finditer(phrase)]
    letters = "".join(words)
    if letters.isupper() and len(letters) <= 6 and all(len(w) <= 4 for w in words):
        return "exact", ()
    capitals = tuple(w[:1].isupper() for w in words)
    return ("proper" if any(capitals) else "any"), capitals


@dataclass(frozen=True)
class Entry:
    """What a phrase names. ``code`` is a CAMEO-style code or, for agents, empty."""

    kind: Kind
    name: str  # canonical name, for explanations
    code: str = ""
    country: str | None = None
    sectors: tuple[str, ...] = ()
    entity_id: str | None = None  # people and organisations with dated roles
    when: tuple[str, ...] = ()  # context aliases: countries the document must name
    priority: int = 0  # among entries of one phrase, higher wins


@dataclass(frozen=True)
class _Form:
    entry: Entry
    rule: CaseRule
    capitals: tuple[bool, ...]
    letters: str
    possessives: tuple[bool, ...]  # "People's Liberation Army": a possessive inside the phrase


@dataclass(frozen=True)
class Match:
    start: int  # character offsets
    end: int
    first_word: int  # word indexes, end exclusive
    last_word: int
    text: str
    entries: tuple[Entry, ...]
    possessive: bool = False

    @property
    def entry(self) -> Entry:
        return self.entries[0]


@dataclass
class Lexicon:
    """Phrases (as folded word tuples) to entries; built once, matched many times."""

    _index: dict[tuple[str, ...], list[_Form]] = field(default_factory=dict)
    _prefixes: set[tuple[str, ...]] = field(default_factory=set)  # every proper prefix of a key
    _longest: int = 0
    # text -> (its words, its matches): a document's text is matched by the actor component (twice)
    # and by the assessment component; a one-sentence document's again as its sentence
    _read: OrderedDict[str, tuple[list[Word], tuple[Match, ...]]] = field(
        default_factory=OrderedDict, repr=False, compare=False
    )

    def add(self, phrase: str, entry: Entry, *, drop_article: bool = True) -> None:
        self._read.clear()
        words = split_words(phrase)
        if drop_article and len(words) > 1 and words[0].key == "the":
            words = words[1:]
        if not words:
            return
        key = tuple(w.key for w in words)
        rule, capitals = _case_rule(" ".join(w.text for w in words))
        form = _Form(
            entry, rule, capitals, "".join(w.text for w in words), tuple(w.possessive for w in words[:-1])
        )
        self._prefixes.update(key[:end] for end in range(1, len(key)))
        forms = self._index.setdefault(key, [])
        if form not in forms:
            forms.append(form)
            forms.sort(key=lambda f: -f.entry.priority)
        self._longest = max(self._longest, len(key))

    def extend(self, phrases: Iterable[str], entry: Entry) -> None:
        for phrase in phrases:
            self.add(phrase, entry)

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, phrase: str) -> list[Entry]:
        """Entries of exactly this phrase, whatever its case."""
        key = tuple(fold(m.group()) for m in _WORD.finditer(phrase))
        return [form.entry for form in self._index.get(key, ())]

    @staticmethod
    def _fits(form: _Form, words: list[Word]) -> bool:
        if tuple(w.possessive for w in words[:-1]) != form.possessives:
            return False
        if form.rule == "any":
            return True
        if form.rule == "exact":
            return "".join(w.text for w in words) == form.letters
        return all(w.text[:1].isupper() for w, cap in zip(words, form.capitals, strict=True) if cap)

    def _longest_at(
        self, words: list[Word], position: int, limit: int | None = None
    ) -> tuple[int, tuple[Entry, ...]]:
        """Length and entries of the longest phrase starting at ``position`` (0 if none),
        at most ``limit`` words long."""
        longest = min(self._longest, len(words) - position, limit or self._longest)
        best: tuple[int, tuple[Entry, ...]] = (0, ())
        key: tuple[str, ...] = ()
        for length in range(1, longest + 1):
            key = (*key, words[position + length - 1].key)
            forms = self._index.get(key)
            if forms:
                span = words[position : position + length]
                fitting = tuple(f.entry for f in forms if self._fits(f, span))
                if fitting:
                    best = (length, fitting)
            if key not in self._prefixes:
                break
        return best

    def read(self, text: str) -> tuple[list[Word], tuple[Match, ...]]:
        """``split_words(text)`` and every match of :meth:`match` in it, kept for the last few texts.
        Both are shared: read them, do not change them."""
        found = self._read.get(text)
        if found is None:
            words = split_words(text)
            found = self._read[text] = (words, tuple(self.match(text, words)))
            if len(self._read) > _TEXTS_KEPT:
                self._read.popitem(last=False)
        else:
            self._read.move_to_end(text)
        return found

    def match(self, text: str, words: list[Word] | None = None) -> Iterator[Match]:
        """Longest matches, left to right, not overlapping; a match yields to a longer one
        starting inside it ("the North Korean" is "North Korean", not "the North")."""
        words = split_words(text) if words is None else words
        position = 0
        while position < len(words):
            length, entries = self._longest_at(words, position)
            if not length:
                position += 1
                continue
            overtaken = next(
                (
                    inner
                    for inner in range(position + 1, position + length)
                    if inner + self._longest_at(words, inner)[0] > position + length
                ),
                None,
            )
            if overtaken is not None:
                # keep what fits before the longer phrase: "Kano" in "Kano State government"
                length, entries = self._longest_at(words, position, overtaken - position)
                if not length:
                    position = overtaken
                    continue
            first, last = words[position], words[position + length - 1]
            yield Match(
                first.start,
                last.end,
                position,
                position + length,
                text[first.start : last.end],
                entries,
                last.possessive,
            )
            position = overtaken if overtaken is not None else position + length
