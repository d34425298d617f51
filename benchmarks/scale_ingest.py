"""How the knowledge-base writer's cost per document grows with the knowledge base (a benchmark, not a test).

Extracts the State Department stream once (cached in CACHE, a folder given on
the command line: extraction of ~2,000 releases takes minutes), then makes N
documents by copying the (document, extraction) pairs: copy k of a release
has its people renamed (every surname but the 25 most frequent ones, which
stay, as long-serving officials do, gets an invented surname of the same
length), its years shifted by 4k, and its longer lower-case words spelled
with a letter permutation of its own, so each copy has its own text, id and
URL and is not a near-duplicate of the others. The substitutions keep every
length, so all character offsets stay right, and are applied alike to the
text, the names and the evidence.

For each size a child process stores the N documents with
`Store.add` into a fresh SQLite file, then runs
`consolidate_people` as `readouts ingest` does, and reports the seconds,
documents/s, the documents/s over the last 10 % of documents against the
first 10 % (flat cost per document is ~1.0), its peak RSS and the people and
engagements stored (run it on two commits to compare their writers: these
must agree). The last line compares the throughputs of the largest and the
smallest size.

    .venv/bin/python benchmarks/scale_ingest.py /tmp/scale-cache 10000 100000
    .venv/bin/python benchmarks/scale_ingest.py /tmp/scale-cache 2000 10000 --profile 25
    .venv/bin/python benchmarks/scale_ingest.py /tmp/scale-cache --ingest-workers 2

With `--ingest-workers N` it instead runs a real `readouts ingest --workers N`
of the stream, with `Store.add` timed, and prints the writer's
share of the run's time (near 100 % means the writer, not extraction, sets
the pace).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from functools import cache
from pathlib import Path

from readouts import __version__

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
STREAM = CORPUS / "stream" / "state-dept-2021-2022.jsonl"
KEPT = 25  # the most frequent surnames keep their name in every copy
YEARS = 4  # years between copies (a multiple of 4 keeps most leap days)
VOWELS, CONSONANTS = "aeiou", "bcdfghklmnprstvz"
NOT_RENAMED = {"id", "url", "path", "country", "type", "status", "sector", "verb"}


def extractions(folder: Path) -> list[tuple[dict, dict]]:
    """(document, extraction) of every stream release, as JSON dicts; extracted once, then read from `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / f"stream-extractions-{__version__}.jsonl"
    if not cached.exists():
        from readouts.extract.engine import Extractor
        from readouts.ingest import IngestFailure, read_documents
        from readouts.schema import Extraction

        documents = [d for d in read_documents([STREAM]) if not isinstance(d, IngestFailure)]
        start = time.perf_counter()
        partial = cached.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for document, extraction in zip(documents, Extractor().extract_many(documents)):
                if isinstance(extraction, Extraction):
                    out.write(json.dumps({"document": document.model_dump(mode="json"),
                                          "extraction": extraction.model_dump(mode="json")}) + "\n")
        partial.rename(cached)
        print(f"extracted {len(documents)} releases in {time.perf_counter() - start:.0f} s -> {cached}",
              file=sys.stderr)
    with cached.open(encoding="utf-8") as lines:
        pairs = [(item["document"], item["extraction"]) for item in map(json.loads, lines)]
    # the stream's own order puts its longest releases last: shuffled, the first and the last
    # 10 % of a run are alike, and their documents/s differ by what the knowledge base holds
    random.Random(7).shuffle(pairs)
    return pairs


def surnames(pairs: list[tuple[dict, dict]]) -> tuple[re.Pattern, set[str]]:
    """A pattern matching the surnames to rename, and the lower-case words of every actor name (kept)."""
    from readouts.store.knowledge import _place_names

    places = _place_names()
    counts: Counter = Counter()
    given = set()  # "Antony": a last word somewhere ("Antony" alone), a given name elsewhere
    for _, extraction in pairs:
        for actor in extraction["actors"]:
            words = [w for w in re.findall(r"\w+", actor["name"]) if len(w) > 2 and w[0].isupper()]
            if words and words[-1].lower() not in places:
                counts[words[-1]] += 1
            given.update(words[:-1])
    vocabulary = {w for document, _ in pairs for w in re.findall(r"\b[a-z]+\b", document["text"])}
    # a surname that is also a word ("Price", "Power") stays: renaming it would change what
    # `is_person_name` decides about the one-word mention
    renamed = {w for w in counts if w.lower() not in vocabulary} - given - {w for w, _ in counts.most_common(KEPT)}
    protected = {w.lower() for _, e in pairs for a in e["actors"] for w in re.findall(r"\w+", a["name"])}
    return re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, renamed), key=len, reverse=True)) + r")(?!\w)"), \
        protected


@cache
def invented(word: str, copy: int) -> str:
    """A pronounceable surname of the same length as `word`, the same for every (word, copy)."""
    rng = random.Random(zlib.crc32(f"{word}/{copy}".encode()))
    letters = [rng.choice(CONSONANTS if i % 2 == 0 else VOWELS) for i in range(len(word))]
    return "".join(letters).capitalize()


@cache
def cipher(copy: int) -> dict[int, int]:
    letters = list("abcdefghijklmnopqrstuvwxyz")
    random.Random(f"cipher/{copy}").shuffle(letters)
    return str.maketrans("abcdefghijklmnopqrstuvwxyz", "".join(letters))


def shift_date(value: str, years: int) -> str:
    """'2021-05-27' -> '2025-05-27' (also 'YYYY-MM' and 'YYYY'); a lost leap day becomes the 28th."""
    match = re.fullmatch(r"(\d{4})(-\d\d)?(-\d\d)?", value)
    if not match:
        return value  # "XXXX-05-27": no year to shift
    year = int(match[1]) + years
    day = match[3] or ""
    if match[2] == "-02" and day == "-29" and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = "-28"
    return f"{year:04d}{match[2] or ''}{day}"


def copy_pair(document: dict, extraction: dict, copy: int, names: re.Pattern,
              protected: set[str]) -> tuple[dict, dict]:
    """Copy `copy` of a (document, extraction) pair; copy 0 is the release itself."""
    if copy == 0:
        return document, extraction
    years = YEARS * copy
    table = cipher(copy)

    def lower_word(m: re.Match) -> str:
        return m[0] if m[0] in protected else m[0].translate(table)

    def change(key: str, value):
        if isinstance(value, dict):
            return {k: change(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [change(key, v) for v in value]
        if not isinstance(value, str) or key in NOT_RENAMED:
            return value
        if key in ("published", "start", "end"):
            return shift_date(value, years)
        value = names.sub(lambda m: invented(m[0], copy), value)
        value = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", lambda m: str(int(m[0]) + years), value)
        if key in ("text", "raw"):  # the words of the text and its evidence, never titles or kinds
            value = re.sub(r"\b[a-z]{6,}\b", lower_word, value)
        return value

    document, extraction = change("", document), change("", extraction)
    document["id"] = extraction["id"] = f"{document['id']}~{copy}"
    document["url"] = extraction["url"] = f"{document.get('url') or 'https://example.org/' + document['id']}" \
                                          f"#copy-{copy}"
    return document, extraction


def generated(pairs: list[tuple[dict, dict]], n: int):
    """The first `n` documents: every release of copy 0, then of copy 1, ... as (Document, Extraction)."""
    from readouts.schema import Document, Extraction

    names, protected = surnames(pairs)
    for i in range(n):
        document, extraction = copy_pair(*pairs[i % len(pairs)], i // len(pairs), names, protected)
        yield Document.model_validate(document), Extraction.model_validate(extraction)


def child(folder: Path, n: int, profile: int) -> None:
    """Store `n` generated documents into a fresh knowledge base; print one JSON line of figures."""
    from sqlalchemy import func, select

    from readouts.store import Store
    from readouts.store.models import Engagement, Person

    pairs = extractions(folder)
    with tempfile.TemporaryDirectory() as work:
        store = Store.open(f"sqlite:///{work}/kb.db")
        tenth = max(n // 10, 1)
        profilers = [cProfile.Profile(), cProfile.Profile()] if profile else []
        times = []
        for i, (document, extraction) in enumerate(generated(pairs, n)):
            profiler = profilers[i >= n - tenth] if profilers and (i < tenth or i >= n - tenth) else None
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            store.add(document, extraction)
            if profiler:
                profiler.disable()
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        merged = store.consolidate_people()
        consolidation = time.perf_counter() - start
        with store.session() as session:
            people = session.scalar(select(func.count(Person.id)))
            engagements = session.scalar(select(func.count(Engagement.id)))
        store.close()
    figures = {"documents": n, "seconds": sum(times), "first": tenth / sum(times[:tenth]),
               "last": tenth / sum(times[-tenth:]), "consolidation": consolidation, "merged": merged,
               "people": people, "engagements": engagements,
               "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    for part, profiler in zip(("first", "last"), profilers):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(profile)
        print(f"{n} documents, the {part} 10 %:\n{out.getvalue()}", file=sys.stderr)
    print(json.dumps(figures))


def writer_share(workers: int) -> None:
    """Run `readouts ingest --workers N` on the stream with `Store.add` timed; print its share."""
    from readouts.cli import app
    from readouts.store import Store

    spent = []
    add = Store.add

    def timed(self, document, extraction):
        start = time.perf_counter()
        try:
            return add(self, document, extraction)
        finally:
            spent.append(time.perf_counter() - start)

    Store.add = timed
    with tempfile.TemporaryDirectory() as work:
        sys.argv = ["readouts", "ingest", str(STREAM), "--db", f"sqlite:///{work}/kb.db", "--workers", str(workers)]
        start = time.perf_counter()
        try:
            app()
        except SystemExit:
            pass
        seconds = time.perf_counter() - start
    print(f"readouts ingest --workers {workers} of the stream: {len(spent)} documents in {seconds:.1f} s "
          f"({len(spent) / seconds:.1f} docs/s); the writer (Store.add) took {sum(spent):.1f} s, "
          f"{sum(spent) / seconds:.0%} of the time")


def main(folder: Path, sizes: list[int], profile: int = 0) -> None:
    extractions(folder)  # extract once, before the timed children
    rates = []
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, str(folder), str(n), "--child"]
                              + (["--profile", str(profile)] if profile else []),
                              stdout=subprocess.PIPE, text=True, check=True)
        f = json.loads(done.stdout.strip().splitlines()[-1])
        rate = f["documents"] / f["seconds"]
        rates.append(rate)
        print(f"{n:>7} documents  {f['seconds']:8.1f} s  {rate:6.1f} docs/s  "
              f"last/first 10 %: {f['last']:6.1f}/{f['first']:6.1f} docs/s = {f['last'] / f['first']:.2f}  "
              f"consolidation {f['consolidation']:6.1f} s ({f['merged']} merged)  "
              f"peak RSS {f['peak_kib'] / 1024:7.1f} MiB  {f['people']} people, {f['engagements']} engagements",
              flush=True)
    if len(sizes) > 1:
        print(f"docs/s at {sizes[-1]} / at {sizes[0]}: {rates[-1] / rates[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path, help="folder for the cached extractions of the stream")
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--profile", type=int, default=0, metavar="LINES",
                        help="print the LINES most expensive calls (cProfile, own time) of the first and "
                             "of the last 10 %% of each size's documents")
    parser.add_argument("--ingest-workers", type=int, default=0, metavar="N",
                        help="instead, time a real `readouts ingest --workers N` of the stream and print the "
                             "writer's share of its time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest_workers:
        writer_share(args.ingest_workers)
    elif args.child:
        child(args.cache, args.sizes[0], args.profile)
    else:
        main(args.cache, args.sizes, args.profile)
