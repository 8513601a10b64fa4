import json
from datetime import date

import pytest

from diplomap.ingest.dates import parse_date
from diplomap.ingest.run import IngestReport, ingest
from diplomap.nlp.pipeline import load_pipeline
from diplomap.store.repository import Store

from .test_pipeline import make_test_capitals  # noqa: F401  (registers the test component)


def test_ingest_seeds_twice_stores_two_documents(settings, store, seeds):
    first = ingest([str(seeds)], store=store, settings=settings)
    second = ingest([str(seeds)], store=store, settings=settings)
    assert (first.new, first.unchanged, first.failed) == (2, 0, [])
    assert (second.new, second.unchanged, second.failed) == (0, 2, [])
    rows = {r["title"]: r for r in store.list_documents()}
    assert set(rows) == {
        "North Korea’s failing diplomacy in Europe, Russia and Japan",
        "North Korea: Seeking New Friends?",
    }
    lankov = rows["North Korea’s failing diplomacy in Europe, Russia and Japan"]
    mishra = rows["North Korea: Seeking New Friends?"]
    assert (lankov["author"], lankov["published"]) == ("Andrei Lankov", None)
    assert (mishra["author"], mishra["publisher"]) == ("Sandip Kumar Mishra", "East Asia Compass")
    assert (mishra["published"], mishra["published_precision"], mishra["published_source"]) == (
        "2014-08-04",
        "day",
        "header",
    )
    assert store.counts()["documents_not_annotated"] == 0


def test_ingest_user_date_fills_only_missing_dates(settings, store, seeds):
    report = ingest([str(seeds)], store=store, settings=settings, date=parse_date("2014-07"))
    assert report.new == 2
    dates = {
        r["author"]: (r["published"], r["published_precision"], r["published_source"])
        for r in store.list_documents()
    }
    assert dates == {
        "Andrei Lankov": ("2014-07-01", "month", "user"),
        "Sandip Kumar Mishra": ("2014-08-04", "day", "header"),
    }


