"""Bounded memory of bulk coding: what a worker keeps does not grow with the corpus (issue #7)."""

from diplomap.ingest import distributed as dist
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.sentences import _segmenter, split_sentences


def _job(n: int) -> dist.Job:
    text = f"Dispatch {n:08d}/zq{n} was filed in Geneva. It listed {n * 7919:,} refugees."
    return dist.Job(SourceDocument.build(text, uri=f"text:{n}", format="text", metadata=Metadata()))


def test_ingest_distributed_splitting_keeps_no_new_words_in_the_worker():
    split_sentences("Warm up. The splitter is loaded.")
    strings = _segmenter().vocab.strings
    before = len(strings)
    coded = dist.code_documents(None, [_job(n) for n in range(300)], batch_size=64)
    # sentences are plain values, whole after the batch's words are freed
    assert [len(d.sentences) for d in coded.documents] == [2] * 300
    first = coded.documents[7].sentences
    assert [s.text for s in first] == [
        "Dispatch 00000007/zq7 was filed in Geneva.",
        "It listed 55,433 refugees.",
    ]
    # every document brings new words (its number); a worker that kept them would grow without end
    assert len(strings) - before < 10
