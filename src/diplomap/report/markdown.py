"""A briefing as Markdown: tables and quotes, readable as plain text and in any Markdown viewer."""

from __future__ import annotations

from diplomap.analysis.assessments import Assessment
from diplomap.analysis.evidence import EventEvidence
from diplomap.analysis.names import actor_name
from diplomap.report.briefing import Briefing

__all__ = ["render_markdown"]


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:+.2f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _who(code: str | None) -> str:
    return actor_name(code) if code else "?"


def _event_line(event: EventEvidence) -> str:
    when = event.day.isoformat() if event.day else "undated"
    score = f"{event.goldstein:+.1f}" if event.goldstein is not None else "–"
    source = event.title or event.document_id[:12]
    return (
        f"- {when} · {_who(event.source_code)} → {_who(event.target_code)} · {event.cameo} "
        f"{event.cameo_name} · Goldstein {score} · event {event.id}\n"
        f"  > {event.quote()}\n"
        f"  > — *{source}*"
    )


def _assessment_line(found: Assessment) -> str:
    when = found.day.isoformat() if found.day else "undated"
    aspect = f" ({found.aspect})" if found.aspect and found.aspect != "relations" else ""
    cue = f" — “{found.cue}”" if found.cue else ""
    return (
        f"- {_who(found.source_code)} – {_who(found.target_code)}: **{found.state}**{aspect}{cue}, "
        f"{when}\n  > {found.sentence}\n  > — *{found.title or found.document_id[:12]}*"
    )


def _partners(briefing: Briefing) -> list[str]:
    label = briefing.overlay_label
    extra = f" {label} events | {label} mean |" if briefing.overlay else ""
    lines = [
        f"| Partner | Events | Coop. | Conflict | Goldstein mean |{extra} Before | Change | Trend "
        "| Assessments | Assessed as |",
        "|---|---:|---:|---:|---:|" + ("---:|---:|" if briefing.overlay else "") + "---:|---:|---|---:|---|",
    ]
    for p in briefing.partners:
        theirs: list[str] = []
        if briefing.overlay:
            total = briefing.overlay_totals.get(p.code)
            theirs = [str(total.events), _cell(total.goldstein_mean)] if total else ["0", "–"]
        lines.append(
            "| "
            + " | ".join(
                [
                    f"{_cell(actor_name(p.code))} ({p.code})",
                    str(p.events),
                    str(p.cooperation),
                    str(p.conflict),
                    _cell(p.goldstein_mean),
                    *theirs,
                    _cell(p.previous_goldstein_mean),
                    _cell(p.change),
                    p.trend,
                    str(p.assessments),
                    _cell(", ".join(p.assessed_states)) if p.assessed_states else "–",
                ]
            )
            + " |"
        )
    return lines


def _overlay_series(briefing: Briefing) -> list[str]:
    """The leading partners' series, ours and the overlay's, period by period."""
    label = briefing.overlay_label
    out = [
        f"## Over time, beside {label}",
        "",
        f"Events and mean Goldstein score by {briefing.by}: ours, then {label}'s for the same relation.",
        "",
    ]
    for series in briefing.series:
        if series.external is None:
            continue
        theirs = {p.period: p for p in series.external}
        out += [
            f"### {series.name} ({series.code})",
            "",
            f"| Period | Events | Goldstein mean | {label} events | {label} mean |",
            "|---|---:|---:|---:|---:|",
        ]
        for ours in series.periods:
            other = theirs.get(ours.period)
            out.append(
                f"| {ours.period} | {ours.events} | {_cell(ours.goldstein_mean)} | "
                f"{other.events if other else 0} | {_cell(other.goldstein_mean if other else None)} |"
            )
        out.append("")
    return out


def render_markdown(briefing: Briefing) -> str:
    """The whole briefing as one Markdown document."""
    before_start, before_end = briefing.previous
    out = [
        f"# Briefing: {briefing.name} ({briefing.actor})",
        "",
        f"{briefing.start.isoformat()} to {briefing.end.isoformat()}, by {briefing.by}; compared with "
        f"{before_start.isoformat()} to {before_end.isoformat()}. {briefing.events} events with "
        f"{sum(1 for p in briefing.partners if p.events)} partners from {briefing.documents} documents; "
        f"{len(briefing.assessments)} relation assessments.",
        "",
        "Goldstein scores run from −10 (most conflictual) to +10 (most cooperative). Trends compare the mean "
        "with the period before; a partner new in the period is warming or cooling by the sign of its mean."
        + (
            f" {briefing.overlay_label} columns: the events {briefing.overlay_label} holds for the same "
            "relation in the period."
            if briefing.overlay
            else ""
        ),
        "",
        "## Partners",
        "",
        *(_partners(briefing) if briefing.partners else ["No partners in this period."]),
        "",
        *(_overlay_series(briefing) if briefing.overlay and briefing.series else []),
        "## Shifts",
        "",
    ]
    if not briefing.shifts:
        out.append(
            "No significant shift in the period (PELT change points tested with Mann-Whitney U, p < 0.05)."
        )
    for shift in briefing.shifts:
        out.append(
            f"### {actor_name(shift.counterpart)}: {shift.direction} from {shift.period}\n\n"
            f"Mean Goldstein {shift.before_mean:+.2f} over {shift.before_events} events before, "
            f"{shift.after_mean:+.2f} over {shift.after_events} after (p = {shift.p_value:.4f}). Driven by:\n"
        )
        out += [_event_line(briefing.evidence[i]) for i in shift.drivers if i in briefing.evidence]
        out.append("")
    out += ["", "## Assessments, by who holds them", ""]
    if not briefing.assessments:
        out.append("No statements about these relations in the period.")
    for holder, found in briefing.by_holder().items():
        out += [f"### {holder}", ""]
        out += [_assessment_line(a) for a in found]
        out.append("")
    out += ["", "## The events behind the numbers", ""]
    for p in briefing.partners:
        if not p.events:
            continue
        shown = briefing.quoted.get(p.code, [])
        others = briefing.listed.get(p.code, [])
        out += [
            f"### {actor_name(p.code)} ({p.code}): {p.events} events, {p.trend}",
            "",
            f"The {len(shown)} that say most (largest Goldstein magnitude):",
            "",
        ]
        out += [_event_line(briefing.evidence[i]) for i in shown]
        if others:
            out += ["", f"{len(others)} more:", ""]
            out += [_event_line(briefing.evidence[i]) for i in others]
        unlisted = p.events - len(shown) - len(others)
        if unlisted > 0:
            out += ["", f"… and {unlisted} more in the store (`diplomap dyad {briefing.actor} {p.code}`)."]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
