"""The dashboard: server-rendered pages over the same store and library functions as the API.

Overview (corpus counts, most active relations, latest shifts), actor (the
briefing of :mod:`diplomap.report`: partners, network, series, shifts,
assessments, evidence), dyad (its series with the events under each period),
document (its text with mentions and triggers marked), event (codes, scores,
date reasoning, sentence, other reports), and event lists. The actor and dyad
pages take ``overlay=ORIGIN`` to lay events imported from GDELT, ICEWS...
(``diplomap import``) beside ours, and link to each origin the store holds. Every number links
to the events that make it up. Charts use Plotly's bundled plotly.js, served
from ``/static/plotly.min.js``: nothing comes from the network.
"""

from __future__ import annotations

import pathlib
from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from markupsafe import Markup, escape

from diplomap.analysis.dyads import DyadPeriod, _filled, dyad_series
from diplomap.analysis.evidence import EventEvidence, Highlight, document_highlights, event_evidence
from diplomap.analysis.names import actor_name, counterpart
from diplomap.analysis.overview import RECENT_YEARS, active_dyads, latest_shifts, recent_window
from diplomap.analysis.partners import Partner
from diplomap.errors import NotFoundError
from diplomap.report.briefing import build_briefing, check_overlay, origin_label, overlay_origins
from diplomap.report.html import briefing_context, render_event
from diplomap.store.repository import Store
from diplomap.web import params
from diplomap.web.deps import StoreDep
from diplomap.web.problems import parameter
from diplomap.web.queries import EventFilter, cluster_event_ids, event_ids, event_quantities, event_row

__all__ = ["PLOTLY_SRC", "render_page", "router"]

PLOTLY_SRC = "/static/plotly.min.js"
EVENT_HREF = "/events/{id}"
PAGE_SIZE = 100
QUOTED_PER_PERIOD = 5  # events quoted under each period of a dyad page; the rest are a link away
_TRIGGER = '<a class="trigger" id="event-{id}" href="/events/{id}" title="{label}">{inner}</a>'
_QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("diplomap.web", "templates"),
                jinja2.PackageLoader("diplomap.report", "templates"),  # the briefing's body and style
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _name(code: str | None) -> str:
    return actor_name(code) if code else "?"


def _event(event: EventEvidence) -> Markup:
    return render_event(event, EVENT_HREF)


def render_page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = _environment().get_template(template)
    values = {
        "plotly_src": PLOTLY_SRC,
        "name": _name,
        "signed": _signed,
        "event": _event,
        "key": counterpart,
        "status": status,
        **context,
    }
    html = page.render(**values)
    return HTMLResponse(html, status_code=status)


@cache
def _plotly_file() -> pathlib.Path:
    return pathlib.Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


