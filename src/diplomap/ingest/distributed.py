"""Bulk coding on Dask distributed, and the same batch loop in one process for Parquet output.

::

    client (this process)                      workers (one pipeline each, loaded once)
    read sources ─► skip coded ─► batches ──►  split sentences, annotate whole documents
    store / Parquet ◄── results as completed ◄─┘

The client streams documents from the sources, skips those the store (or the
Parquet folder) already holds coded, and submits batches of whole documents,
never more than a few per worker at a time: memory stays bounded whatever the
corpus size. A worker codes a batch's documents in order, each with its
sentences in order, exactly as the single-process run does, and returns plain
records; the client writes each document in its own transaction as results
come back. Interrupting a run loses only the batches in flight; a rerun
resumes.

A ``LocalCluster`` of ``workers`` processes (one thread each) is started and
stopped here; ``scheduler`` connects to an existing cluster instead, whose
workers need diplomap and the model installed (and the actor and verb
dictionaries at the same paths). Workers build their pipeline from a
:class:`PipelineSpec` made from the settings, so they code as this process would.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import httpx
from spacy.language import Language

from diplomap.errors import ConfigError, DiplomapError
from diplomap.ingest.dates import PublicationDate
from diplomap.ingest.parquet import ParquetWriter
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.ingest.run import IngestReport, Progress, annotate_documents, source_documents
from diplomap.nlp.pipeline import PipelineSpec, SentenceAnnotations, pipeline_fingerprint
from diplomap.nlp.sentences import Sentence, _segmenter, split_sentences
from diplomap.settings import Settings, load_settings
from diplomap.store.repository import Store

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = [
    "Batch",
    "CodedBatch",
    "CodedDocument",
    "DaskTiming",
    "Job",
    "PipelineSpec",
    "benchmark_workers",
    "code_batch",
    "dask_client",
    "ingest_batches",
    "local_cluster",
]

BATCH_CHARS = 20_000  # document characters per batch: a few seconds of work for one worker
WORKER_MEMORY = "2GiB"  # per worker; the pipeline and a batch take about 0.5 GiB
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler given by address
_LOOKUP_DOCUMENTS, _LOOKUP_CHARS = 256, 1_000_000  # documents looked up in the store at once
_SCATTER_CHARS = 2_000_000  # larger batches go to the cluster as data, not inside the task
_INSTALL = "pip install 'diplomap[dask]'"


# -- records that travel between client and workers -------------------------------------------


@dataclass(frozen=True)
class Job:
    """One document to code; ``sentences`` are given for a document stored without annotations."""

    document: SourceDocument
    sentences: tuple[Sentence, ...] | None = None


@dataclass(frozen=True)
class Batch:
    jobs: tuple[Job, ...]

    @property
    def chars(self) -> int:
        return sum(len(job.document.text) for job in self.jobs)


@dataclass(frozen=True)
class CodedDocument:
    document_id: str
    sentences: tuple[Sentence, ...]
    annotations: tuple[SentenceAnnotations, ...] | None


@dataclass(frozen=True)
class CodedBatch:
    documents: tuple[CodedDocument, ...]
    pipeline: str | None  # fingerprint of the pipeline that coded them
    seconds: float  # time the worker spent on the batch


# -- the worker's side ------------------------------------------------------------------------

_WORKER_LOCK = threading.Lock()  # one pipeline per process, used by one thread at a time


def code_documents(nlp: Language | None, jobs: Sequence[Job], *, batch_size: int) -> CodedBatch:
    """Split and annotate ``jobs`` with ``nlp`` (None: split only), documents in order."""
    start = time.perf_counter()
    # the sentence splitter's vocabulary gains every new word it tokenizes, for good: a worker splitting
    # a 2 GB corpus would grow by ~400 bytes per distinct word (numbers, names). Sentences hold plain
    # strings, so the words the batch adds are freed after it, as for the pipeline below.
    with _segmenter().memory_zone():
        found = [
            job.sentences if job.sentences is not None else split_sentences(job.document.text) for job in jobs
        ]
    annotations: list[list[SentenceAnnotations]] | list[None]
    if nlp is None:
        annotations = [None] * len(jobs)
    else:
        # strings and lexemes the batch adds to the vocabulary are freed after it (the records hold
        # plain values): without this a worker's memory grows with every new word of the corpus
        with nlp.memory_zone():
            annotations = annotate_documents(
                nlp, [(job.document, s) for job, s in zip(jobs, found, strict=True)], batch_size=batch_size
            )
    coded = tuple(
        CodedDocument(job.document.id, tuple(s), tuple(a) if a is not None else None)
        for job, s, a in zip(jobs, found, annotations, strict=True)
    )
    fingerprint = pipeline_fingerprint(nlp) if nlp is not None else None
    return CodedBatch(coded, fingerprint, time.perf_counter() - start)


def _worker_pipeline(spec: PipelineSpec) -> Language | None:
    return spec.load()  # cached: loaded once per process


def code_batch(batch: Batch, spec: PipelineSpec) -> CodedBatch:
    """The task a worker runs: code one batch with the process's pipeline (loaded on first use)."""
    with _WORKER_LOCK:
        return code_documents(_worker_pipeline(spec), batch.jobs, batch_size=spec.batch_size)


