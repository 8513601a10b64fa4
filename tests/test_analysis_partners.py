"""Partner rankings on a hand-built store, both backends: the right answers are counted by hand."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from diplomap.analysis.names import counterpart
from diplomap.analysis.partners import partners, previous_period
from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.nlp.events.cameo import cameo
from tests.test_analysis_dyads import add_event

# North Korea turning from China to Russia and Japan, 2013 -> 2014
EVENTS = [
    ("CHN", "071", "PRK", date(2013, 3, 1), "asserted", "A"),  # aid: +7.4
    ("PRK", "042", "CHN", date(2013, 6, 1), "asserted", "A"),  # visit: +1.9
    ("PRK", "111", "CHN", date(2014, 7, 1), "asserted", "A"),  # criticise: -2.0
    ("CHN", "163", "PRKGOV", date(2014, 9, 1), "asserted", "B"),  # sanctions: -8.0
    ("RUS", "071", "PRK", date(2014, 5, 20), "asserted", "B"),  # aid: +7.4
    ("PRK", "036", "JPN", date(2014, 5, 29), "asserted", "B"),  # intent to meet: +4.0
    ("JPN", "040", "PRK", date(2014, 6, 1), "negated", "A"),  # did not meet: not counted
    ("IGOUNO", "111", "PRK", date(2014, 3, 1), "asserted", "A"),  # UN criticism: -2.0
]


@pytest.fixture
def world(store):
    for number, spec in enumerate(EVENTS):
        add_event(store, number, *spec)
    return store


def test_analysis_partners_ranking_and_trends(world):
    ranked = {p.code: p for p in partners(world, "PRK", date(2014, 1, 1), date(2014, 12, 31))}
    china = ranked["CHN"]
    assert (china.events, china.cooperation, china.conflict, china.previous_events) == (2, 0, 2, 2)
    assert china.goldstein_mean == pytest.approx((cameo("111").goldstein + cameo("163").goldstein) / 2)
    assert china.previous_goldstein_mean == pytest.approx(
        (cameo("071").goldstein + cameo("042").goldstein) / 2
    )
    assert china.trend == "cooling" and china.change < 0
    assert (ranked["RUS"].trend, ranked["JPN"].trend) == ("warming", "warming")  # new, cooperative
    assert ranked["JPN"].events == 1  # the negated meeting is left out
    assert ranked["IGOUNO"].trend == "cooling"
    assert next(iter(ranked)) == "CHN"  # most events first


def test_analysis_partners_previous_period_and_gone(world):
    assert previous_period(date(2014, 1, 1), date(2014, 12, 31)) == (date(2013, 1, 1), date(2013, 12, 31))
    assert previous_period(date(2013, 1, 1), date(2014, 12, 31)) == (date(2011, 1, 1), date(2012, 12, 31))
    assert previous_period(date(2014, 3, 1), date(2014, 3, 31)) == (date(2014, 2, 1), date(2014, 2, 28))
    assert previous_period(date(2014, 1, 1), date(2014, 3, 31)) == (date(2013, 10, 1), date(2013, 12, 31))
    assert previous_period(date(2014, 3, 10), date(2014, 3, 19)) == (date(2014, 2, 28), date(2014, 3, 9))
    ranked = {p.code: p for p in partners(world, "PRK", date(2013, 1, 1), date(2013, 12, 31))}
    assert set(ranked) == {"CHN"} and ranked["CHN"].events == 2
    later = {p.code: p for p in partners(world, "PRK", date(2015, 1, 1), date(2015, 12, 31))}
    assert {p.trend for p in later.values()} == {"gone"}


def test_analysis_partners_counterparts_and_errors(world):
    assert [
        counterpart(c) for c in ("RUSGOVDIP", "IGOUNOHLHWHO", "NGOHRIAMN", "IGOEUREECLEG", "IGOXYZABC")
    ] == ["RUS", "IGOUNO", "NGOHRIAMN", "IGOEUREEC", "IGOXYZ"]
    with pytest.raises(ConfigError, match="ends"):
        partners(world, "PRK", date(2014, 12, 31), date(2014, 1, 1))
    with pytest.raises(ConfigError, match="not an actor code"):
        partners(world, "north korea", date(2014, 1, 1), date(2014, 12, 31))


def test_analysis_partners_cli(world, db_url):
    runner = CliRunner()
    rows = json.loads(
        runner.invoke(app, ["--db", db_url, "partners", "PRK", "--period", "2014", "--json"]).output
    )
    assert [r["code"] for r in rows][:1] == ["CHN"] and {r["trend"] for r in rows} >= {"cooling", "warming"}
    missing = runner.invoke(app, ["--db", db_url, "partners", "PRK"])
    assert missing.exit_code == 2 and "--period" in missing.output


def test_analysis_partners_aggregates_answer_as_the_events_do(world):
    """Whole months for a country are read from the monthly aggregates; a period that cuts a month (the
    same events) from the events themselves: the rankings agree."""
    add_event(world, 90, "PRKGOV", "042", "IGOUNOHLHWHO", date(2014, 4, 2), "asserted", "C")
    add_event(world, 91, "PRK", "042", "PRKMIL", date(2014, 4, 3), "asserted", "C")  # with itself
    add_event(world, 92, "CHN", "111", "PRK", date(2014, 12, 31), "asserted", "C")
    months = partners(world, "PRK", date(2014, 1, 1), date(2014, 12, 31))
    days = partners(world, "PRK", date(2014, 1, 2), date(2014, 12, 31))  # nothing on Jan 1 either year
    assert [p.as_dict() for p in months] == [p.as_dict() for p in days]
    assert {p.code: p.events for p in months} == {"CHN": 3, "IGOUNO": 2, "RUS": 1, "JPN": 1}
