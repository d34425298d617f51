"""Signs of phantom engagements on the State Department stream (a command, not a test).

Runs the extractor (triage on, as by default) over a JSON Lines stream, or reads
extractions a previous run saved (`--from-saved`), and prints per document
class, from the title (`readouts.evaluate_silver.title_class`):

- engagement: the title states an engagement (`parse_title`, the silver set's
  grammar), the baseline of the run: documents where events are expected;
- transcript: a briefing, remarks, interview or press availability (`is_transcript`:
  the title contains "Press Briefing", "Briefing", "Remarks", "Press Availability",
  "Interview", "Before Their Meeting", ... or starts with "Secretary Antony J.
  Blinken", the Department's form for transcripts; the words are in
  `data/silver_titles.yaml`);
- other: every other title (statements, national days, sanctions, ...).

For each: documents, share skipped by triage, events per document, persons
(actors) and participants per document; then the share of all events that come
from transcripts and from "other" titles, and the persons whose names look like
no person (`non_person_reason`: rooms, months, a digit, one word that is a
country or organisation), with the events they take part in.

    PYTHONPATH=src .venv/bin/python benchmarks/stream_precision.py \\
        ../shared/corpus/stream/state-dept-2021-2022.jsonl --save /tmp/stream.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/stream_precision.py --from-saved /tmp/stream.jsonl --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.evaluate_silver import non_person_reason, title_class
from readouts.schema import Extraction

DEFAULT_STREAM = "../shared/corpus/stream/state-dept-2021-2022.jsonl"
CLASSES = ("engagement", "transcript", "other")


def extractions(path: str, limit: int | None, workers: int, save: str | None):
    """Extract every document of `path` (the first `limit`), yielding each `Extraction`; progress on stderr."""
    from readouts.extract.engine import ExtractionFailure, Extractor
    from readouts.ingest import IngestFailure, read_documents
    from readouts.parallel import ParallelExtractor

    items = list(read_documents([path]))
    documents = [d for d in items if not isinstance(d, IngestFailure)]
    failures = [d for d in items if isinstance(d, IngestFailure)]
    for failure in failures:
        print(f"  not read: {failure.message}", file=sys.stderr)
    if failures and not documents:
        raise failures[0].error  # nothing could be read: no figures to print (main says why, exit 1)
    documents = documents[:limit] if limit else documents
    extractor = ParallelExtractor(workers=workers) if workers > 1 else Extractor()
    out = open(save, "w", encoding="utf-8") if save else None  # noqa: SIM115 - closed below
    started = time.perf_counter()
    try:
        for done, item in enumerate(extractor.extract_many(documents), 1):
            if done % 25 == 0 or done == len(documents):
                rate = done / (time.perf_counter() - started)
                print(f"  {done}/{len(documents)} documents, {rate:.2f}/s", file=sys.stderr, flush=True)
            if isinstance(item, ExtractionFailure):
                print(f"  failed: {item.message}", file=sys.stderr)
                continue
            if out:
                out.write(item.model_dump_json() + "\n")
            yield item
    finally:
        if out:
            out.close()
        if hasattr(extractor, "close"):
            extractor.close()


def saved_extractions(path: str, limit: int | None):
    """Extractions a previous run wrote with `--save`."""
    source = Path(path)
    if not source.is_file():
        raise ReadoutsError("E001", path=path)
    with source.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if limit and number > limit:
                return
            try:
                yield Extraction.model_validate_json(line)
            except ValueError as exc:  # pydantic's ValidationError is a ValueError
                raise ReadoutsError("E006", path=path, line=number, reason=str(exc).splitlines()[0]) from None


def figures(items) -> dict:
    """The run's figures, per title class, from a stream of extractions."""
    per: dict[str, Counter] = {c: Counter() for c in CLASSES}
    event_types: dict[str, Counter] = {c: Counter() for c in CLASSES}
    suspects: Counter = Counter()
    suspect_reasons: Counter = Counter()
    suspect_events = 0
    for extraction in items:
        cls = title_class(extraction.title, extraction.id)
        counts = per[cls]
        counts["documents"] += 1
        counts["skipped"] += extraction.skipped is not None
        counts["events"] += len(extraction.events)
        counts["with_events"] += bool(extraction.events)
        counts["persons"] += len(extraction.actors)
        counts["participants"] += sum(a.participant for a in extraction.actors)
        event_types[cls].update(e.type for e in extraction.events)
        flagged = {}
        for actor in extraction.actors:
            reason = non_person_reason(actor.name)
            if reason:
                flagged[actor.id] = reason
                counts["non_persons"] += 1
                counts["non_person_participants"] += actor.participant
                suspects[actor.name] += 1
                suspect_reasons[reason.split(":")[0]] += 1
        for event in extraction.events:
            if flagged.keys() & {*event.participants, *event.visitors}:
                suspect_events += 1
    total_events = sum(per[c]["events"] for c in CLASSES)
    result = {"classes": {}, "events": total_events}
    for cls in CLASSES:
        c = per[cls]
        n = c["documents"] or 1
        result["classes"][cls] = {
            "documents": c["documents"], "skipped_share": round(c["skipped"] / n, 3),
            "with_events_share": round(c["with_events"] / n, 3),
            "events": c["events"], "events_per_document": round(c["events"] / n, 3),
            "persons_per_document": round(c["persons"] / n, 3),
            "participants_per_document": round(c["participants"] / n, 3),
            "non_person_names": c["non_persons"], "non_person_participants": c["non_person_participants"],
            "event_types": dict(event_types[cls].most_common()),
        }
    result["transcript_event_share"] = round(per["transcript"]["events"] / total_events, 3) if total_events else None
    result["other_title_events"] = per["other"]["events"]
    result["other_title_event_share"] = round(per["other"]["events"] / total_events, 3) if total_events else None
    result["non_person_names"] = sum(suspects.values())
    result["non_person_reasons"] = dict(suspect_reasons.most_common())
    result["events_with_non_person_participant"] = suspect_events
    result["top_non_person_names"] = suspects.most_common(25)
    return result


