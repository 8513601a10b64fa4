"""Events from one parsed sentence: trigger, source and target actors, code, evidence.

Works on spaCy's dependency parse. For a verb trigger the source is its
subject (the passive's "by" phrase), the target its object or the object of
a preposition the trigger's entry names ("aid to X", "sanctions on X"); a
subject shared through coordination ("executed ..., called ... and fired")
or an infinitive ("is to visit") is found on the governing verb. A noun
trigger ("the execution of Jang", "a visit by Kang to Europe", "trade with
Russia") takes its source from a possessive, a modifier or "by", else from the
subject of the verb it depends on. Coordinated actors give one event each;
reciprocal triggers ("X and Y met", "talks between X and Y") give both
directions; a trigger under a speech verb ("Seoul said Pyongyang fired")
keeps the speaker as reporter. An event needs an actor mention on at least
one side (it may be uncoded: "officials", "protesters"); a missing target
stays empty, never invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from diplomap.nlp.events.intent import demand_code, intent_code, rejection_code
from diplomap.nlp.events.modality import governing_tokens, modality_of
from diplomap.nlp.events.triggers import TriggerLexicon, TriggerRule
from diplomap.nlp.records import MentionRecord

__all__ = ["Actor", "Candidate", "extract_candidates"]

_SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
_OBJECT_DEPS = {"dobj", "obj", "dative"}
_CLAUSE_DEPS = {"conj", "cc", "relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"}
_SPEECH = {
    "say",
    "tell",
    "report",
    "announce",
    "claim",
    "state",
    "insist",
    "add",
    "note",
    "warn",
    "allege",
    "confirm",
    "quote",
    "disclose",
    "reveal",
    "write",
    "argue",
    "declare",
}
_PRONOUNS = {"it", "he", "she", "they", "its", "his", "her", "their", "itself", "himself", "herself"}
_CALLING = {"call", "characterise", "characterize", "describe", "label", "brand", "dub", "denounce"}
_INSULT_CODE = "111"
_DEMAND_CODE = "100"
# verbs whose object noun carries the event: "made concessions", "held talks", "departed for a trip"
_LIGHT_VERBS = {
    "make",
    "hold",
    "conduct",
    "pay",
    "have",
    "carry",
    "stage",
    "take",
    "give",
    "begin",
    "start",
    "continue",
    "resume",
    "complete",
    "launch",
    "undertake",
    "organize",
    "organise",
    "depart",
    "leave",
    "go",
    "embark",
    "set",
    "plan",
    "renew",
    "pursue",
    "wage",
    "mount",
    "intensify",
    "conclude",
    "reach",
    "prepare",
    "announce",
    "attend",
    "join",
    "offer",
    "extend",
    "seek",
}
_LOCATIVE = {"in", "at", "near", "from", "during", "inside", "outside", "across", "around", "within"}
# nouns that take their event from a modifier: "mediation effort", "aid programme", "military operation"
_GENERIC_NOUNS = {
    "effort",
    "mission",
    "operation",
    "campaign",
    "drive",
    "programme",
    "program",
    "process",
    "initiative",
    "attempt",
    "move",
    "plan",
    "bid",
    "round",
    "package",
    "project",
    "scheme",
}
_STOPPING = {
    "suspend",
    "halt",
    "cancel",
    "stop",
    "end",
    "cut",
    "freeze",
    "postpone",
    "reduce",
    "curtail",
    "terminate",
    "abandon",
    "scrap",
    "withhold",
}
# what stopping a cooperative act is coded as, by the act's code (longest prefix first)
_STOPPED_CODES = (
    ("045", "165"),
    ("071", "1621"),
    ("072", "1622"),
    ("073", "1623"),
    ("074", "1661"),
    ("07", "162"),
    ("04", "160"),
    ("05", "161"),
    ("06", "160"),
    ("03", "160"),
)
_REFUSALS = {"refuse", "decline", "fail", "reject"}
_OBLIGATIONS = {"must", "should", "ought"}
_JOINT = {"joint", "bilateral", "combined", "mutual", "trilateral"}


@dataclass(frozen=True)
class Actor:
    mention: MentionRecord
    span: Span

    @property
    def code(self) -> str | None:
        return self.mention.code


@dataclass
class Candidate:
    """An event before coding: who, what, to whom, and where it says so."""

    rule: TriggerRule
    trigger: Span
    source: Actor | None
    target: Actor | None
    modality: str
    modality_cue: str
    reporter: Actor | None = None
    clause: Span | None = None
    notes: list[str] = field(default_factory=list)
    recoded: str | None = None  # CAMEO's intent, threat or demand code for the trigger's action

    @property
    def code(self) -> str:
        return self.recoded or self.rule.code


class SentenceActors:
    """Actor mentions of one sentence, found by token."""

    def __init__(self, doc: Doc, mentions: Iterable[MentionRecord], previous: Actor | None = None):
        self.actors: list[Actor] = []
        self.by_token: dict[int, Actor] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            actor = Actor(mention, span)
            self.actors.append(actor)
            for token in span:
                self.by_token.setdefault(token.i, actor)
        self.previous = previous  # the last subject actor of the document, for "it", "he", "they"

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)

    def _pronoun(self, token: Token) -> Actor | None:
        """What "it" / "he" / "they" refers to: an earlier actor in the sentence, else the document's last."""
        wants_person = token.lower_ in ("he", "she", "his", "her", "himself", "herself")
        earlier = [a for a in self.actors if a.span.end <= token.i and a.code]
        for actor in reversed(earlier):
            if wants_person == (actor.mention.kind == "person"):
                return actor
        if self.previous is not None and (not wants_person or self.previous.mention.kind == "person"):
            return self.previous
        return None

    def near(self, token: Token) -> list[Actor]:
        """Actors naming ``token``'s phrase: the token's own mention, else the closest ones below it
        (all at the nearest depth: "the South Korea-US exercise" names both)."""
        own = self.at(token)
        if own is not None:
            # "the South Korea-US exercise", "Chinese and South Korean Presidents": modifiers that are
            # actors of their own stand beside the head's
            beside = [
                a
                for c in token.children
                if c.dep_ in ("amod", "compound", "nmod")
                for a in [self.at(c)]
                if a is not None and a is not own
            ]
            return [own, *dict.fromkeys(beside)]
        if token.pos_ == "PRON" and token.lower_ in _PRONOUNS:
            found = self._pronoun(token)
            return [found] if found else []
        frontier = [c for c in token.children if c.dep_ not in _CLAUSE_DEPS]
        for _ in range(4):
            level: list[Actor] = []
            for child in frontier:
                actor = self.at(child)
                if (
                    actor is None
                    and child.pos_ == "PRON"
                    and child.lower_ in _PRONOUNS
                    and child.dep_ == "poss"
                ):
                    actor = self._pronoun(child)
                if actor is not None and actor not in level:
                    level.append(actor)
            if level:
                return level
            frontier = [g for c in frontier for g in c.children if g.dep_ not in _CLAUSE_DEPS]
            if not frontier:
                break
        return []

    def each(self, token: Token | None) -> list[Actor]:
        """Actors of ``token`` and of every phrase coordinated with it ("Italy, Switzerland and Germany")."""
        if token is None:
            return []
        found: list[Actor] = []
        for item in (token, *token.conjuncts):
            for actor in self.near(item):
                if actor not in found:
                    found.append(actor)
        return found


