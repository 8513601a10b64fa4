from datetime import date
from pathlib import Path

import pycountry
import pytest
import yaml

from diplomap.nlp.actors import read_actors
from diplomap.nlp.actors.knowledge import load_knowledge
from diplomap.nlp.actors.resolve import find_mentions, resolve_phrase

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(())


def code(knowledge, text, day=None):
    found = resolve_phrase(text, knowledge, day)
    return found.code if found else None


def mentions(knowledge, text, day=None, countries=frozenset()):
    """Mentions with a code (agent nouns alone, such as "leaders", have none)."""
    found = find_mentions(text, knowledge, day, document_countries=countries)
    return [(m.text, m.resolution.code) for m in found if m.resolution.code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korean diplomats", "PRKGOVDIP"),
        ("the Chinese leadership", "CHNGOV"),
        ("Russian troops", "RUSMIL"),
        ("American officials", "USAGOV"),
        ("Russia's ambassador to Poland", "RUSGOVDIP"),
        ("Canadian Ambassador to the United Nations", "CANGOVDIP"),
        ("Minsk police station", "BLRCOP"),
        ("president of the Riigikogu", "ESTLEG"),
        ("a former CIA official", "USAELI"),
        ("Japan's defence minister", "JPNGOVMIL"),
        ("the North Korean foreign ministry", "PRKGOVDIP"),
        ("Korean Central News Agency", "PRKGOVMED"),
        ("Chile's Ministry of Mines", "CHLGOV"),
        ("Several of the largest trade unions in Denmark", "DNKLAB"),
    ],
)
def test_actors_resolve_groups_and_sectors(knowledge, text, expected):
    assert code(knowledge, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pyongyang", "PRKGOV"),
        ("Beijing", "CHNGOV"),
        ("Washington", "USAGOV"),
        ("Seoul", "KORGOV"),
        ("Moscow", "RUSGOV"),
        ("Tokyo", "JPNGOV"),
        ("the Kremlin", "RUSGOV"),
        ("the Blue House", "KORGOV"),
        ("the White House", "USAGOV"),
        ("the Pentagon", "USAMIL"),
    ],
)
def test_actors_resolve_capitals_and_seats_are_governments(knowledge, text, expected):
    assert code(knowledge, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DPRK", "PRK"),
        ("ROK", "KOR"),
        ("the US", "USA"),
        ("the U.S.", "USA"),
        ("the UK", "GBR"),
        ("North Korea's", "PRK"),
        ("North Korea’s", "PRK"),
        ("North Korean", "PRK"),
        ("Chinese", "CHN"),
        ("South Koreans", "KOR"),
        ("Taiwan", "TWN"),
        ("Kosovo", "XKX"),
        ("Palestine", "PSE"),
        ("the Vatican", "VATGOV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Türkiye", "TUR"),
    ],
)
def test_actors_resolve_country_names_short_forms_and_demonyms(knowledge, text, expected):
    assert code(knowledge, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe", "EUR"),
        ("the West", "WST"),
        ("ASEAN", "IGOSEAASN"),
        ("the EU", "IGOEUREEC"),
        ("European Union", "IGOEUREEC"),
        ("NATO", "IGOWSTNAT"),
        ("the UN", "IGOUNO"),
        ("the United Nations", "IGOUNO"),
        ("UN Security Council", "IGOUNO"),
    ],
)
def test_actors_resolve_regions_and_blocs(knowledge, text, expected):
    assert code(knowledge, text) == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Park Geun-hye", date(2013, 2, 24), "KORELI"),
        ("Park Geun-hye", date(2013, 2, 25), "KORGOV"),
        ("Park Geun-hye", date(2017, 3, 10), "KORGOV"),
        ("Park Geun-hye", date(2017, 3, 11), "KORELI"),
        ("Vladimir Putin", date(1999, 1, 1), "RUSSPY"),
        ("Vladimir Putin", date(2009, 6, 1), "RUSGOV"),
        ("Putin", date(2014, 5, 1), "RUSGOV"),
        ("Kim Jong Un", date(2014, 8, 4), "PRKGOV"),
        ("Kim Jong-un", date(2010, 1, 1), "PRKELI"),
        ("Kim Jong-il", date(2005, 1, 1), "PRKGOV"),
        ("Kim Jong Il", date(2014, 8, 4), "PRKELI"),
        ("Xi Jinping", date(2014, 7, 4), "CHNGOV"),
        ("Kang Sok-ju", date(2014, 8, 4), "PRKGOVDIP"),
        ("Jang Song-thaek", date(2012, 1, 1), "PRKGOV"),
        ("Jang Song-thaek", date(2014, 1, 1), "PRKELI"),
        ("Sergei Lavrov", date(2014, 10, 1), "RUSGOVDIP"),
        ("South Korean President Park Geun-hye", date(2014, 8, 4), "KORGOV"),
        ("former president Park Geun-hye", date(2014, 8, 4), "KORELI"),
    ],
)
def test_actors_resolve_people_by_office_on_the_date(knowledge, text, day, expected):
    assert code(knowledge, text, day) == expected


