"""Throughput of the Dask engine against one process, on the same documents (a benchmark, not a test).

Writes the dev corpus, repeated to about N documents (default 200), to one
JSONL file, then extracts it (1) in this process with `Extractor.extract_many`
and (2) with `extract_on_cluster` on a LocalCluster of 1 and of 2 worker
processes, writing Parquet partitions; last (3) `ingest_on_cluster` with 2 workers
of the first N releases of the State Department stream (distinct real documents)
into a fresh SQLite file, to time the client's single writer. Each configuration is warmed up first
(the model loaded, the data tables read); cluster start-up, which includes
loading the model in every worker, is timed apart. Prints documents/s and the
ratio to the single process measured in the same run.

    .venv/bin/python benchmarks/dask_scaling.py [N] [--corpus ../shared/corpus/dev] [--partition-size 10]
        [--stream ../shared/corpus/stream/state-dept-2021-2022.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from itertools import islice
from pathlib import Path

from readouts.extract.engine import Extractor
from readouts.ingest import read_documents
from readouts.scale import dask_client, extract_on_cluster, ingest_on_cluster
from readouts.schema import Document
from readouts.store import Store


def repeated_corpus(source: Path, size: int, path: Path, tag: str) -> int:
    """Write the documents of `source` again and again to a JSONL file of `size` records.

    Ids, URLs (a #fragment) and texts (a last line "Ref. TAG-N") are made unique, so the knowledge
    base stores each copy with its facts (as a near-duplicate) instead of skipping it as a known text.
    """
    documents = [d for d in read_documents([source]) if isinstance(d, Document)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            d = documents[n % len(documents)]
            out.write(json.dumps({"id": f"{d.id}#{tag}-{n}", "text": f"{d.text}\n\nRef. {tag}-{n}",
                                  "title": d.title, "url": f"{d.url}#{tag}-{n}" if d.url else None,
                                  "source": d.source, "published": str(d.published) if d.published else None})
                      + "\n")
    return size


def single_process(path: Path) -> tuple[int, float]:
    extractor = Extractor()
    list(extractor.extract_many(d for d in read_documents([path]) if isinstance(d, Document)))  # warm up
    started = time.perf_counter()
    done = sum(1 for _ in extractor.extract_many(d for d in read_documents([path]) if isinstance(d, Document)))
    return done, time.perf_counter() - started


def on_cluster(path: Path, warmup: Path, workers: int, partition_size: int, scratch: Path) -> tuple[int, float, float]:
    started = time.perf_counter()
    with dask_client(workers=workers) as client:
        ready = time.perf_counter() - started
        extract_on_cluster(client, [warmup], output=scratch / f"warm-{workers}", partition_size=partition_size)
        started = time.perf_counter()
        summary = extract_on_cluster(client, [path], output=scratch / f"out-{workers}", partition_size=partition_size)
        seconds = time.perf_counter() - started
    assert not summary.failures, summary
    return summary.documents, seconds, ready


def ingest(path: Path, warmup: Path, partition_size: int, scratch: Path):
    store = Store.open(f"sqlite:///{scratch}/readouts.db")
    try:
        with dask_client(workers=2) as client:
            ingest_on_cluster(client, store, [warmup], partition_size=partition_size)
            started = time.perf_counter()
            summary = ingest_on_cluster(client, store, [path], partition_size=partition_size)
            seconds = time.perf_counter() - started
    finally:
        store.close()
    assert not summary.failures, summary
    return summary.documents, seconds, summary.storing_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpus/dev")
    parser.add_argument("--partition-size", type=int, default=10)
    parser.add_argument("--stream", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared/corpus/stream/state-dept-2021-2022.jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        path, warmup = scratch / "documents.jsonl", scratch / "warmup.jsonl"
        repeated_corpus(args.corpus, args.size, path, "run")
        repeated_corpus(args.corpus, 4 * args.partition_size, warmup, "warm-up")
        rows = []
        docs, seconds = single_process(path)
        base = docs / seconds
        rows.append(("one process (extract_many)", "-", docs, seconds, base, None))
        for workers in (1, 2):
            docs, seconds, ready = on_cluster(path, warmup, workers, args.partition_size, scratch)
            rows.append((f"dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}", f"{ready:.1f}", docs,
                         seconds, docs / seconds, None))
        releases = scratch / "releases.jsonl"
        with args.stream.open(encoding="utf-8") as source:
            releases.write_text("".join(islice(source, args.size)), encoding="utf-8")
        stored, ingest_seconds, storing = ingest(releases, warmup, args.partition_size, scratch)
    print(f"{os.cpu_count()} CPUs; partition size {args.partition_size}; documents: {args.corpus} repeated")
    print(f"{'configuration':34} {'start-up s':>10} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'ratio':>6}")
    for name, ready, docs, seconds, rate, _ in rows:
        print(f"{name:34} {ready:>10} {docs:>5} {seconds:>8.2f} {rate:>7.1f} {rate / base:>6.2f}")
    print(f"ingest, 2 workers, SQLite, {args.stream.name}: {stored} documents stored in {ingest_seconds:.2f} s "
          f"({stored / ingest_seconds:.1f} docs/s); the client's writer was busy {storing:.2f} s "
          f"({stored / storing:.1f} docs/s when writing alone)")


if __name__ == "__main__":
    main()
