"""Exports of our own columns (CSV, Parquet) with their data dictionary, PLOVER records, the CLI
commands, and the field tables the docs promise."""

import csv
import json
import sys

import pytest
from typer.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.interop import EventFilter, data_dictionary, export_events
from diplomap.interop.gdelt import GDELT_FIELDS
from diplomap.interop.ours import COLUMN_MEANINGS, EXPORT_TABLE, event_rows
from tests.conftest import REPO
from tests.interop_store import SPECS, add_events


@pytest.fixture
def coded(store):
    add_events(store)
    return store


def test_interop_csv_has_every_event_with_its_sentence_and_a_dictionary(coded, tmp_path):
    path = tmp_path / "events.csv"
    report = export_events(coded, format="csv", out=path)
    assert report.written == len(SPECS) and report.dictionary == f"{path}.dictionary.md"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [c.name for c in EXPORT_TABLE.columns]
    first = rows[0]
    assert (first["source_code"], first["cameo"], first["date_start"]) == ("PRK", "042", "2014-05-10")
    assert first["sentence_text"] == "Pyongyang met Moscow on day 0."
    assert first["document_uri"] == "https://news.example.org/0.html"
    at = int(first["sentence_start"])
    assert (
        first["sentence_text"][int(first["source_start"]) - at : int(first["source_end"]) - at] == "Pyongyang"
    )
    assert {r["modality"] for r in rows} == {"asserted", "negated"}  # all modalities, with the column
    dictionary = (tmp_path / "events.csv.dictionary.md").read_text(encoding="utf-8")
    for column in EXPORT_TABLE.columns:
        assert f"| `{column.name}` |" in dictionary


def test_interop_every_export_column_is_documented():
    assert set(COLUMN_MEANINGS) == {c.name for c in EXPORT_TABLE.columns}


def test_interop_parquet_export_streams_in_chunks(coded, tmp_path):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    report = export_events(coded, format="parquet", out=path, chunk=3)
    table = pyarrow_parquet.read_table(path)
    assert report.written == table.num_rows == len(SPECS)
    assert table.column_names == [c.name for c in EXPORT_TABLE.columns]
    assert table.column("sentence_text")[1].as_py() == "Moscow met Moscow on day 1."
    assert (tmp_path / "events.parquet.dictionary.md").is_file()
    assert not list(tmp_path.glob(".*.part"))


def test_interop_parquet_without_pyarrow_says_what_to_install(coded, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ConfigError, match=r"pip install 'diplomap\[dask\]'"):
        export_events(coded, format="parquet", out=tmp_path / "x.parquet")


def test_interop_event_rows_reads_in_chunks(coded):
    assert [r["id"] for r in event_rows(coded, chunk=2)] == list(range(1, len(SPECS) + 1))
    assert [r["id"] for r in event_rows(coded, EventFilter(actor="IGO"), chunk=1)] == [3]


def test_interop_plover_records(coded):
    import io

    stream = io.StringIO()
    report = export_events(coded, format="plover", stream=stream)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert report.written == len(records) == 5
    visit = records[0]
    assert (visit["id"], visit["date"], visit["event"], visit["mode"]) == (
        "diplomap-1",
        "2014-05-10",
        ["CONSULT"],
        ["visit"],
    )
    assert visit["actor"] == [
        {"code": "PRK", "sector": None, "entity_text": "Pyongyang", "country": "PRK", "full_code": "PRK"}
    ]
    assert visit["recipient"][0]["entity_text"] == "Moscow"
    assert visit["event_text"] == ["Pyongyang met Moscow on day 0."]
    assert (visit["quad_code"], visit["event_scale"], visit["cameo"]) == (1, 1.9, "042")
    assert visit["story_id"] == visit["cite_info"]["citation"]
    aid = records[1]
    assert aid["actor"][0]["sector"] == "GOV" and aid["recipient"][0]["full_code"] == "PRKGOVDIP"


def test_interop_export_bad_options_say_how_to_fix(coded, tmp_path):
    with pytest.raises(ConfigError, match="not an export format; use one of gdelt, icews, plover"):
        export_events(coded, format="xlsx")
    with pytest.raises(ConfigError, match="parquet needs --out"):
        export_events(coded, format="parquet")
    with pytest.raises(ConfigError, match="does not exist"):
        export_events(coded, format="csv", out=tmp_path / "no" / "x.csv")
    with pytest.raises(ConfigError, match="not an actor code"):
        export_events(coded, format="csv", selection=EventFilter(actor="North Korea"))
    with pytest.raises(ConfigError, match="unknown modality"):
        export_events(coded, format="csv", selection=EventFilter(modalities=("rumoured",)))


def test_interop_cli_export_import_info_and_overlay(coded, db_url, tmp_path):
    runner = CliRunner()
    out = tmp_path / "events.export.CSV"
    exported = runner.invoke(app, ["--db", db_url, "export", "--format", "gdelt", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "5 events as gdelt, 1 skipped" in exported.output
    to_stdout = runner.invoke(app, ["--db", db_url, "export", "--format", "icews", "--actor", "KOR"])
    assert to_stdout.stdout.splitlines()[0].startswith("Event ID\tEvent Date")
    assert len(to_stdout.stdout.splitlines()) == 2
    imported = runner.invoke(app, ["--db", db_url, "import", str(out), "--format", "gdelt"])
    assert imported.exit_code == 0, imported.output
    assert "gdelt: 5 new events, 0 already stored, 0 rows skipped, from 1 of 1 files" in imported.output
    info = json.loads(runner.invoke(app, ["--db", db_url, "info", "--json"]).stdout)
    assert info["external_events"] == {"gdelt": 5}
    assert "external events from gdelt: 5" in runner.invoke(app, ["--db", db_url, "info"]).output
    overlay = runner.invoke(app, ["--db", db_url, "dyad", "PRK", "RUS", "--origin", "gdelt", "--json"])
    assert [r["events"] for r in json.loads(overlay.stdout)] == [2]
    bad = runner.invoke(app, ["--db", db_url, "dyad", "PRK", "RUS", "--origin", "acled"])
    assert bad.exit_code == 1 and "no external events from origin 'acled'" in bad.output


def test_interop_cli_import_prints_the_first_errors(store, db_url, tmp_path):
    path = tmp_path / "bad.export.CSV"
    path.write_text("".join(f"{n}\tshort row\n" for n in range(1, 9)), encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", db_url, "import", str(path), "--format", "gdelt"])
    assert result.exit_code == 1
    assert result.output.count("skipped:") == 5 and "... and 3 more problems" in result.output
    assert f"{path}:1: has 2 tab-separated fields" in result.output
    assert "0 new events, 0 already stored, 8 rows skipped" in result.output


def test_interop_cli_dictionary_and_bad_format(tmp_path):
    runner = CliRunner()
    table = runner.invoke(app, ["export", "--format", "gdelt", "--dictionary"])
    assert table.exit_code == 0 and "| 61 | `SOURCEURL` |" in table.stdout
    bad = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "export", "--format", "xml"])
    assert bad.exit_code == 1 and "--format 'xml' is not an export format" in bad.output


def test_interop_docs_list_every_gdelt_field_in_order():
    page = (REPO / "docs" / "interop.md").read_text(encoding="utf-8")
    names = [name for name, _ in GDELT_FIELDS]
    assert len(names) == len(set(names)) == 61
    positions = [page.index(f"| `{name}` |") for name in names]
    assert positions == sorted(positions)
    assert data_dictionary("gdelt").split("\n", 1)[1] in page  # the page holds the table the code writes
    assert "diplomap export" in (REPO / "README.md").read_text(encoding="utf-8")
