"""Store fixtures for SQLite and PostgreSQL, and small helpers shared by the tests.

PostgreSQL tests use ``DIPLOMAP_TEST_POSTGRES`` (``.ci/run`` starts a server
and sets it). They are skipped only when ``CI`` is unset and no server answers;
in CI a missing server fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from diplomap.settings import Settings, load_settings
from diplomap.store.repository import Store
from diplomap.store.schema import metadata

POSTGRES_URL = os.environ.get(
    "DIPLOMAP_TEST_POSTGRES",
    "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/diplomap_test",
)
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
REPO = Path(__file__).resolve().parents[1]

_postgres_problem: str | None = None
_postgres_checked = False


def _postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    global _postgres_checked, _postgres_problem
    if not _postgres_checked:
        _postgres_checked = True
        try:
            engine = sqlalchemy.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with engine.connect():
                pass
            engine.dispose()
        except Exception as exc:  # any failure to connect means "no server"
            _postgres_problem = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return _postgres_problem


_session_url: str | None = None


def _own_database() -> str:
    """A database of this test session's own, so two runs on one server never collide."""
    global _session_url
    if _session_url is None:
        base = sqlalchemy.engine.make_url(POSTGRES_URL)
        name = f"{base.database}_{os.getpid()}"
        admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        _session_url = base.set(database=name).render_as_string(hide_password=False)
    return _session_url


@pytest.fixture(scope="session", autouse=True)
def _drop_own_database() -> Iterator[None]:
    yield
    if _session_url is not None:
        base = sqlalchemy.engine.make_url(POSTGRES_URL)
        admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = sqlalchemy.engine.make_url(_session_url).database
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _reset_postgres() -> None:
    engine = sqlalchemy.create_engine(_own_database())
    metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and not reachable at {POSTGRES_URL}: {problem}")
        pytest.skip(f"no PostgreSQL server ({problem}); run .ci/postgres-up")
    _reset_postgres()
    yield _own_database()
    _reset_postgres()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def settings(db_url: str) -> Settings:
    """Settings on the fixture store, with a blank English pipeline (fast, no model)."""
    return load_settings(environ={}, db=db_url, model="blank:en")


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SEEDS} is missing; CI runs with the shared folder beside the checkout")
        pytest.skip(f"{SEEDS} not found (the shared folder sits beside the checkout)")
    return SEEDS


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's DIPLOMAP_* variables or ./diplomap.toml."""
    for name in list(os.environ):
        if name.startswith("DIPLOMAP_") and name != "DIPLOMAP_TEST_POSTGRES":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
