"""Extraction distributed over a Dask cluster: partitions go to workers, rows come back.

Every worker loads the spaCy pipeline and Readouts' components once (a worker
plugin) and runs `Extractor.extract_many` (`nlp.pipe`) over each partition it
is given. Workers exchange rows (plain dicts), never spaCy objects. The client
plans the partitions, submits them a window at a time with retries, and takes
results as they finish: `extract_on_cluster` has workers write Parquet
partitions (see `readouts.scale.output`), `ingest_on_cluster` stores the rows
in the knowledge base from the client, the only writer. Neither prints
anything; `readouts.scale.commands` does, for the command line.

>>> from distributed import Client, LocalCluster  # doctest: +SKIP
>>> with Client(LocalCluster(n_workers=2, threads_per_worker=1)) as client:  # doctest: +SKIP
...     summary = extract_on_cluster(client, ["press-releases/"], output="out/")
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Protocol

from distributed import WorkerPlugin

from readouts import __version__
from readouts.errors import ReadoutsError
from readouts.ingest import IngestFailure, ParquetColumns, parse_date
from readouts.scale.output import OutputDirectory, document_row, event_rows, failure_row
from readouts.scale.partitions import Partition, plan_partitions, read_partition
from readouts.schema import Document, Extraction

PLUGIN_NAME = "readouts-extractor"
# Test hook, read on the worker: "part-00001:2:/shared/path" makes the first two attempts of
# partition part-00001 fail (after half-writing its output), counting attempts in that file.
FAIL_VARIABLE = "READOUTS_SCALE_FAIL"


class ExtractorPlugin(WorkerPlugin):
    """Loads Readouts' extractor (the spaCy model and the domain data) once on each worker.

    `options` are passed to `Extractor(...)`. A worker that already holds an
    extractor built with the same options keeps it, so registering the plugin
    again (a second run on the same cluster) does not reload the model.
    """

    name = PLUGIN_NAME

    def __init__(self, **options) -> None:
        self.options = options

    def setup(self, worker) -> None:
        held = getattr(worker, "readouts_extractor", None)
        if held is None or getattr(worker, "readouts_options", None) != self.options:
            from readouts.extract.engine import Extractor

            worker.readouts_extractor = Extractor(**self.options)
            worker.readouts_options = self.options

    def teardown(self, worker) -> None:
        worker.readouts_extractor = None


def _extractor():
    """The extractor of the worker this task runs on (loaded here if the plugin did not run)."""
    from distributed import get_worker

    worker = get_worker()
    if getattr(worker, "readouts_extractor", None) is None:
        ExtractorPlugin().setup(worker)
    return worker.readouts_extractor


# -- what travels between client and workers: plain rows ------------------------------------------

def failure_record(path: str, error: ReadoutsError) -> dict:
    """A numbered error as a row (exceptions do not survive pickling with their details)."""
    details = {k: v if isinstance(v, (str, int, float)) or v is None else str(v) for k, v in error.details.items()}
    return {"path": path, "code": error.code, "details": details, "message": str(error)}


def error_of(record: dict) -> ReadoutsError:
    return ReadoutsError(record["code"], **record["details"])


class PartitionExtraction:
    """One partition read and extracted on a worker; iterate for (document, extraction or None, failure row or None).

    Inputs that could not be read are collected in `unreadable` (rows), and
    documents for which `skip(document)` is true are counted in `skipped`,
    both complete once the iteration is over.
    """

    def __init__(self, partition: Partition, settings: dict,
                 skip: Callable[[Document], bool] | None = None) -> None:
        self.partition = partition
        self.published = parse_date(settings["published"]) if settings.get("published") else None
        self.columns = ParquetColumns(**settings.get("columns", {}))
        self.skip = skip
        self.unreadable: list[dict] = []
        self.skipped = 0
        self._held: deque[Document] = deque()

    def _documents(self) -> Iterator[Document]:
        for item in read_partition(self.partition, self.published, self.columns):
            if isinstance(item, IngestFailure):
                self.unreadable.append(failure_record(item.path, item.error))
            elif self.skip is not None and self.skip(item):
                self.skipped += 1
            else:
                self._held.append(item)
                yield item

    def __iter__(self) -> Iterator[tuple[Document, Extraction | None, dict | None]]:
        for result in _extractor().extract_many(self._documents()):
            document = self._held.popleft()  # extract_many keeps the input order
            if isinstance(result, Extraction):
                yield document, result, None
            else:
                yield document, None, failure_record(document.path or document.id, result.error)


def _fail_if_asked(name: str) -> None:
    spec = os.environ.get(FAIL_VARIABLE)
    if not spec:
        return
    target, times, counter = spec.split(":", 2)
    if target != name:
        return
    descriptor = os.open(counter, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(descriptor, b"x")
        attempt = os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)
    if attempt <= int(times):
        raise RuntimeError(f"injected failure of {name}, attempt {attempt} ({FAIL_VARIABLE})")


def extract_partition(partition: Partition, settings: dict, output: str | None) -> dict:
    """Worker task: extract one partition; write its Parquet files to `output`, or return its rows.

    Returns the partition's summary: documents extracted, events, failures
    (rows with numbered errors), and `extractions` (JSON-able dicts) when there
    is no output directory.
    """
    run = PartitionExtraction(partition, settings)
    documents: list[dict] = []
    events: list[dict] = []
    extractions: list[dict] = []
    failed: list[dict] = []
    for document, extraction, failure in run:
        if extraction is None:
            failed.append(failure)
            documents.append(document_row(document, None, failure["message"]))
            continue
        documents.append(document_row(document, extraction))
        events.extend(event_rows(extraction))
        if output is None:
            extractions.append(extraction.model_dump(mode="json"))
    unreadable = run.unreadable
    documents.extend(failure_row(f["path"], f["message"]) for f in unreadable)
    summary = {"partition": partition.name, "fingerprint": settings["fingerprints"][partition.name],
               "documents": sum(1 for d in documents if d["status"] in ("extracted", "skipped")),
               "skipped": sum(1 for d in documents if d["status"] == "skipped"),
               "events": sum(d.get("events") or 0 for d in documents),
               "failed": failed, "unreadable": unreadable}
    if output is not None:
        OutputDirectory(output).write_partition(partition.name, documents, events, summary,
                                                before_documents=lambda: _fail_if_asked(partition.name))
    else:
        _fail_if_asked(partition.name)
    return {**summary, "extractions": extractions}


def ingest_partition(partition: Partition, settings: dict, known: frozenset[bytes]) -> dict:
    """Worker task: extract the documents of one partition that the knowledge base does not hold yet.

    `known` holds `stored_digest(key, content_hash)` of every stored document;
    those are counted as unchanged and not extracted again. Returns rows: the
    documents with their extraction (or failure), and the unreadable inputs.
    """
    from readouts.store import content_hash, document_key

    def skip(document: Document) -> bool:
        return stored_digest(document_key(document), content_hash(document.text)) in known

    run = PartitionExtraction(partition, settings, skip)
    pairs = [(document.model_dump(mode="json"), extraction.model_dump(mode="json") if extraction else None, failure)
             for document, extraction, failure in run]
    _fail_if_asked(partition.name)
    return {"partition": partition.name, "pairs": pairs, "unchanged": run.skipped, "unreadable": run.unreadable}


def stored_digest(key: str, digest: str) -> bytes:
    """A short digest of a stored document's key and content hash: what workers need to skip it."""
    return hashlib.sha256(f"{key}\0{digest}".encode()).digest()[:16]


