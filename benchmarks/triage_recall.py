"""What triage skips on a corpus, and whether the full pipeline finds anything there (not a test).

Screens every document of the given paths, then runs the extractor with triage
off on the documents the screen skips, and prints how many were skipped and
which of them still yield an event without triage.

    .venv/bin/python benchmarks/triage_recall.py ../shared/corpus/stream/state-dept-2021-2022.jsonl
"""

from __future__ import annotations

import sys

from readouts.extract.engine import Extractor
from readouts.ingest import IngestFailure, read_documents
from readouts.nlp.triage import load_triage


def main(paths: list[str]) -> None:
    screen = load_triage().screen
    documents = [d for d in read_documents(paths) if not isinstance(d, IngestFailure)]
    skipped = [d for d in documents if not screen(d.text).keep]
    print(f"{len(documents)} documents, {len(skipped)} skipped by triage", flush=True)
    found = []
    for document, extraction in zip(skipped, Extractor(triage=False).extract_many(skipped)):
        events = getattr(extraction, "events", None)
        if events:
            found.append((document.id, [(e.type, len(e.participants)) for e in events]))
    print(f"skipped documents in which the full pipeline finds an event: {len(found)}")
    for document_id, events in found:
        print(f"  {document_id}: {events}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/corpus/stream/state-dept-2021-2022.jsonl"])
