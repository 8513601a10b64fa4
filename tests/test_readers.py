import json

import pytest

from diplomap.errors import (
    BadDateError,
    BinaryInputError,
    DecodeInputError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    NoArticleError,
    TooLargeInputError,
)
from diplomap.ingest.readers import format_for, read_document
from diplomap.ingest.records import SourceDocument

MB = 1024 * 1024

ARTICLE_HTML = b"""<!doctype html><html><head>
<title>Moscow forgives Pyongyang's debt | Harbour Wire</title>
<meta property="og:title" content="Moscow forgives Pyongyang's debt">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2014-05-06T08:00:00Z">
<meta property="og:site_name" content="Harbour Wire">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="cookie">We use cookies. <a href="/privacy">Privacy</a></div>
<article><h1>Moscow forgives Pyongyang's debt</h1>
<p>Russia wrote off US$10 billion in loans to North Korea, officials in Moscow said on Tuesday.
The agreement had been ratified by the Duma after two years of talks.</p>
<p>The remaining US$1 billion will be invested in projects in the North, including a gas pipeline
that would cross the peninsula to South Korea. Analysts in Seoul called the move a sign of warming ties.</p>
</article>
<aside><a href="/a">Most read</a><a href="/b">Trending</a></aside>
<footer>Copyright Harbour Wire</footer></body></html>"""


def read_one(data: bytes, uri: str = "doc.txt", *, max_bytes: int = 20 * MB):
    results = list(read_document(data, uri, format_for(uri, data), max_bytes=max_bytes))
    assert len(results) == 1
    return results[0]


def test_readers_plain_text_with_header():
    doc = read_one(b"Title here\nBy A Writer\nRussia wrote off the debt.\n")
    assert isinstance(doc, SourceDocument)
    assert (doc.metadata.title, doc.metadata.author, doc.text) == (
        "Title here",
        "A Writer",
        "Russia wrote off the debt.",
    )


def test_readers_markdown_front_matter_and_markup():
    markdown = b"""---
title: Talks in Stockholm
date: 2014-05-29
author: Jane Roe
publisher: East Asia Monitor
---
# A heading that is not the title

Japan and **North Korea** agreed in [Stockholm](https://example.org) to reopen the abductee inquiry.

- Tokyo will lift some sanctions.
- Pyongyang will set up a special committee.

```
code is left out
```
"""
    doc = read_one(markdown, "talks.md")
    assert doc.format == "markdown"
    assert doc.metadata.title == "Talks in Stockholm"
    assert str(doc.metadata.published) == "2014-05-29"
    assert doc.metadata.published_source == "explicit"
    assert (doc.metadata.author, doc.metadata.publisher) == ("Jane Roe", "East Asia Monitor")
    assert doc.text.split("\n") == [
        "Japan and North Korea agreed in Stockholm to reopen the abductee inquiry.",
        "Tokyo will lift some sanctions.",
        "Pyongyang will set up a special committee.",
    ]


def test_readers_markdown_heading_is_title_without_front_matter():
    doc = read_one(b"# Seoul protests\n\nSouth Korea protested to Japan.", "x.markdown")
    assert doc.metadata.title == "Seoul protests"
    assert doc.text == "South Korea protested to Japan."


def test_readers_html_main_text_and_metadata():
    doc = read_one(ARTICLE_HTML, "page.html")
    assert doc.format == "html"
    assert doc.metadata.title == "Moscow forgives Pyongyang's debt"
    assert doc.metadata.author == "Jane Roe"
    assert doc.metadata.publisher == "Harbour Wire"
    assert str(doc.metadata.published) == "2014-05-06"
    assert doc.text.startswith("Russia wrote off US$10 billion")
    assert "cookies" not in doc.text and "Most read" not in doc.text and "Copyright" not in doc.text


def test_readers_html_without_date_has_no_date():
    meta = b'<meta property="article:published_time" content="2014-05-06T08:00:00Z">'
    page = ARTICLE_HTML.replace(meta, b"")
    doc = read_one(page, "page.html")
    assert doc.metadata.published is None


def test_readers_unknown_extension_is_sniffed():
    assert format_for("page", ARTICLE_HTML) == "html"
    assert format_for("notes", b"Plain words.") == "text"
    assert format_for("dump", b'{"text": "x"}') == "jsonl"


def test_readers_jsonl_documents_and_bad_lines_located():
    lines = [
        json.dumps(
            {
                "text": "Russia wrote off the debt.",
                "title": "Debt",
                "date": "2014-05",
                "url": "https://example.org/debt",
                "publisher": "Wire",
            }
        ),
        "",
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Seoul protested.", "date": "someday"}),
        json.dumps({"text": "Tokyo replied.", "author": {"name": "x"}}),
        json.dumps({"text": "Beijing said nothing."}),
    ]
    results = list(read_document("\n".join(lines).encode(), "wire.jsonl", "jsonl", max_bytes=MB))
    docs = [r for r in results if isinstance(r, SourceDocument)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [d.text for d in docs] == ["Russia wrote off the debt.", "Beijing said nothing."]
    assert docs[0].uri == "https://example.org/debt"
    assert docs[0].metadata.published is not None and docs[0].metadata.published.precision == "month"
    assert docs[1].uri == "wire.jsonl:8"
    assert [(type(e), e.where) for e in errors] == [
        (MalformedRecordError, "wire.jsonl:3"),
        (MalformedRecordError, "wire.jsonl:4"),
        (MalformedRecordError, "wire.jsonl:5"),
        (BadDateError, "wire.jsonl:6"),
        (MalformedRecordError, "wire.jsonl:7"),
    ]
    assert "not valid JSON" in str(errors[0]) and str(errors[0]).startswith("wire.jsonl:3: ")


@pytest.mark.parametrize(
    ("data", "uri", "error", "message"),
    [
        (b"", "empty.txt", EmptyInputError, "is empty"),
        (b"  \n\t\n", "blank.txt", EmptyInputError, "is empty"),
        (b"Title only\nBy Someone\n", "header.txt", EmptyInputError, "no body text"),
        (b"%PDF-1.7\n...", "paper.txt", BinaryInputError, "pdftotext"),
        (b"\x00\x01\x02binary", "blob.txt", BinaryInputError, "binary"),
        ("Caf\u00e9 in Seoul".encode("latin-1"), "latin.txt", DecodeInputError, "iconv"),
        (
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "nav.html",
            NoArticleError,
            "no article text",
        ),
        (b"", "empty.jsonl", EmptyInputError, "is empty"),
        (b"x" * (MB + 1), "big.txt", TooLargeInputError, "DIPLOMAP_MAX_DOCUMENT_MB"),
    ],
)
def test_readers_bad_input_is_one_located_line(data, uri, error, message):
    result = read_one(data, uri, max_bytes=MB)
    assert isinstance(result, error)
    text = str(result)
    assert text.startswith(f"{uri}: ") and message in text and "\n" not in text


def test_readers_utf16_with_bom_is_read():
    doc = read_one("Seoul protested to Tokyo.".encode("utf-16"), "utf16.txt")
    assert doc.text == "Seoul protested to Tokyo."
