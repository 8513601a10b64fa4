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

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "split_sentences"]

MAX_SENTENCE_CHARS = 5_000  # news sentences are far shorter; longer ones are run-ons or tables, not coded
_MAX_PARAGRAPH = 100_000  # paragraphs are segmented in pieces of at most this many characters


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
    pieces: list[tuple[int, str]] = []
    for offset, paragraph in zip(offsets, paragraphs, strict=True):
        start = 0
        while len(paragraph) - start > _MAX_PARAGRAPH:  # a run-on paragraph: cut at a space
            cut = paragraph.rfind(" ", start, start + _MAX_PARAGRAPH)
            cut = cut if cut > start else start + _MAX_PARAGRAPH
            pieces.append((offset + start, paragraph[start:cut]))
            start = cut
        pieces.append((offset + start, paragraph[start:]))
    offsets = [offset for offset, _ in pieces]
    sentences: list[Sentence] = []
    for offset, doc in zip(offsets, _segmenter().pipe(text for _, text in pieces), strict=True):
        for span in doc.sents:
            stripped = span.text.strip()
            if not stripped:
                continue
            start = offset + span.start_char + (len(span.text) - len(span.text.lstrip()))
            sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
    return sentences
