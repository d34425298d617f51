"""Analyse: a pasted text or an uploaded file turned into a `Document` and extracted at once.

Uploaded files go through the same readers as `readouts ingest`
(`readouts.ingest.read_documents`: encodings, HTML main text, JSON Lines), from
a private temporary folder, so the web app accepts exactly what the command
line accepts. Storing is the caller's choice (`Store.add`).
`AnalysisSlots` runs analyses on worker threads, a few at a time and each
with a time limit, so the server's event loop keeps answering other pages.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import anyio

from readouts.errors import ReadoutsError
from readouts.ingest import IngestFailure, read_documents
from readouts.schema import Document, Extraction
from readouts.web.highlight import Fact, extraction_facts, spacy_facts

SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}


@dataclass
class Analysis:
    document: Document
    extraction: Extraction
    facts: list[Fact]
    more_in_file: int = 0  # further records of an uploaded .jsonl that were not analysed
    triage: str | None = None  # why a batch run (ingest, extract) would skip this text, if it would


def document_from_text(text: str, title: str | None = None, published: date | None = None,
                       url: str | None = None, source: str | None = None) -> Document:
    """A pasted text as a Document; its id is derived from the content (NULs dropped, as ingest does)."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ReadoutsError("E065")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    first = text.split("\n", 1)[0].strip()
    return Document(id=f"analysed-{digest}", text=text, title=title or first[:200] or None, published=published,
                    url=url or None, source=source or None)


def document_from_upload(filename: str, data: bytes, published: date | None = None, url: str | None = None,
                         source: str | None = None) -> tuple[Document, int]:
    """The first document of an uploaded .txt, .html, .htm or .jsonl file (and how many more it holds)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadoutsError("E007", suffix=suffix or "(none)", path=filename or "(upload)")
    stem = re.sub(r"[^\w.-]+", "-", Path(filename).stem)[:80].strip(".-") or "upload"
    with tempfile.TemporaryDirectory(prefix="readouts-upload-") as folder:
        path = Path(folder) / f"{stem}{suffix}"
        path.write_bytes(data)
        found = list(read_documents([path], published=published))
    documents = [d for d in found if not isinstance(d, IngestFailure)]
    if not documents:
        failure = next((d for d in found if isinstance(d, IngestFailure)), None)
        if failure is not None and isinstance(getattr(failure, "error", None), ReadoutsError):
            error = failure.error
            if "path" in error.details:  # the upload's name, not the private temporary folder's
                raise ReadoutsError(error.code, **{**error.details, "path": filename})
            raise error
        raise ReadoutsError("E004", path=filename)
    document = documents[0].model_copy(update={
        "path": filename, "url": url or documents[0].url, "source": source or documents[0].source})
    return document, len(documents) - 1


def analyse(extractor, document: Document) -> Analysis:
    """Extract one document and gather every fact with its offsets (spaCy runs once).

    The analyst asked for this text, so it is parsed even where triage would skip it in a
    batch run; `triage` then says why a batch run would skip it.
    """
    doc, extraction, screen = extractor.parse(document)  # the Doc too: `spacy_facts` reads its spans
    return Analysis(document, extraction, extraction_facts(extraction) + spacy_facts(doc),
                    triage=None if screen.keep else screen.reason)


DEFAULT_MAX_ANALYSE_CHARS = 100_000  # a long press release is 20,000; this takes about 10 s on one core
DEFAULT_ANALYSE_TIMEOUT = 120.0  # seconds
DEFAULT_ANALYSES = 2  # at once; more wait for none: they are told the server is busy


def check_length(document: Document, limit: int) -> None:
    """Raise E069 when the text is longer than `limit` characters (analysis time grows with it)."""
    if len(document.text) > limit:
        raise ReadoutsError("E069", size=f"{len(document.text):,} characters", limit=f"{limit:,}")


class AnalysisSlots:
    """At most `slots` analyses at once, each on a worker thread, each given `timeout` seconds.

    A slot is held until its thread really ends, even after its request has been answered with
    E070 (a thread cannot be stopped), so a stream of slow texts cannot pile up threads; a
    request that finds no free slot gets E071 at once.
    """

    def __init__(self, slots: int = DEFAULT_ANALYSES, timeout: float = DEFAULT_ANALYSE_TIMEOUT) -> None:
        self.slots, self.timeout = slots, timeout
        self._free = threading.BoundedSemaphore(slots)
        self._limiter = anyio.CapacityLimiter(slots)

    async def run(self, work, *args):
        """`work(*args)` on a worker thread; E071 when every slot is taken, E070 past the timeout."""
        if not self._free.acquire(blocking=False):
            raise ReadoutsError("E071", slots=self.slots)
        lock = threading.Lock()
        state = {"started": False, "dropped": False}

        def job():
            with lock:
                if state["dropped"]:  # given up before it began: the slot is free already
                    return None
                state["started"] = True
            try:
                return work(*args)
            finally:
                self._free.release()

        try:
            with anyio.fail_after(self.timeout):
                return await anyio.to_thread.run_sync(job, abandon_on_cancel=True, limiter=self._limiter)
        except TimeoutError:
            raise ReadoutsError("E070", seconds=self.timeout) from None
        finally:
            with lock:
                if not state["started"]:  # timed out or cancelled (client gone) before the thread took it
                    state["dropped"] = True
                    self._free.release()
