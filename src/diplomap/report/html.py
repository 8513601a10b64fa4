"""A briefing as one self-contained HTML file: tables, quotes with the trigger marked, Plotly charts.

Plotly's own bundled plotly.js is inlined once in the page, so the file
opens offline and can be mailed as it is; nothing is fetched from a CDN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jinja2
from markupsafe import Markup, escape

from diplomap.analysis.dyads import DyadPeriod
from diplomap.analysis.evidence import EventEvidence
from diplomap.analysis.names import actor_name
from diplomap.analysis.overview import ActiveDyad
from diplomap.analysis.partners import Partner
from diplomap.report.briefing import Briefing

__all__ = ["briefing_context", "dyads_chart", "render_event", "render_html", "series_chart"]

_COOPERATION, _CONFLICT, _NEUTRAL, _OURS = "#1a7f37", "#b42318", "#8a90a6", "#2847a8"
_CONFIG = {"displaylogo": False, "responsive": True}
MAX_CHARTED = 15  # partners in the bar chart


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("diplomap.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _version() -> str:
    try:
        return version("diplomap")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "dev"


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _name(code: str | None) -> str:
    return actor_name(code) if code else "?"


def render_event(event: EventEvidence, href: str | None = None) -> Markup:
    """One event as HTML: who did what to whom, its code and score, the sentence with the trigger marked;
    ``href`` (a URL with ``{id}``) links the event to its own page."""
    start, end = event.trigger
    quote = (
        escape(event.sentence[:start])
        + Markup("<mark>")
        + escape(event.sentence[start:end])
        + Markup("</mark>")
        + escape(event.sentence[end:])
    )
    when = event.day.isoformat() if event.day else "undated"
    title = escape(event.title or event.document_id[:12])
    publisher = escape(f", {event.publisher}" if event.publisher else "")
    source, target = escape(_name(event.source_code)), escape(_name(event.target_code))
    link = (
        Markup(f'<a href="{escape(href.format(id=event.id))}">event {event.id}</a>')
        if href
        else f"event {event.id}"
    )
    # f-strings over escaped parts: Markup.format, which escapes as it goes, cost more than the rest of
    # a page quoting a few hundred events
    return Markup(
        f'<div class="event" id="event-{event.id}"><strong>{source} → {target}</strong>: '
        f"{escape(event.cameo)} {escape(event.cameo_name)} "
        f'<span class="meta">· Goldstein {escape(_signed(event.goldstein))} · {when} · '
        f"{escape(event.modality)} · {link}</span>"
        f'<blockquote>{quote}<br><span class="meta">— {title}{publisher}</span></blockquote></div>'
    )


class _Figure:
    """A Plotly figure as the plain dict plotly.js reads: building ``plotly.graph_objects.Figure`` validates
    every property against the schema, which cost more than the rest of the page (tens of ms a chart)."""

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {}

    def add_bar(self, **trace: Any) -> None:
        self.data.append({"type": "bar", **trace})

    def add_scatter(self, **trace: Any) -> None:
        self.data.append({"type": "scatter", **trace})

    def update_layout(self, **layout: Any) -> None:
        self.layout.update(layout)


@cache
def _template() -> dict[str, Any]:
    """Plotly's "plotly_white" template, expanded once (plotly.js knows no template names)."""
    import plotly.io as pio

    template: dict[str, Any] = pio.templates["plotly_white"].to_plotly_json()
    return template


def _figure_html(figure: _Figure) -> str:
    import plotly.io as pio

    html: str = pio.to_html(
        {"data": figure.data, "layout": figure.layout},
        full_html=False,
        include_plotlyjs=False,
        config=_CONFIG,
        validate=False,
    )
    return html


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "template": _template(),
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
        **extra,
    }


def _partners_chart(briefing: Briefing) -> str:
    shown = briefing.partners[:MAX_CHARTED][::-1]  # most active on top
    labels = [f"{actor_name(p.code)} ({p.code})" for p in shown]
    figure = _Figure()
    figure.add_bar(
        y=labels,
        x=[p.goldstein_mean for p in shown],
        orientation="h",
        name="events in the period (green: cooperative on balance, red: conflictual)",
        marker={"color": [_COOPERATION if (p.goldstein_mean or 0) >= 0 else _CONFLICT for p in shown]},
        customdata=[p.events for p in shown],
        hovertemplate="%{y}: mean %{x:+.2f} over %{customdata} events<extra></extra>",
    )
    figure.add_bar(
        y=labels,
        x=[p.previous_goldstein_mean for p in shown],
        orientation="h",
        name="period before",
        marker={"color": _NEUTRAL},
        opacity=0.6,
    )
    figure.add_scatter(
        y=labels,
        x=[p.assessed_score for p in shown],
        mode="markers",
        name="assessed (state score)",
        marker={"symbol": "diamond", "size": 11, "color": "#2847a8"},
    )
    figure.update_layout(
        **_layout(
            "Partners: mean Goldstein score, and the assessments' score",
            barmode="group",
            height=max(320, 36 * len(shown) + 120),
            xaxis={"title": {"text": "cooperation (+) / conflict (−)"}, "zeroline": True},
        )
    )
    return _figure_html(figure)


