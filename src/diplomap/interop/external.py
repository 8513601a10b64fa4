"""Events coded by others (GDELT, ICEWS...) in the store's ``external_events`` table, to overlay ours.

:func:`import_events` reads GDELT 2.0 event files and ICEWS event files, plain or zipped, and
stores each row as an :class:`ExternalEvent` tagged with its origin (``gdelt``, ``icews`` or a
name of the user's). Rows are written in batches, one transaction each; an event already stored
under the same origin and id is left as it is, so importing a file again adds nothing. A row that
cannot be read is reported with its file and line, skipped, and the import goes on.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from diplomap.errors import ConfigError, InputError
from diplomap.store.repository import Store
from diplomap.store.schema import external_events

__all__ = [
    "IMPORT_FORMATS",
    "ExternalEvent",
    "ImportReport",
    "check_origin",
    "external_counts",
    "import_events",
    "read_lines",
]

IMPORT_FORMATS = ("gdelt", "icews")
BATCH = 1_000
_KEPT_ERRORS = 1_000
_ORIGIN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,31}")


@dataclass(frozen=True)
class ExternalEvent:
    """One row of another data set, in the columns of ``external_events`` (without origin and times)."""

    external_id: str
    date: date
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    read_from: str
    source_code: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    target_code: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    url: str | None = None
    story: str | None = None
    publisher: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self, origin: str, imported_at: datetime) -> dict[str, Any]:
        row = asdict(self)
        row.update(
            origin=origin,
            imported_at=imported_at,
            extra=json.dumps(self.extra, ensure_ascii=False, sort_keys=True) if self.extra else None,
        )
        return row


@dataclass
class ImportReport:
    """What an import read: rows new, already stored, and skipped with the first errors."""

    origin: str
    files: int = 0
    rows: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows that could not be read
    failed_files: int = 0  # files that could not be read (missing, not a zip)
    errors: list[InputError] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return self.skipped + self.failed_files

    def as_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "files": self.files,
            "rows": self.rows,
            "new": self.new,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed_files": self.failed_files,
            "errors": [str(e) for e in self.errors],
        }


def check_origin(origin: str) -> str:
    """An origin name as stored: lower case letters, digits, ``_ . -``; ``ours`` is taken."""
    name = origin.strip().lower()
    if not _ORIGIN.fullmatch(name) or name == "ours":
        raise ConfigError(
            f"--origin {origin!r} cannot name imported events; use up to 32 lower-case letters, digits, "
            "'_', '.' or '-' (not 'ours'), e.g. gdelt or icews-2018"
        )
    return name


def read_lines(path: str | Path) -> Iterator[tuple[str, str | InputError]]:
    """``(where, line)`` for each line of a text file or of each file in a zip (``where`` is file:line).

    A line that is not UTF-8 comes as an error in place of the text. A missing or broken file raises.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file; check the path", where=str(path))
    if path.suffix.lower() != ".zip":
        with path.open("rb") as handle:
            yield from _decoded(handle, str(path))
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"is not a readable zip file ({exc}); download it again", where=str(path)) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX")]
        if not members:
            raise InputError("is an empty zip file; download it again", where=str(path))
        for member in members:
            name = str(path) if len(members) == 1 else f"{path}!{member.filename}"
            try:
                with archive.open(member) as handle:
                    yield from _decoded(handle, name)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise InputError(
                    f"is a damaged zip file ({exc}); the rows before were imported, download it again",
                    where=name,
                ) from exc


def _decoded(handle: io.BufferedIOBase | Any, name: str) -> Iterator[tuple[str, str | InputError]]:
    for number, raw in enumerate(handle, start=1):
        where = f"{name}:{number}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield where, InputError("is not UTF-8 text; convert the file, e.g. with iconv", where=where)
            continue
        yield where, text.rstrip("\r\n")


Parser = Callable[[Iterable[tuple[str, str | InputError]]], Iterator[ExternalEvent | InputError]]


def _parser(format: str) -> Parser:
    if format == "gdelt":
        from diplomap.interop.gdelt import parse_gdelt

        return parse_gdelt
    if format == "icews":
        from diplomap.interop.icews import parse_icews

        return parse_icews
    raise ConfigError(f"--format {format!r} cannot be imported; use one of {', '.join(IMPORT_FORMATS)}")


def import_events(
    store: Store,
    paths: Sequence[str | Path],
    *,
    format: str,
    origin: str | None = None,
    batch_size: int = BATCH,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import the events of ``paths`` (GDELT or ICEWS files, plain or zipped) as external events."""
    parse = _parser(format)
    report = ImportReport(check_origin(origin or format))
    for path in paths:
        try:
            lines = read_lines(path)
            batch: list[ExternalEvent] = []
            for item in parse(lines):
                if isinstance(item, InputError):
                    report.skipped += 1
                    if len(report.errors) < _KEPT_ERRORS:
                        report.errors.append(item)
                    continue
                report.rows += 1
                batch.append(item)
                if len(batch) >= batch_size:
                    _store(store, report, batch)
                    batch = []
                    if progress is not None:
                        progress(report)
            _store(store, report, batch)
            report.files += 1
        except InputError as exc:  # the whole file (or its rest): missing, not a zip, damaged
            report.failed_files += 1
            report.errors.append(exc)
    return report


def _store(store: Store, report: ImportReport, batch: list[ExternalEvent]) -> None:
    """Write one batch in one transaction; events stored before (same origin and id) are left alone."""
    unique: dict[str, ExternalEvent] = {}
    for event in batch:
        if event.external_id in unique:
            report.unchanged += 1
        unique[event.external_id] = event
    if not unique:
        return
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        known = set(
            connection.execute(
                select(external_events.c.external_id).where(
                    external_events.c.origin == report.origin,
                    external_events.c.external_id.in_(list(unique)),
                )
            ).scalars()
        )
        rows = [e.row(report.origin, now) for i, e in unique.items() if i not in known]
        report.unchanged += len(known)
        if rows:
            _insert(connection, rows)
        report.new += len(rows)


def _insert(connection: Connection, rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(external_events).on_conflict_do_nothing(
        index_elements=["origin", "external_id"]
    )
    connection.execute(statement, rows)


def external_counts(store: Store) -> dict[str, int]:
    """External events per origin."""
    query = (
        select(external_events.c.origin, func.count())
        .group_by(external_events.c.origin)
        .order_by(external_events.c.origin)
    )
    with store.engine.connect() as connection:
        return {str(origin): int(n) for origin, n in connection.execute(query)}