# -- the client ----------------------------------------------------------------------------------

@dataclass
class RunSummary:
    """What a distributed run did, partition by partition and document by document."""

    partitions: int = 0
    run: int = 0  # partitions processed in this run
    resumed: int = 0  # partitions already complete in the output directory, skipped
    documents: int = 0  # documents extracted (in this run and in the resumed partitions)
    skipped: int = 0  # of those, documents triage found not diplomatic (no facts)
    processed: int = 0  # documents extracted in this run
    events: int = 0
    unchanged: int = 0  # ingest: documents the knowledge base already held, not extracted again
    failed_partitions: list[ReadoutsError] = field(default_factory=list)  # E045
    failed_documents: list[str] = field(default_factory=list)  # E030 messages
    unreadable: list[str] = field(default_factory=list)  # ingest errors (E001-E010, E040-E042)
    seconds: float = 0.0
    store: object | None = None  # the IngestSummary of ingest_on_cluster
    storing_seconds: float = 0.0  # ingest: time the client spent writing to the knowledge base

    @property
    def failures(self) -> int:
        return len(self.failed_partitions) + len(self.failed_documents) + len(self.unreadable)

    @property
    def docs_per_second(self) -> float:
        """Documents extracted in this run per second of wall time (resumed partitions left out)."""
        return self.processed / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        """The summary as JSON-able values (errors as their one-line messages)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["failed_partitions"] = [str(e) for e in self.failed_partitions]
        data["store"] = asdict(self.store) if self.store is not None else None
        return data


class ProgressHook(Protocol):
    """What a run tells about its progress, on the client: the plan, then each partition as it finishes."""

    def planned(self, partitions: list[Partition]) -> None: ...

    def finished(self, partition: Partition, documents: int) -> None: ...


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2):
    """A Dask client on `scheduler` (tcp://HOST:PORT), or on a new local cluster of `workers` processes.

    An unreachable scheduler, or local workers that do not start, is E044.
    """
    import logging

    import dask
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="15s")
        else:
            # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers to return memory sooner; for spaCy's many
            # short-lived arrays that costs about 20 % more CPU (measured here), so our workers go without.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0",  # any free port: clusters must not collide
                                       silence_logs=logging.CRITICAL)  # failures are reported in the summary
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:  # RuntimeError: a local worker did not start
        if cluster is not None:
            cluster.close()
        raise ReadoutsError("E044", address=scheduler or "(local cluster)",
                            reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _settings(mode: str, published: date | str | None, columns: ParquetColumns | None,
              extractor_options: dict) -> dict:
    if isinstance(published, str):
        published = parse_date(published)  # E008 here, on the client, not on every worker
    return {"mode": mode, "readouts": __version__, "published": published.isoformat() if published else None,
            "columns": asdict(columns or ParquetColumns()), "extractor": extractor_options}


def _prepare_workers(client, extractor_options: dict) -> None:
    """Have every worker, also one that joins later, load the extractor once (with these options)."""
    client.register_plugin(ExtractorPlugin(**extractor_options), name=PLUGIN_NAME)


def _run(client, partitions: list[Partition], submit: Callable[[Partition], object], retries: int,
         take: Callable[[Partition, dict], None], summary: RunSummary) -> None:
    """Submit partitions a window at a time and hand each result to `take` as it finishes.

    A partition that still fails after its retries becomes an E045 in the
    summary; the others go on. The window bounds what waits in worker memory.
    """
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    queue = iter(partitions)
    running: dict = {}
    finished = as_completed()
    for partition in islice(queue, max(4, 3 * threads)):
        future = submit(partition)
        running[future.key] = partition
        finished.add(future)
    for future in finished:
        partition = running.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - any worker error: reported, the rest goes on
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
            summary.failed_partitions.append(
                ReadoutsError("E045", name=partition.name, attempts=retries + 1, reason=reason))
        else:
            take(partition, result)
        finally:
            future.release()
        following = next(queue, None)
        if following is not None:
            future = submit(following)
            running[future.key] = following
            finished.add(future)


def extract_on_cluster(client, paths: Iterable[str | os.PathLike[str]], output: str | Path | None = None,
                       partition_size: int = 100, retries: int = 2, published: date | str | None = None,
                       columns: ParquetColumns | None = None,
                       sink: Callable[[Extraction], None] | None = None,
                       progress: ProgressHook | None = None, extractor_options: dict | None = None) -> RunSummary:
    """Extract `paths` on the cluster of `client`; return what happened.

    With `output`, workers write one Parquet file per partition and table into
    that directory (`readouts.scale.output`), and a re-run skips the partitions
    already complete. Without it, each Extraction is handed to `sink` on the
    client as its partition finishes (partitions finish in any order).
    `extractor_options` go to every worker's `Extractor(...)`, e.g. {"triage": False}.
    `published` (a date or 'YYYY-MM-DD'; E008 otherwise) replaces every document's date.
    """
    started = time.monotonic()
    partitions, unreadable = plan_partitions(paths, partition_size, columns)
    extractor_options = extractor_options or {}
    settings = _settings("extract", published, columns, extractor_options)
    settings["fingerprints"] = {p.name: p.fingerprint(settings) for p in partitions}
    summary = RunSummary(partitions=len(partitions), unreadable=[f.message for f in unreadable])
    if progress:
        progress.planned(partitions)
    directory = OutputDirectory(output) if output is not None else None
    todo = partitions
    if directory is not None:
        directory.prepare(settings["fingerprints"], {k: v for k, v in settings.items() if k != "fingerprints"})
        todo = []
        for partition in partitions:
            done = directory.completed(partition.name, settings["fingerprints"][partition.name])
            if done is None:
                todo.append(partition)
                continue
            summary.resumed += 1
            _count(summary, done)
            if progress:
                progress.finished(partition, partition.documents)
    if todo:
        _prepare_workers(client, extractor_options)
    run_id = uuid.uuid4().hex[:8]

    def submit(partition: Partition):
        return client.submit(extract_partition, partition, settings, str(output) if output is not None else None,
                             retries=retries, key=f"readouts-extract-{partition.name}-{run_id}", pure=False)

    def take(partition: Partition, result: dict) -> None:
        summary.run += 1
        summary.processed += result["documents"]
        _count(summary, result)
        if sink is not None:
            for data in result["extractions"]:
                sink(Extraction.model_validate(data))
        if progress:
            progress.finished(partition, partition.documents)

    _run(client, todo, submit, retries, take, summary)
    summary.seconds = time.monotonic() - started
    if directory is not None:
        directory.finish(summary.to_dict(), complete=not summary.failed_partitions)
    return summary


def _count(summary: RunSummary, result: dict) -> None:
    summary.documents += result["documents"]
    summary.skipped += result.get("skipped", 0)
    summary.events += result["events"]
    summary.failed_documents.extend(f["message"] for f in result["failed"])
    summary.unreadable.extend(f["message"] for f in result["unreadable"])


def ingest_on_cluster(client, store, paths: Iterable[str | os.PathLike[str]], partition_size: int = 100,
                      retries: int = 2, published: date | str | None = None, columns: ParquetColumns | None = None,
                      progress: ProgressHook | None = None,
                      on_document: Callable[[str, str], None] | None = None,
                      extractor_options: dict | None = None) -> RunSummary:
    """Extract `paths` on the cluster and store them in `store` (a `readouts.store.Store`) from this process.

    Documents the store already holds unchanged are skipped on the workers
    before extraction; the extractions the workers return are stored one by
    one with `Store.add`, which is idempotent, so a retried or re-run partition
    never duplicates anything. People are consolidated and analyst overrides
    re-applied after each partition (`Store.add_all`, as in `Store.ingest`).
    `on_document(key, outcome)` is called per stored document. `published` is read as
    in `extract_on_cluster`.
    """
    from sqlalchemy import select

    from readouts.store import IngestSummary
    from readouts.store.models import DocumentRow

    started = time.monotonic()
    partitions, unreadable = plan_partitions(paths, partition_size, columns)
    extractor_options = extractor_options or {}
    settings = _settings("ingest", published, columns, extractor_options)
    summary = RunSummary(partitions=len(partitions), unreadable=[f.message for f in unreadable])
    if progress:
        progress.planned(partitions)
    totals = IngestSummary()
    summary.store = totals
    with store.session() as session:
        known = frozenset(stored_digest(key, digest) for key, digest in
                          session.execute(select(DocumentRow.key, DocumentRow.content_hash)))
    [known_future] = client.scatter([known], broadcast=True)
    _prepare_workers(client, extractor_options)
    run_id = uuid.uuid4().hex[:8]

    def submit(partition: Partition):
        return client.submit(ingest_partition, partition, settings, known_future, retries=retries,
                             key=f"readouts-ingest-{partition.name}-{run_id}", pure=False)

    def take(partition: Partition, result: dict) -> None:
        summary.run += 1
        summary.unchanged += result["unchanged"]
        totals.unchanged += result["unchanged"]
        summary.unreadable.extend(f["message"] for f in result["unreadable"])
        # the worker could not extract a document: its error's message, reported and skipped
        pairs = [(Document.model_validate(document_data),
                  Extraction.model_validate(extraction_data) if extraction_data is not None else str(error_of(failure)))
                 for document_data, extraction_data, failure in result["pairs"]]
        failed_before = len(totals.failed)
        writing = time.monotonic()
        store.add_all(pairs, totals, on_document)
        summary.storing_seconds += time.monotonic() - writing
        failures = totals.failed[failed_before:]
        summary.failed_documents.extend(message for _, message in failures)
        failed = len(failures)
        summary.skipped = totals.not_diplomatic
        summary.documents += len(pairs) - failed
        summary.processed += len(pairs) - failed
        if progress:
            progress.finished(partition, partition.documents)

    _run(client, partitions, submit, retries, take, summary)
    summary.seconds = time.monotonic() - started
    return summary
