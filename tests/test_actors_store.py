"""Actors end to end: the seeds ingested with the real model, mentions stored with their spans."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from diplomap.ingest.run import ingest
from diplomap.settings import load_settings
from diplomap.store.schema import documents, mentions

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.model
def test_actors_store_seeds_mentions_with_spans(store, db_url, seeds):
    settings = load_settings(environ={}, db=db_url)
    report = ingest([str(seeds)], store=store, settings=settings)
    assert report.new == 2
    expected = yaml.safe_load((FIXTURES / "seed_actors.yaml").read_text(encoding="utf-8"))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                documents.c.uri,
                documents.c.text,
                mentions.c.text,
                mentions.c.code,
                mentions.c.start,
                mentions.c.end,
            ).join(mentions, mentions.c.document_id == documents.c.id)
        ).all()
    by_file: dict[str, list[tuple[str, str | None]]] = {}
    for uri, text, mention, code, start, end in rows:
        assert text[start:end] == mention  # every stored span points at its text
        by_file.setdefault(Path(uri).name, []).append((mention, code))
    missing = {
        name: [w for w in wanted if not any(w["text"] in m and w["code"] == c for m, c in by_file[name])]
        for name, wanted in expected.items()
    }
    assert not any(missing.values()), missing
    unresolved = [m for name in by_file for m, c in by_file[name] if c is None]
    assert "the East Sea" in unresolved  # kept, not dropped
