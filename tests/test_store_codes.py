"""Index-served conditions on actor codes select exactly what a prefix match selects, both backends."""

from datetime import date

from sqlalchemy import and_, select

from diplomap.store.codes import codes_under, either_side, pair, sides, starts_with
from diplomap.store.schema import events
from tests.test_analysis_dyads import add_event

SPECS = [
    ("PRK", "042", "CHN"),
    ("PRKGOV", "111", "CHNMIL"),
    ("CHN", "071", "PRKGOVDIP"),
    ("PRKX", "042", "RUS"),  # not a PRK code split at three letters, but a PRK prefix all the same
    ("PR", "042", "CHN"),  # shorter than the prefix
    ("PRL", "042", "CHN"),  # just past the range
    ("RUS", "036", "PRK"),
    (None, "010", "PRK"),
]


def _ids(store, condition):
    with store.engine.connect() as connection:
        return sorted(connection.execute(select(events.c.id).where(condition)).scalars())


def test_store_codes_conditions_equal_prefix_matches(store):
    for number, (source, code, target) in enumerate(SPECS):
        add_event(store, number, source, code, target, date(2014, 5, 1), "asserted", "A")
    like = events.c.source_code.like("PRK%") | events.c.target_code.like("PRK%")
    assert _ids(store, either_side(events, "PRK")) == _ids(store, like) and len(_ids(store, like)) == 6
    source_side, target_side = sides(events, "PRK")
    assert not set(_ids(store, source_side)) & set(_ids(store, target_side))  # each row once
    with store.engine.connect() as connection:
        assert codes_under(connection, events.c.source_code, "PRK") == ["PRK", "PRKGOV", "PRKX"]
        assert codes_under(connection, events.c.source_code, "PRK", most=2) is None
        assert codes_under(connection, events.c.target_code, "IRN") == []
        forward = pair(connection, events, "PRK", "CHN")
        many = pair(connection, events, "PRK", "CHN")
    prefixes = and_(events.c.source_code.like("PRK%"), events.c.target_code.like("CHN%"))
    assert (
        _ids(store, forward) == _ids(store, prefixes) == _ids(store, many) and len(_ids(store, forward)) == 2
    )
    assert _ids(store, starts_with(events.c.target_code, "PRK")) == _ids(
        store, events.c.target_code.like("PRK%")
    )
