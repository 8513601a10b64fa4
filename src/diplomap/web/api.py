"""The JSON API, mounted at ``/api``: thin routes over the store and the analyses.

Each route reads its parameters (:mod:`diplomap.web.params`: a bad one is a
422 naming it), calls one library function, and returns its records as the
models of :mod:`diplomap.web.models`. Writing (``POST /documents``) needs the
server's token; without one the server is read-only.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from diplomap.analysis import assessments as assessments_analysis
from diplomap.analysis import dyads as dyads_analysis
from diplomap.analysis import network as network_analysis
from diplomap.analysis import partners as partners_analysis
from diplomap.analysis import shifts as shifts_analysis
from diplomap.analysis.evidence import event_evidence
from diplomap.analysis.names import actor_name
from diplomap.errors import NotFoundError
from diplomap.nlp.events.modality import MODALITIES
from diplomap.report.briefing import check_overlay
from diplomap.settings import Settings
from diplomap.store.repository import Store
from diplomap.web import params
from diplomap.web.deps import SettingsDep, StoreDep, Transport, TransportDep
from diplomap.web.models import (
    Actor,
    Assessment,
    Counts,
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    DyadPeriod,
    DyadSeries,
    EventDetail,
    EventItem,
    EventPage,
    IngestedDocument,
    IngestResult,
    Network,
    NewDocument,
    Partner,
    Partners,
    Shift,
    UnresolvedName,
)
from diplomap.web.problems import PROBLEMS, Problem, bad_parameter, parameter
from diplomap.web.queries import (
    EventFilter,
    cluster_event_ids,
    document_annotations,
    event_ids,
    event_quantities,
    event_row,
)
from diplomap.web.writing import documents_from_text, documents_from_url, store_documents

__all__ = ["router"]

router = APIRouter()

_INVALID: dict[int | str, dict[str, Any]] = {422: PROBLEMS[422]}
_UNKNOWN: dict[int | str, dict[str, Any]] = {404: PROBLEMS[404], 422: PROBLEMS[422]}
_MAX_OFFSET = 2**31 - 1
_MAX_PERIODS = 5000  # periods in one dyad series: about 95 years by week, 380 by month
_PERIOD_DAYS = {"week": 7, "month": 28, "quarter": 90, "year": 365}
ORIGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"  # ours, or an origin as diplomap import names them

# -- parameters shared by several routes ----------------------------------------------------------

_DATES = "YYYY, YYYY-MM or YYYY-MM-DD"
FromQuery = Annotated[
    str | None,
    Query(
        alias="from",
        description=f"First day: {_DATES} (2014 means from 2014-01-01).",
        json_schema_extra={"pattern": params.DATE_PATTERN},
    ),
]
ToQuery = Annotated[
    str | None,
    Query(
        alias="to",
        description=f"Last day: {_DATES} (2014 means up to 2014-12-31).",
        json_schema_extra={"pattern": params.DATE_PATTERN},
    ),
]
PeriodQuery = Annotated[
    str | None,
    Query(
        description=f"The period: {_DATES}; or give both from and to.",
        json_schema_extra={"pattern": params.DATE_PATTERN},
    ),
]
ModalityQuery = Annotated[
    list[params.ModalityChoice] | None,
    Query(description="Modalities to count (repeatable); default asserted; `all` for every one."),
]
ActorPath = Annotated[
    str,
    Path(
        description="Actor code, e.g. PRK (matches PRKGOV, PRKGOVDIP...).",
        json_schema_extra={"pattern": params.ACTOR_PATTERN},
    ),
]
WithQuery = Annotated[
    str | None,
    Query(
        alias="with",
        description="Only the relation with this actor code.",
        json_schema_extra={"pattern": params.ACTOR_PATTERN},
    ),
]
LimitQuery = Annotated[int, Query(ge=1, le=500, description="At most this many (1-500).")]


def _actor_query(description: str) -> Any:
    return Query(description=description, json_schema_extra={"pattern": params.ACTOR_PATTERN})


def _chosen(modality: list[params.ModalityChoice] | None) -> tuple[str, ...]:
    return params.modalities(modality) or MODALITIES


# -- documents ---------------------------------------------------------------------------------


@router.get("/documents", responses=_INVALID, summary="Stored documents, oldest ingested first")
def list_documents(
    store: StoreDep,
    limit: LimitQuery = 50,
    offset: Annotated[int, Query(ge=0, le=_MAX_OFFSET, description="Skip this many first.")] = 0,
) -> DocumentPage:
    rows = store.list_documents(limit=limit + 1, offset=offset)
    return DocumentPage(
        items=[DocumentSummary.model_validate(row) for row in rows[:limit]],
        next_offset=offset + limit if len(rows) > limit else None,
    )


@router.get(
    "/documents/{document_id}",
    responses=_UNKNOWN,
    summary="One document: its text and sentences, each with its mentions, events and assessments",
)
def show_document(
    store: StoreDep,
    document_id: Annotated[str, Path(description="Document id, or its first characters (4 or more).")],
) -> DocumentDetail:
    document = store.get_document(document_id)
    notes = document_annotations(store, document["id"])
    empty: dict[str, list[dict[str, Any]]] = {"mentions": [], "events": [], "assessments": []}
    document["sentences"] = [{**s, **notes.get(s["index"], empty)} for s in document["sentences"]]
    return DocumentDetail.model_validate(document)


_bearer = HTTPBearer(auto_error=False, description="The server's DIPLOMAP_TOKEN.")


def require_writer(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need the server's token; a server without one is read-only."""
    if not settings.token:
        raise HTTPException(403, "this server is read-only; set DIPLOMAP_TOKEN where it runs to allow writes")
    if credentials is None:
        raise HTTPException(
            401,
            "writing needs the server's token: send the header Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(credentials.credentials.encode("utf-8"), settings.token.encode("utf-8")):
        raise HTTPException(
            401,
            "the bearer token is not this server's DIPLOMAP_TOKEN; check it",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def _new_document(request: Request, settings: Settings) -> NewDocument:
    """The posted body, read after the token was checked (FastAPI reads a declared body before any
    dependency) and only up to a cap, so no one can make the server hold a huge body in memory."""
    cap = 2 * settings.max_document_bytes + 64 * 1024  # JSON escapes may double the text
    too_large = HTTPException(
        413,
        f"the body is over {cap / 1024 / 1024:.1f} MB; split the document or raise DIPLOMAP_MAX_DOCUMENT_MB",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise too_large
        chunks.append(chunk)
    try:
        return NewDocument.model_validate_json(b"".join(chunks))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)]
        ) from exc


