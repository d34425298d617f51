"""Ingest: read .txt, .html/.htm, .jsonl and .parquet files into `readouts.schema.Document`s.

Files and directories go in, Documents (or an IngestFailure for each input that
could not be read) come out, in a stable order. No NLP and no network here.
What is read but changed on the way (NULs dropped, a duplicate id renamed) is
logged as a numbered warning on the `readouts.ingest` logger.

>>> for item in read_documents(["corpus/dev"]):  # doctest: +SKIP
...     print(item.id if isinstance(item, Document) else item.message)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from readouts.errors import ReadoutsError, warning_text
from readouts.ingest.dates import parse_date
from readouts.ingest.failures import IngestFailure
from readouts.ingest.files import read_html_file, read_text_file
from readouts.ingest.inputs import SUFFIXES, document_files, find_files
from readouts.ingest.jsonl import read_jsonl_file
from readouts.ingest.parquet import ParquetColumns, read_parquet_file
from readouts.schema import Document

__all__ = ["SUFFIXES", "IngestFailure", "ParquetColumns", "document_files", "find_files", "parse_date",
           "read_documents"]

log = logging.getLogger("readouts.ingest")
MAX_DOCUMENT_CHARS = 1_000_000  # spaCy's default nlp.max_length: a longer text cannot be parsed whole


def read_documents(
    paths: Iterable[str | os.PathLike[str]], published: date | str | None = None,
    columns: ParquetColumns | None = None,
) -> Iterator[Document | IngestFailure]:
    """Yield a Document for every text read from `paths`, in order, or an IngestFailure.

    Each path is a .txt, .html, .htm, .jsonl or .parquet file, or a directory
    searched recursively (see `document_files`). Failures are yielded, never raised,
    so one bad file does not stop a batch: E001 missing path, E002 directory
    with no documents, E007 unsupported file type, and the per-file errors
    E003-E006, E009 (also for an unreadable folder, and a FIFO or device named like a document),
    E010, E034 (longer than MAX_DOCUMENT_CHARS), E040-E042. `published`, if given (a date or
    'YYYY-MM-DD'; E008 is raised, not yielded, for anything else), replaces every document's
    date; `columns` says which Parquet columns hold the text and metadata (default: text, id,
    title, published, url, source).
    """
    if isinstance(published, str):
        published = parse_date(published)
    for file in document_files(paths):
        if isinstance(file, IngestFailure):
            yield file
            continue
        for item in _read_file(file, columns):
            if isinstance(item, Document):
                if "\x00" in item.text:  # PostgreSQL cannot store it; no text needs it
                    log.warning(warning_text("W001", count=item.text.count("\x00"), path=item.path or file))
                    item = item.model_copy(update={"text": item.text.replace("\x00", "")})
                    if not item.text.strip():
                        item = IngestFailure(item.path or str(file), ReadoutsError("E004", path=item.path or file))
                        yield item
                        continue
                if len(item.text) > MAX_DOCUMENT_CHARS:
                    item = IngestFailure(item.path or str(file), ReadoutsError(
                        "E034", path=item.path or str(file), size=len(item.text), limit=MAX_DOCUMENT_CHARS))
                elif published is not None:
                    item = item.model_copy(update={"published": published})
            yield item


def _read_file(path: Path, columns: ParquetColumns | None = None) -> Iterator[Document | IngestFailure]:
    suffix = path.suffix.lower()
    if not path.is_file():  # a FIFO would block the run, a device never end
        yield IngestFailure(str(path), ReadoutsError("E009", path=str(path), reason="not a regular file"))
        return
    if suffix == ".jsonl":
        yield from read_jsonl_file(path)
        return
    if suffix == ".parquet":
        yield from read_parquet_file(path, columns)
        return
    reader = {".txt": read_text_file, ".html": read_html_file, ".htm": read_html_file}.get(suffix)
    if reader is None:
        yield IngestFailure(str(path), ReadoutsError("E007", suffix=path.suffix, path=str(path)))
        return
    try:
        yield reader(path)
    except ReadoutsError as error:
        yield IngestFailure(str(path), error)
