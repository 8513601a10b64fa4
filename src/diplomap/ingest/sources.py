"""Where documents come from: files, folders (recursive, with glob filters) and URLs."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from diplomap.errors import EmptyInputError, InputError
from diplomap.ingest.fetch import fetch
from diplomap.ingest.readers import (
    EXTENSIONS,
    ReadResult,
    format_for,
    read_document,
    read_jsonl_lines,
    too_large,
)
from diplomap.ingest.records import Format

__all__ = ["Source", "expand_sources", "read_source"]


@dataclass(frozen=True)
class Source:
    """One file or URL to read; ``error`` is set when the argument itself is unusable."""

    location: str
    is_url: bool = False
    error: InputError | None = None


def _is_url(argument: str) -> bool:
    return argument.lower().startswith(("http://", "https://"))


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        wanted = _matches(path, root, include) if include else path.suffix.lower() in EXTENSIONS
        if wanted and not _matches(path, root, exclude):
            yield path


def expand_sources(
    arguments: Sequence[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[Source]:
    """Each argument as sources: a URL, a file, or a folder's matching files (sorted, hidden ones skipped)."""
    for argument in arguments:
        if _is_url(argument):
            yield Source(argument, is_url=True)
            continue
        path = Path(argument)
        if path.is_dir():
            yield from (Source(str(found)) for found in _walk(path, include, exclude))
        elif path.is_file():
            yield Source(str(path))
        else:
            yield Source(
                argument,
                error=InputError(
                    "no such file, folder or URL; check the path (URLs start with http:// or https://)",
                    where=argument,
                ),
            )


def read_source(
    source: Source,
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[ReadResult]:
    """The documents, or located errors, that one source holds."""
    if source.error is not None:
        yield source.error
        return
    try:
        if source.is_url:
            fetched = fetch(
                source.location,
                timeout=timeout,
                max_bytes=max_bytes,
                allow_private=allow_private,
                transport=transport,
            )
            yield from read_document(
                fetched.data,
                source.location,
                _url_format(fetched.url, fetched.content_type, fetched.data),
                max_bytes=max_bytes,
            )
            return
        path = Path(source.location)
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _read_jsonl_file(path, max_bytes=max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(size, max_bytes)
        data = path.read_bytes()
        yield from read_document(data, source.location, format_for(path.name, data), max_bytes=max_bytes)
    except InputError as exc:
        yield exc.at(source.location)
    except OSError as exc:
        yield InputError(f"cannot be read ({exc.strerror}); check its permissions", where=source.location)


def _read_jsonl_file(path: Path, *, max_bytes: int) -> Iterator[ReadResult]:
    """Streams the file line by line, so corpora larger than memory are fine."""
    with path.open("rb") as handle:
        first = handle.read(1)
        if not first:
            yield EmptyInputError("is empty; nothing to ingest", where=str(path))
            return
        handle.seek(0)
        yield from read_jsonl_lines(handle, str(path), max_bytes=max_bytes)


def _url_format(url: str, content_type: str, data: bytes) -> Format:
    kind = content_type.split(";")[0].strip().lower()
    by_type: dict[str, Format] = {
        "text/html": "html",
        "application/xhtml+xml": "html",
        "text/plain": "text",
        "text/markdown": "markdown",
        "application/x-ndjson": "jsonl",
        "application/jsonl": "jsonl",
    }
    return by_type.get(kind) or format_for(url.split("?")[0], data)
