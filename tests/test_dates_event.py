from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomap.nlp.dates import EventDate, find_date_expressions, resolve_event_date

PUBLISHED = date(2014, 8, 4)  # a Monday


def resolve(sentence: str, **kwargs: Any) -> EventDate | None:
    kwargs.setdefault("published", PUBLISHED)
    return resolve_event_date(sentence, **kwargs)


def resolved(sentence: str, **kwargs: Any) -> EventDate:
    result = resolve(sentence, **kwargs)
    assert result is not None
    return result


def span(result: EventDate | None) -> tuple[date, date, str]:
    assert result is not None
    return result.start, result.end, result.precision


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "text"),
    [
        (
            "Pyongyang executed Jang in December 2013.",
            date(2013, 12, 1),
            date(2013, 12, 31),
            "month",
            "in December 2013",
        ),
        (
            "The summit took place on 4 August 2014.",
            date(2014, 8, 4),
            date(2014, 8, 4),
            "day",
            "on 4 August 2014",
        ),
        (
            "The summit took place 4 Aug 2014 in Minsk.",
            date(2014, 8, 4),
            date(2014, 8, 4),
            "day",
            "4 Aug 2014",
        ),
        (
            "The summit took place on August 4, 2014 in Minsk.",
            date(2014, 8, 4),
            date(2014, 8, 4),
            "day",
            "on August 4, 2014",
        ),
        (
            "The talks, held on Sept. 30, 2013, failed.",
            date(2013, 9, 30),
            date(2013, 9, 30),
            "day",
            "on Sept. 30, 2013",
        ),
        (
            "Monday, 4 August 2014: the ministry protested.",
            date(2014, 8, 4),
            date(2014, 8, 4),
            "day",
            "Monday, 4 August 2014",
        ),
        ("Trade grew in 2013.", date(2013, 1, 1), date(2013, 12, 31), "year", "in 2013"),
        ("Talks were held in April 2014.", date(2014, 4, 1), date(2014, 4, 30), "month", "in April 2014"),
        (
            "Drills in June-July 2014 angered Seoul.",
            date(2014, 6, 1),
            date(2014, 7, 31),
            "range",
            "in June-July 2014",
        ),
        (
            "Drills June to July 2014 angered Seoul.",
            date(2014, 6, 1),
            date(2014, 7, 31),
            "range",
            "June to July 2014",
        ),
        (
            "Drills from December 2013 to February 2014 angered Seoul.",
            date(2013, 12, 1),
            date(2014, 2, 28),
            "range",
            "from December 2013 to February 2014",
        ),
        (
            "The envoys met between 4 and 6 August 2014.",
            date(2014, 8, 4),
            date(2014, 8, 6),
            "range",
            "between 4 and 6 August 2014",
        ),
        ("The deal was signed in early 2013.", date(2013, 1, 1), date(2013, 4, 30), "range", "in early 2013"),
        ("The deal was signed in mid-2013.", date(2013, 5, 1), date(2013, 8, 31), "range", "in mid-2013"),
        ("The deal was signed in late 2013.", date(2013, 9, 1), date(2013, 12, 31), "range", "in late 2013"),
        (
            "The deal was signed at the end of 2013.",
            date(2013, 9, 1),
            date(2013, 12, 31),
            "range",
            "at the end of 2013",
        ),
        ("The deal was signed end of 2013.", date(2013, 9, 1), date(2013, 12, 31), "range", "end of 2013"),
        (
            "The deal was signed in late December 2013.",
            date(2013, 12, 21),
            date(2013, 12, 31),
            "range",
            "in late December 2013",
        ),
        (
            "Ties froze in the spring of 2013.",
            date(2013, 3, 1),
            date(2013, 5, 31),
            "season",
            "in the spring of 2013",
        ),
        ("Ties froze in summer 2013.", date(2013, 6, 1), date(2013, 8, 31), "season", "in summer 2013"),
        (
            "Ties froze in the autumn of 2013.",
            date(2013, 9, 1),
            date(2013, 11, 30),
            "season",
            "in the autumn of 2013",
        ),
        (
            "Oil fell in the fall of 2013.",
            date(2013, 9, 1),
            date(2013, 11, 30),
            "season",
            "in the fall of 2013",
        ),
        (
            "Gas was cut in the winter of 2014.",
            date(2013, 12, 1),
            date(2014, 2, 28),
            "season",
            "in the winter of 2014",
        ),
        (
            "Gas was cut in winter 2013-14.",
            date(2013, 12, 1),
            date(2014, 2, 28),
            "season",
            "in winter 2013-14",
        ),
        (
            "Growth slowed in the first quarter of 2014.",
            date(2014, 1, 1),
            date(2014, 3, 31),
            "quarter",
            "in the first quarter of 2014",
        ),
        ("Growth slowed in Q3 2013.", date(2013, 7, 1), date(2013, 9, 30), "quarter", "in Q3 2013"),
        (
            "Growth slowed in the second half of 2013.",
            date(2013, 7, 1),
            date(2013, 12, 31),
            "range",
            "in the second half of 2013",
        ),
        ("Ties were close in the 1990s.", date(1990, 1, 1), date(1999, 12, 31), "range", "in the 1990s"),
        (
            "Ties were close in the mid-1990s.",
            date(1994, 1, 1),
            date(1996, 12, 31),
            "range",
            "in the mid-1990s",
        ),
        ("Ties were close in the '80s.", date(1980, 1, 1), date(1989, 12, 31), "range", "in the '80s"),
        (
            "The dispute dates from the 19th century.",
            date(1800, 1, 1),
            date(1899, 12, 31),
            "range",
            "from the 19th century",
        ),
        ("Budgets grew in 2013-14.", date(2013, 1, 1), date(2014, 12, 31), "range", "in 2013-14"),
        (
            "They met between 2010 and 2012.",
            date(2010, 1, 1),
            date(2012, 12, 31),
            "range",
            "between 2010 and 2012",
        ),
        ("Constantinople fell in 1453.", date(1453, 1, 1), date(1453, 12, 31), "year", "in 1453"),
        ("The talks ended on 2014-07-30.", date(2014, 7, 30), date(2014, 7, 30), "day", "on 2014-07-30"),
    ],
)
def test_dates_event_absolute_forms(sentence, start, end, precision, text):
    result = resolved(sentence)
    assert span(result) == (start, end, precision)
    assert result.text == text
    assert result.how == f'sentence: "{text}"'
    assert sentence[result.start_char : result.end_char] == text
    # absolute expressions need no publication date
    assert resolve(sentence, published=None) == result


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Relations soured last spring.", date(2014, 3, 1), date(2014, 5, 31), "season"),
        ("Relations soured last winter.", date(2013, 12, 1), date(2014, 2, 28), "season"),
        ("Relations soured last summer.", date(2013, 6, 1), date(2013, 8, 31), "season"),
        ("Relations soured last spring and early summer.", date(2014, 3, 1), date(2014, 6, 30), "range"),
        ("Sanctions were imposed in the spring.", date(2014, 3, 1), date(2014, 5, 31), "season"),
        ("Talks resume next spring.", date(2015, 3, 1), date(2015, 5, 31), "season"),
        ("Gas may run short this winter.", date(2014, 12, 1), date(2015, 2, 28), "season"),
        ("Exports rose this year.", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("Exports rose last year.", date(2013, 1, 1), date(2013, 12, 31), "year"),
        ("Exports rose late last year.", date(2013, 9, 1), date(2013, 12, 31), "range"),
        ("Exports rose earlier this year.", date(2014, 1, 1), date(2014, 8, 4), "range"),
        ("Exports fell last month.", date(2014, 7, 1), date(2014, 7, 31), "month"),
        ("Talks will resume next month.", date(2014, 9, 1), date(2014, 9, 30), "month"),
        ("Elections are due next year.", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("Putin spoke yesterday.", date(2014, 8, 3), date(2014, 8, 3), "day"),
        ("Putin speaks today.", date(2014, 8, 4), date(2014, 8, 4), "day"),
        ("Putin speaks tomorrow.", date(2014, 8, 5), date(2014, 8, 5), "day"),
        ("The ministry said on Monday that it had protested.", date(2014, 8, 4), date(2014, 8, 4), "day"),
        ("The ministry said on Friday that it had protested.", date(2014, 8, 1), date(2014, 8, 1), "day"),
        ("The ministry protested last Monday.", date(2014, 7, 28), date(2014, 7, 28), "day"),
        ("Obama meets Abe next Monday.", date(2014, 8, 11), date(2014, 8, 11), "day"),
        ("Fighting continued last week.", date(2014, 7, 28), date(2014, 8, 3), "range"),
        ("Fighting continued over the weekend.", date(2014, 8, 2), date(2014, 8, 3), "range"),
        ("Trade has doubled in the last six years.", date(2008, 8, 4), date(2014, 8, 4), "range"),
        ("Ties deepened over the last two decades.", date(1994, 8, 4), date(2014, 8, 4), "range"),
        ("Ties deepened in the last two or three years.", date(2011, 8, 4), date(2014, 8, 4), "range"),
        ("Ties will deepen over the next two years.", date(2014, 8, 4), date(2016, 8, 4), "range"),
        ("China has invested heavily since 2013.", date(2013, 1, 1), date(2014, 8, 4), "range"),
        ("China has invested heavily since March.", date(2014, 3, 1), date(2014, 8, 4), "range"),
        ("He arrived a week ago.", date(2014, 7, 28), date(2014, 7, 28), "day"),
        ("He arrived three days ago.", date(2014, 8, 1), date(2014, 8, 1), "day"),
        ("He arrived two or three days ago.", date(2014, 8, 1), date(2014, 8, 2), "range"),
        ("He arrived six months ago.", date(2014, 2, 1), date(2014, 2, 28), "month"),
        ("He arrived two years ago.", date(2012, 1, 1), date(2012, 12, 31), "year"),
        ("Sanctions were imposed in March.", date(2014, 3, 1), date(2014, 3, 31), "month"),
        ("Sanctions were imposed in December.", date(2013, 12, 1), date(2013, 12, 31), "month"),
        ("Sanctions were imposed in mid-December.", date(2013, 12, 11), date(2013, 12, 20), "range"),
        ("Sanctions were imposed in March last year.", date(2013, 3, 1), date(2013, 3, 31), "month"),
        ("Sanctions were imposed on 4 March.", date(2014, 3, 4), date(2014, 3, 4), "day"),
        ("Sanctions were imposed in the third quarter.", date(2014, 7, 1), date(2014, 9, 30), "quarter"),
    ],
)
def test_dates_event_relative_forms(sentence, start, end, precision):
    result = resolved(sentence)
    assert span(result) == (start, end, precision)
    assert result.how.startswith('relative to publication 2014-08-04: "')
    assert result.text is not None and result.text in sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Relations soured last spring.",
        "Putin spoke yesterday.",
        "The ministry said on Monday that it had protested.",
        "Fighting continued last week.",
        "Trade has doubled in the last six years.",
        "He arrived three days ago.",
        "Sanctions were imposed in March.",
        "Exports rose this year.",
    ],
)
def test_dates_event_relative_without_publication_is_none(sentence):
    assert resolve(sentence, published=None) is None


