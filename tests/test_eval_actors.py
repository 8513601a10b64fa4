"""Actor resolution quality on NGEC's cases, with floors that may only move up."""

import json

import pytest
from typer.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import InputError
from diplomap.evaluate.actors import read_actor_cases, score_actor_resolution
from diplomap.nlp.actors.knowledge import load_knowledge
from tests.conftest import SHARED

GOLD = SHARED / "gold" / "ngec_actor_resolution.jsonl"
# measured when set; raise them when the resolver improves, never lower them
COUNTRY_FLOOR = 0.84
SECTOR_FLOOR = 0.77


def test_eval_actors_scoring_rules(tmp_path):
    gold = tmp_path / "gold.jsonl"
    cases = [
        {"method": "agent_to_code", "text": "Russian troops", "expect": {"country": "RUS", "code_1": "MIL"}},
        {"method": "agent_to_code", "text": "Defense Minister", "expect": {"country": "", "code_1": "GOV"}},
        {
            "method": "agent_to_code",
            "text": "Putin",
            "query_date": "1 January 1999",
            "expect": {
                "country": {"op": "NotEq", "value": "USA"},
                "code_1": {"op": "In", "value": ["SPY", "GOV"]},
            },
        },
        {"method": "agent_to_code", "text": "Kazakhstan", "expect": {"country": "KAZ", "code_1": "????"}},
        {"method": "agent_to_code", "text": "Narnia", "expect": {"country": "NRN", "code_1": ""}},
        {"method": "search_nat", "text": "Great Britain", "expect": {"cc": "GBR"}},
    ]
    gold.write_text("\n".join(json.dumps(c) for c in cases) + "\n\n", encoding="utf-8")
    scores = score_actor_resolution(read_actor_cases(gold), load_knowledge(()))
    assert (scores.n, scores.country_scored, scores.country_correct) == (5, 5, 4)
    assert (scores.sector_scored, scores.sector_correct) == (4, 4)
    assert [m["text"] for m in scores.misses] == ["Narnia"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"text": "x"}', '"expect"'),
        ('{"text": "x", "query_date": "someday", "expect": {}}', "not a date"),
    ],
)
def test_eval_actors_bad_gold_lines_name_file_and_line(tmp_path, line, message):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "Russia", "expect": {"country": "RUS"}}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        read_actor_cases(gold)
    assert str(raised.value).startswith(f"{gold}:2: ")


def test_eval_actors_ngec_floors():
    if not GOLD.exists():
        pytest.skip("shared gold data not found")
    scores = score_actor_resolution(read_actor_cases(GOLD), load_knowledge(()))
    print(f"NGEC actor resolution: {scores.as_dict()}")
    assert scores.n == 269
    assert scores.country_accuracy >= COUNTRY_FLOOR
    assert scores.sector_accuracy >= SECTOR_FLOOR


def test_eval_actors_cli_json():
    if not GOLD.exists():
        pytest.skip("shared gold data not found")
    result = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--format", "ngec-actors", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n"] == 269 and data["metrics"]["country_accuracy"] >= COUNTRY_FLOOR


def test_eval_actors_cli_unknown_format():
    result = CliRunner().invoke(app, ["eval", "--gold", "x", "--format", "nope"])
    assert result.exit_code == 2 and "ngec-actors" in result.output
