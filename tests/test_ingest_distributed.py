"""Bulk coding on Dask distributed and Parquet output: the same results as the single-process run."""

import hashlib
import json
import pickle
import socket
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from sqlalchemy import select
from typer.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import ConfigError
from diplomap.ingest import distributed as dist
from diplomap.ingest.parquet import TABLES, ParquetWriter, parquet_schema
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.ingest.run import ingest
from diplomap.nlp.pipeline import load_pipeline, pipeline_fingerprint
from diplomap.nlp.records import AssessmentRecord, EventRecord, QuantityRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.settings import load_settings
from diplomap.store.repository import Store

from .test_pipeline import make_test_capitals  # noqa: F401  (registers the test component)

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")
psutil = pytest.importorskip("psutil")

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
DROPPED = {"id", "ingested_at", "annotated_at"}  # autoincrement ids and clock times differ by run


def _normalised(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows as sorted tuples, ids replaced by what they point at."""
    sentence_of = {r["id"]: (r["document_id"], r["index"]) for r in tables["sentences"]}

    def plain(row: dict[str, Any]) -> dict[str, Any]:
        row = {k: v for k, v in row.items() if k not in DROPPED}
        if "sentence_id" in row:
            row["sentence_id"] = sentence_of[row["sentence_id"]]
        return row

    event_of = {r["id"]: tuple(sorted(plain(r).items())) for r in tables["events"]}
    result = {}
    for name, rows in tables.items():
        plain_rows = []
        for row in rows:
            found = plain(row)
            if "event_id" in found:
                found["event_id"] = event_of[found["event_id"]]
            plain_rows.append(tuple(sorted(found.items())))
        result[name] = sorted(plain_rows, key=repr)
    return result


def _store_tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.engine.connect() as connection:
        return {
            name: [dict(row._mapping) for row in connection.execute(select(table))]
            for name, table in TABLES.items()
        }


def _parquet_tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: pq.read_table(folder / name).to_pylist() for name in TABLES}


def _parts(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _children() -> set[int]:
    """Processes this one started, less multiprocessing's resource tracker (it lives as long as we do)."""
    return {
        p.pid
        for p in psutil.Process().children(recursive=True)
        if "resource_tracker" not in " ".join(p.cmdline())
    }


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- with the model: two workers agree with one process ----------------------------------------

# a part of examples/corpus (all of it takes twice as long), with every format
STORE_PART = (
    "01_unha-launch-condemned.txt",
    "02_senkaku-purchase-protests.md",
    "06_rodong-launch-hague.html",
    "08_russia-debt-writeoff.txt",
    "wire.jsonl",
)
PARQUET_PART = ("03_resolution-2094-sanctions.html", "07_japan-dprk-stockholm.md", "09_xi-seoul-visit.txt")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes that start loading the pipeline at once, while the test codes in-process."""
    before = _children()
    spec = dist.PipelineSpec("auto")  # what the test's settings give: the same cached pipeline
    with (
        dist.local_cluster(2) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        client.wait_for_workers(2)
        warm = [
            client.submit(dist._warm_up, spec, workers=[address], allow_other_workers=False, pure=False)
            for address in client.scheduler_info()["workers"]
        ]
        yield local
        client.gather(warm)
    assert _children() <= before, "worker processes outlived their cluster"


@pytest.mark.model
def test_ingest_distributed_two_workers_store_equals_single_process(cluster, tmp_path):
    """Two workers store what one process stores; a rerun codes nothing; Parquet holds the same.

    The store run and the Parquet run take different parts of the corpus: the events and
    assessments components remember each document id they have seen (for pronouns), so a
    document coded twice in one process can come out differently the second time.
    """
    halves = {  # text, Markdown, HTML and JSONL (9 wire stories): 16 documents, 5,300 words
        "store": [str(CORPUS / name) for name in STORE_PART],
        "parquet": [str(CORPUS / name) for name in PARQUET_PART],
    }
    settings = load_settings(environ={}, model="auto")
    expected = {}
    for name, sources in halves.items():
        with Store.open(str(tmp_path / f"single-{name}.db")) as store:
            single = ingest(sources, store=store, settings=settings)
            assert single.failed == []
            expected[name] = (single.as_dict(), _normalised(_store_tables(store)))

    with Store.open(str(tmp_path / "dask.db")) as store:
        coded = ingest(halves["store"], store=store, settings=settings, scheduler=cluster.scheduler_address)
        assert (coded.as_dict(), _normalised(_store_tables(store))) == expected["store"]
        assert store.counts()["events"] > 50 and store.counts()["documents_not_annotated"] == 0

        again = ingest(halves["store"], store=store, settings=settings, scheduler=cluster.scheduler_address)
        assert (again.new, again.unchanged, again.annotated) == (0, coded.new, 0)
        assert _normalised(_store_tables(store)) == expected["store"][1]

    folder = tmp_path / "parquet"
    written = ingest(
        halves["parquet"], settings=settings, scheduler=cluster.scheduler_address, out_parquet=folder
    )
    assert (written.as_dict(), _normalised(_parquet_tables(folder))) == expected["parquet"]
    assert (coded.new, written.new) == (13, 3)


# a PETRARCH 2 verb dictionary that codes "airlifted medicine" as 0233 (humanitarian aid), which
# the built-in triggers do not
VERBS = "---  FERRY   [---]  ---\nFERRY\nAIRLIFT\n- * &FOOD [0233]\n&FOOD\n+FOOD\n+MEDICINE\n"
VERB_TEXTS = {
    "a.txt": "Russia airlifted medicine to Syria. Moscow said the flights would go on.",
    "b.txt": "China airlifted food to Nepal on Monday. Beijing condemned the delay at the border.",
    "c.txt": "Japan protested to China over the islands.",
}


def _verb_inputs(folder: Path) -> tuple[list[str], Path]:
    folder.mkdir()
    for name, text in VERB_TEXTS.items():
        (folder / name).write_text(text)
    verbs = folder.parent / "verbs.txt"
    verbs.write_text(VERBS)
    return [str(folder)], verbs


@pytest.mark.model
def test_ingest_distributed_two_workers_code_with_the_verb_dictionary(cluster, tmp_path):
    """Workers build the pipeline with the settings' verb dictionaries: they store what one process
    stores with them, and the documents' pipeline names the dictionary's digest."""
    sources, verbs = _verb_inputs(tmp_path / "inputs")
    settings = load_settings(environ={}, model="auto").replace(verb_dictionaries=(str(verbs),))
    with Store.open(str(tmp_path / "single.db")) as store:
        single = ingest(sources, store=store, settings=settings)
        expected = (single.as_dict(), _normalised(_store_tables(store)))

    with Store.open(str(tmp_path / "dask.db")) as store:
        coded = dist.ingest_batches(  # a batch per document, spread over both workers
            sources, store=store, settings=settings, scheduler=cluster.scheduler_address, batch_chars=1
        )
        assert (coded.as_dict(), _normalised(_store_tables(store))) == expected
        aid = [e for e in _store_tables(store)["events"] if e["cameo"] == "0233"]
        assert {(e["source_code"], e["target_code"]) for e in aid} == {("RUS", "SYR"), ("CHN", "NPL")}
        (pipeline,) = store.pipelines()
    identity = dist.PipelineSpec.from_settings(settings).events_identity()
    assert identity is not None and "[triggers:" in identity and f"+{identity}+" in pipeline
    assert pipeline == pipeline_fingerprint(load_pipeline("auto", verb_dictionaries=(str(verbs),)))


# -- without the model: the Dask path itself ---------------------------------------------------


def test_ingest_distributed_pipeline_spec_from_settings_pickles(tmp_path):
    settings = load_settings(
        environ={
            "DIPLOMAP_VERB_DICTIONARIES": "a.txt",
            "DIPLOMAP_VERB_DICTIONARY_PRIORITY": "dictionary",
            "DIPLOMAP_SKIP_BAD_VERB_LINES": "yes",
        },
        model="blank:en",
    )
    spec = dist.PipelineSpec.from_settings(settings)
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert (spec.verb_dictionaries, spec.verb_dictionary_priority, spec.skip_bad_verb_lines) == (
        ("a.txt",),
        "dictionary",
        True,
    )
    assert dist.PipelineSpec.from_settings(settings, run_pipeline=False).load() is None
    assert spec.verb_dictionary_files() == [{"path": "a.txt", "sha256": None}]
    assert spec.events_identity() is None  # cannot be read: no identity to promise


def test_cli_ingest_workers_with_a_verb_dictionary_and_info(tmp_path):
    """``ingest --workers 2 --verb-dictionary FILE`` codes with the dictionary on the workers; ``info``
    lists the dictionary and the identity the stored documents carry."""
    sources, verbs = _verb_inputs(tmp_path / "inputs")
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    args = ["--db", db, "--model", "blank:en"]
    result = runner.invoke(
        app, [*args, "ingest", *sources, "--workers", "2", "--verb-dictionary", str(verbs), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 3
    assert "verbs.txt" in result.stderr  # what the dictionary holds, said once on the client
    digest = hashlib.sha256(verbs.read_bytes()).hexdigest()[:16]
    with Store.open(db) as store:
        (pipeline,) = store.pipelines()
    assert pipeline == pipeline_fingerprint(load_pipeline("blank:en", verb_dictionaries=(str(verbs),)))

    env = {"DIPLOMAP_VERB_DICTIONARIES": str(verbs)}
    info = json.loads(runner.invoke(app, [*args, "info", "--json"], env=env).stdout)
    assert info["verb_dictionaries"] == [{"path": str(verbs), "sha256": digest}]
    assert info["events_component"] in pipeline and "[triggers:" in info["events_component"]
    assert info["annotated_by"] == {pipeline: 3}
    text = runner.invoke(app, [*args, "info"], env=env)
    assert f"verb dictionary: {verbs} (sha256 {digest})" in text.stdout
    assert f"events coded as: {info['events_component']}" in text.stdout


def _bad_inputs(folder: Path) -> list[str]:
    folder.mkdir(exist_ok=True)
    (folder / "empty.txt").write_text("")
    (folder / "wire.jsonl").write_text(
        json.dumps({"text": "Moscow wrote off the debt.", "date": "2014-05-06"}) + "\n{broken\n"
    )
    return [str(CORPUS), str(folder), str(folder / "absent.txt")]


def test_ingest_distributed_local_cluster_reports_like_single_process(tmp_path):
    settings = load_settings(environ={}, db=str(tmp_path / "one.db"), model="blank:en")
    sources = _bad_inputs(tmp_path)
    with Store.open(settings.db) as store:
        single = ingest(sources, store=store, settings=settings, run_pipeline=False)
        expected = _normalised(_store_tables(store))
    before = _children()
    progress: list[tuple[int, int]] = []
    with Store.open(str(tmp_path / "two.db")) as store:
        coded = ingest(
            sources,
            store=store,
            settings=settings,
            run_pipeline=False,
            workers=2,
            progress=lambda done, total: progress.append((done, total)),
        )
        assert _normalised(_store_tables(store)) == expected
    assert _children() <= before, "worker processes outlived their cluster"
    assert coded.as_dict() == single.as_dict()
    assert (coded.new, len(coded.failed)) == (26, 3)
    assert progress[-1][0] == progress[-1][1]


def test_ingest_batches_annotates_documents_stored_without_annotations(tmp_path):
    """A document stored with --no-nlp is annotated by a later run, keeping its stored sentences."""
    settings = load_settings(environ={}, db=str(tmp_path / "store.db"), model="blank:en")
    (tmp_path / "a.txt").write_text("Seoul protested to Tokyo on Monday. Beijing said nothing.")
    nlp = load_pipeline("blank:en", ("diplomap_test_capitals",))
    with Store.open(settings.db) as store:
        first = ingest([str(tmp_path)], store=store, settings=settings, run_pipeline=False)
        assert store.counts()["documents_not_annotated"] == 1
        report = dist.ingest_batches([str(tmp_path)], store=store, settings=settings, nlp=nlp)
        assert (first.new, report.new, report.annotated, report.unchanged) == (1, 0, 1, 0)
        assert store.counts()["documents_not_annotated"] == 0
        assert store.pipelines() == {pipeline_fingerprint(nlp): 1}
        assert len(store.sentences(store.list_documents()[0]["id"])) == 2
        again = dist.ingest_batches([str(tmp_path)], store=store, settings=settings, nlp=nlp)
        assert (again.new, again.annotated, again.unchanged) == (0, 0, 1)


def test_ingest_distributed_bad_scheduler_address_is_one_line_and_keeps_store(tmp_path, monkeypatch):
    settings = load_settings(environ={}, db=str(tmp_path / "store.db"), model="blank:en")
    (tmp_path / "a.txt").write_text("Seoul protested to Tokyo on Monday.")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with Store.open(settings.db) as store:
        ingest([str(tmp_path)], store=store, settings=settings, run_pipeline=False)
        with pytest.raises(ConfigError) as raised:
            dist.ingest_batches(
                [str(tmp_path)], store=store, settings=settings, scheduler=address, connect_timeout=1
            )
        with pytest.raises(ConfigError, match="not both"):
            ingest([str(tmp_path)], store=store, settings=settings, workers=2, scheduler=address)
        assert store.counts()["documents"] == 1
    message = str(raised.value)
    assert "\n" not in message and address in message and "dask scheduler" in message
    assert "--workers" in message

    monkeypatch.setattr(dist, "CONNECT_TIMEOUT", 1)
    result = CliRunner().invoke(app, ["--db", settings.db, "ingest", str(tmp_path), "--scheduler", address])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "dask scheduler" in result.stderr, result.stderr
    assert "Traceback" not in result.output


# -- Parquet -------------------------------------------------------------------------------------


def test_ingest_parquet_rows_equal_store_and_rerun_adds_nothing(tmp_path):
    settings = load_settings(environ={}, db=str(tmp_path / "store.db"), model="blank:en")
    sources = _bad_inputs(tmp_path / "inputs")
    with Store.open(settings.db) as store:
        ingest(sources, store=store, settings=settings, run_pipeline=False)
        expected = _normalised(_store_tables(store))
        counts = store.counts()
    folder = tmp_path / "parquet"
    written = ingest(sources, settings=settings, run_pipeline=False, workers=2, out_parquet=folder)
    assert (written.new, len(written.failed)) == (26, 3)
    tables = _parquet_tables(folder)
    assert {name: len(rows) for name, rows in tables.items() if name in counts} == {
        name: counts[name] for name in tables if name in counts
    }
    assert _normalised(tables) == expected
    for name, table in TABLES.items():  # the store's columns, in its order
        assert pq.read_schema(next((folder / name).glob("*.parquet"))).names == [
            c.name for c in table.columns
        ]
        assert pq.read_table(folder / name).schema.equals(parquet_schema(table))
    files = _parts(folder)

    again = ingest(sources, settings=settings, run_pipeline=False, out_parquet=folder)
    assert (again.new, again.unchanged, len(again.failed)) == (0, 26, 3)
    assert _parts(folder) == files


@Language.factory("diplomap_test_distributed_records")
def make_test_records(nlp: Language, name: str):
    """A stand-in for the coders: an event with an amount and an assessment in each "Moscow" sentence."""

    def component(doc):
        at = doc.text.find("Moscow")
        if at >= 0:
            money = QuantityRecord("money", 1e9, at, at + 6, "Moscow", currency="USD", value_usd=1e9)
            doc._.diplomap_events = [
                EventRecord("RUS", "071", at, at + 6, at, at + 6, target_code="PRK", quantities=(money,))
            ]
            doc._.diplomap_assessments = [AssessmentRecord(at, at + 6, "warming", "RUS", "PRK")]
        return doc

    return component


def test_ingest_parquet_annotation_rows_equal_store(tmp_path):
    nlp = load_pipeline("blank:en", ("diplomap_test_capitals", "diplomap_test_distributed_records"))
    (tmp_path / "a.txt").write_text("Seoul met Tokyo.\nThen Moscow wrote off the debt of Pyongyang.")
    (tmp_path / "b.txt").write_text("Moscow and Seoul talked. Moscow lent to Pyongyang.")
    settings = load_settings(environ={}, db=str(tmp_path / "store.db"), model="blank:en")
    with Store.open(settings.db) as store:
        ingest([str(tmp_path)], store=store, settings=settings, nlp=nlp)
        expected = _normalised(_store_tables(store))
    assert [len(expected[name]) for name in ("events", "quantities", "assessments")] == [3, 3, 3]
    written = ingest([str(tmp_path)], settings=settings, nlp=nlp, out_parquet=tmp_path / "parquet")
    assert written.new == 2
    assert _normalised(_parquet_tables(tmp_path / "parquet")) == expected


def test_ingest_parquet_ids_link_rows_and_are_stable(tmp_path):
    document = SourceDocument.build(
        "Seoul protested. Tokyo replied.", uri="a", format="text", metadata=Metadata()
    )
    for folder in (tmp_path / "one", tmp_path / "two"):
        with ParquetWriter(folder) as writer:
            assert writer.add_document(document, split_sentences(document.text), None)
            assert not writer.add_document(document, split_sentences(document.text), None)
    one, two = (pq.read_table(tmp_path / f / "sentences").to_pylist() for f in ("one", "two"))
    assert [r["id"] for r in one] == [r["id"] for r in two]
    assert len({r["id"] for r in one}) == 2 and all(0 < r["id"] < 2**63 for r in one)
    documents = pq.read_table(tmp_path / "one" / "documents").to_pylist()
    assert documents[0]["pipeline"] is None and documents[0]["annotated_at"] is None
    assert documents[0]["ingested_at"].tzinfo is not None


def test_ingest_parquet_interrupted_part_is_removed_and_recoded(tmp_path):
    folder = tmp_path / "parquet"
    first = SourceDocument.build("Seoul protested.", uri="a", format="text", metadata=Metadata())
    second = SourceDocument.build("Tokyo replied.", uri="b", format="text", metadata=Metadata())
    with ParquetWriter(folder) as writer:
        writer.add_document(first, split_sentences(first.text))
    # a second part whose documents file was never renamed into place, and a temporary file
    (folder / "sentences" / "part-interrupted-00000.parquet").write_bytes(b"partial")
    (folder / "events" / ".tmp-part-interrupted-00000.parquet").write_bytes(b"partial")
    with ParquetWriter(folder) as writer:
        assert writer.annotation_state([first.id, second.id]) == {first.id: None}
        writer.add_document(second, split_sentences(second.text))
    assert not any("interrupted" in name for name in _parts(folder))
    assert sorted(pq.read_table(folder / "documents").column("uri").to_pylist()) == ["a", "b"]


def test_ingest_parquet_small_parts_and_large_batches_are_scattered(tmp_path, monkeypatch):
    monkeypatch.setattr(dist, "_SCATTER_CHARS", 1)  # every batch goes to the cluster as data
    folder = tmp_path / "parquet"
    report = dist.ingest_batches(
        [str(CORPUS)],
        settings=load_settings(environ={}, model="blank:en"),
        out_parquet=folder,
        workers=1,
        run_pipeline=False,
        batch_chars=5_000,
        in_flight=2,
    )
    assert report.new == 25
    assert len(pq.read_table(folder / "documents")) == 25


def test_cli_ingest_workers_parquet_without_a_store(tmp_path):
    (tmp_path / "a.txt").write_text("Seoul protested to Tokyo on Monday.")
    folder = tmp_path / "out"
    runner = CliRunner()
    args = ["--db", str(tmp_path / "never.db"), "--model", "blank:en", "ingest", str(tmp_path / "a.txt")]
    result = runner.invoke(app, [*args, "--no-nlp", "--workers", "1", "--out-parquet", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 1
    assert not (tmp_path / "never.db").exists()
    assert pq.read_table(folder / "sentences").column("text").to_pylist() == [
        "Seoul protested to Tokyo on Monday."
    ]
    assert pq.read_table(folder / "documents").column("published").to_pylist() == [None]
