"""Extraction on several processes of one machine (`--workers N`).

`ParallelExtractor(workers=N)` has the same `extract_many` as `Extractor`:
documents in, one `Extraction` or `ExtractionFailure` out per document, in
input order. Documents go to worker processes in chunks; each worker holds
one `Extractor` for its whole life, so the spaCy model and the data files
are loaded once per worker (on Linux the workers are forked from a parent
that has loaded them already, and share its memory pages). Only plain rows
cross between processes: `Document` and `Extraction` models, never spaCy
`Doc` objects. At most `2 × workers` chunks are in flight, so a stream of any
length is never held in memory, and the caller's progress bar is updated from
the main process only. Workers leave Ctrl-C to their parent (which stops them)
and end as soon as their parent is gone, however it ended (kill -9 included).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator

from readouts.errors import ReadoutsError
from readouts.extract.engine import ExtractionFailure, Extractor
from readouts.schema import Document, Extraction

_WORKER: dict[str, Extractor] = {}


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_worker(triage: bool, parent: int) -> None:
    """Runs once in each worker process: tie it to its parent, then build (or inherit) the extractor."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent handles it
    _end_with_parent(parent)
    _WORKER["extractor"] = Extractor(triage=triage)


def _end_with_parent(parent: int) -> None:
    """Make this process end when process `parent` does: the kernel's parent-death signal on Linux,
    else a thread that watches the parent's pid."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)
    if not armed:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(0)

        threading.Thread(target=watch, daemon=True, name="readouts-parent-watch").start()


def _extract_chunk(documents: list[Document]) -> list[Extraction | tuple[Document, str, dict]]:
    """Extract one chunk in a worker. Failures travel as (document, code, fields): plain data."""
    results: list[Extraction | tuple[Document, str, dict]] = []
    for item in _WORKER["extractor"].extract_many(documents, batch_size=len(documents)):
        if isinstance(item, ExtractionFailure):
            results.append((item.document, item.error.code, item.error.details))
        else:
            results.append(item)
    return results


def _context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (the loaded model is shared, nothing reloads), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class ParallelExtractor:
    """`Extractor.extract_many` spread over `workers` processes, in input order.

    >>> with ParallelExtractor(workers=2) as extractor:  # doctest: +SKIP
    ...     for extraction in extractor.extract_many(documents): ...
    """

    def __init__(self, workers: int = 2, triage: bool = True, chunk_size: int = 16) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.triage = triage
        self.chunk_size = chunk_size
        self._pool = None

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self):
        if self._pool is None:
            context = _context()
            if context.get_start_method() == "fork":
                Extractor(triage=self.triage)  # load once here; the workers inherit it
            self._pool = context.Pool(self.workers, initializer=_start_worker, initargs=(self.triage, os.getpid()))
        return self._pool

    def close(self) -> None:
        """Stop the worker processes (also done on leaving a `with` block)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def extract_many(self, documents: Iterable[Document],
                     batch_size: int | None = None) -> Iterator[Extraction | ExtractionFailure]:
        """Extract every document on the worker processes; results come back in input order."""
        pool = self._start()
        size = batch_size or self.chunk_size
        window = 2 * self.workers
        in_flight: deque = deque()
        chunk: list[Document] = []

        def results(job) -> Iterator[Extraction | ExtractionFailure]:
            for item in job.get():
                if isinstance(item, tuple):
                    document, code, fields = item
                    yield ExtractionFailure(document=document, error=ReadoutsError(code, **fields))
                else:
                    yield item

        try:
            for document in documents:
                chunk.append(document)
                if len(chunk) >= size:
                    in_flight.append(pool.apply_async(_extract_chunk, (chunk,)))
                    chunk = []
                    while len(in_flight) >= window:
                        yield from results(in_flight.popleft())
            if chunk:
                in_flight.append(pool.apply_async(_extract_chunk, (chunk,)))
            while in_flight:
                yield from results(in_flight.popleft())
        except BaseException:
            self.close()  # interrupted: do not leave workers running
            raise