def test_dates_event_future_marker_picks_the_coming_occurrence():
    assert span(resolve("Sanctions will be imposed in September.")) == (
        date(2014, 9, 1),
        date(2014, 9, 30),
        "month",
    )
    assert span(resolve("Sanctions were imposed in September.")) == (
        date(2013, 9, 1),
        date(2013, 9, 30),
        "month",
    )
    assert span(resolve("Xi will visit Seoul on 14 September."))[:2] == (date(2014, 9, 14), date(2014, 9, 14))


def test_dates_event_since_without_publication_keeps_its_start():
    result = resolved("China has invested heavily since 2013.", published=None)
    assert span(result) == (date(2013, 1, 1), date(2013, 12, 31), "range")
    assert result.how.startswith('sentence: "since 2013"')


@pytest.mark.parametrize(
    ("precision", "start", "end"),
    [
        ("day", date(2014, 8, 4), date(2014, 8, 4)),
        (None, date(2014, 8, 4), date(2014, 8, 4)),
        ("month", date(2014, 8, 1), date(2014, 8, 31)),
        ("year", date(2014, 1, 1), date(2014, 12, 31)),
    ],
)
def test_dates_event_fallback_to_article_date(precision, start, end):
    result = resolved("North Korea marked the 33rd anniversary of the event.", published_precision=precision)
    assert result == EventDate(start, end, precision or "day", "article date (no date in the sentence)")