def _colours() -> list[str]:
    colours: list[str] = _template().get("layout", {}).get("colorway") or [_OURS]
    return colours


def _timeline_chart(briefing: Briefing) -> str:
    """Each leading partner's mean Goldstein score by period; the overlay's, when asked, as a dashed line
    of the same colour."""
    figure = _Figure()
    colours = _colours()
    label = briefing.overlay_label
    for i, series in enumerate(briefing.series):
        colour = colours[i % len(colours)]
        figure.add_scatter(
            x=[p.start.isoformat() for p in series.periods],
            y=[p.goldstein_mean for p in series.periods],
            mode="lines+markers",
            connectgaps=True,
            name=series.name,
            legendgroup=series.code,
            line={"color": colour},
            customdata=[[p.events, p.period] for p in series.periods],
            hovertemplate=f"{series.name} %{{customdata[1]}}: mean %{{y:+.2f}} over %{{customdata[0]}} events"
            "<extra></extra>",
        )
        if series.external is not None:
            figure.add_scatter(
                x=[p.start.isoformat() for p in series.external],
                y=[p.goldstein_mean for p in series.external],
                mode="lines",
                connectgaps=True,
                name=f"{series.name} ({label})",
                legendgroup=series.code,
                line={"color": colour, "dash": "dash"},
                customdata=[[p.events, p.period] for p in series.external],
                hovertemplate=f"{series.name} %{{customdata[1]}}, {label}: mean %{{y:+.2f}} over "
                "%{customdata[0]} events<extra></extra>",
            )
    title = f"Mean Goldstein score by {briefing.by}, leading partners"
    figure.update_layout(
        **_layout(
            title + (f" (dashed: {label})" if briefing.overlay else ""),
            yaxis={"title": {"text": "mean Goldstein"}, "range": [-10.5, 10.5], "zeroline": True},
            height=420,
        )
    )
    return _figure_html(figure)


def series_chart(
    periods: Sequence[DyadPeriod],
    title: str,
    *,
    external: Sequence[DyadPeriod] | None = None,
    external_label: str = "external",
) -> str:
    """One relation's series: cooperative and conflictual events as bars, the mean Goldstein as a line;
    ``external`` (another data set's series of the relation) as a dashed line beside it."""
    starts = [p.start.isoformat() for p in periods]
    figure = _Figure()
    figure.add_bar(
        x=starts,
        y=[p.by_quad[1] + p.by_quad[2] for p in periods],
        name="cooperative",
        marker={"color": _COOPERATION},
    )
    figure.add_bar(
        x=starts,
        y=[-(p.by_quad[3] + p.by_quad[4]) for p in periods],
        name="conflictual",
        marker={"color": _CONFLICT},
    )
    figure.add_scatter(
        x=starts,
        y=[p.goldstein_mean for p in periods],
        name="mean Goldstein",
        mode="lines+markers",
        yaxis="y2",
        connectgaps=True,
        line={"color": _OURS},
    )
    if external is not None:
        figure.add_scatter(
            x=[p.start.isoformat() for p in external],
            y=[p.goldstein_mean for p in external],
            name=f"mean Goldstein ({external_label})",
            mode="lines",
            yaxis="y2",
            connectgaps=True,
            line={"color": _OURS, "dash": "dash"},
            customdata=[[p.events, p.period] for p in external],
            hovertemplate=f"{external_label} %{{customdata[1]}}: mean %{{y:+.2f}} over %{{customdata[0]}} "
            "events<extra></extra>",
        )
    figure.update_layout(
        **_layout(
            title,
            barmode="relative",
            height=380,
            yaxis={"title": {"text": "events"}},
            yaxis2={
                "title": {"text": "mean Goldstein"},
                "overlaying": "y",
                "side": "right",
                "range": [-10.5, 10.5],
            },
        )
    )
    return _figure_html(figure)