def _ingest(body: NewDocument, store: Store, settings: Settings, transport: Transport) -> IngestResult:
    fields = {
        name: params.text(getattr(body, name), name, where="body")
        for name in ("title", "author", "publisher", "published")
    }
    url = params.text(body.url, "url", where="body")
    text = params.text(body.text, "text", where="body")
    errors: list[str] = []
    if text is not None:
        found = documents_from_text(text, settings=settings, url=url, **fields)
    elif url is not None:
        found, errors = documents_from_url(url, settings=settings, transport=transport, **fields)
    else:
        raise bad_parameter("text", "give the document's text, or a url to fetch", where="body")
    stored = store_documents(store, found, settings=settings)
    return IngestResult(
        documents=[
            IngestedDocument(id=document.id, title=document.metadata.title, status=status)
            for document, status in stored.documents
        ],
        errors=errors,
    )


@router.post(
    "/documents",
    status_code=201,
    dependencies=[Depends(require_writer)],
    responses={
        200: {"model": IngestResult, "description": "Nothing new: the document was already stored."},
        401: {"model": Problem, "description": "No token, or not the server's."},
        403: {"model": Problem, "description": "The server is read-only (no DIPLOMAP_TOKEN)."},
        413: {"model": Problem, "description": "The body is larger than a document may be."},
        **_INVALID,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": NewDocument.model_json_schema()}},
        }
    },
    summary="Ingest a document (its text, or a URL to fetch), annotate it and store it",
)
async def add_document(
    request: Request, response: Response, store: StoreDep, settings: SettingsDep, transport: TransportDep
) -> IngestResult:
    body = await _new_document(request, settings)
    result = await run_in_threadpool(_ingest, body, store, settings, transport)
    if not any(document.status == "new" for document in result.documents):
        response.status_code = 200
    return result


# -- events ------------------------------------------------------------------------------------


