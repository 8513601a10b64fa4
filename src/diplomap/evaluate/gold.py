"""Readers for the human-coded gold files ``diplomap eval`` scores against.

Four formats, one reader each (``READERS`` maps the ``--format`` names):

``plover-gsr``
    The PLOVER gold-standard records: a JSON array (JSON Lines also accepted) of
    objects with ``id``, ``text``, ``event`` and optional ``date``, ``mode``,
    ``source``/``target`` actor lists. Entries whose ``event`` is ``DOCUMENT``
    document the file and are skipped. PLOVER 0.5 event names are mapped to
    PLOVER 2.0 (``DEMAND`` → ``REQUEST``, ``DISAPPROVE`` and ``INVESTIGATE`` →
    ``ACCUSE``, ``FIGHT`` → ``ASSAULT``). A ``source``/``target`` given as a
    string (``""`` in most records, once a stray word) means no actors. Actor
    ``code``/``sector`` that are empty or ``***`` (CAMEO's "unknown") are None.
``petrarch-xml``
    PETRARCH validation records: ``<Sentence id date category sentence>`` with
    ``<EventCoding sourcecode targetcode eventcode>`` children, ``<Text>`` and a
    ``<Parse>`` (ignored). ``<EventCoding noevents="True">`` or no coding at all
    means no events are expected (empty ``codings``). Two kinds of record are
    not coding tests and are left out: ``sentence="false"`` (a feature PETRARCH
    does not implement; PETRARCH skips them too) and records whose coding is
    ``<EventCoding error="...">`` (the input must be rejected: dateline, bad
    parse, story or sentence discard). ``<Environment>``, ``<Config>`` and
    comments are ignored.
``conflibert-class``
    ``sentence<TAB>label`` lines, label 0-4 (statement, verbal cooperation,
    material cooperation, verbal conflict, material conflict). A sentence in
    double quotes is CSV-unquoted; a first line whose label is ``label`` is a
    header.
``conflibert-ner``
    CoNLL ``token TAG`` lines, a blank line between sentences, tags ``O`` or
    ``B-``/``I-`` with role ``S`` (source), ``T`` (target), ``R`` (reciprocal).
    An ``I-`` tag that does not continue a span of its role starts one.

Bad gold raises :class:`~diplomap.errors.MalformedRecordError` whose ``where``
is ``FILE:LINE``. A file with no records raises it too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.parsers import expat

from diplomap.errors import MalformedRecordError

__all__ = [
    "NER_ROLES",
    "PLOVER_05_TO_20",
    "READERS",
    "ClassGold",
    "GoldActor",
    "NerGold",
    "PetrarchCoding",
    "PetrarchGold",
    "PloverGold",
    "iter_conflibert_class",
    "iter_conflibert_ner",
    "iter_petrarch_xml",
    "iter_plover_gsr",
    "read_conflibert_class",
    "read_conflibert_ner",
    "read_petrarch_xml",
    "read_plover_gsr",
]

PLOVER_05_TO_20: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
NER_ROLES = ("S", "T", "R")
CLASS_LABELS = range(5)
_UNKNOWN_CODES = {"", "***"}
_TAG = re.compile(r"O|[BI]-[STR]")
_FIELDS = re.compile(r"[ \t]+")
_CHUNK = 1 << 16


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True)
class PloverGold:
    id: str
    text: str
    date: date | None
    event: str  # PLOVER 2.0 category name
    mode: str | None
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]


@dataclass(frozen=True)
class PetrarchCoding:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class PetrarchGold:
    id: str
    text: str
    date: date | None
    category: str | None
    codings: tuple[PetrarchCoding, ...]  # empty: no events expected


@dataclass(frozen=True)
class ClassGold:
    line: int
    text: str
    label: int  # 0 statement, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict


@dataclass(frozen=True)
class NerGold:
    line: int  # line of the first token
    tokens: tuple[str, ...]
    tags: tuple[str, ...]

    def spans(self, role: str) -> list[tuple[int, int]]:
        """Token spans ``[start, end)`` tagged with ``role`` (``"S"``, ``"T"`` or ``"R"``)."""
        if role not in NER_ROLES:
            raise ValueError(f"role must be one of {', '.join(NER_ROLES)}, not {role!r}")
        found: list[tuple[int, int]] = []
        start: int | None = None
        for index, tag in enumerate(self.tags):
            prefix, _, tag_role = tag.partition("-")
            if tag_role == role and prefix == "I" and start is not None:
                continue
            if start is not None:
                found.append((start, index))
                start = None
            if tag_role == role:  # B-, or I- that continues nothing: tolerated as B-
                start = index
        if start is not None:
            found.append((start, len(self.tags)))
        return found

    def text(self) -> str:
        """The tokens joined with single spaces (what :meth:`char_spans` indexes)."""
        return " ".join(self.tokens)

    def char_spans(self, role: str) -> list[tuple[int, int]]:
        """Character spans ``[start, end)`` in :meth:`text` of the token spans of ``role``."""
        starts: list[int] = []
        offset = 0
        for token in self.tokens:
            starts.append(offset)
            offset += len(token) + 1
        return [(starts[s], starts[e - 1] + len(self.tokens[e - 1])) for s, e in self.spans(role)]


# --------------------------------------------------------------------------- helpers


def _where(path: str | Path, line: int) -> str:
    return f"{path}:{line}"


def _no_records(path: str | Path, what: str) -> MalformedRecordError:
    return MalformedRecordError(f"no records; expected {what}", where=_where(path, 1))


def _decode_error(path: str | Path, line: int, exc: UnicodeDecodeError) -> MalformedRecordError:
    return MalformedRecordError(
        f"not UTF-8 text ({exc.reason}); save the file as UTF-8", where=_where(path, line)
    )


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(1-based number, line without its end) of a UTF-8 text file, BOM dropped."""
    with Path(path).open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise _decode_error(path, number, exc) from exc
            yield number, line.rstrip("\r\n")