def _warm_up(spec: PipelineSpec) -> str | None:
    with _WORKER_LOCK:
        nlp = _worker_pipeline(spec)
        return pipeline_fingerprint(nlp) if nlp is not None else None


# -- the client's side ------------------------------------------------------------------------


class _Sink(Protocol):
    def annotation_state(self, ids: Sequence[str]) -> dict[str, str | None]: ...

    def add_document(
        self,
        document: SourceDocument,
        sentence_list: Sequence[Sentence],
        annotations: Sequence[SentenceAnnotations] | None = None,
        *,
        pipeline: str | None = None,
    ) -> bool: ...


def _dask() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(f"--workers and --scheduler need Dask distributed; run `{_INSTALL}`") from exc
    return distributed


def local_cluster(workers: int, *, memory_limit: str | int = WORKER_MEMORY) -> Any:
    """A ``LocalCluster`` of ``workers`` processes with one thread each, on this machine only.

    No dashboard; the scheduler's HTTP endpoint (health checks) takes a free loopback port rather
    than 8787, which another cluster or program may hold.
    """
    import dask

    # A worker's memory is its pipeline, not data Dask could spill: pausing would stall the run
    # for good, so only the nanny's restart of a worker over 95% of ``memory_limit`` is kept.
    with dask.config.set(
        {
            "distributed.worker.memory.target": False,
            "distributed.worker.memory.spill": False,
            "distributed.worker.memory.pause": False,
        }
    ):
        return _dask().LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR,
        )


