"""Query latencies on a generated store of 10 million events, on SQLite and on PostgreSQL.

The mix is :mod:`synthetic`'s (60 actors with Zipf-like weights, some with
sector codes, three IGOs; CAMEO codes drawn from the whole table; dates over
2000-2019; 95% asserted), written straight through the database drivers for
speed: 50 events per document, one sentence per document (the queries timed
here do not read text). The store's aggregates (``dyad_months``,
``key_events``) are then computed by the same code that keeps them on ingest.

The SQLite store is kept in ``benchmarks/.cache/`` between runs (delete it to
generate it again). PostgreSQL: ``DIPLOMAP_BENCH_POSTGRES`` (default: the
local server of ``.ci/postgres-up``, database ``diplomap_bench``, created when
missing), loaded with COPY from the SQLite store; skipped when unreachable.
Each query runs once to warm up, then ``--repeat`` times: the median is shown.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from synthetic import COUNTRIES, MODALITIES, ORGANISATIONS, SECTORS

from diplomap.analysis.dyads import dyad_series, monthly_series
from diplomap.analysis.overview import active_dyads
from diplomap.analysis.partners import partners
from diplomap.nlp.events.cameo import all_codes
from diplomap.store.engine import database_url
from diplomap.store.repository import Store
from diplomap.store.schema import KEY_EVENTS_PER_MONTH, metadata, properties

TARGET_MS = 1000
CACHE = Path(__file__).resolve().parent / ".cache"
EVENTS_PER_DOCUMENT = 50
BATCH = 100_000
DEFAULT_POSTGRES = "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/diplomap_bench"
TABLES = ("documents", "sentences", "events", "dyad_months", "key_events")  # in foreign-key order


def _event_batches(n_events: int, seed: int) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    """(documents, sentences, events) rows as tuples in the tables' column order, BATCH events at a time."""
    rng = random.Random(seed)
    codes = [c for c in all_codes() if len(c.code) >= 3]
    actors = COUNTRIES + list(ORGANISATIONS)
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(actors))))
    first = date(2000, 1, 1)
    stamp = "2020-01-01 00:00:00.000000"
    for at in range(0, n_events, BATCH):
        size = min(BATCH, n_events - at)
        drawn = iter(rng.choices(actors, cum_weights=cumulative, k=3 * size))
        sectors = iter(rng.choices(SECTORS, k=3 * size))
        documents, sentence_rows, event_rows = [], [], []
        for event_id in range(at + 1, at + size + 1):
            number = (event_id - 1) // EVENTS_PER_DOCUMENT
            doc_id = f"{number:032x}"
            if (event_id - 1) % EVENTS_PER_DOCUMENT == 0:
                published = first + timedelta(days=rng.randrange(20 * 365))
                body = f"Synthetic report {number}."
                documents.append(
                    (doc_id, f"synthetic:{number}", "text", body, None, f"Publisher {rng.randrange(20)}",
                     published.isoformat(), "day", "explicit", "en", body, len(body), stamp, "synthetic",
                     stamp)
                )  # fmt: skip
                sentence_rows.append((number + 1, doc_id, 0, 0, len(body), body))
            source = next(drawn)
            target = next(drawn)
            if target == source:
                target = next(drawn)
            if target == source:
                target = actors[(actors.index(source) + 1) % len(actors)]
            source += "" if source.startswith("IGO") else next(sectors)
            target += "" if target.startswith("IGO") else next(sectors)
            code = rng.choice(codes)
            day = (published - timedelta(days=rng.randrange(3))).isoformat()
            event_rows.append(
                (event_id, doc_id, number + 1, source, None, None, target, None, None, code.code,
                 code.root, code.plover_type, None, code.quad_class, code.goldstein, rng.choice(MODALITIES),
                 None, None, None, day, day, "day", None, 0, 5, "synthetic", None, None)
            )  # fmt: skip
        yield documents, sentence_rows, event_rows


def _columns(table: str) -> list[str]:
    return [c.name for c in metadata.tables[table].columns]


def _quoted(table: str) -> str:
    return ", ".join(f'"{c}"' for c in _columns(table))