def _subject(verb: Token, *, climb: bool = True) -> tuple[Token | None, bool]:
    """The subject token of ``verb`` (and whether it is a passive subject), through coordination,
    infinitives ("is to visit", "willing to subsidize") and participle clauses ("..., calling X")."""
    token = verb
    for _ in range(6):
        for child in token.children:
            if child.dep_ in _SUBJECT_DEPS and child.lower_ not in ("there",):
                return child, False
            if child.dep_ in _PASSIVE_SUBJECT_DEPS:
                return child, True
        if climb and token.dep_ == "pcomp" and token.head.dep_ == "prep":
            token = token.head.head  # "cooperating ... in putting sanctions on X"
            continue
        if climb and token.dep_ in ("conj", "xcomp", "acomp", "advcl") and token.head.i != token.i:
            if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
                break  # "because they met": a clause of its own whose subject is missing, not shared
            token = token.head
            continue
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return token.head, False
        break
    return None, False


def _agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _prep_objects(token: Token, preps: Iterable[str], depth: int = 3) -> Iterator[Token]:
    """Objects of the named prepositions below ``token`` (through objects and other prepositions)."""
    wanted = {p.lower() for p in preps}
    frontier = [token]
    for _ in range(depth):
        following: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.dep_ in _CLAUSE_DEPS:
                    continue
                if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
                    yield from (g for g in child.children if g.dep_ == "pobj")
                if child.dep_ in (
                    "prep",
                    "pobj",
                    "dobj",
                    "obj",
                    "npadvmod",
                    "nummod",
                    "quantmod",
                    "compound",
                    "appos",
                    "amod",
                    "nmod",
                ):
                    following.append(child)
        frontier = following


