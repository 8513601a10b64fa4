"""Dyad series on a hand-built store whose right answers are counted by hand, on both backends."""

import itertools
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from diplomap.analysis.dyads import DyadEvent, dyad_series, period_of, summarise
from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.events.cameo import cameo
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import EventRecord
from diplomap.nlp.sentences import split_sentences

# (source, code, target, day, modality, publisher)
EVENTS = [
    ("PRK", "042", "RUS", date(2014, 5, 10), "asserted", "Harbour Wire"),
    ("RUS", "071", "PRK", date(2014, 5, 20), "asserted", "Northern Rim"),
    ("PRK", "040", "RUS", date(2014, 6, 1), "negated", "Harbour Wire"),
    ("PRKGOV", "046", "RUSGOV", date(2014, 7, 3), "asserted", "Harbour Wire"),
    ("PRK", "111", "CHN", date(2014, 7, 1), "asserted", "Harbour Wire"),
    ("CHN", "163", "PRK", date(2013, 12, 15), "asserted", "Northern Rim"),
]


def add_event(store, number, source, code, target, day, modality, publisher, text=None):
    """Store one document whose first sentence carries one event (the test's hand-built store)."""
    text = text or f"Report {number}: {source} and {target} did something."
    document = SourceDocument.build(
        text, uri=f"{number}.txt", format="text", metadata=Metadata(title=str(number), publisher=publisher)
    )
    entry = cameo(code)
    event = EventRecord(
        source,
        code,
        0,
        6,
        target_code=target,
        cameo_root=entry.root,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        modality=modality,
        date_start=day,
        date_end=day,
        date_precision="day",
    )
    sentences = split_sentences(document.text)
    annotations = [SentenceAnnotations(events=(event,))] + [SentenceAnnotations()] * (len(sentences) - 1)
    store.add_document(document, sentences, annotations, pipeline="test")


@pytest.fixture
def events_store(store):
    for number, spec in enumerate(EVENTS):
        add_event(store, number, *spec)
    return store


def test_analysis_dyads_undirected_by_month(events_store):
    series = [p.as_dict() for p in dyad_series(events_store, "PRK", "RUS", by="month")]
    assert [p["period"] for p in series] == ["2014-05", "2014-06", "2014-07"]
    may, june, july = series
    assert (may["events"], may["verbal_cooperation"], may["material_cooperation"]) == (2, 1, 1)
    assert may["goldstein_sum"] == pytest.approx(cameo("042").goldstein + cameo("071").goldstein)
    assert (may["documents"], may["publishers"]) == (2, 2)
    assert june["events"] == 0 and june["goldstein_mean"] is None  # the negated meeting is left out
    assert (july["events"], july["by_root"]) == (1, {"04": 1})  # PRKGOV/RUSGOV match PRK/RUS


def test_analysis_dyads_directed_modalities_publisher_and_range(events_store):
    directed = dyad_series(events_store, "PRK", "RUS", directed=True, by="month")
    assert [p.events for p in directed] == [1, 0, 1]
    with_negated = dyad_series(events_store, "PRK", "RUS", by="month", modalities=("asserted", "negated"))
    assert [p.events for p in with_negated] == [2, 1, 1]
    one_publisher = dyad_series(events_store, "PRK", "RUS", by="year", publisher="Northern Rim")
    assert [(p.period, p.events) for p in one_publisher] == [("2014", 1)]
    ranged = dyad_series(
        events_store, "PRK", "CHN", by="quarter", start=date(2013, 10, 1), end=date(2014, 9, 30)
    )
    assert [(p.period, p.events) for p in ranged] == [
        ("2013-Q4", 1),
        ("2014-Q1", 0),
        ("2014-Q2", 0),
        ("2014-Q3", 1),
    ]
    assert [p.by_quad[4] for p in ranged] == [1, 0, 0, 0]


