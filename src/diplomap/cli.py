"""The ``diplomap`` command: thin wrappers over the library. Only this module exits."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ClassVar, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from diplomap import __version__
from diplomap.errors import ConfigError, DiplomapError
from diplomap.settings import Settings, load_settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="diplomap",
    help="Map who is courting, pressuring or abandoning whom, from news and analysis text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
documents_app = typer.Typer(
    help="List stored documents, or show one with its sentences.", no_args_is_help=True
)
app.add_typer(documents_app, name="documents")
actors_app = typer.Typer(
    help="Resolve actor names to codes, list the actors in the store, check dictionaries.",
    no_args_is_help=True,
    invoke_without_command=True,
)
app.add_typer(actors_app, name="actors")
verbs_app = typer.Typer(
    help="Check PETRARCH verb dictionaries before coding with them.", no_args_is_help=True
)
app.add_typer(verbs_app, name="verbs")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOption = Annotated[int, typer.Option(min=1, help="At most this many.")]
FromOption = Annotated[str | None, typer.Option("--from", help="First day: YYYY, YYYY-MM or YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day: YYYY, YYYY-MM or YYYY-MM-DD.")]


class _State:
    """Options given before the command (``diplomap --db X ingest ...``)."""

    overrides: ClassVar[dict[str, str]] = {}

    @classmethod
    def settings(cls) -> Settings:
        return load_settings(None, **cls.overrides)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 1."""
    try:
        yield
    except DiplomapError as exc:
        _fail(str(exc).replace("[", r"\["))


def _open_store(settings: Settings) -> Any:
    from diplomap.store.repository import Store

    return Store.open(settings.db)


def _print_json(value: Any) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


def _version(value: bool) -> None:
    if value:
        out.print(f"diplomap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    db: Annotated[
        str | None,
        typer.Option(
            help="Store: SQLite file path or database URL. [env: DIPLOMAP_DB; default ./diplomap.db]",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy model package, or 'auto'. [env: DIPLOMAP_MODEL]", show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    _State.overrides = {k: v for k, v in {"db": db, "model": model}.items() if v is not None}


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders (read recursively) and http(s) URLs.", show_default=False),
    ],
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            "-i",
            help="In folders, read only files matching this glob (repeatable). "
            "Default: .txt .md .html .htm .jsonl .ndjson files.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", "-x", help="In folders, skip files matching this glob (repeatable)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date for documents that carry none: YYYY-MM-DD, YYYY-MM or YYYY."),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private and loopback addresses.")
    ] = False,
    nlp: Annotated[
        bool, typer.Option("--nlp/--no-nlp", help="Run the NLP pipeline on new documents.")
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Code on a local Dask cluster of this many worker processes (needs the `dask` extra).",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Code on the existing Dask cluster whose scheduler is at this address (tcp://HOST:8786).",
            show_default=False,
        ),
    ] = None,
    out_parquet: Annotated[
        Path | None,
        typer.Option(
            "--out-parquet",
            help="Write Parquet files (a folder per table) to this folder instead of the store.",
            show_default=False,
        ),
    ] = None,
    verb_dictionary: VerbDictionaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read documents into the store, annotate them, and print what was new, unchanged or failed."""
    from diplomap.ingest.dates import parse_date
    from diplomap.ingest.run import IngestReport
    from diplomap.ingest.run import ingest as run_ingest

    report = IngestReport()
    with _errors():
        settings = _State.settings()
        user_date = parse_date(date) if date else None
        if nlp:
            settings = _with_verb_dictionaries(settings, verb_dictionary)
        store = None if out_parquet else _open_store(settings)
        shown = 0

        def show_errors(console: Console) -> None:
            nonlocal shown
            for failure in report.failed[shown:]:
                console.print(f"[red]failed:[/] {_escape(str(failure))}", highlight=False)
            shown = len(report.failed)

        with _progress() as progress:
            task = progress.add_task("ingesting", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)
                show_errors(progress.console)

            try:
                run_ingest(
                    sources,
                    store=store,
                    settings=settings,
                    run_pipeline=nlp,
                    date=user_date,
                    include=include or (),
                    exclude=exclude or (),
                    allow_private=allow_private,
                    progress=advance,
                    report=report,
                    workers=workers,
                    scheduler=scheduler,
                    out_parquet=out_parquet,
                )
            except KeyboardInterrupt:
                show_errors(err)
                err.print(
                    f"interrupted: {report.new} new documents were stored whole; "
                    "rerun the same command to resume"
                )
                raise typer.Exit(130) from None
            finally:
                if store is not None:
                    store.close()
        show_errors(err)
    if as_json:
        _print_json(report.as_dict())
    else:
        out.print(
            f"documents: {report.new} new, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed" + (f", {report.annotated} annotated" if report.annotated else "")
        )
    if report.failed:
        raise typer.Exit(1)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


@contextmanager
def _progress() -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        yield progress


def _shown_date(row: dict[str, Any]) -> str:
    if not row["published"]:
        return "-"
    return str(row["published"])[: {"day": 10, "month": 7, "year": 4}[row["published_precision"]]]


@documents_app.command("list")
def documents_list(
    limit: LimitOption = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Stored documents, oldest ingested first."""
    with _errors(), _open_store(_State.settings()) as store:
        rows = store.list_documents(limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, width=12)
    table.add_column("published", no_wrap=True, width=10)
    table.add_column("sents", justify="right", width=5)
    table.add_column("author", no_wrap=True, overflow="ellipsis", width=16)
    table.add_column("title", no_wrap=True, overflow="ellipsis", width=max(20, out.width - 51))
    for row in rows:
        table.add_row(
            row["id"][:12],
            _shown_date(row),
            str(row["n_sentences"]),
            row["author"] or "-",
            row["title"] or "-",
        )
    out.print(table)


