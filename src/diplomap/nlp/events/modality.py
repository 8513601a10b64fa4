"""Modality of an event: asserted, negated, hedged, planned, or the author's assessment.

Read from the trigger's own auxiliaries and adverbs and from the words that
govern its clause: "did not meet" is negated; "may", "whether", "it remains
to be seen", "it is quite possible that" hedge; "will", "is to", "plans to",
"the expected visit" plan; "appears", "it is clear that", "obviously" mark an
analyst's assessment. When cues of several kinds apply, the first in that
order wins (a negated plan is negated; a hedged plan is hedged).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

__all__ = ["MODALITIES", "governing_tokens", "modality_of"]

MODALITIES = ("asserted", "negated", "hedged", "planned", "assessment")

_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
_NEGATING_HEADS = {"fail", "refuse", "decline", "avoid"}  # "failed to meet": the meeting did not happen
_HEDGES = {
    "may",
    "might",
    "could",
    "would",
    "possible",
    "possibly",
    "perhaps",
    "probably",
    "likely",
    "unlikely",
    "whether",
    "if",
    "uncertain",
    "unclear",
    "seen",
    "suspect",
    "speculate",
    "rumor",
    "rumour",
    "allegedly",
    "reportedly",
    "potentially",
    "conceivably",
    "maybe",
}
_PLANS = {
    "will",
    "shall",
    "'ll",
    "plan",
    "intend",
    "expect",
    "schedule",
    "aim",
    "prepare",
    "set",
    "going",
    "due",
    "upcoming",
    "planned",
    "scheduled",
    "expected",
    "proposed",
    "forthcoming",
    "future",
    "prospective",
    "willing",
    "ready",
    "prepared",
    "pledge",
    "promise",
    "offer",
    "vow",
    "commit",
    "committed",
    "decide",
    "agree",
    "undertake",
    "determined",
}
# verbs that make what they govern a plan, but not what they modify ("threatened to invade", not
# "the long-threatened invasion", which happened)
_PLAN_HEADS = {"threaten", "swear", "warn"}
_ASSESSMENTS = {
    "appear",
    "seem",
    "clear",
    "clearly",
    "obvious",
    "obviously",
    "evident",
    "evidently",
    "apparently",
    "definitely",
    "certainly",
    "doubt",
    "mean",
    "meant",
    "undoubtedly",
    "presumably",
}
_SPEECH = {"say", "tell", "announce", "declare", "state", "confirm", "report", "add", "insist"}
_CUE_DEPS = {"aux", "auxpass", "neg", "advmod", "mark", "acomp", "amod", "det", "preconj"}


def governing_tokens(trigger: Token) -> Iterator[Token]:
    """The trigger's head chain up to the sentence root, not crossing into a coordinated clause."""
    token = trigger
    while token.head.i != token.i and token.dep_ != "conj":
        token = token.head
        yield token


def _cues(trigger: Token) -> tuple[set[str], set[str]]:
    """(cue words on the trigger itself, cue words on what governs it)."""
    own = {c.lower_ for c in trigger.children if c.dep_ in _CUE_DEPS} | {
        c.lemma_.lower() for c in trigger.children if c.dep_ in _CUE_DEPS
    }
    governing: set[str] = set()
    for head in governing_tokens(trigger):
        governing.add(head.lemma_.lower())
        governing |= {c.lower_ for c in head.children if c.dep_ in _CUE_DEPS}
        governing |= {c.lemma_.lower() for c in head.children if c.dep_ in _CUE_DEPS}
    return own, governing


def _is_to_infinitive_plan(trigger: Token) -> bool:
    """ "X is to visit Y": the trigger is an xcomp of a form of "be" with "to"."""
    head = trigger.head
    return (
        trigger.dep_ == "xcomp"
        and head.lemma_ == "be"
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in trigger.children)
    )


def modality_of(trigger: Token) -> tuple[str, str]:
    """(modality, the cue that decided it)."""
    own, governing = _cues(trigger)
    negation = (own & _NEGATIONS) or {h.lemma_ for h in governing_tokens(trigger)} & _NEGATING_HEADS
    if negation:
        return "negated", sorted(negation)[0]
    heads = list(governing_tokens(trigger))
    if (
        any(h.dep_ != "conj" and {c.lower_ for c in h.children if c.dep_ == "neg"} for h in heads[:1])
        and trigger.dep_ == "xcomp"
    ):
        return "negated", "not"  # "did not want to meet"
    if "would" in own and {h.lemma_.lower() for h in governing_tokens(trigger)} & _SPEECH:
        own = (own - {"would"}) | {"will"}  # "said they would blockade Paris": a plan, in reported speech
    hedge = (own | governing) & _HEDGES
    if hedge:
        return "hedged", sorted(hedge)[0]
    if _is_to_infinitive_plan(trigger):
        return "planned", "be to"
    plan = (own | governing) & _PLANS or {h.lemma_.lower() for h in governing_tokens(trigger)} & _PLAN_HEADS
    if plan:
        return "planned", sorted(plan)[0]
    assessment = governing & _ASSESSMENTS
    if assessment:
        return "assessment", sorted(assessment)[0]
    return "asserted", ""
