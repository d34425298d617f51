"""The command line's `--engine dask` for `readouts extract` and `readouts ingest`: progress, summary, exit code.

One function per command; each opens the cluster (a scheduler's address, or a
local cluster), runs `extract_on_cluster` / `ingest_on_cluster`, draws a Rich
progress bar in this process only (workers never touch the terminal) and
prints the end summary. They raise ReadoutsError for fatal problems (E031,
E043, E044) and return the exit code otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from readouts.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from readouts.ingest import ParquetColumns
from readouts.scale.cluster import (
    RunSummary,
    dask_client,
    extract_on_cluster,
    ingest_on_cluster,
)
from readouts.scale.output import OutputDirectory
from readouts.scale.partitions import Partition

DEFAULT_WORKERS = 2
DEFAULT_PARTITION_SIZE = 100
DEFAULT_RETRIES = 2


class RichProgress:
    """A progress bar over documents on the client's console, advanced when a partition finishes."""

    def __init__(self, console: Console, verb: str) -> None:
        self.bar = Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
                            TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[parts]}"),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
                            disable=not console.is_terminal)
        self.task = self.bar.add_task(verb, total=None, rate="", parts="")
        self.started = time.monotonic()
        self.partitions = 0
        self.done = 0

    def planned(self, partitions: list[Partition]) -> None:
        self.started = time.monotonic()  # the rate leaves out the cluster's start-up
        self.partitions = len(partitions)
        self.bar.update(self.task, total=sum(p.documents for p in partitions),
                        parts=f"0/{self.partitions} partitions")

    def finished(self, partition: Partition, documents: int) -> None:
        self.done += 1
        self.bar.advance(self.task, documents)
        rate = self.bar.tasks[0].completed / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(self.task, rate=f"{rate:.1f} docs/s", parts=f"{self.done}/{self.partitions} partitions")


def _report_failures(summary: RunSummary, console: Console) -> None:
    for message in summary.unreadable:
        console.print(f"[yellow]skipped:[/] {message}", highlight=False)
    for message in summary.failed_documents:
        console.print(f"[red]failed:[/] {message}", highlight=False)
    for error in summary.failed_partitions:
        console.print(f"[red]failed:[/] {error}", highlight=False)


def _partitions_line(summary: RunSummary) -> str:
    line = f"{summary.partitions} partition{'s' if summary.partitions != 1 else ''} ({summary.run} run"
    if summary.resumed:
        line += f", {summary.resumed} already complete and skipped"
    if summary.failed_partitions:
        line += f", {len(summary.failed_partitions)} failed after retries"
    return line + f") in {summary.seconds:.1f} s"


def _exit_code(summary: RunSummary, processed: int) -> int:
    if not summary.failures:
        return EXIT_OK
    return EXIT_PARTIAL if processed else EXIT_FAILED


def run_extract_dask(paths: Sequence[Path], scheduler: str | None = None, workers: int | None = None,
                     partition_size: int = DEFAULT_PARTITION_SIZE, output: Path | None = None,
                     published: date | None = None, columns: ParquetColumns | None = None,
                     retries: int = DEFAULT_RETRIES, triage: bool = True, console: Console | None = None) -> int:
    """`readouts extract --engine dask`: Parquet partitions in `output`, or JSON Lines on stdout without it."""
    console = console or Console(stderr=True)

    def print_json(extraction) -> None:
        sys.stdout.write(extraction.model_dump_json() + "\n")

    if output is not None:
        OutputDirectory(output).check()  # before starting a cluster for nothing
    progress = RichProgress(console, "extracting")
    with dask_client(scheduler, workers or DEFAULT_WORKERS) as client, progress.bar:
        summary = extract_on_cluster(client, paths, output=output, partition_size=partition_size,
                                     retries=retries, published=published, columns=columns,
                                     sink=None if output is not None else print_json, progress=progress,
                                     extractor_options={"triage": triage})
    _report_failures(summary, console)
    where = f"; Parquet in {output}" if output is not None else ""
    console.print(f"{summary.documents} documents extracted ({summary.events} events; "
                  f"{summary.skipped} skipped by triage as not diplomatic), "
                  f"{len(summary.failed_documents) + len(summary.unreadable)} failed; "
                  f"{_partitions_line(summary)}, {summary.docs_per_second:.1f} docs/s{where}", highlight=False)
    return _exit_code(summary, summary.documents)


def run_ingest_dask(paths: Sequence[Path], db: str | None = None, scheduler: str | None = None,
                    workers: int | None = None, partition_size: int = DEFAULT_PARTITION_SIZE,
                    published: date | None = None, columns: ParquetColumns | None = None,
                    retries: int = DEFAULT_RETRIES, triage: bool = True, console: Console | None = None) -> int:
    """`readouts ingest --engine dask`: workers extract, this process stores (the knowledge base's one writer)."""
    from readouts.store import Store

    console = console or Console(stderr=True)
    store = Store.open(db)
    try:
        progress = RichProgress(console, "ingesting")
        with dask_client(scheduler, workers or DEFAULT_WORKERS) as client, progress.bar:
            summary = ingest_on_cluster(client, store, paths, partition_size=partition_size, retries=retries,
                                        published=published, columns=columns, progress=progress,
                                        extractor_options={"triage": triage})
    finally:
        store.close()
    _report_failures(summary, console)
    totals = summary.store
    console.print(f"{totals.stored} stored ({totals.near_duplicates} near-duplicates linked; "
                  f"{summary.skipped} not diplomatic, stored without facts), "
                  f"{totals.replaced} replaced, {totals.unchanged} unchanged, {totals.duplicates} exact duplicates, "
                  f"{len(summary.failed_documents) + len(summary.unreadable)} failed; "
                  f"{_partitions_line(summary)}, {summary.docs_per_second:.1f} docs/s", highlight=False)
    return _exit_code(summary, totals.processed)
