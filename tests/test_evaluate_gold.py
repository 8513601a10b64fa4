"""Gold readers: the real sample files in ../shared/gold, and malformed files naming file:line."""

from collections import Counter
from datetime import date

import pytest

from diplomap.errors import MalformedRecordError
from diplomap.evaluate.gold import (
    READERS,
    GoldActor,
    NerGold,
    PetrarchCoding,
    read_conflibert_class,
    read_conflibert_ner,
    read_petrarch_xml,
    read_plover_gsr,
)
from tests.conftest import SHARED

GOLD = SHARED / "gold"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason="shared gold data not found")


# --------------------------------------------------------------------------- the real samples


@needs_gold
def test_evaluate_gold_plover_sample():
    records = read_plover_gsr(GOLD / "plover_gsr_cameo.json")
    assert len(records) == 322  # the DOCUMENT entry is not a record
    events = Counter(r.event for r in records)
    assert not {"DOCUMENT", "DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"} & set(events)
    assert events["REQUEST"] == 34 and events["ACCUSE"] == 16 + 9 and events["ASSAULT"] == 15 + 17
    first = records[0]
    assert first.id == "PLOVER-GSR01-AGREE-0001" and first.date == date(2000, 1, 1)
    assert first.sources == (GoldActor("Hungarian", "HUN", "GOV"), GoldActor("Romanian", "ROU", "GOV"))
    assert first.targets == () and first.mode is None
    by_id = {r.id: r for r in records}
    assert by_id["PLOVER-GSR01-AGREE-0007"].targets == ()  # "target": "diplomatic"
    assert sum(1 for r in records if r.mode) == 108
    assert all(r.text and r.id for r in records)
    # "***" is CAMEO's unknown sector
    assert GoldActor("Kabul", "AFG", None) in {a for r in records for a in r.targets}


@needs_gold
def test_evaluate_gold_petrarch_sample():
    records = read_petrarch_xml(GOLD / "petrarch2_unittest_records.xml")
    # 284 <Sentence>s: 5 sentence="false" and 7 <EventCoding error=...> records are not coding tests
    assert len(records) == 272
    assert sum(1 for r in records if r.codings) == 252
    assert sum(len(r.codings) for r in records) == 352
    ids = {r.id: r for r in records}
    assert not {"DEMO-04", "AGENT-08", "ERROR-01", "ERROR-02", "DISCARD-01"} & set(ids)
    first = records[0]
    assert first.id == "DEMO-00" and first.category == "DEMO" and first.date == date(1995, 1, 1)
    assert first.codings == (PetrarchCoding("ARN", "GON", "064"),)
    assert first.text.startswith("Arnor is about to restore full diplomatic ties with Gondor almost five")
    assert ids["FINAL-RECORD"].codings == ()  # noevents="True"
    assert ids["PATTERN-06"].codings == ()  # no <EventCoding> at all
    assert all(r.text and "\n" not in r.text for r in records)


@needs_gold
def test_evaluate_gold_conflibert_class_sample():
    rows = read_conflibert_class(GOLD / "conflibert_cameo_class_train.tsv")
    assert len(rows) == 1349
    assert Counter(r.label for r in rows) == {0: 240, 1: 248, 2: 303, 3: 337, 4: 221}
    assert rows[0].line == 1 and rows[0].label == 4 and rows[0].text.startswith("In September, a car bomb")
    quoted = next(r for r in rows if r.line == 572)  # a CSV-quoted sentence
    assert quoted.text.startswith("In Iraq, U.S. troops") and quoted.text.endswith('operations."')
    assert '""' not in quoted.text


@needs_gold
def test_evaluate_gold_conflibert_ner_sample():
    sentences = read_conflibert_ner(GOLD / "conflibert_cameo_ner_train.txt")
    assert len(sentences) == 1153
    first = sentences[0]
    assert (first.line, sentences[1].line) == (1, 22)
    assert first.spans("S") == [(3, 6)] and first.spans("T") == [(9, 12)] and first.spans("R") == []
    text = first.text()
    assert [text[s:e] for s, e in first.char_spans("S")] == ["a car bomb"]
    assert [text[s:e] for s, e in first.char_spans("T")] == ["another ethnic Chechen"]
    assert all(len(s.tokens) == len(s.tags) > 0 for s in sentences)
    spans = Counter(role for s in sentences for role in "STR" for _ in s.spans(role))
    assert spans["T"] == 963 and spans["R"] == 102 and spans["S"] >= 1094


