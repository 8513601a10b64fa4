import json

from typer.testing import CliRunner

from diplomap.cli import app
from tests.conftest import SHARED

runner = CliRunner()


def test_actors_cli_resolve_text_and_json():
    result = runner.invoke(
        app, ["actors", "resolve", "South Korean President Park Geun-hye", "--date", "2014-08-04"]
    )
    assert result.exit_code == 0, result.output
    assert "KORGOV" in result.output
    data = json.loads(runner.invoke(app, ["actors", "resolve", "Russian troops", "--json"]).output)
    assert data["as_one_actor"]["code"] == "RUSMIL"
    assert data["mentions"][0]["sectors"] == ["MIL"] and data["mentions"][0]["text"] == "Russian troops"


def test_actors_cli_resolve_bad_date_is_one_line():
    result = runner.invoke(app, ["actors", "resolve", "Putin", "--date", "soon"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


def test_actors_cli_user_dictionary_wins(tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text("- {name: Zorblat Quennington, country: NOR, code: NORGOVDIP}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["actors", "resolve", "Zorblat Quennington", "--dictionary", str(people), "--json"]
    )
    assert json.loads(result.output)["as_one_actor"]["code"] == "NORGOVDIP"


def test_actors_cli_list_and_unresolved(db_url, seeds):
    assert runner.invoke(app, ["--db", db_url, "--model", "blank:en", "ingest", str(seeds)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["--db", db_url, "actors", "list", "--json"]).output)
    by_code = {row["code"]: row for row in listed}
    assert by_code["PRK"]["documents"] == 2 and by_code["PRK"]["mentions"] > 20
    assert {"CHNGOV", "KORGOV", "PRKGOVDIP", "RUSGOV"} <= set(by_code)
    # a blank pipeline has no NER, so nothing is unresolved; the table still answers
    result = runner.invoke(app, ["--db", db_url, "actors", "list", "--unresolved"])
    assert result.exit_code == 0 and "text" in result.output
    assert runner.invoke(app, ["--db", db_url, "actors", "--unresolved"]).output == result.output


def test_actors_cli_check_reports_counts_and_errors(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("- {name: A Person, country: NOR, code: NORGOV}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: B Person, country: NOR, code: nor gov}\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "check", str(good)])
    assert result.exit_code == 0 and "1 actors, 1 roles" in result.output
    result = runner.invoke(app, ["actors", "check", str(bad)])
    assert result.exit_code == 1 and f"{bad}:1: code 'nor gov' is not a CAMEO actor code" in result.output


def test_actors_cli_check_skips_bad_petrarch_lines():
    path = SHARED / "reference" / "phoenix_international_actors.txt"
    if not path.exists():
        return
    result = runner.invoke(app, ["actors", "check", "--skip-bad-lines", str(path)])
    assert result.exit_code == 1  # it loaded, but some entries were bad
    assert "bad entries skipped" in result.output and "skipped:" in result.output
