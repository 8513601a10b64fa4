"""The corpus at a glance on a hand-built store (both backends): most active pairs and latest shifts."""

from datetime import date

import pytest

from diplomap.analysis.overview import active_dyads, latest_shifts
from diplomap.nlp.events.cameo import cameo
from tests.test_analysis_dyads import add_event
from tests.test_report import EVENTS as TURNING


def test_analysis_overview_active_dyads_fold_directions_and_codes(store):
    for number, spec in enumerate(
        [
            ("PRK", "042", "RUS", date(2014, 5, 10), "asserted", "A"),
            ("RUSGOV", "071", "PRKGOV", date(2014, 5, 20), "asserted", "A"),
            ("PRK", "111", "CHN", date(2014, 7, 1), "asserted", "A"),
            ("PRK", "040", "RUS", date(2014, 6, 1), "negated", "A"),  # not counted
            ("IGOUNOHLHWHO", "071", "PRK", date(2014, 6, 1), "asserted", "A"),
            ("PRK", "042", "PRKGOV", date(2014, 6, 1), "asserted", "A"),  # an actor with itself
        ]
    ):
        add_event(store, number, *spec)
    found = [d.as_dict() for d in active_dyads(store)]
    assert [(d["a"], d["b"], d["events"]) for d in found] == [
        ("PRK", "RUS", 2),
        ("CHN", "PRK", 1),
        ("IGOUNO", "PRK", 1),
    ]
    assert found[0]["goldstein_mean"] == pytest.approx((cameo("042").goldstein + cameo("071").goldstein) / 2)
    assert (found[0]["cooperation"], found[1]["conflict"]) == (2, 1)
    assert [d.events for d in active_dyads(store, limit=1, end=date(2014, 5, 15))] == [2]  # whole months
    assert active_dyads(store, end=date(2014, 4, 30)) == []
    assert [(d.a, d.b) for d in active_dyads(store, start=date(2014, 7, 1))] == [("CHN", "PRK")]


def test_analysis_overview_latest_shifts_once_per_relation(store):
    for number, spec in enumerate(TURNING):
        add_event(store, number, *spec)
    found = latest_shifts(store)
    assert len(found) == 1  # PRK-CHN seen from both sides is one shift
    actor, shift = found[0]
    assert {actor, shift.counterpart} == {"PRK", "CHN"} and shift.direction == "cooling"
