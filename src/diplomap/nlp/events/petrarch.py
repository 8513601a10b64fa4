"""PETRARCH 2 verb dictionaries (``CAMEO.2.0.txt``) read as extra event triggers.

A PETRARCH verb dictionary holds synonym sets and verb blocks::

    &CURRENCY                      a synset: its members follow, one "+WORD" a line
    +DOLLAR
    +EURO

    ---  GRANT   [070]  ---        a verb block: name and default code ([---]: none)
    GRANT                          the block's verbs, each with optional irregular forms
    GIVE {GAVE GIVEN GIVING }      and an optional code of its own
    +CALL_OFF [160]                a multi-word verb: "+" marks the word that is the verb
    - * &CURRENCY       [0231]     patterns: "*" is the verb; words after it are its object
    - * {HUMANITARIAN AID} [0233]  ({...}: a noun phrase, the last word its head),
    - * (TO BORDER)     [154]      (...) a prepositional phrase, + the target, $ the source,
    - * OFF (FROM ^)    [042]      ^ any words; [042:043] codes both directions, [:173]
                                   only the reverse one
    ~ a (a b ATTACK) SAY = a b 015 a transformation of nested events

Comments start with "#" (TABARI's ";" too); ``<!-- ... -->`` and other ``<...>``
lines are filler. Each verb of a block gets the block's patterns.

What our trigger matcher (:class:`~diplomap.nlp.events.triggers.TriggerRule`)
can express is a verb lemma with at most one particle or preposition (and the
noun it governs), one object noun (with the words that modify it), and the
prepositions that introduce the target. A pattern asking for more (words
before the verb, two objects, two prepositional phrases, the source after the
verb, compound actors, reverse-only codes, no code) is counted under its
reason in :class:`VerbImport` and left out, never silently dropped.
PETRARCH writes words as they appear ("SANCTIONS"); they become lemmas here by
a plain English plural rule, since our matcher compares lemmas.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from diplomap.errors import DictionaryError
from diplomap.nlp.events.cameo import is_cameo
from diplomap.nlp.events.triggers import TriggerRule

__all__ = [
    "Code",
    "VerbBlock",
    "VerbEntry",
    "VerbImport",
    "VerbPattern",
    "lemma",
    "load_verb_dictionary",
    "parse_verb_dictionary",
]

ErrorHandler = Callable[[DictionaryError], None]
_log = logging.getLogger(__name__)

# "---  DELAY   [120]---  ---" (dashes stuck to the code) is read as PETRARCH reads it
_HEADER = re.compile(r"^---+\s*(?P<name>[^\[\s]+)\s*\[(?P<code>[^\]]*)\][-\s]*---+\s*$")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
_VERB_LINE = re.compile(r"^(?P<word>[^\s{}\[\]()]+)\s*(?P<forms>\{[^{}]*\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_WORD = re.compile(r"^[A-Za-z0-9'/.-]+$")
_SYNSET = re.compile(r"^&[A-Za-z0-9_'-]+$")
_MARKERS = ("+", "$", "^", "%")
# words that, right after the verb, are its particle ("SET OUT VIEWS") and, later, open a
# prepositional phrase in TABARI's unbracketed style ("ATTACK ON +")
_PARTICLES = frozenset(
    {
        "about",
        "across",
        "after",
        "against",
        "ahead",
        "along",
        "among",
        "apart",
        "around",
        "as",
        "aside",
        "at",
        "away",
        "back",
        "before",
        "behind",
        "between",
        "by",
        "down",
        "for",
        "forward",
        "from",
        "in",
        "into",
        "near",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "through",
        "to",
        "together",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "with",
        "within",
        "without",
    }
)
_EXPANSION_LIMIT = 5000  # alternatives of one pattern after synsets are filled in
_TARGET_PREPS: tuple[str, ...] = ("to", "with", "against", "on", "at", "for", "into")

# reasons a construct is left out, as reported
SKIP_BEFORE_VERB = "words before the verb (a subject PETRARCH checks; our matcher does not)"
SKIP_TARGET_BEFORE = "target (+) before the verb"
SKIP_SOURCE_AFTER = "source ($) after the verb"
SKIP_COMPOUND_ACTOR = "compound-actor marker (%)"
SKIP_TWO_NOUNS = "more than one noun after the verb"
SKIP_TWO_PREPS = "more than one particle or prepositional phrase"
SKIP_PREP_MODIFIERS = "modifiers on a prepositional object ((OF {BANNED PARTIES}))"
SKIP_NULL = "null code [---] (PETRARCH: the pattern blocks coding)"
SKIP_REVERSE = "reverse-only code [:CODE]"
SKIP_EXPANSION = f"synsets expand to more than {_EXPANSION_LIMIT} alternatives"
SKIP_TRANSFORMATION = "transformation (~ ... = ...) of nested events"
SKIP_FILLER = "filler line (<...>)"
SKIP_VERB_NULL = "verb with null code [---] (patterns only)"
SKIP_VERB_BEFORE = "multi-word verb with words before the verb (WIRE_+TAP)"
SKIP_VERB_LONG = "multi-word verb with more than one word after the verb"
SKIP_VERB_REVERSE = "verb with reverse-only code [:CODE]"
SKIP_COMBINATION = "pattern whose particle differs from its multi-word verb's (verb x pattern pairs)"
SKIP_NO_VERB = "pattern in a block with no verb our matcher can use"
NOTE_REVERSE_DROPPED = "[CODE:OTHER]: the reverse event OTHER is not coded"


@dataclass(frozen=True)
class Code:
    """A PETRARCH code: ``forward`` for source -> target, ``reverse`` for target -> source; None: none."""

    forward: str | None
    reverse: str | None

    @property
    def is_null(self) -> bool:
        return self.forward is None and self.reverse is None


@dataclass(frozen=True)
class VerbEntry:
    line: int
    words: tuple[str, ...]  # lower case, the verb's own word at ``verb_at``
    verb_at: int
    forms: tuple[str, ...]
    code: Code | None  # None: the block's


@dataclass(frozen=True)
class VerbPattern:
    line: int
    before: tuple[str, ...]  # tokens before "*"
    after: tuple[str, ...]
    code: Code
    text: str


@dataclass
class VerbBlock:
    name: str
    line: int
    code: Code
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass
class VerbImport:
    """One dictionary read and converted: what it holds, the rules made, and what was left out."""

    path: str
    digest: str = ""
    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)
    rules: list[TriggerRule] = field(default_factory=list)
    verbs_loaded: int = 0
    patterns_loaded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    errors: list[DictionaryError] = field(default_factory=list)

    @property
    def verbs(self) -> int:
        return sum(len(b.verbs) for b in self.blocks)

    @property
    def patterns(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    def summary(self) -> str:
        """One line: what was read and loaded."""
        return (
            f"{self.path}: {len(self.blocks)} verb blocks, {self.verbs} verbs ({self.verbs_loaded} loaded), "
            f"{self.patterns} patterns ({self.patterns_loaded} loaded), {len(self.synsets)} synsets, "
            f"{len(self.rules)} trigger rules"
            + (f", {len(self.errors)} bad lines skipped" if self.errors else "")
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "blocks": len(self.blocks),
            "verbs": self.verbs,
            "verbs_loaded": self.verbs_loaded,
            "patterns": self.patterns,
            "patterns_loaded": self.patterns_loaded,
            "synsets": len(self.synsets),
            "rules": len(self.rules),
            "skipped": dict(self.skipped.most_common()),
            "notes": dict(self.notes.most_common()),
            "errors": [str(e) for e in self.errors],
        }


def lemma(word: str) -> str:
    """A plain English guess at the lemma of a noun written as PETRARCH writes it ("SANCTIONS")."""
    word = word.lower().strip("_")
    if len(word) <= 3 or not word.isalpha() or word.endswith(("ss", "us", "is", "news")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") else word


def _code(text: str, where: str) -> Code:
    if not text.strip():
        raise DictionaryError("empty [] code; write [042], [042:043], [:042] or [---] for none", where=where)
    parts = text.strip().split(":")
    if len(parts) > 2:
        raise DictionaryError(
            f"[{text}] has more than one ':'; write [042], [042:043], [:042] or [---]", where=where
        )
    found: list[str | None] = []
    for part in parts:
        part = part.strip()
        if part in ("", "---"):
            found.append(None)
        elif is_cameo(part):
            found.append(part)
        else:
            raise DictionaryError(
                f"{part!r} is not a CAMEO event code; write [042], [042:043], [:042] or [---]", where=where
            )
    forward = found[0]
    reverse = found[1] if len(found) == 2 else None
    return Code(forward, reverse)


def _strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def _tokens(text: str) -> list[str]:
    return re.sub(r"([(){}])", r" \1 ", text).split()


def _check_pattern_tokens(tokens: list[str], where: str) -> None:
    depth_paren = depth_brace = 0
    for token in tokens:
        if token == "(":
            if depth_paren or depth_brace:
                raise DictionaryError("'(' inside another ( ) or { }; close the first one", where=where)
            depth_paren += 1
        elif token == ")":
            if not depth_paren or depth_brace:
                raise DictionaryError("')' without its '('", where=where)
            depth_paren -= 1
        elif token == "{":
            if depth_brace:
                raise DictionaryError("'{' inside another { }; close the first one", where=where)
            depth_brace += 1
        elif token == "}":
            if not depth_brace:
                raise DictionaryError("'}' without its '{'", where=where)
            depth_brace -= 1
        elif token in _MARKERS or _SYNSET.match(token) or _WORD.match(token.replace("_", "")):
            continue
        else:
            raise DictionaryError(
                f"{token!r} is not a word, &SYNSET, ( ), {{ }} or one of + $ ^ %", where=where
            )
    if depth_paren or depth_brace:
        raise DictionaryError("unclosed '(' or '{'; close it before the [CODE]", where=where)


def _pattern(body: str, where: str, number: int) -> VerbPattern:
    text = body[1:].strip()
    match = _CODE.search(text)
    if match is None:
        raise DictionaryError("pattern has no [CODE] at its end; write e.g. '- * AID [070]'", where=where)
    code = _code(match["code"], where)
    words = text[: match.start()]
    if words.count("*") != 1:
        raise DictionaryError(
            "a pattern needs exactly one '*' where the verb stands, e.g. '- * AID [070]'", where=where
        )
    before, after = (_tokens(part) for part in words.split("*"))
    _check_pattern_tokens(before, where)
    _check_pattern_tokens(after, where)
    return VerbPattern(number, tuple(before), tuple(after), code, " ".join(text.split()))


def _verb(body: str, where: str, number: int) -> VerbEntry:
    match = _VERB_LINE.match(body.strip())
    if match is None:
        raise DictionaryError(
            "not a verb line; write WORD, WORD {FORMS}, WORD [CODE] or +MULTI_WORD {FORMS} [CODE]",
            where=where,
        )
    word = match["word"]
    parts = word.split("_")
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    if len(marked) > 1 or (len(parts) > 1 and not marked):
        raise DictionaryError(
            f"multi-word verb {word!r} needs one '+' before the verb's word, e.g. +CALL_OFF or WIRE_+TAP",
            where=where,
        )
    words = tuple(p.lstrip("+").lower() for p in parts)
    if not all(words) or not all(_WORD.match(w) for w in words):
        raise DictionaryError(f"{word!r} is not a verb; use letters, '-' and '_'", where=where)
    forms = tuple((match["forms"] or "{}")[1:-1].split())
    code = _code(match["code"], where) if match["code"] is not None else None
    return VerbEntry(number, words, marked[0] if marked else 0, forms, code)


def parse_verb_dictionary(
    path: str | Path, *, on_error: ErrorHandler | None = None, text: str | None = None
) -> VerbImport:
    """Read a PETRARCH 2 verb dictionary. Each bad line raises :class:`DictionaryError` with file and
    line; with ``on_error`` it is handed over instead and the rest is read."""
    path = Path(path)
    if text is None:
        if not path.is_file():
            raise DictionaryError("no such verb dictionary; check the path", where=str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DictionaryError("is not UTF-8 text; convert it with iconv", where=str(path)) from exc
    result = VerbImport(str(path), hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
    block: VerbBlock | None = None
    synset: str | None = None
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{path}:{number}"
        line = raw.rstrip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if line.lstrip().startswith("<"):
            in_comment = line.lstrip().startswith("<!--") and "-->" not in line
            result.skipped[SKIP_FILLER] += 1
            continue
        body = _strip_comment(line)
        if not body.strip():
            continue
        try:
            if body.startswith("---"):
                header = _HEADER.match(body)
                if header is None:
                    raise DictionaryError(
                        "verb block header must read '--- NAME [CODE] ---' (CODE may be ---)", where=where
                    )
                block = VerbBlock(header["name"], number, _code(header["code"], where))
                result.blocks.append(block)
                synset = None
            elif body.startswith("&"):
                name = body.split()[0]
                if not _SYNSET.match(name) or len(body.split()) > 1:
                    raise DictionaryError(
                        "a synset line is '&NAME' alone, its members on the '+WORD' lines after it",
                        where=where,
                    )
                synset = name
                result.synsets.setdefault(name, ())
                block = None
            elif body.startswith("+") and synset is not None:
                member = body[1:].strip()
                if not member or not _WORD.match(member.replace("_", "").replace(" ", "")):
                    raise DictionaryError(
                        f"synset member {member!r} must be words joined by '_'", where=where
                    )
                result.synsets[synset] = (*result.synsets[synset], member)
            elif body.startswith("~"):
                if "=" not in body:
                    raise DictionaryError(
                        "a transformation reads '~ a (b c VERB) VERB = a b CODE'", where=where
                    )
                result.skipped[SKIP_TRANSFORMATION] += 1
            elif body.startswith("-"):
                if block is None:
                    raise DictionaryError(
                        "pattern before any '--- NAME [CODE] ---' block header", where=where
                    )
                block.patterns.append(_pattern(body, where, number))
            elif body[0].isspace():
                raise DictionaryError(
                    "unexpected indented line; verbs and patterns start at column 1", where=where
                )
            elif block is None:
                raise DictionaryError(
                    "verb before any '--- NAME [CODE] ---' block header (or synset member without '+')",
                    where=where,
                )
            else:
                block.verbs.append(_verb(body, where, number))
        except DictionaryError as exc:
            if on_error is None:
                raise
            on_error(exc)
            result.errors.append(exc)
    _convert(result, on_error)
    return result


# ---------------------------------------------------------------- conversion to trigger rules


@dataclass(frozen=True)
class _Noun:
    head: str
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Prep:
    word: str
    noun: _Noun | None = None
    marker: str | None = None  # "+", "$" or "^" as its object


_ARTICLES = frozenset({"a", "an", "the"})


def _noun(words: list[str]) -> _Noun:
    spread = [w for word in words for w in word.split("_") if w]
    return _Noun(lemma(spread[-1]), tuple(w.lower() for w in spread[:-1] if w.lower() not in _ARTICLES))


def _structure(tokens: tuple[str, ...]) -> list[object]:
    """Tokens (synsets filled in) as nouns, prepositional phrases, particles (str) and markers."""
    items: list[object] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "{":
            end = tokens.index("}", i)
            items.append(_noun(list(tokens[i + 1 : end])))
            i = end + 1
        elif token == "(":
            end = tokens.index(")", i)
            inside = list(tokens[i + 1 : end])
            i = end + 1
            if not inside:
                continue
            prep, rest = inside[0].lower(), inside[1:]
            markers = [t for t in rest if t in _MARKERS]
            words = [t for t in rest if t not in _MARKERS and t not in "{}"]
            marker = markers[0] if markers else None
            items.append(_Prep(prep, _noun(words) if words else None, marker))
        elif token in _MARKERS:
            previous = items[-1] if items else None
            if isinstance(previous, str) and previous not in _MARKERS:
                items[-1] = _Prep(previous, None, token)  # TABARI's "ATTACK ON +"
            else:
                items.append(token)
            i += 1
        else:
            word = token.lower()
            if word in _PARTICLES and "_" not in token:
                items.append(word)
            else:
                items.append(_noun([token]))
            i += 1
    return items


def _expand(
    tokens: tuple[str, ...], synsets: dict[str, tuple[str, ...]], where: str
) -> list[tuple[str, ...]]:
    choices: list[tuple[str, ...]] = []
    for token in tokens:
        if token.startswith("&"):
            members = synsets.get(token) or synsets.get(token + "_") or synsets.get(token.rstrip("_"))
            if not members:
                raise DictionaryError(
                    f"synset {token} is not defined; define it with '{token}' and '+WORD' lines", where=where
                )
            choices.append(tuple(m.strip("_").replace(" ", "_") for m in members))
        else:
            choices.append((token,))
    size = 1
    for choice in choices:
        size *= len(choice)
    if size > _EXPANSION_LIMIT:
        return []
    return [tuple(p) for p in itertools.product(*choices)]


@dataclass(frozen=True)
class _Shape:
    """What a pattern asks for, in our matcher's terms."""

    particle: str | None
    noun: _Noun | None
    prep: _Prep | None


