"""GDELT's events laid over ours: the briefing's overlay, its HTML chart and Markdown tables, the dyad and
actor pages with ``?overlay=``, the API's ``origin``, and ``diplomap report --overlay``, on a hand-built
store with a small GDELT file imported (both backends)."""

import json
import re
import warnings
from datetime import date

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from diplomap.analysis.dyads import dyad_series
from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.interop import import_events
from diplomap.nlp.events.cameo import cameo
from diplomap.report.briefing import build_briefing, overlay_origins
from diplomap.report.html import render_html, series_chart
from diplomap.report.markdown import render_markdown
from diplomap.web import create_app
from tests.test_interop_import import GOOD, gdelt_line
from tests.test_report import add_briefing_events

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

# GDELT's view: China and North Korea (both ways, codes longer than ours), Russia, and the United States,
# whom our events never name; one event before the briefing's period
THEIRS = [
    (1, "CHN", "PRKGOV", "20131005", "042"),
    (2, "PRK", "CHNGOV", "20140303", "112"),
    (3, "CHNMIL", "PRK", "20140310", "190"),
    (4, "RUS", "PRK", "20140521", "071"),
    (5, "USA", "PRK", "20140601", "173"),
    (6, "CHN", "PRK", "20100101", "042"),
]


@pytest.fixture
def briefed(store):
    """PRK's record (tests.test_report): China, Russia, Japan; no external events."""
    return add_briefing_events(store)


