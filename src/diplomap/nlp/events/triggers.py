"""Event triggers: English verbs and nouns to CAMEO codes, with their argument frames.

The built-in lexicon is ``data/verbs.yaml`` (our own, written from the CAMEO
definitions); users add more with their own files in the same format. A verb
entry is a lemma, optionally with a particle or preposition ("write off",
"call for") and/or a head noun of its object ("impose sanction"); the most
specific entry that fits a sentence wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from diplomap.errors import DictionaryError

__all__ = ["TriggerLexicon", "TriggerRule", "load_triggers"]

_PARTICLES = {
    "to",
    "off",
    "out",
    "up",
    "down",
    "for",
    "with",
    "on",
    "in",
    "into",
    "over",
    "away",
    "back",
    "against",
    "from",
    "about",
    "at",
    "through",
    "around",
    "after",
    "by",
}
_KEYS = {"code", "name", "verbs", "nouns", "target", "source", "reciprocal", "object_is_target"}
_OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "attr", "oprd"}


@dataclass(frozen=True)
class TriggerRule:
    code: str
    word: str  # the verb or noun lemma
    is_noun: bool = False
    particle: str | None = None
    object: str | None = None
    target_preps: tuple[str, ...] = ()
    source_preps: tuple[str, ...] = ()
    reciprocal: bool = False
    object_is_target: bool = True

    @property
    def specificity(self) -> int:
        return (self.particle is not None) + (self.object is not None)

    @property
    def label(self) -> str:
        return " ".join(w for w in (self.word, self.particle, self.object) if w)


@dataclass
class TriggerLexicon:
    verbs: dict[str, list[TriggerRule]] = field(default_factory=dict)
    nouns: dict[str, TriggerRule] = field(default_factory=dict)

    def add(self, rule: TriggerRule) -> None:
        if rule.is_noun:
            self.nouns[rule.word] = rule
            return
        rules = [
            r for r in self.verbs.get(rule.word, []) if (r.particle, r.object) != (rule.particle, rule.object)
        ]
        rules.append(rule)
        rules.sort(key=lambda r: -r.specificity)
        self.verbs[rule.word] = rules

    def for_verb(self, token: Token) -> TriggerRule | None:
        """The most specific rule whose particle and object fit the verb ``token``."""
        rules = self.verbs.get(token.lemma_.lower())
        if not rules:
            return None
        particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "dative", "agent")}
        heads = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        if not heads:
            # the small parser's habit: "made some concessions pertaining to ..." has the object
            # as the subject of a clause hung on the verb
            heads = [g for c in token.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        objects = {c.lemma_.lower() for c in heads}
        # "provide 25,000 tons of food aid", "wrote off $10 billion in loans": the measured noun counts
        objects |= {
            g.lemma_.lower()
            for c in heads
            for p in c.children
            if p.dep_ == "prep" and p.lower_ in ("of", "in")
            for g in p.children
            if g.dep_ == "pobj"
        }
        # "sanctions were imposed": the object is the passive subject; "hold talks" in "talks held"
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
            objects.add(token.head.lemma_.lower())
        for rule in rules:
            if rule.particle and rule.particle not in particles:
                continue
            if rule.object and rule.object not in objects:
                continue
            return rule
        return None

    def for_noun(self, token: Token) -> TriggerRule | None:
        return self.nouns.get(token.lemma_.lower())


def _split_verb(phrase: str) -> tuple[str, str | None, str | None]:
    words = phrase.lower().split()
    verb, particle, obj = words[0], None, None
    for word in words[1:]:
        if word in _PARTICLES and particle is None and obj is None:
            particle = word
        else:
            obj = word
    return verb, particle, obj


def _rules(item: Any, where: str) -> list[TriggerRule]:
    if not isinstance(item, dict):
        raise DictionaryError("each entry must be a mapping with code and verbs or nouns", where=where)
    unknown = set(item) - _KEYS - {"__line__"}
    if unknown:
        raise DictionaryError(f"unknown key {sorted(unknown)[0]!r}; use {sorted(_KEYS)}", where=where)
    code = str(item.get("code", "")).strip()
    from diplomap.nlp.events.cameo import is_cameo

    if not is_cameo(code):
        raise DictionaryError(f'{code!r} is not a CAMEO event code; write it quoted, e.g. "042"', where=where)
    for key in ("verbs", "nouns", "target", "source"):
        values = item.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise DictionaryError(
                f'{key} must be a list of strings (quote words YAML reads otherwise, such as "on")',
                where=where,
            )
    shared: dict[str, Any] = {
        "target_preps": tuple(item.get("target") or ()),
        "source_preps": tuple(item.get("source") or ()),
        "reciprocal": bool(item.get("reciprocal", False)),
        "object_is_target": bool(item.get("object_is_target", True)),
    }
    rules = []
    for phrase in item.get("verbs") or ():
        verb, particle, obj = _split_verb(str(phrase))
        rules.append(TriggerRule(code, verb, False, particle, obj, **shared))
    for noun in item.get("nouns") or ():
        rules.append(TriggerRule(code, str(noun).lower(), True, **shared))
    if not rules:
        raise DictionaryError(f"entry for {code} has no verbs or nouns", where=where)
    return rules


def _load_file(text: str, name: str, lexicon: TriggerLexicon) -> None:
    from diplomap.nlp.actors.dictionaries import load_yaml_with_lines

    items = load_yaml_with_lines(text, name)
    if not isinstance(items, list):
        raise DictionaryError("must be a YAML list of entries", where=f"{name}:1")
    for number, item in enumerate(items, start=1):
        line = item.get("__line__", number) if isinstance(item, dict) else number
        for rule in _rules(item, f"{name}:{line}"):
            lexicon.add(rule)


@cache
def load_triggers(extra: Sequence[str] = ()) -> TriggerLexicon:
    """Built-in triggers plus ``extra`` YAML files (later entries replace earlier ones)."""
    lexicon = TriggerLexicon()
    builtin = resources.files("diplomap.nlp.data").joinpath("verbs.yaml")
    _load_file(builtin.read_text(encoding="utf-8"), "verbs.yaml", lexicon)
    for path in extra:
        source = Path(path)
        if not source.is_file():
            raise DictionaryError("no such trigger file; check the path", where=str(source))
        _load_file(source.read_text(encoding="utf-8"), str(source), lexicon)
    return lexicon
