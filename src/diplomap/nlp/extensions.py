"""Doc extensions our components read and write."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["doc_text", "register_extensions"]

_LISTS = ("diplomap_mentions", "diplomap_events", "diplomap_assessments")
_TEXT = "diplomap_text"  # Doc.user_data key of the doc's text, once built


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text each time it is read, and each
    of our components reads it. Our components never change a doc's tokens, so it stays valid."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def register_extensions() -> None:
    """Idempotent. ``Doc._.diplomap_context`` holds a :class:`DocumentContext` or None; actor
    spans are in ``doc.spans["diplomap_actors"]`` with ``Span._.diplomap_actor``."""
    if not Doc.has_extension("diplomap_context"):
        Doc.set_extension("diplomap_context", default=None)
    if not Doc.has_extension("diplomap_quad"):
        Doc.set_extension("diplomap_quad", default=None)  # (quad class 0-4, probability) of the sentence
    if not Span.has_extension("diplomap_actor"):
        Span.set_extension("diplomap_actor", default=None)  # PLOVER-style record of an actor span
    for name in _LISTS:
        if not Doc.has_extension(name):
            # a getter-free list default would be shared by every Doc; None means "none yet"
            Doc.set_extension(name, default=None)


register_extensions()
