"""Network snapshots on a hand-built store (both backends), exported as GraphML and JSON."""

import json
from datetime import date

import networkx as nx
import pytest
from typer.testing import CliRunner

from diplomap.analysis.network import network, write_network
from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.nlp.events.cameo import cameo
from tests.test_analysis_dyads import add_event
from tests.test_analysis_partners import EVENTS


@pytest.fixture
def world(store):
    for number, spec in enumerate(EVENTS):
        add_event(store, number, *spec)
    return store


def test_analysis_network_edges_and_weights(world):
    graph = network(world, date(2014, 1, 1), date(2014, 12, 31))
    assert set(graph.nodes) == {"PRK", "CHN", "RUS", "JPN", "IGOUNO"}
    assert sorted(graph.edges) == sorted(
        [("PRK", "CHN"), ("CHN", "PRK"), ("RUS", "PRK"), ("PRK", "JPN"), ("IGOUNO", "PRK")]
    )
    edge = graph.edges["CHN", "PRK"]  # the sanctions, coded CHN -> PRKGOV
    assert (edge["events"], edge["cooperation"], edge["conflict"]) == (1, 0, 1)
    assert edge["goldstein_mean"] == cameo("163").goldstein
    assert graph.nodes["PRK"]["events"] == 5  # the negated meeting with Japan is left out
    with_negated = network(world, date(2014, 1, 1), date(2014, 12, 31), modalities=("asserted", "negated"))
    assert with_negated.has_edge("JPN", "PRK")


def test_analysis_network_exports_read_back(world, tmp_path):
    graph = network(world, date(2013, 1, 1), date(2014, 12, 31))
    assert write_network(graph, tmp_path / "net.graphml") == "graphml"
    again = nx.read_graphml(tmp_path / "net.graphml")
    assert set(again.edges) == set(graph.edges)
    assert write_network(graph, tmp_path / "net.json") == "json"
    data = json.loads((tmp_path / "net.json").read_text())
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes) and len(
        data["edges"]
    ) == graph.number_of_edges()


def test_analysis_network_errors(world, tmp_path):
    with pytest.raises(ConfigError, match=r"\.graphml or \.json"):
        write_network(nx.DiGraph(), tmp_path / "net.csv")
    with pytest.raises(ConfigError, match="does not exist"):
        write_network(nx.DiGraph(), tmp_path / "missing" / "net.json")
    with pytest.raises(ConfigError, match="ends"):
        network(world, date(2014, 2, 1), date(2014, 1, 1))


def test_analysis_network_cli(world, db_url, tmp_path):
    out = tmp_path / "net.graphml"
    result = CliRunner().invoke(
        app, ["--db", db_url, "network", "--period", "2014", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["edges"] == 5 and out.exists()
    bad = CliRunner().invoke(
        app, ["--db", db_url, "network", "--period", "2014", "--out", str(tmp_path / "x.txt")]
    )
    assert bad.exit_code == 1 and ".graphml or .json" in bad.output
