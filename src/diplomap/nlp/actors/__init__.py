"""Actor resolution: names in text to CAMEO-style actor codes, on the article's date.

``read_actors`` is the library entry point behind ``diplomap actors resolve``;
the spaCy component ``diplomap_actors_v1`` (in :mod:`.component`) does the same
for each sentence of a pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from diplomap.nlp.actors.knowledge import load_knowledge
from diplomap.nlp.actors.lexicon import split_words
from diplomap.nlp.actors.resolve import Mention, Resolution, find_mentions, resolve_phrase

__all__ = ["ActorReading", "Mention", "Resolution", "read_actors"]

_CONTEXT_KINDS = {"country", "adjective", "capital", "seat"}


@dataclass(frozen=True)
class ActorReading:
    text: str
    day: date | None
    as_one_actor: Resolution | None  # the whole text read as one actor name
    mentions: tuple[Mention, ...]  # each actor mention in the text

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.day.isoformat() if self.day else None,
            "as_one_actor": asdict(self.as_one_actor) if self.as_one_actor else None,
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, **asdict(m.resolution)}
                for m in self.mentions
            ],
        }


def read_actors(text: str, *, day: date | None = None, dictionaries: Sequence[str] = ()) -> ActorReading:
    """Actors in ``text``: as one actor name, and as mentions in running text."""
    knowledge = load_knowledge(tuple(dictionaries))
    named = frozenset(
        m.entry.country
        for m in knowledge.lexicon.match(text, split_words(text))
        if m.entry.kind in _CONTEXT_KINDS and m.entry.country
    )
    return ActorReading(
        text,
        day,
        resolve_phrase(text, knowledge, day),
        tuple(find_mentions(text, knowledge, day, document_countries=named)),
    )
