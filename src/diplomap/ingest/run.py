"""``ingest``: read sources, split sentences, annotate with the pipeline, store each document whole.

Documents are read one source at a time and annotated in batches of sentences
across documents (``nlp.pipe``); each document then goes to the store in its
own transaction. Interrupting a run loses at most the batch in flight: what is
stored is whole, and a rerun skips it (same text, same id) and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from spacy.language import Language

from diplomap.errors import ConfigError, InputError
from diplomap.ingest.dates import PublicationDate
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.ingest.sources import expand_sources, read_source
from diplomap.nlp.pipeline import PipelineSpec, SentenceAnnotations, annotate, pipeline_fingerprint
from diplomap.nlp.records import DocumentContext
from diplomap.nlp.sentences import Sentence, split_sentences
from diplomap.settings import Settings
from diplomap.store.repository import Store

__all__ = ["IngestReport", "ingest"]

Progress = Callable[[int, int], None]  # (sources done, sources in all)


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    annotated: int = 0  # stored earlier without annotations, annotated now
    failed: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "annotated": self.annotated,
            "failed": len(self.failed),
            "errors": [str(e) for e in self.failed],
        }


@dataclass
class _Pending:
    document: SourceDocument
    sentences: list[Sentence]
    stored: bool  # already in the store, only its annotations are missing


class _Writer:
    """Buffers documents until a batch of sentences is full, then annotates and stores them."""

    def __init__(self, store: Store, nlp: Language | None, settings: Settings, report: IngestReport):
        self.store, self.nlp, self.report = store, nlp, report
        self.batch_size = settings.batch_size
        self.fingerprint = pipeline_fingerprint(nlp) if nlp is not None else None
        self.pending: list[_Pending] = []
        self.seen: set[str] = set()

    def add(self, document: SourceDocument) -> None:
        if document.id in self.seen:
            self.report.unchanged += 1
            return
        self.seen.add(document.id)
        state = self.store.annotation_state([document.id])
        if document.id in state and (self.nlp is None or state[document.id] is not None):
            self.report.unchanged += 1
            return
        stored = document.id in state
        sentence_list = self.store.sentences(document.id) if stored else split_sentences(document.text)
        self.pending.append(_Pending(document, sentence_list, stored))
        if self.nlp is None or sum(len(p.sentences) for p in self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        per_document = self._annotations(batch)
        for item, found in zip(batch, per_document, strict=True):
            if item.stored:
                assert found is not None and self.fingerprint is not None
                self.store.replace_annotations(item.document.id, found, pipeline=self.fingerprint)
                self.report.annotated += 1
            elif self.store.add_document(item.document, item.sentences, found, pipeline=self.fingerprint):
                self.report.new += 1
            else:
                self.report.unchanged += 1

    def _annotations(self, batch: list[_Pending]) -> list[list[SentenceAnnotations] | None]:
        if self.nlp is None:
            return [None] * len(batch)
        return list(
            annotate_documents(
                self.nlp, [(p.document, p.sentences) for p in batch], batch_size=self.batch_size
            )
        )


def annotate_documents(
    nlp: Language,
    items: Sequence[tuple[SourceDocument, Sequence[Sentence]]],
    *,
    batch_size: int,
) -> list[list[SentenceAnnotations]]:
    """Annotations of each document's sentences, documents in order and each one's sentences in order.

    What the single-process run and the Dask workers both do, so their results agree.
    """
    contexts = [_context(document) for document, _ in items]
    flat = annotate(
        nlp,
        ((s.text, context) for (_, found), context in zip(items, contexts, strict=True) for s in found),
        batch_size=batch_size,
    )
    return [[next(flat) for _ in found] for _, found in items]


def _context(document: SourceDocument) -> DocumentContext:
    published = document.metadata.published
    return DocumentContext(
        document_id=document.id,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        title=document.metadata.title,
        text=document.text,
    )


def source_documents(
    arguments: Sequence[str],
    *,
    settings: Settings,
    date: PublicationDate | None,
    include: Sequence[str],
    exclude: Sequence[str],
    allow_private: bool,
    transport: httpx.BaseTransport | None,
    progress: Progress | None,
    report: IngestReport,
) -> Iterator[SourceDocument]:
    """The sources' documents, streamed, with ``date`` filled in; errors go to ``report``."""
    user_date = Metadata(published=date, published_source="user") if date else Metadata()
    sources = list(expand_sources(arguments, include=include, exclude=exclude))
    for done, source in enumerate(sources, start=1):
        for item in read_source(
            source,
            max_bytes=settings.max_document_bytes,
            timeout=settings.fetch_timeout,
            allow_private=allow_private,
            transport=transport,
        ):
            if isinstance(item, InputError):
                report.failed.append(item)
            else:
                yield item.with_metadata(item.metadata.filled_from(user_date))
        if progress is not None:
            progress(done, len(sources))


def ingest(
    arguments: Sequence[str],
    *,
    store: Store | None = None,
    settings: Settings,
    run_pipeline: bool = True,
    nlp: Language | None = None,
    date: PublicationDate | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    report: IngestReport | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    out_parquet: str | Path | None = None,
) -> IngestReport:
    """Ingest files, folders and URLs into ``store``; bad inputs are reported, never fatal.

    ``date`` is used for documents that carry no date of their own. The pipeline is built
    from ``settings`` (model, actor and verb dictionaries); ``nlp`` replaces it. Pass a
    ``report`` to keep the counts of a run that is interrupted.

    ``workers`` codes on a local Dask cluster of that many processes, ``scheduler``
    (``tcp://host:port``) on an existing one; ``out_parquet`` writes Parquet files
    to that folder instead of the store. See :mod:`diplomap.ingest.distributed`.
    """
    if workers is not None or scheduler is not None or out_parquet is not None:
        from diplomap.ingest.distributed import ingest_batches

        return ingest_batches(
            arguments,
            settings=settings,
            store=None if out_parquet is not None else store,
            out_parquet=out_parquet,
            workers=workers,
            scheduler=scheduler,
            run_pipeline=run_pipeline,
            nlp=nlp,
            date=date,
            include=include,
            exclude=exclude,
            allow_private=allow_private,
            transport=transport,
            progress=progress,
            report=report,
        )
    if store is None:
        raise ConfigError("ingest needs a store to write to (or out_parquet, a folder for Parquet files)")
    report = report if report is not None else IngestReport()
    if not run_pipeline:
        nlp = None
    elif nlp is None:
        nlp = PipelineSpec.from_settings(settings).load()
    writer = _Writer(store, nlp, settings, report)
    for document in source_documents(
        arguments,
        settings=settings,
        date=date,
        include=include,
        exclude=exclude,
        allow_private=allow_private,
        transport=transport,
        progress=progress,
        report=report,
    ):
        writer.add(document)
    writer.flush()
    return report
