"""Event extraction on real news syntax, with the English model (marked: model)."""

from datetime import date

import pytest

from diplomap.nlp.pipeline import annotate, load_pipeline
from diplomap.nlp.records import DocumentContext

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("auto")


def code(nlp, *sentences, published=date(2014, 8, 4)):
    """Events of each sentence as (source country, root, target country, modality) tuples."""
    context = DocumentContext(
        document_id="t", published=published, published_precision="day", text=" ".join(sentences)
    )
    results = list(annotate(nlp, [(s, context) for s in sentences], batch_size=8))
    return [
        [
            ((e.source_code or "")[:3] or None, e.cameo_root, (e.target_code or "")[:3] or None, e.modality)
            for e in r.events
        ]
        for r in results
    ], results


def test_events_extract_active_and_passive(nlp):
    (active, passive), _ = code(nlp, "Russia condemned North Korea.", "North Korea was condemned by Russia.")
    assert active == [("RUS", "11", "PRK", "asserted")]
    assert passive == [("RUS", "11", "PRK", "asserted")]


def test_events_extract_coordinated_targets_give_one_event_each(nlp):
    (events,), _ = code(nlp, "Kang Sok-ju visits Italy, Switzerland, Belgium and Germany.")
    assert sorted(e[2] for e in events if e[1] == "04") == ["BEL", "CHE", "DEU", "ITA"]
    assert {e[0] for e in events} == {"PRK"}


def test_events_extract_coordinated_sources(nlp):
    (events,), _ = code(nlp, "South Korea and the US condemned the missile launch.")
    assert {(e[0], e[1]) for e in events} >= {("KOR", "11"), ("USA", "11")}


def test_events_extract_reciprocal_meetings_both_directions(nlp):
    (together, pair), _ = code(
        nlp, "Japan and North Korea met in Stockholm.", "Lavrov met Wang Yi in Beijing."
    )
    assert sorted((e[0], e[2]) for e in together) == [("JPN", "PRK"), ("PRK", "JPN")]
    assert sorted((e[0], e[2]) for e in pair if e[1] == "04") == [("CHN", "RUS"), ("RUS", "CHN")]


def test_events_extract_nominal_events(nlp):
    (execution, visit), _ = code(
        nlp,
        "The execution of Jang Song-thaek by North Korea shocked Beijing.",
        "There has been no visit by China's top leaders to North Korea.",
    )
    assert ("PRK", "18", "PRK", "asserted") in execution
    assert visit == [("CHN", "04", "PRK", "negated")]


def test_events_extract_recalled_events_are_not_events_now(nlp):
    (anniversary, celebrated, signed), _ = code(
        nlp,
        "There was no official statement on the 33rd anniversary of its Friendship Treaty with China.",
        "Leaders celebrated the anniversary of the peace agreement between Egypt and Israel.",
        "China and North Korea signed a friendship treaty in 1961.",
    )
    assert not any(root == "05" for _, root, _, _ in anniversary + celebrated)
    assert ("CHN", "05", "PRK", "asserted") in signed  # a treaty signed in the sentence still is one


def test_events_extract_reported_speech_keeps_the_reporter(nlp):
    _, (result,) = code(nlp, "Seoul said Pyongyang fired two missiles into the sea.")
    (event,) = result.events
    assert (event.source_code, event.target_code, event.reporter_code) == ("PRKGOV", None, "KORGOV")
    assert [q.value for q in event.quantities] == [2.0]


def test_events_extract_implicit_target_stays_empty(nlp):
    (events,), _ = code(nlp, "North Korea fired around one hundred short-range missiles in the East Sea.")
    assert events and all(e[2] is None for e in events)


def test_events_extract_modalities(nlp):
    (negated, hedged, planned, assessment), _ = code(
        nlp,
        "Russia did not meet Japan.",
        "It remains to be seen whether Russia will subsidize trade with North Korea.",
        "The North Korean foreign minister is to visit Vietnam.",
        "It appears that North Korea condemned Japan.",
    )
    assert {e[3] for e in negated} == {"negated"}
    assert {e[3] for e in hedged} == {"hedged"}
    assert planned == [("PRK", "03", "VNM", "planned")]  # a planned visit is an intent to meet (036)
    assert {e[3] for e in assessment} == {"assessment"}


def test_events_extract_demand_in_reported_speech(nlp):
    (events,), _ = code(nlp, "Russia said Sudan must return the captured helicopter.")
    assert ("RUS", "10", "SDN", "asserted") in events


def test_events_extract_dates_and_amounts(nlp):
    _, (result,) = code(nlp, "In May 2014, Russia wrote off US$10 billion in loans to North Korea.")
    (event,) = [e for e in result.events if e.cameo_root == "07"]
    assert (event.source_code, event.target_code) == ("RUS", "PRK")
    assert (event.date_start, event.date_precision) == (date(2014, 5, 1), "month")
    assert [(q.kind, q.value_usd) for q in event.quantities] == [("money", 1e10)]


def test_events_extract_person_recoded_on_the_event_date(nlp):
    _, (result,) = code(nlp, "On 15 March 2010 Park Geun-hye visited Tokyo.", published=date(2014, 8, 4))
    (event,) = result.events
    assert event.source_code == "KORELI"  # not yet president on the event's date


def test_events_extract_evidence_spans_point_at_text(nlp):
    sentence = "South Korean President Park Geun-hye met Xi Jinping in Seoul."
    _, (result,) = code(nlp, sentence)
    assert result.events
    for event in result.events:
        assert sentence[event.trigger_start : event.trigger_end] == "met"
        assert sentence[event.source_start : event.source_end] in (
            "South Korean President Park Geun-hye",
            "Xi Jinping",
        )


def test_events_extract_a_document_coded_twice_gives_the_same_records(nlp, seeds):
    """Components remember a document's last actors; a new pass (a new context) starts afresh."""
    from diplomap.nlp.sentences import split_sentences

    text = (seeds / "003_c4b279606f47a919.txt").read_text(encoding="utf-8")

    def coded():
        context = DocumentContext(
            document_id="same", published=date(2014, 8, 4), published_precision="day", text=text
        )
        found = list(annotate(nlp, [(s.text, context) for s in split_sentences(text)], batch_size=16))
        return [(a.events, a.assessments) for a in found]

    assert coded() == coded()
