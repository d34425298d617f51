"""Benchmark: how fast the web app's pages answer on a large knowledge base.

    .venv/bin/python benchmarks/web_pages.py [N_DOCUMENTS] [--db PATH] [--repeat R]

Builds (or reuses) a SQLite knowledge base of about N documents (default
10,000) cheaply: the dev corpus (../shared/corpus/dev) is extracted once, then
its extractions are stored again and again through `Store.add`
as new documents (new keys, publication and event dates moved back three days per
copy, people renamed in 100 cohorts (a made-up surname added) so there are many
people, each in some tens of engagements, the text made
unique by a trailing line) without running spaCy again. Then it times every
page and some API calls through FastAPI's TestClient (one warm-up, then the
median of R runs) and prints the figures.

The renamed people are not in the copied texts, so the document pages of
copies highlight the original names: fine for timing, not for reading.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
COHORTS = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ilex", "Juniper", "Kapok",
           "Larch", "Maple", "Neem", "Oak", "Pine", "Quince", "Rowan", "Spruce", "Teak", "Ulmus", "Vine", "Willow",
           "Yew", "Zelkova"]


def shifted(value: str | None, days: int) -> str | None:
    if not value or value.startswith("X"):
        return value
    try:
        return (date.fromisoformat(value) - timedelta(days=days)).isoformat()
    except ValueError:
        return value


def copy_of(document, extraction, k: int):
    """The k-th synthetic copy of a document and its extraction (no NLP)."""
    variant = k % 100  # each person comes in 100 variants, each in about 1 copy in 100
    cohort = COHORTS[variant % 25] + COHORTS[variant // 25].lower()  # one made-up surname word
    days = 3 * k  # more than the ±1 day within which two reports are one engagement
    published = (document.published or date(2025, 1, 1)) - timedelta(days=days)
    text = f"{document.text}\n\n[copy {k}]"
    new_document = document.model_copy(update={
        "id": f"{document.id}-{k}", "url": f"https://bench.invalid/{k}/{document.id}", "published": published,
        "text": text})
    actors = [a.model_copy(update={"name": f"{a.name} {cohort}" if variant else a.name}) for a in extraction.actors]
    events = [e.model_copy(update={"start": shifted(e.start, days), "end": shifted(e.end, days)})
              for e in extraction.events]
    new_extraction = extraction.model_copy(update={
        "id": new_document.id, "url": new_document.url, "published": published, "actors": actors, "events": events})
    return new_document, new_extraction


def build(path: Path, target: int) -> None:
    from readouts.extract.engine import Extractor
    from readouts.ingest import IngestFailure, read_documents
    from readouts.store import Store, queries

    store = Store.open(f"sqlite:///{path}")
    have = queries.counts(store).documents
    if have >= target:
        print(f"reusing {path}: {have:,} documents")
        store.close()
        return
    documents = [d for d in read_documents([CORPUS]) if not isinstance(d, IngestFailure)]
    extractor = Extractor()
    extractions = [extractor.extract(d) for d in documents]
    started = time.perf_counter()
    k = have // len(documents)
    stored = have
    while stored < target:
        for document, extraction in zip(documents, extractions):
            store.add(*copy_of(document, extraction, k))
            stored += 1
            if stored % 1000 == 0:
                rate = (stored - have) / (time.perf_counter() - started)
                print(f"  {stored:,} documents stored ({rate:.0f}/s)", file=sys.stderr)
            if stored >= target:
                break
        k += 1
    store.apply_overrides()
    print(f"built {path}: {stored:,} documents in {time.perf_counter() - started:.0f} s "
          f"({queries.counts(store).model_dump()})")
    store.close()


def timed(client, url: str, repeat: int) -> tuple[float, int, int]:
    response = client.get(url)  # warm-up (the first document page also loads the spaCy model)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, max(times) * 1000, len(response.content)


def main() -> None:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("documents", nargs="?", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/readouts-web-bench.db"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the dev corpus is not at {CORPUS}")
    build(args.db, args.documents)

    from fastapi.testclient import TestClient

    from readouts.store import Store, queries
    from readouts.web import create_app

    store = Store.open(f"sqlite:///{args.db}")
    overview = queries.overview(store)
    pair = overview.pairs[0]
    person = overview.people[0].handle
    initiative = queries.initiatives(store, limit=1).items[0].key
    engagement = overview.latest[0].id
    counts = queries.counts(store)
    document = queries.documents(store, limit=1, offset=counts.documents // 2).items[0].document
    store.close()
    a, b = pair.a, pair.b
    pages = [
        ("overview", "/"),
        ("overview, one year", "/?since=2024-01-01&until=2024-12-31"),
        (f"pair {a}-{b} ({pair['engagements']:,} engagements)", f"/pairs/{a}/{b}"),
        (f"pair {a}-{b}, page 20", f"/pairs/{a}/{b}?page=20"),
        ("engagement", f"/engagements/{engagement}"),
        ("people", "/people"),
        ("people, name filter", "/people?q=misri"),
        (f"person {person}", f"/people/{quote(person)}"),
        ("initiatives", "/initiatives"),
        (f"initiative {initiative}", f"/initiatives/{quote(initiative, safe='')}"),
        ("documents", "/documents"),
        ("documents, page 100", "/documents?page=100"),
        ("document (with highlights)", f"/document?key={quote(document, safe='')}"),
        ("network, top 80", "/network"),
        ("network, top 300", "/network?limit=300"),
        ("network, one country", f"/network?country={a}"),
        ("search", "/search?q=strategic+dialogue"),
        ("analyse (form)", "/analyse"),
        ("API overview", "/api/overview"),
        (f"API pair {a}-{b}", f"/api/pairs/{a}/{b}"),
        ("API person", f"/api/people/{quote(person)}"),
        ("API network", "/api/network"),
    ]
    client = TestClient(create_app(f"sqlite:///{args.db}"))
    print(f"\n{counts['documents']:,} documents, {counts['engagements']:,} engagements, {counts['people']:,} people, "
          f"{counts['initiatives']:,} initiatives; median of {args.repeat} runs after one warm-up")
    print(f"{'page':<44} {'median ms':>10} {'max ms':>8} {'KiB':>7}")
    for name, url in pages:
        median, worst, size = timed(client, url, args.repeat)
        print(f"{name:<44} {median:>10.0f} {worst:>8.0f} {size / 1024:>7.0f}")


if __name__ == "__main__":
    main()
