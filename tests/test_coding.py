"""`diplomap code`: events as JSON lines, nothing stored; bad input reported, never a crash."""

import json

import pytest
from typer.testing import CliRunner

from diplomap.cli import app

runner = CliRunner()
pytestmark = pytest.mark.model


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_coding_jsonl_records_with_dates(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "In May 2014, Russia wrote off US$10 billion in loans to North Korea.",
                "date": "2014-08-04",
            }
        )
        + "\n\n"
        + json.dumps({"id": "b", "text": "Kang Sok-ju visits Italy and Germany."})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["code", str(source)])
    assert result.exit_code == 0, result.output
    events = lines(result.output)
    debt = next(e for e in events if e["id"] == "a")
    assert (debt["source"], debt["target"], debt["root"], debt["quad_class"]) == ("RUS", "PRK", "07", 2)
    assert debt["plover"]["type"] == "AID" and debt["goldstein"] > 0 and debt["modality"] == "asserted"
    assert debt["date"] == {
        "start": "2014-05-01",
        "end": "2014-05-31",
        "precision": "month",
        "how": debt["date"]["how"],
    }
    assert debt["quantities"][0]["value_usd"] == 1e10
    evidence = debt["evidence"]
    assert evidence["sentence"][evidence["trigger"]["start"] : evidence["trigger"]["end"]] == "wrote"
    assert evidence["source"]["text"] == "Russia" and evidence["target"]["text"] == "North Korea"
    visits = [e for e in events if e["id"] == "b"]
    assert sorted(e["target"] for e in visits) == ["DEU", "ITA"]
    assert all(e["date"]["start"] is None for e in visits)  # no article date: none invented


def test_coding_text_from_stdin_with_default_date():
    result = runner.invoke(app, ["code", "--date", "2014-08-04"], input="Russia condemned North Korea.\n")
    assert result.exit_code == 0, result.output
    (event,) = lines(result.output)
    assert (event["id"], event["source"], event["target"], event["date"]["start"]) == (
        "stdin:1",
        "RUS",
        "PRK",
        "2014-08-04",
    )


def test_coding_bad_records_reported_rest_coded(tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        "{broken\n"
        + json.dumps(
            {"id": "fr", "text": "Le gouvernement français a condamné le lancement de missiles hier soir."}
        )
        + "\n"
        + json.dumps({"id": "long", "text": "Russia condemned North Korea " + "and more " * 120_000})
        + "\n"
        + json.dumps({"id": "ok", "text": "Japan and North Korea met in Stockholm."})
        + "\n"
        + json.dumps({"id": "d", "text": "x", "date": "someday"})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["code", str(source)])
    assert result.exit_code == 1
    assert {e["id"] for e in lines(result.output)} == {"ok"}
    failures = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert any(f"{source}:1" in f and "not valid JSON" in f for f in failures)
    assert any("fr:" in f and "English" in f for f in failures)
    assert any("long:" in f and "characters" in f for f in failures)
    assert any(f"{source}:5" in f and "YYYY-MM-DD" in f for f in failures)


def test_coding_missing_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["code", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.output
