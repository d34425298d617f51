"""How fast the knowledge base stores documents already extracted (the writer of `ingest`; not a test).

Extracts the first N releases of the stream and the dev corpus once, then
times `Store.add` of all of them into a fresh SQLite file, and
prints the seconds, the documents/s and the number of engagements (run it on
two commits to compare their writers; the engagements must agree).

    .venv/bin/python benchmarks/store_speed.py 400
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from readouts.extract.engine import Extractor
from readouts.ingest import IngestFailure, read_documents
from readouts.store import Store
from readouts.store.models import Engagement

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(n: int) -> None:
    stream = read_documents([CORPUS / "stream" / "state-dept-2021-2022.jsonl"])
    documents = [d for d in itertools.islice(stream, n) if not isinstance(d, IngestFailure)]
    documents += [d for d in read_documents([CORPUS / "dev"]) if not isinstance(d, IngestFailure)]
    extractions = list(Extractor().extract_many(documents))
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/kb.db")
        start = time.perf_counter()
        for document, extraction in zip(documents, extractions):
            store.add(document, extraction)
        seconds = time.perf_counter() - start
        with store.session() as session:
            engagements = session.scalar(select(func.count(Engagement.id)))
        store.close()
    print(f"{len(documents)} documents stored in {seconds:.1f} s ({len(documents) / seconds:.1f} docs/s), "
          f"{engagements} engagements")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