# --------------------------------------------------------------------------- PLOVER


def _plover_values(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line, value) of each element of a top-level JSON array, or of each JSON Lines value."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _decode_error(path, data.count(b"\n", 0, exc.start) + 1, exc) from exc
    decoder = json.JSONDecoder()

    def line_at(index: int) -> int:
        return text.count("\n", 0, index) + 1

    def skip_space(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def decode(index: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(
                f"not valid JSON ({exc.msg} at column {exc.colno}); fix the JSON syntax",
                where=_where(path, exc.lineno),
            ) from exc

    index = skip_space(0)
    if index == len(text):
        return
    if text[index] != "[":  # JSON Lines: one value after another
        while index < len(text):
            value, end = decode(index)
            yield line_at(index), value
            index = skip_space(end)
        return
    index = skip_space(index + 1)
    if index < len(text) and text[index] == "]":
        index = skip_space(index + 1)
    else:
        while True:
            value, end = decode(index)
            yield line_at(index), value
            index = skip_space(end)
            if index < len(text) and text[index] == ",":
                index = skip_space(index + 1)
                continue
            if index < len(text) and text[index] == "]":
                index = skip_space(index + 1)
                break
            raise MalformedRecordError(
                "not valid JSON (expected ',' or ']' after a record); separate records with commas "
                "and close the array",
                where=_where(path, line_at(index)),
            )
    if index < len(text):
        raise MalformedRecordError(
            "not valid JSON (text after the closing ']'); remove it", where=_where(path, line_at(index))
        )


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError
    value = value.strip()
    return value or None


def _plover_actors(value: Any, key: str, where: str) -> tuple[GoldActor, ...]:
    if value is None or isinstance(value, str):  # "" (and one stray word) stand for "no actors"
        return ()
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise MalformedRecordError(
            f'"{key}" must be a list of actors like [{{"actorText": "...", "code": "USA"}}]', where=where
        )
    actors = []
    for actor in value:
        text = actor.get("actorText") if isinstance(actor, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise MalformedRecordError(
                f'each "{key}" actor needs a non-empty "actorText" string', where=where
            )
        try:
            code = _optional_str(actor.get("code"))
            sector = _optional_str(actor.get("sector"))
        except TypeError:
            raise MalformedRecordError(
                f'"{key}" actor "code" and "sector" must be strings', where=where
            ) from None
        actors.append(
            GoldActor(
                text.strip(),
                None if code is None or code in _UNKNOWN_CODES else code,
                None if sector is None or sector in _UNKNOWN_CODES else sector,
            )
        )
    return tuple(actors)


def _plover_record(record: Any, where: str) -> PloverGold | None:
    if not isinstance(record, dict):
        raise MalformedRecordError("each record must be a JSON object", where=where)
    event = record.get("event")
    if not isinstance(event, str) or not event.strip():
        raise MalformedRecordError('record has no "event"; add its PLOVER category', where=where)
    event = event.strip().upper()
    if event == "DOCUMENT":
        return None
    for key in ("id", "text"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            raise MalformedRecordError(f'record has no "{key}"; add a non-empty "{key}" string', where=where)
    day = None
    raw_date = record.get("date")
    if raw_date not in (None, ""):
        try:
            day = date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
        except ValueError:
            day = None
        if day is None:
            raise MalformedRecordError(
                f'"date" {raw_date!r} is not a date; write it as YYYY-MM-DD', where=where
            )
    try:
        mode = _optional_str(record.get("mode"))
    except TypeError:
        raise MalformedRecordError('"mode" must be a string', where=where) from None
    return PloverGold(
        id=record["id"].strip(),
        text=record["text"].strip(),
        date=day,
        event=PLOVER_05_TO_20.get(event, event),
        mode=mode,
        sources=_plover_actors(record.get("source"), "source", where),
        targets=_plover_actors(record.get("target"), "target", where),
    )


def iter_plover_gsr(path: str | Path) -> Iterator[PloverGold]:
    """The coded records of a PLOVER GSR file, in file order (see the module docstring)."""
    count = 0
    for line, value in _plover_values(path):
        record = _plover_record(value, _where(path, line))
        if record is not None:
            count += 1
            yield record
    if not count:
        raise _no_records(path, "a JSON array of PLOVER records with id, text and event")


def read_plover_gsr(path: str | Path) -> list[PloverGold]:
    return list(iter_plover_gsr(path))


# --------------------------------------------------------------------------- PETRARCH


class _PetrarchHandler:
    """Expat callbacks collecting ``<Sentence>`` records with the line each starts on."""

    def __init__(self, path: str | Path, parser: Any) -> None:
        self.path = path
        self.parser = parser
        self.done: list[PetrarchGold] = []
        self.sentences = 0
        self.attrs: dict[str, str] | None = None
        self.line = 0
        self.codings: list[PetrarchCoding] = []
        self.noevents = False
        self.error = False
        self.text: list[str] | None = None
        self.in_text = False

    def where(self, line: int | None = None) -> str:
        return _where(self.path, self.parser.CurrentLineNumber if line is None else line)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Sentence":
            if self.attrs is not None:
                raise MalformedRecordError(
                    f"<Sentence> inside the <Sentence> of line {self.line}; close that one first",
                    where=self.where(),
                )
            self.sentences += 1
            self.attrs, self.line = attrs, self.parser.CurrentLineNumber
            self.codings, self.noevents, self.error, self.text = [], False, False, None
        elif name == "EventCoding":
            if self.attrs is None:
                raise MalformedRecordError(
                    "<EventCoding> outside a <Sentence>; move it into one", where=self.where()
                )
            self.coding(attrs)
        elif name == "Text" and self.attrs is not None:
            self.in_text = True
            self.text = self.text if self.text is not None else []

    def coding(self, attrs: dict[str, str]) -> None:
        if "error" in attrs:
            self.error = True
        elif attrs.get("noevents", "").strip().lower() == "true":
            self.noevents = True
        else:
            missing = [k for k in ("sourcecode", "targetcode", "eventcode") if k not in attrs]
            if missing or not attrs["eventcode"].strip():
                raise MalformedRecordError(
                    "<EventCoding> needs sourcecode, targetcode and eventcode attributes "
                    '(or noevents="True")',
                    where=self.where(),
                )
            self.codings.append(
                PetrarchCoding(
                    attrs["sourcecode"].strip(), attrs["targetcode"].strip(), attrs["eventcode"].strip()
                )
            )

    def characters(self, data: str) -> None:
        if self.in_text and self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        if name == "Text":
            self.in_text = False
        elif name == "Sentence" and self.attrs is not None:
            self.finish(self.attrs)
            self.attrs = None

    def finish(self, attrs: dict[str, str]) -> None:
        where = self.where(self.line)
        ident = attrs.get("id", "").strip()
        if not ident:
            raise MalformedRecordError('<Sentence> has no id; add id="..."', where=where)
        if self.noevents and self.codings:
            raise MalformedRecordError(
                f'<Sentence id="{ident}"> has both noevents="True" and event codings; keep one', where=where
            )
        text = " ".join("".join(self.text or ()).split())
        if not text:
            raise MalformedRecordError(
                f'<Sentence id="{ident}"> has no <Text>; add the sentence', where=where
            )
        day = None
        raw_date = attrs.get("date", "").strip()
        if raw_date:
            try:
                day = datetime.strptime(raw_date, "%Y%m%d").date()
            except ValueError:
                raise MalformedRecordError(
                    f'<Sentence id="{ident}"> date {raw_date!r} is not a date; write it as YYYYMMDD',
                    where=where,
                ) from None
        if attrs.get("sentence", "").strip().lower() == "false" or self.error:
            return  # not a coding test: unimplemented feature, or input PETRARCH must reject
        self.done.append(
            PetrarchGold(ident, text, day, attrs.get("category", "").strip() or None, tuple(self.codings))
        )


def _refuse_entities(*_: Any) -> None:
    raise MalformedRecordError("entity declarations are not allowed; remove the DOCTYPE", where=None)


def iter_petrarch_xml(path: str | Path) -> Iterator[PetrarchGold]:
    """The coding tests of a PETRARCH validation file, in file order (see the module docstring)."""
    parser = expat.ParserCreate()
    handler = _PetrarchHandler(path, parser)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.characters
    parser.EntityDeclHandler = _refuse_entities
    parser.buffer_text = True
    blank = True
    with Path(path).open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            blank = blank and not chunk.strip()
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                if blank:
                    raise _no_records(path, "<Sentence> records with <EventCoding> and <Text>") from exc
                message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
                raise MalformedRecordError(
                    f"not well-formed XML ({message} at column {exc.offset + 1}); fix the markup",
                    where=_where(path, exc.lineno),
                ) from exc
            except MalformedRecordError as exc:
                if exc.where is None:
                    raise exc.at(_where(path, parser.CurrentLineNumber)) from exc
                raise
            yield from handler.done
            handler.done.clear()
            if not chunk:
                break
    if not handler.sentences:
        raise _no_records(path, "<Sentence> records with <EventCoding> and <Text>")


def read_petrarch_xml(path: str | Path) -> list[PetrarchGold]:
    return list(iter_petrarch_xml(path))


# --------------------------------------------------------------------------- ConfliBERT


def _unquote(text: str) -> str:
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def iter_conflibert_class(path: str | Path) -> Iterator[ClassGold]:
    """The ``sentence<TAB>label`` rows of a ConfliBERT CAMEO classification file."""
    count = 0
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = _where(path, number)
        sentence, tab, label = line.rpartition("\t")
        if not tab:
            raise MalformedRecordError("expected sentence<TAB>label; separate them with a tab", where=where)
        label = label.strip()
        if number == 1 and label.lower() == "label":
            continue
        if label not in {str(n) for n in CLASS_LABELS}:
            raise MalformedRecordError(
                f"label {label!r} is not one of 0-4 (0 statement, 1 verbal cooperation, "
                "2 material cooperation, 3 verbal conflict, 4 material conflict)",
                where=where,
            )
        text = _unquote(sentence.strip()).strip()
        if not text:
            raise MalformedRecordError("the sentence before the tab is empty; add it", where=where)
        count += 1
        yield ClassGold(number, text, int(label))
    if not count:
        raise _no_records(path, "sentence<TAB>label lines")


def read_conflibert_class(path: str | Path) -> list[ClassGold]:
    return list(iter_conflibert_class(path))


def iter_conflibert_ner(path: str | Path) -> Iterator[NerGold]:
    """The sentences of a ConfliBERT CAMEO NER file (CoNLL ``token TAG``)."""
    count = 0
    first = 0
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in _lines(path):
        fields = _FIELDS.split(line.strip(" \t"))
        if fields == [""] or fields[0] == "-DOCSTART-":
            if tokens:
                count += 1
                yield NerGold(first, tuple(tokens), tuple(tags))
                tokens, tags = [], []
            continue
        where = _where(path, number)
        if len(fields) < 2:
            raise MalformedRecordError(
                f"expected 'token TAG', got {line.strip()!r}; give each token and its tag on one line",
                where=where,
            )
        tag = fields[-1]
        if not _TAG.fullmatch(tag):
            raise MalformedRecordError(
                f"unknown tag {tag!r}; use O, B-S, I-S, B-T, I-T, B-R or I-R", where=where
            )
        if not tokens:
            first = number
        tokens.append(fields[0])
        tags.append(tag)
    if tokens:
        count += 1
        yield NerGold(first, tuple(tokens), tuple(tags))
    if not count:
        raise _no_records(path, "'token TAG' lines with a blank line between sentences")


def read_conflibert_ner(path: str | Path) -> list[NerGold]:
    return list(iter_conflibert_ner(path))


READERS: dict[str, Callable[[Path], list[Any]]] = {
    "plover-gsr": read_plover_gsr,
    "petrarch-xml": read_petrarch_xml,
    "conflibert-class": read_conflibert_class,
    "conflibert-ner": read_conflibert_ner,
}
