"""Readers: bytes of one input to documents, or to errors that name the input.

Each reader takes the bytes of one file or download and yields
:class:`SourceDocument` objects, or :class:`InputError` objects for parts that
cannot be used (a JSONL file yields one of either per line), so that one bad
line never stops the rest.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from diplomap.errors import (
    BinaryInputError,
    DecodeInputError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    NoArticleError,
    TooLargeInputError,
)
from diplomap.ingest.dates import parse_date
from diplomap.ingest.metadata import split_header
from diplomap.ingest.records import Format, Metadata, SourceDocument

__all__ = [
    "EXTENSIONS",
    "ReadResult",
    "check_bytes",
    "decode_text",
    "format_for",
    "read_document",
    "read_jsonl_lines",
    "too_large",
]

ReadResult = SourceDocument | InputError

EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF", "extract its text first, e.g. `pdftotext FILE FILE.txt`"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX)", "unpack it or save the text as .txt"),
    (b"\x1f\x8b", "gzip-compressed", "decompress it first with `gunzip`"),
    (b"\x89PNG", "a PNG image", "diplomap reads text, not images"),
    (b"\xff\xd8\xff", "a JPEG image", "diplomap reads text, not images"),
    (b"\x7fELF", "a program", "point diplomap at text files"),
)
# trafilatura falls back to any text it finds (a menu's "Home"); fewer words than this is no article
_MIN_ARTICLE_WORDS = 10
_JSONL_FIELDS = ("title", "date", "url", "author", "publisher")

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def too_large(size: int, max_bytes: int, what: str = "") -> TooLargeInputError:
    return TooLargeInputError(
        f"{what}{_mb(size)} is over the {_mb(max_bytes)} limit for one document; "
        "split it, or raise DIPLOMAP_MAX_DOCUMENT_MB"
    )


def check_bytes(data: bytes, *, max_bytes: int) -> None:
    """Raise for empty, oversized or binary data."""
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    if not data.strip():
        raise EmptyInputError("is empty; nothing to ingest")
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"is {what}, not text; {fix}")
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BinaryInputError("is binary, not text; point diplomap at .txt, .md, .html or .jsonl")


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed) or BOM-marked UTF-16; anything else is an error saying how to convert."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise DecodeInputError(
            f"not UTF-8 text (byte 0x{bad} at offset {exc.start}); convert it, "
            "e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.txt`"
        ) from exc


def format_for(name: str, data: bytes | None = None) -> Format:
    """The reader for a file name, sniffing ``data`` when the extension is unknown."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    head = (data or b"")[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _nonempty(text: str, what: str) -> str:
    if not text.strip():
        raise EmptyInputError(f"has {what} but no body text; nothing to ingest")
    return text


def _read_text(data: bytes, uri: str) -> SourceDocument:
    metadata, body = split_header(decode_text(data))
    return SourceDocument.build(_nonempty(body, "a header"), uri=uri, format="text", metadata=metadata)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    import yaml

    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        loaded = yaml.safe_load(text[3:end])
    except yaml.YAMLError as exc:
        raise MalformedRecordError(
            f"front matter is not valid YAML ({str(exc).splitlines()[0]}); fix it or remove it"
        ) from exc
    rest = text[end + 4 :].split("\n", 1)
    return (loaded if isinstance(loaded, dict) else {}), (rest[1] if len(rest) > 1 else "")


def _explicit_metadata(fields: dict[str, Any]) -> Metadata:
    """Metadata from front matter or a JSONL record; a bad date is an error."""
    raw_date = fields.get("date")
    published = parse_date(str(raw_date)) if raw_date not in (None, "") else None

    def text(key: str) -> str | None:
        value = fields.get(key)
        return " ".join(str(value).split()) or None if value not in (None, "") else None

    return Metadata(
        title=text("title"),
        author=text("author"),
        publisher=text("publisher"),
        published=published,
        published_source="explicit" if published else None,
    )


