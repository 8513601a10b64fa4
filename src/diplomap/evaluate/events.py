"""Scoring the event coder against gold files in four formats.

* ``plover-gsr``: event-type accuracy (PLOVER 2.0 names; old names mapped),
  and precision/recall/F1 of source and target countries.
* ``petrarch-xml``: precision/recall/F1 of (source, target, root) triples and
  of (source, target, full code) codings; actors compared on their first
  three letters for triples, whole codes for codings.
* ``conflibert-class``: accuracy and macro-F1 of the sentence label 0-4
  (0 = no cooperative or conflictual event, else the main event's quad class).
* ``conflibert-ner``: span F1 of sources and targets (exact and overlapping).

Each gold sentence is coded on its own, with its date when the gold has one.
The "main" event of a sentence is the most central one (the coder's
confidence ranks triggers near the root of the parse higher).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from diplomap.evaluate.gold import READERS, ClassGold, NerGold, PetrarchGold, PloverGold
from diplomap.evaluate.metrics import PRF, accuracy, add, macro_f1, prf, span_f1
from diplomap.nlp.events.quadclass import held_out
from diplomap.nlp.pipeline import SentenceAnnotations, annotate
from diplomap.nlp.records import DocumentContext, EventRecord

__all__ = ["FORMATS", "EvalResult", "evaluate_file", "main_event"]

FORMATS = tuple(READERS)


@dataclass
class EvalResult:
    format: str
    n: int
    metrics: dict[str, float | int] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "n": self.n, "metrics": self.metrics}


def main_event(events: Sequence[EventRecord]) -> EventRecord | None:
    """The sentence's most central event, asserted ones first."""
    if not events:
        return None
    return max(events, key=lambda e: (e.modality != "negated", e.confidence or 0.0, -e.trigger_start))


def _code(
    nlp: Language, items: Sequence[tuple[str, str, date | None]], batch_size: int
) -> list[SentenceAnnotations]:
    return list(
        annotate(
            nlp,
            (
                (
                    text,
                    DocumentContext(
                        document_id=key, published=day, published_precision="day" if day else None, text=text
                    ),
                )
                for key, text, day in items
            ),
            batch_size=batch_size,
        )
    )


def _countries(codes: Sequence[str | None]) -> list[str]:
    return [c[:3] for c in codes if c]


def _plover(gold: list[PloverGold], results: list[SentenceAnnotations]) -> EvalResult:
    result = EvalResult("plover-gsr", len(gold))
    predicted_types: list[str | None] = []
    sources, targets = [], []
    for item, found in zip(gold, results, strict=True):
        event = main_event([e for e in found.events if e.plover_type]) or main_event(found.events)
        predicted_types.append(event.plover_type if event else None)
        gold_sources = [(item.id, c) for c in _countries([a.code for a in item.sources])]
        gold_targets = [(item.id, c) for c in _countries([a.code for a in item.targets])]
        sources.append(
            prf(gold_sources, [(item.id, c) for c in _countries([event.source_code if event else None])])
        )
        targets.append(
            prf(gold_targets, [(item.id, c) for c in _countries([event.target_code if event else None])])
        )
        if not event or event.plover_type != item.event:
            result.misses.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "gold": item.event,
                    "predicted": event.plover_type if event else None,
                    "coder": event.coder if event else None,
                }
            )
    result.metrics["event_type_accuracy"] = round(accuracy([g.event for g in gold], predicted_types), 4)
    result.metrics["coded_share"] = round(sum(1 for p in predicted_types if p) / max(1, len(gold)), 4)
    for name, counts in (("source", add(*sources)), ("target", add(*targets))):
        result.metrics |= {f"{name}_country_{k}": round(v, 4) for k, v in _prf_values(counts).items()}
    return result


def _prf_values(counts: PRF) -> dict[str, float]:
    return {"precision": counts.precision, "recall": counts.recall, "f1": counts.f1}


def _petrarch(gold: list[PetrarchGold], results: list[SentenceAnnotations]) -> EvalResult:
    result = EvalResult("petrarch-xml", len(gold))
    triples, codings = [], []
    for item, found in zip(gold, results, strict=True):
        events = [e for e in found.events if e.modality != "negated"]
        predicted_triples = [
            (item.id, (e.source_code or "")[:3], (e.target_code or "")[:3], e.cameo_root) for e in events
        ]
        gold_triples = [(item.id, c.source[:3], c.target[:3], c.code[:2]) for c in item.codings]
        triples.append(prf(gold_triples, predicted_triples))
        codings.append(
            prf(
                [(item.id, c.source, c.target, c.code) for c in item.codings],
                [(item.id, e.source_code or "", e.target_code or "", e.cameo) for e in events],
            )
        )
        if set(gold_triples) != set(predicted_triples):
            result.misses.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "gold": sorted(gold_triples),
                    "predicted": sorted(predicted_triples),
                }
            )
    for name, counts in (("triple", add(*triples)), ("code", add(*codings))):
        result.metrics |= {f"{name}_{k}": round(v, 4) for k, v in _prf_values(counts).items()}
    return result


