"""Relation assessments read back from a hand-built store, both backends, and beside partner rankings."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from diplomap.analysis.assessments import assessed_relations, find_assessments
from diplomap.analysis.partners import partners
from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.assessments import STATE_SCORES
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import AssessmentRecord
from diplomap.nlp.sentences import split_sentences
from tests.test_analysis_dyads import add_event
from tests.test_analysis_partners import EVENTS

# (source, state, target, day, holder code, holder text, author, sentence)
ASSESSMENTS = [
    (
        "PRK",
        "cooling",
        "CHN",
        date(2014, 8, 4),
        None,
        None,
        "S. Mishra",
        "North Korea-China relations became estranged.",
    ),
    (
        "PRK",
        "dependent",
        "CHN",
        date(2014, 9, 1),
        None,
        None,
        "A. Lankov",
        "China controls some three-quarters of North Korea's foreign trade.",
    ),
    (
        "PRK",
        "courting",
        "RUS",
        date(2014, 9, 1),
        None,
        None,
        "A. Lankov",
        "North Korea has tried to improve relations with Russia.",
    ),
    (
        "CHNGOV",
        "cooling",
        "PRK",
        date(2014, 3, 2),
        "CHNGOV",
        "Chinese officials",
        "A. Lankov",
        "Chinese officials said relations with Pyongyang had deteriorated.",
    ),
    (
        "PRK",
        "stalemate",
        "USA",
        date(2012, 5, 1),
        None,
        None,
        "A. Lankov",
        "Talks between Pyongyang and Washington are at a stalemate.",
    ),
]


def add_assessment(store, number, source, state, target, day, holder_code, holder_text, author, text):
    """Store one document by ``author`` whose sentence carries one assessment."""
    document = SourceDocument.build(
        text, uri=f"a{number}.txt", format="text", metadata=Metadata(title=f"A{number}", author=author)
    )
    record = AssessmentRecord(
        0,
        len(text) - 1,
        state,
        source,
        target,
        holder_code,
        holder_text,
        cue=text[:12],
        date_start=day,
        date_end=day,
        date_precision="day",
    )
    sentences = split_sentences(document.text)
    annotations = [SentenceAnnotations(assessments=(record,))] + [SentenceAnnotations()] * (
        len(sentences) - 1
    )
    store.add_document(document, sentences, annotations, pipeline="test")


@pytest.fixture
def assessed_world(store):
    for number, spec in enumerate(EVENTS):
        add_event(store, number, *spec)
    for number, spec in enumerate(ASSESSMENTS):
        add_assessment(store, number, *spec)
    return store


def test_analysis_assessments_found_with_their_evidence(assessed_world):
    found = find_assessments(assessed_world, "PRK", start=date(2014, 1, 1), end=date(2014, 12, 31))
    assert [(a.counterpart, a.state) for a in found] == [
        ("CHN", "cooling"),  # 2014-03-02, held by Chinese officials
        ("CHN", "cooling"),
        ("CHN", "dependent"),
        ("RUS", "courting"),
    ]
    officials = found[0]
    assert (officials.holder, officials.holder_code) == ("Chinese officials", "CHNGOV")
    assert found[1].holder == "S. Mishra"  # the author holds what the author states
    assert found[1].sentence == "North Korea-China relations became estranged."
    assert found[2].score == STATE_SCORES["dependent"]
    only_china = find_assessments(assessed_world, "PRK", other="CHN")
    assert {a.counterpart for a in only_china} == {"CHN"} and len(only_china) == 3
    assert [a.state for a in find_assessments(assessed_world, "USA")] == ["stalemate"]


def test_analysis_assessments_summed_per_counterpart(assessed_world):
    summary = assessed_relations(find_assessments(assessed_world, "PRK", start=date(2014, 1, 1)))
    china = summary["CHN"]
    expected = (2 * STATE_SCORES["cooling"] + STATE_SCORES["dependent"]) / 3
    assert (china.assessments, china.score_mean) == (3, pytest.approx(expected, abs=1e-4))
    assert china.states == ("cooling", "dependent") and china.holders == 3
    assert summary["RUS"].states == ("courting",)


def test_analysis_assessments_beside_partner_rankings(assessed_world):
    ranked = {p.code: p for p in partners(assessed_world, "PRK", date(2014, 1, 1), date(2014, 12, 31))}
    assert (ranked["CHN"].assessments, ranked["CHN"].assessed_states) == (3, ("cooling", "dependent"))
    assert ranked["CHN"].trend == "cooling" and ranked["RUS"].assessments == 1
    assert ranked["JPN"].assessments == 0 and ranked["JPN"].assessed_score is None
    assert len(ranked["CHN"].key_events) == 2 and all(isinstance(i, int) for i in ranked["CHN"].key_events)
    earlier = {p.code: p for p in partners(assessed_world, "PRK", date(2012, 1, 1), date(2012, 12, 31))}
    assert earlier["USA"].trend == "assessed" and earlier["USA"].events == 0  # said, but no events


def test_analysis_assessments_errors_and_cli(assessed_world, db_url):
    with pytest.raises(ConfigError, match="not an actor code"):
        find_assessments(assessed_world, "north korea")
    with pytest.raises(ConfigError, match="swap"):
        find_assessments(assessed_world, "PRK", start=date(2015, 1, 1), end=date(2014, 1, 1))
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db_url, "assessments", "PRK", "--with", "RUS", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["source"], r["state"], r["target"], r["holder"]) for r in rows] == [
        ("PRK", "courting", "RUS", "A. Lankov")
    ]
    table = runner.invoke(app, ["--db", db_url, "assessments", "PRK", "--from", "2014-08"])
    assert table.exit_code == 0 and "estranged" not in table.output and "dependent" in table.output
    csv_out = runner.invoke(app, ["--db", db_url, "assessments", "PRK", "--csv"])
    assert csv_out.output.splitlines()[0].startswith("date,source,target,state")
    bad = runner.invoke(app, ["--db", db_url, "assessments", "PRK", "--from", "yesterday"])
    assert bad.exit_code != 0 and len(bad.output.strip().splitlines()) == 1


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(ASSESSMENTS))))
def test_analysis_assessments_summary_is_order_independent_and_sums(order):
    from diplomap.analysis.assessments import Assessment

    rows = [
        Assessment(
            i,
            target,
            source,
            target,
            state,
            None,
            None,
            holder,
            holder_text,
            day,
            f"d{i}",
            None,
            author,
            None,
            text,
        )
        for i, (source, state, target, day, holder, holder_text, author, text) in enumerate(ASSESSMENTS)
    ]
    forward = assessed_relations(rows)
    shuffled = assessed_relations([rows[i] for i in order])
    assert forward == shuffled
    assert sum(r.assessments for r in forward.values()) == len(rows)
    for name, relation in forward.items():
        scores = [r.score for r in rows if r.counterpart == name]
        assert relation.score_mean == pytest.approx(sum(scores) / len(scores), abs=1e-4)