def _shape(before: tuple[str, ...], after: tuple[str, ...]) -> _Shape | str:
    """The pattern's shape, or why our matcher cannot express it."""
    for item in _structure(before):
        if item == "+":
            return SKIP_TARGET_BEFORE
        if item == "%":
            return SKIP_COMPOUND_ACTOR
        if item not in ("$", "^"):
            return SKIP_BEFORE_VERB
    particles: list[str] = []
    nouns: list[_Noun] = []
    preps: list[_Prep] = []
    for position, item in enumerate(_structure(after)):
        if item == "%":
            return SKIP_COMPOUND_ACTOR
        if item == "$":
            return SKIP_SOURCE_AFTER
        if item in ("+", "^"):
            continue
        if isinstance(item, str):
            if position == 0:
                particles.append(item)
            else:
                preps.append(_Prep(item))
        elif isinstance(item, _Noun):
            nouns.append(item)
        elif isinstance(item, _Prep):
            if item.marker == "$":
                return SKIP_SOURCE_AFTER
            if item.noun is not None and item.noun.modifiers:
                return SKIP_PREP_MODIFIERS
            preps.append(item)
    if len(nouns) > 1:
        return SKIP_TWO_NOUNS
    if len(particles) + len(preps) > 1:
        return SKIP_TWO_PREPS
    particle = particles[0] if particles else (preps[0].word if preps else None)
    return _Shape(particle, nouns[0] if nouns else None, preps[0] if preps else None)