def _reporter(trigger: Token, actors: SentenceActors) -> Actor | None:
    """The speaker when the trigger sits in what someone said: "Seoul said Pyongyang fired"."""
    below = trigger
    for head in governing_tokens(trigger):
        if head.lemma_.lower() in _SPEECH and below.dep_ in ("ccomp", "parataxis", "xcomp", "advcl"):
            subject, _ = _subject(head)
            speakers = actors.near(subject) if subject is not None else []
            return speakers[0] if speakers else None
        below = head
    return None


def _clause(trigger: Token) -> Span:
    """The clause the trigger belongs to: its nearest verb's subtree, up to the first clause
    coordinated with it ("executed X, called Y and fired Z" are three clauses)."""
    head = trigger
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    left, right = head.left_edge.i, head.right_edge.i + 1
    for child in head.children:
        if (
            child.i > head.i
            and child.dep_ in ("conj", "advcl", "parataxis")
            and child.pos_ in ("VERB", "AUX")
        ):
            right = min(right, child.left_edge.i)
    if head.dep_ in ("conj", "advcl") and head.i > head.head.i:
        left = (
            max(left, head.i) if not any(c.i < head.i for c in head.children if c.dep_ != "punct") else left
        )
    return head.doc[left:right]


def _is_called_names(verb: Token) -> bool:
    """ "called X a 'prostitute'", "characterised China as 'spineless'": a quoted epithet."""
    if verb.lemma_.lower() not in _CALLING:
        return False
    text = verb.doc[verb.i : verb.right_edge.i + 1].text
    return any(q in text for q in ("‘", "'", "“", '"'))


def _verb_arguments(
    verb: Token, rule: TriggerRule, actors: SentenceActors
) -> tuple[list[Actor], list[Actor], list[str]]:
    notes = []
    subject, passive = _subject(verb)
    agent = _agent(verb)
    deps = _OBJECT_DEPS | {"oprd"} if rule.code == _INSULT_CODE else _OBJECT_DEPS
    objects = [c for c in verb.children if c.dep_ in deps]
    if passive:
        sources = actors.each(agent)
        targets = actors.each(subject) if rule.object_is_target else []
        notes.append("passive")
    else:
        sources = actors.each(subject)
        targets = [a for o in objects for a in actors.each(o)] if rule.object_is_target else []
    if not targets and rule.target_preps:
        targets = [a for o in _prep_objects(verb, rule.target_preps) for a in actors.each(o)]
    if not targets and rule.reciprocal:
        targets = [a for o in _prep_objects(verb, ("with", "between")) for a in actors.each(o)]
    if not targets and rule.particle:
        # "called for the strengthening of relations with Russia": who the appeal is about
        targets = [a for o in _prep_objects(verb, (rule.particle,), depth=1) for a in actors.each(o)]
        targets = [a for a in targets if a not in sources]
    if (
        not targets
        and rule.object_is_target
        and not objects
        and not passive
        and not (rule.reciprocal and len(sources) > 1)
    ):
        # the parse lost the object ("opposed - both in words and actions - the South Korea-US
        # exercise"): take the actors of the next noun phrase after the trigger, in its clause
        targets = _next_actors(verb, actors, exclude=sources)
        if targets:
            notes.append("object by position")
    return sources, targets, notes


def _next_actors(trigger: Token, actors: SentenceActors, *, exclude: list[Actor]) -> list[Actor]:
    """Actors of the first actor-bearing noun phrase after ``trigger``, before the next verb."""
    for token in trigger.doc[trigger.i + 1 :]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "acl"):
            return []
        if token.text in (".", ";", ":"):
            return []
        actor = actors.at(token)
        if actor is not None and actor not in exclude and actor.code:
            head = token
            while head.dep_ in ("compound", "nmod", "amod", "poss") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
                continue  # "met in Stockholm": a place, not the one acted on
            found = [a for a in actors.near(head) if a not in exclude] or [actor]
            return list(dict.fromkeys(found))
    return []