@router.get("/static/plotly.min.js", response_class=FileResponse)
def plotly_js() -> FileResponse:
    return FileResponse(
        _plotly_file(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
    )


@router.get("/")
def overview(store: StoreDep) -> HTMLResponse:
    from diplomap.report.html import dyads_chart

    dyads = active_dyads(store, limit=12)
    return render_page(
        "overview.html.j2",
        counts=store.counts(),
        dyads=dyads,
        dyads_chart=dyads_chart(dyads) if dyads else "",
        shifts=latest_shifts(store, actors=4, limit=8),
        window=recent_window(store),
        recent_years=RECENT_YEARS,
        documents=store.list_documents(limit=10, newest=True),
    )


@router.get("/actors")
def find_actor(code: Annotated[str, Query(max_length=60)] = "") -> RedirectResponse:
    """The search box: to the actor's page."""
    return RedirectResponse(f"/actors/{params.actor(code.strip(), 'code')}", status_code=303)


OverlayQuery = Annotated[str | None, Query(max_length=64)]


def _overlay(store: Store, request: Request, value: str | None) -> tuple[str | None, list[dict[str, Any]]]:
    """The origin asked for as ``overlay`` (checked: a 422 naming it when the store has none from it), and
    a link for each origin the store holds that turns its overlay on, or off when it is on. One index
    lookup per origin, so the pages stay quick when nothing is overlaid."""
    origins = overlay_origins(store)
    overlay = None
    if value is not None:
        with parameter("overlay"):
            overlay = check_overlay(store, value, origins)
    query = {k: v for k, v in request.query_params.items() if k != "overlay"}

    def url(asked: dict[str, str]) -> str:
        return request.url.path + ("?" + urlencode(asked) if asked else "")

    links = [
        {
            "label": origin_label(origin),
            "on": origin == overlay,
            "url": url(query if origin == overlay else {**query, "overlay": origin}),
        }
        for origin in origins
    ]
    return overlay, links


@router.get("/actors/{code}")
def actor_page(
    store: StoreDep,
    request: Request,
    code: str,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    by: params.PeriodChoice | None = None,
    overlay: OverlayQuery = None,
) -> HTMLResponse:
    focal = params.actor(code, "code", where="path")
    start, end = params.bounds(date_from, date_to)
    origin, overlay_links = _overlay(store, request, overlay)
    briefing = build_briefing(store, focal, start=start, end=end, by=by, listed_per_partner=0, overlay=origin)

    def all_events_url(partner: Partner) -> str:
        query = {"dyad": f"{focal},{partner.code}", "from": briefing.start, "to": briefing.end}
        return "/events?" + urlencode(query)

    context = briefing_context(briefing, event_href=EVENT_HREF, all_events_url=all_events_url)
    return render_page("actor.html.j2", overlay_links=overlay_links, **context)


def _aligned(
    ours: list[DyadPeriod], theirs: list[DyadPeriod], by: str
) -> tuple[list[DyadPeriod], list[DyadPeriod]]:
    """Both series over the periods either has, gaps as empty periods, so they can be read side by side."""
    both = [*ours, *theirs]
    if not both:
        return [], []
    first, last = min(p.start for p in both), max(p.end for p in both)
    return (
        _filled({p.period: p for p in ours}, by, first, last),
        _filled({p.period: p for p in theirs}, by, first, last),
    )


@router.get("/dyads/{a}/{b}")
def dyad_page(
    store: StoreDep,
    request: Request,
    a: str,
    b: str,
    by: params.PeriodChoice = "month",
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    overlay: OverlayQuery = None,
) -> HTMLResponse:
    from diplomap.report.html import series_chart

    first, second = params.actor(a, "a", where="path"), params.actor(b, "b", where="path")
    start, end = params.bounds(date_from, date_to)
    origin, overlay_links = _overlay(store, request, overlay)
    periods = dyad_series(store, first, second, by=by, start=start, end=end)
    external: list[DyadPeriod] | None = None
    if origin is not None:
        theirs = dyad_series(store, first, second, by=by, start=start, end=end, origin=origin)
        periods, external = _aligned(periods, theirs, by)
    rows: list[tuple[DyadPeriod, DyadPeriod | None]] = (
        list(zip(periods, external, strict=True)) if external is not None else [(p, None) for p in periods]
    )
    total = sum(p.events for p in periods)
    quoted = {p.period: p.event_ids[:QUOTED_PER_PERIOD] for p in periods}
    evidence = {e.id: e for e in event_evidence(store, [i for ids in quoted.values() for i in ids])}
    label = origin_label(origin) if origin else ""
    title = f"{actor_name(first)} – {actor_name(second)}, mean Goldstein by {by}"
    if origin:
        title += f" (dashed: {label})"
    return render_page(
        "dyad.html.j2",
        a=first,
        b=second,
        by=by,
        periods=periods,
        rows=rows,
        total=total,
        external_total=sum(p.events for p in external) if external is not None else None,
        overlay=origin,
        overlay_label=label,
        overlay_links=overlay_links,
        quoted=quoted,
        evidence=evidence,
        chart=series_chart(periods, title, external=external, external_label=label) if periods else "",
    )


@router.get("/documents")
def documents_page(
    store: StoreDep, offset: Annotated[int, Query(ge=0, le=params.MAX_ID)] = 0
) -> HTMLResponse:
    found = store.list_documents(limit=PAGE_SIZE + 1, offset=offset)
    next_url = f"/documents?offset={offset + PAGE_SIZE}" if len(found) > PAGE_SIZE else None
    return render_page("documents.html.j2", documents=found[:PAGE_SIZE], next_url=next_url, limit=PAGE_SIZE)


def _marked(text: str, highlights: list[Highlight]) -> Markup:
    """The document's text as paragraphs with its mentions and triggers marked."""
    paragraphs: list[Markup] = []
    at = 0
    marks = iter(highlights)
    mark = next(marks, None)
    for block in text.split("\n"):
        end = at + len(block)
        pieces: list[Markup] = []
        cursor = at
        while mark is not None and mark.end <= end:
            if mark.start >= cursor:
                pieces.append(escape(text[cursor : mark.start]))
                inner = escape(text[mark.start : mark.end])
                if mark.kind == "trigger":
                    pieces.append(
                        Markup(_TRIGGER).format(id=mark.event_id, label=mark.label or "", inner=inner)
                    )
                else:
                    css = "mention" if mark.code else "mention unresolved"
                    pieces.append(
                        Markup('<span class="{css}" title="{label}">{inner}</span>').format(
                            css=css, label=mark.label or "", inner=inner
                        )
                    )
                cursor = mark.end
            mark = next(marks, None)
        pieces.append(escape(text[cursor:end]))
        if block.strip():
            paragraphs.append(Markup("<p>{}</p>").format(Markup("").join(pieces)))
        at = end + 1  # the newline
    return Markup("\n").join(paragraphs)


@router.get("/documents/{document_id}")
def document_page(store: StoreDep, document_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    found = store.get_document(document_id)
    highlights = document_highlights(store, found["id"])
    return render_page(
        "document.html.j2",
        d=found,
        text=_marked(found["text"], highlights),
        n_events=sum(1 for h in highlights if h.kind == "trigger"),
    )


@router.get("/events/{event_id}")
def event_page(store: StoreDep, event_id: Annotated[int, Path(ge=1, le=params.MAX_ID)]) -> HTMLResponse:
    row = event_row(store, event_id)
    if row is None:
        raise NotFoundError(f"no event with id {event_id}; see /events")
    (evidence,) = event_evidence(store, [event_id])
    others = cluster_event_ids(store, row["cluster_id"], besides=event_id) if row["cluster_id"] else []
    return render_page(
        "event.html.j2",
        e=evidence,
        row=row,
        quad=_QUADS.get(row["quad_class"] or 0, "–"),
        quantities=event_quantities(store, event_id),
        corroborating=event_evidence(store, others),
    )


@router.get("/events")
def events_page(
    store: StoreDep,
    request: Request,
    ids: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}(,[0-9]{1,18})*$", max_length=20_000)] = None,
    actor: Annotated[str | None, Query(pattern=params.ACTOR_PATTERN)] = None,
    dyad: Annotated[str | None, Query(pattern=params.DYAD_PATTERN)] = None,
    code: Annotated[str | None, Query(pattern=params.CAMEO_PATTERN)] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    modality: params.ModalityChoice = "asserted",
    date_from: Annotated[str | None, Query(alias="from", pattern=params.DATE_PATTERN)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=params.DATE_PATTERN)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    after: Annotated[int | None, Query(ge=0, le=params.MAX_ID)] = None,
) -> HTMLResponse:
    """Events by id (``ids=1,2,3``: what a number on a page is made of) or by filter, a page at a time."""
    if ids is not None:
        wanted = [int(i) for i in ids.split(",")]
        items = event_evidence(store, wanted)
        description = f"{len(items)} events."
        return render_page("events.html.j2", items=items, description=description, next_url=None, limit=0)
    start, end = params.bounds(date_from, date_to)
    where = EventFilter(
        actor=params.actor(actor, "actor") if actor else None,
        dyad=params.dyad(dyad) if dyad else None,
        code=code,
        quad_class=quad_class,
        modalities=params.modalities([modality]),
        start=start,
        end=end,
        text=params.text(q, "q"),
    )
    found = event_ids(store, where, after=after, limit=PAGE_SIZE + 1)
    page = found[:PAGE_SIZE]
    next_url = None
    if len(found) > PAGE_SIZE:
        query = {k: v for k, v in request.query_params.items() if k != "after"}
        next_url = "/events?" + urlencode({**query, "after": page[-1]})
    shown = [f"{k}={v}" for k, v in request.query_params.items() if k != "after"]
    description = (
        "Events" + (f" where {', '.join(shown)}" if shown else "") + ", in the order they were stored."
    )
    return render_page(
        "events.html.j2",
        items=event_evidence(store, page),
        description=description,
        next_url=next_url,
        limit=PAGE_SIZE,
    )