def test_analysis_dyads_bad_arguments_say_how_to_fix(events_store):
    with pytest.raises(ConfigError, match="not an actor code"):
        dyad_series(events_store, "North Korea", "RUS")
    with pytest.raises(ConfigError, match="week, month, quarter, year"):
        dyad_series(events_store, "PRK", "RUS", by="fortnight")
    with pytest.raises(ConfigError, match="unknown modality 'rumoured'"):
        dyad_series(events_store, "PRK", "RUS", modalities=("rumoured",))


def test_analysis_dyads_cli_table_json_csv(events_store, db_url):
    runner = CliRunner()
    rows = json.loads(runner.invoke(app, ["--db", db_url, "dyad", "PRK", "RUS", "--json"]).output)
    assert [r["events"] for r in rows] == [2, 0, 1]
    csv_out = runner.invoke(app, ["--db", db_url, "dyad", "PRK", "CHN", "--by", "year", "--csv"]).output
    assert csv_out.splitlines()[0].startswith("period,events,distinct_events,verbal_cooperation")
    assert [line.split(",")[:7] for line in csv_out.splitlines()[1:]] == [
        ["2013", "1", "1", "0", "0", "0", "1"],
        ["2014", "1", "1", "0", "0", "1", "0"],
    ]
    bad = runner.invoke(app, ["--db", db_url, "dyad", "PRK", "RUS", "--by", "decade"])
    assert bad.exit_code == 1 and "--by 'decade'" in bad.output


def test_analysis_dyads_periods():
    assert period_of(date(2014, 8, 4), "week") == ("2014-W32", date(2014, 8, 4), date(2014, 8, 10))
    assert period_of(date(2014, 12, 31), "quarter") == ("2014-Q4", date(2014, 10, 1), date(2014, 12, 31))
    assert period_of(date(2014, 2, 10), "month") == ("2014-02", date(2014, 2, 1), date(2014, 2, 28))


_rows = st.lists(
    st.builds(
        DyadEvent,
        id=st.integers(0, 10_000),
        day=st.dates(date(2010, 1, 1), date(2016, 12, 31)),
        source=st.sampled_from(["PRK", "RUS"]),
        target=st.sampled_from(["PRK", "RUS"]),
        quad_class=st.integers(1, 4),
        root=st.sampled_from(["04", "07", "11", "19"]),
        goldstein=st.floats(-10, 10),
        document_id=st.sampled_from(["a", "b", "c"]),
        publisher=st.sampled_from([None, "X", "Y"]),
    ),
    max_size=40,
)


@given(_rows, st.sampled_from(["week", "month", "quarter", "year"]), st.randoms())
def test_analysis_dyads_totals_equal_sums_of_parts_and_order_does_not_matter(rows, by, rng):
    series = summarise(rows, by=by)
    assert sum(p.events for p in series) == len(rows)
    assert all(sum(p.by_quad.values()) == p.events == sum(p.by_root.values()) for p in series)
    assert sum(p.goldstein_sum for p in series) == pytest.approx(sum(r.goldstein for r in rows))
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert [p.as_dict() for p in summarise(shuffled, by=by)] == [p.as_dict() for p in series]
    for earlier, later in itertools.pairwise(series):
        assert earlier.end + timedelta(days=1) == later.start  # contiguous, gaps filled


def test_analysis_dyads_monthly_aggregates_count_as_the_events(events_store):
    from diplomap.analysis.dyads import monthly_series

    for by in ("month", "quarter", "year"):
        full = [
            (p.period, p.events, p.by_quad, round(p.goldstein_sum, 6))
            for p in dyad_series(events_store, "PRK", "RUS", by=by)
        ]
        fast = [
            (p.period, p.events, p.by_quad, round(p.goldstein_sum, 6))
            for p in monthly_series(events_store, "PRK", "RUS", by=by)
        ]
        assert fast == full
    with pytest.raises(ConfigError, match="no weeks"):
        monthly_series(events_store, "PRK", "RUS", by="week")
    with pytest.raises(ConfigError, match="as rankings group them"):
        monthly_series(events_store, "PRKGOV", "RUS")
