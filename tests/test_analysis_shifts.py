"""Shift detection: a relation that turns from cooperation to conflict is found, with its drivers."""

import json
import random
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from diplomap.analysis.shifts import find_shifts, shifts
from diplomap.cli import app
from diplomap.errors import ConfigError
from tests.test_analysis_dyads import add_event

START = date(2013, 1, 15)


def turning_rows():
    """Six cooperative months, then six conflictual ones: (day, Goldstein, event id)."""
    cooperative = [(START + timedelta(days=30 * i), 7.0 - 0.2 * i, i) for i in range(6)]
    hostile = [(START + timedelta(days=30 * (6 + i)), -6.0 - 0.3 * i, 6 + i) for i in range(6)]
    return cooperative + hostile


def test_analysis_shifts_finds_the_turn_and_its_drivers():
    (shift,) = find_shifts("CHN", turning_rows())
    assert (shift.direction, shift.period, shift.day) == ("cooling", "2013-07", START + timedelta(days=180))
    assert (shift.before_events, shift.after_events) == (6, 6) and shift.p_value < 0.01
    assert shift.change < -10
    assert shift.drivers == (11, 10, 9)  # the most hostile events after the turn


def test_analysis_shifts_none_in_a_steady_or_short_relation():
    rng = random.Random(7)
    steady = [(START + timedelta(days=10 * i), 3.0 + rng.uniform(-0.5, 0.5), i) for i in range(20)]
    assert find_shifts("RUS", steady) == []
    assert find_shifts("JPN", turning_rows()[:4]) == []
    assert find_shifts("JPN", [(START, 1.0, 1)] * 10) == []


def test_analysis_shifts_order_of_rows_does_not_matter():
    rows = turning_rows()
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert find_shifts("CHN", shuffled) == find_shifts("CHN", rows)


@pytest.fixture
def turning_store(store):
    for day, score, number in turning_rows():
        code = "042" if score > 0 else "111"  # visits, then criticism
        add_event(store, number, "PRK", code, "CHN", day, "asserted", "Wire")
    add_event(store, 99, "PRK", "042", "RUS", START, "asserted", "Wire")
    return store


def test_analysis_shifts_from_the_store_and_cli(turning_store, db_url):
    (shift,) = shifts(turning_store, "PRK")
    assert (shift.counterpart, shift.direction, shift.period) == ("CHN", "cooling", "2013-07")
    assert shifts(turning_store, "PRK", other="RUS") == []
    result = CliRunner().invoke(app, ["--db", db_url, "shifts", "PRK", "--with", "CHN", "--json"])
    assert result.exit_code == 0, result.output
    assert [row["direction"] for row in json.loads(result.output)] == ["cooling"]
    with pytest.raises(ConfigError, match="not an actor code"):
        shifts(turning_store, "PRK", other="china")


def test_analysis_shifts_screened_on_aggregates_equal_the_full_reading(store):
    from tests.test_report import EVENTS as TURNING

    for number, spec in enumerate(TURNING):
        add_event(store, number, *spec)
    screened = shifts(store, "PRK")  # whole months, a country: the monthly aggregates pick the relations
    full = shifts(store, "PRK", start=date(2000, 1, 2))  # a period that cuts a month: every event is read
    assert screened == full and [s.counterpart for s in screened] == ["CHN"]
    assert shifts(store, "PRK", other="RUS") == [] and shifts(store, "PRKGOV") == []
