"""Normalised document text and the id derived from it.

Two copies of one article differing only in line endings, Unicode composition,
spacing, or blank lines between paragraphs normalise to the same text, and so
to the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["ID_LENGTH", "document_id", "normalise_text"]

ID_LENGTH = 32  # hex characters: 128 bits of SHA-256

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_WRAP_WIDTH = 100
_LIST_ITEM = re.compile(r"^(?:[-*•]\s|\d{1,3}[.)]\s)")


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines to paragraphs.

    Text with blank lines between paragraphs and no line longer than
    ``_WRAP_WIDTH`` is hard-wrapped: its lines are joined within a paragraph
    (list items stay apart). Other text has one paragraph per line.
    """
    kept = [line for line in lines if line]
    inner = "\n".join(lines).strip("\n").split("\n")
    if "" not in inner or max(map(len, kept), default=0) > _WRAP_WIDTH:
        return kept
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*inner, ""]:
        if line and not (current and _LIST_ITEM.match(line)):
            current.append(line)
            continue
        if current:
            paragraphs.append(" ".join(current))
        current = [line] if line else []
    return paragraphs


def normalise_text(text: str) -> str:
    """NFC, one space for any run of spaces, one paragraph per line, no blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(_paragraphs(lines))


def document_id(normalised: str) -> str:
    """Hex SHA-256 prefix of already-normalised text."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:ID_LENGTH]
