"""Ingesting one posted document: build it from text or fetch its URL, annotate it, store it whole.

The same steps as :func:`diplomap.ingest.ingest` for one document at a time
(that function reads paths and URLs, and reports counts, not ids). URLs go
through :func:`diplomap.ingest.sources.read_source`, so the fetcher's timeout,
size cap and private-address guard apply; private addresses are always refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import httpx

from diplomap.errors import BlockedAddressError, ConfigError, InputError
from diplomap.ingest.dates import parse_date
from diplomap.ingest.readers import check_bytes
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.ingest.sources import Source, read_source
from diplomap.nlp.pipeline import PipelineSpec, annotate, pipeline_fingerprint
from diplomap.nlp.records import DocumentContext
from diplomap.nlp.sentences import split_sentences
from diplomap.settings import Settings
from diplomap.store.repository import Store
from diplomap.web.problems import parameter

__all__ = ["Stored", "documents_from_text", "documents_from_url", "store_documents"]

Status = Literal["new", "unchanged", "annotated"]


@dataclass
class Stored:
    documents: list[tuple[SourceDocument, Status]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _metadata(
    title: str | None, author: str | None, publisher: str | None, published: str | None
) -> Metadata:
    with parameter("published", where="body"):
        day = parse_date(published) if published else None
    return Metadata(
        title=title,
        author=author,
        publisher=publisher,
        published=day,
        published_source="explicit" if day else None,
    )


def documents_from_text(
    text: str,
    *,
    settings: Settings,
    url: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
) -> list[SourceDocument]:
    metadata = _metadata(title, author, publisher, published)
    with parameter("text", where="body"):
        check_bytes(text.encode("utf-8"), max_bytes=settings.max_document_bytes)
    return [SourceDocument.build(text, uri=url or "api", format="text", metadata=metadata)]


def documents_from_url(
    url: str,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
) -> tuple[list[SourceDocument], list[str]]:
    """The documents at ``url`` (with the given metadata filling their gaps), and the errors of parts
    that could not be read; an URL that gives nothing is a 422 naming ``url``."""
    given = _metadata(title, author, publisher, published)
    found: list[SourceDocument] = []
    errors: list[InputError] = []
    results = read_source(
        Source(url, is_url=True),
        max_bytes=settings.max_document_bytes,
        timeout=settings.fetch_timeout,
        allow_private=False,
        transport=transport,
    )
    for item in results:
        if isinstance(item, InputError):
            errors.append(item)
        else:
            found.append(item.with_metadata(item.metadata.filled_from(given)))
    if not found:
        first = errors[0] if errors else InputError("holds no document", where=url)
        if isinstance(first, BlockedAddressError):  # the CLI's --allow-private has no API counterpart
            first = BlockedAddressError(
                f"{first.reason.split(';')[0]}; this server fetches public addresses only "
                "(ingest it with `diplomap ingest --allow-private`)",
                where=url,
            )
        with parameter("url", where="body"):
            raise first
    return found, [str(e) for e in errors]


def store_documents(store: Store, documents: Iterable[SourceDocument], *, settings: Settings) -> Stored:
    """Annotate with the configured pipeline and store each document whole, in its own transaction."""
    nlp = PipelineSpec.from_settings(settings).load()  # the actor and verb dictionaries of the settings
    if nlp is None:
        raise ConfigError("no pipeline to annotate with; set DIPLOMAP_MODEL to a spaCy model")
    fingerprint = pipeline_fingerprint(nlp)
    stored = Stored()
    for document in documents:
        state = store.annotation_state([document.id])
        if document.id in state and state[document.id] is not None:
            stored.documents.append((document, "unchanged"))
            continue
        known = document.id in state
        sentence_list = store.sentences(document.id) if known else split_sentences(document.text)
        published = document.metadata.published
        context = DocumentContext(
            document_id=document.id,
            published=published.value if published else None,
            published_precision=published.precision if published else None,
            title=document.metadata.title,
            text=document.text,
        )
        found = list(
            annotate(nlp, ((s.text, context) for s in sentence_list), batch_size=settings.batch_size)
        )
        if known:
            store.replace_annotations(document.id, found, pipeline=fingerprint)
            stored.documents.append((document, "annotated"))
        elif store.add_document(document, sentence_list, found, pipeline=fingerprint):
            stored.documents.append((document, "new"))
        else:
            stored.documents.append((document, "unchanged"))
    return stored
