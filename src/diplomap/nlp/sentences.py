"""Sentences of a normalised document, with character offsets into its text.

Paragraphs (lines) never share a sentence; within a paragraph spaCy's
rule-based ``sentencizer`` splits on final punctuation, with the tokenizer's
exceptions keeping "U.S." or "Dr." whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets into the document text
    end: int
    text: str


@cache
def _segmenter() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order; ``text[s.start:s.end] == s.text`` for each."""
    offsets: list[int] = []
    paragraphs: list[str] = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            offsets.append(position)
            paragraphs.append(line)
        position += len(line) + 1
    sentences: list[Sentence] = []
    for offset, doc in zip(offsets, _segmenter().pipe(paragraphs), strict=True):
        for span in doc.sents:
            stripped = span.text.strip()
            if not stripped:
                continue
            start = offset + span.start_char + (len(span.text) - len(span.text.lstrip()))
            sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
    return sentences
