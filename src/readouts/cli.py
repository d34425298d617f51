"""The `readouts` command line: thin wrappers around the library's functions.

Each command parses arguments, calls one documented Python function and
prints its result. Errors are one line on stderr with a numbered code; exit
codes are documented in the README. Tracebacks only with `--debug`.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from readouts import __version__
from readouts.errors import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    ReadoutsError,
)
from readouts.schema import Extraction, json_schema

app = typer.Typer(
    add_completion=False, no_args_is_help=True,
    help="Readouts: diplomatic press releases in, structured engagements out.",
)
out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)
STATE = {"debug": False}


def fail(error: Exception, code: int = EXIT_FAILED) -> None:
    """Print one line for the user and exit; the traceback only with --debug."""
    if STATE["debug"]:
        raise error
    err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    raise typer.Exit(code)


def _print_line(line: str) -> None:
    """Write one whole line to stdout before returning. Python's buffered stdout can drop the rest of
    a long line when a signal (Ctrl-C) lands while a write to a slow pipe is blocked (seen with
    CPython 3.11), so the bytes go to the descriptor with os.write, resumed after each partial write."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # stdout captured (CliRunner, a notebook): no descriptor
        sys.stdout.write(line)
        return
    sys.stdout.flush()
    data = memoryview(line.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"))
    while data:
        data = data[os.write(fd, data):]


def _published(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    from readouts.ingest import parse_date

    try:
        return parse_date(value)
    except ReadoutsError as exc:
        fail(exc, EXIT_USAGE)


def _print_version(value: bool) -> None:
    """--version: eager, so it answers before Click asks for a command."""
    if value:
        out.print(f"readouts {__version__}", highlight=False)
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_print_version),
) -> None:
    STATE["debug"] = debug
    _show_warnings()


class _WarningLine(logging.Handler):
    """Numbered warnings from the library (W001 NULs dropped, W002 duplicate id) as one line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[yellow]warning:[/] {record.getMessage()}", highlight=False)


def _show_warnings() -> None:
    logger = logging.getLogger("readouts")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine(logging.WARNING))


def _names(extraction: Extraction, ids: list[str]) -> str:
    names = []
    for actor_id in ids:
        actor = extraction.actor(actor_id)
        names.append(f"{actor.name} ({actor.country or '?'})")
    return ", ".join(names)


def render_extraction(extraction: Extraction) -> Table:
    """A readable table of one document's engagements: who, when, where, about what."""
    initiatives = {i.id: i.acronym or i.name for i in extraction.initiatives}
    title = extraction.title or extraction.id
    table = Table(title=f"{title}  [dim]{extraction.published or ''}[/]", title_justify="left",
                  show_lines=True, expand=False)
    for column in ("event", "who", "when", "where", "topics", "initiatives", "codes"):
        table.add_column(column, overflow="fold")
    for event in extraction.events:
        who = _names(extraction, event.participants)
        if event.type == "visit":
            who = f"{_names(extraction, event.visitors)} → {event.host_country}"
        if event.groups:
            who += ("; " if who else "") + "; ".join(event.groups)
        if not who:
            who = " & ".join(event.countries)
        when = event.start or ""
        if event.end and event.end != event.start:
            when += f" to {event.end}"
        where = ""
        if event.location is not None:
            where = f"{event.location.name or ''} ({event.location.country or '?'})"
        kind = event.type + ("" if event.status == "held" else f" [{event.status}]")
        codes = f"CAMEO {event.cameo}\n{event.plover.type}/{event.plover.mode or '-'}" if event.plover else ""
        table.add_row(kind, who, when, where, ", ".join(event.topics),
                      ", ".join(initiatives.get(i, i) for i in event.initiatives), codes)
    if not extraction.events:
        table.add_row("[dim]no engagement found[/]", "", "", "", "", "", "")
    caption = []
    people = [a for a in extraction.actors if a.participant]
    if people:
        caption.append("people: " + "; ".join(
            f"{a.name}, {a.title or 'no title'} ({a.country or '?'})" for a in people))
    if extraction.commitments:
        caption.append("commitments: " + "; ".join(c.text for c in extraction.commitments))
    table.caption = "\n".join(caption)
    table.caption_justify = "left"
    return table


