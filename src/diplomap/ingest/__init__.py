"""Ingestion: readers for text, Markdown, HTML, JSONL and URLs; metadata; document identity."""

from __future__ import annotations

__all__ = ["IngestReport", "ingest"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from diplomap.ingest import run

        return getattr(run, name)
    raise AttributeError(f"module 'diplomap.ingest' has no attribute {name!r}")