def _verb_parts(entry: VerbEntry) -> tuple[str, str | None, str | None] | str:
    """(verb, particle, object) of a verb entry, or why it cannot be matched."""
    if entry.verb_at > 0:
        return SKIP_VERB_BEFORE
    rest = entry.words[1:]
    if len(rest) > 1:
        return SKIP_VERB_LONG
    if not rest:
        return entry.words[0], None, None
    if rest[0] in _PARTICLES:
        return entry.words[0], rest[0], None
    return entry.words[0], None, lemma(rest[0])


def _rule(
    verb: tuple[str, str | None, str | None], shape: _Shape | None, code: Code, where: str
) -> TriggerRule | str:
    word, particle, obj = verb
    prep_object = None
    modifiers: tuple[str, ...] = ()
    targets = _TARGET_PREPS
    if shape is not None:
        if shape.particle is not None and particle not in (None, shape.particle):
            return SKIP_COMBINATION
        particle = particle or shape.particle
        if shape.noun is not None:
            if obj is not None:
                return SKIP_TWO_NOUNS
            obj, modifiers = shape.noun.head, shape.noun.modifiers
        if shape.prep is not None:
            if shape.prep.noun is not None:
                prep_object = shape.prep.noun.head
            if shape.prep.marker == "+":
                targets = (shape.prep.word,)
    assert code.forward is not None
    return TriggerRule(
        code.forward,
        word,
        particle=particle,
        object=obj,
        target_preps=targets,
        reciprocal=code.reverse == code.forward,
        object_is_target=obj is None,
        prep_object=prep_object,
        modifiers=modifiers,
        where=where,
    )