# --engine dask (readouts.scale). Annotated options keep plain defaults, so `demo` can call the commands.
Engine = Annotated[str, typer.Option("--engine", help="local (this process) or dask (a Dask cluster, see README).")]
Scheduler = Annotated[Optional[str], typer.Option(
    "--scheduler", help="--engine dask: the scheduler's address tcp://HOST:PORT (default: start a local cluster).")]
Workers = Annotated[Optional[int], typer.Option(
    "--workers", min=1, help="Worker processes: local engine default 1; --engine dask without --scheduler default 2.")]
Triage = Annotated[bool, typer.Option(
    "--triage/--no-triage", help="Skip documents with no engagement language before parsing (default on).")]
Resume = Annotated[bool, typer.Option(
    "--resume", help="With --output: keep the documents already in the file and go on with the rest.")]
PartitionSize = Annotated[int, typer.Option("--partition-size", min=1, help="--engine dask: documents per partition.")]
ParquetText = Annotated[str, typer.Option("--text-column", help="Parquet input: the column holding the text.")]
IdColumn = Annotated[Optional[str], typer.Option("--id-column", help="Parquet input: the document id column (default id).")]
TitleColumn = Annotated[Optional[str], typer.Option("--title-column", help="Parquet input: title column (default title).")]
DateColumn = Annotated[Optional[str], typer.Option(
    "--published-column", help="Parquet input: publication date column (default published).")]
UrlColumn = Annotated[Optional[str], typer.Option("--url-column", help="Parquet input: URL column (default url).")]
SourceColumn = Annotated[Optional[str], typer.Option("--source-column", help="Parquet input: source column (default source).")]


def _engine(value: str) -> str:
    if value not in ("local", "dask"):
        fail(ReadoutsError("E015", value=value, allowed="local, dask"), EXIT_USAGE)
    return value


