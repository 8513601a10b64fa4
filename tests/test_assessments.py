"""Relation assessments (diplomap_assessments_v1): states, dyads, direction, holder, aspect.

Unit tests run the component on blank-pipeline docs whose actor mentions are set by hand (the
cue rules read token text, so they need no parse); model tests (marked) run the whole
pipeline on news-style sentences and on the two seed articles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomap.errors import DictionaryError
from diplomap.ingest.sources import Source, read_source
from diplomap.nlp.actors.knowledge import load_knowledge
from diplomap.nlp.assessments import ASPECTS, DIRECTED, NEGATED, STATE_SCORES, STATES
from diplomap.nlp.assessments.component import AssessmentComponent
from diplomap.nlp.assessments.forms import inflections
from diplomap.nlp.assessments.lexicon import load_cues
from diplomap.nlp.pipeline import COMPONENTS, annotate, annotate_texts, load_pipeline, pipeline_fingerprint
from diplomap.nlp.records import AssessmentRecord, DocumentContext, MentionRecord
from diplomap.nlp.sentences import split_sentences

# names the hand-set mentions know, longest first so "North Korea" wins over "Korea"
ACTORS = {
    "Chinese officials": ("CHNGOV", "CHN", "group"),
    "North Korean": ("PRK", "PRK", "country"),
    "North Korea": ("PRK", "PRK", "country"),
    "South Korea": ("KOR", "KOR", "country"),
    "Pyongyang": ("PRKGOV", "PRK", "group"),
    "Beijing": ("CHNGOV", "CHN", "group"),
    "Seoul": ("KORGOV", "KOR", "group"),
    "Busan": ("KORCVL", "KOR", "group"),
    "Europe": ("EUR", "EUR", "bloc"),
    "Russia": ("RUS", "RUS", "country"),
    "Japan": ("JPN", "JPN", "country"),
    "China": ("CHN", "CHN", "country"),
    "the US": ("USA", "USA", "country"),
}
_NAMES = re.compile("|".join(re.escape(n) for n in sorted(ACTORS, key=len, reverse=True)))


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def component(blank):
    return AssessmentComponent(blank, load_cues(), load_knowledge())


def _mentions(text: str) -> list[MentionRecord]:
    found = []
    for match in _NAMES.finditer(text):
        code, country, kind = ACTORS[match.group()]
        found.append(MentionRecord(match.start(), match.end(), match.group(), code, country, kind=kind))
    return found


def assess(blank, component, *sentences: str, document_id: str | None = None) -> list[list[AssessmentRecord]]:
    """Each sentence's assessments, read in order as one document when ``document_id`` is given."""
    context = DocumentContext(document_id=document_id, text=" ".join(sentences))
    results = []
    for sentence in sentences:
        doc = blank.make_doc(sentence)
        doc._.diplomap_context = context
        doc._.diplomap_mentions = _mentions(sentence)
        results.append(component(doc)._.diplomap_assessments)
    return results


def dyads(records: list[AssessmentRecord]) -> list[tuple[str, str | None, str | None, str]]:
    return [(r.state, r.source_code, r.target_code, r.aspect) for r in records]


# ------------------------------------------------------------------ states, lexicon


def test_assessments_states_have_scores_in_bounds():
    assert isinstance(STATES, tuple) and set(STATES) == set(STATE_SCORES)
    assert all(-2 <= score <= 1 for score in STATE_SCORES.values())
    assert (
        STATE_SCORES["hostile"]
        < STATE_SCORES["cooling"]
        < STATE_SCORES["stalemate"]
        < STATE_SCORES["courting"]
    )
    assert {"courting", "dependent"} == DIRECTED
    assert set(NEGATED) <= set(STATES) and set(NEGATED.values()) <= set(STATES)
    assert ASPECTS[0] == "relations" and {"trade", "economic", "military", "diplomatic", "political"} <= set(
        ASPECTS
    )


def test_assessments_lexicon_rules_are_valid():
    cues = load_cues()
    assert {rule.state for rule in cues.rules} == set(STATES)
    assert all(len(f"diplomap_assessments_v1: {rule.label}") <= 64 for rule in cues.rules)
    assert cues.anchors["relations"].aspect == "relations" and cues.anchors["trade"].aspect == "trade"