def test_evaluate_gold_readers_by_format_name():
    assert set(READERS) == {"plover-gsr", "petrarch-xml", "conflibert-class", "conflibert-ner"}


# --------------------------------------------------------------------------- small good files


def test_evaluate_gold_plover_fields_and_mapping(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(
        """[
{"id": "D", "event": "DOCUMENT", "comment": "about this file"},
{"id": "a", "date": "2001-02-03", "event": "demand", "mode": "", "text": " Iran demanded talks. ",
 "source": [{"actorText": "Iran", "code": "IRN", "sector": "GOV"}],
 "target": {"actorText": "the UN", "code": "***"}},
{"id": "b", "event": "MOBILIZE", "mode": "troops", "text": "Troops massed.", "source": "", "target": ""}
]""",
        encoding="utf-8",
    )
    a, b = read_plover_gsr(gold)
    assert (a.id, a.text, a.date, a.event, a.mode) == (
        "a",
        "Iran demanded talks.",
        date(2001, 2, 3),
        "REQUEST",
        None,
    )
    assert a.sources == (GoldActor("Iran", "IRN", "GOV"),) and a.targets == (GoldActor("the UN", None, None),)
    assert (b.event, b.mode, b.date, b.sources, b.targets) == ("MOBILIZE", "troops", None, (), ())


def test_evaluate_gold_plover_json_lines(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "event": "FIGHT", "text": "x"}\n\n{"id": "b", "event": "INVESTIGATE", "text": "y"}\n',
        encoding="utf-8",
    )
    assert [r.event for r in read_plover_gsr(gold)] == ["ASSAULT", "ACCUSE"]


def test_evaluate_gold_petrarch_small_file(tmp_path):
    gold = tmp_path / "gold.xml"
    gold.write_text(
        """<Validation><Environment><Verbfile>v.txt</Verbfile></Environment>
<Sentences>
<!-- a comment -->
<Config option="require_dyad" value="false"></Config>
<Sentence date = "19950101" id ="A-1" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="064"/>
<Text>
Arnor and Gondor
restore ties &amp; trade.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence id="A-2" sentence="true"><EventCoding noevents = "True"> </EventCoding>
<Text>Nothing.</Text></Sentence>
<Sentence id="A-3" date="19950101" sentence="false">
<EventCoding sourcecode="X" targetcode="Y" eventcode="010"/><Text>Skipped.</Text></Sentence>
<Sentence id="A-4" category="ERROR"><EventCoding error="dateline"/><Text>CITY: -- error.</Text></Sentence>
</Sentences></Validation>
""",
        encoding="utf-8",
    )
    first, second = read_petrarch_xml(gold)
    assert (first.id, first.date, first.category) == ("A-1", date(1995, 1, 1), "DEMO")
    assert first.text == "Arnor and Gondor restore ties & trade."
    assert first.codings == (PetrarchCoding("ARN", "GON", "064"), PetrarchCoding("GON", "ARN", "064"))
    assert (second.id, second.date, second.category, second.codings) == ("A-2", None, None, ())