@router.get("/events", responses=_INVALID, summary="Events, filtered, in pages (keyset on the event id)")
def list_events(
    store: StoreDep,
    actor: Annotated[str | None, _actor_query("Actor code on either side (PRK matches PRKGOV...).")] = None,
    source: Annotated[str | None, _actor_query("Source actor code (a prefix, as for actor).")] = None,
    target: Annotated[str | None, _actor_query("Target actor code (a prefix, as for actor).")] = None,
    dyad: Annotated[
        str | None,
        Query(
            description="Two actor codes A,B: events between them, in either direction.",
            json_schema_extra={"pattern": params.DYAD_PATTERN},
        ),
    ] = None,
    code: Annotated[
        str | None,
        Query(
            description="CAMEO code or its prefix: 04 (consult), 042...",
            json_schema_extra={"pattern": params.CAMEO_PATTERN},
        ),
    ] = None,
    quad_class: Annotated[
        int | None,
        Query(
            ge=1,
            le=4,
            description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.",
        ),
    ] = None,
    modality: ModalityQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Text in the event's sentence (case-insensitive).")
    ] = None,
    limit: LimitQuery = 50,
    cursor: Annotated[
        str | None, Query(description="next_cursor of the previous page; leave out for the first.")
    ] = None,
) -> EventPage:
    start, end = params.bounds(date_from, date_to)
    where = EventFilter(
        actor=params.actor(actor, "actor") if actor is not None else None,
        source=params.actor(source, "source") if source is not None else None,
        target=params.actor(target, "target") if target is not None else None,
        dyad=params.dyad(dyad) if dyad is not None else None,
        code=params.cameo(code, "code") if code is not None else None,
        quad_class=quad_class,
        modalities=params.modalities(modality),
        start=start,
        end=end,
        text=params.text(q, "q"),
    )
    found = event_ids(store, where, after=params.decode_cursor(cursor), limit=limit + 1)
    page = found[:limit]
    return EventPage(
        items=[EventItem.model_validate(e.as_dict()) for e in event_evidence(store, page)],
        next_cursor=params.encode_cursor(page[-1]) if len(found) > limit else None,
    )


@router.get(
    "/events/{event_id}",
    responses=_UNKNOWN,
    summary="One event: its evidence, amounts, and the other reports of it (corroboration)",
)
def show_event(
    store: StoreDep, event_id: Annotated[int, Path(ge=1, le=params.MAX_ID, description="Event id.")]
) -> EventDetail:
    row = event_row(store, event_id)
    found = event_evidence(store, [event_id])
    if row is None or not found:
        raise NotFoundError(f"no event with id {event_id}; see /api/events")
    others = (
        cluster_event_ids(store, row["cluster_id"], besides=event_id) if row["cluster_id"] is not None else []
    )
    return EventDetail.model_validate(
        {
            **found[0].as_dict(),
            "cameo_root": row["cameo_root"],
            "plover_type": row["plover_type"],
            "plover_mode": row["plover_mode"],
            "reporter": row["reporter_code"],
            "date_end": row["date_end"],
            "date_precision": row["date_precision"],
            "coder": row["coder"],
            "confidence": row["confidence"],
            "quantities": event_quantities(store, event_id),
            "corroborating": [e.as_dict() for e in event_evidence(store, others)],
        }
    )


# -- actors and relations ----------------------------------------------------------------------


@router.get("/actors", responses=_INVALID, summary="Actors mentioned in the store, most mentioned first")
def list_actors(store: StoreDep, limit: LimitQuery = 50) -> list[Actor]:
    return [
        Actor.model_validate({**row, "name": actor_name(row["code"])})
        for row in store.actor_summary(limit=limit)
    ]


@router.get(
    "/actors/unresolved", responses=_INVALID, summary="Names no dictionary resolved, most frequent first"
)
def list_unresolved(store: StoreDep, limit: LimitQuery = 50) -> list[UnresolvedName]:
    return [UnresolvedName.model_validate(row) for row in store.actor_summary(unresolved=True, limit=limit)]


