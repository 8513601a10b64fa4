import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomap.nlp.quantities import USD_PER_UNIT, find_quantities
from diplomap.nlp.records import QuantityRecord


def found(text: str) -> list[tuple[object, ...]]:
    return [(q.kind, q.value, q.text, q.unit, q.currency) for q in find_quantities(text)]


def only(text: str) -> QuantityRecord:
    (quantity,) = find_quantities(text)
    return quantity


# --- the analysis article ------------------------------------------------------------------


def test_quantities_article_money_written_off():
    text = "In May 2014, Russia wrote off US$10 billion in loans to North Korea"
    q = only(text)
    assert (q.kind, q.value, q.currency, q.value_usd, q.unit) == ("money", 1e10, "USD", 1e10, None)
    assert q.text == "US$10 billion" == text[q.start : q.end]


def test_quantities_article_money_with_space_and_percent():
    text = (
        "North Korea’s trade with Russia reached up to US $104 million in 2013 with a rise of 37.3 per cent"
    )
    assert found(text) == [
        ("money", 1.04e8, "US $104 million", None, "USD"),
        ("percent", 37.3, "37.3 per cent", None, None),
    ]
    assert find_quantities(text)[0].value_usd == 1.04e8


def test_quantities_article_count_with_unit():
    text = "fired around one hundred short-range missiles in the East Sea in June-July 2014"
    assert found(text) == [("count", 100, "one hundred short-range missiles", "short-range missiles", None)]


def test_quantities_article_share():
    text = "China controls some three-quarters of North Korea’s foreign trade"
    assert found(text) == [("share", 0.75, "three-quarters", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "on the 11th anniversary of a summit",
        "the 33rd anniversary of its Friendship Treaty",
        "Putin and Kim met on 2nd and 3rd of the month, the 1st time since the 1990s",
    ],
)
def test_quantities_ordinals_are_not_counts(text):
    assert find_quantities(text) == []


def test_quantities_durations_are_counts_with_a_time_unit():
    assert found("in the last six years") == [("count", 6, "six years", "years", None)]
    assert found("relations cooled over two decades") == [("count", 2, "two decades", "decades", None)]
    assert found("talks lasted 3 days") == [("count", 3, "3 days", "days", None)]


def test_quantities_relative_dates_and_ages_are_not_durations():
    assert find_quantities("He visited Moscow two years ago") == []
    assert find_quantities("the 70-year-old leader, aged 70, is 70 years old") == []
    assert find_quantities("Kim Jong-un, 31, met the envoy") == []


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1.09 billion", 1.09e9, "USD"),
        ("USD 5m", 5e6, "USD"),
        ("5 million dollars", 5e6, "USD"),
        ("two billion US dollars", 2e9, "USD"),
        ("€2.5bn", 2.5e9, "EUR"),
        ("EUR 300 million", 3e8, "EUR"),
        ("300 million euros", 3e8, "EUR"),
        ("£40m", 4e7, "GBP"),
        ("5 million pounds", 5e6, "GBP"),
        ("¥3 trillion", 3e12, "JPY"),
        ("1.2 trillion yen", 1.2e12, "JPY"),
        ("500 billion won", 5e11, "KRW"),
        ("3 billion yuan", 3e9, "CNY"),
        ("3 billion renminbi", 3e9, "CNY"),
        ("RMB 3 billion", 3e9, "CNY"),
        ("3 billion RMB", 3e9, "CNY"),
        ("10 billion rubles", 1e10, "RUB"),
        ("10 billion roubles", 1e10, "RUB"),
        ("700 million rupees", 7e8, "INR"),
        ("A$5 million", 5e6, "AUD"),
        ("AU$5 million", 5e6, "AUD"),
        ("5 million Australian dollars", 5e6, "AUD"),
        ("C$7bn", 7e9, "CAD"),
        ("HK$8 billion", 8e9, "HKD"),
        ("$250k", 2.5e5, "USD"),
        ("US$ 3 mn", 3e6, "USD"),
    ],
)
def test_quantities_money_forms(text, value, currency):
    q = only(f"The deal is worth {text} in total.")
    assert (q.kind, q.text, q.currency) == ("money", text, currency)
    assert q.value == pytest.approx(value)
    assert q.value_usd == pytest.approx(value * USD_PER_UNIT[currency])


