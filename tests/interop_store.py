"""A hand-built store for the interop tests: events coded by hand, no spaCy model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.events.cameo import cameo
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import EventRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.store.repository import Store


@dataclass(frozen=True)
class Spec:
    source: str | None
    code: str
    target: str | None
    day: date | None
    modality: str = "asserted"
    publisher: str = "Harbour Wire"
    source_text: str = "Pyongyang"
    target_text: str = "Moscow"


SPECS = [
    Spec("PRK", "042", "RUS", date(2014, 5, 10)),
    Spec("RUSGOV", "071", "PRKGOVDIP", date(2014, 5, 20), publisher="Northern Rim", source_text="Moscow"),
    Spec("IGOUNO", "111", "PRK", date(2014, 6, 2), source_text="The UN", target_text="North Korea"),
    Spec("CHN", "163", "PRKGOV", date(2014, 7, 1), source_text="Beijing"),
    Spec("PRKMIL", "190", "KORMIL", date(2014, 7, 15)),
    Spec("PRK", "040", "RUS", date(2014, 6, 1), modality="negated"),
    Spec("RUS", "036", "PRK", None),  # no date: GDELT, ICEWS and PLOVER cannot hold it
]
ASSERTED_DATED = [s for s in SPECS if s.modality == "asserted" and s.day is not None]


def add_events(store: Store, specs: list[Spec] = SPECS) -> None:
    """One document per event; the event is in its second sentence, the source and target named in it."""
    for number, spec in enumerate(specs):
        sentence = f"{spec.source_text} met {spec.target_text} on day {number}."
        text = f"Report number {number} follows. {sentence}"
        document = SourceDocument.build(
            text,
            uri=f"https://news.example.org/{number}.html",
            format="html",
            metadata=Metadata(title=f"Report {number}", publisher=spec.publisher),
        )
        entry = cameo(spec.code)
        target_at = sentence.index(spec.target_text, len(spec.source_text))
        event = EventRecord(
            spec.source,
            spec.code,
            len(spec.source_text) + 1,
            len(spec.source_text) + 4,
            source_start=0,
            source_end=len(spec.source_text),
            target_code=spec.target,
            target_start=target_at if spec.target else None,
            target_end=target_at + len(spec.target_text) if spec.target else None,
            cameo_root=entry.root,
            plover_type=entry.plover_type,
            plover_mode=entry.plover_mode,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            modality=spec.modality,
            date_start=spec.day,
            date_end=spec.day,
            date_precision="day" if spec.day else None,
            coder="test.v1",
        )
        sentences = split_sentences(document.text)
        assert len(sentences) == 2, sentences
        store.add_document(
            document,
            sentences,
            [SentenceAnnotations(), SentenceAnnotations(events=(event,))],
            pipeline="test",
        )
