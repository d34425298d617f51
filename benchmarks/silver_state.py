"""Recall of title-stated engagements on State Department releases (a command, not a test).

The silver set (`benchmarks/silver/state-dept-titles.jsonl`, written by
`scripts/silver_titles.py`) says, from each release's title, whom a
Department official called, met or travelled to. This command extracts each
silver document from its body alone (a `Document` with no title and no URL,
whose path repeats the title; a body that starts with the title has it cut)
and prints, per kind and overall:

- recall: the share of documents with an event of the kind's family (a call as
  a call; a meeting as a meeting, talks, visit, ...) in which a participant's
  name holds the counterpart's surname (the project's name normalisation); for
  travel, a visit or in-person event in one of the destination countries;
- country: on the found ones, the share where that participant's country is the
  counterpart's country of the title;
- skipped: the share of documents triage skips.

Each figure is given with triage off (the baseline, `Extractor(triage=False)`)
and on (the default), in the same run. Triage passes a kept document's whole
text to the pipeline (`readouts.nlp.triage`), so "on" is the baseline's
extraction for a kept document and nothing for a skipped one: the documents are
extracted once and screened once.

    PYTHONPATH=src .venv/bin/python benchmarks/silver_state.py [--limit N [--sample-seed S]] [--json] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict

from readouts.errors import ReadoutsError
from readouts.evaluate_silver import KINDS, SilverRecord, read_silver, silver_hit
from readouts.schema import Document

DEFAULT_SILVER = "benchmarks/silver/state-dept-titles.jsonl"
DEFAULT_STREAM = "../shared/corpus/stream/state-dept-2021-2022.jsonl"


def silver_documents(records: list[SilverRecord], stream: str) -> tuple[list[Document], int]:
    """A `Document` per record from the stream: body only, no title, no URL; and how many bodies started
    with their title (cut)."""
    from readouts.ingest import IngestFailure, read_documents

    wanted = {r.id for r in records}
    by_id = {}
    for item in read_documents([stream]):
        if not isinstance(item, IngestFailure) and item.id in wanted:
            by_id[item.id] = item
    documents, cut = [], 0
    for record in records:
        source = by_id.get(record.id)
        if source is None:
            raise ReadoutsError("E076", id=record.id, path=stream)
        text = source.text
        if source.title and text.lstrip().startswith(source.title):
            text = text.lstrip()[len(source.title):].lstrip()
            cut += 1
        documents.append(Document(id=source.id, text=text, published=source.published, source=source.source))
    return documents, cut


def measure(records: list[SilverRecord], documents: list[Document], misses: list | None = None) -> dict:
    """Extract every document once (triage off), screen it once, and score both settings per kind.

    When `misses` is a list, each record the baseline misses is appended to it with what was extracted.
    """
    from readouts.extract.engine import ExtractionFailure, Extractor, plain_spaces
    from readouts.nlp.triage import load_triage

    screen = load_triage().screen
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    started = time.perf_counter()
    extractor = Extractor(triage=False)
    for done, (record, document, extraction) in enumerate(
            zip(records, documents, extractor.extract_many(documents)), 1):
        if done % 25 == 0 or done == len(documents):
            print(f"  {done}/{len(documents)} documents, {done / (time.perf_counter() - started):.2f}/s",
                  file=sys.stderr, flush=True)
        verdict = screen(plain_spaces(document.text))
        kept = verdict.keep
        if kept and verdict.text != plain_spaces(document.text):
            raise RuntimeError("triage passed part of a text: the 'on' figures cannot be derived")
        failed = isinstance(extraction, ExtractionFailure)
        hit = silver_hit(record, extraction) if not failed else None
        if misses is not None and not (hit and hit.found):
            misses.append(_miss(record, extraction, failed))
        for group in (record.kind, "all", *(["transcript titles"] if record.transcript else [])):
            t = tallies[group]
            t["documents"] += 1
            t["failed"] += failed
            t["skipped"] += not kept
            if hit and hit.found:
                t["found_off"] += 1
                t["found_on"] += kept
                if hit.country_right is not None:
                    t["country_checked_off"] += 1
                    t["country_right_off"] += hit.country_right
                    t["country_checked_on"] += kept
                    t["country_right_on"] += kept and hit.country_right
    return {group: _rates(t) for group, t in tallies.items()}


def _miss(record: SilverRecord, extraction, failed: bool) -> dict:
    """A record the baseline missed, with the events it did extract (type: participant names)."""
    if failed:
        return {"kind": record.kind, "title": record.title, "events": "extraction failed"}
    names = {a.id: f"{a.name} ({a.country})" for a in extraction.actors}
    events = [f"{e.type}{'@' + e.host_country if e.host_country else ''}: "
              + ", ".join(names.get(p, p) for p in e.participants) for e in extraction.events]
    return {"kind": record.kind, "title": record.title, "events": events}


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def _rates(t: dict[str, int]) -> dict:
    n = t["documents"]
    return {
        "documents": n, "failed": t["failed"], "skipped_share": _share(t["skipped"], n),
        "recall_off": _share(t["found_off"], n), "recall_on": _share(t["found_on"], n),
        "recall_on_over_off": _share(t["found_on"], t["found_off"]),
        "country_accuracy_off": _share(t["country_right_off"], t["country_checked_off"]),
        "country_accuracy_on": _share(t["country_right_on"], t["country_checked_on"]),
        "found_off": t["found_off"], "found_on": t["found_on"],
        "country_checked_off": t["country_checked_off"],
    }


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:6.1%}"


def render(result: dict) -> str:
    """The figures as a table: one row per kind, then all, then the transcript titles among them."""
    lines = [f"{'kind':<18} {'docs':>5} {'skipped':>8} {'recall off':>10} {'recall on':>10} {'on/off':>7} "
             f"{'country off':>11} {'country on':>10}"]
    order = [k for k in KINDS if k in result["groups"]] + ["all", "transcript titles"]
    for group in order:
        r = result["groups"].get(group)
        if not r:
            continue
        lines.append(f"{group:<18} {r['documents']:>5} {_pct(r['skipped_share']):>8} {_pct(r['recall_off']):>10} "
                     f"{_pct(r['recall_on']):>10} {_pct(r['recall_on_over_off']):>7} "
                     f"{_pct(r['country_accuracy_off']):>11} {_pct(r['country_accuracy_on']):>10}")
    lines.append(f"(off = Extractor(triage=False), the baseline; on = the default. {result['bodies_cut']} bodies "
                 f"started with their title and had it cut; {result['seconds']} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silver", default=DEFAULT_SILVER, help="the silver set (JSON Lines)")
    parser.add_argument("--stream", default=DEFAULT_STREAM, help="the documents (JSON Lines)")
    parser.add_argument("--limit", type=int, default=None, help="only N silver documents")
    parser.add_argument("--sample-seed", type=int, default=None,
                        help="with --limit: draw the N at random with this seed (default: the first N)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", type=int, default=0,
                        help="also print up to N records per kind the baseline misses, with what it extracted")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    try:
        started = time.perf_counter()
        records = read_silver(args.silver)
        if args.limit and args.sample_seed is not None:
            records = random.Random(args.sample_seed).sample(records, min(args.limit, len(records)))
        elif args.limit:
            records = records[:args.limit]
        documents, cut = silver_documents(records, args.stream)
        missed: list[dict] = []
        groups = measure(records, documents, missed)
    except ReadoutsError as error:
        print(error, file=sys.stderr)
        return 1
    result = {"silver": args.silver, "documents": len(records), "bodies_cut": cut, "groups": groups,
              "seconds": round(time.perf_counter() - started, 1)}
    if args.misses:
        result["misses"] = [m for kind in KINDS for m in [x for x in missed if x["kind"] == kind][:args.misses]]
    print(json.dumps(result, indent=1, ensure_ascii=False) if args.json else render(result))
    if args.misses and not args.json:
        for miss in result["misses"]:
            print(f"missed {miss['kind']}: {miss['title']}\n    extracted: {miss['events'] or 'no event'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
