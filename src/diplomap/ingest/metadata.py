"""Header blocks at the top of plain-text articles.

Shapes seen in saved news pages, each followed by the body::

    Title                         Site name                 Title
    By Author Name                Title                     4 August 2014
                                  04 Aug, 2014 · 4592       By Author Name

Short lines before the last date or byline line of the first few lines are
the header: the last plain one is the title, an earlier one the publisher.
With no date or byline, a short first line not ending in a full stop is the
title. A standfirst such as "Prof Sandip Kumar Mishra looks at ..." names the
author when no byline did.
"""

from __future__ import annotations

import re

from diplomap.ingest.dates import find_date_line
from diplomap.ingest.records import Metadata

__all__ = ["split_header"]

_HEAD_LINES = 6  # header lines are among the first six non-empty lines
_SHORT = 200  # header lines are at most this long
_TITLE_MAX = 150
_BYLINE = re.compile(r"^(?:by|author:|written by)\s+(?P<who>\S.*)$", re.IGNORECASE)
_BYLINE_PARTS = re.compile(r"\s+[|·•]\s+|\s+[–—]\s+")
_HONORIFIC = r"(?:Prof(?:essor)?\.?|Dr\.?|Ambassador|Mr\.?|Ms\.?|Mrs\.?)"
_NAME = r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})"
_STANDFIRST = (
    re.compile(
        rf"^{_HONORIFIC}\s+{_NAME}\s+(?:looks at|examines|explores|assesses|considers|"
        r"discusses|analy[sz]es|argues|explains|asks|writes)\b"
    ),
    re.compile(rf"^{_NAME}\s+(?:writes|argues)\s+(?:that|about|on)\b"),
)


def _byline(line: str) -> tuple[str, str | None] | None:
    """(author, date part) of a byline, or None."""
    found = _BYLINE.match(line)
    if not found:
        return None
    parts = _BYLINE_PARTS.split(found["who"])
    dated = next((p for p in parts[1:] if find_date_line(p)), None)
    return parts[0].strip(" ,"), dated


def split_header(text: str) -> tuple[Metadata, str]:
    """Metadata read from the header block of ``text``, and the text after it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    head = numbered[:_HEAD_LINES]
    if len(numbered) < 2:
        return Metadata(), text

    end: int | None = None  # position in ``head`` of the last date or byline line
    for position, (_, line) in enumerate(head):
        if len(line) > _SHORT:
            break
        if find_date_line(line) or _byline(line):
            end = position

    published = author = None
    names: list[str] = []
    if end is None:
        first = head[0][1]
        if len(first) > _TITLE_MAX or first.endswith("."):
            return _standfirst_author(Metadata(), text)
        names, end = [first], 0
    else:
        for _, line in head[: end + 1]:
            byline = _byline(line)
            if byline:
                author = author or byline[0]
                published = published or (find_date_line(byline[1]) if byline[1] else None)
            elif (found := find_date_line(line)) is not None:
                published = published or found
            else:
                names.append(line)
    body = "\n".join(lines[head[end][0] + 1 :])
    metadata = Metadata(
        title=names[-1] if names else None,
        publisher=names[0] if len(names) > 1 else None,
        author=author,
        published=published,
        published_source="header" if published else None,
    )
    return _standfirst_author(metadata, body)


def _standfirst_author(metadata: Metadata, body: str) -> tuple[Metadata, str]:
    if metadata.author:
        return metadata, body
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    for pattern in _STANDFIRST:
        found = pattern.match(first)
        if found:
            return metadata.filled_from(Metadata(author=found["name"])), body
    return metadata, body
