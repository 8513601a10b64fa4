"""From lexicon matches to actors: composing "North Korean" + "diplomats" into PRKGOVDIP.

Two entry points share one set of rules:

* :func:`resolve_phrase` reads a short actor string ("Russia's ambassador to
  Poland", "Defense Minister", "Kang Sok-ju" on a date) as one actor;
* :func:`find_mentions` finds every actor mention in a sentence: matches next
  to each other in one noun phrase are composed into one mention, a list of
  demonyms shares the noun after it ("Chinese and Russian diplomats"), and
  hyphenated dyads ("China-North Korea relations") give both countries.

Rules for one actor: a person resolves to the office held on the date; an
organisation to its code; otherwise the country comes from the first
country-like word (not one after "to": "ambassador to Poland") and the
sectors from the first agent noun (or the seat's: "Riigikogu" is LEG);
"former" makes an elite (ELI).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from diplomap._calendar import MONTH_NAMES, WEEKDAYS
from diplomap.nlp.actors.knowledge import Knowledge
from diplomap.nlp.actors.lexicon import Entry, Lexicon, Match, Word, split_words

__all__ = ["Resolution", "find_mentions", "resolve_phrase", "surname_lexicon"]

_NOT_COUNTRIES = {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"}
_PLACE_KINDS = ("country", "adjective", "capital", "seat", "city", "province", "region", "context")
# words that may stand between a place and its agent inside one noun phrase
_FUNCTION = {
    "and",
    "or",
    "but",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "as",
    "than",
    "that",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "said",
    "says",
    "say",
    "who",
    "which",
    "whose",
    "while",
    "when",
    "if",
    "not",
    "no",
    "its",
    "their",
    "his",
    "her",
    "it",
    "they",
    "he",
    "she",
    "we",
    "this",
    "these",
    "those",
    "there",
    "into",
    "over",
    "after",
    "before",
    "against",
    "between",
    "about",
    "also",
    "did",
    "does",
    "do",
    "can",
    "may",
    "must",
    "toward",
    "towards",
    "under",
    "across",
    "through",
    "during",
    "without",
    "within",
    "since",
    "until",
}
_DETERMINERS = {"the", "a", "an", "some", "several", "two", "three", "many", "most", "all", "its", "their"}
_LINKS = {"of", "in", "from", "at", "for"}
# titles that take the sector of what they head: "chairman of the board", "head of the union"
_GENERIC_TITLES = {
    "president",
    "vice president",
    "chairman",
    "leader",
    "head",
    "secretary general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "member",
    "chief",
}
# capitalised words that follow a place without making it part of a name ("said in Seoul Tuesday")
_CALENDAR = {*WEEKDAYS, *MONTH_NAMES}
_MAX_GAP = 3  # words between a place and its agent
# agent nouns that also serve as adjectives before another noun
_ADJECTIVAL = {
    "military",
    "government",
    "state",
    "official",
    "police",
    "party",
    "intelligence",
    "security",
    "diplomatic",
    "media",
    "business",
    "opposition",
    "army",
    "court",
    "union",
    "public",
    "people",
    "leadership",
    "regime",
    "cabinet",
    "ministry",
    "presidential",
    "navy",
    "naval",
    "defence",
    "defense",
    "border",
    "trade",
    "industry",
    "press",
    "family",
    "force",
    "administration",
}


@dataclass(frozen=True)
class Resolution:
    code: str | None
    country: str | None
    sectors: tuple[str, ...]
    kind: str  # person, organisation, country, group, bloc, agent
    entity_id: str | None = None
    how: str = ""
    confidence: float = 0.0


def _sectors_of(code: str, country: str | None) -> tuple[str, ...]:
    rest = code[len(country) :] if country and code.startswith(country) else code[3:]
    return tuple(rest[i : i + 3] for i in range(0, len(rest), 3))


def _join(country: str | None, sectors: Sequence[str]) -> str | None:
    if not country:
        return None
    return country + "".join(s for s in sectors if s != country)


def _resolve(
    matches: Sequence[Match], knowledge: Knowledge, day: date | None, after_to: frozenset[int] = frozenset()
) -> Resolution | None:
    """One actor from the matches of one phrase (``after_to``: indexes of matches after "to")."""
    people = [m for m in matches if m.entry.kind == "person"]
    organisations = [m for i, m in enumerate(matches) if m.entry.kind == "organisation" and i not in after_to]
    places = [m for i, m in enumerate(matches) if m.entry.kind in _PLACE_KINDS and i not in after_to]
    agents = [m for m in matches if m.entry.kind == "agent"]
    elite = any(m.entry.kind in ("modifier", "agent") and m.entry.sectors[:1] == ("ELI",) for m in matches)
    opposition = any(m.entry.kind == "modifier" and "OPP" in m.entry.sectors for m in matches)

    sectors: tuple[str, ...]
    for group, kind in ((people, "person"), (organisations, "organisation")):
        if not group:
            continue
        entry = group[0].entry
        entity = knowledge.entity(entry.entity_id) if entry.entity_id else None
        choice = entity.code_on(day) if entity else None
        if choice is None:
            continue
        country = entity.country if entity else entry.country
        if country and not choice.code.startswith(country) and choice.code[:3] not in _NOT_COUNTRIES:
            country = choice.code[:3]
        if entity and entity.sectors:
            sectors = entity.sectors
        elif choice.code[:3] in _NOT_COUNTRIES:
            # an office in an international body takes the title's sector
            # ("president of the European Council" is GOV)
            sectors = agents[0].entry.sectors if agents and kind == "organisation" else ()
        else:
            sectors = _sectors_of(choice.code, country)
        how = f"{kind}: {choice.how}"
        if elite:
            sectors, how = ("ELI",), how + "; former"
        code = _join(country, sectors) if elite else choice.code
        return Resolution(code, country, sectors, kind, entry.entity_id, how, choice.confidence)

    place = places[0].entry if places else None
    agent = agents[0].entry if agents else None
    if place is None and agent is None:
        return None
    country = place.country if place else None
    sectors = ()
    how_parts = []
    if place:
        how_parts.append(f"{place.kind}: {places[0].text}")
        sectors = place.sectors
    if agent and agent.name in _GENERIC_TITLES and len(agents) > 1:
        agent = agents[1].entry  # "President of the Chadian Human Rights League" heads a rights group
        agents = agents[1:]
    if agent:
        how_parts.append(f"agent: {agents[0].text}")
        # a seat or body with its own sector keeps it under a generic title ("president of the Riigikogu")
        if not (sectors and sectors != ("CVL",) and agent.sectors[0] == "GOV"):
            sectors = agent.sectors
    if elite:
        sectors = ("ELI",)
    elif opposition and sectors and sectors[0] in ("PTY", "LEG"):
        sectors = ("OPP", *sectors)
    if place and place.kind == "region" and not agent:
        kind = "bloc"
    elif agent is None:
        kind = "country" if not sectors or (place and place.kind in ("capital", "seat")) else "group"
        if place and place.kind in ("capital", "seat"):
            kind = "group"
        if place and place.kind in ("country", "adjective", "context"):
            kind = "country"
    else:
        kind = "group" if country else "agent"
    code = (
        place.code
        if place and not agent and place.kind in ("region", "country", "adjective", "context")
        else _join(country, sectors)
    )
    confidence = 0.9 if place and place.kind != "city" else 0.6 if place else 0.5
    return Resolution(code, country, sectors, kind, None, "; ".join(how_parts), confidence)


def resolve_phrase(text: str, knowledge: Knowledge, day: date | None = None) -> Resolution | None:
    """Read a short actor string as one actor; None when nothing in it is known."""
    words = split_words(text)
    matches = _usable_matches(text, words, knowledge.lexicon.match(text, words), frozenset())
    after_to = frozenset(i for i, m in enumerate(matches) if _after_to(words, m.first_word))
    return _resolve(matches, knowledge, day, after_to)


def _after_to(words: Sequence[Word], index: int) -> bool:
    """The word at ``index`` follows "to" (determiners between): "ambassador to the United Nations"."""
    index -= 1
    while index >= 0 and words[index].key in _DETERMINERS:
        index -= 1
    return index >= 0 and words[index].key == "to"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    resolution: Resolution


def _name_word(
    text: str, words: Sequence[Word], index: int, neighbour: int, *, joiners: str = " ", first: int = 1
) -> bool:
    """Word ``index`` (at least ``first``: 1 skips a sentence's capitalised first word) is capitalised
    and joined to word ``neighbour`` by one of ``joiners``."""
    if index < first or index >= len(words):
        return False
    word, other = words[index], words[neighbour]
    gap = text[min(word.end, other.end) : max(word.start, other.start)]
    return (
        gap != "" and gap in joiners and word.text[:1].isupper() and word.key not in _FUNCTION | _DETERMINERS
    )


def _is_proper_name_part(
    text: str, words: Sequence[Word], match: Match, kinds: Mapping[int, str], *, in_sentence: bool
) -> bool:
    """A place word inside a longer proper name: "George Washington", "Vladimir Putin",
    "Paris Hilton", "Feliciano Valencia", "Harry Ho-jen Tseng". ``kinds``: what each matched word is."""
    before, after = match.first_word - 1, match.last_word
    following_name = (
        after < len(words)
        and words[after].key not in _CALENDAR
        and _name_word(text, words, after, after - 1, joiners=" -")
        and kinds.get(after) != "agent"
    )
    if match.entry.kind == "city":
        # cities are weak: any capitalised neighbour that is not an agent ("Minsk Police") makes a name
        return following_name or (
            _name_word(text, words, before, match.first_word, joiners=" -", first=0)
            and kinds.get(before) in (None, "city")
        )
    if in_sentence and match.entry.kind in ("capital", "seat") and following_name and after not in kinds:
        return True  # "Washington Post", "Paris Hilton"
    return in_sentence and before not in kinds and _name_word(text, words, before, match.first_word)


def _modifier_use(words: Sequence[Word], match: Match) -> bool:
    """An agent word used as an adjective ("military exercise", "government policy")."""
    if match.entry.kind != "agent" or match.last_word - match.first_word != 1:
        return False
    if words[match.first_word].key not in _ADJECTIVAL or match.last_word >= len(words):
        return False
    following = words[match.last_word]
    return following.text[:1].islower() and following.key not in _FUNCTION


def _glue(words: Sequence[Word], start: int, end: int) -> bool:
    """Words ``start``..``end`` can sit inside one noun phrase (adjectives, adverbs)."""
    gap = words[start:end]
    return len(gap) <= _MAX_GAP and all(w.key not in _FUNCTION and not w.text[:1].isdigit() for w in gap)


def _active(match: Match, document_countries: frozenset[str]) -> Match | None:
    """The match with its context aliases kept only when the document names their countries."""
    kept = tuple(e for e in match.entries if e.kind != "context" or document_countries & set(e.when))
    if not kept:
        return None
    return Match(
        match.start, match.end, match.first_word, match.last_word, match.text, kept, match.possessive
    )


def _usable_matches(
    text: str,
    words: list[Word],
    found: Iterable[Match],
    document_countries: frozenset[str],
    *,
    in_sentence: bool = False,
) -> list[Match]:
    """Lexicon matches (``found`` in ``words`` of ``text``) less context aliases out of context, parts
    of names, and (in running text) agent words used as adjectives."""
    matches = [m for m in (_active(m, document_countries) for m in found) if m is not None]
    # cities are weak evidence: a word inside one may still be a first name ("George Washington")
    kinds = {
        i: m.entry.kind for m in matches if m.entry.kind != "city" for i in range(m.first_word, m.last_word)
    }
    return [
        m
        for m in matches
        if not (
            m.entry.kind in _PLACE_KINDS
            and _is_proper_name_part(text, words, m, kinds, in_sentence=in_sentence)
        )
        and not (in_sentence and _modifier_use(words, m))
    ]


# family name first in these countries' names as English news writes them
_FAMILY_NAME_FIRST = {"CHN", "KOR", "PRK", "TWN", "VNM", "HKG", "MAC", "KHM", "MNG"}


def surname_lexicon(text: str, knowledge: Knowledge) -> Lexicon:
    """Family names of the people a document names in full, for later mentions by family name
    alone ("Park Geun-hye ... Park said"). A family name two of them share is left out."""
    people: dict[str, set[Entry]] = {}
    for match in knowledge.lexicon.read(text)[1]:
        entry = match.entry
        words = match.text.replace("-", " ").split()
        if entry.kind != "person" or len(words) < 2:
            continue
        family = words[0] if entry.country in _FAMILY_NAME_FIRST else words[-1]
        people.setdefault(family.strip(".,’'"), set()).add(entry)
    surnames = Lexicon()
    for family, entries in people.items():
        if len(entries) == 1 and len(family) >= 2:
            surnames.add(family, next(iter(entries)))
    return surnames


def _surname_matches(text: str, words: list[Word], surnames: Lexicon, taken: Sequence[Match]) -> list[Match]:
    """Family-name matches on words no other match holds, not next to another capitalised name."""
    held = {i for m in taken for i in range(m.first_word, m.last_word)}
    found = []
    for match in surnames.match(text, words):
        index = match.first_word
        if index in held:
            continue
        if _name_word(text, words, index - 1, index) or _name_word(
            text, words, index + 1, index, joiners=" -"
        ):
            continue  # "Park Jin" is another Park
        found.append(match)
    return found


def find_mentions(
    text: str,
    knowledge: Knowledge,
    day: date | None = None,
    *,
    document_countries: frozenset[str] = frozenset(),
    surnames: Lexicon | None = None,
) -> list[Mention]:
    """Actor mentions in one sentence, composed from adjacent matches. ``surnames``: family names
    of people the document names in full (see :func:`surname_lexicon`)."""
    words, found = knowledge.lexicon.read(text)
    matches = _usable_matches(text, words, found, document_countries, in_sentence=True)
    if surnames is not None and len(surnames):
        matches = sorted(
            [*matches, *_surname_matches(text, words, surnames, matches)], key=lambda m: m.first_word
        )

    groups: list[list[Match]] = []
    shared_agent: list[int] = []  # groups of a coordinated list of demonyms ("Chinese and Russian")
    for match in matches:
        kind = match.entry.kind
        if groups:
            last = groups[-1][-1]
            gap_ok = _glue(words, last.last_word, match.first_word)
            last_kinds = {m.entry.kind for m in groups[-1]}
            joins = False
            if (
                kind == "agent"
                and gap_ok
                and not last_kinds & {"agent"}
                and (
                    last.entry.kind in ("adjective", "modifier")
                    or last.possessive
                    or (
                        last.entry.kind
                        in ("organisation", "seat", "capital", "country", "city", "province", "region")
                        and last.last_word == match.first_word
                    )
                )
            ):
                joins = True  # North Korean diplomats / Russia's ambassador / Kremlin officials
            elif (
                kind == "agent"
                and gap_ok
                and last.entry.kind in ("modifier", "agent")
                and last.last_word == match.first_word
            ):
                joins = True  # "Deputy Minister of Defense" split in two agents
            elif (
                kind == "person"
                and last.entry.kind in ("agent", "adjective", "modifier", "organisation")
                and match.first_word - last.last_word <= 1
                and gap_ok
            ):
                joins = True  # South Korean President Park Geun-hye
            elif (
                kind in (*_PLACE_KINDS, "organisation")
                and last.entry.kind == "agent"
                and not last_kinds & set(_PLACE_KINDS)
                and match.first_word > last.last_word
                and words[last.last_word].key in _LINKS
                and all(w.key in _DETERMINERS | _LINKS for w in words[last.last_word : match.first_word])
            ):
                joins = True  # the leader of North Korea / trade unions in Denmark
            elif (
                kind in ("adjective", "modifier", "agent")
                and last.entry.kind == "modifier"
                and last.last_word == match.first_word
            ):
                joins = True  # former CIA ... / opposition lawmaker
            if joins:
                groups[-1].append(match)
                continue
            if (
                kind == "adjective"
                and last.entry.kind == "adjective"
                and len(groups[-1]) == 1
                and match.first_word - last.last_word == 1
                and words[last.last_word].key in ("and", "or")
            ):
                shared_agent.append(len(groups) - 1)
        groups.append([match])

    # a list of demonyms shares the agent of its last member: "Chinese and Russian diplomats"
    borrowed: dict[int, list[Match]] = {}
    for index in shared_agent:
        following = groups[index + 1] if index + 1 < len(groups) else []
        borrowed[index] = [m for m in following if m.entry.kind == "agent"]

    mentions: list[Mention] = []
    for index, group in enumerate(groups):
        if all(m.entry.kind == "modifier" for m in group):
            continue
        resolution = _resolve([*group, *borrowed.get(index, ())], knowledge, day)
        if resolution is None:
            continue
        start, end = group[0].start, group[-1].end
        mentions.append(Mention(start, end, text[start:end], resolution))
    return mentions
