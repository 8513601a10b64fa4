"""The assessment component's PhraseMatcher gives exactly what spaCy's Matcher gives on the cue
lexicon's patterns: the same matches, in the same order."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomap.nlp.assessments.lexicon import Phrase, load_cues
from diplomap.nlp.assessments.matching import PhraseMatcher, lower_ids, word_ids

NLP = spacy.blank("en")
CUES = load_cues()
SPACY_MATCHER = CUES.matcher(NLP.vocab)
FAST_MATCHER = PhraseMatcher(NLP.vocab, CUES.keyed_phrases())
# words of the lexicon's phrases, so random sentences hit many patterns, partly and wholly
WORDS = sorted(
    {
        word
        for _, phrases in CUES.keyed_phrases()
        for phrase in phrases
        for slot in phrase.slots
        if slot.words is not None
        for word in slot.words
    }
)


def test_assessments_matching_holds_every_pattern():
    assert len(FAST_MATCHER) == sum(len(phrases) for _, phrases in CUES.keyed_phrases()) > 100


def test_assessments_matching_agrees_on_news_sentences():
    for text in (
        "Relations between North Korea and China have cooled markedly, officials said.",
        "Pyongyang's growing dependence on Beijing is a concern, but ties remain friendly.",
        "The two sides are not expected to reach a stalemate; no warming is in sight.",
        "",
        "Stalemate.",
    ):
        doc = NLP(text)
        assert FAST_MATCHER(doc) == SPACY_MATCHER(doc), text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(["the", "and", ",", "its", "x"])), max_size=14)
)
def test_assessments_matching_agrees_on_random_word_runs(words):
    doc = spacy.tokens.Doc(NLP.vocab, words=words)
    assert FAST_MATCHER(doc) == SPACY_MATCHER(doc)


def test_assessments_matching_optional_and_any_slots_match_as_spacy_does():
    keyed = [
        ("a", (Phrase.parse("very? ^close ties?", "test"),)),
        ("b", (Phrase.parse("* ties", "test"), Phrase.parse("ties *?", "test"))),
        ("c", (Phrase.parse("close? close? ties", "test"),)),
    ]
    spacy_matcher = spacy.matcher.Matcher(NLP.vocab)
    for name, phrases in keyed:
        spacy_matcher.add(name, [p.pattern() for p in phrases])
    fast = PhraseMatcher(NLP.vocab, keyed)
    for text in ("very close ties", "close close ties ties", "ties", "very very close", "close ties close"):
        doc = NLP(text)
        assert fast(doc) == spacy_matcher(doc), text


def test_assessments_matching_ids_are_lower_case_hashes():
    doc = NLP("Relations COOLED")
    assert lower_ids(doc) == [t.lower for t in doc]
    assert word_ids({"cooled"}) == {doc[1].lower}
