"""Sentence quad class (0 no event, 1-4 CAMEO quad classes) from words and the coded events.

A logistic regression over TF-IDF word uni- and bigrams plus tokens that
describe the rule-based events of the sentence (their quad classes, roots and
modalities). Trained reproducibly by ``make train`` (``tools/train_quadclass.py``)
on ConfliBERT's sentence labels, with a fold held out by a hash of each
sentence that it never sees; the weights ship as ``data/quadclass.npz`` and are
applied here with NumPy alone. It labels sentences; it never makes events, so
every event still comes from a trigger with its evidence spans.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from diplomap.nlp.extensions import doc_text
from diplomap.nlp.records import EventRecord

__all__ = [
    "QUAD_LABELS",
    "QuadClassifier",
    "QuadComponent",
    "held_out",
    "load_quad_classifier",
    "quad_features",
]

QUAD_LABELS = (0, 1, 2, 3, 4)
_TOKEN = re.compile(r"(?u)\b\w[\w_]*\b")


def held_out(text: str) -> bool:
    """The fold never trained on: one sentence in five, chosen by a hash of its text."""
    import hashlib

    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 5 == 0


def quad_features(text: str, events: Sequence[EventRecord]) -> str:
    """The text the classifier reads: the sentence, then tokens describing its coded events."""
    asserted = [e for e in events if e.modality != "negated"]
    tokens = [] if asserted else ["__noevent"]
    for event in asserted:
        tokens += [f"__q{event.quad_class}", f"__r{event.cameo_root}", f"__m_{event.modality}"]
    if asserted:
        best = max(asserted, key=lambda e: e.confidence or 0.0)
        tokens += [f"__bestq{best.quad_class}", f"__bestr{best.cameo_root}"]
    return " ".join([text, *tokens])


@dataclass(frozen=True)
class QuadClassifier:
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    classes: tuple[int, ...]
    ngrams: tuple[int, int]
    meta: dict[str, object]

    def _vector(self, text: str) -> np.ndarray:
        words = _TOKEN.findall(text.lower())
        grams: Counter[str] = Counter()
        low, high = self.ngrams
        for n in range(low, high + 1):
            grams.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        vector = np.zeros(len(self.vocabulary))
        for gram, count in grams.items():
            index = self.vocabulary.get(gram)
            if index is not None:
                vector[index] = (1.0 + np.log(count)) * self.idf[index]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def score(self, features: str) -> dict[int, float]:
        """Class probabilities for a text already in :func:`quad_features` form."""
        scores = self.coef @ self._vector(features) + self.intercept
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {label: float(p) for label, p in zip(self.classes, scores, strict=True)}

    def probabilities(self, text: str, events: Sequence[EventRecord]) -> dict[int, float]:
        return self.score(quad_features(text, events))

    def predict(self, text: str, events: Sequence[EventRecord]) -> tuple[int, float]:
        probabilities = self.probabilities(text, events)
        label = max(probabilities, key=lambda k: probabilities[k])
        return label, probabilities[label]


@cache
def load_quad_classifier() -> QuadClassifier | None:
    """The shipped model, or None when it has not been trained (``make train``)."""
    data = resources.files("diplomap.nlp.data")
    weights, meta = data.joinpath("quadclass.npz"), data.joinpath("quadclass.json")
    if not weights.is_file() or not meta.is_file():
        return None
    with weights.open("rb") as handle:
        arrays = np.load(handle, allow_pickle=False)
        vocabulary = {str(term): i for i, term in enumerate(arrays["vocabulary"])}
        return QuadClassifier(
            vocabulary=vocabulary,
            idf=arrays["idf"],
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            classes=tuple(int(c) for c in arrays["classes"]),
            ngrams=(int(arrays["ngrams"][0]), int(arrays["ngrams"][1])),
            meta=json.loads(meta.read_text(encoding="utf-8")),
        )


class QuadComponent:
    """``diplomap_quad_v1``: ``Doc._.diplomap_quad`` = (label, probability) for the sentence."""

    name = "diplomap_quad_v1"

    def __init__(self, model: QuadClassifier | None) -> None:
        self.model = model

    @property
    def fingerprint(self) -> str:
        if self.model is None:
            return f"{self.name}[untrained]"
        return f"{self.name}[{str(self.model.meta.get('sha256', ''))[:12]}]"

    def __call__(self, doc: Doc) -> Doc:
        if self.model is not None:
            doc._.diplomap_quad = self.model.predict(doc_text(doc), doc._.diplomap_events or [])
        return doc


@Language.factory(
    "diplomap_quad_v1",
    requires=["doc._.diplomap_events"],
    assigns=["doc._.diplomap_quad"],
)
def make_quad_component(nlp: Language, name: str) -> QuadComponent:
    return QuadComponent(load_quad_classifier())
