"""The pre-aggregated relations stay equal to the events under writes and re-annotation, both backends."""

import random
from datetime import date, timedelta

from sqlalchemy import select

from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.actors.grouping import counterpart
from diplomap.nlp.events.cameo import all_codes
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import EventRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.store import aggregates
from diplomap.store.schema import KEY_EVENTS_PER_MONTH, dyad_months, events, key_events

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


def _key_table(store):
    with store.engine.connect() as connection:
        rows = connection.execute(select(key_events)).all()
    found = {}
    for r in rows:
        found.setdefault((r.source_key, r.target_key, r.month, r.modality), set()).add(
            (r.event_id, r.magnitude)
        )
    return found


def _expected_keys(store):
    """Per pair, month and modality, the events of largest Goldstein magnitude (then lowest id)."""
    cells = {}
    with store.engine.connect() as connection:
        for r in connection.execute(select(events)):
            if r.source_code and r.target_code and r.date_start:
                cell = (
                    counterpart(r.source_code),
                    counterpart(r.target_code),
                    r.date_start.replace(day=1),
                    r.modality,
                )
                cells.setdefault(cell, []).append((-abs(r.goldstein or 0.0), r.id))
    return {
        cell: {(i, -m) for m, i in sorted(ranked)[:KEY_EVENTS_PER_MONTH]} for cell, ranked in cells.items()
    }


def test_store_aggregates_follow_writes_and_replacements(store):
    rng = random.Random(11)
    ids = []
    for number in range(12):
        text = " ".join(f"Sentence {number}.{i} about relations." for i in range(rng.randrange(1, 5)))
        document = SourceDocument.build(text, uri=f"{number}.txt", format="text", metadata=Metadata())
        sentences = split_sentences(document.text)
        store.add_document(document, sentences, _annotations(rng, sentences), pipeline="p1")
        ids.append(document.id)
    cameo = [c for c in all_codes() if len(c.code) == 3]
    for number in range(3):  # one busy month, so that its key events are a choice
        text = f"Busy month {number}: one. Two. Three."
        document = SourceDocument.build(text, uri=f"busy{number}.txt", format="text", metadata=Metadata())
        sentences = split_sentences(document.text)
        made = [
            SentenceAnnotations(
                events=tuple(
                    EventRecord(
                        rng.choice(("PRK", "PRKGOV")),
                        code.code,
                        0,
                        3,
                        target_code="CHN",
                        cameo_root=code.root,
                        quad_class=code.quad_class,
                        goldstein=code.goldstein,
                        modality="asserted",
                        date_start=date(2013, 5, 1 + i),
                        date_end=date(2013, 5, 1 + i),
                    )
                    for i, code in enumerate(rng.sample(cameo, 3))
                )
            )
            for _ in sentences
        ]
        store.add_document(document, sentences, made, pipeline="p1")
        ids.append(document.id)
    expected = _expected(store)
    assert expected and _table(store) == expected
    assert _key_table(store) == _expected_keys(store)
    assert any(len(kept) == KEY_EVENTS_PER_MONTH for kept in _key_table(store).values())  # some were cut
    for document_id in rng.sample(ids, 5):  # re-annotation: the old events are counted out
        sentences = store.sentences(document_id)
        store.replace_annotations(document_id, _annotations(rng, sentences), pipeline="p2")
    assert _table(store) == _expected(store)
    assert _key_table(store) == _expected_keys(store)
    keys = {key[:2] for key in _table(store)}
    assert ("PRK", "CHN") in keys or ("CHN", "PRK") in keys
    assert not any(k.startswith("IGOUNOHLH") or k == "PRKGOV" for pair in keys for k in pair)  # grouped
    before, keys_before = _table(store), _key_table(store)
    with store.engine.begin() as connection:
        aggregates.rebuild(connection)
        aggregates.rebuild_key_events(connection)
    assert _table(store) == before and _key_table(store) == keys_before