@documents_app.command("show")
def documents_show(
    document_id: Annotated[
        str, typer.Argument(metavar="ID", help="Document id, or its first characters (4 or more).")
    ],
    as_json: JsonOption = False,
) -> None:
    """One document: metadata and its sentences with character offsets."""
    with _errors(), _open_store(_State.settings()) as store:
        document = store.get_document(document_id)
    if as_json:
        _print_json(document)
        return
    for key in (
        "id",
        "title",
        "author",
        "publisher",
        "published",
        "published_precision",
        "published_source",
        "uri",
        "format",
        "pipeline",
    ):
        out.print(f"[bold]{key}:[/] {_escape(str(document[key] or '-'))}", highlight=False)
    out.print()
    for sentence in document["sentences"]:
        out.print(
            f"[dim]{sentence['index']:>4} {sentence['start']:>6}-{sentence['end']:<6}[/] "
            f"{_escape(sentence['text'])}",
            highlight=False,
        )


DictionaryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dictionary",
        "-d",
        help="Extra actor dictionary (.yaml, .csv or PETRARCH .actors); repeatable. "
        "Adds to DIPLOMAP_ACTOR_DICTIONARIES.",
    ),
]


def _dictionaries(settings: Settings, extra: list[str] | None) -> tuple[str, ...]:
    return (*settings.actor_dictionaries, *(extra or ()))


VerbDictionaryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--verb-dictionary",
        help="Extra PETRARCH 2 verb dictionary (CAMEO.2.0.txt format); repeatable. "
        "Adds to DIPLOMAP_VERB_DICTIONARIES.",
    ),
]


def _verb_options(settings: Settings, extra: list[str] | None) -> dict[str, Any]:
    """``load_pipeline`` options for the verb dictionaries; says on stderr what each one holds."""
    paths = (*settings.verb_dictionaries, *(extra or ()))
    if not paths:
        return {}
    from diplomap.nlp.events.petrarch import load_verb_dictionary

    for path in paths:
        loaded = load_verb_dictionary(path, skip_bad_lines=settings.skip_bad_verb_lines)
        err.print(_escape(loaded.summary()), highlight=False)
    return {
        "verb_dictionaries": paths,
        "verb_dictionary_priority": settings.verb_dictionary_priority,
        "skip_bad_verb_lines": settings.skip_bad_verb_lines,
    }


def _with_verb_dictionaries(settings: Settings, extra: list[str] | None) -> Settings:
    """``settings`` with the ``--verb-dictionary`` files added; says on stderr what each one holds."""
    options = _verb_options(settings, extra)
    return settings.replace(verb_dictionaries=options["verb_dictionaries"]) if options else settings


