"""Coded documents as partitioned Parquet: one folder per table, the store's columns, one file per part.

::

    DIR/documents/part-20261207T230818-1a2b3c4d-00000.parquet
    DIR/sentences/part-20261207T230818-1a2b3c4d-00000.parquet
    DIR/mentions/  DIR/events/  DIR/quantities/  DIR/assessments/

Each part holds whole documents and is written to a hidden temporary name, then
renamed; the ``documents`` file of a part is renamed last. A part is complete
when its ``documents`` file exists: at the next run, files of parts without one
(an interrupted write) are removed, and documents already in ``documents/`` are
skipped. Ids are 63-bit hashes of the document id, table and row number, so
they are unique across parts and runs and the same on a rerun.

Read it with ``pyarrow.parquet.read_table(DIR / "events")``, pandas, DuckDB or Spark.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, SmallInteger, String, Table, Text

from diplomap.errors import ConfigError
from diplomap.ingest.records import SourceDocument
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.sentences import Sentence
from diplomap.store.repository import Store
from diplomap.store.schema import assessments, documents, events, mentions, quantities, sentences

__all__ = ["TABLES", "ParquetWriter", "parquet_schema"]

# written in this order: documents last, so that a part whose documents file exists is whole
TABLES: dict[str, Table] = {
    "sentences": sentences,
    "mentions": mentions,
    "events": events,
    "quantities": quantities,
    "assessments": assessments,
    "documents": documents,
}
_SUFFIX = ".parquet"
_TEMPORARY = ".tmp-"  # hidden: Parquet readers skip names starting with "." or "_"
_PART_CHARS = 8_000_000  # document characters per part (text is stored twice: documents and sentences)
_INSTALL = "pip install 'diplomap[dask]'"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigError(f"writing Parquet needs pyarrow; run `{_INSTALL}`") from exc
    return pyarrow


def parquet_schema(table: Table) -> Any:
    """The Arrow schema of a store table: the same columns, in the same order, with Arrow types."""
    pa = _pyarrow()
    fields = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, SmallInteger):
            arrow = pa.int16()
        elif isinstance(kind, Integer):
            arrow = pa.int64()
        elif isinstance(kind, Float):
            arrow = pa.float64()
        elif isinstance(kind, DateTime):
            arrow = pa.timestamp("us", tz="UTC")
        elif isinstance(kind, Date):
            arrow = pa.date32()
        elif isinstance(kind, String | Text):
            arrow = pa.string()
        else:  # pragma: no cover - a new column type in schema.py needs a mapping here
            raise TypeError(f"no Arrow type for {table.name}.{column.name} ({kind!r})")
        fields.append(pa.field(column.name, arrow, nullable=column.nullable or column.primary_key))
    return pa.schema(fields)


def _row_ids(document_id: str) -> Any:
    def row_id(table: str, n: int) -> int:
        digest = hashlib.sha256(f"{document_id}/{table}/{n}".encode()).digest()
        return int.from_bytes(digest[:8], "big") >> 1  # positive int64

    return row_id


class ParquetWriter:
    """Buffers coded documents and writes them as parts of about ``part_chars`` document characters."""

    def __init__(self, folder: str | Path, *, part_chars: int = _PART_CHARS) -> None:
        self._pa = _pyarrow()
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise ConfigError(f"{self.folder} is a file; give --out-parquet a folder (new or written before)")
        for name in TABLES:
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        self.part_chars = part_chars
        self._schemas = {name: parquet_schema(table) for name, table in TABLES.items()}
        self._run = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self._parts = 0
        self._buffer: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self._buffered_chars = 0
        self._remove_incomplete()
        self._known = self._read_known()

    # -- what is there ---------------------------------------------------------------------

    def _complete_parts(self) -> set[str]:
        return {p.name for p in (self.folder / "documents").glob(f"part-*{_SUFFIX}")}

    def _remove_incomplete(self) -> None:
        """Temporary files and parts without a documents file: left by an interrupted write."""
        complete = self._complete_parts()
        for name in TABLES:
            for path in (self.folder / name).iterdir():
                if path.name.startswith(_TEMPORARY) or (
                    path.name.startswith("part-")
                    and path.name.endswith(_SUFFIX)
                    and path.name not in complete
                ):
                    path.unlink()

    def _read_known(self) -> dict[str, str | None]:
        known: dict[str, str | None] = {}
        for path in sorted((self.folder / "documents").glob(f"part-*{_SUFFIX}")):
            columns = self._pa.parquet.read_table(path, columns=["id", "pipeline"]).to_pydict()
            known.update(zip(columns["id"], columns["pipeline"], strict=True))
        return known

    def annotation_state(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Like :meth:`Store.annotation_state`: for those of ``ids`` already written, their pipeline."""
        return {i: self._known[i] for i in ids if i in self._known}

    # -- writing ---------------------------------------------------------------------------

    def add_document(
        self,
        document: SourceDocument,
        sentence_list: Sequence[Sentence],
        annotations: Sequence[SentenceAnnotations] | None = None,
        *,
        pipeline: str | None = None,
    ) -> bool:
        """Buffer a document with its rows; False if it was written before."""
        if document.id in self._known:
            return False
        rows = Store.document_rows(
            document,
            sentence_list,
            annotations,
            pipeline=pipeline,
            ingested_at=datetime.now(UTC),
            row_id=_row_ids(document.id),
        )
        for name, found in rows.items():
            self._buffer[name].extend(found)
        self._known[document.id] = pipeline if annotations is not None else None
        self._buffered_chars += len(document.text)
        if self._buffered_chars >= self.part_chars:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the buffered documents as one part: every table's file, the documents file last."""
        if not self._buffer["documents"]:
            return
        name = f"part-{self._run}-{self._parts:05d}{_SUFFIX}"
        self._parts += 1
        buffered, self._buffer = self._buffer, {table: [] for table in TABLES}
        self._buffered_chars = 0
        for table, rows in buffered.items():
            final = self.folder / table / name
            temporary = final.with_name(f"{_TEMPORARY}{name}")
            arrow = self._pa.Table.from_pylist(rows, schema=self._schemas[table])
            self._pa.parquet.write_table(arrow, temporary)
            temporary.replace(final)

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> ParquetWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