def sentence_label(events: Sequence[EventRecord]) -> int:
    """0 when no cooperative or conflictual event is asserted, else the main event's quad class."""
    event = main_event([e for e in events if e.modality != "negated"])
    return int(event.quad_class or 0) if event else 0


def _label(found: SentenceAnnotations) -> int:
    """The sentence classifier's label when the pipeline has one, else the rules'."""
    return found.quad[0] if found.quad is not None else sentence_label(found.events)


def _classes(gold: list[ClassGold], results: list[SentenceAnnotations]) -> EvalResult:
    result = EvalResult("conflibert-class", len(gold))
    predicted = [_label(found) for found in results]
    labels = [g.label for g in gold]
    result.metrics["accuracy"] = round(accuracy(labels, predicted), 4)
    result.metrics["macro_f1"] = round(macro_f1(labels, predicted, [0, 1, 2, 3, 4]), 4)
    rules = [sentence_label(found.events) for found in results]
    result.metrics["rules_only_macro_f1"] = round(macro_f1(labels, rules, [0, 1, 2, 3, 4]), 4)
    # the sentence classifier was trained on part of this file: score the fold it never saw apart
    fold = [i for i, g in enumerate(gold) if held_out(g.text)]
    if fold and any(found.quad is not None for found in results):
        result.metrics["held_out_n"] = len(fold)
        result.metrics["held_out_macro_f1"] = round(
            macro_f1([labels[i] for i in fold], [predicted[i] for i in fold], [0, 1, 2, 3, 4]), 4
        )
        result.metrics["held_out_accuracy"] = round(
            accuracy([labels[i] for i in fold], [predicted[i] for i in fold]), 4
        )
    result.misses = [
        {"line": g.line, "text": g.text, "gold": g.label, "predicted": p}
        for g, p in zip(gold, predicted, strict=True)
        if g.label != p
    ]
    return result


def _ner(gold: list[NerGold], results: list[SentenceAnnotations]) -> EvalResult:
    result = EvalResult("conflibert-ner", len(gold))
    for role, key in (("S", "source"), ("T", "target")):
        exact, partial = [], []
        for index, (item, found) in enumerate(zip(gold, results, strict=True)):
            spans = item.char_spans(role) + item.char_spans("R")  # a reciprocal actor is both
            starts = [getattr(e, f"{key}_start") for e in found.events]
            ends = [getattr(e, f"{key}_end") for e in found.events]
            predicted = {(index, s, e) for s, e in zip(starts, ends, strict=True) if s is not None}
            wanted = [(index, s, e) for s, e in spans]
            exact.append(prf(wanted, predicted))
            partial.append(
                span_f1([(s, e) for _, s, e in wanted], [(s, e) for _, s, e in predicted], partial=True)
            )
        result.metrics |= {f"{key}_span_{k}": round(v, 4) for k, v in _prf_values(add(*exact)).items()}
        result.metrics[f"{key}_span_f1_overlap"] = round(add(*partial).f1, 4)
    return result


_SCORERS: dict[str, Callable[[Any, list[SentenceAnnotations]], EvalResult]] = {
    "plover-gsr": _plover,
    "petrarch-xml": _petrarch,
    "conflibert-class": _classes,
    "conflibert-ner": _ner,
}


def _items(format: str, gold: list[Any]) -> list[tuple[str, str, date | None]]:
    if format in ("plover-gsr", "petrarch-xml"):
        return [(g.id, g.text, g.date) for g in gold]
    if format == "conflibert-class":
        return [(f"line {g.line}", g.text, None) for g in gold]
    return [(f"line {g.line}", g.text(), None) for g in gold]


def evaluate_file(path: str | Path, format: str, nlp: Language, *, batch_size: int = 64) -> EvalResult:
    """Read gold ``path`` in ``format``, code its sentences with ``nlp``, and score."""
    gold = READERS[format](Path(path))
    results = _code(nlp, _items(format, gold), batch_size)
    return _SCORERS[format](gold, results)