def _recreate_indexes(engine: Any, table: str, drop: bool) -> None:
    with engine.begin() as connection:
        for index in metadata.tables[table].indexes:
            if drop:
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            else:
                index.create(connection, checkfirst=True)


GENERATOR = "2"  # change when the generated rows change, so that kept stores are made again


def _label(n_events: int, seed: int) -> str:
    return f"{n_events} events, seed {seed}, generator {GENERATOR}"


def _stamped(store: Store) -> str | None:
    with store.engine.connect() as connection:
        query = select(properties.c.value).where(properties.c.key == "bench_store")
        found: str | None = connection.execute(query).scalar()
    return found


def _stamp(store: Store, label: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(properties.delete().where(properties.c.key == "bench_store"))
        connection.execute(properties.insert(), {"key": "bench_store", "value": label})


# The actor a code counts for, as nlp.actors.grouping.counterpart has it for this mix's codes (countries
# with sector codes after them; organisations without): the aggregates are computed by SQLite, in seconds
# rather than the hour the ingest-time code would take, and checked against it (_check).
_KEYED = """
    SELECT id, CASE WHEN source_code LIKE 'IGO%' THEN source_code ELSE substr(source_code, 1, 3) END AS sk,
           CASE WHEN target_code LIKE 'IGO%' THEN target_code ELSE substr(target_code, 1, 3) END AS tk,
           substr(date_start, 1, 8) || '01' AS m, modality, coalesce(quad_class, 0) AS quad,
           coalesce(goldstein, 0.0) AS score
    FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND date_start IS NOT NULL
"""
_DYAD_MONTHS = f"""
    INSERT INTO dyad_months (source_key, target_key, month, modality, quad_class, events, goldstein_sum)
    SELECT sk, tk, m, modality, quad, count(*), sum(score) FROM ({_KEYED}) GROUP BY sk, tk, m, modality, quad
"""
_KEY_EVENTS = f"""
    INSERT INTO key_events (source_key, target_key, month, modality, event_id, magnitude)
    SELECT sk, tk, m, modality, id, abs(score) FROM (
        SELECT *, row_number() OVER (PARTITION BY sk, tk, m, modality ORDER BY abs(score) DESC, id) AS r
        FROM ({_KEYED})
    ) WHERE r <= {KEY_EVENTS_PER_MONTH}
"""


def _check(store: Store) -> None:
    """The aggregates agree with the events: partners of PRK in 2014 from the aggregates (whole months)
    equal those counted from its events (one day short of the year, which has none on Dec 31)."""
    with store.engine.connect() as connection:
        if connection.exec_driver_sql("SELECT 1 FROM events WHERE date_start = '2014-12-31' LIMIT 1").first():
            return
    months = partners(store, "PRK", date(2014, 1, 1), date(2014, 12, 31))
    days = partners(store, "PRK", date(2014, 1, 1), date(2014, 12, 30))
    if [p.as_dict() for p in months] != [p.as_dict() for p in days]:
        raise SystemExit("the generated aggregates disagree with the events; see benchmarks/scale.py")


def generate_sqlite(path: Path, n_events: int, seed: int) -> float:
    """Writes the store at ``path`` (a new file); returns the seconds it took."""
    start = time.perf_counter()
    path.unlink(missing_ok=True)
    with Store.open(str(path)) as store:
        _recreate_indexes(store.engine, "events", drop=True)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA synchronous=OFF")
    statements = {
        name: f"INSERT INTO {name} ({_quoted(name)}) VALUES ({', '.join('?' * len(_columns(name)))})"
        for name in ("documents", "sentences", "events")
    }
    for documents, sentence_rows, event_rows in _event_batches(n_events, seed):
        raw.executemany(statements["documents"], documents)
        raw.executemany(statements["sentences"], sentence_rows)
        raw.executemany(statements["events"], event_rows)
        raw.commit()
    raw.close()
    with Store.open(str(path)) as store:
        _recreate_indexes(store.engine, "events", drop=False)
        for table in ("dyad_months", "key_events"):
            _recreate_indexes(store.engine, table, drop=True)
        with store.engine.begin() as connection:
            connection.exec_driver_sql(_DYAD_MONTHS)
            connection.exec_driver_sql(_KEY_EVENTS)
        for table in ("dyad_months", "key_events"):
            _recreate_indexes(store.engine, table, drop=False)
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                "PRAGMA analysis_limit=1000"
            )  # sampled statistics: seconds, not minutes
            connection.exec_driver_sql("ANALYZE")
        _stamp(store, _label(n_events, seed))
    return time.perf_counter() - start


