"""Throughput of the extractor against the bare spaCy pipeline, measured in one run.

`run_benchmark(documents)` times, over the same texts in the same process,
(1) `nlp.pipe` of the plain English model, (2) Readouts' full extraction with
triage off, (3) the same with triage on (the default), and, with `workers=N`,
(4) the default extraction on N worker processes. It reports documents/s,
words/s, peak resident memory and each phase's throughput as a ratio of (1).
With `repeat=R` every phase runs R rounds, interleaved (1, 2, 3, 4, 1, 2, ...),
and its fastest round counts: on a shared machine the other load then hurts
every phase alike. `mixed_stream(dev, noise, size)` builds the 1:9 mix of
diplomatic and non-diplomatic documents. Timings are figures to read, not
assertions: nothing here fails on a slow machine.
"""

from __future__ import annotations

import itertools
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import spacy

from readouts.extract.engine import Extractor
from readouts.ingest import IngestFailure, read_documents
from readouts.nlp import MODEL_NAME
from readouts.parallel import ParallelExtractor
from readouts.schema import Document


@dataclass
class Phase:
    name: str
    documents: int
    words: int
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float | None = None  # this process's CPU time in its fastest round (None: on workers)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass
class BenchmarkResult:
    label: str
    phases: list[Phase]

    @property
    def bare(self) -> Phase:
        return self.phases[0]

    def ratio(self, phase: Phase) -> float:
        """A phase's throughput as a fraction of the bare pipeline's (1.0 = as fast)."""
        return phase.docs_per_second / self.bare.docs_per_second if self.bare.docs_per_second else 0.0

    def cpu_ratio(self, phase: Phase) -> float | None:
        """The same ratio from CPU time, which other load on the machine disturbs far less."""
        if not phase.cpu_seconds or not self.bare.cpu_seconds:
            return None
        return self.bare.cpu_seconds / phase.cpu_seconds


BARE = "bare spaCy"
NO_TRIAGE = "Readouts, triage off"
TRIAGE = "Readouts (default)"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_documents(paths: list[str | Path]) -> list[Document]:
    """The readable documents under `paths` (failures are skipped: a benchmark is not a validator)."""
    return [d for d in read_documents(paths) if not isinstance(d, IngestFailure)]


def mixed_stream(diplomatic: list[Document], noise: list[Document], size: int) -> list[Document]:
    """`size` documents, one diplomatic for every nine non-diplomatic, repeating both lists as needed."""
    if not diplomatic or not noise:
        return []
    dip, other = itertools.cycle(diplomatic), itertools.cycle(noise)
    stream = []
    for n in range(size):
        stream.append(next(dip) if n % 10 == 0 else next(other))
    return stream


def run_benchmark(documents: list[Document], label: str = "corpus", repeat: int = 1, workers: int = 1,
                  extractor: Extractor | None = None) -> BenchmarkResult:
    """Time the bare spaCy pipeline and Readouts' extraction over the same texts, in this process."""
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    bare_nlp = spacy.load(MODEL_NAME)
    full = extractor or Extractor(triage=True)
    plain = Extractor(nlp=full.nlp, triage=False)
    runs: dict[str, Callable[[], object]] = {
        BARE: lambda: [None for _ in bare_nlp.pipe(texts, batch_size=16)],
        NO_TRIAGE: lambda: [None for _ in plain.extract_many(documents)],
        TRIAGE: lambda: [None for _ in full.extract_many(documents)],
    }
    pool = None
    if workers > 1:
        pool = ParallelExtractor(workers=workers, triage=True)
        list(pool.extract_many(documents[:2 * workers]))  # start the workers before timing
        runs[f"Readouts (default), {workers} workers"] = lambda: [None for _ in pool.extract_many(documents)]
    list(bare_nlp.pipe(texts[:2]))  # warm up
    list(full.extract_many(documents[:2]))
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peak: dict[str, float] = {}
    try:
        for _ in range(repeat):
            for name, run in runs.items():
                start, cpu_start = time.perf_counter(), time.process_time()
                run()
                elapsed = time.perf_counter() - start
                if elapsed < best.get(name, float("inf")):
                    best[name] = elapsed
                    cpu[name] = time.process_time() - cpu_start
                peak[name] = max(_peak_mib(), _children_peak_mib()) if name.endswith("workers") else _peak_mib()
    finally:
        if pool is not None:
            pool.close()
    phases = [Phase(name, len(texts), words, best[name], peak[name],
                    None if name.endswith("workers") else cpu[name]) for name in runs]
    return BenchmarkResult(label=label, phases=phases)


def _children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
