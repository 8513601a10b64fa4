"""PETRARCH 2 verb dictionaries read as extra event triggers (diplomap.nlp.events.petrarch)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import DictionaryError
from diplomap.nlp.events import petrarch
from diplomap.nlp.events.petrarch import lemma, load_verb_dictionary, parse_verb_dictionary
from diplomap.nlp.events.triggers import TriggerRule, load_triggers
from diplomap.settings import load_settings
from tests.conftest import SHARED

SAMPLE = SHARED / "reference" / "petrarch2_cameo_verbs_2.0.txt"

# every construct of the format, written for these tests
SMALL = """\
# a comment line
####### SYNONYM SETS #######
&AID_
+AID
+RELIEF_SUPPLIES
+ASSISTANCE

&CAR
+TRUCK

<!-- an XML comment
     over two lines -->
<filler line>

####### VERB PATTERNS #######
---  FERRY   [070]  ---
FERRY {FERRIES FERRYING FERRIED }  # jw 11/13/91
AIRLIFT [073]
+SHIP_OUT {+SHIPS_OUT +SHIPPED_OUT +SHIPPING_OUT}
WIRE_+TAP
- * &AID_                                 [073]   # FERRY
- * {HUMANITARIAN AID}                    [0233]  # FERRY
- * (TO BORDER)                           [154]
- * (FROM ^)                              [042:043]
- * (WITH)                                [057:057]
- * OUT SUPPLIES                          [073]
- * TROOPS (TO +)                         [154]
- &CAR *                                  [073]
- $ * GRAIN                               [071]
- * + THAT $ WILL PULLOUT                 [0356]
- % &CAR *                                [062]
- * AID (TO) (FOR)                        [073]
- * TANKS GUNS                            [072]
- * (OF {BANNED PARTIES})                 [1722]
- * NOTHING                               [---]
- * (BEFORE COURT)                        [:173]

---  SCOLD   [---]  ---
SCOLD;shan   8/30/93
UPBRAID [:111]
- * (IN PUBLIC)                           [111]

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