@actors_app.callback()
def _actors(
    context: typer.Context,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="Same as `actors list --unresolved`.")
    ] = False,
) -> None:
    if context.invoked_subcommand is None and unresolved:
        actors_list(unresolved=True, limit=50, as_json=False)


@actors_app.command("resolve")
def actors_resolve(
    text: Annotated[str, typer.Argument(help="An actor name, or a sentence.")],
    date: Annotated[
        str | None,
        typer.Option(
            help="The date the text speaks of (YYYY-MM-DD): people resolve to the office held then."
        ),
    ] = None,
    dictionary: DictionaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show how TEXT resolves: as one actor, and each actor mention in it."""
    from diplomap.ingest.dates import parse_date
    from diplomap.nlp.actors import read_actors

    with _errors():
        settings = _State.settings()
        day = parse_date(date).value if date else None
        reading = read_actors(text, day=day, dictionaries=_dictionaries(settings, dictionary))
    if as_json:
        _print_json(reading.as_dict())
        return
    whole = reading.as_one_actor
    out.print(
        f"[bold]as one actor:[/] {whole.code or '-'} ({whole.kind}; {_escape(whole.how)})"
        if whole
        else "[bold]as one actor:[/] nothing known",
        highlight=False,
    )
    table = Table(box=None, pad_edge=False)
    for column in ("mention", "code", "kind", "how"):
        table.add_column(column, overflow="fold")
    for mention in reading.mentions:
        resolution = mention.resolution
        table.add_row(mention.text, resolution.code or "-", resolution.kind, resolution.how)
    out.print(table)


@actors_app.command("list")
def actors_list(
    unresolved: Annotated[
        bool,
        typer.Option("--unresolved", help="List the names no dictionary knew instead, most frequent first."),
    ] = False,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """Actors mentioned in the store, most mentioned first."""
    with _errors(), _open_store(_State.settings()) as store:
        rows = store.actor_summary(unresolved=unresolved, limit=limit)
    if as_json:
        _print_json(rows)
        return
    columns = (
        ("text", "how", "mentions", "documents")
        if unresolved
        else ("code", "country", "mentions", "documents", "example")
    )
    table = Table(*columns, box=None, pad_edge=False)
    for row in rows:
        table.add_row(*(str(row[c] if row[c] is not None else "-") for c in columns))
    out.print(table)


@actors_app.command("check")
def actors_check(
    files: Annotated[list[str], typer.Argument(help="Dictionary files to check.")],
    skip_bad_lines: Annotated[
        bool, typer.Option(help="For PETRARCH files, report bad entries and keep the rest.")
    ] = False,
) -> None:
    """Load actor dictionaries and report what they hold, or the first problem with file and line."""
    from diplomap.errors import DictionaryError
    from diplomap.nlp.actors.dictionaries import load_dictionary

    failed = False
    for path in files:
        problems: list[DictionaryError] = []
        with _errors():
            entities = load_dictionary(path, on_error=problems.append if skip_bad_lines else None)
        for problem in problems:
            err.print(f"[yellow]skipped:[/] {_escape(str(problem))}", highlight=False)
        failed = failed or bool(problems)
        roles = sum(len(e.roles) for e in entities)
        out.print(
            f"{path}: {len(entities)} actors, {roles} roles"
            + (f", {len(problems)} bad entries skipped" if problems else ""),
            highlight=False,
        )
    if failed:
        raise typer.Exit(1)


@verbs_app.command("check")
def verbs_check(
    files: Annotated[list[str], typer.Argument(help="PETRARCH 2 verb dictionaries to check.")],
    skip_bad_lines: Annotated[
        bool, typer.Option(help="Report every bad line and read on, instead of stopping at the first.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Read verb dictionaries and report verbs and patterns loaded, what was left out and why."""
    from diplomap.nlp.events.petrarch import parse_verb_dictionary

    reports = []
    for path in files:
        with _errors():
            reports.append(parse_verb_dictionary(path, on_error=(lambda _: None) if skip_bad_lines else None))
    if as_json:
        _print_json([r.as_dict() for r in reports])
    for report in reports:
        for problem in report.errors:
            err.print(f"[yellow]skipped:[/] {_escape(str(problem))}", highlight=False)
        if as_json:
            continue
        out.print(_escape(report.summary()), highlight=False)
        for reason, count in report.skipped.most_common():
            out.print(f"  left out {count:>5}  {_escape(reason)}", highlight=False)
        for note, count in report.notes.most_common():
            out.print(f"  note     {count:>5}  {_escape(note)}", highlight=False)
    if any(r.errors for r in reports):
        raise typer.Exit(1)


@app.command("dyad")
def dyad(
    a: Annotated[str, typer.Argument(metavar="ACTOR_A", help="Actor code, e.g. PRK (matches PRKGOV...).")],
    b: Annotated[str, typer.Argument(metavar="ACTOR_B", help="The other actor's code, e.g. RUS.")],
    by: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    directed: Annotated[bool, typer.Option(help="Only events from ACTOR_A to ACTOR_B.")] = False,
    modality: Annotated[
        list[str] | None,
        typer.Option(
            help="Modalities to count (repeatable): asserted, negated, hedged, planned, assessment. "
            "Default: asserted."
        ),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    publisher: Annotated[str | None, typer.Option(help="Only documents from this publisher.")] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    origin: Annotated[
        str,
        typer.Option(
            help="Whose events: ours, or a data set imported with `diplomap import` (gdelt, icews)."
        ),
    ] = "ours",
) -> None:
    """Events between two actors period by period: quad classes, Goldstein, documents, publishers."""
    from diplomap.analysis.dyads import dyad_series
    from diplomap.ingest.dates import parse_date

    with _errors():
        start = parse_date(date_from).value if date_from else None
        end = _period_end(parse_date(date_to)) if date_to else None
        with _open_store(_State.settings()) as store:
            series = dyad_series(
                store,
                a,
                b,
                directed=directed,
                by=by,
                modalities=modality or ("asserted",),
                start=start,
                end=end,
                publisher=publisher,
                origin=origin,
            )
    rows = [p.as_dict() for p in series]
    columns = (
        "period",
        "events",
        "distinct_events",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "goldstein_sum",
        "goldstein_mean",
        "documents",
        "publishers",
    )
    if as_json:
        _print_json(rows)
    elif as_csv:
        _print_csv(rows, columns)
    else:
        short = (
            "period",
            "events",
            "distinct",
            "v.coop",
            "m.coop",
            "v.confl",
            "m.confl",
            "gs.sum",
            "gs.mean",
            "docs",
            "pubs",
        )
        table = Table(*short, box=None, pad_edge=False)
        for row in rows:
            table.add_row(*("-" if row[c] is None else str(row[c]) for c in columns))
        out.print(table)


@app.command("partners")
def partners_command(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Focal actor code, e.g. PRK.")],
    period: Annotated[
        str | None, typer.Option(help="The period: YYYY, YYYY-MM or YYYY-MM-DD (or give --from and --to).")
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    modality: Annotated[
        list[str] | None, typer.Option(help="Modalities to count (repeatable). Default: asserted.")
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Counterparts of ACTOR in a period, and the change since the period before it."""
    from diplomap.analysis.partners import partners

    with _errors():
        start, end = _period(period, date_from, date_to)
        with _open_store(_State.settings()) as store:
            ranked = partners(store, actor, start, end, modalities=modality or ("asserted",))
    rows = [p.as_dict() for p in ranked]
    columns = (
        "code",
        "events",
        "cooperation",
        "conflict",
        "goldstein_mean",
        "previous_events",
        "previous_goldstein_mean",
        "change",
        "trend",
    )
    if as_json:
        _print_json(rows)
    elif as_csv:
        _print_csv(rows, columns)
    else:
        table = Table(
            "code",
            "events",
            "coop",
            "confl",
            "gs.mean",
            "before",
            "gs.before",
            "change",
            "trend",
            box=None,
            pad_edge=False,
        )
        for row in rows:
            table.add_row(*("-" if row[c] is None else str(row[c]) for c in columns))
        out.print(table)


@app.command("assessments")
def assessments_command(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Focal actor code, e.g. PRK.")],
    with_actor: Annotated[
        str | None, typer.Option("--with", help="Only its relation with this actor.")
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """What authors and actors say of ACTOR's relations ("growing distance", "a stalemate"), with quotes."""
    from diplomap.analysis.assessments import find_assessments

    with _errors():
        start, end = _bounds(date_from, date_to)
        with _open_store(_State.settings()) as store:
            found = find_assessments(store, actor, other=with_actor, start=start, end=end)
    rows = [a.as_dict() for a in found]
    columns = ("date", "source", "target", "state", "score", "aspect", "holder", "cue", "sentence", "title")
    if as_json:
        _print_json(rows)
    elif as_csv:
        _print_csv(rows, columns)
    else:
        table = Table("date", "dyad", "state", "aspect", "holder", "cue", box=None, pad_edge=False)
        for row in rows:
            table.add_row(
                row["date"] or "-",
                f"{row['source']}-{row['target']}",
                row["state"],
                row["aspect"] or "-",
                row["holder"],
                row["cue"] or "-",
            )
        out.print(table)


@app.command("report")
def report_command(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Focal actor code, e.g. PRK.")],
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="First day: YYYY, YYYY-MM or YYYY-MM-DD (default: its first)."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help="Last day: YYYY, YYYY-MM or YYYY-MM-DD (default: its last)."),
    ] = None,
    report_format: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    by: Annotated[
        str | None, typer.Option(help="Period of the series: week, month, quarter or year. Default: by span.")
    ] = None,
    out_path: Annotated[
        str | None,
        typer.Option("--out", help="Write to this file instead of printing."),
    ] = None,
    overlay: Annotated[
        str | None,
        typer.Option(
            help="Lay the external events of this origin (gdelt, icews: `diplomap import`) beside ours."
        ),
    ] = None,
) -> None:
    """A briefing on ACTOR: partners, shifts with their events and quotes, assessments by author, charts."""
    from diplomap.report.briefing import build_briefing

    with _errors():
        if report_format not in ("md", "html"):
            raise ConfigError(f"--format {report_format!r} is not a report format; use md or html")
        target = Path(out_path) if out_path else None
        if target is not None and not target.parent.is_dir():
            raise ConfigError(f"folder {target.parent} does not exist; create it or choose another --out")
        start, end = _bounds(date_from, date_to)
        with _open_store(_State.settings()) as store:
            briefing = build_briefing(store, actor, start=start, end=end, by=by, overlay=overlay)
        if report_format == "html":
            from diplomap.report.html import render_html

            text = render_html(briefing)
        else:
            from diplomap.report.markdown import render_markdown

            text = render_markdown(briefing)
        if target is None:
            sys.stdout.write(text)
            return
        partial = target.with_name(target.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)  # a finished report or none: never half a file
    err.print(f"{target}: briefing on {briefing.name} ({briefing.actor}), {briefing.start} to {briefing.end}")


@app.command("serve")
def serve(
    host: Annotated[
        str,
        typer.Option(help="Address to listen on: 127.0.0.1 serves this machine only; 0.0.0.0 opens it."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the dashboard and the JSON API (docs at /api/docs); read-only unless DIPLOMAP_TOKEN is set."""
    import ipaddress

    import uvicorn

    from diplomap.web import create_app

    with _errors():
        settings = _State.settings()
        _open_store(settings).close()  # a bad store fails here in one line, not in the server's log
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and not settings.token:
        err.print(
            f"warning: {host} can be reached from other machines; the API is read-only "
            "(no DIPLOMAP_TOKEN), so they can read the store but not write to it",
            highlight=False,
        )
    elif not loopback:
        err.print(
            f"warning: {host} can be reached from other machines and the token travels in clear text "
            "over http; put a TLS proxy in front of the server",
            highlight=False,
        )
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    mode = "writes need the token" if settings.token else "read-only"
    out.print(
        f"diplomap dashboard on {base}/ and API on {base}/api ({mode}); docs at {base}/api/docs",
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port)


@app.command("corroborate")
def corroborate(
    window: Annotated[int, typer.Option(min=0, help="Days apart two reports of one event may be dated.")] = 3,
    similarity: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Least word overlap (Jaccard) of their sentences.")
    ] = 0.2,
    as_json: JsonOption = False,
) -> None:
    """Group reports of one event from several documents into clusters (counted once with --distinct)."""
    from dataclasses import asdict

    from diplomap.analysis.corroboration import cluster_events

    with _errors(), _open_store(_State.settings()) as store:
        report = cluster_events(store, window_days=window, min_similarity=similarity)
    if as_json:
        _print_json(asdict(report))
    else:
        out.print(
            f"events: {report.events:,} in {report.clusters:,} clusters; "
            f"{report.corroborated:,} reported by more than one document"
        )


@app.command("shifts")
def shifts_command(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Focal actor code, e.g. PRK.")],
    with_actor: Annotated[
        str | None, typer.Option("--with", help="Only its relation with this actor.")
    ] = None,
    by: Annotated[str, typer.Option(help="Period label for shifts: week, month, quarter or year.")] = "month",
    alpha: Annotated[float, typer.Option(min=0.0, max=1.0, help="Significance level of the test.")] = 0.05,
    as_json: JsonOption = False,
) -> None:
    """Significant shifts in ACTOR's relations (change points, tested), with the events behind them."""
    from diplomap.analysis.shifts import shifts

    with _errors(), _open_store(_State.settings()) as store:
        found = shifts(store, actor, other=with_actor, by=by, alpha=alpha)
    rows = [s.as_dict() for s in found]
    if as_json:
        _print_json(rows)
        return
    table = Table(
        "with",
        "from",
        "direction",
        "before",
        "after",
        "change",
        "n",
        "p",
        "drivers",
        box=None,
        pad_edge=False,
    )
    for row in rows:
        table.add_row(
            row["counterpart"],
            row["period"],
            row["direction"],
            str(row["before_mean"]),
            str(row["after_mean"]),
            str(row["change"]),
            f"{row['before_events']}/{row['after_events']}",
            f"{row['p_value']:.4f}",
            " ".join(map(str, row["drivers"])),
        )
    out.print(table)


@app.command("network")
def network_command(
    out_path: Annotated[str, typer.Option("--out", help="File to write: .graphml or .json.")],
    period: Annotated[str | None, typer.Option(help="The period: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    modality: Annotated[
        list[str] | None, typer.Option(help="Modalities to count (repeatable). Default: asserted.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write the network of actors (nodes) and their cooperation and conflict (weighted edges) in a period."""
    from diplomap.analysis.network import network, summary, write_network

    with _errors():
        start, end = _period(period, date_from, date_to)
        with _open_store(_State.settings()) as store:
            graph = network(store, start, end, modalities=modality or ("asserted",))
        written = write_network(graph, out_path)
    details = {**summary(graph), "format": written, "out": out_path}
    if as_json:
        _print_json(details)
    else:
        out.print(
            f"{out_path}: {details['nodes']} actors, {details['edges']} edges, {details['events']} events "
            f"({written})",
            highlight=False,
        )


def _print_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _period(period: str | None, date_from: str | None, date_to: str | None) -> tuple[Any, Any]:
    """First and last day from --period (a year, month or day) or from --from and --to."""
    from diplomap.ingest.dates import parse_date

    if period is None and not (date_from and date_to):
        _fail("give --period YYYY (or YYYY-MM), or both --from and --to", code=2)
    if period is not None:
        chosen = parse_date(period)
        return chosen.value, _period_end(chosen)
    return _bounds(date_from, date_to)


def _bounds(date_from: str | None, date_to: str | None) -> tuple[Any, Any]:
    """Optional first and last day from --from and --to (each YYYY, YYYY-MM or YYYY-MM-DD)."""
    from diplomap.ingest.dates import parse_date

    start = parse_date(date_from).value if date_from else None
    return start, _period_end(parse_date(date_to)) if date_to else None


def _period_end(published: Any) -> Any:
    """The last day a month- or year-precision date stands for."""
    from datetime import date, timedelta

    value = published.value
    if published.precision == "year":
        return date(value.year, 12, 31)
    if published.precision == "month":
        return date(value.year + (value.month == 12), value.month % 12 + 1, 1) - timedelta(days=1)
    return value


_EVAL_FORMATS = ("plover-gsr", "petrarch-xml", "conflibert-class", "conflibert-ner", "ngec-actors")


@app.command("eval")
def evaluate(
    gold: Annotated[str, typer.Option(help="Gold file to score against.")],
    format: Annotated[
        str,
        typer.Option(
            help="Gold format: plover-gsr (PLOVER gold standard JSON), petrarch-xml (PETRARCH unit-test "
            "records), conflibert-class (sentence TAB label 0-4), conflibert-ner (CoNLL with S/T/R spans), "
            "ngec-actors (actor string + date -> country and sector, JSONL)."
        ),
    ],
    dictionary: DictionaryOption = None,
    verb_dictionary: VerbDictionaryOption = None,
    misses: Annotated[
        int, typer.Option(min=0, help="Also print this many misses (JSON lines on stderr).")
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """Score diplomap against human-coded gold data and print the metrics."""
    if format not in _EVAL_FORMATS:
        _fail(f"unknown --format {format!r}; choose one of: {', '.join(_EVAL_FORMATS)}", code=2)
    with _errors():
        settings = _State.settings()
        if not Path(gold).is_file():
            _fail(f"{gold}: no such gold file; check the path", code=1)
        dictionaries = _dictionaries(settings, dictionary)
        if format == "ngec-actors":
            from diplomap.evaluate.actors import read_actor_cases, score_actor_resolution
            from diplomap.nlp.actors.knowledge import load_knowledge

            scores = score_actor_resolution(read_actor_cases(gold), load_knowledge(dictionaries))
            result, missed = scores.as_dict(), scores.misses
        else:
            from diplomap.evaluate.events import evaluate_file
            from diplomap.nlp.pipeline import load_pipeline

            nlp = load_pipeline(
                settings.model, dictionaries=dictionaries, **_verb_options(settings, verb_dictionary)
            )
            evaluated = evaluate_file(gold, format, nlp, batch_size=settings.batch_size)
            result, missed = evaluated.as_dict(), evaluated.misses
    if as_json:
        _print_json(result)
    else:
        table = Table("metric", "value", box=None, pad_edge=False)
        table.add_row("n", str(result["n"]))
        for name, value in result["metrics"].items():
            table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
        out.print(table)
    for miss in missed[:misses]:
        err.print(_escape(json.dumps(miss, ensure_ascii=False, default=str)), highlight=False)


@app.command("code")
def code(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files of sentences or documents: text (one a line) or JSONL with id, text, "
            "optional date. None or '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date for records without one (YYYY-MM-DD, YYYY-MM or YYYY)."),
    ] = None,
    dictionary: DictionaryOption = None,
    verb_dictionary: VerbDictionaryOption = None,
) -> None:
    """Code events and write them as JSON lines to standard output; nothing is stored."""
    from diplomap.coding import code_records, read_code_files
    from diplomap.errors import InputError
    from diplomap.ingest.dates import parse_date
    from diplomap.nlp.pipeline import load_pipeline

    failures: list[InputError] = []
    with _errors():
        settings = _State.settings()
        default_date = parse_date(date) if date else None
        nlp = load_pipeline(
            settings.model,
            dictionaries=_dictionaries(settings, dictionary),
            **_verb_options(settings, verb_dictionary),
        )

        records = read_code_files(inputs or ["-"], default_date=default_date, errors=failures)
        for event in code_records(records, nlp, batch_size=settings.batch_size, errors=failures):
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    for failure in failures:
        err.print(f"[red]failed:[/] {_escape(str(failure))}", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    export_format: Annotated[
        str, typer.Option("--format", help="gdelt, icews, plover (JSON lines), csv or parquet.")
    ],
    out_path: Annotated[
        str | None,
        typer.Option("--out", help="File to write (default: standard output; parquet needs one)."),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    actor: Annotated[
        str | None, typer.Option(help="Only events whose source or target starts with this code (PRK).")
    ] = None,
    modality: Annotated[
        list[str] | None,
        typer.Option(
            help="Modalities to export (repeatable). Default: asserted for gdelt, icews and plover; all "
            "for csv and parquet, which have a modality column."
        ),
    ] = None,
    dictionary: Annotated[
        bool, typer.Option("--dictionary", help="Print the format's fields and what each holds, and exit.")
    ] = False,
) -> None:
    """Write the store's events as GDELT 2.0, ICEWS or PLOVER records, or as CSV or Parquet of our columns."""
    from diplomap.interop import EventFilter, data_dictionary, export_events

    with _errors():
        if dictionary:
            sys.stdout.write(data_dictionary(export_format))
            return
        start, end = _bounds(date_from, date_to)
        selection = EventFilter(start, end, actor, tuple(modality) if modality else None)
        with _open_store(_State.settings()) as store:
            report = export_events(store, format=export_format, out=out_path, selection=selection)
    skipped = f", {report.skipped:,} skipped (no date or not expressible in {export_format})"
    err.print(
        f"{report.out or 'stdout'}: {report.written:,} events as {export_format}"
        + (skipped if report.skipped else "")
        + (f"; data dictionary in {report.dictionary}" if report.dictionary else ""),
        highlight=False,
    )


@app.command("import")
def import_command(
    files: Annotated[
        list[str], typer.Argument(help="GDELT 2.0 .export.CSV files or ICEWS event files, plain or .zip.")
    ],
    import_format: Annotated[str, typer.Option("--format", help="gdelt or icews.")],
    origin: Annotated[
        str | None,
        typer.Option(help="Name to tag the events with (default: the format), e.g. icews-2018."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Store events coded by GDELT or ICEWS as external events, to overlay ours (`dyad --origin`)."""
    from diplomap.interop import import_events

    with _errors(), _open_store(_State.settings()) as store, _progress() as progress:
        task = progress.add_task("importing", total=None)
        report = import_events(
            store,
            files,
            format=import_format,
            origin=origin,
            progress=lambda r: progress.update(task, completed=r.rows),
        )
    if as_json:
        _print_json(report.as_dict())
    else:
        for problem in report.errors[:_SHOWN_ERRORS]:
            err.print(f"[yellow]skipped:[/] {_escape(str(problem))}", highlight=False)
        if len(report.errors) > _SHOWN_ERRORS:
            err.print(f"... and {report.problems - _SHOWN_ERRORS:,} more problems", highlight=False)
        out.print(
            f"{report.origin}: {report.new:,} new events, {report.unchanged:,} already stored, "
            f"{report.skipped:,} rows skipped, from {report.files} of {len(files)} files",
            highlight=False,
        )
    if report.errors:
        raise typer.Exit(1)


_SHOWN_ERRORS = 5


@app.command()
def info(as_json: JsonOption = False) -> None:
    """Store location, counts, the model in use and the dictionaries it codes with."""
    from diplomap.interop import external_counts
    from diplomap.nlp.pipeline import PipelineSpec, resolve_model

    with _errors():
        settings = _State.settings()
        spec = PipelineSpec.from_settings(settings)
        with _open_store(settings) as store:
            details: dict[str, Any] = {
                "version": __version__,
                "store": store.url,
                "counts": store.counts(),
                "model": resolve_model(settings.model),
                "actor_dictionaries": list(settings.actor_dictionaries),
                "verb_dictionaries": spec.verb_dictionary_files(),
                "verb_dictionary_priority": settings.verb_dictionary_priority,
                "events_component": spec.events_identity(),
                "annotated_by": store.pipelines(),
                "external_events": external_counts(store),
            }
    if as_json:
        _print_json(details)
        return
    out.print(f"[bold]store:[/] {details['store']}", highlight=False)
    out.print(f"[bold]model:[/] {details['model']}", highlight=False)
    for found in details["verb_dictionaries"]:
        digest = f"sha256 {found['sha256']}" if found["sha256"] else "[red]cannot be read[/]"
        out.print(f"[bold]verb dictionary:[/] {_escape(found['path'])} ({digest})", highlight=False)
    if details["verb_dictionaries"] and details["events_component"]:
        out.print(f"[bold]events coded as:[/] {_escape(details['events_component'])}", highlight=False)
    for name, count in details["counts"].items():
        out.print(f"  {name.replace('_', ' ')}: {count:,}")
    for pipeline, count in details["annotated_by"].items():
        out.print(f"  annotated by {_escape(pipeline)}: {count:,}", highlight=False)
    for origin, count in details["external_events"].items():
        out.print(f"  external events from {_escape(origin)}: {count:,}", highlight=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="diplomap")


if __name__ == "__main__":
    main()