@pytest.fixture
def overlaid(briefed, tmp_path):
    path = tmp_path / "20140601000000.export.CSV"
    lines = []
    for number, source, target, day, code in THEIRS:
        entry = cameo(code)
        row = {
            **GOOD,
            "GlobalEventID": number,
            "Day": day,
            "MonthYear": day[:6],
            "Year": day[:4],
            "Actor1Code": source,
            "Actor2Code": target,
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": entry.quad_class,
            "GoldsteinScale": entry.goldstein,
            "SOURCEURL": f"https://www.example.com/{number}.html",
        }
        lines.append(gdelt_line(**row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_events(briefed, [path], format="gdelt").new == len(THEIRS)
    return briefed


def _traces(html):
    """The Plotly traces of every chart in a page."""
    found = []
    for call in re.findall(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*\{", html, re.DOTALL):
        found += json.loads(call)
    return found


def test_interop_overlay_briefing_carries_the_external_series(overlaid):
    briefing = build_briefing(overlaid, "PRK", overlay="GDELT")
    assert briefing.overlay == "gdelt" and briefing.overlay_label == "GDELT"
    assert [s.code for s in briefing.series] == ["CHN", "JPN", "RUS"]
    for series in briefing.series:
        expected = dyad_series(
            overlaid,
            "PRK",
            series.code,
            by=briefing.by,
            start=briefing.start,
            end=briefing.end,
            origin="gdelt",
        )
        assert series.external == expected
        assert [p.period for p in series.external] == [p.period for p in series.periods]
    china = briefing.series[0]
    assert sum(p.events for p in china.external) == 3  # 2010 is before the period
    totals = briefing.overlay_totals
    assert (totals["CHN"].events, totals["RUS"].events, totals["USA"].events) == (3, 1, 1)
    mean = (cameo("042").goldstein + cameo("112").goldstein + cameo("190").goldstein) / 3
    assert totals["CHN"].goldstein_mean == pytest.approx(mean, abs=1e-4)
    assert "JPN" not in totals and "USA" not in {p.code for p in briefing.partners}
    plain = build_briefing(overlaid, "PRK")
    assert plain.overlay is None and plain.overlay_totals == {}
    assert all(s.external is None for s in plain.series)


def test_interop_overlay_unknown_origin_lists_those_present(overlaid):
    assert overlay_origins(overlaid) == ["gdelt"]
    with pytest.raises(
        ConfigError, match=r"no external events from origin 'icews'; use one of: gdelt \("
    ) as e:
        build_briefing(overlaid, "PRK", overlay="icews")
    assert "\n" not in str(e.value) and "diplomap import" in str(e.value)


def test_interop_overlay_without_external_events_says_to_import(briefed):
    assert overlay_origins(briefed) == []
    with pytest.raises(ConfigError, match="the store has none; import some first"):
        build_briefing(briefed, "PRK", overlay="gdelt")


def test_interop_overlay_html_draws_a_dashed_line_of_the_same_colour(overlaid):
    html = render_html(build_briefing(overlaid, "PRK", overlay="gdelt"))
    traces = {t.get("name"): t for t in _traces(html)}
    ours, theirs = traces["China"], traces["China (GDELT)"]
    assert theirs["line"]["dash"] == "dash" and "dash" not in ours["line"]
    assert theirs["line"]["color"] == ours["line"]["color"] != traces["Russia"]["line"]["color"]
    assert theirs["legendgroup"] == ours["legendgroup"] == "CHN"
    assert theirs["x"] == ours["x"] and sum(theirs["customdata"][i][0] for i in range(len(theirs["x"]))) == 3
    assert '<th class="overlay">GDELT events</th>' in html
    row = re.search(r'<tr id="row-CHN">(.*?)</tr>', html, re.DOTALL)
    assert row and '<td class="overlay">3</td>' in row.group(1)
    plain = render_html(build_briefing(overlaid, "PRK"))
    assert "GDELT" not in plain and not any("(GDELT)" in (t.get("name") or "") for t in _traces(plain))


def test_interop_overlay_series_chart_draws_the_external_line():
    from diplomap.analysis.dyads import DyadPeriod

    ours = [DyadPeriod("2014-01", date(2014, 1, 1), date(2014, 1, 31), events=1, goldstein_sum=2.0)]
    theirs = [DyadPeriod("2014-01", date(2014, 1, 1), date(2014, 1, 31), events=4, goldstein_sum=-4.0)]
    html = series_chart(ours, "t", external=theirs, external_label="GDELT")
    dashed = next(t for t in _traces(html) if t["name"] == "mean Goldstein (GDELT)")
    assert dashed["line"] == {"color": "#2847a8", "dash": "dash"} and dashed["y"] == [-1.0]
    assert "(GDELT)" not in series_chart(ours, "t")


def test_interop_overlay_markdown_shows_theirs_beside_ours(overlaid):
    text = render_markdown(build_briefing(overlaid, "PRK", overlay="gdelt"))
    header = next(line for line in text.splitlines() if line.startswith("| Partner"))
    names = [c.strip() for c in header.strip("|").split("|")]
    assert names[4:7] == ["Goldstein mean", "GDELT events", "GDELT mean"]
    row = next(line for line in text.splitlines() if line.startswith("| China (CHN)"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "12" and cells[5] == "3" and len(cells) == len(names)
    assert "## Over time, beside GDELT" in text and "### China (CHN)" in text
    march = next(line for line in text.splitlines() if line.startswith("| 2014-03 |"))
    assert [c.strip() for c in march.strip("|").split("|")][3] == "2"  # China's two GDELT events in March
    assert "GDELT" not in render_markdown(build_briefing(overlaid, "PRK"))


@pytest.fixture
def client(settings, overlaid):
    with TestClient(create_app(settings)) as opened:
        yield opened


def test_interop_overlay_dyad_page(client, overlaid):
    page = client.get("/dyads/PRK/CHN", params={"overlay": "gdelt", "by": "month"})
    assert page.status_code == 200, page.text
    dashed = next(t for t in _traces(page.text) if t["name"] == "mean Goldstein (GDELT)")
    assert dashed["line"]["dash"] == "dash"
    assert sum(row[0] for row in dashed["customdata"]) == 4  # every GDELT event of the pair, 2010 too
    assert dashed["x"][0] == "2010-01-01"  # both series over the periods either has
    assert 'id="overlay-2014-03"' in page.text and "GDELT: 2 events" in page.text
    assert 'id="period-2010-01"' in page.text  # a period only GDELT has events in is listed
    assert '<a href="/dyads/PRK/CHN?by=month" class="on" aria-current="true">hide GDELT</a>' in page.text
    plain = client.get("/dyads/PRK/CHN")
    assert plain.status_code == 200 and "mean Goldstein (GDELT)" not in plain.text
    assert 'href="/dyads/PRK/CHN?overlay=gdelt"' in plain.text and 'id="overlay-' not in plain.text
    bad = client.get("/dyads/PRK/CHN", params={"overlay": "icews"})
    assert bad.status_code == 422
    assert "overlay: no external events from origin &#39;icews&#39;; use one of: gdelt" in bad.text


def test_interop_overlay_actor_page(client):
    page = client.get("/actors/PRK", params={"overlay": "gdelt", "from": "2013", "to": "2014"})
    assert page.status_code == 200, page.text
    assert any(t.get("name") == "China (GDELT)" for t in _traces(page.text))
    assert '<input type="hidden" name="overlay" value="gdelt">' in page.text
    assert 'href="/actors/PRK?from=2013&amp;to=2014" class="on"' in page.text  # hide GDELT, keep the period
    plain = client.get("/actors/PRK")
    assert "GDELT events" not in plain.text and 'href="/actors/PRK?overlay=gdelt"' in plain.text
    assert client.get("/actors/PRK", params={"overlay": "ours"}).status_code == 422


def test_interop_overlay_pages_without_external_events_show_no_links(settings, briefed):
    with TestClient(create_app(settings)) as opened:
        for url in ("/actors/PRK", "/dyads/PRK/CHN"):
            page = opened.get(url)
            assert page.status_code == 200 and "Beside ours" not in page.text and "overlay=" not in page.text


def test_interop_overlay_api_dyad_origin(client, overlaid):
    body = client.get("/api/dyads/PRK/CHN", params={"origin": "gdelt", "by": "year"}).json()
    expected = dyad_series(overlaid, "PRK", "CHN", origin="gdelt", by="year")
    assert [(p["period"], p["events"]) for p in body["periods"]] == [(p.period, p.events) for p in expected]
    assert sum(p["events"] for p in body["periods"]) == 4
    ours = client.get("/api/dyads/PRK/CHN", params={"origin": "ours", "by": "year"}).json()
    assert sum(p["events"] for p in ours["periods"]) == 12
    bad = client.get("/api/dyads/PRK/CHN", params={"origin": "icews"})
    assert bad.status_code == 422 and bad.json()["parameter"] == "origin"
    assert "use one of: ours, gdelt" in bad.json()["detail"]
    schema = client.get("/api/openapi.json").json()
    names = [p["name"] for p in schema["paths"]["/api/dyads/{a}/{b}"]["get"]["parameters"]]
    assert "origin" in names


def test_interop_overlay_report_cli(overlaid, db_url):
    runner = CliRunner()
    md = runner.invoke(app, ["--db", db_url, "report", "PRK", "--overlay", "gdelt"])
    assert md.exit_code == 0, md.output
    assert "GDELT events" in md.output and "## Over time, beside GDELT" in md.output
    bad = runner.invoke(app, ["--db", db_url, "report", "PRK", "--overlay", "icews"])
    assert bad.exit_code != 0 and "use one of: gdelt" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
