"""Cost of our pipeline components against the model alone, and a dump of what they annotate.

The corpus is fixed: every sentence of ``examples/corpus/*`` and ``../shared/seeds/*`` (in document
order, each knowing its document, so per-document memory works as in ``ingest``), then the sentences
of the PLOVER GSR gold file and the first 2000 of the ConfliBERT classification file (each its own
document, as ``diplomap eval`` codes them).

    python tools/profile_components.py --dump reference.json       # annotations of every sentence
    python tools/profile_components.py --check reference.json      # same as the reference? (exit 1 if not)
    python tools/profile_components.py --time --repeat 3           # CPU seconds and words/s
    python tools/profile_components.py --profile diplomap_events_v1  # cProfile of one component

Times are ``time.process_time`` (CPU of this process), the best of ``--repeat`` runs. Components are
timed over docs the model has already parsed, each doc through them in pipeline order; ``pipe`` is a whole
``nlp.pipe`` run with the model alone and with every component, and ``code`` the ``diplomap code``
path (language guess, sentence split, annotation, JSON records) over the same texts.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from diplomap.coding import CodeInput, code_records
from diplomap.evaluate.gold import read_conflibert_class, read_plover_gsr
from diplomap.ingest.records import SourceDocument
from diplomap.ingest.sources import Source, read_source
from diplomap.nlp.pipeline import COMPONENTS, SentenceAnnotations, annotate, load_pipeline
from diplomap.nlp.records import DocumentContext
from diplomap.nlp.sentences import MAX_SENTENCE_CHARS, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONFLIBERT_SENTENCES = 2000
BATCH_SIZE = 256


@dataclasses.dataclass(frozen=True)
class _Document:
    """A document of the corpus: what its context is built from, and its sentences."""

    id: str
    text: str
    sentences: tuple[str, ...]
    published: date | None = None
    precision: str | None = None
    title: str | None = None

    def context(self) -> DocumentContext:
        return DocumentContext(
            document_id=self.id,
            published=self.published,
            published_precision=self.precision,
            title=self.title,
            text=self.text,
        )


def _files() -> list[Path]:
    return sorted((ROOT / "examples" / "corpus").iterdir()) + sorted((SHARED / "seeds").iterdir())


def _source_documents(path: Path) -> Iterator[SourceDocument]:
    for found in read_source(Source(str(path)), max_bytes=50_000_000, timeout=10.0):
        if isinstance(found, SourceDocument):
            yield found
        else:
            print(f"skipped: {found}", file=sys.stderr)


def corpus() -> list[_Document]:
    """The fixed corpus, documents in order."""
    documents: list[_Document] = []
    for path in _files():
        for found in _source_documents(path):
            published = found.metadata.published
            documents.append(
                _Document(
                    found.id,
                    found.text,
                    tuple(s.text for s in split_sentences(found.text)),
                    published.value if published else None,
                    published.precision if published else None,
                    found.metadata.title,
                )
            )
    for gold in read_plover_gsr(SHARED / "gold" / "plover_gsr_cameo.json"):
        day = gold.date
        documents.append(_Document(gold.id, gold.text, (gold.text,), day, "day" if day else None))
    for row in read_conflibert_class(SHARED / "gold" / "conflibert_cameo_class_train.tsv")[
        :CONFLIBERT_SENTENCES
    ]:
        documents.append(_Document(f"line {row.line}", row.text, (row.text,)))
    return documents


def sentences(documents: list[_Document]) -> Iterator[tuple[str, DocumentContext]]:
    """Each sentence with its document's context, new contexts each call (a new pass, fresh memory)."""
    for document in documents:
        context = document.context()
        for text in document.sentences:
            yield text, context


# --- the dump ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(text: str, found: SentenceAnnotations) -> dict[str, Any]:
    return {"text": text, **_plain(dataclasses.asdict(found))}


def dump(nlp: Language, documents: list[_Document]) -> list[dict[str, Any]]:
    items = list(sentences(documents))
    results = annotate(nlp, iter(items), batch_size=BATCH_SIZE)
    return [_record(text, found) for (text, _), found in zip(items, results, strict=True)]


def check(records: list[dict[str, Any]], reference_path: Path) -> bool:
    reference = json.loads(reference_path.read_text(encoding="utf-8"))
    if len(reference) != len(records):
        print(f"DIFFERENT: {len(records)} sentences, the reference has {len(reference)}")
        return False
    differ = [i for i, (a, b) in enumerate(zip(records, reference, strict=True)) if a != b]
    for i in differ[:10]:
        print(f"DIFFERENT sentence {i}: {records[i]['text'][:100]!r}")
        for key in ("mentions", "events", "assessments", "quad"):
            if records[i][key] != reference[i][key]:
                print(f"  {key}:\n    now {records[i][key]}\n    was {reference[i][key]}")
    if differ:
        print(f"DIFFERENT: {len(differ)} of {len(records)} sentences")
        return False
    print(f"IDENTICAL: {len(records)} sentences")
    return True


