"""The `readouts` command line: thin wrappers around the library's functions.

Each command parses arguments, calls one documented Python function and
prints its result. Errors are one line on stderr with a numbered code; exit
codes are documented in the README. Tracebacks only with `--debug`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

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


def _published(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    from readouts.ingest import parse_date

    try:
        return parse_date(value)
    except ReadoutsError as exc:
        fail(exc, EXIT_USAGE)


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    STATE["debug"] = debug
    if version:
        out.print(f"readouts {__version__}")
        raise typer.Exit(EXIT_OK)


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


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help=".txt, .html, .jsonl files or directories of them."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every document."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="table or json (JSON Lines). Default: table on a terminal."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSON Lines to this file."),
) -> None:
    """Extract engagements from documents and print them."""
    from readouts.extract.engine import Extractor
    from readouts.ingest import IngestFailure, read_documents

    fmt = format or ("json" if output or not sys.stdout.isatty() else "table")
    if fmt not in ("table", "json"):
        fail(ReadoutsError("E015", value=fmt, allowed="table, json"), EXIT_USAGE)
    when = _published(published)
    failures: list[IngestFailure] = []

    def documents():
        for item in read_documents(paths, published=when):
            if isinstance(item, IngestFailure):
                failures.append(item)
                err.print(f"[yellow]skipped:[/] {item.message}", highlight=False)
            else:
                yield item

    try:
        extractor = Extractor()
    except ReadoutsError as exc:
        fail(exc)
    sink = output.open("w", encoding="utf-8") if output else None
    done = 0
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    try:
        with progress:
            task = progress.add_task("extract", total=None)
            for extraction in extractor.extract_many(documents()):
                done += 1
                progress.advance(task)
                if fmt == "json":
                    line = extraction.model_dump_json()
                    if sink:
                        sink.write(line + "\n")
                    else:
                        sys.stdout.write(line + "\n")
                else:
                    out.print(render_extraction(extraction))
    finally:
        if sink:
            sink.close()
    if failures:
        err.print(f"{done} document(s) extracted, {len(failures)} failed", highlight=False)
        raise typer.Exit(EXIT_PARTIAL if done else EXIT_FAILED)


@app.command("eval")
def evaluate_command(
    gold_dir: Path = typer.Argument(..., help="Folder of NAME.txt, NAME.meta.json and NAME.gold.json."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also score each document and list its errors."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Score the extractor against gold annotations (precision, recall, F1)."""
    from readouts.evaluate import evaluate, render_report
    from readouts.extract.engine import Extractor

    if format not in ("table", "json"):
        fail(ReadoutsError("E015", value=format, allowed="table, json"), EXIT_USAGE)
    try:
        report = evaluate(gold_dir, Extractor().extract)
    except ReadoutsError as exc:
        fail(exc)
    if format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.print(render_report(report, per_doc=per_doc))


@app.command()
def schema() -> None:
    """Print the JSON Schema of `extract --format json` output."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command()
def demo() -> None:
    """Extract the bundled sample documents and print what was found."""
    from importlib import resources

    samples = Path(str(resources.files("readouts").joinpath("samples")))
    out.print(f"[bold]Readouts {__version__}[/]: extracting the bundled samples in {samples}\n")
    extract([samples], published=None, format="table", output=None)


if __name__ == "__main__":  # pragma: no cover
    app()