def write(tmp_path: Path, text: str, name: str = "verbs.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rules_by_label(result: petrarch.VerbImport) -> dict[str, TriggerRule]:
    return {r.label.split(" (")[0]: r for r in result.rules}


def test_petrarch_verbs_reads_blocks_verbs_patterns_and_synsets(tmp_path):
    result = parse_verb_dictionary(write(tmp_path, SMALL))
    assert [b.name for b in result.blocks] == ["FERRY", "SCOLD"]
    assert result.synsets == {"&AID_": ("AID", "RELIEF_SUPPLIES", "ASSISTANCE"), "&CAR": ("TRUCK",)}
    ferry = result.blocks[0]
    assert [v.words for v in ferry.verbs] == [("ferry",), ("airlift",), ("ship", "out"), ("wire", "tap")]
    assert ferry.verbs[0].forms == ("FERRIES", "FERRYING", "FERRIED")
    assert ferry.verbs[1].code is not None and ferry.verbs[1].code.forward == "073"
    assert (result.blocks[0].code.forward, result.blocks[1].code.forward) == ("070", None)
    assert result.verbs == 6 and result.patterns == 17
    assert not result.errors


def test_petrarch_verbs_plain_verbs_take_their_own_or_the_blocks_code(tmp_path):
    rules = rules_by_label(parse_verb_dictionary(write(tmp_path, SMALL)))
    assert rules["ferry"].code == "070"
    assert rules["airlift"].code == "073"
    assert (rules["ship out"].word, rules["ship out"].particle) == ("ship", "out")
    assert rules["ferry"].object_is_target
    assert "scold" not in rules  # [---]: the verb alone codes nothing
    assert "upbraid" not in rules  # [:111]: only the reverse event


def test_petrarch_verbs_patterns_become_rules_for_every_verb_of_the_block(tmp_path):
    result = parse_verb_dictionary(write(tmp_path, SMALL))
    rules = rules_by_label(result)
    # a synset fills in each member; words become lemmas; multi-word members are head + modifiers
    assert rules["ferry aid"].code == rules["airlift assistance"].code == "073"
    assert rules["ferry relief supply"].modifiers == ("relief",)
    assert not rules["ferry aid"].object_is_target  # the object is the thing sent
    # {...}: the last word is the head, the others must modify it
    assert (rules["ferry humanitarian aid"].object, rules["ferry humanitarian aid"].modifiers) == (
        "aid",
        ("humanitarian",),
    )
    # (PREP NOUN): the particle and the noun it governs; (PREP ^): any noun
    assert (rules["ferry to border"].particle, rules["ferry to border"].prep_object) == ("to", "border")
    assert rules["ferry from"].prep_object is None
    # [A:A] is reciprocal; [A:B] codes A (the reverse B is noted); + in a phrase names the target prep
    assert rules["ferry with"].reciprocal and not rules["ferry from"].reciprocal
    assert rules["ferry from"].code == "042"
    assert rules["ferry to troop"].target_preps == ("to",)
    # a particle word right after the verb; a multi-word verb keeps its own particle
    assert (rules["ferry out supply"].particle, rules["ship out supply"].particle) == ("out", "out")
    assert rules["ferry grain"].code == "071"  # "$" before the verb is the subject: nothing to check
    assert "scold in public" in rules and "upbraid in public" in rules
    assert all(r.where and r.where.startswith("verbs.txt:") for r in result.rules)


def test_petrarch_verbs_counts_what_it_leaves_out(tmp_path):
    result = parse_verb_dictionary(write(tmp_path, SMALL))
    skipped = result.skipped
    assert skipped[petrarch.SKIP_BEFORE_VERB] == 1  # &CAR *
    assert skipped[petrarch.SKIP_SOURCE_AFTER] == 1  # * + THAT $ WILL PULLOUT
    assert skipped[petrarch.SKIP_COMPOUND_ACTOR] == 1  # % &CAR *
    assert skipped[petrarch.SKIP_TWO_PREPS] == 1  # AID (TO) (FOR)
    assert skipped[petrarch.SKIP_TWO_NOUNS] == 1  # TANKS GUNS
    assert skipped[petrarch.SKIP_PREP_MODIFIERS] == 1  # (OF {BANNED PARTIES})
    assert skipped[petrarch.SKIP_NULL] == 1 and skipped[petrarch.SKIP_REVERSE] == 1
    assert skipped[petrarch.SKIP_VERB_BEFORE] == 1  # WIRE_+TAP
    assert skipped[petrarch.SKIP_VERB_NULL] == 1 and skipped[petrarch.SKIP_VERB_REVERSE] == 1
    assert skipped[petrarch.SKIP_TRANSFORMATION] == 1
    assert skipped[petrarch.SKIP_FILLER] == 2
    assert result.notes[petrarch.NOTE_REVERSE_DROPPED] == 1  # [042:043]
    # every pattern is either loaded or counted under a reason
    pattern_reasons = (
        petrarch.SKIP_BEFORE_VERB,
        petrarch.SKIP_SOURCE_AFTER,
        petrarch.SKIP_COMPOUND_ACTOR,
        petrarch.SKIP_TWO_PREPS,
        petrarch.SKIP_TWO_NOUNS,
        petrarch.SKIP_PREP_MODIFIERS,
        petrarch.SKIP_NULL,
        petrarch.SKIP_REVERSE,
    )
    assert result.patterns_loaded + sum(skipped[r] for r in pattern_reasons) == result.patterns
    assert result.verbs_loaded == 3  # ferry, airlift, ship out
    assert "17 patterns (9 loaded)" in result.summary()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- * AID", "pattern has no [CODE]"),
        ("- AID [070]", "exactly one '*'"),
        ("- * * AID [070]", "exactly one '*'"),
        ("- * AID [999]", "'999' is not a CAMEO event code"),
        ("- * AID [070:04x]", "'04x' is not a CAMEO event code"),
        ("- * AID []", "empty [] code"),
        ("- * AID [01:02:03]", "more than one ':'"),
        ("- * (TO BORDER [154]", "unclosed '(' or '{'"),
        ("- * TO BORDER) [154]", "')' without its '('"),
        ("- * {ARMS {SHIPMENT}} [072]", "'{' inside another"),
        ("- * AID! [070]", "'AID!' is not a word"),
        ("- * &NOWHERE [070]", "synset &NOWHERE is not defined"),
        ("--- BROKEN 070 ---", "verb block header must read"),
        ("GIVE {GAVE GIVEN", "not a verb line"),
        ("CALL_OFF", "needs one '+'"),
        ("+CALL_+OFF", "needs one '+'"),
        ("&BAD SET", "a synset line is '&NAME' alone"),
        ("~ a (a b ATTACK) SAY", "a transformation reads"),
        ("  GIVE", "unexpected indented line"),
    ],
)
def test_petrarch_verbs_bad_lines_name_file_and_line(tmp_path, line, message):
    path = write(tmp_path, f"---  GRANT   [070]  ---\nGRANT\n{line}\n")
    with pytest.raises(DictionaryError, match=re.escape(message)) as caught:
        parse_verb_dictionary(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert "\n" not in str(caught.value)


def test_petrarch_verbs_lines_before_any_block(tmp_path):
    for text, message in (("- * AID [070]\n", "pattern before any"), ("GRANT\n", "verb before any")):
        with pytest.raises(DictionaryError, match=message):
            parse_verb_dictionary(write(tmp_path, text))


def test_petrarch_verbs_lenient_load_reports_each_bad_line_and_reads_on(tmp_path):
    text = "---  GRANT   [070]  ---\nGRANT\n- * AID [999]\n- * LOAN [0231]\n- * &NONE [070]\n- * (TO [070]\n"
    problems: list[DictionaryError] = []
    result = parse_verb_dictionary(write(tmp_path, text), on_error=problems.append)
    assert [p.where for p in problems] == [f"{tmp_path / 'verbs.txt'}:{n}" for n in (3, 6, 5)]
    assert result.errors == problems
    assert {r.label.split(" (")[0] for r in result.rules} == {"grant", "grant loan"}
    assert "3 bad lines skipped" in result.summary()


def test_petrarch_verbs_missing_or_undecodable_file(tmp_path):
    with pytest.raises(DictionaryError, match="no such verb dictionary"):
        parse_verb_dictionary(tmp_path / "nope.txt")
    with pytest.raises(DictionaryError, match="no such verb dictionary"):
        load_verb_dictionary(tmp_path / "nope.txt")
    (tmp_path / "latin1.txt").write_bytes("---  X   [070]  ---\nCAF\xc9\n".encode("latin-1"))
    with pytest.raises(DictionaryError, match="not UTF-8"):
        parse_verb_dictionary(tmp_path / "latin1.txt")


def test_petrarch_verbs_header_with_dashes_stuck_to_the_code(tmp_path):
    result = parse_verb_dictionary(write(tmp_path, "---  DELAY   [120]---  ---\nDELAY\n"))
    assert result.blocks[0].code.forward == "120"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("SANCTIONS", "sanction"),
        ("RALLIES", "rally"),
        ("MARCHES", "march"),
        ("FORCES", "force"),
        ("SERVICEMEN", "serviceman"),
        ("NEWS", "news"),
        ("CRISIS", "crisis"),
        ("AID", "aid"),
        ("KRONE_", "krone"),
        ("SIT-IN", "sit-in"),
    ],
)
def test_petrarch_verbs_lemma_of_written_nouns(word, expected):
    assert lemma(word) == expected


