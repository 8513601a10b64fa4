"""`make bench`: ingest throughput against the limit set by bare spaCy on the same text.

Corpus: the example corpus (and the two seed articles when ../shared is there),
copied COPIES times with a numbered line added so that each copy is a new
document. Figures: words/s of bare ``nlp.pipe`` over the corpus's sentences
(the limit on this machine), words/s and events/s of ``diplomap code`` (no store),
words/s and documents/s of ``ingest`` with
the full pipeline (model and our components) into a fresh SQLite store (read,
split, annotate, store), and coding words/s on a local Dask cluster of 1 and
of 2 workers (clock started once the workers have their pipeline) with the
speedup. Machine facts are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from diplomap.coding import CodeInput, code_records
from diplomap.ingest.run import ingest
from diplomap.ingest.sources import expand_sources, read_source
from diplomap.nlp.pipeline import load_pipeline, pipeline_fingerprint
from diplomap.nlp.sentences import split_sentences
from diplomap.settings import load_settings
from diplomap.store.repository import Store

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "examples" / "corpus", ROOT.parent / "shared" / "seeds"]


def build_corpus(folder: Path, copies: int) -> list[str]:
    """Write the corpus as text files; returns the documents' texts."""
    documents = []
    for source in expand_sources([str(p) for p in INPUTS if p.is_dir()]):
        for item in read_source(source, max_bytes=20 * 2**20, timeout=5):
            if hasattr(item, "text"):
                documents.append(item.text)
    texts = []
    for copy in range(copies):
        for number, text in enumerate(documents):
            body = f"{text}\nCopy {copy} of document {number} was filed for the benchmark."
            (folder / f"{copy:03d}_{number:03d}.txt").write_text(body, encoding="utf-8")
            texts.append(body)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of the corpus (default 8)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask worker runs")
    args = parser.parse_args()
    settings = load_settings()
    bare_nlp = load_pipeline(settings.model, components=())
    nlp = load_pipeline(settings.model, dictionaries=settings.actor_dictionaries)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    print(f"pipeline: {pipeline_fingerprint(nlp)}")
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir) / "corpus"
        folder.mkdir()
        texts = build_corpus(folder, args.copies)
        sentences = [s.text for t in texts for s in split_sentences(t)]
        words = sum(len(s.split()) for s in sentences)
        print(f"corpus: {len(texts)} documents, {len(sentences)} sentences, {words:,} words")

        start = time.perf_counter()
        for _ in bare_nlp.pipe(sentences, batch_size=settings.batch_size):
            pass
        bare = time.perf_counter() - start

        records = [CodeInput(f"doc{i}", text) for i, text in enumerate(texts)]
        start = time.perf_counter()
        events = sum(1 for _ in code_records(records, nlp, batch_size=settings.batch_size, errors=[]))
        coding = time.perf_counter() - start

        dask_rates = {}
        if not args.no_dask:
            from diplomap.ingest.distributed import benchmark_workers

            for workers in (1, 2):
                dask_rates[workers] = benchmark_workers(texts, workers=workers, settings=settings)

        store_path = Path(workdir) / "bench.db"
        with Store.open(str(store_path)) as store:
            start = time.perf_counter()
            report = ingest([str(folder)], store=store, settings=settings, nlp=nlp)
            full = time.perf_counter() - start
        assert report.new == len(texts) and not report.failed, report.as_dict()
        shutil.rmtree(folder)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"{'measure':<44}{'value':>14}")
    print(f"{'bare nlp.pipe, words/s (the limit)':<44}{words / bare:>14,.0f}")
    print(f"{'diplomap code, words/s':<44}{words / coding:>14,.0f}")
    print(f"{'diplomap code, events/s':<44}{events / coding:>14,.1f}")
    print(f"{'diplomap code / bare nlp.pipe':<44}{bare / coding:>14.0%}")
    print(f"{'ingest to SQLite, words/s':<44}{words / full:>14,.0f}")
    print(f"{'ingest to SQLite, documents/s':<44}{len(texts) / full:>14,.1f}")
    print(f"{'ingest / bare nlp.pipe':<44}{bare / full:>14.0%}")
    for workers, timing in dask_rates.items():
        print(f"{f'Dask, {workers} worker(s), words/s':<44}{timing.words_per_second:>14,.0f}")
    if len(dask_rates) == 2:
        speedup = dask_rates[2].words_per_second / dask_rates[1].words_per_second
        print(f"{'Dask speedup, 2 workers over 1':<44}{speedup:>14.2f}")
    print(f"{'peak RSS of this process, MB':<44}{peak_mb:>14,.0f}")


if __name__ == "__main__":
    main()