# --- timing -----------------------------------------------------------------------------------


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _parsed(nlp: Language, items: list[tuple[str, DocumentContext]]) -> list[Doc]:
    with nlp.select_pipes(disable=list(COMPONENTS)):
        return list(nlp.pipe((text for text, _ in items), batch_size=BATCH_SIZE))


def _apply_all(nlp: Language, docs: list[Doc], documents: list[_Document]) -> dict[str, float]:
    """CPU seconds of each of our components over ``docs``, in pipeline order (one pass)."""
    for doc, (_, context) in zip(docs, sentences(documents), strict=True):
        doc._.diplomap_context = context
        for key in [k for k in doc.user_data if not isinstance(k, tuple)]:
            del doc.user_data[key]  # what a component cached on the doc (its text): not yet built
    components = [(name, nlp.get_pipe(name)) for name in COMPONENTS]
    spent = dict.fromkeys(COMPONENTS, 0.0)
    for doc in docs:  # as nlp.pipe runs them: each doc through all of them in turn
        for name, component in components:
            start = time.process_time()
            component(doc)
            spent[name] += time.process_time() - start
    return spent


def timing(nlp: Language, documents: list[_Document], repeat: int) -> None:
    items = list(sentences(documents))
    texts = [text for text, _ in items]
    docs = _parsed(nlp, items)  # also warms up every lazy load
    words = sum(len(doc) for doc in docs)
    list(annotate(nlp, sentences(documents), batch_size=BATCH_SIZE))

    def bare() -> None:
        with nlp.select_pipes(disable=list(COMPONENTS)):
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
                pass

    def full() -> None:
        for _ in annotate(nlp, sentences(documents), batch_size=BATCH_SIZE):
            pass

    records = [CodeInput(d.id, d.text) for d in documents]  # a gold sentence is a record of its own
    code_texts = [
        s.text for r in records for s in split_sentences(r.text) if len(s.text) <= MAX_SENTENCE_CHARS
    ]

    def bare_code() -> None:
        with nlp.select_pipes(disable=list(COMPONENTS)):
            for _ in nlp.pipe(code_texts, batch_size=64):
                pass

    def code() -> None:
        for _ in code_records(records, nlp, batch_size=64):
            pass

    components: dict[str, float] = {}
    for _ in range(repeat):
        for name, seconds in _apply_all(nlp, docs, documents).items():
            components[name] = min(components.get(name, float("inf")), seconds)
    model = _best(bare, repeat)
    whole = _best(full, repeat)
    print(f"{len(items)} sentences, {words} words (tokens); best of {repeat} runs, CPU seconds")
    print(f"{'model alone (nlp.pipe)':32} {model:7.2f} s {words / model:9.0f} words/s")
    total = sum(components.values())
    for name, seconds in components.items():
        print(f"  {name:30} {seconds:7.2f} s  {100 * seconds / model:5.1f}% of the model")
    print(f"  {'our components':30} {total:7.2f} s  {100 * total / model:5.1f}% of the model")
    print(
        f"{'model + components (annotate)':32} {whole:7.2f} s {words / whole:9.0f} words/s"
        f"  = {100 * model / whole:.1f}% of bare"
    )
    code_words = sum(len(t.split()) for t in code_texts)
    bare_seconds, code_seconds = _best(bare_code, repeat), _best(code, repeat)
    print(
        f"{'diplomap code path':32} {code_seconds:7.2f} s {code_words / code_seconds:9.0f} words/s"
        f"  = {100 * bare_seconds / code_seconds:.1f}% of bare nlp.pipe ({bare_seconds:.2f} s,"
        f" {code_words / bare_seconds:.0f} words/s; words split on spaces)"
    )


def profile(nlp: Language, documents: list[_Document], name: str, top: int) -> None:
    items = list(sentences(documents))
    docs = _parsed(nlp, items)
    _apply_all(nlp, docs, documents)  # warm up
    for doc, (_, context) in zip(docs, sentences(documents), strict=True):
        doc._.diplomap_context = context
    for before in COMPONENTS[: COMPONENTS.index(name)]:
        for doc in docs:
            nlp.get_pipe(before)(doc)
    component = nlp.get_pipe(name)
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        component(doc)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dump", type=Path, help="write every sentence's annotations to this JSON file")
    parser.add_argument("--check", type=Path, help="compare every sentence's annotations with this dump")
    parser.add_argument("--time", action="store_true", help="time the model and each component")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    parser.add_argument("--profile", choices=COMPONENTS, help="cProfile one component over the corpus")
    parser.add_argument("--top", type=int, default=40, help="profile rows to print")
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()
    documents = corpus()
    nlp = load_pipeline(args.model)
    ok = True
    if args.dump or args.check:
        records = dump(nlp, documents)
        if args.dump:
            args.dump.write_text(json.dumps(records, ensure_ascii=False, indent=0), encoding="utf-8")
            print(f"wrote {len(records)} sentences to {args.dump}")
        if args.check:
            ok = check(records, args.check)
    if args.time:
        timing(nlp, documents, args.repeat)
    if args.profile:
        profile(nlp, documents, args.profile, args.top)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