def _on_dask(run, *args, **options) -> None:
    """Run a `readouts.scale` command on Dask and exit with its code; its errors become one line."""
    try:
        code = run(*args, console=err, **options)
    except ReadoutsError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: finished partitions are kept; run the same command again to resume")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., readable=False,  # an unreadable file is E009 for that file alone
                                       help=".txt, .html, .jsonl files or directories of them."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every document."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="table or json (JSON Lines). Default: table on a terminal."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSON Lines to this file "
                                          "(--engine dask: a directory of Parquet partitions)."),
    engine: Engine = "local", scheduler: Scheduler = None, workers: Workers = None, partition_size: PartitionSize = 100,
    text_column: ParquetText = "text", id_column: IdColumn = None, title_column: TitleColumn = None,
    published_column: DateColumn = None, url_column: UrlColumn = None, source_column: SourceColumn = None,
    triage: Triage = True, resume: Resume = False,
) -> None:
    """Extract engagements from documents and print them (or write JSON Lines with --output)."""
    from readouts.extract.engine import ExtractionFailure
    from readouts.ingest import IngestFailure, ParquetColumns, read_documents

    columns = ParquetColumns(text_column, id_column, title_column, published_column, url_column, source_column)
    if _engine(engine) == "dask":
        from readouts.scale.commands import run_extract_dask

        _on_dask(run_extract_dask, paths, scheduler=scheduler, workers=workers, partition_size=partition_size,
                 output=output, published=_published(published), columns=columns, triage=triage)

    fmt = format or ("json" if output or not sys.stdout.isatty() else "table")
    if fmt not in ("table", "json"):
        fail(ReadoutsError("E015", value=fmt, allowed="table, json"), EXIT_USAGE)
    if resume and output is None:
        fail(ReadoutsError("E016", option="--resume", needs="--output FILE (the file to go on writing)"), EXIT_USAGE)
    from readouts.runs import JsonlOutput, RunSummary, check_output_apart, count_documents

    when = _published(published)
    summary = RunSummary()
    if output:
        try:
            check_output_apart(output, paths)  # before the output is opened (and truncated)
        except ReadoutsError as exc:
            fail(exc, EXIT_USAGE)
    try:
        sink = JsonlOutput(output, resume=resume) if output else None
    except ReadoutsError as exc:
        fail(exc)
    if sink:
        for line in sink.warnings:
            err.print(f"[yellow]warning:[/] {line}", highlight=False)
    done_before = set(sink.done) if sink else set()

    def documents():
        for item in read_documents(paths, published=when, columns=columns):
            if isinstance(item, IngestFailure):
                summary.failed[item.error.code] += 1
                err.print(f"[yellow]skipped:[/] {item.message}", highlight=False)
                progress.advance(task)
            elif item.id in done_before:
                summary.skipped["already in the output (resumed)"] += 1
                progress.advance(task)
            else:
                yield item
                continue
            if interrupted():
                raise KeyboardInterrupt

    progress = _run_progress("extracting")
    extractor = None
    try:
        extractor = _local_extractor(workers, triage)  # Ctrl-C while the workers start is handled below too
        with progress, _interrupt_between_documents() as interrupted:
            task = progress.add_task("extract", total=count_documents(paths))
            for extraction in extractor.extract_many(documents()):
                progress.advance(task)
                if isinstance(extraction, ExtractionFailure):
                    if STATE["debug"]:
                        raise extraction.error
                    summary.failed[extraction.error.code] += 1
                    err.print(f"[red]failed:[/] {extraction.message}", highlight=False)
                else:
                    summary.record(extraction)
                    if sink:
                        sink.write(extraction)
                    elif fmt == "json":
                        _print_line(extraction.model_dump_json() + "\n")
                    else:
                        out.print(render_extraction(extraction))
                if interrupted():
                    raise KeyboardInterrupt  # after a whole line is written
    except ReadoutsError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: every line written is complete; run again with --resume to go on")
        raise typer.Exit(130) from None
    finally:
        if extractor is not None and hasattr(extractor, "close"):
            extractor.close()
        if sink:
            try:
                sink.close()
            except ReadoutsError as exc:  # the last lines could not be flushed (disk full)
                fail(exc)
    if output or summary.failed or summary.skipped:
        for line in summary.lines():
            err.print(line, highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL if summary.processed else EXIT_FAILED)


def _local_extractor(workers: Optional[int], triage: bool):
    """One process (`Extractor`) or several (`ParallelExtractor`), with triage on or off."""
    from readouts.extract.engine import Extractor

    if workers and workers > 1:
        from readouts.parallel import ParallelExtractor

        return ParallelExtractor(workers=workers, triage=triage)
    return Extractor(triage=triage)


