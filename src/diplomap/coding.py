"""``diplomap code``: events of sentences or documents as JSON lines, storing nothing.

Input records have an ``id``, ``text`` and optional ``date``. Each event comes
out as one JSON object with its codes, modality, date, amounts and evidence
(the sentence, and character spans of trigger, source and target in it).
Records that cannot be coded (non-English text, an over-long sentence) are
reported as errors and the rest go on.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from spacy.language import Language

from diplomap.errors import InputError, MalformedRecordError
from diplomap.ingest.dates import PublicationDate, parse_date
from diplomap.nlp.language import guess_language
from diplomap.nlp.pipeline import annotate
from diplomap.nlp.records import DocumentContext, EventRecord
from diplomap.nlp.sentences import MAX_SENTENCE_CHARS, Sentence, split_sentences

__all__ = ["CodeInput", "code_records", "event_json", "read_code_files", "read_code_inputs"]


@dataclass(frozen=True)
class CodeInput:
    id: str
    text: str
    date: PublicationDate | None = None


def read_code_inputs(
    handle: TextIO, name: str, *, jsonl: bool | None = None
) -> Iterator[CodeInput | InputError]:
    """Records of one input: JSONL (``id``, ``text``, optional ``date``) or text with one record a line."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        is_json = jsonl if jsonl is not None else line.lstrip().startswith("{")
        if not is_json:
            yield CodeInput(where, line.strip())
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecordError(f"not valid JSON ({exc.msg} at column {exc.colno})", where=where)
            continue
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("text"), str)
            or not record["text"].strip()
        ):
            yield MalformedRecordError(
                'each line needs a non-empty "text" string (and may have "id", "date")', where=where
            )
            continue
        try:
            day = parse_date(str(record["date"])) if record.get("date") else None
        except InputError as exc:
            yield exc.at(where)
            continue
        yield CodeInput(str(record.get("id") or where), record["text"], day)


def read_code_files(
    names: Iterable[str], *, default_date: PublicationDate | None = None, errors: list[InputError]
) -> Iterator[CodeInput]:
    """Records of the named files ("-" is standard input); problems go to ``errors``, the rest on."""
    import sys

    for name in names:
        if name == "-":
            yield from _dated(read_code_inputs(sys.stdin, "stdin"), default_date, errors)
            continue
        path = Path(name)
        if not path.is_file():
            errors.append(InputError("no such file; check the path", where=name))
            continue
        jsonl = path.suffix.lower() in (".jsonl", ".ndjson") or None
        try:
            with path.open(encoding="utf-8", errors="strict") as handle:
                yield from _dated(read_code_inputs(handle, name, jsonl=jsonl), default_date, errors)
        except UnicodeDecodeError:
            errors.append(InputError("is not UTF-8 text; convert it, e.g. with iconv", where=name))


def _dated(
    items: Iterable[CodeInput | InputError], default: PublicationDate | None, errors: list[InputError]
) -> Iterator[CodeInput]:
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        elif item.date is None and default is not None:
            yield CodeInput(item.id, item.text, default)
        else:
            yield item


def _span(start: int | None, end: int | None, offset: int, text: str) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"start": start - offset, "end": end - offset, "text": text[start - offset : end - offset]}


def event_json(record_id: str, sentence: Sentence, event: EventRecord) -> dict[str, Any]:
    """One output line. Spans are character offsets into the sentence, which is included."""
    text = sentence.text
    return {
        "id": record_id,
        "sentence_index": sentence.index,
        "source": event.source_code,
        "target": event.target_code,
        "cameo": event.cameo,
        "root": event.cameo_root,
        "quad_class": event.quad_class,
        "plover": {"type": event.plover_type, "mode": event.plover_mode},
        "goldstein": event.goldstein,
        "modality": event.modality,
        "reporter": event.reporter_code,
        "date": {
            "start": event.date_start.isoformat() if event.date_start else None,
            "end": event.date_end.isoformat() if event.date_end else None,
            "precision": event.date_precision,
            "how": event.date_how,
        },
        "quantities": [
            {
                "kind": q.kind,
                "value": q.value,
                "unit": q.unit,
                "currency": q.currency,
                "value_usd": q.value_usd,
                "text": q.text,
            }
            for q in event.quantities
        ],
        "evidence": {
            "sentence": text,
            "trigger": _span(event.trigger_start, event.trigger_end, 0, text),
            "source": _span(event.source_start, event.source_end, 0, text),
            "target": _span(event.target_start, event.target_end, 0, text),
            "coder": event.coder,
        },
    }


def code_records(
    records: Iterable[CodeInput],
    nlp: Language,
    *,
    batch_size: int = 64,
    errors: list[InputError] | None = None,
) -> Iterator[dict[str, Any]]:
    """Events of each record, as JSON-ready dicts, in input order. The sentences of all records go
    through one ``nlp.pipe`` stream, so one-sentence records are batched too."""
    waiting: deque[tuple[str, Sentence]] = deque()  # (record id, sentence) of the texts in the stream

    def texts() -> Iterator[tuple[str, DocumentContext]]:
        for record in records:
            language = guess_language(record.text)
            if language == "xx":
                if errors is not None:
                    errors.append(
                        InputError("does not look like English; diplomap codes English text", where=record.id)
                    )
                continue
            sentences = split_sentences(record.text)
            usable = [s for s in sentences if len(s.text) <= MAX_SENTENCE_CHARS]
            if errors is not None and len(usable) < len(sentences):
                longest = max(len(s.text) for s in sentences)
                errors.append(
                    InputError(
                        f"skipped a sentence of {longest:,} characters (the limit is "
                        f"{MAX_SENTENCE_CHARS:,}); split run-on text into sentences",
                        where=record.id,
                    )
                )
            context = DocumentContext(
                document_id=record.id,
                published=record.date.value if record.date else None,
                published_precision=record.date.precision if record.date else None,
                text=record.text,
            )
            for sentence in usable:
                waiting.append((record.id, sentence))
                yield sentence.text, context

    for found in annotate(nlp, texts(), batch_size=batch_size):
        record_id, sentence = waiting.popleft()
        for event in found.events:
            yield event_json(record_id, sentence, event)