def test_ingest_bad_inputs_reported_rest_stored(settings, store, tmp_path):
    (tmp_path / "good.txt").write_text("Seoul protested to Tokyo on Monday.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin.txt").write_bytes("Café diplomacy in Seoul.".encode("latin-1"))
    (tmp_path / "blob.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"text": "Moscow wrote off the debt.", "date": "2014-05-06"}) + "\n{broken\n"
    )
    report = ingest([str(tmp_path), str(tmp_path / "absent.txt")], store=store, settings=settings)
    assert (report.new, report.unchanged) == (2, 0)
    assert sorted(e.where.removeprefix(str(tmp_path) + "/") for e in report.failed) == [
        "absent.txt",
        "blob.md",
        "empty.txt",
        "latin.txt",
        "wire.jsonl:2",
    ]
    assert store.counts()["documents"] == 2
    assert not report.ok


def test_ingest_pipeline_results_are_stored_with_document_offsets(settings, store):
    text = "Pyongyang thanked Moscow.\nThen Seoul replied to Atlantis."
    path = store.engine.url.database  # any writable folder will do for the input file
    del path
    nlp = load_pipeline("blank:en", ("diplomap_test_capitals",))
    from pathlib import Path

    Path("note.txt").write_text(text)
    report = ingest(["note.txt"], store=store, settings=settings, nlp=nlp)
    assert report.new == 1
    (row,) = store.list_documents()
    assert row["pipeline"].endswith("+diplomap_test_capitals")
    from sqlalchemy import select

    from diplomap.store.schema import mentions

    with store.engine.connect() as connection:
        found = connection.execute(select(mentions).order_by(mentions.c.start)).all()
    stored_text = store.document_text(row["id"])
    assert [(m.text, m.code) for m in found] == [
        ("Pyongyang", "PRK"),
        ("Moscow", "RUS"),
        ("Seoul", "KOR"),
        ("Atlantis", None),
    ]
    assert all(stored_text[m.start : m.end] == m.text for m in found)


def test_ingest_without_nlp_then_with_annotates_the_stored(settings, store, seeds):
    report = ingest([str(seeds)], store=store, settings=settings, run_pipeline=False)
    assert report.new == 2 and store.counts()["documents_not_annotated"] == 2
    report = ingest([str(seeds)], store=store, settings=settings)
    assert (report.new, report.annotated, report.unchanged) == (0, 2, 0)
    assert store.counts()["documents_not_annotated"] == 0


def test_ingest_interrupted_keeps_whole_documents_and_resumes(settings, store, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(12):
        (corpus / f"{number:03d}.txt").write_text(f"Report {number}. Seoul met Tokyo {number} times.")
    small = settings.replace(batch_size=4)  # several flushes before the interruption

    def interrupt_after_seven(done: int, total: int) -> None:
        if done == 7:
            raise KeyboardInterrupt

    report = IngestReport()
    with pytest.raises(KeyboardInterrupt):
        ingest([str(corpus)], store=store, settings=small, progress=interrupt_after_seven, report=report)
    stored = store.counts()
    assert stored["documents"] == report.new and 0 < report.new < 12
    assert stored["sentences"] == 2 * stored["documents"]  # no document half-written
    again = ingest([str(corpus)], store=store, settings=small)
    assert (again.new, again.unchanged) == (12 - report.new, report.new)
    assert store.counts()["documents"] == 12


def test_ingest_same_text_twice_in_one_run(settings, store, tmp_path):
    (tmp_path / "a.txt").write_text("Seoul protested.\n")
    (tmp_path / "b.txt").write_text("Seoul   protested.\r\n\r\n")
    report = ingest([str(tmp_path)], store=store, settings=settings)
    assert (report.new, report.unchanged) == (1, 1)


def test_ingest_jsonl_explicit_metadata(settings, store, tmp_path):
    line = {
        "text": "Russia wrote off US$10 billion.",
        "title": "Debt",
        "date": "2014-05-06",
        "url": "https://example.org/debt",
        "author": "Desk",
        "publisher": "Harbour Wire",
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(line) + "\n")
    ingest([str(tmp_path / "wire.jsonl")], store=store, settings=settings)
    (row,) = store.list_documents()
    assert (row["uri"], row["title"], row["author"], row["publisher"]) == (
        "https://example.org/debt",
        "Debt",
        "Desk",
        "Harbour Wire",
    )
    assert (row["published"], row["published_source"]) == (date(2014, 5, 6).isoformat(), "explicit")


def test_ingest_store_reopened_sees_documents(settings, db_url, seeds):
    with Store.open(db_url) as store:
        ingest([str(seeds)], store=store, settings=settings, run_pipeline=False)
    with Store.open(db_url) as store:
        assert store.counts()["documents"] == 2


def test_ingest_codes_with_the_verb_dictionaries_in_settings(settings, store, tmp_path):
    """The library ``ingest`` builds its pipeline with ``settings.verb_dictionaries`` (no CLI needed)."""
    from diplomap.errors import DictionaryError
    from diplomap.nlp.pipeline import PipelineSpec, pipeline_fingerprint

    verbs = tmp_path / "verbs.txt"
    verbs.write_text("---  FERRY   [---]  ---\nFERRY\nAIRLIFT\n- * &FOOD [0233]\n&FOOD\n+MEDICINE\n")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "a.txt").write_text("Russia airlifted medicine to Syria.")
    with_verbs = settings.replace(verb_dictionaries=(str(verbs),))

    report = ingest([str(tmp_path / "inputs")], store=store, settings=with_verbs)
    assert report.new == 1
    expected = pipeline_fingerprint(load_pipeline("blank:en", verb_dictionaries=(str(verbs),)))
    assert store.pipelines() == {expected: 1}
    identity = PipelineSpec.from_settings(with_verbs).events_identity()
    assert identity is not None and f"+{identity}+" in expected and "[triggers:" in identity
    assert identity not in pipeline_fingerprint(load_pipeline("blank:en"))

    missing = settings.replace(verb_dictionaries=(str(tmp_path / "absent.txt"),))
    with pytest.raises(DictionaryError, match="no such verb dictionary") as raised:
        ingest([str(tmp_path / "inputs")], store=store, settings=missing, run_pipeline=True)
    assert "\n" not in str(raised.value) and "absent.txt" in str(raised.value)
