from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomap.errors import BadDateError
from diplomap.ingest.dates import PublicationDate, find_date_line, parse_date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2014-08-04", date(2014, 8, 4), "day"),
        ("2014-08-04T08:00:00Z", date(2014, 8, 4), "day"),
        ("2014-08-04 08:00:00+09:00", date(2014, 8, 4), "day"),
        ("2014-08", date(2014, 8, 1), "month"),
        ("2014", date(2014, 1, 1), "year"),
        ("04 Aug, 2014", date(2014, 8, 4), "day"),
        ("4 August 2014", date(2014, 8, 4), "day"),
        ("Aug 4, 2014", date(2014, 8, 4), "day"),
        ("Sept. 30 2013", date(2013, 9, 30), "day"),
        ("Monday, 4 August 2014", date(2014, 8, 4), "day"),
        ("3rd March 2014", date(2014, 3, 3), "day"),
        ("August 2014", date(2014, 8, 1), "month"),
    ],
)
def test_dates_parse_forms_with_precision(text, value, precision):
    assert parse_date(text) == PublicationDate(value, precision)


@pytest.mark.parametrize("text", ["yesterday", "2014-13-01", "31 February 2014", "2014/08/04", "", "4592"])
def test_dates_bad_date_names_accepted_forms(text):
    with pytest.raises(BadDateError, match="YYYY-MM-DD"):
        parse_date(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("04 Aug, 2014 · 4592", "2014-08-04"),
        ("Published: 12 March 2014", "2014-03-12"),
        ("March 12, 2014 | 5 min read", "2014-03-12"),
        ("2013-12-13", "2013-12-13"),
        ("May 2014", "2014-05"),
    ],
)
def test_dates_header_line_found(line, expected):
    found = find_date_line(line)
    assert found is not None and str(found) == expected


@pytest.mark.parametrize(
    "line",
    [
        "North Korea: Seeking New Friends?",
        "2014 was a hard year for Pyongyang and its friends",
        "By Andrei Lankov",
        "In May 2014, Russia wrote off US$10 billion",
    ],
)
def test_dates_other_lines_are_not_date_lines(line):
    assert find_date_line(line) is None


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2199, 12, 31)),
    st.sampled_from(["day", "month", "year"]),
)
def test_dates_string_form_round_trips(value, precision):
    parsed = parse_date(str(PublicationDate(value, precision)))
    assert parsed.precision == precision
    assert str(parsed) == str(PublicationDate(value, precision))
