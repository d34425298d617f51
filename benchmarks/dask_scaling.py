"""Throughput of the Dask engine against one process, on the same documents (a benchmark, not a test).

Writes the dev corpus, repeated to about N documents (default 200), to one
JSONL file, then extracts it (1) in this process with `Extractor.extract_many`
and (2) with `extract_on_cluster` on a LocalCluster of 1 and of 2 worker
processes, writing Parquet partitions. Each configuration is warmed up first
(the model loaded, the data tables read); cluster start-up, which includes
loading the model in every worker, is timed apart. Prints documents/s and the
ratio to the single process measured in the same run.

    .venv/bin/python benchmarks/dask_scaling.py [N] [--corpus ../shared/corpus/dev] [--partition-size 10]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from readouts.extract.engine import Extractor
from readouts.ingest import read_documents
from readouts.schema import Document
from readouts.scale import dask_client, extract_on_cluster


def repeated_corpus(source: Path, size: int, path: Path) -> int:
    """Write the documents of `source` again and again (ids made unique) to a JSONL file of `size` records."""
    documents = [d for d in read_documents([source]) if isinstance(d, Document)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            d = documents[n % len(documents)]
            out.write(json.dumps({"id": f"{d.id}#{n}", "text": d.text, "title": d.title, "url": d.url,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpus/dev")
    parser.add_argument("--partition-size", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        path, warmup = scratch / "documents.jsonl", scratch / "warmup.jsonl"
        repeated_corpus(args.corpus, args.size, path)
        repeated_corpus(args.corpus, 4 * args.partition_size, warmup)
        rows = []
        docs, seconds = single_process(path)
        base = docs / seconds
        rows.append(("one process (extract_many)", "-", docs, seconds, base, None))
        for workers in (1, 2):
            docs, seconds, ready = on_cluster(path, warmup, workers, args.partition_size, scratch)
            rows.append((f"dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}", f"{ready:.1f}", docs,
                         seconds, docs / seconds, None))
    print(f"{os.cpu_count()} CPUs; partition size {args.partition_size}; documents: {args.corpus} repeated")
    print(f"{'configuration':34} {'start-up s':>10} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'ratio':>6}")
    for name, ready, docs, seconds, rate, _ in rows:
        print(f"{name:34} {ready:>10} {docs:>5} {seconds:>8.2f} {rate:>7.1f} {rate / base:>6.2f}")


if __name__ == "__main__":
    main()
