"""Briefings on one actor: gathered by :mod:`.briefing`, written as Markdown or offline HTML."""
