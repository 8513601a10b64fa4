"""Scoring diplomap against human-coded gold files (``diplomap eval``)."""
