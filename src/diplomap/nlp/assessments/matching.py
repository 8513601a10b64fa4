"""The cue lexicon's phrases matched as spaCy's ``Matcher`` matches them, at a fraction of its cost.

spaCy's token ``Matcher`` starts every pattern at every token and checks each ``{"LOWER": {"IN":
[...]}}`` slot with a Python predicate: with the lexicon's hundreds of phrases that is most of the
assessment component's time. Our phrases are a narrower kind of pattern (each slot a set of
lower-case words or any token, optional or not), so :class:`PhraseMatcher` runs the same state
machine (``spacy/matcher/matcher.pyx``: ``find_matches``, ``transition_states``, ``finish_states``,
``get_action`` for the ONE and ZERO_ONE quantifiers) in plain Python, and starts a phrase only at a
token that can begin it: a start the ``Matcher`` would drop at once, having emitted nothing, is never
made. Like the ``Matcher`` it compares the hashes of lower-case forms (``doc.to_array(LOWER)``), not
strings. Its result is the ``Matcher``'s, in the same order: ``(match_id, start, end)`` with the key's
hash in the vocab's string store, without duplicates or empty matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from diplomap.nlp.assessments.lexicon import Phrase

__all__ = ["PhraseMatcher", "lower_ids", "word_ids"]

# get_action's outcomes for the two quantifiers our phrases use
_REJECT, _MATCH, _ADVANCE, _RETRY, _RETRY_ADVANCE, _MATCH_REJECT, _MATCH_DOUBLE = range(7)


@dataclass(frozen=True)
class _Pattern:
    key: int  # the match id: the key's hash
    words: tuple[frozenset[int] | None, ...]  # per slot, hashes of lower-case words; None: any token
    optional: tuple[bool, ...]


class PhraseMatcher:
    """Matches of ``keyed`` phrases: (key, phrases) in the order they would be added to a ``Matcher``."""

    def __init__(self, vocab: Vocab, keyed: Iterable[tuple[str, Sequence[Phrase]]]) -> None:
        self._patterns: list[_Pattern] = []
        for name, phrases in keyed:
            key = vocab.strings.add(name)
            for phrase in phrases:
                self._patterns.append(
                    _Pattern(
                        key,
                        tuple(None if slot.words is None else word_ids(slot.words) for slot in phrase.slots),
                        tuple(slot.optional for slot in phrase.slots),
                    )
                )
        # the patterns a token can start: a start is kept past its first token only if the token
        # fits one of its slots up to the first required one (the earlier ones may be skipped)
        self._always: list[int] = []
        self._by_word: dict[int, list[int]] = {}
        for index, pattern in enumerate(self._patterns):
            opening: set[int] = set()
            anything = False
            for words, optional in zip(pattern.words, pattern.optional, strict=True):
                if words is None:
                    anything = True
                    break
                opening |= words
                if not optional:
                    break
            if anything:
                self._always.append(index)
            else:
                for word in opening:
                    self._by_word.setdefault(word, []).append(index)
        self._starts: dict[int, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def _starting(self, lower: int) -> tuple[int, ...]:
        found = self._starts.get(lower)
        if found is None:
            found = self._starts[lower] = tuple(sorted({*self._always, *self._by_word.get(lower, ())}))
        return found

    def _action(self, pattern: _Pattern, slot: int, lower: int) -> int:
        words = pattern.words[slot]
        fits = words is None or lower in words
        final = slot + 1 == len(pattern.words)
        if not pattern.optional[slot]:
            if fits:
                return _MATCH if final else _ADVANCE
            return _REJECT
        if fits:
            return _MATCH_DOUBLE if final else _RETRY_ADVANCE
        return _MATCH_REJECT if final else _RETRY

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        patterns = self._patterns
        # a state: (pattern index, slot, start, length)
        states: list[tuple[int, int, int, int]] = []
        matches: list[tuple[int, int, int]] = []  # (key, start, length)
        for i, lower in enumerate(lower_ids(doc)):
            states.extend((index, 0, i, 0) for index in self._starting(lower))
            kept: list[tuple[int, int, int, int]] = []
            added: list[tuple[int, int, int, int]] = []
            for index, slot, start, length in states:
                pattern = patterns[index]
                action = self._action(pattern, slot, lower)
                if action == _REJECT:
                    continue
                while action in (_RETRY, _RETRY_ADVANCE):
                    if action == _RETRY_ADVANCE:
                        added.append((index, slot + 1, start, length + 1))
                    slot += 1
                    action = self._action(pattern, slot, lower)
                if action == _ADVANCE:
                    kept.append((index, slot + 1, start, length + 1))
                elif action == _MATCH:
                    matches.append((pattern.key, start, length + 1))
                elif action == _MATCH_DOUBLE:
                    if length > 0:
                        matches.append((pattern.key, start, length))
                    matches.append((pattern.key, start, length + 1))
                elif action == _MATCH_REJECT:
                    matches.append((pattern.key, start, length))
            states = kept + added
        for index, slot, start, length in states:  # states that end in optional slots
            pattern = patterns[index]
            while pattern.optional[slot]:
                if slot + 1 == len(pattern.words):
                    matches.append((pattern.key, start, length))
                    break
                slot += 1
        found: list[tuple[int, int, int]] = []
        seen: set[tuple[int, int, int]] = set()
        for key, start, length in matches:
            match = (key, start, start + length)
            if match not in seen and length > 0:
                found.append(match)
                seen.add(match)
        return found


def lower_ids(doc: Doc) -> list[int]:
    """The hash of each token's lower-case form (what ``token.lower`` holds)."""
    return doc.to_array(LOWER).tolist()  # type: ignore[no-any-return]


def word_ids(words: Iterable[str]) -> frozenset[int]:
    """Hashes of ``words``: a token's lower-case form is one of ``words`` when its :func:`lower_ids`
    entry is one of these (as spaCy's ``Matcher`` compares them)."""
    return frozenset(get_string_id(word) for word in words)
