from datetime import date

import pytest

from diplomap.nlp.pipeline import annotate, annotate_texts, load_pipeline, pipeline_fingerprint
from diplomap.nlp.records import DocumentContext


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank:en")


def test_actors_component_in_default_pipeline(nlp):
    assert "diplomap_actors_v1" in nlp.pipe_names
    assert "+diplomap_actors_v1[builtin]" in pipeline_fingerprint(nlp)


def test_actors_component_mentions_with_sentence_offsets(nlp):
    (result,) = annotate_texts(nlp, ["Yesterday North Korean diplomats met Russian troops in Moscow."])
    found = [(m.text, m.code, m.kind, m.start, m.end) for m in result.mentions]
    assert found == [
        ("North Korean diplomats", "PRKGOVDIP", "group", 10, 32),
        ("Russian troops", "RUSMIL", "group", 37, 51),
        ("Moscow", "RUSGOV", "group", 55, 61),
    ]


def test_actors_component_uses_the_article_date(nlp):
    sentence = "Park Geun-hye spoke."
    during, after = annotate(
        nlp,
        [
            (sentence, DocumentContext(published=date(2014, 8, 4))),
            (sentence, DocumentContext(published=date(2019, 1, 1))),
        ],
        batch_size=2,
    )
    assert during.mentions[0].code == "KORGOV" and after.mentions[0].code == "KORELI"
    assert "President" in during.mentions[0].how


def test_actors_component_context_aliases_from_the_whole_document(nlp):
    text = "North Korea fired missiles.\nThe North’s leaders see the South as a rival."
    context = DocumentContext(document_id="d1", text=text)
    (result,) = annotate(nlp, [("The North’s leaders see the South as a rival.", context)], batch_size=1)
    assert [(m.text, m.code) for m in result.mentions] == [
        ("The North’s leaders", "PRKGOV"),
        ("the South", "KOR"),
    ]


@pytest.mark.model
def test_actors_component_keeps_unknown_names_unresolved():
    nlp = load_pipeline("auto")
    (result,) = annotate_texts(nlp, ["Zorblat Quennington met North Korean diplomats in Pyongyang."])
    unresolved = [m for m in result.mentions if m.code is None]
    assert [(m.text, m.kind) for m in unresolved] == [("Zorblat Quennington", "unknown")]
    assert unresolved[0].how.startswith("ner: ")
    assert {m.code for m in result.mentions if m.code} == {"PRKGOVDIP", "PRKGOV"}


def test_actors_component_spans_carry_plover_records(nlp):
    doc = nlp("Russian troops entered Ukraine.")
    spans = doc.spans["diplomap_actors"]
    assert [span.text for span in spans] == ["Russian troops", "Ukraine"]
    assert spans[0]._.diplomap_actor == {
        "code": "RUSMIL",
        "country": "RUS",
        "sector": "MIL",
        "entity_text": "Russian troops",
        "span": [0, 14],
    }


def test_actors_component_family_names_refer_back_to_people_named_in_full(nlp):
    text = "President Park Geun-hye met Xi Jinping.\nLater Park said Xi agreed; Central Park was calm."
    context = DocumentContext(document_id="d2", published=date(2014, 7, 4), text=text)
    _, second = annotate(nlp, [(line, context) for line in text.split("\n")], batch_size=2)
    assert [(m.text, m.code) for m in second.mentions] == [("Park", "KORGOV"), ("Xi", "CHNGOV")]


def test_actors_component_shared_family_names_stay_unresolved(nlp):
    text = "Park Geun-hye met Park Jin.\nPark said nothing."
    context = DocumentContext(document_id="d3", published=date(2014, 7, 4), text=text)
    _, second = annotate(nlp, [(line, context) for line in text.split("\n")], batch_size=2)
    assert [m.text for m in second.mentions] == []