def test_dates_event_fallback_without_publication_is_none():
    assert resolve("Pyongyang condemned the drills.", published=None) is None


def test_dates_event_coarse_publication_widens_relative_dates():
    yesterday = resolved("Putin spoke yesterday.", published=date(2014, 8, 1), published_precision="month")
    assert span(yesterday) == (date(2014, 7, 31), date(2014, 8, 30), "range")
    assert yesterday.how == 'relative to publication 2014-08: "yesterday"'
    last_year = resolved("Exports rose last year.", published=date(2014, 8, 1), published_precision="month")
    assert span(last_year) == (date(2013, 1, 1), date(2013, 12, 31), "year")


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea marked the 33rd anniversary of the event.",
        "It was the 11th anniversary of the summit.",
        "Russia may subsidize the project.",
        "May brought new sanctions.",
        "Theresa May met the envoy.",
        "The army deployed 2000 soldiers to the border.",
        "Some 2000 people protested.",
        "The loan was $2014 million.",
        "Resolution 2094 was adopted.",
        "Protests spread in the Arab Spring.",
        "The fall of Mosul shocked Baghdad.",
        "Russia Today reported the strike.",
        "They signed the Good Friday Agreement.",
        "Jan Kohout visited Beijing.",
    ],
)
def test_dates_event_ignores_non_dates(sentence):
    assert find_date_expressions(sentence) == []
    assert resolved(sentence).how == "article date (no date in the sentence)"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("In May the talks collapsed.", "In May"),
        ("The talks collapsed on May 5.", "on May 5"),
        ("The talks collapsed in May 2014.", "in May 2014"),
        ("The talks collapsed in early May.", "in early May"),
        ("The talks collapsed last May.", "last May"),
        ("The talks have stalled since May.", "since May"),
    ],
)
def test_dates_event_may_is_a_month_only_in_date_context(sentence, text):
    assert [found for _, _, found in find_date_expressions(sentence)] == [text]


