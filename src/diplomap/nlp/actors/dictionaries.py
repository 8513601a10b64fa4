"""Actor dictionaries: our YAML and CSV formats, and PETRARCH/Phoenix ``.actors`` files.

YAML (a list; ``code`` or ``roles``)::

    - name: Park Geun-hye
      aliases: [Park Geun Hye]
      country: KOR
      roles:
        - {office: President, code: KORGOV, start: 2013-02-25, end: 2017-03-10}
      default: KORELI          # optional; people default to <country>ELI

CSV (header required; one row per role, aliases separated by ``;``)::

    name,country,code,start,end,office,aliases
    Park Geun-hye,KOR,KORGOV,2013-02-25,2017-03-10,President,Park Geun Hye

Phoenix ``.actors``: ``NAME_WORDS_`` lines, ``+SYNONYM_`` lines and ``[CODE]``
or ``[CODE YYMMDD-YYMMDD]`` / ``[CODE >YYMMDD]`` / ``[CODE <YYMMDD]`` codes
(8-digit YYYYMMDD dates too). Two-digit years 00-29 are 20xx, others 19xx.
TABARI's stem matching (no trailing underscore) is read as a whole word.

Every problem raises :class:`DictionaryError` naming the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from diplomap.errors import DictionaryError
from diplomap.nlp.actors.entities import DatedEntity, Role

__all__ = ["load_dictionary", "load_yaml_with_lines", "parse_code"]

ErrorHandler = Callable[[DictionaryError], None]

_CODE = re.compile(r"(?:[A-Z]{3}|---)(?:[A-Z]{3})*")
_COUNTRY = re.compile(r"[A-Z]{3}")
_FIELDS = {"name", "aliases", "country", "roles", "default", "code", "sectors", "kind"}
_ROLE_FIELDS = {"office", "code", "start", "end", "approx"}
# codes of actors that belong to no one country
_NOT_COUNTRIES = {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS", "---"}
# CAMEO codes that differ from the ISO-like codes diplomap uses
_RENAMED = {"KSV": "XKX"}


def parse_code(code: str) -> str:
    code = code.strip().upper()
    return _RENAMED.get(code[:3], code[:3]) + code[3:]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (as ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _date(value: Any, where: str, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise DictionaryError(f"{field} {value!r} is not a date; write YYYY-MM-DD", where=where) from exc


def _checked_code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _CODE.fullmatch(value.strip().upper()):
        raise DictionaryError(
            f"code {value!r} is not a CAMEO actor code (3-letter groups, e.g. KORGOV)", where=where
        )
    return parse_code(value)


def _role(raw: Any, where: str) -> Role:
    if not isinstance(raw, dict):
        raise DictionaryError("a role must be a mapping with code, start, end", where=where)
    unknown = set(raw) - _ROLE_FIELDS - {"__line__"}
    if unknown:
        raise DictionaryError(
            f"unknown role field {sorted(unknown)[0]!r}; use {sorted(_ROLE_FIELDS)}", where=where
        )
    start, end = _date(raw.get("start"), where, "start"), _date(raw.get("end"), where, "end")
    if start and end and end < start:
        raise DictionaryError(f"role ends ({end}) before it starts ({start})", where=where)
    return Role(
        _checked_code(raw.get("code"), where), start, end, raw.get("office"), bool(raw.get("approx", False))
    )


def _entity(raw: Any, path: Path, number: int, kind: str) -> DatedEntity:
    where = f"{path}:{raw.get('__line__', number) if isinstance(raw, dict) else number}"
    if not isinstance(raw, dict):
        raise DictionaryError("each item must be a mapping with name and code or roles", where=where)
    unknown = set(raw) - _FIELDS - {"__line__"}
    if unknown:
        raise DictionaryError(f"unknown field {sorted(unknown)[0]!r}; use {sorted(_FIELDS)}", where=where)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DictionaryError("missing name", where=where)
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise DictionaryError("aliases must be a list of strings", where=where)
    roles_raw = raw.get("roles") or []
    if not isinstance(roles_raw, list):
        raise DictionaryError("roles must be a list", where=where)
    roles = [_role(r, f"{path}:{r.get('__line__', '?') if isinstance(r, dict) else '?'}") for r in roles_raw]
    if raw.get("code"):
        roles.append(Role(_checked_code(raw["code"], where)))
    if not roles:
        raise DictionaryError(f"{name!r} has neither code nor roles", where=where)
    default = _checked_code(raw["default"], where) if raw.get("default") else None
    country = raw.get("country") or (None if roles[0].code[:3] in _NOT_COUNTRIES else roles[0].code[:3])
    if country is not None and (not isinstance(country, str) or not _COUNTRY.fullmatch(country)):
        raise DictionaryError(f"country {country!r} is not a 3-letter code", where=where)
    sectors = raw.get("sectors") or []
    if not isinstance(sectors, list) or not all(
        isinstance(x, str) and _COUNTRY.fullmatch(x) for x in sectors
    ):
        raise DictionaryError("sectors must be a list of 3-letter codes such as [LEG]", where=where)
    return DatedEntity(
        id=f"{raw.get('kind', kind)}:{name.strip()}",
        name=name.strip(),
        kind=str(raw.get("kind", kind)),
        country=parse_code(country) if country else None,
        sectors=tuple(sectors),
        roles=tuple(sorted(roles, key=lambda r: r.start or date.min)),
        default=default,
        aliases=tuple(a.strip() for a in aliases if a.strip()),
        source=path.name,
    )


def load_yaml_with_lines(text: str, name: str) -> Any:
    """YAML whose mappings carry their line as ``__line__``; bad YAML is a DictionaryError at its line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise DictionaryError(
            f"not valid YAML ({getattr(exc, 'problem', exc)})", where=f"{name}:{line}"
        ) from exc


