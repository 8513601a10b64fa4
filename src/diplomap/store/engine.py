"""Opening the store: a SQLite path or a database URL to a ready engine."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from diplomap.errors import StoreError
from diplomap.store import aggregates
from diplomap.store.schema import SCHEMA_VERSION, metadata, properties

__all__ = ["create_store_engine", "database_url"]


def database_url(db: str) -> URL:
    """``db`` as a SQLAlchemy URL: URLs pass through (postgresql gets psycopg), paths become SQLite."""
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        if not path.parent.is_dir():
            raise StoreError(
                f"folder {path.parent} for the store does not exist; create it or set DIPLOMAP_DB"
            )
        if path.is_dir():
            raise StoreError(f"{path} is a folder; set DIPLOMAP_DB to a file path such as {path}/diplomap.db")
        return URL.create("sqlite+pysqlite", database=str(path))
    try:
        url = make_url(db)
    except ArgumentError as exc:
        raise StoreError(
            f"{db!r} is not a database URL; use a file path or e.g. postgresql://user:pass@host/dbname"
        ) from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername.startswith("postgresql") and importlib.util.find_spec("psycopg") is None:
        raise StoreError("PostgreSQL needs the psycopg driver: pip install 'diplomap[postgres]'")
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _assessment_columns(connection: Connection) -> None:
    connection.exec_driver_sql("ALTER TABLE assessments ADD COLUMN aspect VARCHAR(16)")
    connection.exec_driver_sql("ALTER TABLE assessments ADD COLUMN cue TEXT")


def _event_indexes(connection: Connection) -> None:
    """Version 3 reads events by actor from covering indexes on either side; the narrower index on the
    source side goes, and the schema's indexes that the store lacks are made."""
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_events_dyad_date")
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)


# Each step brings a store from the version it names to the next; data is kept. (Tables new in a
# version are made by ``metadata.create_all`` before the steps run; a step fills them.)
_MIGRATIONS: dict[str, tuple[Callable[[Connection], object], ...]] = {
    "1": (_assessment_columns, aggregates.rebuild),
    # 3 adds the external_events and key_events tables (made by create_all) and event indexes
    "2": (_event_indexes, aggregates.rebuild_key_events),
}


def _upgrade(connection: Connection, found: str) -> str:
    """Runs the migrations from version ``found`` up to SCHEMA_VERSION in the caller's transaction."""
    version = found
    while version != SCHEMA_VERSION and version in _MIGRATIONS:
        for step in _MIGRATIONS[version]:
            step(connection)
        version = str(int(version) + 1)
    if version == SCHEMA_VERSION:
        connection.execute(
            properties.update().where(properties.c.key == "schema_version").values(value=version)
        )
    return version


def create_store_engine(db: str) -> Engine:
    """An engine on ``db`` with the schema created, or checked when it exists."""
    url = database_url(db)
    shown = url.render_as_string(hide_password=True)
    engine = create_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            found = connection.execute(
                select(properties.c.value).where(properties.c.key == "schema_version")
            ).scalar()
            if found is None:
                connection.execute(properties.insert(), {"key": "schema_version", "value": SCHEMA_VERSION})
            elif found != SCHEMA_VERSION and _upgrade(connection, found) != SCHEMA_VERSION:
                raise StoreError(
                    f"store {shown} has schema version {found}, this diplomap needs {SCHEMA_VERSION}; "
                    "use a matching diplomap version or a new store"
                )
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"cannot open store {shown} ({reason}); check DIPLOMAP_DB and that the database is reachable"
        ) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {shown} ({exc}); check DIPLOMAP_DB") from exc
    return engine
