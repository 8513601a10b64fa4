"""Actor resolution against NGEC-style gold: one JSON case per line.

Each ``agent_to_code`` case gives an actor string, maybe a ``query_date``, and
the expected ``country`` and first sector ``code_1``. An expectation may be a
value ("" for none), or ``{"op": "NotEq"|"In", "value": ...}``; "????" or a
missing key leaves that part unscored. Other methods in the file are skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from diplomap.errors import BadDateError, MalformedRecordError
from diplomap.ingest.dates import parse_date
from diplomap.nlp.actors.knowledge import Knowledge
from diplomap.nlp.actors.resolve import resolve_phrase

__all__ = ["ActorCase", "ActorScores", "read_actor_cases", "score_actor_resolution"]


@dataclass(frozen=True)
class ActorCase:
    line: int
    text: str
    day: date | None
    country: Any  # expectation, or None when unscored
    sector: Any


@dataclass
class ActorScores:
    n: int = 0
    country_scored: int = 0
    country_correct: int = 0
    sector_scored: int = 0
    sector_correct: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_correct / self.country_scored if self.country_scored else 0.0

    @property
    def sector_accuracy(self) -> float:
        return self.sector_correct / self.sector_scored if self.sector_scored else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "metrics": {
                "country_accuracy": round(self.country_accuracy, 4),
                "country_n": self.country_scored,
                "sector_accuracy": round(self.sector_accuracy, 4),
                "sector_n": self.sector_scored,
            },
        }


_UNSCORED = object()


def _expectation(expect: dict[str, Any], key: str) -> Any:
    if key not in expect or expect[key] == "????":
        return _UNSCORED
    return expect[key]


def _agrees(expected: Any, got: str) -> bool:
    if isinstance(expected, dict):
        value = expected.get("value")
        if expected.get("op") == "NotEq":
            return got != (value or "")
        if expected.get("op") == "In":
            return got in (value or [])
        return False
    return got == (expected or "")


def read_actor_cases(path: str | Path) -> list[ActorCase]:
    """The ``agent_to_code`` cases of an NGEC-style JSONL file; bad lines raise naming file:line."""
    cases = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecordError(f"not valid JSON ({exc.msg})", where=where) from exc
            if (
                not isinstance(record, dict)
                or not isinstance(record.get("expect"), dict)
                or not isinstance(record.get("text"), str)
            ):
                raise MalformedRecordError('each line needs "text" and an "expect" object', where=where)
            if record.get("method", "agent_to_code") != "agent_to_code":
                continue
            try:
                day = parse_date(record["query_date"]).value if record.get("query_date") else None
            except BadDateError as exc:
                raise exc.at(where) from exc
            cases.append(
                ActorCase(
                    number,
                    record["text"],
                    day,
                    _expectation(record["expect"], "country"),
                    _expectation(record["expect"], "code_1"),
                )
            )
    return cases


def score_actor_resolution(cases: list[ActorCase], knowledge: Knowledge) -> ActorScores:
    scores = ActorScores()
    for case in cases:
        scores.n += 1
        found = resolve_phrase(case.text, knowledge, case.day)
        country = (found.country or "") if found else ""
        sector = (found.sectors[0] if found.sectors else "") if found else ""
        miss: dict[str, Any] = {}
        if case.country is not _UNSCORED:
            scores.country_scored += 1
            if _agrees(case.country, country):
                scores.country_correct += 1
            else:
                miss["country"] = (case.country, country)
        if case.sector is not _UNSCORED:
            scores.sector_scored += 1
            if _agrees(case.sector, sector):
                scores.sector_correct += 1
            else:
                miss["sector"] = (case.sector, sector)
        if miss:
            scores.misses.append(
                {"line": case.line, "text": case.text, **miss, "how": found.how if found else "nothing known"}
            )
    return scores
