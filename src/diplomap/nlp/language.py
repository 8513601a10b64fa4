"""Is this English? A cheap check before coding: diplomap's model and lexicons are English.

Counts the most frequent function words of English against those of the
other languages most common in international news (spaCy's stop-word lists,
less the words they share with English). Non-Latin script counts as other.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

__all__ = ["guess_language"]

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "was",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "has",
        "have",
        "had",
        "said",
        "it",
        "its",
        "are",
        "were",
        "be",
        "been",
        "will",
        "would",
        "not",
        "this",
        "which",
        "an",
        "a",
        "or",
        "but",
        "after",
        "over",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "who",
        "also",
        "than",
        "into",
        "about",
        "against",
        "between",
        "during",
    }
)
_OTHERS = ("fr", "es", "de", "it", "pt", "nl", "id", "tr")


@cache
def _other_function_words() -> dict[str, frozenset[str]]:
    lists = {}
    for code in _OTHERS:
        words = importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
        lists[code] = frozenset(w for w in words if w not in _ENGLISH and len(w) > 1)
    return lists


def guess_language(text: str) -> str | None:
    """'en' for English, 'xx' for another language, None when the text is too short to tell."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    if sum(1 for w in words if w.isascii()) / len(words) < 0.5:
        return "xx" if len(words) >= 3 else None
    english = sum(1 for w in words if w in _ENGLISH)
    other = max(sum(1 for w in words if w in found) for found in _other_function_words().values())
    if english >= 2 and english > other:
        return "en"
    if other >= 2 and other > english:
        return "xx"
    return None
