from datetime import date

import pytest
import sqlalchemy
from sqlalchemy import select

from diplomap.errors import NotFoundError, StoreError
from diplomap.ingest.dates import PublicationDate
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import AssessmentRecord, EventRecord, MentionRecord, QuantityRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.store.repository import Store
from diplomap.store.schema import events, mentions, quantities

TEXT = "North Korea fired missiles.\nRussia wrote off US$10 billion in loans to North Korea."


def make_document(text: str = TEXT) -> SourceDocument:
    metadata = Metadata(
        title="T",
        author="A",
        publisher="P",
        published=PublicationDate(date(2014, 5, 1), "month"),
        published_source="header",
    )
    return SourceDocument.build(text, uri="t.txt", format="text", metadata=metadata)


def annotations_for(sentences):
    second = sentences[1].text
    money = second.index("US$10 billion")
    return [
        SentenceAnnotations(mentions=(MentionRecord(0, 11, "North Korea", "PRK", "PRK", (), "country"),)),
        SentenceAnnotations(
            mentions=(
                MentionRecord(0, 6, "Russia", "RUS", "RUS", (), "country"),
                MentionRecord(second.index("loans"), second.index("loans") + 5, "loans"),
            ),
            events=(
                EventRecord(
                    "RUS",
                    "0712",
                    7,
                    16,
                    source_start=0,
                    source_end=6,
                    target_code="PRK",
                    target_start=len(second) - 12,
                    target_end=len(second) - 1,
                    quantities=(
                        QuantityRecord(
                            "money", 1e10, money, money + 13, "US$10 billion", currency="USD", value_usd=1e10
                        ),
                    ),
                ),
            ),
            assessments=(AssessmentRecord(0, len(second), "warming", "RUS", "PRK"),),
        ),
    ]


def test_store_document_with_annotations_round_trips(store):
    document = make_document()
    sentences = split_sentences(document.text)
    assert store.add_document(document, sentences, annotations_for(sentences), pipeline="p-1")
    counts = store.counts()
    assert counts == {
        "documents": 1,
        "sentences": 2,
        "mentions": 3,
        "events": 1,
        "assessments": 1,
        "unresolved_mentions": 1,
        "documents_not_annotated": 0,
    }
    with store.engine.connect() as connection:
        event = connection.execute(select(events)).one()
        quantity = connection.execute(select(quantities)).one()
        unresolved = connection.execute(select(mentions).where(mentions.c.code.is_(None))).one()
    # offsets are into the document text
    assert document.text[event.source_start : event.source_end] == "Russia"
    assert document.text[event.target_start : event.target_end] == "North Korea"
    assert document.text[event.trigger_start : event.trigger_end] == "wrote off"
    assert event.cameo_root == "07"
    assert document.text[quantity.start : quantity.end] == "US$10 billion"
    assert unresolved.text == "loans" and document.text[unresolved.start : unresolved.end] == "loans"
    shown = store.get_document(document.id[:6])
    assert shown["published"] == "2014-05-01" and shown["published_precision"] == "month"
    assert [s["text"] for s in shown["sentences"]] == [s.text for s in sentences]
    assert shown["pipeline"] == "p-1"


def test_store_same_document_twice_is_stored_once(store):
    document = make_document()
    sentences = split_sentences(document.text)
    assert store.add_document(document, sentences)
    assert not store.add_document(document, sentences)
    assert store.counts()["documents"] == 1
    assert store.annotation_state([document.id, "f" * 32]) == {document.id: None}


def test_store_failed_write_leaves_nothing(store):
    document = make_document()
    sentences = split_sentences(document.text)
    with pytest.raises(ValueError, match="annotations for"):
        store.add_document(document, sentences, annotations_for(sentences)[:1], pipeline="p")
    assert store.counts()["documents"] == 0 and store.counts()["sentences"] == 0
    bad = annotations_for(sentences)
    bad[1] = SentenceAnnotations(events=(EventRecord("RUS", "0712" * 5, 0, 1),))  # too long for the column
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(sqlalchemy.exc.DataError):
            store.add_document(document, sentences, bad, pipeline="p")
        assert store.counts()["documents"] == 0 and store.counts()["mentions"] == 0


def test_store_replace_annotations_swaps_them(store):
    document = make_document()
    sentences = split_sentences(document.text)
    store.add_document(document, sentences)
    assert store.counts()["documents_not_annotated"] == 1
    store.replace_annotations(document.id, annotations_for(sentences), pipeline="p-2")
    store.replace_annotations(document.id, annotations_for(sentences), pipeline="p-3")
    counts = store.counts()
    assert (counts["mentions"], counts["events"], counts["documents_not_annotated"]) == (3, 1, 0)
    assert store.pipelines() == {"p-3": 1}


def test_store_id_lookup_errors(store):
    store.add_document(make_document(), split_sentences(TEXT))
    with pytest.raises(NotFoundError, match="no document"):
        store.get_document("abcd1234")
    with pytest.raises(NotFoundError, match="at least 4 hex"):
        store.get_document("xyz")
    with pytest.raises(NotFoundError, match="not a document id"):
        store.resolve_id("%%%%")


def test_store_list_documents(store):
    for text in ("One sentence here.", "Two sentences. Here."):
        store.add_document(make_document(text), split_sentences(text))
    rows = store.list_documents()
    assert [r["n_sentences"] for r in rows] == [1, 2]
    assert store.list_documents(limit=1, offset=1)[0]["n_sentences"] == 2


def test_store_bad_locations_are_clear(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(str(tmp_path))
    not_a_db = tmp_path / "text.db"
    not_a_db.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(str(not_a_db))
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open("postgresql+psycopg://nobody:x@127.0.0.1:1/none")


def test_store_other_schema_version_refused(tmp_path):
    path = str(tmp_path / "old.db")
    Store.open(path).close()
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE properties SET value='0' WHERE key='schema_version'")
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 0"):
        Store.open(path)


def test_store_schema_1_is_upgraded_in_place_keeping_its_data(tmp_path):
    path = str(tmp_path / "v1.db")
    document = make_document()
    with Store.open(path) as store:
        sentences = split_sentences(document.text)
        store.add_document(document, sentences, annotations_for(sentences), pipeline="p-1")
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # make it a version 1 store: no aspect or cue columns
        connection.exec_driver_sql("ALTER TABLE assessments DROP COLUMN aspect")
        connection.exec_driver_sql("ALTER TABLE assessments DROP COLUMN cue")
        connection.exec_driver_sql("UPDATE properties SET value='1' WHERE key='schema_version'")
    engine.dispose()
    with Store.open(path) as store:
        assert store.counts()["documents"] == 1
        assert store.counts()["assessments"] == 1
        columns = {c["name"] for c in sqlalchemy.inspect(store.engine).get_columns("assessments")}
        assert {"aspect", "cue"} <= columns
        with store.engine.connect() as connection:
            version = connection.exec_driver_sql(
                "SELECT value FROM properties WHERE key='schema_version'"
            ).scalar()
        assert version == "3"
