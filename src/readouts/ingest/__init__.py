"""Ingest: read .txt, .html/.htm, .jsonl and .parquet files into `readouts.schema.Document`s.

Files and directories go in, Documents (or an IngestFailure for each input that
could not be read) come out, in a stable order. No NLP and no network here.

>>> for item in read_documents(["corpus/dev"]):  # doctest: +SKIP
...     print(item.id if isinstance(item, Document) else item.message)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.ingest.dates import parse_date
from readouts.ingest.failures import IngestFailure
from readouts.ingest.files import META_SUFFIX, read_html_file, read_text_file
from readouts.ingest.jsonl import read_jsonl_file
from readouts.ingest.parquet import ParquetColumns, read_parquet_file
from readouts.schema import Document

__all__ = ["SUFFIXES", "IngestFailure", "ParquetColumns", "find_files", "parse_date", "read_documents"]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".parquet")
# Annotations and metadata live beside the documents; they are not documents.
_SKIPPED_ENDINGS = (META_SUFFIX, ".gold.json")


def read_documents(
    paths: Iterable[str | os.PathLike[str]], published: date | None = None,
    columns: ParquetColumns | None = None,
) -> Iterator[Document | IngestFailure]:
    """Yield a Document for every text read from `paths`, in order, or an IngestFailure.

    Each path is a .txt, .html, .htm, .jsonl or .parquet file, or a directory
    searched recursively (see `find_files`). Failures are yielded, never raised,
    so one bad file does not stop a batch: E001 missing path, E002 directory
    with no documents, E007 unsupported file type, and the per-file errors
    E003-E006, E009, E010, E040-E042. `published`, if given, replaces every
    document's date; `columns` says which Parquet columns hold the text and
    metadata (default: text, id, title, published, url, source).
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(find_files(path))
            if not files:
                yield IngestFailure(str(path), ReadoutsError("E002", path=str(path)))
        elif path.exists():
            files = [path]
        else:
            yield IngestFailure(str(path), ReadoutsError("E001", path=str(path)))
            continue
        for file in files:
            for item in _read_file(file, columns):
                if published is not None and isinstance(item, Document):
                    item = item.model_copy(update={"published": published})
                yield item


def find_files(directory: Path) -> Iterator[Path]:
    """Yield the document files under `directory`, depth first, each level sorted by name.

    Hidden files and directories and NAME.meta.json / NAME.gold.json are skipped.
    """
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError:
        return  # an unreadable subdirectory holds nothing we can read
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        # Like os.walk, do not follow symlinked directories: they can loop.
        if entry.is_dir():
            if not entry.is_symlink():
                yield from find_files(entry)
        elif entry.suffix.lower() in SUFFIXES and not name.lower().endswith(_SKIPPED_ENDINGS):
            yield entry


def _read_file(path: Path, columns: ParquetColumns | None = None) -> Iterator[Document | IngestFailure]:
    suffix = path.suffix.lower()
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
