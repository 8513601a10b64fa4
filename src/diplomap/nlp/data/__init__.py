"""Data tables shipped with diplomap (our own, written from public facts)."""
