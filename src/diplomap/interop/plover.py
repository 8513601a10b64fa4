"""PLOVER 2.0 JSON records (one a line), with the field names of the PLOVER manual's "Data fields".

Each record has ``id``, ``date`` (and ``enddate`` when the event spans days), ``actor`` and
``recipient`` (lists of entity objects: ``code`` the country, organisation or region, ``sector``
the first sector, ``entity_text`` the words of the sentence, plus ``country`` and our ``full_code``),
``event`` (the PLOVER category, a list of one), ``mode`` and ``context`` (lists), ``quad_code``,
``event_scale`` (the Goldstein score), ``event_text`` (the sentence, a list of one), ``text_info``
(sentence number and character offsets in the story), ``cite_info`` (url, title, publication,
language, coder, codebook) and ``coder``. Beyond the manual, as it allows: ``story_id`` (our
document id, POLECAT's name for it), ``cameo`` (our CAMEO code), ``modality`` and
``date_precision``. Events without a date or without a PLOVER category (CAMEO roots 01 and 02,
which PLOVER dropped) are not written.
"""

from __future__ import annotations

from typing import Any

from diplomap.interop._codes import split_actor
from diplomap.interop._markdown import field_table
from diplomap.interop.ours import mention_text
from diplomap.nlp.events.cameo import cameo

__all__ = ["PLOVER_FIELDS", "plover_dictionary", "plover_record"]

PLOVER_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "diplomap-<event id>"),
    ("date", "the event's first day, YYYY-MM-DD"),
    ("enddate", "its last day, when it differs"),
    ("actor", "list of one entity: the source (code, sector, entity_text, country, full_code)"),
    ("recipient", "list of one entity: the target (empty list when there is none)"),
    ("event", "list of one PLOVER 2.0 category (CONSULT)"),
    ("mode", "list of PLOVER modes the CAMEO code gives (may be empty)"),
    ("context", "list of PLOVER contexts the CAMEO code gives (may be empty)"),
    ("quad_code", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    ("event_scale", "Goldstein score of the CAMEO code"),
    ("event_text", "list of one text: the sentence that states the event"),
    ("text_info", "sequence (sentence number from 0), start and end (character offsets in the story)"),
    ("cite_info", "citation (document id), url, title, publication, language, coder, codebook"),
    ("coder", "the diplomap component that coded it"),
    ("story_id", "our document id (as POLECAT names it)"),
    ("cameo", "our CAMEO code (042)"),
    ("modality", "asserted, negated, hedged, planned or assessment"),
    ("date_precision", "day, month or year"),
)


def plover_dictionary() -> str:
    """The field table as Markdown."""
    return field_table(
        "PLOVER records written by diplomap",
        "JSON lines, one event each, with these fields (PLOVER 2.0 manual, chapter Data fields).",
        PLOVER_FIELDS,
        numbered=False,
    )


def _entity(code: str | None, text: str | None) -> list[dict[str, Any]]:
    if not code:
        return []
    parts = split_actor(code)
    return [
        {
            "code": parts.country or parts.organisation or code[:3],
            "sector": parts.sectors[0] if parts.sectors else None,
            "entity_text": text,
            "country": parts.country,
            "full_code": code,
        }
    ]


def plover_record(row: dict[str, Any]) -> dict[str, Any] | None:
    """The PLOVER record of one exported event row; None without a date or PLOVER category."""
    code = cameo(row["cameo"])
    category = row["plover_type"] or code.plover_type
    if row["date_start"] is None or not category:
        return None
    mode = row["plover_mode"] or code.plover_mode
    end = row["date_end"]
    text: str = row["sentence_text"]
    return {
        "id": f"diplomap-{row['id']}",
        "date": row["date_start"].isoformat(),
        "enddate": end.isoformat() if end and end != row["date_start"] else None,
        "actor": _entity(row["source_code"], mention_text(row, "source")),
        "recipient": _entity(row["target_code"], mention_text(row, "target")),
        "event": [category],
        "mode": [mode] if mode else [],
        "context": [code.plover_context] if code.plover_context else [],
        "quad_code": row["quad_class"] or code.quad_class,
        "event_scale": row["goldstein"] if row["goldstein"] is not None else code.goldstein,
        "event_text": [text],
        "text_info": {
            "sequence": row["sentence_index"],
            "start": row["sentence_start"],
            "end": row["sentence_start"] + len(text),
        },
        "cite_info": {
            "citation": row["document_id"],
            "url": row["document_uri"],
            "title": row["document_title"],
            "publication": row["document_publisher"],
            "language": row["document_language"],
            "coder": "diplomap",
            "codebook": "plover-2.0",
        },
        "coder": row["coder"],
        "story_id": row["document_id"],
        "cameo": row["cameo"],
        "modality": row["modality"],
        "date_precision": row["date_precision"],
    }
