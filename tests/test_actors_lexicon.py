from diplomap.nlp.actors.lexicon import Entry, Lexicon, split_words


def lexicon(*phrases: tuple[str, str]) -> Lexicon:
    built = Lexicon()
    for phrase, code in phrases:
        built.add(phrase, Entry("country", phrase, code=code, country=code))
    return built


def found(built: Lexicon, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.code) for m in built.match(text)]


def test_actors_lexicon_words_fold_case_accents_and_possessives():
    words = split_words("North Korea’s and Khürelsükh's KOREA")
    assert [(w.key, w.possessive) for w in words] == [
        ("north", False),
        ("korea", True),
        ("and", False),
        ("khurelsukh", True),
        ("korea", False),
    ]


def test_actors_lexicon_hyphens_and_spacing_do_not_matter():
    built = Lexicon()
    built.add("Kim Jong-un", Entry("person", "Kim Jong-un"))
    assert [m.text for m in built.match("Kim Jong Un met KIM JONG-UN and Kim Jong un.")] == [
        "Kim Jong Un",
        "KIM JONG-UN",
        "Kim Jong un",
    ]


def test_actors_lexicon_acronyms_match_only_as_written():
    built = lexicon(("US", "USA"), ("U.S.", "USA"))
    assert found(built, "Tell us about the US and the U.S. economy.") == [("US", "USA"), ("U.S", "USA")]


def test_actors_lexicon_proper_names_need_capitals():
    built = lexicon(("the West", "WST"), ("China", "CHN"))
    assert found(built, "west of china, the West and China") == [("West", "WST"), ("China", "CHN")]


def test_actors_lexicon_longest_match_and_a_longer_one_inside_wins():
    built = lexicon(("North Korea", "PRK"), ("Korea", "KOR"), ("North Korean", "PRK"))
    built.add("the North", Entry("context", "the North", code="PRK"), drop_article=False)
    assert found(built, "the North Korean leader and North Korea's") == [
        ("North Korean", "PRK"),
        ("North Korea", "PRK"),
    ]
    assert found(built, "the North said") == [("the North", "PRK")]


def test_actors_lexicon_possessive_inside_a_phrase():
    built = lexicon(("People's Liberation Army", "CHNMIL"), ("Korea", "KOR"))
    assert found(built, "the People’s Liberation Army and Korea's army") == [
        ("People’s Liberation Army", "CHNMIL"),
        ("Korea", "KOR"),
    ]
    assert found(built, "People Liberation Army") == []


def test_actors_lexicon_shorter_match_kept_before_an_overlapping_longer_one():
    built = lexicon(("Kano", "NGA"), ("Kano State", "NGA"))
    built.add("state government", Entry("agent", "state government", sectors=("GOV",)))
    assert [(m.text, m.entry.kind) for m in built.match("the Kano State government said")] == [
        ("Kano", "country"),
        ("State government", "agent"),
    ]
