"""The Markdown tables that document what an export writes in each field."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["field_table"]


def field_table(
    title: str, intro: str, fields: Sequence[tuple[str, str]], *, noun: str = "field", numbered: bool = True
) -> str:
    """A heading, a sentence, and one row per (name, what diplomap writes) field, numbered when the
    format is positional."""
    number = "| # " if numbered else ""
    lines = [f"# {title}", "", intro, "", f"{number}| {noun} | what diplomap writes |"]
    lines.append(("|---" if numbered else "") + "|---|---|")
    for n, (name, what) in enumerate(fields, start=1):
        lines.append((f"| {n} " if numbered else "") + f"| `{name}` | {what} |")
    return "\n".join(lines) + "\n"