def copy_to_postgres(sqlite_path: Path, url: str, label: str) -> float:
    """Loads the SQLite store into the PostgreSQL database at ``url`` with COPY; returns the seconds."""
    import psycopg

    start = time.perf_counter()
    with Store.open(url) as store:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        for table in TABLES:
            _recreate_indexes(store.engine, table, drop=True)
    conninfo = database_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(conninfo) as target, target.cursor() as cursor:
        for table in TABLES:
            names = _quoted(table)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
        for table in ("sentences", "events"):  # the next ids after the copied ones
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
    source.close()
    with Store.open(url) as store:
        for table in TABLES:
            _recreate_indexes(store.engine, table, drop=False)
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        _stamp(store, label)
    return time.perf_counter() - start


def _postgres_url() -> str | None:
    """The bench database, created when the server is reachable; None when it is not."""
    url = os.environ.get("DIPLOMAP_BENCH_POSTGRES", DEFAULT_POSTGRES)
    parsed = database_url(url)
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).scalar()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    except OperationalError:
        return None
    finally:
        server.dispose()
    return url


QUERIES: list[tuple[str, Callable[[Store], object]]] = [
    ("dyad series PRK-CHN by month, 2000-2019", lambda s: monthly_series(s, "PRK", "CHN", by="month")),
    (
        "dyad series PRK-CHN by week, 2014 (events)",
        lambda s: dyad_series(s, "PRK", "CHN", by="week", start=date(2014, 1, 1), end=date(2014, 12, 31)),
    ),
    ("partners of PRK in 2014", lambda s: partners(s, "PRK", date(2014, 1, 1), date(2014, 12, 31))),
    ("partners of PRK, 2015-2019", lambda s: partners(s, "PRK", date(2015, 1, 1), date(2019, 12, 31))),
    ("partners of ARM in 2014", lambda s: partners(s, "ARM", date(2014, 1, 1), date(2014, 12, 31))),
    ("most active dyads, 2019", lambda s: active_dyads(s, start=date(2019, 1, 1), end=date(2019, 12, 31))),
]


def time_queries(store: Store, repeat: int) -> list[tuple[str, float]]:
    results = []
    for name, query in QUERIES:
        query(store)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            query(store)
            times.append((time.perf_counter() - start) * 1000)
        results.append((name, statistics.median(times)))
    return results


def _report(backend: str, results: list[tuple[str, float]]) -> None:
    print(f"{f'{backend}: query (median)':<52}{'ms':>8}  target {TARGET_MS} ms")
    for name, ms in results:
        print(f"{name:<52}{ms:>8.0f}" + ("" if ms <= TARGET_MS else "  over"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"scale-{args.events}.db"
    store = Store.open(str(path)) if path.exists() else None
    label = _label(args.events, args.seed)
    if store is None or _stamped(store) != label:
        if store is not None:
            store.close()
        seconds = generate_sqlite(path, args.events, args.seed)
        print(f"generated SQLite store: {args.events:,} events in {seconds:.0f} s ({path})")
    else:
        store.close()
    with Store.open(str(path)) as store:
        counts = store.counts()
        with store.engine.connect() as connection:
            for table in ("dyad_months", "key_events"):
                counts[table] = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
        print("store: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v))
        _check(store)
        _report("SQLite", time_queries(store, args.repeat))
    url = None if args.no_postgres else _postgres_url()
    if url is None:
        print("PostgreSQL: skipped (no server; run .ci/postgres-up or set DIPLOMAP_BENCH_POSTGRES)")
        return
    with Store.open(url) as store:
        loaded = _stamped(store) == label
    if not loaded:
        seconds = copy_to_postgres(path, url, label)
        print(f"loaded PostgreSQL with COPY in {seconds:.0f} s")
    with Store.open(url) as store:
        _report("PostgreSQL", time_queries(store, args.repeat))


if __name__ == "__main__":
    main()
