"""Scoring functions: hand-checked values and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomap.evaluate.metrics import PRF, accuracy, add, confusion, macro_f1, per_label, prf, span_f1

LABELS = [0, 1, 2, 3, 4]
items = st.lists(st.sampled_from("abcde"), max_size=12)
label_lists = st.lists(st.integers(0, 4), max_size=30)
spans = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 6)).map(lambda t: (t[0], t[0] + t[1])), max_size=8
)


def test_evaluate_metrics_prf_values():
    counts = PRF(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / (0.75 + 0.6))


def test_evaluate_metrics_undefined_scores_are_zero():
    for counts in (PRF(0, 0, 0), PRF(0, 3, 0), PRF(0, 0, 3), PRF(0, 2, 2)):
        assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
    assert prf([], []) == PRF(0, 0, 0)


def test_evaluate_metrics_prf_is_multiset_matching():
    assert prf(["a", "a", "b"], ["a", "b", "b", "c"]) == PRF(tp=2, fp=2, fn=1)
    assert prf([("e1", "USA")] * 2, [("e1", "USA")]) == PRF(1, 0, 1)
    assert prf(iter(["x"]), (y for y in ["x"])) == PRF(1, 0, 0)


def test_evaluate_metrics_add_sums_counts():
    assert add(PRF(1, 2, 3), PRF(10, 20, 30), PRF(0, 0, 1)) == PRF(11, 22, 34)
    assert add() == PRF(0, 0, 0)
    assert PRF(1, 0, 0) + PRF(0, 1, 0) == PRF(1, 1, 0)
    assert PRF(1, 1, 2).as_dict() == {
        "tp": 1,
        "fp": 1,
        "fn": 2,
        "precision": 0.5,
        "recall": 0.3333,
        "f1": 0.4,
    }


def test_evaluate_metrics_accuracy():
    assert accuracy([1, 2, 3, 4], [1, 2, 0, 4]) == 0.75
    assert accuracy([], []) == 0.0
    with pytest.raises(ValueError, match="pairwise"):
        accuracy([1, 2], [1])


def test_evaluate_metrics_per_label_and_macro_f1():
    gold = [0, 0, 1, 1, 2, 2]
    predicted = [0, 1, 1, 1, 2, 0]
    counts = per_label(gold, predicted, [0, 1, 2])
    assert counts == {0: PRF(1, 1, 1), 1: PRF(2, 1, 0), 2: PRF(1, 0, 1)}
    expected = (0.5 + 0.8 + 2 / 3) / 3
    assert macro_f1(gold, predicted, [0, 1, 2]) == pytest.approx(expected)
    # labels 3 and 4 occur nowhere: left out of the mean rather than counted as 0
    assert macro_f1(gold, predicted, LABELS) == pytest.approx(expected)
    # a label predicted but never gold does count (its F1 is 0)
    assert macro_f1([0, 0], [0, 3], LABELS) == pytest.approx((2 / 3 + 0.0) / 2)
    assert macro_f1([], [], LABELS) == 0.0
    with pytest.raises(ValueError, match="repeat"):
        per_label([0], [0], [0, 0])


def test_evaluate_metrics_macro_f1_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    gold = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 3, 3]
    predicted = [0, 2, 2, 3, 3, 1, 1, 2, 4, 4, 3, 0]
    assert macro_f1(gold, predicted, LABELS) == pytest.approx(
        metrics.f1_score(gold, predicted, labels=LABELS, average="macro")
    )
    assert (
        confusion(gold, predicted, LABELS)
        == metrics.confusion_matrix(gold, predicted, labels=LABELS).tolist()
    )


def test_evaluate_metrics_confusion():
    assert confusion([0, 0, 1, 2], [0, 1, 1, 0], [0, 1, 2]) == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]
    assert confusion([2, 0], [2, 2], [2, 0]) == [[1, 0], [1, 0]]  # rows and columns follow labels
    with pytest.raises(ValueError, match="not in labels"):
        confusion([0, 7], [0, 0], [0, 1])


def test_evaluate_metrics_span_exact():
    assert span_f1([(0, 2), (5, 7)], [(0, 2), (5, 6), (9, 10)]) == PRF(1, 2, 1)
    assert span_f1([], [(1, 2)]) == PRF(0, 1, 0)


def test_evaluate_metrics_span_partial_matches_each_gold_once():
    assert span_f1([(0, 4)], [(0, 1), (3, 5)], partial=True) == PRF(1, 1, 0)
    assert span_f1([(0, 2), (1, 3)], [(1, 2)], partial=True) == PRF(1, 0, 1)
    assert span_f1([(0, 2)], [(2, 4)], partial=True) == PRF(0, 1, 1)  # touching is not overlapping
    assert span_f1([(3, 3)], [(3, 3)], partial=True) == PRF(1, 0, 0)  # empty spans match when equal


def test_evaluate_metrics_span_partial_is_a_maximum_matching():
    # greedy in gold order would give (0,5)-(4,6) and leave (5,6) unmatched
    assert span_f1([(0, 5), (5, 6)], [(4, 6), (0, 1)], partial=True) == PRF(2, 0, 0)


@given(items, items)
def test_evaluate_metrics_prf_scores_in_unit_interval(gold, predicted):
    counts = prf(gold, predicted)
    for score in (counts.precision, counts.recall, counts.f1):
        assert 0.0 <= score <= 1.0
    assert counts.tp + counts.fn == len(gold) and counts.tp + counts.fp == len(predicted)


@given(items, items)
def test_evaluate_metrics_prf_swap_exchanges_precision_and_recall(gold, predicted):
    forward, backward = prf(gold, predicted), prf(predicted, gold)
    assert forward.precision == backward.recall and forward.recall == backward.precision
    assert forward.f1 == pytest.approx(backward.f1)


@given(items)
def test_evaluate_metrics_identical_lists_score_one(values):
    counts = prf(values, list(reversed(values)))
    assert counts.fp == counts.fn == 0
    assert counts.f1 == (1.0 if values else 0.0)


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30))
def test_evaluate_metrics_macro_f1_of_identical_lists_is_one(labels):
    assert macro_f1(labels, list(labels), LABELS) == 1.0
    assert accuracy(labels, list(labels)) == 1.0


@given(st.data())
def test_evaluate_metrics_macro_f1_in_unit_interval(data):
    gold = data.draw(label_lists)
    predicted = data.draw(st.lists(st.integers(0, 4), min_size=len(gold), max_size=len(gold)))
    assert 0.0 <= macro_f1(gold, predicted, LABELS) <= 1.0
    matrix = confusion(gold, predicted, LABELS)
    assert sum(map(sum, matrix)) == len(gold)
    assert sum(matrix[i][i] for i in range(5)) == sum(
        1 for g, p in zip(gold, predicted, strict=True) if g == p
    )
    counts = per_label(gold, predicted, LABELS)
    assert add(*counts.values()).tp == sum(matrix[i][i] for i in range(5))


@given(spans, spans)
def test_evaluate_metrics_partial_spans_never_below_exact(gold, predicted):
    exact, partial = span_f1(gold, predicted), span_f1(gold, predicted, partial=True)
    assert exact.tp <= partial.tp <= min(len(gold), len(predicted))
    assert partial.tp + partial.fn == len(gold) and partial.tp + partial.fp == len(predicted)
    assert span_f1(list(reversed(gold)), predicted, partial=True) == partial
    assert span_f1(predicted, gold, partial=True).tp == partial.tp