def test_actors_resolve_every_country_by_its_name(knowledge):
    skipped = {"ATA", "BVT", "HMD", "ATF", "SGS", "IOT", "UMI"}
    wrong = {}
    for country in pycountry.countries:
        if country.alpha_3 in skipped:
            continue
        # the name as news writes it: never the inverted "Congo, The Democratic Republic of the"
        name = getattr(country, "common_name", None) or country.name
        if ", " in name:
            head, tail = name.split(", ", 1)
            name = getattr(
                country, "official_name", f"{tail} {head}" if tail.endswith(("of", "of the")) else head
            )
        found = code(knowledge, name)
        if found != country.alpha_3:
            wrong[name] = found
    assert not wrong


def test_actors_resolve_hyphenated_dyads_give_both_countries(knowledge):
    assert mentions(knowledge, "the South Korea-US joint military exercise") == [
        ("South Korea", "KOR"),
        ("US", "USA"),
    ]
    assert mentions(knowledge, "China-North Korea relations and the China-US-South Korean triangle") == [
        ("China", "CHN"),
        ("North Korea", "PRK"),
        ("China", "CHN"),
        ("US", "USA"),
        ("South Korean", "KOR"),
    ]


def test_actors_resolve_context_aliases_need_the_document(knowledge):
    text = "The North’s leaders see the South as a rival."
    assert mentions(knowledge, text) == []
    assert mentions(knowledge, text, countries=frozenset({"PRK"})) == [
        ("The North’s leaders", "PRKGOV"),
        ("the South", "KOR"),
    ]


def test_actors_resolve_coordinated_demonyms_share_the_noun(knowledge):
    assert mentions(knowledge, "Chinese and Russian diplomats met.") == [
        ("Chinese", "CHNGOVDIP"),
        ("Russian diplomats", "RUSGOVDIP"),
    ]


def test_actors_resolve_places_inside_names_are_not_places(knowledge):
    assert mentions(knowledge, "Yesterday George Washington and Paris Hilton arrived.") == []
    assert mentions(knowledge, "If Pyongyang crosses the Rubicon, China will act.") == [
        ("Pyongyang", "PRKGOV"),
        ("China", "CHN"),
    ]


def test_actors_resolve_agent_words_used_as_adjectives(knowledge):
    assert mentions(knowledge, "the military exercise and the Japanese official delegation") == [
        ("Japanese official delegation", "JPNGOVDIP")
    ]


def test_actors_resolve_unknown_text_is_none(knowledge):
    assert resolve_phrase("the quick brown fox", knowledge) is None
    assert read_actors("Blorf Zanzibarian Quux").mentions == ()


def _seed_mentions(knowledge, path: Path, day):
    text = path.read_text(encoding="utf-8")
    reading = read_actors(text, day=day)
    return [(m.text, m.resolution.code) for m in reading.mentions]


def test_actors_resolve_seeds_every_named_actor(knowledge, seeds):
    expected = yaml.safe_load((FIXTURES / "seed_actors.yaml").read_text(encoding="utf-8"))
    dates = {"000_2f44b526caa219a3.txt": None, "003_c4b279606f47a919.txt": date(2014, 8, 4)}
    missing = {}
    for name, wanted in expected.items():
        found = _seed_mentions(knowledge, seeds / name, dates[name])
        # a mention may be longer than the name ("Korean Workers’ Party secretary")
        lost = [
            (w["text"], w["code"])
            for w in wanted
            if not any(w["text"] in text and w["code"] == got for text, got in found)
        ]
        if lost:
            missing[name] = lost
    assert not missing