def _convert(result: VerbImport, on_error: ErrorHandler | None) -> None:
    name = Path(result.path).name
    for block in result.blocks:
        verbs: list[tuple[str, str | None, str | None]] = []
        for entry in block.verbs:
            parts = _verb_parts(entry)
            if isinstance(parts, str):
                result.skipped[parts] += 1
                continue
            verbs.append(parts)
            code = entry.code or block.code
            if code.forward is None:
                result.skipped[SKIP_VERB_REVERSE if code.reverse else SKIP_VERB_NULL] += 1
                continue
            made = _rule(parts, None, code, f"{name}:{entry.line}")
            assert isinstance(made, TriggerRule)
            result.rules.append(made)
            result.verbs_loaded += 1
            if code.reverse not in (None, code.forward):
                result.notes[NOTE_REVERSE_DROPPED] += 1
        verbs = list(dict.fromkeys(verbs))
        for pattern in block.patterns:
            where = f"{result.path}:{pattern.line}"
            if pattern.code.forward is None:
                result.skipped[SKIP_REVERSE if pattern.code.reverse else SKIP_NULL] += 1
                continue
            try:
                rules, reason = _pattern_rules(result, pattern, verbs, f"{name}:{pattern.line}", where)
            except DictionaryError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                result.errors.append(exc)
                continue
            if not rules:
                result.skipped[reason or SKIP_COMBINATION] += 1
                continue
            result.rules.extend(rules)
            result.patterns_loaded += 1
            if pattern.code.reverse not in (None, pattern.code.forward):
                result.notes[NOTE_REVERSE_DROPPED] += 1