def test_quantities_money_usd_is_not_converted_and_others_are():
    assert only("It cost $5 billion").value_usd == 5e9
    euros = only("It cost €2.5bn")
    assert euros.value_usd is not None
    assert 1e9 < euros.value_usd < 1e10 and euros.value_usd != euros.value


def test_quantities_money_outside_the_rate_table_has_no_usd_value():
    q = only("Rice costs 5,000 North Korean won a kilogram")
    assert (q.currency, q.value, q.value_usd) == ("KPW", 5000, None)


def test_quantities_money_vague_scales():
    assert found("hundreds of millions of dollars in aid") == [
        ("money", 1e8, "hundreds of millions of dollars", None, "USD")
    ]
    assert only("billions of yuan").value == 2e9


def test_quantities_money_ranges_take_the_low_end():
    assert only("between $5-10 billion").value == 5e9
    money = found("between $5 and $10 billion")
    assert [(kind, value, text) for kind, value, text, *_ in money] == [
        ("money", 5e9, "$5"),
        ("money", 1e10, "$10 billion"),
    ]


def test_quantities_pounds_and_won_need_a_scale_or_qualifier():
    assert found("500 pounds of explosives") == [("count", 500, "500 pounds", "pounds", None)]
    assert found("the party won 300 seats") == [("count", 300, "300 seats", "seats", None)]
    assert only("2.5 trillion South Korean won").currency == "KRW"


# --- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "span", "unit"),
    [
        ("Russia sent 30,000 troops to the border", 30000, "30,000 troops", "troops"),
        ("a dozen ships sailed", 12, "a dozen ships", "ships"),
        ("dozens of protesters gathered", 24, "dozens of protesters", "protesters"),
        ("hundreds of refugees crossed", 200, "hundreds of refugees", "refugees"),
        ("thousands of workers left", 2000, "thousands of workers", "workers"),
        ("tens of thousands of troops", 10000, "tens of thousands of troops", "troops"),
        ("two summit meets were held", 2, "two summit meets", "summit meets"),
        ("two hundred and fifty soldiers", 250, "two hundred and fifty soldiers", "soldiers"),
        ("twenty-five diplomats", 25, "twenty-five diplomats", "diplomats"),
        ("about 1.2 million soldiers", 1.2e6, "1.2 million soldiers", "soldiers"),
        ("half a million people fled", 5e5, "half a million people", "people"),
        ("two and a half years", 2.5, "two and a half years", "years"),
        ("exports of 900 tonnes", 900, "900 tonnes", "tonnes"),
        ("a 7,000 km border", 7000, "7,000 km", "km"),
        ("It fired 3 ICBMs", 3, "3 ICBMs", "ICBMs"),
        ("Russia sent 2000 troops", 2000, "2000 troops", "troops"),
    ],
)
def test_quantities_counts_with_units(text, value, span, unit):
    q = only(text)
    assert (q.kind, q.text, q.unit, q.currency, q.value_usd) == ("count", span, unit, None, None)
    assert q.value == pytest.approx(value)


def test_quantities_counts_in_digits_without_a_unit_are_kept_in_words_dropped():
    assert found("12 were killed") == [("count", 12, "12", None, None)]
    assert find_quantities("one of them said no one came") == []


