"""The briefing on one actor, as Markdown and as offline HTML, on a hand-built store (both backends)."""

import re
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from diplomap.analysis.evidence import event_evidence
from diplomap.cli import app
from diplomap.errors import ConfigError, NotFoundError
from diplomap.nlp.events.cameo import cameo
from diplomap.report.briefing import build_briefing, default_period_unit
from diplomap.report.html import render_html
from diplomap.report.markdown import render_markdown
from tests.test_analysis_assessments import add_assessment
from tests.test_analysis_dyads import add_event

TURN = date(2014, 1, 10)
# China and North Korea: six months of aid, then six of sanctions; Russia arrives with aid
EVENTS = (
    [("CHN", "071", "PRK", TURN - timedelta(days=30 * (6 - i)), "asserted", "Wire") for i in range(6)]
    + [("CHN", "163", "PRK", TURN + timedelta(days=30 * i), "asserted", "Wire") for i in range(6)]
    + [
        ("RUS", "071", "PRK", date(2014, 5, 20), "asserted", "Rim"),
        ("PRK", "036", "JPN", date(2014, 5, 29), "asserted", "Rim"),
    ]
)


def add_briefing_events(store):
    """North Korea's record: CHN aid then sanctions, RUS aid, a JPN meeting, one assessment of CHN."""
    for number, spec in enumerate(EVENTS):
        text = f"Report {number}: {spec[0]} moved against {spec[2]} | in a way."
        add_event(store, number, *spec, text=text)
    add_assessment(
        store,
        1,
        "PRK",
        "cooling",
        "CHN",
        date(2014, 8, 4),
        None,
        None,
        "S. Mishra",
        "Jang's execution was symbolic of the growing distance between North Korea and China.",
    )
    return store


@pytest.fixture
def briefed(store):
    return add_briefing_events(store)


def test_report_briefing_gathers_partners_shifts_and_evidence(briefed):
    briefing = build_briefing(briefed, "PRK")
    first = TURN - timedelta(days=180)  # the record runs from here to 2014-08-04: whole months
    assert (briefing.start, briefing.end) == (first.replace(day=1), date(2014, 8, 31))
    assert briefing.by == "month" and briefing.name == "North Korea"
    codes = [p.code for p in briefing.partners]
    assert codes[0] == "CHN" and set(codes) == {"CHN", "RUS", "JPN"}
    assert briefing.events == len(EVENTS) and briefing.documents == len(EVENTS)
    (shift,) = briefing.shifts
    assert (shift.counterpart, shift.direction, shift.period) == ("CHN", "cooling", "2014-01")
    assert all(i in briefing.evidence for i in shift.drivers)
    assert [e.cameo for e in (briefing.evidence[i] for i in shift.drivers)] == ["163"] * 3
    china = briefing.series[0]
    assert china.code == "CHN" and sum(p.events for p in china.periods) == 12
    assert briefing.quoted["CHN"] and len(briefing.quoted["CHN"]) <= 5
    assert list(briefing.by_holder()) == ["S. Mishra"]
    later = build_briefing(briefed, "PRK", start=date(2014, 5, 15), end=date(2014, 5, 31))
    assert {p.code for p in later.partners if p.events} == {"RUS", "JPN"} and later.by == "week"


def test_report_evidence_quotes_the_trigger(briefed):
    (first,) = event_evidence(briefed, [1])
    assert first.sentence.startswith("Report 0:") and first.quote().startswith("**Report**")
    assert first.cameo_name == cameo("071").name and first.title == "0"
    assert event_evidence(briefed, [10_000]) == []


def test_report_markdown(briefed):
    text = render_markdown(build_briefing(briefed, "PRK"))
    assert text.startswith("# Briefing: North Korea (PRK)")
    row = next(line for line in text.splitlines() if line.startswith("| China (CHN)"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:4] == ["12", "6", "6"]
    assert "### China: cooling from 2014-01" in text
    assert "growing distance between North Korea and China" in text and "### S. Mishra" in text
    assert "moved against PRK \\| in" not in text  # quotes are not table cells: kept as written
    assert "CHN moved against PRK | in a way." in text


def test_report_html_is_offline_and_links_numbers_to_events(briefed):
    html = render_html(build_briefing(briefed, "PRK"))
    assert html.startswith("<!doctype html>") and "</html>" in html
    assert not re.search(r"<script[^>]+src=", html)  # plotly.js is inlined, nothing fetched
    assert "Plotly.newPlot" in html
    count_link = re.search(r'<a href="#partner-CHN">(\d+)</a>', html)
    assert count_link and count_link.group(1) == "12"
    assert 'id="partner-CHN"' in html and html.count('class="event" id="event-') >= 12
    assert "<mark>Report</mark>" in html
    assert "growing distance between North Korea and China" in html


def test_report_html_escapes_document_text(store):
    add_event(
        store,
        1,
        "CHN",
        "071",
        "PRK",
        date(2014, 1, 1),
        "asserted",
        "W",
        text="Report <script>alert(1)</script> x.",
    )
    html = render_html(build_briefing(store, "PRK"))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_report_errors(briefed, store):
    with pytest.raises(ConfigError, match="swap"):
        build_briefing(briefed, "PRK", start=date(2015, 1, 1), end=date(2014, 1, 1))
    with pytest.raises(NotFoundError, match="no dated events or assessments of BEL"):
        build_briefing(briefed, "BEL")
    with pytest.raises(ConfigError, match="not a period"):
        build_briefing(briefed, "PRK", by="fortnight")
    assert default_period_unit(date(2014, 1, 1), date(2014, 3, 1)) == "week"
    assert default_period_unit(date(2010, 1, 1), date(2014, 3, 1)) == "quarter"


def test_report_cli(briefed, db_url, tmp_path):
    runner = CliRunner()
    md = runner.invoke(app, ["--db", db_url, "report", "PRK", "--from", "2013", "--to", "2014"])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Briefing: North Korea (PRK)") and "2013-01-01 to 2014-12-31" in md.output
    out = tmp_path / "prk.html"
    html = runner.invoke(app, ["--db", db_url, "report", "PRK", "--format", "html", "--out", str(out)])
    assert html.exit_code == 0, html.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (tmp_path / "prk.html.part").exists()
    for args, message in [
        (["report", "PRK", "--format", "pdf"], "use md or html"),
        (["report", "PRK", "--out", str(tmp_path / "no" / "x.html")], "does not exist"),
        (["report", "ZZZ"], "no dated events"),
        (["report", "PRK", "--from", "soon"], "date"),
    ]:
        result = runner.invoke(app, ["--db", db_url, *args])
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1
