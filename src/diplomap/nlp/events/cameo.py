"""The CAMEO event ontology: every code with its name, Goldstein score, quad class and PLOVER type.

The table is ``data/cameo.tsv``, built by ``tools/build_cameo_table.py`` from the
CAMEO manual, GDELT's Goldstein table and the 2021 CAMEO-to-PLOVER table.
Codes are strings of 2-4 digits with their leading zero ("042", "0311"); a
2-digit code is a root. Quad classes follow GDELT's convention (by root):
01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict,
14-20 material conflict. Codes under roots 01 and 02 have no PLOVER type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from diplomap.errors import ConfigError

__all__ = ["QUAD_CLASSES", "CameoCode", "all_codes", "cameo", "is_cameo", "plover_2"]

QUAD_CLASSES: Final[dict[int, str]] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_COLUMNS = ("code", "name", "goldstein", "quad_class", "plover_type", "plover_mode", "plover_context")


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code. PLOVER fields are None when the PLOVER table gives none."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        """The 2-digit root code ("0311" -> "03")."""
        return self.code[:2]


def _rows(name: str, columns: tuple[str, ...]) -> list[list[str]]:
    text = resources.files("diplomap.nlp.data").joinpath(name).read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ConfigError(f"data/{name} has no header {' '.join(columns)}; rebuild it with tools/")
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(columns):
            raise ConfigError(f"data/{name}:{number} has {len(row)} columns, not {len(columns)}")
    return rows


@cache
def _table() -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for code, name, goldstein, quad, type_, mode, context in _rows("cameo.tsv", _COLUMNS):
        table[code] = CameoCode(
            code=code,
            name=name,
            goldstein=float(goldstein),
            quad_class=int(quad),
            plover_type=type_ or None,
            plover_mode=mode or None,
            plover_context=context or None,
        )
    return table


@cache
def _legacy() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("plover_legacy.tsv", ("old", "new"))}


def cameo(code: str) -> CameoCode:
    """The CAMEO code ``code`` ("042", "0311"); ConfigError if there is none."""
    found = _table().get(code)
    if found is None:
        raise ConfigError(f"{code!r} is not a CAMEO event code; use a 2-4 digit code such as 042 or 0311")
    return found


def is_cameo(code: str) -> bool:
    """Whether ``code`` is a CAMEO event code (a string such as "042"; "42" is not)."""
    return code in _table()


def all_codes() -> list[CameoCode]:
    """Every CAMEO code, in code order (each root before its children)."""
    return list(_table().values())


def plover_2(name: str) -> str:
    """The PLOVER 2.0 category for a PLOVER 2.0 or 0.5 name ("DEMAND" -> "REQUEST"), case-insensitive."""
    found = _legacy().get(name.strip().upper())
    if found is None:
        categories = ", ".join(sorted(set(_legacy().values())))
        raise ConfigError(
            f"{name!r} is not a PLOVER event category; use one of {categories} "
            "(or a PLOVER 0.5 name such as DEMAND)"
        )
    return found