def test_dates_event_find_lists_every_expression_in_order():
    sentence = "It executed Jang Song-thaek in December 2013, called Park a 'prostitute' in April 2014"
    found = find_date_expressions(sentence)
    assert [text for _, _, text in found] == ["in December 2013", "in April 2014"]
    assert all(sentence[start:end] == text for start, end, text in found)


def test_dates_event_anchor_picks_the_expression_after_the_trigger():
    sentence = "It executed Jang Song-thaek in December 2013, called Park a 'prostitute' in April 2014"
    called = resolved(sentence, anchor=sentence.index("called"))
    assert span(called) == (date(2014, 4, 1), date(2014, 4, 30), "month")
    assert called.text == "in April 2014"
    executed = resolved(sentence, anchor=sentence.index("executed"))
    assert span(executed) == (date(2013, 12, 1), date(2013, 12, 31), "month")


def test_dates_event_anchor_falls_back_to_the_same_clause_before_it():
    sentence = "On Monday the ministry condemned the test, which followed drills in March"
    result = resolved(sentence, anchor=sentence.index("condemned"))
    assert result.text == "On Monday"
    assert span(result) == (date(2014, 8, 4), date(2014, 8, 4), "day")


def test_dates_event_without_anchor_takes_the_first_expression():
    result = resolved("In 2013 and again in 2014 it tested missiles.")
    assert result.text == "In 2013"


def test_dates_event_never_uses_today():
    result = resolved("Putin spoke yesterday.", published=date(1999, 1, 1))
    assert span(result) == (date(1998, 12, 31), date(1998, 12, 31), "day")


@settings(max_examples=300, deadline=None)
@given(
    sentence=st.text(max_size=120),
    published=st.none() | st.dates(),
    precision=st.sampled_from(["day", "month", "year", None]),
    anchor=st.none() | st.integers(min_value=-5, max_value=130),
)
def test_dates_event_property_never_raises_and_start_before_end(sentence, published, precision, anchor):
    result = resolve_event_date(sentence, published=published, published_precision=precision, anchor=anchor)
    if result is not None:
        assert result.start <= result.end
    for start, end, text in find_date_expressions(sentence):
        assert sentence[start:end] == text


_WORDS = [
    "spring",
    "last",
    "in",
    "May",
    "since",
    "the",
    "of",
    "2013",
    "Monday",
    "week",
    "ago",
    "two",
    "early",
]
_WORDS += ["quarter", "and", "to", "-", "December", "yesterday", "next", "year", "1990s", "winter", ","]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=12),
    published=st.none() | st.dates(),
    precision=st.sampled_from(["day", "month", "year"]),
    anchor=st.none() | st.integers(min_value=0, max_value=100),
)
def test_dates_event_property_date_like_text(words, published, precision, anchor):
    sentence = " ".join(words)
    result = resolve_event_date(sentence, published=published, published_precision=precision, anchor=anchor)
    if result is not None:
        assert result.start <= result.end


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@st.composite
def absolute_sentences(draw):
    year = draw(st.integers(min_value=1900, max_value=2099))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=28))
    name = _MONTH_NAMES[month - 1]
    expression = draw(
        st.sampled_from(
            [
                f"on {day} {name} {year}",
                f"on {name} {day}, {year}",
                f"{day} {name[:3]} {year}",
                f"in {name} {year}",
                f"in {year}",
                f"in early {year}",
                f"in mid-{year}",
                f"in late {year}",
                f"in the spring of {year}",
                f"in the winter of {year}",
                f"in the first quarter of {year}",
                f"in {name}-{_MONTH_NAMES[month % 12]} {year}",
                f"in the {year // 10 * 10}s",
            ]
        )
    )
    filler = draw(
        st.lists(st.sampled_from(["the", "envoy", "met", "Seoul", "talks", "and", ","]), max_size=5)
    )
    cut = draw(st.integers(min_value=0, max_value=len(filler)))
    return " ".join([*filler[:cut], expression, *filler[cut:]]), expression


@settings(max_examples=300, deadline=None)
@given(case=absolute_sentences(), published=st.none() | st.dates(), anchor=st.none() | st.integers(0, 80))
def test_dates_event_property_absolute_dates_ignore_publication(case, published, anchor):
    sentence, expression = case
    reference = resolve_event_date(sentence, published=date(2014, 8, 4), anchor=anchor)
    result = resolve_event_date(sentence, published=published, published_precision="day", anchor=anchor)
    assert result == reference
    assert result is not None and result.text == expression
    assert result.how == f'sentence: "{expression}"'
    assert result.start <= result.end