def dyads_chart(dyads: Sequence[ActiveDyad]) -> str:
    """The most active relations: cooperative and conflictual events side by side."""
    labels = [f"{actor_name(d.a)} – {actor_name(d.b)}" for d in dyads][::-1]
    figure = _Figure()
    figure.add_bar(
        y=labels,
        x=[d.cooperation for d in dyads][::-1],
        orientation="h",
        name="cooperative",
        marker={"color": _COOPERATION},
    )
    figure.add_bar(
        y=labels,
        x=[d.conflict for d in dyads][::-1],
        orientation="h",
        name="conflictual",
        marker={"color": _CONFLICT},
    )
    figure.update_layout(
        **_layout("Most active relations", barmode="stack", height=max(300, 30 * len(dyads) + 120))
    )
    return _figure_html(figure)


def _network_chart(briefing: Briefing) -> str:
    """The actor at the centre, its partners around it; lines coloured by the mean Goldstein score and as
    thick as the events between them."""
    shown = [p for p in briefing.partners if p.events][:MAX_CHARTED]
    figure = _Figure()
    xs, ys = [], []
    for i, partner in enumerate(shown):
        angle = 2 * math.pi * i / max(len(shown), 1)
        x, y = math.cos(angle), math.sin(angle)
        xs.append(x)
        ys.append(y)
        mean = partner.goldstein_mean or 0.0
        figure.add_scatter(
            x=[0, x],
            y=[0, y],
            mode="lines",
            line={
                "color": _COOPERATION if mean >= 0 else _CONFLICT,
                "width": 1 + 2 * math.log1p(partner.events),
            },
            hoverinfo="skip",
            showlegend=False,
        )
    figure.add_scatter(
        x=[0, *xs],
        y=[0, *ys],
        mode="markers+text",
        text=[briefing.name, *(actor_name(p.code) for p in shown)],
        textposition="top center",
        marker={
            "size": [28, *(10 + 4 * math.log1p(p.events) for p in shown)],
            "color": [
                "#2847a8",
                *(_COOPERATION if (p.goldstein_mean or 0) >= 0 else _CONFLICT for p in shown),
            ],
        },
        customdata=[["", 0, ""], *([p.code, p.events, _signed(p.goldstein_mean)] for p in shown)],
        hovertemplate="%{text} %{customdata[0]}: %{customdata[1]} events, mean %{customdata[2]}"
        "<extra></extra>",
        showlegend=False,
    )
    hidden = {"visible": False, "range": [-1.4, 1.4]}
    figure.update_layout(**_layout(f"Network around {briefing.name}", xaxis=hidden, yaxis=hidden, height=460))
    return _figure_html(figure)


def _balance_chart(briefing: Briefing) -> str:
    names = [s.name for s in briefing.series]
    figure = _Figure()
    for label, classes, colour, sign in (
        ("cooperation", (1, 2), _COOPERATION, 1),
        ("conflict", (3, 4), _CONFLICT, -1),
    ):
        figure.add_bar(
            x=names,
            y=[sign * sum(p.by_quad.get(q, 0) for p in s.periods for q in classes) for s in briefing.series],
            name=label,
            marker={"color": colour},
        )
    figure.update_layout(
        **_layout("Cooperative and conflictual events, leading partners", barmode="relative", height=360)
    )
    return _figure_html(figure)


def briefing_context(
    briefing: Briefing,
    *,
    event_href: str | None = None,
    all_events_url: Callable[[Partner], str] | None = None,
) -> dict[str, Any]:
    """What the briefing templates need: the briefing, its charts and the helpers that format it.
    ``event_href`` links each event to its page, ``all_events_url`` a partner to the list of its events."""
    charts = {"partners": _partners_chart(briefing) if briefing.partners else "", "network": ""}
    if any(p.events for p in briefing.partners):
        charts["network"] = _network_chart(briefing)
    if briefing.series:
        charts.update(timeline=_timeline_chart(briefing), balance=_balance_chart(briefing))
    first_assessment: dict[str, int] = {}
    for found in briefing.assessments:
        first_assessment.setdefault(found.counterpart, found.id)
    return {
        "b": briefing,
        "charts": charts,
        "version": _version(),
        "name": _name,
        "signed": _signed,
        "event": lambda event: render_event(event, event_href),
        "n_partners": sum(1 for p in briefing.partners if p.events),
        "first_assessment": first_assessment,
        "all_events_url": all_events_url,
    }


def render_html(briefing: Briefing) -> str:
    """The whole briefing as one HTML page that works offline."""
    from plotly.offline import get_plotlyjs

    template = _environment().get_template("briefing.html.j2")
    return template.render(plotly_js=Markup(get_plotlyjs()), **briefing_context(briefing))
