"""The seeds' events as a careful human coder takes them (tests/fixtures/seed_events.yaml):
the coder must find at least 80% of them, with the right dyad."""

from pathlib import Path

import pytest
import yaml

from diplomap.ingest.sources import Source, read_source
from diplomap.nlp.pipeline import annotate, load_pipeline
from diplomap.nlp.records import DocumentContext
from diplomap.nlp.sentences import split_sentences

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).parent / "fixtures"
RECALL_FLOOR = 0.8


def coded_events(path: Path):
    (document,) = read_source(Source(str(path)), max_bytes=10**7, timeout=1)
    published = document.metadata.published
    context = DocumentContext(
        document_id=document.id,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        text=document.text,
    )
    sentences = split_sentences(document.text)
    nlp = load_pipeline("auto")
    for sentence, found in zip(
        sentences, annotate(nlp, [(s.text, context) for s in sentences], batch_size=32), strict=True
    ):
        for event in found.events:
            yield sentence.text, event


def matches(expected, sentence, event) -> bool:
    modality = expected.get("modality")
    return (
        expected["sentence"] in sentence
        and (event.source_code or "")[:3] == expected["source"]
        and ((event.target_code or "")[:3] or None) == expected["target"]
        and event.cameo_root in expected["roots"]
        and (modality is None or event.modality in modality)
    )


def test_events_seeds_recall_with_correct_dyads(seeds):
    expected = yaml.safe_load((FIXTURES / "seed_events.yaml").read_text(encoding="utf-8"))
    found, missed = 0, []
    for name, wanted in expected.items():
        coded = list(coded_events(seeds / name))
        used: set[int] = set()
        for item in wanted:
            hit = next((i for i, (s, e) in enumerate(coded) if i not in used and matches(item, s, e)), None)
            if hit is None:
                missed.append(f"{name}: {item}")
            else:
                used.add(hit)
                found += 1
    total = sum(len(w) for w in expected.values())
    recall = found / total
    print(f"seed events recall: {found}/{total} = {recall:.2f}; missed: {missed}")
    assert recall >= RECALL_FLOOR, missed