def test_quantities_range_borrows_its_partner():
    assert found("30 to 40 troops") == [
        ("count", 30, "30", "troops", None),
        ("count", 40, "40 troops", "troops", None),
    ]
    assert [q.kind for q in find_quantities("between 5 and 10 percent")] == ["percent", "percent"]


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the talks stalled",
        "Since 1991, relations have improved",
        "by 2020",
        "the 2014 elections",
        "In May 2014, nothing happened",
        "on 4 August the envoy arrived",
        "on August 4 the envoy arrived",
        "in June-July 2014",
        "on 4 and 5 August",
        "2014-08-04",
        "at 10:30 and at 9 a.m.",
        "the 1990s",
        "24/7",
        "1. Russia",
        "(2) China",
        "UN Security Council Resolution 2094",
        "Article 9 of the constitution",
        "F-16 jets and the G20 and the P5+1 and Hwasong 15 missiles",
        "the six-party talks and a 10-day visit",
        "The 1950-53 Korean War",
    ],
)
def test_quantities_years_dates_times_and_labels_are_not_counts(text):
    assert find_quantities(text) == []


# --- percent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("37.3 per cent", 37.3, None),
        ("37.3%", 37.3, None),
        ("37.3 percent", 37.3, None),
        ("five percent", 5, None),
        ("-3.5%", -3.5, None),
        ("5-10%", 5, None),
        ("5 percentage points", 5, "percentage points"),
    ],
)
def test_quantities_percent_forms(text, value, unit):
    q = only(f"Trade showed a rise of {text} last year")
    assert (q.kind, q.text, q.unit) == ("percent", text, unit)
    assert q.value == pytest.approx(value)


# --- shares ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("three-quarters of the trade", "three-quarters", 0.75),
        ("three quarters of the trade", "three quarters", 0.75),
        ("half of the exports", "half", 0.5),
        ("half the exports", "half", 0.5),
        ("cut by a third.", "a third", 1 / 3),
        ("two-thirds of the members", "two-thirds", 2 / 3),
        ("a quarter of its oil", "a quarter", 0.25),
        ("four-fifths of voters", "four-fifths", 0.8),
    ],
)
def test_quantities_share_forms(text, span, value):
    q = only(text)
    assert (q.kind, q.text) == ("share", span)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "in the first quarter",
        "in the second quarter of 2014",
        "the first three quarters of the year",
        "a quarter of a century",
        "a quarter-century of isolation",
        "the first half of 2014",
        "in the second half of the year",
        "a third nuclear test",
        "on behalf of the government",
    ],
)
def test_quantities_time_quarters_and_ordinals_are_not_shares(text):
    assert [q for q in find_quantities(text) if q.kind == "share"] == []


# --- general properties ----------------------------------------------------------------------


def test_quantities_sorted_and_offsets_match():
    text = "On 4 August, China sent 30,000 troops, spent $2bn and won 37% of a third of the vote"
    quantities = find_quantities(text)
    assert [q.kind for q in quantities] == ["count", "money", "percent", "share"]
    assert all(text[q.start : q.end] == q.text for q in quantities)
    assert [q.start for q in quantities] == sorted(q.start for q in quantities)


_WORDS = [
    "one", "two", "hundred", "and", "fifty", "a", "dozen", "dozens", "of", "tens", "thousands",
    "half", "third", "quarter", "three-quarters", "US$10", "US", "$", "€2.5bn", "£", "¥", "HK$",
    "billion", "bn", "m", "million", "dollars", "won", "pounds", "yen", "per", "cent", "%",
    "percentage", "points", "troops", "missiles", "years", "ago", "old", "May", "August", "2014",
    "1990s", "11th", "30,000", "37.3", "-", "–", "to", "between", "(1)", "1.", ",", ".", "in", "the",
    "first", "Resolution", "F-16", "aged", "10:30", "a.m.", "North", "Korean",
]  # fmt: skip


def _check(text: str) -> None:
    quantities = find_quantities(text)
    previous_end = -1
    for q in quantities:
        assert text[q.start : q.end] == q.text
        assert q.start >= previous_end and q.start < q.end
        previous_end = q.end


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quantities_property_any_text(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from([" ", "", "-", " \n"]))
def test_quantities_property_number_like_text(words, separator):
    _check(separator.join(words))
