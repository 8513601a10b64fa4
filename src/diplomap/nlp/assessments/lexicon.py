"""The cue lexicon: ``data/assessments.yaml`` (and users' files in its format) read into rules.

Every phrase list becomes spaCy ``Matcher`` patterns on lower-case token text (see the file's
header for the phrase syntax), so the same lexicon runs with or without a tagger. One matcher
holds them all, keyed by what a match means: a cue rule ("cue:3"), an intention word, a
negator, a modal, a speech verb, ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from diplomap.errors import DictionaryError
from diplomap.nlp.assessments.forms import inflections
from diplomap.nlp.assessments.states import ASPECTS, STATES

__all__ = ["MARKS", "Anchor", "CueLexicon", "CueRule", "Phrase", "load_cues"]

FRAMES = ("relation", "verb", "share")
_ANCHOR_MODES = ("required", "optional", "none")
_LINKS = ("before", "after", "both")
_RULE_KEYS = {
    "label",
    "state",
    "frame",
    "anchor",
    "link",
    "preps",
    "first",
    "object",
    "pair",
    "standalone",
    "explicit",
    "aspect",
    "places",
    "phrases",
}
# word lists of the file other than cues, matched as marks
MARKS = ("negators", "denials", "modals", "conditions", "speech", "regard", "shares")
_INTENTIONS = ("before", "after", "mutual")
_MAX_LABEL = 36  # the store's coder column is 64 characters, with "diplomap_assessments_v1: " in front


@dataclass(frozen=True)
class Slot:
    words: frozenset[str] | None  # None: any one token
    optional: bool = False
    head: bool = False


@dataclass(frozen=True)
class Phrase:
    slots: tuple[Slot, ...]

    @classmethod
    def parse(cls, text: str, where: str) -> Phrase:
        slots = []
        for raw in text.split():
            optional, head = raw.endswith("?") and raw != "?", raw.startswith("^")
            body = raw.removeprefix("^").removesuffix("?") if optional else raw.removeprefix("^")
            if not body:
                raise DictionaryError(f"empty word in phrase {text!r}", where=where)
            if body == "*":
                slots.append(Slot(None, optional, head))
                continue
            words: set[str] = set()
            for alternative in body.split("|"):
                if not alternative:
                    raise DictionaryError(f"empty alternative in phrase {text!r}", where=where)
                words |= inflections(alternative[:-1]) if alternative.endswith("~") else {alternative.lower()}
            slots.append(Slot(frozenset(words), optional, head))
        if not slots or all(s.optional for s in slots):
            raise DictionaryError(f"phrase {text!r} has no word that must be there", where=where)
        return cls(tuple(slots))

    @property
    def head(self) -> Slot:
        marked = [s for s in self.slots if s.head]
        return marked[0] if marked else [s for s in self.slots if not s.optional][-1]

    def pattern(self) -> list[dict[str, Any]]:
        pattern: list[dict[str, Any]] = []
        for slot in self.slots:
            token: dict[str, Any] = {} if slot.words is None else {"LOWER": {"IN": sorted(slot.words)}}
            if slot.optional:
                token["OP"] = "?"
            pattern.append(token)
        return pattern


@dataclass(frozen=True)
class CueRule:
    label: str
    state: str
    phrases: tuple[Phrase, ...]
    frame: str = "relation"
    anchor: str = "required"
    link: str = "both"
    preps: tuple[str, ...] = ("with", "to", "toward", "towards")
    first: tuple[str, ...] = ("by",)
    object: bool = False
    pair: bool = False
    standalone: bool = False
    explicit: bool = False
    aspect: str | None = None
    places: bool = False


@dataclass(frozen=True)
class Anchor:
    """A noun naming a relation ("relations", "ties", "trade") and what it implies."""

    aspect: str
    states: frozenset[str] | None = None  # None: any state may describe it

    def takes(self, state: str) -> bool:
        return self.states is None or state in self.states


@dataclass
class CueLexicon:
    rules: list[CueRule] = field(default_factory=list)
    anchors: dict[str, Anchor] = field(default_factory=dict)
    aspect_words: dict[str, str] = field(default_factory=dict)
    marks: dict[str, list[Phrase]] = field(default_factory=dict)  # MARKS and "intend-before", ...
    pairs: list[tuple[Phrase, tuple[str, str]]] = field(default_factory=list)
    fingerprint: str = "builtin"

    def cue_words(self) -> frozenset[str] | None:
        """Words one of which a sentence must hold for any cue to match (per phrase, the words of its
        smallest required slot that holds no function word), so sentences without them skip the
        matcher; None when some phrase has no required word."""
        from spacy.lang.en.stop_words import STOP_WORDS

        words: set[str] = set()
        for rule in self.rules:
            for phrase in rule.phrases:
                required = [s.words for s in phrase.slots if not s.optional and s.words is not None]
                if not required:
                    return None
                content = [w for w in required if not w & STOP_WORDS] or required
                words |= min(content, key=len)
        return frozenset(words)

    def keyed_phrases(self) -> Iterator[tuple[str, tuple[Phrase, ...]]]:
        """Cue rules as "cue:<index>", marks by name, pairs as "pair:<index>", with their phrases."""
        for index, rule in enumerate(self.rules):
            yield f"cue:{index}", rule.phrases
        for name, phrases in self.marks.items():
            if phrases:
                yield name, tuple(phrases)
        for index, (phrase, _) in enumerate(self.pairs):
            yield f"pair:{index}", (phrase,)

    def matcher(self, vocab: Vocab) -> Matcher:
        """A spaCy ``Matcher`` of :meth:`keyed_phrases` (the component runs the faster equivalent,
        :class:`~diplomap.nlp.assessments.matching.PhraseMatcher`)."""
        matcher = Matcher(vocab)
        for name, phrases in self.keyed_phrases():
            matcher.add(name, [p.pattern() for p in phrases])
        return matcher


def _strings(item: Any, key: str, where: str) -> list[str]:
    values = item.get(key) if isinstance(item, dict) else item
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DictionaryError(
            f'{key} must be a list of strings (quote words YAML reads otherwise, such as "on")', where=where
        )
    return values


def _rule(item: Any, where: str) -> CueRule:
    if not isinstance(item, dict):
        raise DictionaryError("each cue must be a mapping with label, state and phrases", where=where)
    unknown = set(item) - _RULE_KEYS - {"__line__"}
    if unknown:
        raise DictionaryError(f"unknown key {sorted(unknown)[0]!r}; use {sorted(_RULE_KEYS)}", where=where)
    label, state = str(item.get("label", "")).strip(), str(item.get("state", "")).strip()
    if not label or len(label) > _MAX_LABEL:
        raise DictionaryError(f"label must be 1 to {_MAX_LABEL} characters", where=where)
    if state not in STATES:
        raise DictionaryError(f"state {state!r} is not one of {', '.join(STATES)}", where=where)
    choices = {"frame": FRAMES, "anchor": _ANCHOR_MODES, "link": _LINKS, "aspect": (*ASPECTS, None)}
    for key, allowed in choices.items():
        if key in item and item[key] not in allowed:
            raise DictionaryError(
                f"{key} {item[key]!r} is not one of {[a for a in allowed if a]}", where=where
            )
    phrases = tuple(Phrase.parse(p, where) for p in _strings(item, "phrases", where))
    if not phrases:
        raise DictionaryError(f"cue {label!r} has no phrases", where=where)
    options: dict[str, Any] = {k: item[k] for k in ("frame", "anchor", "link", "aspect") if k in item}
    options |= {k: bool(item[k]) for k in ("object", "pair", "standalone", "explicit", "places") if k in item}
    options |= {
        k: tuple(w.lower() for w in _strings(item, k, where)) for k in ("preps", "first") if k in item
    }
    return CueRule(label, state, phrases, **options)


def _load_file(text: str, name: str, lexicon: CueLexicon) -> None:
    from diplomap.nlp.actors.dictionaries import load_yaml_with_lines

    data = load_yaml_with_lines(text, name)
    if not isinstance(data, dict):
        raise DictionaryError("must be a YAML mapping with a cues list", where=f"{name}:1")
    where = f"{name}:{data.get('__line__', 1)}"
    for item in data.get("anchors") or []:
        at = f"{name}:{item.get('__line__', '?') if isinstance(item, dict) else '?'}"
        aspect = item.get("aspect") if isinstance(item, dict) else None
        if aspect not in ASPECTS:
            raise DictionaryError(f"anchor aspect {aspect!r} is not one of {', '.join(ASPECTS)}", where=at)
        states = _strings(item, "states", at)
        anchor = Anchor(aspect, frozenset(states) if states else None)
        for word in _strings(item, "words", at):
            for form in inflections(word[:-1]) if word.endswith("~") else {word.lower()}:
                lexicon.anchors[form] = anchor
    for aspect, words in (data.get("aspects") or {}).items():
        if aspect == "__line__":
            continue
        if aspect not in ASPECTS:
            raise DictionaryError(f"aspect {aspect!r} is not one of {', '.join(ASPECTS)}", where=where)
        for word in _strings(words, aspect, where):
            lexicon.aspect_words[word.lower()] = aspect
    intentions = data.get("intentions") or {}
    for kind in _INTENTIONS:
        lexicon.marks.setdefault(f"intend-{kind}", []).extend(
            Phrase.parse(p, where) for p in _strings(intentions, kind, where)
        )
    for kind in MARKS:
        lexicon.marks.setdefault(kind, []).extend(Phrase.parse(p, where) for p in _strings(data, kind, where))
    for item in data.get("pairs") or []:
        at = f"{name}:{item.get('__line__', '?') if isinstance(item, dict) else '?'}"
        sides = _strings(item, "sides", at)
        if len(sides) != 2 or not isinstance(item.get("words"), str):
            raise DictionaryError("a pair needs words (a phrase) and two sides (actor names)", where=at)
        lexicon.pairs.append((Phrase.parse(item["words"], at), (sides[0], sides[1])))
    for item in data.get("cues") or []:
        at = f"{name}:{item.get('__line__', '?') if isinstance(item, dict) else '?'}"
        lexicon.rules.append(_rule(item, at))


def _digest(texts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:12]


@cache
def load_cues(extra: Sequence[str] = ()) -> CueLexicon:
    """The built-in cue lexicon plus ``extra`` YAML files in the same format (their cues are added;
    their anchors and aspect words replace the built-in ones of the same word)."""
    lexicon = CueLexicon()
    builtin = resources.files("diplomap.nlp.data").joinpath("assessments.yaml").read_text(encoding="utf-8")
    _load_file(builtin, "assessments.yaml", lexicon)
    texts = [builtin]
    for path in extra:
        source = Path(path)
        if not source.is_file():
            raise DictionaryError("no such assessment cue file; check the path", where=str(source))
        text = source.read_text(encoding="utf-8")
        _load_file(text, str(source), lexicon)
        texts.append(text)
    lexicon.fingerprint = "builtin" if not extra else _digest(texts)
    return lexicon