def test_petrarch_verbs_builtin_triggers_win_unless_asked(tmp_path):
    # "condemn" is ours (111); a dictionary mapping it elsewhere gives way unless it has priority
    path = write(tmp_path, "---  CONDEMN   [120]  ---\nCONDEMN\nFERRY [070]\nSAY [010]\n- * TRUCE [0356]\n")
    plain = (None, None, None, ())
    ours = load_triggers((), (str(path),))
    assert [r.code for r in ours.verbs["condemn"] if r.key == plain] == ["111"]
    assert [r.code for r in ours.verbs["ferry"] if r.key == plain] == ["070"]
    # plain "say" is left uncoded on purpose (a speech verb reports other events); its patterns load
    assert [r.label for r in ours.verbs["say"]] == ["say truce (verbs.txt:5)"]
    theirs = load_triggers((), (str(path),), "dictionary")
    assert [r.code for r in theirs.verbs["condemn"] if r.key == plain] == ["120"]
    assert [r.code for r in theirs.verbs["say"] if r.key == plain] == ["010"]
    with pytest.raises(DictionaryError, match="unknown verb dictionary priority"):
        load_triggers((), (str(path),), "mine")


def test_petrarch_verbs_settings(tmp_path):
    settings = load_settings(
        environ={
            "DIPLOMAP_VERB_DICTIONARIES": f"a.txt{os.pathsep}b.txt",
            "DIPLOMAP_VERB_DICTIONARY_PRIORITY": "dictionary",
            "DIPLOMAP_SKIP_BAD_VERB_LINES": "yes",
        }
    )
    assert settings.verb_dictionaries == ("a.txt", "b.txt")
    assert settings.verb_dictionary_priority == "dictionary"
    assert settings.skip_bad_verb_lines is True
    defaults = load_settings(environ={})
    assert (defaults.verb_dictionaries, defaults.verb_dictionary_priority) == ((), "builtin")
    assert defaults.skip_bad_verb_lines is False


