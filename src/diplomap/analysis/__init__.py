"""Analyses of stored events: dyad series, partners, shifts, networks (issue #5)."""
