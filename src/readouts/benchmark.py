"""Throughput of the extractor against the bare spaCy pipeline, measured in one run.

`run_benchmark(documents)` times (1) `nlp.pipe` of the plain English model
over the texts and (2) Readouts' full extraction of the same texts, and
reports documents/s, words/s, the peak resident memory after each phase and
the ratio (2)/(1). `mixed_stream(dev, noise, size)` builds the 1:9 mix of
diplomatic and non-diplomatic documents. Timings are figures to read, not
assertions: nothing here fails on a slow machine.
"""

from __future__ import annotations

import itertools
import resource
import time
from dataclasses import dataclass
from pathlib import Path

import spacy

from readouts.extract.engine import Extractor
from readouts.ingest import IngestFailure, read_documents
from readouts.nlp import MODEL_NAME
from readouts.schema import Document


@dataclass
class Phase:
    name: str
    documents: int
    words: int
    seconds: float
    peak_rss_mib: float

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass
class BenchmarkResult:
    label: str
    bare: Phase
    full: Phase

    @property
    def ratio(self) -> float:
        """Full extraction's throughput as a fraction of the bare pipeline's (1.0 = as fast)."""
        return self.full.docs_per_second / self.bare.docs_per_second if self.bare.docs_per_second else 0.0


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


def run_benchmark(documents: list[Document], label: str = "corpus", repeat: int = 1,
                  extractor: Extractor | None = None) -> BenchmarkResult:
    """Time the bare spaCy pipeline and the full extraction over the same texts, in this process."""
    texts = [d.text for d in documents] * repeat
    words = sum(len(t.split()) for t in texts)
    bare_nlp = spacy.load(MODEL_NAME)
    list(bare_nlp.pipe(texts[:2]))  # warm up
    start = time.perf_counter()
    for _ in bare_nlp.pipe(texts, batch_size=16):
        pass
    bare = Phase("bare spaCy", len(texts), words, time.perf_counter() - start, _peak_mib())
    extractor = extractor or Extractor()
    list(extractor.extract_many(documents[:2]))  # warm up
    start = time.perf_counter()
    for _ in extractor.extract_many(documents * repeat):
        pass
    full = Phase("Readouts extraction", len(texts), words, time.perf_counter() - start, _peak_mib())
    return BenchmarkResult(label=label, bare=bare, full=full)
