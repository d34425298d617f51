"""Peak memory of `readouts ingest` as the number of documents grows (a benchmark, not a test).

Generates N short synthetic readouts (calls and meetings between invented
ministers of random country pairs, so the knowledge base keeps growing in
people and engagements), ingests them into a fresh SQLite file in a child
process, and prints documents, seconds, documents/s and the child's peak RSS
for each N, then the ratio of the largest to the smallest peak. With
`--workers N` the ingest runs on N worker processes and the peak of the
largest worker is printed as well.

    .venv/bin/python benchmarks/ingest_memory.py 1000 20000 --workers 2
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = [("Brazilian", "Brazil"), ("Nigerian", "Nigeria"), ("Japanese", "Japan"), ("German", "Germany"),
             ("Kenyan", "Kenya"), ("Chilean", "Chile"), ("Polish", "Poland"), ("Vietnamese", "Vietnam"),
             ("Canadian", "Canada"), ("Egyptian", "Egypt"), ("Indonesian", "Indonesia"), ("Mexican", "Mexico")]
GIVEN = ["Ana", "Tomas", "Leila", "Kofi", "Mei", "Jonas", "Rosa", "Ivan", "Nadia", "Omar", "Priya", "Lars"]
FAMILY = ["Duarte", "Okafor", "Sato", "Brenner", "Wambua", "Medina", "Nowak", "Tran", "Gagnon", "Hassan",
          "Santoso", "Ortega", "Lindqvist", "Mensah", "Kowalski", "Ferreira"]


def corpus(n: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            (d1, c1), (d2, c2) = rng.sample(COUNTRIES, 2)
            a = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            b = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            kind = rng.choice(["held a phone call with", "met with", "held talks with"])
            day = 1 + i % 28
            text = (f"{d1} Foreign Minister {a} {kind} {d2} Foreign Minister {b} on March {day}. "
                    f"The two ministers discussed trade, energy and security, and agreed to hold the "
                    f"next round of consultations in {c2} later this year. Document {i}.")
            out.write(json.dumps({"id": f"bench-{i}", "title": f"{c1} and {c2} ministers confer", "text": text,
                                  "published": f"2024-03-{day:02d}", "url": None, "source": "benchmark"}) + "\n")


def run(n: int, work: Path, workers: int = 1) -> tuple[float, int, int]:
    """Ingest n documents in a child process: (seconds, its peak RSS KiB, its largest worker's peak KiB)."""
    data = work / f"docs-{n}.jsonl"
    corpus(n, data)
    db = work / f"kb-{n}.db"
    code = ("import resource, sys; from readouts.cli import app; "
            "sys.argv=['readouts','ingest',sys.argv[1],'--db',sys.argv[2],'--workers',sys.argv[3]]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(data), f"sqlite:///{db}", str(workers)],
                          capture_output=True, text=True, check=True)
    seconds = time.monotonic() - start
    own, children = (int(v) for v in done.stdout.strip().splitlines()[-1].split())
    return seconds, own, children


def main(sizes: list[int], workers: int = 1) -> None:
    with tempfile.TemporaryDirectory() as folder:
        peaks, worker_peaks = [], []
        for n in sizes:
            seconds, peak, worker = run(n, Path(folder), workers)
            peaks.append(peak)
            worker_peaks.append(worker)
            extra = f"  largest worker {worker / 1024:7.1f} MiB" if workers > 1 else ""
            print(f"{n:>7} documents  {seconds:8.1f} s  {n / seconds:6.1f} docs/s  "
                  f"peak RSS {peak / 1024:7.1f} MiB{extra}", flush=True)
        print(f"peak RSS ratio largest/smallest run: {max(peaks) / min(peaks):.3f}"
              + (f" (workers: {max(worker_peaks) / min(worker_peaks):.3f})" if workers > 1 else ""))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    workers = 1
    if "--workers" in arguments:
        at = arguments.index("--workers")
        workers = int(arguments[at + 1])
        del arguments[at:at + 2]
    main([int(a) for a in arguments] or [1000, 20000], workers)