@contextmanager
def dask_client(
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    memory_limit: str | int = WORKER_MEMORY,
    connect_timeout: float | None = None,
) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, else of a new local cluster of ``workers`` processes.

    Both are closed on leaving; a scheduler that cannot be reached is a :class:`ConfigError`.
    """
    distributed = _dask()
    if scheduler:
        try:
            client = distributed.Client(
                scheduler, timeout=connect_timeout or CONNECT_TIMEOUT, set_as_default=False
            )
        except (OSError, ValueError, TypeError) as exc:  # distributed's TimeoutError is an OSError
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConfigError(
                f"no Dask scheduler answers at {scheduler!r} ({reason}); start one with `dask scheduler` "
                "and pass the address it prints (tcp://HOST:8786), or use --workers N for a local cluster"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers is None or workers < 1:
        raise ConfigError("--workers must be a whole number of 1 or more")
    cluster = local_cluster(workers, memory_limit=memory_limit)
    try:
        client = distributed.Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _submit(client: Client, batch: Batch, spec: PipelineSpec) -> tuple[Future[CodedBatch], object]:
    """The task's future, and what must be held while it runs (a large batch's scattered data)."""
    if batch.chars > _SCATTER_CHARS:  # kept out of the task itself, which should stay small
        data = client.scatter(batch, hash=False)  # type: ignore[no-untyped-call]
        return client.submit(code_batch, data, spec, pure=False), data
    return client.submit(code_batch, batch, spec, pure=False), None


def _run_on_dask(
    client: Client, batches: Iterator[Batch], spec: PipelineSpec, *, in_flight: int
) -> Iterator[tuple[Batch, CodedBatch]]:
    """Batches and their results as the workers finish them; at most ``in_flight`` submitted at once."""
    distributed = _dask()
    pending: dict[Future[CodedBatch], tuple[Batch, object]] = {}
    completed = distributed.as_completed(loop=client.loop)

    def submit_next() -> None:
        batch = next(batches, None)
        if batch is not None:
            future, held = _submit(client, batch, spec)
            pending[future] = (batch, held)
            completed.add(future)

    for _ in range(in_flight):
        submit_next()
    for future in completed:
        batch, _held = pending.pop(future)
        try:
            result = future.result()
        except distributed.KilledWorker as exc:
            raise DiplomapError(
                f"a Dask worker died coding documents ({exc}); it may have run out of memory: "
                "give workers more memory or use fewer workers, then rerun the same command to resume"
            ) from None
        submit_next()  # keep the workers busy while this result is written
        yield batch, result


def _run_here(
    nlp: Language | None, batches: Iterator[Batch], spec: PipelineSpec
) -> Iterator[tuple[Batch, CodedBatch]]:
    for batch in batches:
        yield batch, code_documents(nlp, batch.jobs, batch_size=spec.batch_size)


def _jobs(
    documents: Iterable[SourceDocument], sink: _Sink, *, run_pipeline: bool, report: IngestReport
) -> Iterator[Job]:
    """New documents, and stored ones still missing annotations; the rest are counted unchanged.

    The store is asked about a few hundred documents at a time, not one by one.
    """
    seen: set[str] = set()
    waiting: list[SourceDocument] = []
    chars = 0

    def resolve() -> Iterator[Job]:
        state = sink.annotation_state([d.id for d in waiting])
        for document in waiting:
            if document.id not in state:
                yield Job(document)
            elif run_pipeline and state[document.id] is None and isinstance(sink, Store):
                yield Job(document, tuple(sink.sentences(document.id)))
            else:
                report.unchanged += 1

    for document in documents:
        if document.id in seen:
            report.unchanged += 1
            continue
        seen.add(document.id)
        waiting.append(document)
        chars += len(document.text)
        if len(waiting) >= _LOOKUP_DOCUMENTS or chars >= _LOOKUP_CHARS:
            yield from resolve()
            waiting, chars = [], 0
    yield from resolve()


def _chunks(jobs: Iterable[Job], batch_chars: int) -> Iterator[Batch]:
    """Jobs in batches of about ``batch_chars`` document characters (at least one document)."""
    batch: list[Job] = []
    chars = 0
    for job in jobs:
        batch.append(job)
        chars += len(job.document.text)
        if chars >= batch_chars:
            yield Batch(tuple(batch))
            batch, chars = [], 0
    if batch:
        yield Batch(tuple(batch))


def _write(sink: _Sink, batch: Batch, coded: CodedBatch, report: IngestReport) -> None:
    for job, found in zip(batch.jobs, coded.documents, strict=True):
        if job.sentences is not None:
            assert isinstance(sink, Store) and found.annotations is not None and coded.pipeline is not None
            sink.replace_annotations(job.document.id, found.annotations, pipeline=coded.pipeline)
            report.annotated += 1
        elif sink.add_document(job.document, found.sentences, found.annotations, pipeline=coded.pipeline):
            report.new += 1
        else:
            report.unchanged += 1


def ingest_batches(
    arguments: Sequence[str],
    *,
    settings: Settings,
    store: Store | None = None,
    out_parquet: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    run_pipeline: bool = True,
    nlp: Language | None = None,
    date: PublicationDate | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    report: IngestReport | None = None,
    batch_chars: int = BATCH_CHARS,
    in_flight: int | None = None,
    memory_limit: str | int = WORKER_MEMORY,
    connect_timeout: float | None = None,
) -> IngestReport:
    """Code the sources on Dask workers (``workers`` or ``scheduler``) or, with neither, in this
    process; write to ``store``, or to Parquet files in ``out_parquet`` instead.

    What :func:`diplomap.ingest.ingest` runs when given those options; same report, same results.
    Every worker builds the pipeline ``settings`` describe (:meth:`PipelineSpec.from_settings`).
    """
    report = report if report is not None else IngestReport()
    if (store is None) == (out_parquet is None):
        raise ConfigError("ingest writes to a store or to a Parquet folder: give one of them")
    if workers is not None and scheduler is not None:
        raise ConfigError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    distributed = workers is not None or scheduler is not None
    if distributed and nlp is not None:
        raise ConfigError(
            "a pipeline object cannot be sent to Dask workers; "
            "give the model and dictionaries in settings instead"
        )
    spec = PipelineSpec.from_settings(settings, run_pipeline=run_pipeline)
    documents = source_documents(
        arguments,
        settings=settings,
        date=date,
        include=include,
        exclude=exclude,
        allow_private=allow_private,
        transport=transport,
        progress=progress,
        report=report,
    )
    with _sink(store, out_parquet) as sink:
        batches = _chunks(_jobs(documents, sink, run_pipeline=run_pipeline, report=report), batch_chars)
        if distributed:
            with dask_client(
                workers=workers,
                scheduler=scheduler,
                memory_limit=memory_limit,
                connect_timeout=connect_timeout,
            ) as client:
                window = in_flight or 2 * max(1, len(client.scheduler_info()["workers"])) + 1
                for batch, coded in _run_on_dask(client, batches, spec, in_flight=window):
                    _write(sink, batch, coded, report)
        else:
            if run_pipeline and nlp is None:
                nlp = spec.load()
            for batch, coded in _run_here(nlp if run_pipeline else None, batches, spec):
                _write(sink, batch, coded, report)
    return report


@contextmanager
def _sink(store: Store | None, out_parquet: str | Path | None) -> Iterator[_Sink]:
    if store is not None:
        yield store
        return
    assert out_parquet is not None
    with ParquetWriter(out_parquet) as writer:  # flushes what is buffered, also when interrupted
        yield writer


# -- benchmark hook ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DaskTiming:
    workers: int
    documents: int
    words: int
    events: int
    startup_seconds: float  # cluster start and the pipeline loaded on every worker
    seconds: float  # coding, from first submission to last result

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def benchmark_workers(
    texts: Sequence[str],
    *,
    workers: int,
    settings: Settings | None = None,
    batch_chars: int = BATCH_CHARS,
) -> DaskTiming:
    """Code ``texts`` (one document each) on a local cluster of ``workers`` processes, no store.

    The clock starts once every worker has its pipeline, so ``words_per_second`` of 1 and 2 workers
    compare coding throughput; ``startup_seconds`` says what a run pays before that.
    """
    settings = settings or load_settings()
    spec = PipelineSpec.from_settings(settings)
    jobs = [
        Job(SourceDocument.build(t, uri=f"text:{n}", format="text", metadata=Metadata()))
        for n, t in enumerate(texts)
    ]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    with dask_client(workers=workers) as client:
        client.wait_for_workers(workers)
        addresses = list(client.scheduler_info()["workers"])
        warm = [
            client.submit(_warm_up, spec, workers=[a], allow_other_workers=False, pure=False)
            for a in addresses
        ]
        client.gather(warm)  # type: ignore[no-untyped-call]
        startup = time.perf_counter() - start
        start = time.perf_counter()
        events = 0
        batches = _chunks(jobs, batch_chars)
        for _, coded in _run_on_dask(client, batches, spec, in_flight=2 * workers + 1):
            events += sum(len(a.events) for d in coded.documents for a in d.annotations or ())
        seconds = time.perf_counter() - start
    return DaskTiming(workers, len(jobs), words, events, startup, seconds)
