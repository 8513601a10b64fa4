"""Network snapshot: actors as nodes, their cooperation and conflict as weighted edges (networkx).

For a period, every event between two different actors (grouped as in
partner rankings: by country, or by organisation for IGO/NGO codes) adds to
the directed edge from source to target: the count of cooperative (quad
classes 1-2) and conflictual (3-4) events, the Goldstein sum and mean, and
the event ids behind them. Nodes carry how many events they took part in.
Exported as GraphML (for Gephi, yEd, networkx) or node-link JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import select

from diplomap.analysis.names import counterpart
from diplomap.errors import ConfigError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.store.repository import Store
from diplomap.store.schema import events

__all__ = ["FORMATS", "network", "summary", "write_network"]

FORMATS = ("graphml", "json")


def network(store: Store, start: date, end: date, *, modalities: Sequence[str] = ("asserted",)) -> nx.DiGraph:
    """The directed, weighted graph of events between actors from ``start`` to ``end``."""
    if end < start:
        raise ConfigError(f"the period ends ({end}) before it starts ({start}); swap --from and --to")
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise ConfigError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    query = (
        select(
            events.c.id, events.c.source_code, events.c.target_code, events.c.quad_class, events.c.goldstein
        )
        .where(events.c.source_code.is_not(None), events.c.target_code.is_not(None))
        .where(events.c.date_start >= start, events.c.date_start <= end)
        .where(events.c.modality.in_(list(modalities)))
        .order_by(events.c.id)
    )
    scores: dict[tuple[str, str], list[float]] = {}
    graph = nx.DiGraph(start=start.isoformat(), end=end.isoformat(), modalities=",".join(modalities))
    with store.engine.connect() as connection:
        for event_id, source, target, quad, score in connection.execute(query):
            a, b = counterpart(source), counterpart(target)
            if a == b:
                continue
            for node in (a, b):
                if node not in graph:
                    graph.add_node(node, events=0)
                graph.nodes[node]["events"] += 1
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, events=0, cooperation=0, conflict=0, event_ids="")
            edge = graph.edges[a, b]
            edge["events"] += 1
            edge["cooperation" if quad in (1, 2) else "conflict"] += 1
            edge["event_ids"] = f"{edge['event_ids']} {event_id}".strip()
            scores.setdefault((a, b), []).append(float(score or 0.0))
    for (a, b), values in scores.items():
        graph.edges[a, b]["goldstein_sum"] = round(math.fsum(values), 4)
        graph.edges[a, b]["goldstein_mean"] = round(math.fsum(values) / len(values), 4)
    return graph


def write_network(graph: nx.DiGraph, path: str | Path) -> str:
    """Write ``graph`` as GraphML or JSON, chosen by the file's extension; returns the format."""
    target = Path(path)
    suffix = target.suffix.lower()
    if not target.parent.is_dir():
        raise ConfigError(f"folder {target.parent} does not exist; create it or choose another --out")
    if suffix == ".graphml":
        nx.write_graphml(graph, target)
        return "graphml"
    if suffix == ".json":
        target.write_text(
            json.dumps(nx.node_link_data(graph, edges="edges"), indent=1) + "\n", encoding="utf-8"
        )
        return "json"
    raise ConfigError(f"--out {target.name!r}: use a .graphml or .json file name")


def summary(graph: nx.DiGraph) -> dict[str, Any]:
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "events": sum(d["events"] for _, _, d in graph.edges(data=True)),
    }
