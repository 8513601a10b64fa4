"""The states a relation can be said to be in, their scores, and the aspects of a relation.

A relation assessment says where a relation between two actors stands or which way it is
moving. Each state has a score on one scale, so assessments can be averaged over time
(positive: better relations; negative: worse):

============  =====  ===========================================================================
state         score  cues (examples)
============  =====  ===========================================================================
warming        +1    relations improved / are improving, rapprochement, thaw, closer ties (as fact)
courting       +0.5  one side seeks better relations: "an attempt to improve relations with",
                     "reach out to", "new partners in", "called for strengthening relations";
                     directed: source courts target
friendly       +1    good / close / warm relations, allies, partners, "close to China"
cooling        -1    deteriorating relations, estranged, growing distance, soured, rift, strained,
                     "not smooth", "turn away from", "alienated"
hostile        -2    crisis in relations, hostility, tension(s) between, enemies, rivals,
                     "sees X as a mortal threat"
stalemate      -0.5  stalemate, deadlock, impasse, "prevent normalization", "hit a wall",
                     relations have not improved
dependent       0    economic dependency of A on B, B controls N of A's trade, A relies on B;
                     directed: source depends on target
minimal        -0.5  trade / contacts basically non-existent, negligible, "no visit by A to B"
============  =====  ===========================================================================

Only ``courting`` and ``dependent`` are directed; for the other states the order of source and
target is the order of the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ASPECTS", "DIRECTED", "NEGATED", "STATES", "STATE_SCORES"]

STATES: tuple[str, ...] = (
    "warming",
    "courting",
    "friendly",
    "cooling",
    "hostile",
    "stalemate",
    "dependent",
    "minimal",
)

# Where each state puts the relation on one scale (hostile -2 ... friendly/warming +1).
STATE_SCORES: Mapping[str, float] = MappingProxyType(
    {
        "warming": 1.0,
        "courting": 0.5,
        "friendly": 1.0,
        "cooling": -1.0,
        "hostile": -2.0,
        "stalemate": -0.5,
        "dependent": 0.0,
        "minimal": -0.5,
    }
)

# States whose source and target are roles, not reading order.
DIRECTED = frozenset({"courting", "dependent"})

# What a negated cue states instead ("relations are not good" is cooling, "relations have not
# improved" a stalemate); a negated state missing here states nothing ("relations have not soured").
NEGATED: Mapping[str, str] = MappingProxyType({"friendly": "cooling", "warming": "stalemate"})

# The side of a relation an assessment is about; "relations" when nothing narrower is said.
ASPECTS: tuple[str, ...] = ("relations", "political", "economic", "trade", "military", "diplomatic")
