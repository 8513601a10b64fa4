"""Lexicon.read: the words and matches of a text, kept for the next component that reads it."""

from __future__ import annotations

from diplomap.nlp.actors.lexicon import Entry, Lexicon, split_words


def test_actors_lexicon_read_is_split_words_and_match():
    lexicon = Lexicon()
    lexicon.add("North Korea", Entry("country", "North Korea", "PRK", "PRK"))
    text = "North Korea's envoy met North Korean officials."
    words, matches = lexicon.read(text)
    assert words == split_words(text)
    assert matches == tuple(lexicon.match(text, split_words(text)))
    assert lexicon.read(text)[1] is matches  # kept


def test_actors_lexicon_read_forgets_when_a_phrase_is_added():
    lexicon = Lexicon()
    text = "Seoul and Tokyo"
    assert lexicon.read(text)[1] == ()
    lexicon.add("Seoul", Entry("capital", "Seoul", "KOR", "KOR"))
    assert [m.text for m in lexicon.read(text)[1]] == ["Seoul"]
