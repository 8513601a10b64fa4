"""Reports of one event in several documents form one cluster; counts are raw or de-duplicated."""

import json
from datetime import date

from typer.testing import CliRunner

from diplomap.analysis.corroboration import cluster_events, similarity
from diplomap.analysis.dyads import dyad_series
from diplomap.cli import app
from tests.test_analysis_dyads import add_event

REPORTS = [  # (sentence, source, code, target, day, publisher)
    (
        "Russia wrote off US$10 billion of North Korea's Soviet-era debt.",
        "RUS",
        "071",
        "PRK",
        date(2014, 5, 6),
        "A",
    ),
    (
        "Moscow wrote off $10 billion of North Korean Soviet-era debt on Tuesday.",
        "RUSGOV",
        "071",
        "PRK",
        date(2014, 5, 7),
        "B",
    ),
    (
        "Russia forgave North Korea's Soviet-era debt of US$10 billion.",
        "RUS",
        "071",
        "PRKGOV",
        date(2014, 5, 8),
        "C",
    ),
    ("Russia sent food aid to North Korea's flooded provinces.", "RUS", "073", "PRK", date(2014, 5, 7), "A"),
    ("Russia wrote off debt of North Korea again.", "RUS", "071", "PRK", date(2014, 9, 1), "A"),
]


def store_reports(store):
    for number, (text, source, code, target, day, publisher) in enumerate(REPORTS):
        add_event(
            store, number, source, code, target, day, "asserted", publisher, text=f"{text} (report {number})"
        )


def test_analysis_corroboration_clusters_and_distinct_counts(store):
    store_reports(store)
    report = cluster_events(store, window_days=3, min_similarity=0.2)
    # the three write-off reports in one week are one event; the aid and the September write-off are others
    assert (report.events, report.clusters, report.corroborated) == (5, 3, 1)
    (may, *_rest, september) = dyad_series(store, "RUS", "PRK", by="month")
    assert (may.events, may.distinct) == (4, 2)
    assert (september.events, september.distinct) == (1, 1)
    again = cluster_events(store, window_days=0, min_similarity=0.2)  # rerun: clusters are rebuilt, not added
    assert again.clusters == 5 and again.corroborated == 0


def test_analysis_corroboration_similarity():
    assert similarity("Russia wrote off the debt.", "Russia wrote off the debt!") == 1.0
    assert similarity("Russia wrote off the debt.", "Japan protested loudly.") == 0.0
    assert similarity("", "") == 0.0


def test_analysis_corroboration_cli(store, db_url):
    store_reports(store)
    result = CliRunner().invoke(app, ["--db", db_url, "corroborate", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"events": 5, "clusters": 3, "corroborated": 1}
