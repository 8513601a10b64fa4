"""The JSON the API returns and accepts, as pydantic models: they make the OpenAPI schema.

Field names follow the library's ``as_dict()`` records, so the API, the CLI's
``--json`` and the Python API read alike. Character offsets in a document's
view (sentences, mentions, event triggers, assessment cues) are into the
document's text; in an event's evidence, ``trigger`` is into its sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "Actor",
    "Assessment",
    "Counts",
    "DocumentDetail",
    "DocumentPage",
    "DocumentSummary",
    "DyadPeriod",
    "DyadSeries",
    "EventDetail",
    "EventItem",
    "EventPage",
    "IngestResult",
    "IngestedDocument",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "NewDocument",
    "Partner",
    "Partners",
    "Quantity",
    "SentenceAssessment",
    "SentenceEvent",
    "SentenceMention",
    "SentenceView",
    "Shift",
    "UnresolvedName",
]


def _as_utc(value: dt.datetime) -> dt.datetime:
    """The store writes UTC; SQLite gives it back without its zone, which RFC 3339 needs."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


Timestamp = Annotated[dt.datetime, AfterValidator(_as_utc)]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- documents ---------------------------------------------------------------------------------


class _DocumentFields(_Out):
    id: str = Field(description="Hash of the normalised text; its first characters (4 or more) also work.")
    uri: str = Field(description="File path, URL, file:line for JSONL, or 'api' when posted as text.")
    format: str
    title: str | None
    author: str | None
    publisher: str | None
    published: dt.date | None = Field(description="First day of the month or year when less precise.")
    published_precision: str | None = Field(description="day, month or year.")
    published_source: str | None = Field(description="explicit, header or user.")
    n_chars: int
    ingested_at: Timestamp
    pipeline: str | None = Field(description="Model and components that annotated it; null: not yet.")


class DocumentSummary(_DocumentFields):
    n_sentences: int


class DocumentPage(_Out):
    items: list[DocumentSummary]
    next_offset: int | None = Field(description="offset of the next page; null on the last one.")


class SentenceMention(_Out):
    id: int
    start: int
    end: int
    text: str
    code: str | None = Field(description="CAMEO-style actor code; null when unresolved.")
    country: str | None
    sectors: list[str]
    kind: str
    person_id: str | None
    how: str | None
    confidence: float | None


class SentenceEvent(_Out):
    id: int
    source: str | None
    target: str | None
    cameo: str
    quad_class: int | None
    goldstein: float | None
    modality: str
    date: dt.date | None
    trigger_start: int
    trigger_end: int
    cluster_id: int | None


class SentenceAssessment(_Out):
    id: int
    source: str | None
    target: str | None
    state: str
    aspect: str | None
    cue: str | None
    holder_code: str | None = Field(description="null: the document's author holds it.")
    holder_text: str | None
    date: dt.date | None
    start: int
    end: int


class SentenceView(_Out):
    index: int
    start: int
    end: int
    text: str
    mentions: list[SentenceMention]
    events: list[SentenceEvent]
    assessments: list[SentenceAssessment]


class DocumentDetail(_DocumentFields):
    text: str
    annotated_at: Timestamp | None
    sentences: list[SentenceView]


class NewDocument(BaseModel):
    """A document to ingest: its ``text``, or a ``url`` to fetch (public addresses only)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="The document's text.")
    url: str | None = Field(
        default=None,
        description="Without text: the http(s) address to fetch. With text: where the text came from.",
    )
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = Field(
        default=None,
        description="Publication date (YYYY-MM-DD, YYYY-MM or YYYY); for a fetched page, used when it "
        "carries no date of its own, like its title, author and publisher.",
    )


class IngestedDocument(_Out):
    id: str
    title: str | None
    status: Literal["new", "unchanged", "annotated"] = Field(
        description="new: stored now; unchanged: already stored; annotated: stored before, annotated now."
    )


class IngestResult(_Out):
    documents: list[IngestedDocument]
    errors: list[str] = Field(description="Parts of a fetched URL that could not be read (JSONL lines).")


# -- events ------------------------------------------------------------------------------------


class EventItem(_Out):
    id: int
    date: dt.date | None
    date_how: str | None
    source: str | None
    target: str | None
    cameo: str
    cameo_name: str
    quad_class: int | None = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
    )
    goldstein: float | None
    modality: str
    sentence: str
    trigger: tuple[int, int] = Field(description="Start and end of the trigger in `sentence`.")
    document_id: str
    title: str | None
    author: str | None
    publisher: str | None
    cluster_id: int | None = Field(description="Reports of one event share it (diplomap corroborate).")


class EventPage(_Out):
    items: list[EventItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class Quantity(_Out):
    kind: str
    value: float
    unit: str | None
    currency: str | None
    value_usd: float | None
    start: int
    end: int
    text: str


class EventDetail(EventItem):
    cameo_root: str
    plover_type: str | None
    plover_mode: str | None
    reporter: str | None
    date_end: dt.date | None
    date_precision: str | None
    coder: str | None
    confidence: float | None
    quantities: list[Quantity]
    corroborating: list[EventItem] = Field(description="Other reports of the same event (same cluster).")


# -- actors and relations ----------------------------------------------------------------------


class Actor(_Out):
    code: str
    name: str
    country: str | None
    mentions: int
    documents: int
    example: str | None


class UnresolvedName(_Out):
    text: str
    how: str | None
    mentions: int
    documents: int


class DyadPeriod(_Out):
    period: str
    start: dt.date
    end: dt.date
    events: int
    distinct_events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    by_root: dict[str, int]
    goldstein_sum: float
    goldstein_mean: float | None
    documents: int
    publishers: int
    event_ids: list[int]


class DyadSeries(_Out):
    a: str
    b: str
    directed: bool
    by: str
    modalities: list[str]
    periods: list[DyadPeriod]


class Partner(_Out):
    code: str
    name: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    previous_events: int
    previous_goldstein_mean: float | None
    change: float | None
    trend: str = Field(description="warming, cooling, steady, new, gone, or assessed (statements only).")
    assessments: int
    assessed_score: float | None
    assessed_states: list[str]
    key_events: list[int] = Field(description="The events that say most (largest Goldstein magnitude).")
    events_url: str = Field(description="The API query that lists every event behind these numbers.")


class Partners(_Out):
    actor: str
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    partners: list[Partner]


class Shift(_Out):
    counterpart: str
    period: str
    day: dt.date
    direction: str
    before_mean: float
    after_mean: float
    change: float
    before_events: int
    after_events: int
    p_value: float
    drivers: list[int]


class Assessment(_Out):
    id: int
    counterpart: str
    source: str | None
    target: str | None
    state: str
    score: float
    aspect: str | None
    cue: str | None
    holder: str
    holder_code: str | None
    date: dt.date | None
    document_id: str
    title: str | None
    publisher: str | None
    sentence: str


class NetworkNode(_Out):
    id: str
    events: int


class NetworkEdge(_Out):
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    goldstein_mean: float
    event_ids: list[int]


class Network(_Out):
    """networkx node-link data (``nx.node_link_graph(data, edges="edges")`` reads it back)."""

    directed: bool
    multigraph: bool
    graph: dict[str, str]
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class Counts(_Out):
    documents: int
    sentences: int
    mentions: int
    events: int
    assessments: int
    unresolved_mentions: int
    documents_not_annotated: int