@router.get("/dyads/{a}/{b}", responses=_INVALID, summary="Events between two actors, period by period")
def dyad_series(
    store: StoreDep,
    a: ActorPath,
    b: ActorPath,
    by: Annotated[params.PeriodChoice, Query(description="Length of the periods.")] = "month",
    directed: Annotated[bool, Query(description="Only events from a to b.")] = False,
    modality: ModalityQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    publisher: Annotated[str | None, Query(description="Only documents of this publisher.")] = None,
    origin: Annotated[
        str,
        Query(
            description="Whose events: ours, or the origin of external events imported with "
            "`diplomap import` (gdelt, icews...), to lay their view of the relation over ours.",
            json_schema_extra={"pattern": ORIGIN_PATTERN},
        ),
    ] = "ours",
) -> DyadSeries:
    first, second = params.actor(a, "a", where="path"), params.actor(b, "b", where="path")
    start, end = params.bounds(date_from, date_to)
    if origin != "ours":
        with parameter("origin"):
            origin = check_overlay(store, origin, ours=True)
    if start is not None and end is not None and (end - start).days / _PERIOD_DAYS[by] > _MAX_PERIODS:
        raise bad_parameter(
            "by",
            f"more than {_MAX_PERIODS} periods from {start} to {end}; use a longer "
            "period (by) or a shorter range (from, to)",
        )
    chosen = _chosen(modality)
    series = dyads_analysis.dyad_series(
        store,
        first,
        second,
        directed=directed,
        by=by,
        modalities=chosen,
        start=start,
        end=end,
        publisher=params.text(publisher, "publisher"),
        origin=origin,
    )
    return DyadSeries(
        a=first,
        b=second,
        directed=directed,
        by=by,
        modalities=list(chosen),
        periods=[DyadPeriod.model_validate(p.as_dict()) for p in series],
    )


@router.get(
    "/partners/{actor}",
    responses=_INVALID,
    summary="Counterparts of an actor in a period, against the period of the same length before it",
)
def partners(
    store: StoreDep,
    actor: ActorPath,
    period: PeriodQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    modality: ModalityQuery = None,
) -> Partners:
    focal = params.actor(actor, "actor", where="path")
    start, end = params.period_bounds(period, date_from, date_to)
    ranked = partners_analysis.partners(store, focal, start, end, modalities=_chosen(modality))
    previous_start, previous_end = partners_analysis.previous_period(start, end)
    return Partners(
        actor=focal,
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        partners=[
            Partner.model_validate(
                {
                    **p.as_dict(),
                    "name": actor_name(p.code),
                    "events_url": "/api/events?"
                    + urlencode(
                        {"dyad": f"{focal},{p.code}", "from": start, "to": end, "modality": modality or []},
                        doseq=True,
                    ),
                }
            )
            for p in ranked
        ],
    )


@router.get(
    "/shifts/{actor}",
    responses=_INVALID,
    summary="Significant shifts in an actor's relations, with the events that drive them",
)
def shifts(
    store: StoreDep,
    actor: ActorPath,
    with_actor: WithQuery = None,
    by: Annotated[params.PeriodChoice, Query(description="Period label of each shift.")] = "month",
    alpha: Annotated[float, Query(gt=0, le=1, description="Significance level of the test.")] = 0.05,
    modality: ModalityQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
) -> list[Shift]:
    focal = params.actor(actor, "actor", where="path")
    other = params.actor(with_actor, "with") if with_actor is not None else None
    start, end = params.bounds(date_from, date_to)
    found = shifts_analysis.shifts(
        store, focal, other=other, by=by, alpha=alpha, modalities=_chosen(modality), start=start, end=end
    )
    return [Shift.model_validate(s.as_dict()) for s in found]


@router.get(
    "/assessments/{actor}",
    responses=_INVALID,
    summary="What authors and actors say of an actor's relations, with the sentences that say it",
)
def assessments(
    store: StoreDep,
    actor: ActorPath,
    with_actor: WithQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
) -> list[Assessment]:
    focal = params.actor(actor, "actor", where="path")
    other = params.actor(with_actor, "with") if with_actor is not None else None
    start, end = params.bounds(date_from, date_to)
    found = assessments_analysis.find_assessments(store, focal, other=other, start=start, end=end)
    return [Assessment.model_validate(a.as_dict()) for a in found]


@router.get(
    "/network",
    responses=_INVALID,
    summary="Actors and their cooperation and conflict in a period, as networkx node-link data",
)
def network(
    store: StoreDep,
    period: PeriodQuery = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    modality: ModalityQuery = None,
) -> Network:
    import networkx as nx

    start, end = params.period_bounds(period, date_from, date_to)
    graph = network_analysis.network(store, start, end, modalities=_chosen(modality))
    data = nx.node_link_data(graph, edges="edges")
    for edge in data["edges"]:
        edge["event_ids"] = [int(i) for i in str(edge["event_ids"]).split()]
    return Network.model_validate(data)


@router.get("/summary", summary="How much the store holds")
def summary(store: StoreDep) -> Counts:
    return Counts.model_validate(store.counts())