def _pattern_rules(
    result: VerbImport,
    pattern: VerbPattern,
    verbs: list[tuple[str, str | None, str | None]],
    label: str,
    where: str,
) -> tuple[list[TriggerRule], str | None]:
    if not verbs:
        return [], SKIP_NO_VERB
    befores = _expand(pattern.before, result.synsets, where)
    afters = _expand(pattern.after, result.synsets, where)
    if not befores or not afters:
        return [], SKIP_EXPANSION
    rules: list[TriggerRule] = []
    reason: str | None = None
    for before, after in itertools.product(befores, afters):
        shape = _shape(before, after)
        if isinstance(shape, str):
            return [], shape
        for verb in verbs:
            made = _rule(verb, shape, pattern.code, label)
            if isinstance(made, str):
                reason = made
                continue
            rules.append(made)
    return list(dict.fromkeys(rules)), reason


@cache
def _load_cached(path: str, mtime_ns: int, size: int, skip_bad_lines: bool) -> VerbImport:
    result = parse_verb_dictionary(path, on_error=(lambda _: None) if skip_bad_lines else None)
    for problem in result.errors:
        _log.warning("skipped bad line: %s", problem)
    return result


def load_verb_dictionary(path: str | Path, *, skip_bad_lines: bool = False) -> VerbImport:
    """:func:`parse_verb_dictionary`, cached while the file is unchanged. A bad line raises; with
    ``skip_bad_lines`` it is logged (and listed in ``errors``) and the rest loads."""
    source = Path(path)
    if not source.is_file():
        raise DictionaryError("no such verb dictionary; check the path", where=str(source))
    stat = source.stat()
    return _load_cached(str(source), stat.st_mtime_ns, stat.st_size, skip_bad_lines)