def test_evaluate_gold_conflibert_class_header_quotes_and_blank_lines(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_bytes(b'sentence\tlabel\r\nTroops attacked.\t4\r\n\r\n"He said ""no"" today."\t3\r\n')
    rows = read_conflibert_class(gold)
    assert [(r.line, r.text, r.label) for r in rows] == [
        (2, "Troops attacked.", 4),
        (4, 'He said "no" today.', 3),
    ]


def test_evaluate_gold_conflibert_ner_lines_and_docstart(tmp_path):
    gold = tmp_path / "gold.txt"
    gold.write_text(
        "-DOCSTART- O\n\nIran B-S\nwarned O\nIsrael B-T\n\n\n\nThey B-R\ntalk O\n", encoding="utf-8"
    )
    first, second = read_conflibert_ner(gold)
    assert (first.line, first.tokens, first.tags) == (3, ("Iran", "warned", "Israel"), ("B-S", "O", "B-T"))
    assert (second.line, second.spans("R"), second.text()) == (9, [(0, 1)], "They talk")


# --------------------------------------------------------------------------- spans


def _ner(*pairs):
    return NerGold(1, tuple(t for t, _ in pairs), tuple(g for _, g in pairs))


def test_evaluate_gold_ner_i_after_o_starts_a_span():
    sentence = _ner(
        ("a", "O"), ("b", "I-S"), ("c", "I-S"), ("d", "I-T"), ("e", "B-S"), ("f", "B-S"), ("g", "I-S")
    )
    assert sentence.spans("S") == [(1, 3), (4, 5), (5, 7)]
    assert sentence.spans("T") == [(3, 4)]
    assert sentence.text() == "a b c d e f g"
    assert sentence.char_spans("S") == [(2, 5), (8, 9), (10, 13)]
    assert sentence.char_spans("T") == [(6, 7)]


def test_evaluate_gold_ner_span_at_the_end_and_unknown_role():
    sentence = _ner(("Russia", "B-S"), ("and", "I-S"), ("China", "I-S"))
    assert sentence.spans("S") == [(0, 3)] and sentence.char_spans("S") == [(0, 16)]
    with pytest.raises(ValueError, match="role"):
        sentence.spans("X")


# --------------------------------------------------------------------------- malformed files


def _fails(reader, path, line, message):
    with pytest.raises(MalformedRecordError, match=message) as raised:
        reader(path)
    assert raised.value.where == f"{path}:{line}"
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('[\n{"id": "a", "event": "AGREE",\n "text": "x" "date": "2000-01-01"}\n]', 3, "not valid JSON"),
        ('[\n{"id": "a", "event": "AGREE", "text": "x"},\n\n{"id": "b", "event": "AGREE"}\n]', 4, '"text"'),
        ('[{"id": "a", "event": "AGREE", "text": "x"},\n{"id": "b", "text": "y"}]', 2, '"event"'),
        ('[{"event": "AGREE", "text": "x"}]', 1, '"id"'),
        ('[\n{"id": "a", "event": "AGREE", "text": "x", "date": "Jan 1"}]', 2, "YYYY-MM-DD"),
        ('[\n{"id": "a", "event": "AGREE", "text": "x", "source": [{"code": "USA"}]}]', 2, "actorText"),
        ('[\n{"id": "a", "event": "AGREE", "text": "x", "target": 5}]', 2, "list of actors"),
        (
            '[\n{"id": "a", "event": "AGREE", "text": "x"}\n{"id": "b", "event": "AGREE", "text": "y"}]',
            3,
            "','",
        ),
        ('[\n{"id": "a", "event": "AGREE", "text": "x"}\n]\n]', 4, "after the closing"),
        ('[\n"just a string"\n]', 2, "JSON object"),
        ("", 1, "no records"),
        ("[]", 1, "no records"),
        ('[{"id": "D", "event": "DOCUMENT"}]', 1, "no records"),
    ],
)
def test_evaluate_gold_plover_malformed(tmp_path, content, line, message):
    gold = tmp_path / "gold.json"
    gold.write_text(content, encoding="utf-8")
    _fails(read_plover_gsr, gold, line, message)


_PETRARCH_OK = (
    '<Sentence id="OK" date="19950101"><EventCoding noevents="True"/><Text>Fine.</Text></Sentence>\n'
)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            "<Sentence id='A'>\n<Text>x</Text>\n<EventCoding sourcecode='A' targetcode='B' eventcode='010'>\n"
            "</Sentence>",
            4,
            "not well-formed XML",
        ),
        (
            "<Sentence id='A'>\n<Text>x</Text>\n<EventCoding sourcecode='A' eventcode='010'/>\n</Sentence>",
            3,
            "targetcode",
        ),
        (
            "<Sentence id='A'>\n<Text>x</Text>\n"
            "<EventCoding sourcecode='A' targetcode='B' eventcode=''/>\n</Sentence>",
            3,
            "eventcode",
        ),
        ("<Sentence date='19950101'>\n<Text>x</Text>\n</Sentence>", 1, "no id"),
        ("<Sentence id='A'>\n<Parse>(ROOT)</Parse>\n</Sentence>", 1, "no <Text>"),
        ("<Sentence id='A' date='1995-13-01'>\n<Text>x</Text>\n</Sentence>", 1, "YYYYMMDD"),
        (
            "<Sentence id='A'>\n<EventCoding noevents='True'/>\n"
            "<EventCoding sourcecode='A' targetcode='B' eventcode='010'/><Text>x</Text></Sentence>",
            1,
            "both noevents",
        ),
        ("<EventCoding sourcecode='A' targetcode='B' eventcode='010'/>", 1, "outside a <Sentence>"),
        (
            "<Sentence id='A'><Text>x</Text>\n<Sentence id='B'><Text>y</Text></Sentence></Sentence>",
            2,
            "inside",
        ),
    ],
)
def test_evaluate_gold_petrarch_malformed(tmp_path, content, line, message):
    gold = tmp_path / "gold.xml"
    # two lines of preamble and one good record, so line numbers are checked past the start
    gold.write_text(f"<Validation>\n{_PETRARCH_OK}{content}\n</Validation>\n", encoding="utf-8")
    _fails(read_petrarch_xml, gold, line + 2, message)