def test_assessments_forms_inflect_verbs_and_nouns():
    assert {"improve", "improves", "improved", "improving"} <= inflections("improve")
    assert {"relies", "relied", "relying"} <= inflections("rely")
    assert {"grew", "grown", "growing"} <= inflections("grow")
    assert "crises" in inflections("crisis")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "cues:\n  - label: x\n    state: lukewarm\n    phrases: [tepid]\n",
            "state 'lukewarm' is not one of",
        ),
        (
            "cues:\n  - label: x\n    state: cooling\n    phrases: [icy]\n    colour: blue\n",
            "unknown key 'colour'",
        ),
        ("cues:\n  - label: x\n    state: cooling\n", "has no phrases"),
        ("cues: [", "not valid YAML"),
    ],
)
def test_assessments_lexicon_bad_file_names_the_line(tmp_path, text, message):
    path = tmp_path / "cues.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=re.escape(message)) as caught:
        load_cues((str(path),))
    assert str(path) in str(caught.value)


def test_assessments_lexicon_extra_file_adds_cues(blank, tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text(
        "cues:\n  - label: glacial ties\n    state: cooling\n    phrases: [glacial]\n", encoding="utf-8"
    )
    component = AssessmentComponent(blank, load_cues((str(path),)), load_knowledge())
    assert component.fingerprint.startswith("diplomap_assessments_v1[")
    (found,) = assess(blank, component, "Relations between Japan and China are glacial.")
    assert dyads(found) == [("cooling", "JPN", "CHN", "relations")]
    assert found[0].coder == "diplomap_assessments_v1: glacial ties"


# ------------------------------------------------------------------ rules on a blank pipeline


def test_assessments_relations_between_two_actors(blank, component):
    (found,) = assess(blank, component, "Relations between Japan and South Korea have deteriorated sharply.")
    (record,) = found
    assert dyads(found) == [("cooling", "JPN", "KOR", "relations")]
    assert record.cue == "deteriorated" and record.holder_code is None
    sentence = "Relations between Japan and South Korea have deteriorated sharply."
    assert sentence[record.start : record.end] == record.cue
    assert record.coder == "diplomap_assessments_v1: relations deteriorate"


def test_assessments_hyphenated_and_possessive_dyads(blank, component):
    hyphen, possessive, growing = assess(
        blank,
        component,
        "North Korea-China relations became estranged.",
        "Russia's relations with Japan are at their lowest point.",
        "Analysts point to the growing distance between China and North Korea.",
    )
    assert dyads(hyphen) == [("cooling", "PRK", "CHN", "relations")]
    assert dyads(possessive) == [("cooling", "RUS", "JPN", "relations")]
    assert dyads(growing) == [("cooling", "CHN", "PRK", "relations")]


def test_assessments_directed_states_keep_their_roles(blank, component):
    dependency, controls, courting = assess(
        blank,
        component,
        "Officials worry about the growing economic dependency of North Korea on China.",
        "China controls some three-quarters of North Korea's foreign trade.",
        "The visit is an attempt to improve North Korean relations with Europe.",
    )
    assert dyads(dependency) == [("dependent", "PRK", "CHN", "economic")]
    assert dyads(controls) == [("dependent", "PRK", "CHN", "trade")]
    assert dyads(courting) == [("courting", "PRK", "EUR", "relations")]
    assert courting[0].coder == "diplomap_assessments_v1: relations improve; aim"


def test_assessments_negation_flips_or_drops(blank, component):
    not_good, not_smooth, not_soured, no_visit = assess(
        blank,
        component,
        "Relations between Russia and Japan are not good.",
        "Russia's relations with China have not been smooth.",
        "Relations between Japan and China have not soured.",
        "There has been no visit by Chinese officials to Pyongyang.",
    )
    assert dyads(not_good) == [("cooling", "RUS", "JPN", "relations")]
    assert dyads(not_smooth) == [("cooling", "RUS", "CHN", "relations")]
    assert not_soured == []
    assert dyads(no_visit) == [("minimal", "CHNGOV", "PRKGOV", "diplomatic")]


def test_assessments_questions_conditions_and_forecasts_are_not_assessments(blank, component):
    found = assess(
        blank,
        component,
        "Will relations between Russia and Japan improve?",
        "If relations between China and Japan improve, trade will grow.",
        "Relations between China and Japan could deteriorate further.",
        "Relations between Seoul and Busan improved.",
        "North Korea seems not to be eager to improve relations with Seoul.",
    )
    assert found == [[], [], [], [], []]


def test_assessments_holder_is_the_speaker(blank, component):
    said, according, hedged = assess(
        blank,
        component,
        "Chinese officials said relations with North Korea had deteriorated.",
        "According to Seoul, relations with Pyongyang have worsened.",
        "It seems that relations between China and Japan have improved.",
    )
    assert dyads(said) == [("cooling", "CHNGOV", "PRK", "relations")]
    assert (said[0].holder_code, said[0].holder_text) == ("CHNGOV", "Chinese officials")
    assert (according[0].holder_code, according[0].source_code) == ("KORGOV", "KORGOV")
    assert dyads(hedged) == [("warming", "CHN", "JPN", "relations")] and hedged[0].holder_code is None


def test_assessments_the_two_and_its_refer_back_within_a_document(blank, component):
    first, second, third = assess(
        blank,
        component,
        "There was talk about the need of North Korea to improve relations with Russia.",
        "Trade between the two is basically non-existent.",
        "North Korea has reached out to Russia as its relations with China have not been smooth.",
        document_id="doc-1",
    )
    assert dyads(first) == [("courting", "PRK", "RUS", "relations")]
    assert dyads(second) == [("minimal", "PRK", "RUS", "trade")]
    assert dyads(third) == [("courting", "PRK", "RUS", "relations"), ("cooling", "PRK", "CHN", "relations")]


def test_assessments_one_side_alone_is_none(blank, component):
    found = assess(
        blank,
        component,
        "Relations have deteriorated sharply.",
        "North Korea had tried to come out of the crisis.",
        "This search for new partners continues.",
    )
    assert found == [[], [], []]


def test_assessments_without_mentions_or_cues_is_empty(blank, component):
    doc = blank.make_doc("Nothing happened today.")
    assert component(doc)._.diplomap_assessments == []


_TEMPLATES = [
    "Relations between {a} and {b} have {v}.",
    "{a}'s relations with {b} are {adj}.",
    "{a}-{b} relations became {adj}.",
    "{a} has reached out to {b}.",
    "{a} relies on {b} for food.",
    "Trade between {a} and {b} is negligible, {a} said.",
    "There has been no visit by {a} to {b}.",
    "If relations between {a} and {b} {v}, who knows?",
]


@settings(max_examples=60, deadline=None)
@given(
    template=st.sampled_from(_TEMPLATES),
    a=st.sampled_from(list(ACTORS)),
    b=st.sampled_from(list(ACTORS)),
    v=st.sampled_from(["improved", "deteriorated", "not improved", "soured", "stalled"]),
    adj=st.sampled_from(["good", "not good", "tense", "strained", "estranged", "frozen", "close"]),
)
def test_assessments_records_are_well_formed(blank, component, template, a, b, v, adj):
    sentence = template.format(a=a, b=b, v=v, adj=adj)
    (found,) = assess(blank, component, sentence)
    for record in found:
        assert record.state in STATES and record.aspect in ASPECTS
        assert record.source_code and record.target_code
        assert sentence[record.start : record.end] == record.cue
        assert record.coder is not None and len(record.coder) <= 64
    countries = {code: country for code, country, _ in ACTORS.values()}
    assert all(countries[r.source_code] != countries[r.target_code] for r in found)


# ------------------------------------------------------------------ the pipeline


def test_assessments_component_is_in_the_default_pipeline():
    assert COMPONENTS.index("diplomap_assessments_v1") == COMPONENTS.index("diplomap_events_v1") + 1
    nlp = load_pipeline("blank:en")
    assert "+diplomap_assessments_v1" in pipeline_fingerprint(nlp)
    (result,) = annotate_texts(nlp, ["Relations between Japan and South Korea have deteriorated."])
    assert [(a.state, a.source_code, a.target_code) for a in result.assessments] == [
        ("cooling", "JPN", "KOR")
    ]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def coded(nlp, *sentences: str, document_id: str | None = None) -> list[list[tuple]]:
    """(state, source country, target country, aspect, holder country) per sentence."""
    context = DocumentContext(document_id=document_id, text=" ".join(sentences))
    results = annotate(nlp, [(s, context) for s in sentences], batch_size=8)
    return [
        [
            (
                a.state,
                (a.source_code or "")[:3],
                (a.target_code or "")[:3],
                a.aspect,
                (a.holder_code or "")[:3] or None,
            )
            for a in result.assessments
        ]
        for result in results
    ]


NEWS = [
    ("Ties between Washington and Beijing soured last year over technology.", ("cooling", "USA", "CHN")),
    ("India and Pakistan remain bitter rivals.", ("hostile", "IND", "PAK")),
    ("The US and Japan are close allies.", ("friendly", "USA", "JPN")),
    ("Turkey's growing dependence on Russian gas worries NATO officials.", ("dependent", "TUR", "RUS")),
    ("China accounts for more than 90 percent of North Korea's trade.", ("dependent", "PRK", "CHN")),
    ("Germany relies heavily on Russia for natural gas.", ("dependent", "DEU", "RUS")),
    ("Relations between Israel and Turkey have improved markedly this year.", ("warming", "ISR", "TUR")),
    ("The rapprochement between Saudi Arabia and Iran surprised Washington.", ("warming", "SAU", "IRN")),
    ("Seoul is seeking to improve ties with Tokyo.", ("courting", "KOR", "JPN")),
    ("Prime Minister Modi called for stronger ties with Japan during his visit.", ("courting", "IND", "JPN")),
    ("Iran has been courting China as sanctions bite.", ("courting", "IRN", "CHN")),
    ("Talks between the two Koreas have stalled.", ("stalemate", "PRK", "KOR")),
    (
        "Negotiations between Iran and the United States reached an impasse in March.",
        ("stalemate", "IRN", "USA"),
    ),
    ("Tensions between China and Taiwan have risen sharply.", ("hostile", "CHN", "TWN")),
    ("Trade between Cuba and the United States remains negligible.", ("minimal", "CUB", "USA")),
    ("Japan has no diplomatic relations with North Korea.", ("minimal", "JPN", "PRK")),
    ("France and Germany enjoy excellent relations.", ("friendly", "FRA", "DEU")),
    ("The Kremlin views NATO as an existential threat.", ("hostile", "RUS", "IGO")),
    ("Hungary remains close to Russia despite EU criticism.", ("friendly", "HUN", "RUS")),
    ("Hungary is no longer close to Poland.", ("cooling", "HUN", "POL")),
    ("Israel and the UAE normalized relations in 2020.", ("warming", "ISR", "ARE")),
    (
        "The relationship between Washington and New Delhi has never been stronger.",
        ("friendly", "USA", "IND"),
    ),
    ("Kim Jong Un has never visited Beijing.", ("minimal", "PRK", "CHN")),
    (
        "Xi Jinping and Vladimir Putin pledged to deepen their strategic partnership.",
        ("warming", "CHN", "RUS"),
    ),
    ("Ties between India and Nepal have not improved.", ("stalemate", "IND", "NPL")),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), NEWS, ids=[s[:40] for s, _ in NEWS])
