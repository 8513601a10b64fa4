"""Export the store's events as GDELT, ICEWS, PLOVER, CSV or Parquet, streaming.

Rows are read from the store a chunk at a time (:func:`diplomap.interop.ours.event_rows`) and
written as they come, so an export never holds the whole store in memory. A file is written under
a temporary name and renamed when complete. CSV and Parquet carry our own columns and get a data
dictionary written beside them (``PATH.dictionary.md``); ``data_dictionary(format)`` gives the
field table of any format.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from diplomap.errors import ConfigError
from diplomap.interop import ours
from diplomap.interop.gdelt import gdelt_dictionary, gdelt_row
from diplomap.interop.icews import HEADER, icews_dictionary, icews_row
from diplomap.interop.ours import EXPORT_TABLE, EventFilter, event_rows
from diplomap.interop.plover import plover_dictionary, plover_record
from diplomap.store.repository import Store

__all__ = ["EXPORT_FORMATS", "ExportReport", "data_dictionary", "export_events"]

EXPORT_FORMATS = ("gdelt", "icews", "plover", "parquet", "csv")
_FOREIGN = ("gdelt", "icews", "plover")  # formats without our modality column: asserted events only


@dataclass
class ExportReport:
    format: str
    out: str | None
    written: int = 0
    skipped: int = 0  # events the format cannot hold: no date (and, for plover, no PLOVER category)
    dictionary: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "out": self.out,
            "written": self.written,
            "skipped": self.skipped,
            "dictionary": self.dictionary,
        }


def data_dictionary(format: str) -> str:
    """The Markdown table of the fields a format's export holds, and what diplomap writes in each."""
    _check_format(format)
    if format == "gdelt":
        return gdelt_dictionary()
    if format == "icews":
        return icews_dictionary()
    if format == "plover":
        return plover_dictionary()
    return ours.data_dictionary(format)


def _check_format(format: str) -> None:
    if format not in EXPORT_FORMATS:
        raise ConfigError(
            f"--format {format!r} is not an export format; use one of {', '.join(EXPORT_FORMATS)}"
        )


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def _lines(format: str, rows: Iterator[dict[str, Any]], report: ExportReport) -> Iterator[str]:
    """The text lines of a text format's export (each ends with a newline)."""
    names = [c.name for c in EXPORT_TABLE.columns]
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\n")
    if format == "icews":
        yield "\t".join(HEADER) + "\n"
    if format == "csv":
        yield ",".join(names) + "\n"
    for row in rows:
        line: str | None
        if format == "csv":
            buffer.seek(0)
            buffer.truncate()
            table.writerow([_cell(row[name]) for name in names])
            line = buffer.getvalue()
        elif format == "plover":
            record = plover_record(row)
            line = json.dumps(record, ensure_ascii=False) + "\n" if record else None
        else:
            fields = gdelt_row(row) if format == "gdelt" else icews_row(row)
            line = "\t".join(fields) + "\n" if fields is not None else None
        if line is None:
            report.skipped += 1
            continue
        report.written += 1
        yield line


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.part")


def export_events(
    store: Store,
    *,
    format: str,
    out: str | Path | None = None,
    selection: EventFilter | None = None,
    stream: TextIO | None = None,
    chunk: int = ours.CHUNK,
) -> ExportReport:
    """Write the selected events in ``format`` to ``out`` (a file) or ``stream`` (standard output).

    Without modalities in ``selection``, gdelt, icews and plover get asserted events only (they
    cannot say that an event was denied or only planned); csv and parquet get all, with the column.
    """
    _check_format(format)
    selection = selection or EventFilter()
    if selection.modalities is None and format in _FOREIGN:
        selection = EventFilter(selection.start, selection.end, selection.actor, ("asserted",))
    selection = selection.checked()
    target = Path(out) if out is not None else None
    if target is not None and not target.parent.is_dir():
        raise ConfigError(f"folder {target.parent} does not exist; create it or choose another --out")
    if target is not None and target.is_dir():
        raise ConfigError(f"{target} is a folder; give --out a file name such as {target}/events.{format}")
    report = ExportReport(format, str(target) if target else None)
    rows = event_rows(store, selection, chunk=chunk)
    if format == "parquet":
        if target is None:
            raise ConfigError(
                "--format parquet needs --out FILE.parquet; Parquet is not written to a terminal"
            )
        _write_parquet(rows, target, report, chunk)
    elif target is None:
        output = stream or sys.stdout
        for line in _lines(format, rows, report):
            output.write(line)
    else:
        partial = _temporary(target)
        try:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                for line in _lines(format, rows, report):
                    handle.write(line)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    if target is not None and format in ("csv", "parquet"):
        dictionary = target.with_name(target.name + ".dictionary.md")
        dictionary.write_text(data_dictionary(format), encoding="utf-8")
        report.dictionary = str(dictionary)
    return report


def _write_parquet(rows: Iterator[dict[str, Any]], target: Path, report: ExportReport, chunk: int) -> None:
    from diplomap.ingest.parquet import parquet_schema

    schema = parquet_schema(EXPORT_TABLE)  # says how to install pyarrow when it is missing
    import pyarrow
    import pyarrow.parquet

    partial = _temporary(target)
    names = [c.name for c in EXPORT_TABLE.columns]
    try:
        with pyarrow.parquet.ParquetWriter(partial, schema) as writer:
            buffer: list[dict[str, Any]] = []
            for row in rows:
                buffer.append({name: row[name] for name in names})
                if len(buffer) >= chunk:
                    writer.write_table(pyarrow.Table.from_pylist(buffer, schema=schema))
                    report.written += len(buffer)
                    buffer = []
            if buffer or not report.written:
                writer.write_table(pyarrow.Table.from_pylist(buffer, schema=schema))
                report.written += len(buffer)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
