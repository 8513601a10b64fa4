"""The pre-aggregated relations stay equal to the events under writes and re-annotation, both backends."""

import random
from datetime import date, timedelta

from sqlalchemy import select

from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.events.cameo import all_codes
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import EventRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.store import aggregates
from diplomap.store.schema import dyad_months, events

CODES = ["PRK", "PRKGOV", "CHN", "CHNMIL", "RUS", "IGOUNO", "IGOUNOHLHWHO", "IGOEUREECLEG", None]


def _annotations(rng, sentences):
    found = []
    cameo = [c for c in all_codes() if len(c.code) == 3]
    for _ in sentences:
        made = []
        for _ in range(rng.randrange(3)):
            code = rng.choice(cameo)
            day = None if rng.random() < 0.1 else date(2013, 1, 1) + timedelta(days=rng.randrange(700))
            made.append(
                EventRecord(
                    rng.choice(CODES),
                    code.code,
                    0,
                    3,
                    target_code=rng.choice(CODES),
                    cameo_root=code.root,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    modality=rng.choice(("asserted", "asserted", "negated")),
                    date_start=day,
                    date_end=day,
                )
            )
        found.append(SentenceAnnotations(events=tuple(made)))
    return found


def _table(store):
    with store.engine.connect() as connection:
        rows = connection.execute(select(dyad_months)).all()
    return {
        (r.source_key, r.target_key, r.month, r.modality, r.quad_class): (r.events, round(r.goldstein_sum, 6))
        for r in rows
    }


def _expected(store):
    with store.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(events))]
    return {key: (n, round(total, 6)) for key, (n, total) in aggregates.increments(rows).items()}


def test_store_aggregates_follow_writes_and_replacements(store):
    rng = random.Random(11)
    ids = []
    for number in range(12):
        text = " ".join(f"Sentence {number}.{i} about relations." for i in range(rng.randrange(1, 5)))
        document = SourceDocument.build(text, uri=f"{number}.txt", format="text", metadata=Metadata())
        sentences = split_sentences(document.text)
        store.add_document(document, sentences, _annotations(rng, sentences), pipeline="p1")
        ids.append(document.id)
    expected = _expected(store)
    assert expected and _table(store) == expected
    for document_id in rng.sample(ids, 5):  # re-annotation: the old events are counted out
        sentences = store.sentences(document_id)
        store.replace_annotations(document_id, _annotations(rng, sentences), pipeline="p2")
    assert _table(store) == _expected(store)
    keys = {key[:2] for key in _table(store)}
    assert ("PRK", "CHN") in keys or ("CHN", "PRK") in keys
    assert not any(k.startswith("IGOUNOHLH") or k == "PRKGOV" for pair in keys for k in pair)  # grouped
    before = _table(store)
    with store.engine.begin() as connection:
        aggregates.rebuild(connection)
    assert _table(store) == before