def test_assessments_news_sentences(nlp, sentence, expected):
    (found,) = coded(nlp, sentence)
    assert [f[:3] for f in found] == [expected]


@pytest.mark.model
def test_assessments_aspect_holder_and_direction(nlp):
    military, said, after, weapons = coded(
        nlp,
        "Military tensions between India and China escalated along the border.",
        "Ukraine's Foreign Minister said relations with Hungary were tense.",
        "Relations with Pyongyang have worsened, South Korea's unification ministry said on Monday.",
        "Russia is the main supplier of weapons to India.",
    )
    assert military == [("hostile", "IND", "CHN", "military", None)]
    assert said == [("hostile", "UKR", "HUN", "relations", "UKR")]
    assert after == [("cooling", "KOR", "PRK", "relations", "KOR")]
    assert weapons == [("dependent", "IND", "RUS", "military", None)]


NOT_ASSESSMENTS = [
    "Russia wrote off US$10 billion in loans to North Korea.",
    "North Korea fired two short-range missiles into the East Sea on Tuesday.",
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday.",
    "France recalled its ambassador from Australia over the submarine deal.",
    "Will relations between Russia and Japan improve?",
    "If relations between the US and China improve, markets will rally.",
    "It is unclear whether relations between Tokyo and Seoul will improve.",
    "Brazil's ties with Argentina could deteriorate further.",
    "Relations between the police and protesters deteriorated.",
    "Relations between Seoul and Busan improved after the election.",
    "The crisis in Ukraine has displaced millions.",
    "The town of Dandong, close to North Korea, depends on cross-border trade.",
    "Pyongyang has shown no interest in improving relations with Seoul.",
    "Trade between the two countries rose 12 percent last year.",
    "The minister declined to comment on relations with Beijing.",
]


