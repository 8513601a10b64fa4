"""A generated store of N events for query and page benchmarks (no NLP: rows are written directly).

The mix: 60 actors (countries, a few with sector codes, three IGOs) drawn
with Zipf-like weights so a few relations dominate, as in news; CAMEO codes
drawn from the whole table; dates spread over 2000-2019; 10 events per
document, one sentence per event, 20 publishers; 95% asserted. Seeded, so a
run is repeatable.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from diplomap.nlp.events.cameo import all_codes
from diplomap.store import aggregates
from diplomap.store.repository import Store
from diplomap.store.schema import documents, events, sentences

COUNTRIES = [
    "PRK",
    "CHN",
    "USA",
    "KOR",
    "JPN",
    "RUS",
    "GBR",
    "FRA",
    "DEU",
    "IND",
    "PAK",
    "IRN",
    "IRQ",
    "SYR",
    "ISR",
    "PSE",
    "EGY",
    "TUR",
    "SAU",
    "UKR",
    "POL",
    "ITA",
    "ESP",
    "CAN",
    "MEX",
    "BRA",
    "ARG",
    "VNM",
    "PHL",
    "IDN",
    "MYS",
    "THA",
    "MMR",
    "AFG",
    "NGA",
    "ZAF",
    "ETH",
    "KEN",
    "SDN",
    "LBY",
    "YEM",
    "QAT",
    "ARE",
    "JOR",
    "LBN",
    "CUB",
    "VEN",
    "COL",
    "AUS",
    "NZL",
    "MNG",
    "KAZ",
    "UZB",
    "GEO",
    "AZE",
    "ARM",
]
ORGANISATIONS = ("IGOUNO", "IGOEUREEC", "IGOWSTNAT")
SECTORS = ("", "", "", "GOV", "MIL", "GOVDIP", "OPP")
MODALITIES = ("asserted",) * 19 + ("negated",)
BATCH = 20_000


def _actor(rng: random.Random, weights: list[float]) -> str:
    code = rng.choices(COUNTRIES + list(ORGANISATIONS), weights)[0]
    return code if code.startswith("IGO") else code + rng.choice(SECTORS)


def generate_store(store: Store, n_events: int, *, seed: int = 7, events_per_document: int = 10) -> None:
    """Fill an empty ``store`` with ``n_events`` events (and their documents and sentences)."""
    rng = random.Random(seed)
    codes = [c for c in all_codes() if len(c.code) >= 3]
    weights = [1.0 / (rank + 1) for rank in range(len(COUNTRIES) + len(ORGANISATIONS))]
    first = date(2000, 1, 1)
    now = datetime(2020, 1, 1, tzinfo=UTC)
    n_documents = (n_events + events_per_document - 1) // events_per_document
    with store.engine.begin() as connection:
        for at in range(0, n_documents, BATCH // events_per_document):
            doc_rows, sentence_rows, event_rows = [], [], []
            for number in range(at, min(n_documents, at + BATCH // events_per_document)):
                doc_id = f"{number:032x}"
                published = first + timedelta(days=rng.randrange(20 * 365))
                texts = []
                for index in range(events_per_document):
                    if number * events_per_document + index >= n_events:
                        break
                    source, target = _actor(rng, weights), _actor(rng, weights)
                    while target[:3] == source[:3]:
                        target = _actor(rng, weights)
                    code = rng.choice(codes)
                    text = f"Sentence {index}: {source} acted ({code.name}) toward {target}."
                    offset = sum(len(t) + 1 for t in texts)
                    texts.append(text)
                    sentence_id = number * events_per_document + index + 1
                    sentence_rows.append(
                        {
                            "id": sentence_id,
                            "document_id": doc_id,
                            "index": index,
                            "start": offset,
                            "end": offset + len(text),
                            "text": text,
                        }
                    )
                    day = published - timedelta(days=rng.randrange(3))
                    event_rows.append(
                        {
                            "id": sentence_id,
                            "document_id": doc_id,
                            "sentence_id": sentence_id,
                            "source_code": source,
                            "target_code": target,
                            "cameo": code.code,
                            "cameo_root": code.root,
                            "plover_type": code.plover_type,
                            "quad_class": code.quad_class,
                            "goldstein": code.goldstein,
                            "modality": rng.choice(MODALITIES),
                            "date_start": day,
                            "date_end": day,
                            "date_precision": "day",
                            "trigger_start": offset + 13,
                            "trigger_end": offset + 18,
                            "coder": "synthetic",
                        }
                    )
                text = " ".join(texts)
                doc_rows.append(
                    {
                        "id": doc_id,
                        "uri": f"synthetic:{number}",
                        "format": "text",
                        "title": f"Synthetic report {number}",
                        "publisher": f"Publisher {rng.randrange(20)}",
                        "published": published,
                        "published_precision": "day",
                        "text": text,
                        "n_chars": len(text),
                        "ingested_at": now,
                        "pipeline": "synthetic",
                        "annotated_at": now,
                    }
                )
            connection.execute(insert(documents), doc_rows)
            connection.execute(insert(sentences), sentence_rows)
            connection.execute(insert(events), event_rows)
            aggregates.count_events(connection, event_rows)
        aggregates.rebuild_key_events(connection)