def _markdown_paragraphs(markdown: str) -> tuple[str | None, list[str]]:
    """First level-1 heading, and the plain text of each block (code left out)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    title: str | None = None
    blocks: list[str] = []
    heading_level: str | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading_level = token.tag
        elif token.type == "inline":
            plain = (
                "".join(
                    child.content for child in token.children or () if child.type in ("text", "code_inline")
                )
                if token.children
                else token.content
            )
            plain = " ".join(plain.replace("\n", " ").split())
            if heading_level == "h1" and title is None:
                title = plain
            elif plain:
                blocks.append(plain)
        elif token.type == "heading_close":
            heading_level = None
    return title, blocks


def _read_markdown(data: bytes, uri: str) -> SourceDocument:
    fields, markdown = _front_matter(decode_text(data))
    heading, blocks = _markdown_paragraphs(markdown)
    metadata = _explicit_metadata(fields).filled_from(Metadata(title=heading))
    return SourceDocument.build(
        _nonempty("\n".join(blocks), "markdown markup"),
        uri=uri,
        format="markdown",
        metadata=metadata,
    )


def _read_html(data: bytes, uri: str) -> SourceDocument:
    import trafilatura

    found = trafilatura.bare_extraction(
        data,
        url=uri if uri.startswith(("http://", "https://")) else None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(found, "text", None) or ""
    if len(text.split()) < _MIN_ARTICLE_WORDS:
        raise NoArticleError(
            "no article text found in this HTML page (menus and links only?); "
            "save the article itself, or its text as .txt"
        )
    title = getattr(found, "title", None)
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        text = "\n".join(lines[1:])  # trafilatura keeps the headline as the first line
    raw_date = getattr(found, "date", None)
    metadata = Metadata(
        title=title,
        author=getattr(found, "author", None),
        publisher=getattr(found, "sitename", None),
        published=parse_date(raw_date) if raw_date else None,
        published_source="explicit" if raw_date else None,
    )
    return SourceDocument.build(_nonempty(text, "a title"), uri=uri, format="html", metadata=metadata)


def read_jsonl_lines(lines: Iterable[bytes], uri: str, *, max_bytes: int) -> Iterator[ReadResult]:
    """One document or error per non-blank line; errors name ``uri:line``."""
    for number, line in enumerate(lines, start=1):
        where = f"{uri}:{number}"
        if not line.strip():
            continue
        try:
            yield _jsonl_record(line, where, max_bytes=max_bytes)
        except InputError as exc:
            yield exc.at(where)


def _jsonl_record(line: bytes, where: str, *, max_bytes: int) -> SourceDocument:
    if len(line) > max_bytes:
        raise too_large(len(line), max_bytes, "line of ")
    try:
        record = json.loads(decode_text(line))
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(
            f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object"
        ) from exc
    if not isinstance(record, dict):
        raise MalformedRecordError(
            f"a JSON {type(record).__name__}, not an object; write "
            '{"text": "...", "title": "...", "date": "YYYY-MM-DD"} per line'
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecordError('no "text" string; every line needs a non-empty "text" field')
    for key in _JSONL_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str | int):
            raise MalformedRecordError(f'"{key}" must be a string, not {type(record[key]).__name__}')
    url = record.get("url")
    return SourceDocument.build(
        text, uri=str(url) if url else where, format="jsonl", metadata=_explicit_metadata(record)
    )


def read_document(data: bytes, uri: str, format: Format, *, max_bytes: int) -> Iterator[ReadResult]:
    """Documents (or errors) in the bytes of one input."""
    try:
        if format == "jsonl":
            if not data.strip():
                raise EmptyInputError("is empty; nothing to ingest")
            yield from read_jsonl_lines(data.splitlines(), uri, max_bytes=max_bytes)
            return
        check_bytes(data, max_bytes=max_bytes)
        readers = {"text": _read_text, "markdown": _read_markdown, "html": _read_html}
        yield readers[format](data, uri)
    except InputError as exc:
        yield exc.at(uri)