@pytest.mark.model
@pytest.mark.parametrize("sentence", NOT_ASSESSMENTS, ids=[s[:40] for s in NOT_ASSESSMENTS])
def test_assessments_events_questions_and_same_country_pairs_are_none(nlp, sentence):
    assert coded(nlp, sentence) == [[]]


@pytest.mark.model
def test_assessments_document_memory(nlp):
    found = coded(
        nlp,
        "North Korea's leaders have long seen Washington as a mortal threat.",
        "Pyongyang wants North Korean assets unfrozen, but American officials refuse any concessions.",
        "So, the result is a stalemate.",
        "Relations with Japan, by contrast, have warmed this year.",
        document_id="memory",
    )
    assert found[0] == [("hostile", "PRK", "USA", "relations", "PRK")]
    assert {f[:3] for f in found[2]} in ({("stalemate", "USA", "PRK")}, {("stalemate", "PRK", "USA")})
    assert found[3] == [("warming", "PRK", "JPN", "relations", None)]


# ------------------------------------------------------------------ the seed articles

# What a careful reader takes from the two seed articles: (sentence fragment, state, side, side);
# the sides are countries, in the order of the record (directed states: source, target).
SEED_ASSESSMENTS = {
    "000_2f44b526caa219a3.txt": [
        ("an attempt to improve North Korean relations with Europe", "courting", "PRK", "EUR"),
        ("the need of North Korea to improve relations with Russia", "courting", "PRK", "RUS"),
        ("trade between the two is basically non-existent", "minimal", "PRK", "RUS"),
        ("deterioration of Russia’s relations with the West", "cooling", "RUS", "WST"),
        ("have begun to consort with Japan", "courting", "PRK", "JPN"),
        ("prevent normalization of relations with Japan", "stalemate", "PRK", "JPN"),
        ("hit a wall in its interactions", "stalemate", "PRK", "KOR"),
        ("hit a wall in its interactions", "stalemate", "PRK", "USA"),
        ("hit a wall in its interactions", "stalemate", "PRK", "CHN"),
        ("Better relations with Washington", "courting", "PRK", "USA"),
        ("as a mortal threat", "hostile", "PRK", "USA"),
        ("the result is a stalemate", "stalemate", "PRK", "USA"),
        ("ongoing crisis in relations between North and South Korea", "hostile", "PRK", "KOR"),
        ("good relations with South Korea would be either impossible", "cooling", "PRK", "KOR"),
        ("economic dependency of North Korea on China", "dependent", "PRK", "CHN"),
        ("China controls some three-quarters", "dependent", "PRK", "CHN"),
        ("search of new partners in Europe, Russia and Japan", "courting", "PRK", "EUR"),
        ("search of new partners in Europe, Russia and Japan", "courting", "PRK", "RUS"),
        ("search of new partners in Europe, Russia and Japan", "courting", "PRK", "JPN"),
    ],
    "003_c4b279606f47a919.txt": [
        ("looks at the growing distance between China and North Korea", "cooling", "CHN", "PRK"),
        ("it has definitely alienated China", "cooling", "PRK", "CHN"),
        ("North Korea-China relations became estranged", "cooling", "PRK", "CHN"),
        ("symbolic of the growing distance between North Korea and China", "cooling", "PRK", "CHN"),
        ("supposed to be close to China", "friendly", "PRK", "CHN"),
        ("This growing distance can be understood", "cooling", "PRK", "CHN"),
        ("no visit by China’s top leaders to North Korea", "minimal", "CHN", "PRK"),
        ("exploring in Japan a potential partner", "courting", "PRK", "JPN"),
        ("trying to reach out to Russia", "courting", "PRK", "RUS"),
        ("its relations with China have not been smooth", "cooling", "PRK", "CHN"),
        ("called for the strengthening relations with Russia", "courting", "PRK", "RUS"),
        ("compensate for its growing distance from China", "cooling", "PRK", "CHN"),
        ("Pyongyang’s overture towards Japan", "courting", "PRK", "JPN"),
    ],
}
SEED_RECALL_FLOOR = 0.85
SEED_FALSE_CEILING = 2


