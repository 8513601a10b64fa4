"""Scores for ``diplomap eval``: precision/recall/F1 counts, accuracy, macro F1, spans.

Everything undefined (no predictions, no gold, nothing to average) scores 0.0
rather than raising or returning NaN. Sequences compared item by item must have
the same length (``ValueError`` otherwise).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PRF", "accuracy", "add", "confusion", "macro_f1", "per_label", "prf", "span_f1"]


@dataclass(frozen=True)
class PRF:
    """True positive, false positive and false negative counts, with the scores they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        # 2PR/(P+R) written on the counts: exact, and 0.0 whenever P+R would be 0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def prf(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """Counts matching ``predicted`` items to ``gold`` items as multisets (a repeat must be repeated)."""
    gold_counts = Counter(gold)
    predicted_counts = Counter(predicted)
    tp = sum((gold_counts & predicted_counts).values())
    return PRF(tp, predicted_counts.total() - tp, gold_counts.total() - tp)


def add(*counts: PRF) -> PRF:
    """The summed counts (micro-averaging); ``PRF(0, 0, 0)`` for none."""
    total = PRF(0, 0, 0)
    for count in counts:
        total = total + count
    return total


def _same_length(gold: Sequence[Any], predicted: Sequence[Any]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions; score them pairwise")


def accuracy(gold: Sequence[Any], predicted: Sequence[Any]) -> float:
    """Share of positions where the prediction equals the gold item (0.0 for none)."""
    _same_length(gold, predicted)
    if not gold:
        return 0.0
    return sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold)


def _check_labels(labels: Sequence[int]) -> None:
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels repeat: {list(labels)}")


def per_label(gold: Sequence[int], predicted: Sequence[int], labels: Sequence[int]) -> dict[int, PRF]:
    """One-vs-rest counts for each label; values outside ``labels`` only count against the others."""
    _same_length(gold, predicted)
    _check_labels(labels)
    tp: Counter[int] = Counter()
    fp: Counter[int] = Counter()
    fn: Counter[int] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    return {label: PRF(tp[label], fp[label], fn[label]) for label in labels}


def macro_f1(gold: Sequence[int], predicted: Sequence[int], labels: Sequence[int]) -> float:
    """Unweighted mean F1 over ``labels``.

    A label that occurs neither in ``gold`` nor in ``predicted`` has no F1 and is
    left out of the mean (a sample without, say, material conflict is not marked
    down for it); 0.0 when no label occurs at all.
    """
    scores = [c.f1 for c in per_label(gold, predicted, labels).values() if c.tp or c.fp or c.fn]
    return sum(scores) / len(scores) if scores else 0.0


def confusion(gold: Sequence[int], predicted: Sequence[int], labels: Sequence[int]) -> list[list[int]]:
    """``matrix[i][j]``: how often gold ``labels[i]`` was predicted as ``labels[j]``.

    Raises ``ValueError`` for a value not in ``labels`` (the matrix has no place for it).
    """
    _same_length(gold, predicted)
    _check_labels(labels)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        for value in (g, p):
            if value not in index:
                raise ValueError(f"label {value!r} is not in labels {list(labels)}; add it to labels")
        matrix[index[g]][index[p]] += 1
    return matrix


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a == b or max(a[0], b[0]) < min(a[1], b[1])


def span_f1(
    gold_spans: Iterable[tuple[int, int]],
    predicted_spans: Iterable[tuple[int, int]],
    *,
    partial: bool = False,
) -> PRF:
    """Counts for ``[start, end)`` spans: exact matches, or with ``partial`` any overlap.

    With ``partial`` each gold span and each predicted span is matched at most once,
    and the matching is a maximum one (so the counts do not depend on span order).
    """
    gold = [(int(s), int(e)) for s, e in gold_spans]
    predicted = [(int(s), int(e)) for s, e in predicted_spans]
    if not partial:
        return prf(gold, predicted)
    candidates = [[j for j, p in enumerate(predicted) if _overlap(g, p)] for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    tp = sum(augment(i, set()) for i in range(len(gold)))
    return PRF(tp, len(predicted) - tp, len(gold) - tp)
