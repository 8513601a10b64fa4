"""Event triggers: English verbs and nouns to CAMEO codes, with their argument frames.

The built-in lexicon is ``data/verbs.yaml`` (our own, written from the CAMEO
definitions); users add more with their own files in the same format. A verb
entry is a lemma, optionally with a particle or preposition ("write off",
"call for") and/or a head noun of its object ("impose sanction"); the most
specific entry that fits a sentence wins. PETRARCH 2 verb dictionaries add
patterns too (:mod:`diplomap.nlp.events.petrarch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from diplomap.errors import DictionaryError

__all__ = ["DECLINED_VERBS", "TriggerLexicon", "TriggerRule", "load_triggers"]

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
# verbs data/verbs.yaml leaves out on purpose when they stand alone (speech verbs report other
# events; the rest are mostly no event without an object): with "builtin" priority an imported
# dictionary's plain entry for one of them gives way to that decision too
DECLINED_VERBS = frozenset(
    {"say", "state", "tell", "announce", "call", "fire", "launch", "test", "seek", "provide", "give"}
)
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
    # from imported PETRARCH patterns (built-in entries leave them empty): the noun the particle
    # governs ("look into allegation"), words that must modify the object ("humanitarian aid")
    prep_object: str | None = None
    modifiers: tuple[str, ...] = ()
    where: str | None = field(default=None, compare=False)  # file:line of an imported rule

    @property
    def specificity(self) -> int:
        return (
            (self.particle is not None)
            + (self.object is not None)
            + (self.prep_object is not None)
            + bool(self.modifiers)
        )

    @property
    def key(self) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
        """What a sentence must show besides the verb: rules with the same key replace each other."""
        return (self.particle, self.object, self.prep_object, self.modifiers)

    @property
    def label(self) -> str:
        words = (self.word, self.particle, self.prep_object, " ".join(self.modifiers), self.object)
        text = " ".join(w for w in words if w)
        return f"{text} ({self.where})" if self.where else text


@dataclass
class TriggerLexicon:
    verbs: dict[str, list[TriggerRule]] = field(default_factory=dict)
    nouns: dict[str, TriggerRule] = field(default_factory=dict)

    def add(self, rule: TriggerRule, *, replace: bool = True) -> None:
        """Add ``rule``; one with the same word and key is replaced, or with ``replace=False`` kept."""
        if rule.is_noun:
            if replace or rule.word not in self.nouns:
                self.nouns[rule.word] = rule
            return
        present = self.verbs.get(rule.word, [])
        if not replace and any(r.key == rule.key for r in present):
            return
        rules = [r for r in present if r.key != rule.key]
        rules.append(rule)
        rules.sort(key=lambda r: -r.specificity)
        self.verbs[rule.word] = rules

    def extend(self, rules: Iterable[TriggerRule], *, replace: bool = True) -> None:
        """:meth:`add` each of ``rules``, sorting each verb's rules once (for thousands of rules)."""
        by_word: dict[str, dict[tuple[object, ...], TriggerRule]] = {}
        for rule in rules:
            if rule.is_noun:
                self.add(rule, replace=replace)
                continue
            keyed = by_word.get(rule.word)
            if keyed is None:
                keyed = by_word[rule.word] = {r.key: r for r in self.verbs.get(rule.word, [])}
            if rule.key in keyed:
                if not replace:
                    continue
                del keyed[rule.key]
            keyed[rule.key] = rule
        for word, keyed in by_word.items():
            self.verbs[word] = sorted(keyed.values(), key=lambda r: -r.specificity)

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
            if rule.prep_object and not _governs(token, rule.particle, rule.prep_object):
                continue
            if rule.modifiers and not any(
                _modified(h, rule.object, rule.modifiers) for h in (*heads, token.head)
            ):
                continue
            return rule
        return None

    def for_noun(self, token: Token) -> TriggerRule | None:
        return self.nouns.get(token.lemma_.lower())


def _same_word(token: Token, word: str) -> bool:
    return word in (token.lower_, token.lemma_.lower())


def _governs(verb: Token, preposition: str | None, noun: str) -> bool:
    """ "looked into the allegations": the verb's ``preposition`` has ``noun`` as its object."""
    return any(
        _same_word(g, noun)
        for c in verb.children
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ == preposition
        for g in c.children
        if g.dep_ == "pobj"
    )


def _modified(head: Token, noun: str | None, modifiers: tuple[str, ...]) -> bool:
    """ "humanitarian aid": ``head`` is ``noun`` and each of ``modifiers`` modifies it."""
    if noun is None or not _same_word(head, noun):
        return False
    words = {
        w
        for c in head.children
        if c.dep_ in ("amod", "compound", "nmod", "poss")
        for w in (c.lower_, c.lemma_.lower())
    }
    return all(m in words for m in modifiers)


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


PRIORITIES = ("builtin", "dictionary")


@cache
def load_triggers(
    extra: Sequence[str] = (),
    verb_dictionaries: Sequence[str] = (),
    priority: str = "builtin",
    skip_bad_lines: bool = False,
) -> TriggerLexicon:
    """Built-in triggers plus ``extra`` YAML files (later entries replace earlier ones) plus the
    patterns of PETRARCH verb dictionaries ``verb_dictionaries``.

    An imported pattern that asks for the same verb, particle and object as one of our entries
    gives way to ours (and a plain entry for one of :data:`DECLINED_VERBS` to our choice to code
    nothing) when ``priority`` is "builtin" (the default) and replaces it when it is
    "dictionary"; between imported files, later ones win. A bad line in a verb dictionary raises
    :class:`DictionaryError`, or with ``skip_bad_lines`` is logged and left out.
    """
    if priority not in PRIORITIES:
        raise DictionaryError(
            f"unknown verb dictionary priority {priority!r}; use one of {', '.join(PRIORITIES)}"
        )
    lexicon = TriggerLexicon()
    builtin = resources.files("diplomap.nlp.data").joinpath("verbs.yaml")
    _load_file(builtin.read_text(encoding="utf-8"), "verbs.yaml", lexicon)
    for path in extra:
        source = Path(path)
        if not source.is_file():
            raise DictionaryError("no such trigger file; check the path", where=str(source))
        _load_file(source.read_text(encoding="utf-8"), str(source), lexicon)
    if verb_dictionaries:
        from diplomap.nlp.events.petrarch import load_verb_dictionary

        ours = {(word, r.key) for word, rules in lexicon.verbs.items() for r in rules}
        ours |= {(word, (None, None, None, ())) for word in DECLINED_VERBS}
        for path in verb_dictionaries:
            rules = load_verb_dictionary(path, skip_bad_lines=skip_bad_lines).rules
            if priority == "builtin":
                rules = [r for r in rules if (r.word, r.key) not in ours]
            lexicon.extend(rules)
    return lexicon
