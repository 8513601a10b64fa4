"""Corroboration: reports of one event in several documents become one cluster.

Two stored events are reports of the same event when they link the same two
actors in the same direction (countries, or organisations), share the CAMEO
code family (its first three digits: 071 debt relief is not 073 food aid), are dated within
``window_days`` of each other, and their sentences are alike (word-set
Jaccard similarity of at least ``min_similarity``). Clusters are the
connected groups of such pairs (union-find); each event's ``cluster_id`` is
the smallest event id in its cluster, so counts can be taken raw (events) or
de-duplicated (distinct clusters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from diplomap.analysis.names import counterpart
from diplomap.store.repository import Store
from diplomap.store.schema import events, sentences

__all__ = ["ClusterReport", "cluster_events", "similarity"]


_WORD = re.compile(r"[^\W\d_]+")
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "and",
    "or",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "that",
    "said",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "be",
    "its",
    "it",
    "this",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 1 and w.lower() not in _STOP)


def similarity(one: str, other: str) -> float:
    """Jaccard similarity of the content words of two sentences."""
    a, b = _words(one), _words(other)
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True)
class ClusterReport:
    events: int
    clusters: int
    corroborated: int  # clusters reported by more than one document


@dataclass(frozen=True)
class _Row:
    id: int
    document: str
    day: date
    key: tuple[str, str, str]
    words: frozenset[str]


def cluster_events(store: Store, *, window_days: int = 3, min_similarity: float = 0.2) -> ClusterReport:
    """Cluster every dated event with a source and a target, and store each one's ``cluster_id``."""
    query = (
        select(
            events.c.id,
            events.c.document_id,
            events.c.date_start,
            events.c.source_code,
            events.c.target_code,
            events.c.cameo,
            sentences.c.text,
        )
        .join(sentences, sentences.c.id == events.c.sentence_id)
        .where(
            events.c.date_start.is_not(None),
            events.c.source_code.is_not(None),
            events.c.target_code.is_not(None),
        )
    )
    with store.engine.connect() as connection:
        rows = [
            _Row(
                r.id,
                r.document_id,
                r.date_start,
                (counterpart(r.source_code), counterpart(r.target_code), r.cameo[:3]),
                _words(r.text),
            )
            for r in connection.execute(query)
        ]
    parent = {row.id: row.id for row in rows}

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    groups: dict[tuple[str, str, str], list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    window = timedelta(days=window_days)
    for members in groups.values():
        members.sort(key=lambda r: (r.day, r.id))
        for i, one in enumerate(members):
            for other in members[i + 1 :]:
                if other.day - one.day > window:
                    break
                union = one.words | other.words
                alike = len(one.words & other.words) / len(union) if union else 0.0
                if alike >= min_similarity:
                    a, b = find(one.id), find(other.id)
                    parent[max(a, b)] = min(a, b)
    clusters: dict[int, list[_Row]] = {}
    for row in rows:
        clusters.setdefault(find(row.id), []).append(row)
    with store.engine.begin() as connection:
        connection.execute(update(events).values(cluster_id=None))
        for cluster_id, members in clusters.items():
            connection.execute(
                update(events).where(events.c.id.in_([m.id for m in members])).values(cluster_id=cluster_id)
            )
    corroborated = sum(1 for members in clusters.values() if len({m.document for m in members}) > 1)
    return ClusterReport(len(rows), len(clusters), corroborated)