runner = CliRunner()


def test_petrarch_verbs_cli_check(tmp_path):
    path = write(tmp_path, SMALL)
    result = runner.invoke(app, ["verbs", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 verb blocks, 6 verbs (3 loaded), 17 patterns (9 loaded)" in result.output
    assert f"left out     1  {petrarch.SKIP_TWO_NOUNS}" in result.output
    as_json = runner.invoke(app, ["verbs", "check", "--json", str(path)])
    assert json.loads(as_json.stdout)[0]["patterns_loaded"] == 9


def test_petrarch_verbs_cli_check_bad_lines(tmp_path):
    path = write(tmp_path, "---  GRANT   [070]  ---\nGRANT\n- * AID [999]\n- * LOAN [0231]\n")
    strict = runner.invoke(app, ["verbs", "check", str(path)])
    assert strict.exit_code == 1
    assert f"{path}:3: '999' is not a CAMEO event code" in strict.output
    lenient = runner.invoke(app, ["verbs", "check", "--skip-bad-lines", str(path)])
    assert lenient.exit_code == 1
    assert "1 bad lines skipped" in lenient.output and "verbs.txt:3" in lenient.output


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/reference not present")
def test_petrarch_verbs_reads_the_petrarch2_sample():
    problems: list[DictionaryError] = []
    result = parse_verb_dictionary(SAMPLE, on_error=problems.append)
    assert len(result.blocks) > 350 and result.verbs > 1500 and result.patterns > 4500
    assert len(result.synsets) >= 35
    assert result.patterns_loaded > 0.75 * result.patterns
    assert result.verbs_loaded > 1000
    assert len(problems) < 30  # the sample's own typos: codes like [080!], unbalanced ( ), unknown synsets
    assert all(re.match(rf"{re.escape(str(SAMPLE))}:\d+: ", str(p)) for p in problems)
    labels = {r.label.split(" (")[0]: r.code for r in result.rules}
    assert labels["ask extradition"] == "0213"
    assert labels["besiege stronghold"] == "191"
    with pytest.raises(DictionaryError):  # strict: stops at the first typo
        parse_verb_dictionary(SAMPLE)


@pytest.mark.model
def test_petrarch_verbs_code_a_sentence_only_the_dictionary_knows(tmp_path):
    from diplomap.nlp.pipeline import annotate_texts, load_pipeline, pipeline_fingerprint

    path = write(
        tmp_path, "---  FERRY   [---]  ---\nFERRY\nAIRLIFT\n- * &FOOD [0233]\n&FOOD\n+FOOD\n+MEDICINE\n"
    )
    sentence = "Russia airlifted medicine to Syria."
    plain = load_pipeline("auto")
    extended = load_pipeline("auto", verb_dictionaries=(str(path),))
    assert not [e for e in annotate_texts(plain, [sentence])[0].events if e.cameo == "0233"]
    (event,) = [e for e in annotate_texts(extended, [sentence])[0].events if e.cameo == "0233"]
    assert (event.source_code, event.target_code) == ("RUS", "SYR")
    assert "verbs.txt:4" in event.coder
    # documents coded without the dictionary must be re-annotated with it
    assert pipeline_fingerprint(plain) != pipeline_fingerprint(extended)
    assert "diplomap_events_v1[triggers:" in pipeline_fingerprint(extended)
    # the component's config stays what spaCy can write out
    assert extended.get_pipe_config("diplomap_events_v1")["verb_dictionaries"] == [str(path)]
    assert "verb_dictionaries" in extended.config.to_str()