def render(result: dict) -> str:
    """The figures as a small table, engagement titles (the baseline) first."""
    lines = [f"{'title class':<12} {'docs':>6} {'skipped':>8} {'w/ events':>9} {'events':>7} "
             f"{'ev/doc':>7} {'persons/doc':>11} {'particip/doc':>12} {'non-person':>10}"]
    base = result["classes"]["engagement"]["events_per_document"] or None
    for cls in CLASSES:
        c = result["classes"][cls]
        lines.append(f"{cls:<12} {c['documents']:>6} {c['skipped_share']:>8.1%} {c['with_events_share']:>9.1%} "
                     f"{c['events']:>7} {c['events_per_document']:>7.2f} {c['persons_per_document']:>11.2f} "
                     f"{c['participants_per_document']:>12.2f} {c['non_person_names']:>10}")
    for cls in ("transcript", "other"):
        c = result["classes"][cls]
        if base:
            lines.append(f"events per document on {cls} titles / on engagement titles: "
                         f"{c['events_per_document'] / base:.2f}")
    lines.append(f"events: {result['events']}; from transcripts: {result['transcript_event_share']:.1%}; "
                 f"on titles that state no engagement (other): {result['other_title_events']} "
                 f"({result['other_title_event_share']:.1%})" if result["events"] else "events: 0")
    lines.append(f"names that look like no person: {result['non_person_names']} "
                 f"({', '.join(f'{k} {v}' for k, v in result['non_person_reasons'].items())}); "
                 f"events with such a participant: {result['events_with_non_person_participant']}")
    lines.append("  most frequent: " + "; ".join(f"{n} ×{k}" for n, k in result["top_non_person_names"][:15]))
    for cls in CLASSES:
        lines.append(f"event types, {cls}: {result['classes'][cls]['event_types']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=DEFAULT_STREAM, help="a JSON Lines stream of documents")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--workers", type=int, default=1, help="extraction processes (default 1: a shared machine)")
    parser.add_argument("--save", help="also write the extractions (JSON Lines) to this file")
    parser.add_argument("--from-saved", help="read the extractions a run saved instead of extracting")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.workers < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--workers and --limit must be at least 1")
    try:
        started = time.perf_counter()
        items = (saved_extractions(args.from_saved, args.limit) if args.from_saved
                 else extractions(args.path, args.limit, args.workers, args.save))
        result = figures(items)
        result["seconds"] = round(time.perf_counter() - started, 1)
    except ReadoutsError as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps(result, indent=1, ensure_ascii=False) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