def _noun_arguments(
    noun: Token, rule: TriggerRule, actors: SentenceActors
) -> tuple[list[Actor], list[Actor], list[str]]:
    notes: list[str] = []
    sources = [
        a for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod") for a in actors.each(c)
    ]
    sources += [a for o in _prep_objects(noun, (*rule.source_preps, "by"), depth=1) for a in actors.each(o)]
    between = [a for o in _prep_objects(noun, ("between", "among"), depth=1) for a in actors.each(o)]
    targets = [
        a
        for o in _prep_objects(noun, (*rule.target_preps, "of", "against", "on", "with"), depth=2)
        for a in actors.each(o)
        if a not in sources
    ]
    if not targets and noun.dep_ == "ROOT":
        # a verb the tagger took for a noun: "Kang Sok-ju visits Italy, ..." (visits/NNS, Italy/npadvmod)
        targets = [
            a for c in noun.children if c.dep_ in ("npadvmod", "dobj", "appos") for a in actors.each(c)
        ]
    if between:
        sources, targets = sources + between, targets
        notes.append("between")
    if not sources and noun.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "appos"):
        # "departed for a trip to Europe", "made concessions": a light verb's subject acts
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _LIGHT_VERBS:
            subject, passive = _subject(verb, climb=False)
            if subject is not None and not passive:
                sources = actors.each(subject)
                notes.append(f"subject of {verb.lemma_}")
    return sources, targets, notes


def _pairs(
    sources: list[Actor], targets: list[Actor], rule: TriggerRule, joint: bool
) -> Iterator[tuple[Actor | None, Actor | None]]:
    reciprocal = rule.reciprocal or joint
    if reciprocal and len(sources) > 1 and not targets:
        for one in sources:
            for other in sources:
                if one is not other and one.code != other.code:
                    yield one, other
        return
    maybe_sources: list[Actor | None] = [*sources] or [None]
    maybe_targets: list[Actor | None] = [*targets] or [None]
    for source in maybe_sources:
        for target in maybe_targets:
            if source is not None and target is not None and source.span == target.span:
                continue
            yield source, target
            if reciprocal and source is not None and target is not None:
                yield target, source


def _object_of_trigger(noun: Token, triggers: TriggerLexicon) -> bool:
    """The noun is the object of a verb that is itself a trigger."""
    head = noun.head if noun.dep_ in ("dobj", "obj", "nsubjpass", "attr") else None
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        head = noun.head.head
    return (
        head is not None
        and head.i != noun.i
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() not in _LIGHT_VERBS
        and triggers.for_verb(head) is not None
    )


def _stopped_cooperation(verb: Token, triggers: TriggerLexicon) -> TriggerRule | None:
    """ "suspended aid deliveries", "cancelled a planned visit", "ended mediation efforts": stopping
    a cooperative act is CAMEO 16 (reduce relations), by what is stopped."""
    if verb.lemma_.lower() not in _STOPPING:
        return None
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
        stopped = triggers.for_noun(obj) or next(
            (r for c in obj.children if c.dep_ in ("compound", "amod") for r in [triggers.for_noun(c)] if r),
            None,
        )
        if stopped is None:
            continue
        code = next((c for prefix, c in _STOPPED_CODES if stopped.code.startswith(prefix)), None)
        if code is not None:
            return TriggerRule(
                code,
                verb.lemma_.lower(),
                object=obj.lemma_.lower(),
                target_preps=("to", "for", "with", "between"),
                object_is_target=False,
            )
    return None


def _conditional(trigger: Token) -> bool:
    """ "will withdraw its force unless ...": a plan made conditional on the other side is a threat."""
    return any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children) for c in trigger.children)


def _obliged(trigger: Token) -> bool:
    """ "Sudan must return the helicopter", "Iraq should cooperate", "has to withdraw"."""
    if any(c.dep_ == "aux" and c.lower_ in _OBLIGATIONS for c in trigger.children):
        return True
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.lemma_.lower() in ("have", "need") and head.i != trigger.i


def _refused(trigger: Token, modality: str, cue: str) -> bool:
    """ "refused to deploy", "declined to resign", "will not accept", "failed to reach agreement"."""
    if modality != "negated":
        return False
    if cue in _REFUSALS:
        return True
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall") for c in trigger.children)


