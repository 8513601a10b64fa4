"""What the assessment rules remember of a document while reading its sentences in order.

"The two" and a bare "the result is a stalemate" mean the dyad the text was last about; "its
relations with China" without an earlier actor means the document's last acting actor; and
"relations with Japan" with no other side named means the document's main actor (the country
the whole text names most, when the component is given the text). Each
document's memory is kept by its id; sentences must come in document order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from diplomap.nlp.assessments.sentence import Side
from diplomap.nlp.records import MentionRecord

__all__ = ["DocumentMemory"]

_RECENT = 3  # sentences back that "the two" may reach for mentions
_KEEP = 64  # mentions kept


@dataclass
class DocumentMemory:
    sentence: int = 0  # index of the sentence being read
    recent: list[tuple[int, Side]] = field(default_factory=list)  # (sentence, side), oldest first
    counts: Counter[str] = field(default_factory=Counter)  # mentions per country so far
    whole: Counter[str] = field(default_factory=Counter)  # country names in the whole text, if known
    last_actor: Side | None = None  # the last subject actor, as for events' "it"

    def note(self, sides: list[Side]) -> None:
        """Sides mentioned or assessed now, most recent last."""
        self.recent.extend((self.sentence, s) for s in sides if s.code)
        del self.recent[:-_KEEP]

    def dyad(
        self,
        extra: Sequence[Side] = (),
        assessed: Sequence[tuple[Side, Side]] = (),
        *,
        main_first: bool = False,
    ) -> tuple[Side, Side] | None:
        """The dyad the text was last about: the last one assessed in this sentence
        (``assessed``); else the two countries last named (``extra``: named earlier in this
        sentence) if the document's main country is one of them; else the main country and the
        country last named; else the document's two main countries. ``main_first``: "the two",
        "both countries" mean the document's two main countries when it has them."""
        if assessed:
            return assessed[-1]
        main = self._main(2)
        if main_first and len(main) == 2:
            return self._pair(main[0], main[1], extra)
        recent = [s for s in self._recent(extra) if s.mention.kind != "bloc"]  # not "in Asia"
        countries = list(dict.fromkeys(s.country for s in reversed(recent) if s.country))
        topic = main[0] if main else None
        if len(countries) >= 2 and (topic is None or topic in countries[:2]):
            return self._pair(countries[1], countries[0], extra)
        other = next((c for c in countries if c != topic), None)
        if topic is not None and other is not None:
            return self._pair(topic, other, extra)
        return self._pair(main[0], main[1], extra) if len(main) == 2 else None

    def _recent(self, extra: Sequence[Side]) -> list[Side]:
        return [s for n, s in self.recent if self.sentence - n < _RECENT] + list(extra)

    def _pair(self, first: str, second: str, extra: Sequence[Side] = ()) -> tuple[Side, Side] | None:
        one, other = self._last(first, extra), self._last(second, extra)
        return (one, other) if one is not None and other is not None else None

    def _last(self, country: str, extra: Sequence[Side] = ()) -> Side | None:
        """The country's latest mention, preferring the country or its government to a group
        ("China" to "Chinese fishermen"); the country itself if the text has not named it yet."""
        sides = [s for s in reversed([*(s for _, s in self.recent), *extra]) if s.country == country]
        plain = [s for s in sides if (s.code or "") in (country, f"{country}GOV")]
        found = plain or sides
        if found:
            return found[0]
        if country in self.whole:
            return Side(
                MentionRecord(0, 0, country, country, country, kind="country", how="document"), -1, -1
            )
        return None

    def _main(self, n: int) -> list[str]:
        """The document's ``n`` most named countries (at least twice each)."""
        counts = self.whole or self.counts
        return [country for country, count in counts.most_common(n) if count >= 2]

    def _topic(self) -> str | None:
        main = self._main(1)
        return main[0] if main else None

    def partner(self, exclude: set[str], extra: Sequence[Side] = ()) -> Side | None:
        """The actor last mentioned (within a few sentences) that is not of ``exclude``."""
        country = next((s.country for s in reversed(self._recent(extra)) if s.country not in exclude), None)
        return self._last(country, extra) if country else None

    def topic(self, exclude: set[str]) -> Side | None:
        """The document's most mentioned country so far (at least twice), as last mentioned; None
        when that is one of ``exclude`` (the text is about it: the unnamed side is someone else)."""
        topic = self._topic()
        return self._last(topic) if topic is not None and topic not in exclude else None

    def recall(self, wants_person: bool, exclude: set[str]) -> Side | None:
        """What "it"/"he" stands for when the sentence does not say."""
        actor = self.last_actor
        if actor is None or actor.country in exclude or (actor.mention.kind == "person") != wants_person:
            return None
        return actor

    def next_sentence(
        self, mentioned: list[Side], assessed: list[tuple[Side, Side]], acting: Side | None
    ) -> None:
        """Close the sentence: its mentions, then its assessed sides, are the latest named."""
        self.note(mentioned + [side for dyad in assessed for side in dyad])
        self.counts.update(s.country for s in mentioned if s.code and s.country)
        if acting is not None:
            self.last_actor = acting
        self.sentence += 1
