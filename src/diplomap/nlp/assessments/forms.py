"""Word forms for the cue lexicon: ``improve~`` is improve, improves, improved, improving.

The cue patterns match lower-cased token text, not lemmas, so they work on a blank pipeline
too (no lemmatizer); this module spells out the inflections instead. It over-generates a
little ("soureds" never occurs, so it never matches) rather than miss a form.
"""

from __future__ import annotations

from functools import cache

__all__ = ["inflections"]

_VOWELS = set("aeiou")
# irregular verbs (and a few nouns) the cue lexicon uses
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "become": ("became",),
    "break": ("broke", "broken"),
    "build": ("built",),
    "come": ("came",),
    "cut": ("cut",),
    "draw": ("drew", "drawn"),
    "fall": ("fell", "fallen"),
    "freeze": ("froze", "frozen"),
    "grow": ("grew", "grown"),
    "hit": ("hit",),
    "hold": ("held",),
    "lose": ("lost",),
    "make": ("made",),
    "rebuild": ("rebuilt",),
    "say": ("said",),
    "see": ("saw", "seen"),
    "seek": ("sought",),
    "sink": ("sank", "sunk"),
    "take": ("took", "taken"),
    "tell": ("told",),
    "think": ("thought",),
    "crisis": ("crises",),
}


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> set[str]:
    if word.endswith("e"):
        return {word + "d"}
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return {word[:-1] + "ied"}
    forms = {word + "ed"}
    if len(word) > 2 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
        forms.add(word + word[-1] + "ed")  # stop -> stopped (also "visitted": harmless)
    return forms


def _gerund(word: str) -> set[str]:
    if word.endswith("ie"):
        return {word[:-2] + "ying"}
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return {word[:-1] + "ing"}
    forms = {word + "ing"}
    if len(word) > 2 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
        forms.add(word + word[-1] + "ing")
    return forms


@cache
def inflections(word: str) -> frozenset[str]:
    """The word as a verb and a noun: base, -s, past, participles, -ing (lower case)."""
    word = word.lower()
    forms = {word, _plural(word), *_past(word), *_gerund(word), *_IRREGULAR.get(word, ())}
    return frozenset(forms)
