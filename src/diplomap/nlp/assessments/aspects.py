"""Which side of a relation an assessment is about: trade, economic, military, ...

The nearest aspect word in the phrase of the cue and its relation noun decides ("economic
dependency", "military tension", "foreign trade"); else the relation noun itself ("trade
between the two"); else an aspect word just after ("supplier of weapons"); else the cue's own
default ("no visit": diplomatic); else "relations".
"""

from __future__ import annotations

from diplomap.nlp.assessments.lexicon import Anchor
from diplomap.nlp.assessments.sentence import Sentence

__all__ = ["aspect_of"]


def aspect_of(
    sentence: Sentence,
    spans: list[tuple[int, int]],
    *,
    head: int,
    anchor: tuple[int, Anchor] | None,
    default: str | None,
    complement: bool,
) -> str:
    """The aspect of a cue whose phrase and its relation noun's phrase span tokens ``spans``;
    ``complement``: a cue without a relation noun may take it from the words after it."""
    words, doc = sentence.lexicon.aspect_words, sentence.doc

    def nearest(*ranges: tuple[int, int]) -> str | None:
        found = [
            (abs(i - head), words[doc[i].lower_])
            for first, last in ranges
            for i in range(first, last)
            if doc[i].lower_ in words and sentence.side_at(i) is None
        ]
        return min(found)[1] if found else None

    if (inside := nearest(*spans)) is not None:
        return inside
    if anchor is not None and anchor[1].aspect != "relations":
        return anchor[1].aspect
    if complement:
        # "supplier of weapons to India", "relies on China for food aid": the phrase's complement
        _, seg_end = sentence.segment(head)
        end = max(last for _, last in spans)
        after = nearest((end, min(seg_end, end + 6)))
        if after is not None:
            return after
    return default or "relations"
