"""What readers hand on: one document's normalised text and its metadata."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from diplomap.ingest.dates import PublicationDate
from diplomap.ingest.identity import document_id, normalise_text

__all__ = ["DateSource", "Metadata", "SourceDocument"]

DateSource = Literal["explicit", "header", "user"]
Format = Literal["text", "markdown", "html", "jsonl"]


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: PublicationDate | None = None
    published_source: DateSource | None = None

    def filled_from(self, other: Metadata) -> Metadata:
        """This metadata, with gaps filled from ``other``."""
        published, source = self.published, self.published_source
        if published is None:
            published, source = other.published, other.published_source
        return Metadata(
            title=self.title or other.title,
            author=self.author or other.author,
            publisher=self.publisher or other.publisher,
            published=published,
            published_source=source,
        )


@dataclass(frozen=True)
class SourceDocument:
    """A document as read: ``text`` is normalised and ``id`` derives from it."""

    text: str
    uri: str
    format: Format
    metadata: Metadata = field(default_factory=Metadata)
    id: str = ""

    @classmethod
    def build(cls, raw_text: str, *, uri: str, format: Format, metadata: Metadata) -> SourceDocument:
        text = normalise_text(raw_text)
        return cls(text=text, uri=uri, format=format, metadata=metadata, id=document_id(text))

    def with_metadata(self, metadata: Metadata) -> SourceDocument:
        return replace(self, metadata=metadata)