def _speech_acts(candidate: Candidate, obliged: bool, refused: bool = False) -> list[Candidate]:
    """CAMEO's coding of what is only intended, demanded or refused: a planned cooperative action is
    an expression of intent (03x), a planned conflictual one a threat (13x), "X said Y must act" a
    demand of X on Y (10x), and refusing a cooperative act a rejection (12x)."""
    action = candidate.rule.code
    if refused and action[:2] in ("03", "04", "05", "06", "07", "08"):
        return [
            replace(
                candidate,
                recoded=rejection_code(action),
                modality="asserted",
                notes=[*candidate.notes, f"refusal to {candidate.rule.label} ({action})"],
            )
        ]
    if obliged and candidate.reporter is not None and candidate.source is not None:
        return [
            replace(
                candidate,
                source=candidate.reporter,
                target=candidate.source,
                reporter=None,
                recoded=demand_code(action),
                modality="asserted",
                notes=[*candidate.notes, f"demand that {candidate.rule.label} ({action})"],
            )
        ]
    if obliged:
        return [replace(candidate, modality="hedged", modality_cue="must")]
    if candidate.modality == "planned" and _conditional(candidate.trigger.root):
        threat = intent_code(action)
        return [
            replace(
                candidate,
                recoded=threat if threat and threat.startswith("13") else "130",
                notes=[*candidate.notes, f"threat: {action} unless"],
            )
        ]
    if candidate.modality == "planned":
        intended = intent_code(action)
        if intended is not None:
            return [replace(candidate, recoded=intended, notes=[*candidate.notes, f"intent to {action}"])]
    return [candidate]


_RECALLING = frozenset({"anniversary", "commemoration", "celebration", "memory", "legacy", "spirit", "eve"})


def _named_or_commemorated(noun: Token) -> bool:
    """A nominal trigger that names a law or work ("the Treaty of Friendship Act") or that an
    anniversary recalls ("the 33rd anniversary of its Friendship Treaty")."""
    if noun.pos_ == "PROPN" and noun.ent_type_ in ("LAW", "WORK_OF_ART"):
        return True
    token = noun
    for _ in range(3):  # Treaty <- of <- anniversary, through a compound head at most
        head = token.head
        if head.i == token.i:
            return False
        if head.lemma_.lower() in _RECALLING and token.dep_ in ("prep", "pobj", "compound", "poss", "nmod"):
            return True
        token = head
    return False


def extract_candidates(doc: Doc, actors: SentenceActors, triggers: TriggerLexicon) -> list[Candidate]:
    """Every event candidate in a parsed sentence."""
    found: list[Candidate] = []
    seen: set[tuple[int, int | None, int | None, str]] = set()
    for token in doc:
        rule: TriggerRule | None = None
        if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB") and token.pos_ != "NOUN"):
            rule = triggers.for_verb(token)
            if rule is None and _is_called_names(token):
                rule = TriggerRule(_INSULT_CODE, token.lemma_.lower(), object_is_target=True)
            if rule is None or rule.code[:2] not in ("16",):
                stopped = _stopped_cooperation(token, triggers)
                if stopped is not None:
                    rule = stopped
            if rule is None and _obliged(token) and _reporter(token, actors) is not None:
                # "Russia said Sudan must return the helicopter": a demand, whatever the action
                rule = TriggerRule(_DEMAND_CODE, token.lemma_.lower())
            if rule is None:
                continue
            sources, targets, notes = _verb_arguments(token, rule, actors)
        elif token.pos_ in ("NOUN", "PROPN"):
            rule = triggers.for_noun(token)
            if rule is None and token.lemma_.lower() in _GENERIC_NOUNS:
                # "a mediation effort", "peace talks", "the aid programme": the modifier names the event
                rule = next(
                    (
                        r
                        for c in token.children
                        if c.dep_ in ("compound", "amod")
                        for r in [triggers.for_noun(c)]
                        if r is not None
                    ),
                    None,
                )
            named = actors.at(token)
            if rule is None or (named is not None and named.mention.kind != "agent"):
                continue  # "Visit" inside a name is no visit
            if _object_of_trigger(token, triggers):
                continue  # "lifted sanctions", "condemned the launch": the verb's event, not the noun's
            if _named_or_commemorated(token):
                continue  # "the anniversary of its Friendship Treaty": a past event recalled, not one now
            sources, targets, notes = _noun_arguments(token, rule, actors)
        else:
            continue
        joint = any(c.lower_ in _JOINT for c in token.children if c.dep_ == "amod")
        modality, cue = modality_of(token)
        obliged = _obliged(token)
        reporter = _reporter(token, actors)
        trigger = doc[token.i : token.i + 1]
        for source, target in _pairs(sources, targets, rule, joint):
            if source is None and target is None:
                continue  # no actor at all: nothing to code
            key = (
                token.i,
                source.span.start if source else None,
                target.span.start if target else None,
                rule.code,
            )
            if key in seen:
                continue
            seen.add(key)
            candidate = Candidate(
                rule,
                trigger,
                source,
                target,
                modality,
                cue,
                reporter if reporter is not source else None,
                _clause(token),
                list(notes),
            )
            found.extend(_speech_acts(candidate, obliged, _refused(token, modality, cue)))
    return found