def test_evaluate_gold_petrarch_entities_refused(tmp_path):
    gold = tmp_path / "gold.xml"
    gold.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE V [\n<!ENTITY a "aaaa">\n]>\n<V>' + _PETRARCH_OK + "</V>\n",
        encoding="utf-8",
    )
    _fails(read_petrarch_xml, gold, 3, "entity declarations")


@pytest.mark.parametrize(
    "content", ["", "  \n\n", "<Validation>\n<Sentences>\n</Sentences>\n</Validation>\n"]
)
def test_evaluate_gold_petrarch_empty(tmp_path, content):
    gold = tmp_path / "gold.xml"
    gold.write_text(content, encoding="utf-8")
    _fails(read_petrarch_xml, gold, 1, "no records")


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("Troops attacked.\t4\nno tab here 3\n", 2, "sentence<TAB>label"),
        ("Troops attacked.\t4\nTalks.\t5\n", 2, "not one of 0-4"),
        ("Troops attacked.\t4\n\nTalks.\tx\n", 3, "not one of 0-4"),
        ("Troops attacked.\t4\n\t1\n", 2, "sentence before the tab is empty"),
        ("sentence\tlabel\n", 1, "no records"),
        ("\n\n", 1, "no records"),
    ],
)
def test_evaluate_gold_conflibert_class_malformed(tmp_path, content, line, message):
    gold = tmp_path / "gold.tsv"
    gold.write_text(content, encoding="utf-8")
    _fails(read_conflibert_class, gold, line, message)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("Iran B-S\nwarned O\n\nB-T\n", 4, "token TAG"),
        ("Iran B-S\nwarned O\nIsrael B-X\n", 3, "unknown tag"),
        ("Iran B-S\nwarned o\n", 2, "unknown tag"),
        ("", 1, "no records"),
        ("\n\n\n", 1, "no records"),
    ],
)
def test_evaluate_gold_conflibert_ner_malformed(tmp_path, content, line, message):
    gold = tmp_path / "gold.txt"
    gold.write_text(content, encoding="utf-8")
    _fails(read_conflibert_ner, gold, line, message)


@pytest.mark.parametrize(
    ("reader", "content"),
    [
        (read_conflibert_ner, b"Iran B-S\nwarned O\nIsra\xe9l B-T\n"),
        (read_conflibert_class, b"Talks.\t1\nMore talks.\t1\nIsra\xe9l attacked.\t4\n"),
        (
            read_plover_gsr,
            b'[{"id": "a", "event": "AGREE", "text": "x"},\n\n{"id": "b", "text": "Isra\xe9l"}]',
        ),
        (read_petrarch_xml, b"<V>\n\n<Sentence id='a'><Text>Isra\xe9l</Text></Sentence></V>"),
    ],
)
def test_evaluate_gold_not_utf8(tmp_path, reader, content):
    gold = tmp_path / "gold.txt"
    gold.write_bytes(content)
    _fails(reader, gold, 3, "not UTF-8|not well-formed")


def test_evaluate_gold_ner_i_after_o_is_not_an_error(tmp_path):
    gold = tmp_path / "gold.txt"
    gold.write_text("the O\nIranian I-S\ngovernment I-S\n", encoding="utf-8")
    (sentence,) = read_conflibert_ner(gold)
    assert sentence.tags == ("O", "I-S", "I-S") and sentence.spans("S") == [(1, 3)]