def seed_assessments(path: Path, nlp) -> list[tuple[str, AssessmentRecord]]:
    (document,) = read_source(Source(str(path)), max_bytes=10**7, timeout=1)
    published = document.metadata.published
    context = DocumentContext(
        document_id=document.id,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        text=document.text,
    )
    sentences = split_sentences(document.text)
    found = annotate(nlp, [(s.text, context) for s in sentences], batch_size=32)
    return [(s.text, a) for s, result in zip(sentences, found, strict=True) for a in result.assessments]


def _same(expected: tuple[str, str, str, str], sentence: str, record: AssessmentRecord) -> bool:
    fragment, state, one, other = expected
    sides = ((record.source_code or "")[:3], (record.target_code or "")[:3])
    in_order = sides == (one, other) or (state not in DIRECTED and sides == (other, one))
    return fragment in sentence and record.state == state and in_order


@pytest.mark.model
def test_assessments_seed_articles(nlp, seeds):
    found, missed, false = 0, [], []
    by_file = {name: seed_assessments(seeds / name, nlp) for name in SEED_ASSESSMENTS}
    for name, expected in SEED_ASSESSMENTS.items():
        coded_here = by_file[name]
        used: set[int] = set()
        for item in expected:
            hit = next(
                (i for i, (s, a) in enumerate(coded_here) if i not in used and _same(item, s, a)), None
            )
            if hit is None:
                missed.append(f"{name}: {item}")
            else:
                used.add(hit)
                found += 1
        false += [
            f"{name}: {a.state} {a.source_code}-{a.target_code} {s[:80]}"
            for i, (s, a) in enumerate(coded_here)
            if i not in used
        ]
    total = sum(len(e) for e in SEED_ASSESSMENTS.values())
    print(f"seed assessments recall: {found}/{total}; missed: {missed}; not expected: {false}")
    assert found / total >= SEED_RECALL_FLOOR, missed
    assert len(false) <= SEED_FALSE_CEILING, false

    # the key findings, each stated at least once
    def said(state: str, one: str, other: str, *, aspects: tuple[str, ...] = ASPECTS) -> bool:
        return any(
            a.state == state
            and ((a.source_code or "")[:3], (a.target_code or "")[:3]) in ((one, other), (other, one))
            and (state not in DIRECTED or (a.source_code or "")[:3] == one)
            and a.aspect in aspects
            for records in by_file.values()
            for _, a in records
        )

    assert said("cooling", "PRK", "CHN")
    assert said("dependent", "PRK", "CHN", aspects=("trade", "economic"))
    assert said("hostile", "PRK", "KOR")
    assert said("stalemate", "PRK", "USA")
    for partner in ("RUS", "JPN", "EUR"):  # Europe resolves to EUR (the EU would be IGOEUREEC)
        assert said("courting", "PRK", partner), partner
    assert said("minimal", "PRK", "RUS", aspects=("trade",))


def test_assessments_sentences_without_cue_words_skip_the_matcher():
    words = load_cues().cue_words()
    assert words is not None and {"distance", "stalemate", "estranged"} <= words
    assert not {"the", "of", "and", "said"} & words  # function words would defeat the point