def _load_yaml(path: Path, kind: str) -> list[DatedEntity]:
    loaded = load_yaml_with_lines(path.read_text(encoding="utf-8"), str(path))
    if loaded is None:
        return []
    if not isinstance(loaded, list):
        raise DictionaryError("must be a YAML list of entries", where=f"{path}:1")
    return [_entity(item, path, number, kind) for number, item in enumerate(loaded, start=1)]


_CSV_COLUMNS = ("name", "country", "code", "start", "end", "office", "aliases")


def _load_csv(path: Path, kind: str) -> list[DatedEntity]:
    by_name: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"name", "code"} - set(reader.fieldnames or ())
        if missing:
            raise DictionaryError(
                f"missing column {sorted(missing)[0]!r}; the header is {','.join(_CSV_COLUMNS)}",
                where=f"{path}:1",
            )
        for row in reader:
            where = f"{path}:{reader.line_num}"
            name = (row.get("name") or "").strip()
            if not name:
                raise DictionaryError("empty name", where=where)
            item = by_name.setdefault(
                name, {"name": name, "aliases": [], "roles": [], "__line__": reader.line_num}
            )
            if row.get("country"):
                item["country"] = row["country"].strip()
            item["aliases"] += [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            item["roles"].append(
                {
                    "code": row.get("code"),
                    "start": row.get("start"),
                    "end": row.get("end"),
                    "office": row.get("office") or None,
                    "__line__": reader.line_num,
                }
            )
    return [_entity(item, path, item["__line__"], kind) for item in by_name.values()]


_PHOENIX_CODE = re.compile(r"\[([^\]]*)\]")
_PHOENIX_DATE = re.compile(r"^(?:(\d{6}|\d{8})-(\d{6}|\d{8})|>(\d{6}|\d{8})|<(\d{6}|\d{8}))$")


def _phoenix_day(text: str, where: str) -> date:
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise DictionaryError(f"{text!r} is not a real date", where=where) from exc


def _phoenix_role(inside: str, where: str) -> Role:
    parts = inside.split()
    if not parts:
        raise DictionaryError("empty [] code", where=where)
    code = parts[0].lstrip("~")
    if not _CODE.fullmatch(code):
        raise DictionaryError(f"{code!r} is not a CAMEO actor code", where=where)
    if len(parts) == 1:
        return Role(parse_code(code))
    found = _PHOENIX_DATE.match(parts[1])
    if not found or len(parts) > 2:
        raise DictionaryError(
            f"date restriction {' '.join(parts[1:])!r} is not YYMMDD-YYMMDD, >YYMMDD or <YYMMDD", where=where
        )
    start_text, end_text, after, before = found.groups()
    if after:
        return Role(parse_code(code), _phoenix_day(after, where), None)
    if before:
        return Role(parse_code(code), None, _phoenix_day(before, where))
    return Role(parse_code(code), _phoenix_day(start_text, where), _phoenix_day(end_text, where))


def _phoenix_name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


def _phoenix_blocks(path: Path) -> Iterator[tuple[int, list[str], list[tuple[int, str]]]]:
    """(line, names, [(line, code text)]) per entry: consecutive name lines share the codes after them."""
    names: list[str] = []
    start = 0
    codes: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            body = raw.split("#", 1)[0].rstrip("\n").split(";", 1)[0]
            if not body.strip():
                continue
            found = _PHOENIX_CODE.findall(body)
            if body[0] in " \t" or not _PHOENIX_CODE.sub("", body).strip():
                codes += [(number, c) for c in found]
                continue
            if body.startswith("+"):
                if not names:
                    raise DictionaryError("synonym (+) before any actor name", where=f"{path}:{number}")
                names.append(_phoenix_name(_PHOENIX_CODE.sub("", body[1:])))
                codes += [(number, c) for c in found]
                continue
            if names and codes:
                yield start, names, codes
                names, codes = [], []
            if not names:
                start = number
            names.append(_phoenix_name(_PHOENIX_CODE.sub("", body)))
            codes += [(number, c) for c in found]
    if names:
        yield start, names, codes


def _load_phoenix(path: Path, kind: str, on_error: ErrorHandler | None) -> list[DatedEntity]:
    entities: list[DatedEntity] = []
    current_country: str | None = None
    for line, names, codes in _phoenix_blocks(path):
        try:
            roles = [_phoenix_role(text, f"{path}:{number}") for number, text in codes]
            if not roles:
                raise DictionaryError(f"actor {names[0]!r} has no [CODE]", where=f"{path}:{line}")
        except DictionaryError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        if len(roles) == 1 and roles[0].start is None and roles[0].end is None and len(roles[0].code) == 3:
            current_country = roles[0].code
        undated = [r for r in roles if r.start is None and r.end is None]
        dated = [r for r in roles if r not in undated]
        default = undated[-1].code if undated and dated else None
        country = next((r.code[:3] for r in roles if r.code[:3] not in _NOT_COUNTRIES), current_country)
        entities.append(
            DatedEntity(
                id=f"phoenix:{names[0]}",
                name=names[0],
                kind="person" if dated else kind,
                country=country,
                roles=tuple(sorted(dated or undated, key=lambda r: r.start or date.min)),
                default=default,
                aliases=tuple(n for n in names[1:] if n),
                source=path.name,
            )
        )
    return entities


def load_dictionary(
    path: str | Path, *, kind: str = "person", on_error: ErrorHandler | None = None
) -> list[DatedEntity]:
    """Entities in one dictionary file, chosen by extension (.yaml/.yml, .csv, .actors/.txt).

    Errors raise; for PETRARCH files, ``on_error`` may instead receive each bad
    entry's error while the rest load (old dictionaries hold a few typos).
    """
    path = Path(path)
    if not path.is_file():
        raise DictionaryError("no such dictionary file; check the path", where=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            return _load_yaml(path, kind)
        if suffix == ".csv":
            return _load_csv(path, kind)
        if suffix in (".actors", ".txt"):
            return _load_phoenix(path, kind, on_error)
    except UnicodeDecodeError as exc:
        raise DictionaryError("is not UTF-8 text; convert it with iconv", where=str(path)) from exc
    raise DictionaryError(
        f"unknown dictionary format {suffix!r}; use .yaml, .csv, or PETRARCH .actors/.txt", where=str(path)
    )
