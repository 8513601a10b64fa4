"""Relation assessments: what analysts and news say about where a relation stands.

"North Korea-China relations became estranged", "the growing distance between China and North
Korea", "China controls some three-quarters of North Korea's foreign trade": each becomes an
:class:`~diplomap.nlp.records.AssessmentRecord` with a state from :data:`STATES` (scored by
:data:`STATE_SCORES`), the two sides, who holds the view and the aspect of the relation. The
spaCy component ``diplomap_assessments_v1`` lives in :mod:`.component`; its cue lexicon is
``diplomap/nlp/data/assessments.yaml``.
"""

from __future__ import annotations

from diplomap.nlp.assessments.states import ASPECTS, DIRECTED, NEGATED, STATE_SCORES, STATES

__all__ = ["ASPECTS", "DIRECTED", "NEGATED", "STATES", "STATE_SCORES"]