class RateColumn(ProgressColumn):
    """Documents per second, averaged by Rich over the last moments of the run."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} docs/s" if task.speed else "", style="progress.data.speed")


def _run_progress(label: str) -> Progress:
    """Progress of a long run on stderr: count, documents/s and time left (when the total is known)."""
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                    TextColumn("left"), TimeRemainingColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


@app.command("eval")
def evaluate_command(
    gold_dir: Path = typer.Argument(..., help="Folder of NAME.txt, NAME.meta.json and NAME.gold.json."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also score each document and list its errors."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
    triage: Triage = True,
) -> None:
    """Score the extractor against gold annotations (precision, recall, F1)."""
    from readouts.evaluate import evaluate, render_report
    from readouts.extract.engine import Extractor

    if format not in ("table", "json"):
        fail(ReadoutsError("E015", value=format, allowed="table, json"), EXIT_USAGE)
    try:
        report = evaluate(gold_dir, Extractor(triage=triage).extract)
    except ReadoutsError as exc:
        fail(exc)
    except Exception as exc:  # noqa: BLE001 - an extractor bug: one line, traceback with --debug
        fail(ReadoutsError("E030", id="(evaluation)", reason=f"{type(exc).__name__}: {exc}"))
    if format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.print(render_report(report, per_doc=per_doc))


DB_OPTION = typer.Option(None, "--db", help="Database URL (default: $READOUTS_DB or sqlite:///readouts.db).")


def _open_store(db: Optional[str]):
    from readouts.store import Store

    try:
        return Store.open(db)
    except ReadoutsError as exc:
        fail(exc)


def _ask(db: Optional[str], question, *args):
    """Open the knowledge base, run `question(store, *args)`, close it; errors become one line."""
    store = _open_store(db)
    try:
        return question(store, *args)
    except ReadoutsError as exc:
        fail(exc)
    finally:
        store.close()


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., readable=False,  # an unreadable file is E009 for that file alone
                                       help=".txt, .html, .jsonl files or directories of them."),
    db: Optional[str] = DB_OPTION,
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every document."),
    engine: Engine = "local", scheduler: Scheduler = None, workers: Workers = None, partition_size: PartitionSize = 100,
    text_column: ParquetText = "text", id_column: IdColumn = None, title_column: TitleColumn = None,
    published_column: DateColumn = None, url_column: UrlColumn = None, source_column: SourceColumn = None,
    triage: Triage = True,
) -> None:
    """Extract documents and store them in the knowledge base (idempotent)."""
    from readouts.ingest import IngestFailure, ParquetColumns, read_documents

    columns = ParquetColumns(text_column, id_column, title_column, published_column, url_column, source_column)
    if _engine(engine) == "dask":
        from readouts.scale.commands import run_ingest_dask

        _on_dask(run_ingest_dask, paths, db=db, scheduler=scheduler, workers=workers, partition_size=partition_size,
                 published=_published(published), columns=columns, triage=triage)

    when = _published(published)
    store = _open_store(db)
    failures: list[IngestFailure] = []

    def documents():
        for item in read_documents(paths, published=when, columns=columns):
            if isinstance(item, IngestFailure):
                failures.append(item)
                err.print(f"[yellow]skipped:[/] {item.message}", highlight=False)
                progress.advance(task)
            else:
                yield item

    from readouts.runs import count_documents

    progress = _run_progress("ingesting")
    extractor = None
    try:
        extractor = _local_extractor(workers, triage)
        with progress, _interrupt_between_documents() as interrupted:
            task = progress.add_task("ingest", total=count_documents(paths))

            def tick(key: str, outcome: str) -> None:
                progress.advance(task)
                if interrupted():
                    raise KeyboardInterrupt  # after a whole document is stored

            summary = store.ingest(documents(), extractor=extractor, progress=tick)
    except ReadoutsError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: every document stored so far is complete; run again to resume")
        raise typer.Exit(130)
    finally:
        store.close()
        if hasattr(extractor, "close"):
            extractor.close()
    for key, message in summary.failed:
        err.print(f"[red]failed:[/] {message}", highlight=False)
    failures.extend(summary.failed)
    err.print(f"{summary.stored} stored ({summary.near_duplicates} near-duplicates linked), "
              f"{summary.replaced} replaced, {summary.unchanged} unchanged (already stored), "
              f"{summary.duplicates} exact duplicates, {summary.not_diplomatic} not diplomatic (triage: stored "
              f"without facts), {len(failures)} failed", highlight=False)
    if failures:
        raise typer.Exit(EXIT_PARTIAL if summary.processed else EXIT_FAILED)


db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: Optional[str] = DB_OPTION) -> None:
    """Apply pending schema migrations (also done automatically on first use)."""
    from readouts.store.database import database_url, migrate, open_engine

    try:
        engine = open_engine(db, upgrade=False)
        revision = migrate(engine)
    except ReadoutsError as exc:
        fail(exc)
    out.print(f"{database_url(db)}: schema at revision {revision}")


query_app = typer.Typer(help="Ask the knowledge base.", no_args_is_help=True)
app.add_typer(query_app, name="query")
@contextmanager
def _interrupt_between_documents():
    """Ctrl-C during a run: the first press is noted and acted on between documents (the yielded check),
    a second one interrupts at once. A KeyboardInterrupt raised wherever the signal lands can fall in a
    finaliser (SQLAlchemy's state cleanup), where Python prints and ignores it and the run goes on."""
    asked = False

    def note(signum, frame) -> None:
        nonlocal asked
        if asked:
            raise KeyboardInterrupt
        asked = True

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield lambda: asked
    finally:
        signal.signal(signal.SIGINT, previous)


FORMAT_OPTION = typer.Option("table", "--format", "-f", help="table, json or csv.")


def _plain(answer):
    """An answer of `readouts.answers` (or a list of them) as JSON-ready dicts; dicts pass as they are."""
    from pydantic import BaseModel

    if isinstance(answer, BaseModel):
        return answer.model_dump(mode="json", by_alias=True)
    if isinstance(answer, list):
        return [_plain(item) for item in answer]
    return answer


def _emit(rows, fmt: str, columns: list[str], title: str = "") -> None:
    """Print rows (dicts, or answers of `readouts.answers`) as a Rich table, JSON or CSV."""
    import csv

    rows = _plain(rows)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    flat = [{c: _cell(row.get(c)) for c in columns} for row in rows]
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(flat)
        return
    if fmt != "table":
        fail(ReadoutsError("E015", value=fmt, allowed="table, json, csv"), EXIT_USAGE)
    table = Table(title=title or None, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in flat:
        table.add_row(*[row[c] for c in columns])
    out.print(table)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        if "name" in value and "country" in value:
            return f"{value.get('name') or ''} ({value.get('country') or '?'})"
        return ", ".join(f"{k}={v}" for k, v in value.items() if v)
    return str(value)


def _date_option(value: Optional[str]):
    return _published(value) if value else None


ENGAGEMENT_COLUMNS = ["id", "date", "type", "status", "cameo", "participants", "countries", "location", "topics",
                      "initiatives", "sources", "urls"]


def _engagement_table(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["urls"] = [s["url"] for s in row["sources"] if s.get("url")]
        row["sources"] = [s["title"] or s["document"] for s in row["sources"]]
    return rows


@query_app.command("timeline")
def query_timeline(
    country: str = typer.Argument(..., help="Country name or ISO3, e.g. India or IND."),
    other: Optional[str] = typer.Argument(None, help="Second country for a dyad, e.g. USA."),
    since: Optional[str] = typer.Option(None, "--from", help="YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--to", help="YYYY-MM-DD"),
    db: Optional[str] = DB_OPTION, format: str = FORMAT_OPTION,
) -> None:
    """Engagements of a country, or between two countries, oldest first."""
    from readouts.store import queries

    rows = _plain(_ask(db, queries.timeline, country, other, _date_option(since), _date_option(until)))
    if format != "json":
        rows = _engagement_table(rows)
    _emit(rows, format, ENGAGEMENT_COLUMNS, f"{country}{' – ' + other if other else ''}: {len(rows)} engagements")


@query_app.command("person")
def query_person(name: str = typer.Argument(..., help="A name or handle."), db: Optional[str] = DB_OPTION,
                 format: str = FORMAT_OPTION) -> None:
    """A person's offices over time, counterparts and engagements."""
    from readouts.store import queries

    page = _plain(_ask(db, queries.person, name))
    if format == "json":
        _emit(page, "json", [])
        return
    out.print(f"[bold]{page['name']}[/] ({page['country'] or '?'})  handle: {page['handle']}  "
              f"also written: {', '.join(page['names'])}")
    if len(page.get("sides", [])) > 1:  # the documents disagree on the side: show the weight of each
        out.print("sides in the documents: " + ", ".join(f"{s['country']} {s['documents']}" for s in page["sides"]))
    _emit(page["offices"], format, ["title", "organization", "country", "first_seen", "last_seen", "documents"],
          "offices")
    _emit(page["counterparts"], format, ["name", "country", "engagements", "handle"], "counterparts")
    _emit(_engagement_table(page["engagements"]), format, ENGAGEMENT_COLUMNS, "engagements")


@query_app.command("initiative")
def query_initiative(name: str = typer.Argument(..., help="Name or acronym, e.g. COMPACT."),
                     db: Optional[str] = DB_OPTION, format: str = FORMAT_OPTION) -> None:
    """An initiative's mentions over time, engagements and commitments."""
    from readouts.store import queries

    page = _plain(_ask(db, queries.initiative, name))
    if format == "json":
        _emit(page, "json", [])
        return
    out.print(f"[bold]{page['name']}[/] {('(' + page['acronym'] + ')') if page['acronym'] else ''} {page['kind']}")
    _emit([{"month": k, "mentions": v} for k, v in page["mentions_by_month"].items()], format,
          ["month", "mentions"], "mentions")
    _emit(_engagement_table(page["engagements"]), format, ENGAGEMENT_COLUMNS, "engagements")
    _emit(page["commitments"], format, ["published", "people", "text"], "commitments")


@query_app.command("dyads")
def query_dyads(limit: int = typer.Option(20, help="How many."), db: Optional[str] = DB_OPTION,
                format: str = FORMAT_OPTION) -> None:
    """The most active country pairs."""
    from readouts.store import queries

    _emit(_ask(db, queries.dyads, limit), format, ["a", "b", "engagements"], "most active country pairs")


@query_app.command("people")
def query_people(limit: int = typer.Option(20, help="How many."), db: Optional[str] = DB_OPTION,
                 format: str = FORMAT_OPTION) -> None:
    """The people in the most engagements."""
    from readouts.store import queries

    _emit(_ask(db, queries.top_people, limit), format, ["name", "country", "engagements", "handle"],
          "most active people")


@query_app.command("search")
def query_search(words: str = typer.Argument(..., help="Words to look for."), db: Optional[str] = DB_OPTION,
                 format: str = FORMAT_OPTION) -> None:
    """Full-text search over documents and names."""
    from readouts.store import queries

    found = _plain(_ask(db, queries.search, words))
    if format == "json":
        _emit(found, "json", [])
        return
    _emit(found["people"], format, ["name", "country", "handle"], "people")
    _emit(found["documents"], format, ["published", "title", "snippet", "document"], "documents")


people_app = typer.Typer(help="Correct people: merge, split, fix a country, review merge suggestions.",
                         no_args_is_help=True)
app.add_typer(people_app, name="people")
events_app = typer.Typer(help="Correct engagements.", no_args_is_help=True)
app.add_typer(events_app, name="events")
NOTE_OPTION = typer.Option(None, "--note", help="Why (kept with the correction).")


@people_app.command("merge")
def people_merge(keep: str, other: str, db: Optional[str] = DB_OPTION, note: Optional[str] = NOTE_OPTION) -> None:
    """Make OTHER the same person as KEEP (names or handles)."""
    _ask(db, lambda store: store.merge_people(keep, other, note))
    out.print(f"merged {other} into {keep}; kept across re-ingest")


@people_app.command("split")
def people_split(person: str, document: str = typer.Option(..., "--document", help="Document key."),
                 name: Optional[str] = typer.Option(None, help="Name of the other person."),
                 db: Optional[str] = DB_OPTION, note: Optional[str] = NOTE_OPTION) -> None:
    """Say that PERSON's mentions in one document are somebody else."""
    _ask(db, lambda store: store.split_person(person, document, name, note))
    out.print(f"split {person} in {document}")


@people_app.command("set-country")
def people_set_country(person: str, country: str, db: Optional[str] = DB_OPTION,
                       note: Optional[str] = NOTE_OPTION) -> None:
    """Fix the side PERSON represents (ISO3 or a country name)."""
    from readouts.store.queries import country_code

    _ask(db, lambda store: store.set_country(person, country_code(country), note))
    out.print(f"{person}: country set to {country_code(country)}")


@people_app.command("suggest")
def people_suggest(
    limit: int = typer.Option(20, help="How many suggestions to list."),
    accept: Optional[int] = typer.Option(None, "--accept", help="Merge the two people of suggestion N."),
    reject: Optional[int] = typer.Option(None, "--reject", help="Keep the two of suggestion N apart for good."),
    db: Optional[str] = DB_OPTION, format: str = FORMAT_OPTION, note: Optional[str] = NOTE_OPTION,
) -> None:
    """Likely duplicates that resolution did not merge, with the evidence for and against; --accept N
    or --reject N applies your choice as a correction (kept across re-ingest)."""
    if accept is not None and reject is not None:
        fail(ReadoutsError("E016", option="--accept", needs="no --reject in the same command"), EXIT_USAGE)
    if accept is not None or reject is not None:
        number = accept if accept is not None else reject
        item = _ask(db, lambda store: store.decide_suggestion(number, accept is not None, note))
        verb = "merged into" if accept is not None else "kept apart from"
        out.print(f"{item['other']['name']} ({item['other']['handle']}) {verb} {item['keep']['name']} "
                  f"({item['keep']['handle']}); kept across re-ingest")
        return
    rows = _ask(db, lambda store: store.merge_suggestions(limit))
    if format == "json":
        _emit(rows, "json", [])
        return
    flat = [{"number": r["number"], "score": r["score"],
             "keep": f"{r['keep']['name']} ({r['keep']['country'] or '?'}, {r['keep']['documents']} docs) "
                     f"{r['keep']['handle']}",
             "other": f"{r['other']['name']} ({r['other']['country'] or '?'}, {r['other']['documents']} docs) "
                      f"{r['other']['handle']}",
             "for": r["for"], "against": r["against"]} for r in rows]
    _emit(flat, format, ["number", "score", "keep", "other", "for", "against"],
          "likely duplicates: readouts people suggest --accept N | --reject N")


@events_app.command("reject")
def events_reject(engagement: int = typer.Argument(..., help="Engagement id (from query output)."),
                  db: Optional[str] = DB_OPTION, note: Optional[str] = NOTE_OPTION) -> None:
    """Mark an engagement as false (kept with its evidence, left out of queries)."""
    _ask(db, lambda store: store.reject_event(engagement, note))
    out.print(f"engagement {engagement} rejected")


@app.command("export")
def export_command(
    format: str = typer.Option(..., "--format", "-f",
                               help="csv, jsonl, parquet, gdelt, plover, gexf or graphml (see docs/export.md)."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (replaced if it exists)."),
    db: Optional[str] = DB_OPTION,
    since: Optional[str] = typer.Option(None, "--from", help="Only engagements on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--to", help="Only engagements on or before YYYY-MM-DD."),
) -> None:
    """Write the knowledge base's engagements as a table, events or a network for other tools."""
    from readouts.export import FORMATS, export

    if format not in FORMATS:
        fail(ReadoutsError("E015", value=format, allowed=", ".join(FORMATS)), EXIT_USAGE)
    first, last = _date_option(since), _date_option(until)
    written = _ask(db, export, format, output, first, last)
    if format == "plover":  # PloverCounts: written, and left out by reason
        err.print(f"{written} (to {output})", highlight=False)
        return
    unit = "edges" if format in ("gexf", "graphml") else "records" if format == "jsonl" else "rows"
    err.print(f"{written} {unit} written to {output}", highlight=False)


@app.command()
def bench(
    paths: list[Path] = typer.Argument(..., help="Documents to time (files or folders)."),
    repeat: int = typer.Option(1, "--repeat", min=1, help="Rounds per phase (interleaved); the fastest counts."),
    mixed: Optional[Path] = typer.Option(None, "--mixed-noise",
                                         help="Also time a 1:9 mix of PATHS with these non-diplomatic documents."),
    size: int = typer.Option(200, "--mixed-size", min=10, help="Documents in the mixed stream."),
    workers: int = typer.Option(1, "--workers", min=1, help="Also time the extraction on this many processes."),
) -> None:
    """Throughput of Readouts' extraction against the bare spaCy pipeline (same texts, same run)."""
    from readouts.benchmark import load_documents, mixed_stream, run_benchmark
    from readouts.extract.engine import Extractor

    documents = load_documents(paths)
    if not documents:
        fail(ReadoutsError("E002", path=", ".join(str(p) for p in paths)))
    extractor = Extractor()
    results = [run_benchmark(documents, "documents", repeat, workers, extractor)]
    if mixed is not None:
        noise = load_documents([mixed])
        stream = mixed_stream(documents, noise, size)
        if stream:
            results.append(run_benchmark(stream, "mixed 1:9", repeat, workers, extractor))
    table = Table(title="readouts bench", title_justify="left")
    for column in ("corpus", "pipeline", "docs", "words", "best s", "docs/s", "words/s", "peak RSS MiB",
                   "× bare", "CPU s", "× bare (CPU)"):
        table.add_column(column, justify="right" if column not in ("corpus", "pipeline") else "left")
    for result in results:
        for phase in result.phases:
            table.add_row(result.label, phase.name, str(phase.documents), str(phase.words),
                          f"{phase.seconds:.2f}", f"{phase.docs_per_second:.1f}", f"{phase.words_per_second:.0f}",
                          f"{phase.peak_rss_mib:.0f}", "" if phase is result.bare else f"{result.ratio(phase):.2f}",
                          f"{phase.cpu_seconds:.2f}" if phase.cpu_seconds else "",
                          "" if phase is result.bare or result.cpu_ratio(phase) is None
                          else f"{result.cpu_ratio(phase):.2f}")
    Console(width=max(out.width, 150)).print(table)  # figures must not be cut on a narrow terminal
    out.print(f"best of {repeat} interleaved round(s) per phase; × bare = docs/s of the phase / docs/s of bare "
              "spaCy; × bare (CPU) = the same from this process's CPU time (not for worker phases)", highlight=False)


@app.command()
def serve(
    db: Optional[str] = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on; anything but loopback needs a token."),
    port: int = typer.Option(8000, help="Port."),
    read_only: bool = typer.Option(False, "--read-only", help="Refuse every change (corrections, storing)."),
    token: Optional[str] = typer.Option(None, envvar="READOUTS_WEB_TOKEN",
                                        help="Token required for changes (also $READOUTS_WEB_TOKEN)."),
    max_upload: int = typer.Option(2 * 1024 * 1024, help="Largest upload or pasted text, in bytes."),
) -> None:
    """Serve the analyst web app and its JSON API (/docs) over the knowledge base."""
    import uvicorn

    from readouts.web import create_app
    from readouts.web.security import is_loopback

    if not read_only and not token and not is_loopback(host):
        fail(ReadoutsError("E066", host=host), EXIT_USAGE)
    try:
        web = create_app(db, read_only=read_only, token=token, max_upload_bytes=max_upload,
                         allowed_hosts=["127.0.0.1", "localhost", "::1", "[::1]"] if is_loopback(host) else None)
    except ReadoutsError as exc:
        fail(exc)
    mode = "read-only" if read_only else ("changes need the token" if token else "changes allowed from this machine")
    err.print(f"Readouts on http://{host}:{port}/ ({mode}); Ctrl-C stops it", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of `extract --format json` output."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command()
def demo(
    db: str = typer.Option("sqlite:///readouts-demo.db", "--db", help="Demo database (created here)."),
    corpus: Path = typer.Option(Path("../shared/corpus/dev"), help="Also ingest this folder when it exists."),
) -> None:
    """Extract the bundled samples, store them (and the team's dev corpus) and show a timeline and a person."""
    from importlib import resources

    samples = Path(str(resources.files("readouts").joinpath("samples")))
    out.print(f"[bold]Readouts {__version__}[/]: extracting the bundled samples in {samples}\n")
    extract([samples], published=None, format="table", output=None)
    sources = [samples] + ([corpus] if corpus.is_dir() else [])
    out.print(f"\n[bold]Storing[/] {', '.join(str(s) for s in sources)} in {db}")
    ingest(sources, db=db, published=None)
    out.print()
    query_timeline("India", "United States", since=None, until=None, db=db, format="table")
    out.print()
    query_person("Vikram Misri", db=db, format="table")


if __name__ == "__main__":  # pragma: no cover
    app()
