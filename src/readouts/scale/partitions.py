"""Cutting the input of a large run into partitions, and reading one partition back into Documents.

A partition is a short list of pieces (whole .txt/.html files, a run of lines
of a JSONL file, a run of rows of a Parquet file) holding about `size`
documents. Planning runs on the client and reads directory listings, JSONL line
breaks and Parquet footers, never the texts; reading runs on a worker, with
the ordinary readers of `readouts.ingest`. A partition's fingerprint changes
when one of its files changes, which is how a re-run tells a finished
partition from a stale one. Nothing here extracts or writes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.ingest import IngestFailure, ParquetColumns, document_files, read_documents
from readouts.ingest.jsonl import line_starts, read_jsonl_file
from readouts.ingest.parquet import parquet_rows, read_parquet_file
from readouts.schema import Document

FILE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class Piece:
    """Part of one input file: the whole file, JSONL bytes [start, stop) or Parquet rows [start, stop).

    `stop` None means "to the end". `documents` is how many documents it holds
    at most (lines, rows, or 1 for a text file); `size` and `mtime_ns` are the
    file's when the run was planned.
    """

    kind: str  # file | jsonl | parquet
    path: str
    start: int = 0
    stop: int | None = None
    first_line: int = 1
    documents: int = 1
    size: int = 0
    mtime_ns: int = 0


@dataclass(frozen=True)
class Partition:
    """The unit of work sent to one worker, named by its place in the plan (`part-00007`)."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    @property
    def documents(self) -> int:
        return sum(piece.documents for piece in self.pieces)

    def fingerprint(self, settings: dict) -> str:
        """A digest of what the partition reads and with which settings; equal digests, equal output."""
        payload = json.dumps({"pieces": [asdict(p) for p in self.pieces], "settings": settings},
                             sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def plan_partitions(paths: Iterable[str | os.PathLike[str]], size: int,
                    columns: ParquetColumns | None = None) -> tuple[list[Partition], list[IngestFailure]]:
    """Cut `paths` (files and directories, as `read_documents` takes them) into partitions of about `size` documents.

    Small pieces are grouped; a JSONL or Parquet file larger than `size` is cut
    into runs of `size` lines or rows. The order is that of `read_documents`.
    Inputs that cannot be read at all are returned as IngestFailures (E001,
    E002, E007, E009, E040, E041) and left out of the plan.

    >>> plan_partitions(["corpus/dev"], size=100)  # doctest: +SKIP
    ([Partition(index=0, pieces=(Piece(kind='file', path='corpus/dev/a.txt', ...), ...))], [])
    """
    if size < 1:
        raise ValueError("partition size must be at least 1")
    failures: list[IngestFailure] = []
    partitions: list[Partition] = []
    current: list[Piece] = []
    held = 0
    for piece in _pieces(paths, size, columns, failures):
        if current and held + piece.documents > size:
            partitions.append(Partition(len(partitions), tuple(current)))
            current, held = [], 0
        current.append(piece)
        held += piece.documents
    if current:
        partitions.append(Partition(len(partitions), tuple(current)))
    return partitions, failures


def _pieces(paths, size: int, columns: ParquetColumns | None, failures: list[IngestFailure]) -> Iterator[Piece]:
    for file in document_files(paths):
        if isinstance(file, IngestFailure):
            failures.append(file)
            continue
        try:
            yield from _file_pieces(file, size, columns)
        except ReadoutsError as error:
            failures.append(IngestFailure(str(file), error))


def _file_pieces(path: Path, size: int, columns: ParquetColumns | None) -> Iterator[Piece]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise ReadoutsError("E009", path=str(path), reason=exc.strerror or str(exc)) from None
    common = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    suffix = path.suffix.lower()
    if suffix in FILE_SUFFIXES:
        yield Piece("file", **common)
    elif suffix == ".jsonl":
        try:
            runs = list(line_starts(path, size))
        except OSError as exc:
            raise ReadoutsError("E009", path=str(path), reason=exc.strerror or str(exc)) from None
        if len(runs) == 1:  # the whole file: read as one, so an empty file is still reported (E004)
            yield Piece("jsonl", documents=max(runs[0][3], 1), **common)
            return
        for start, stop, first_line, lines in runs:
            yield Piece("jsonl", start=start, stop=stop, first_line=first_line, documents=lines, **common)
    elif suffix == ".parquet":
        rows, names = parquet_rows(path)
        (columns or ParquetColumns()).resolve(path, names)  # a missing text column fails here, once
        if rows <= size:
            yield Piece("parquet", documents=max(rows, 1), **common)
            return
        for start in range(0, rows, size):
            yield Piece("parquet", start=start, stop=min(start + size, rows), documents=min(size, rows - start),
                        **common)
    else:
        raise ReadoutsError("E007", suffix=path.suffix, path=str(path))


def read_partition(partition: Partition, published: date | None = None,
                   columns: ParquetColumns | None = None) -> Iterator[Document | IngestFailure]:
    """Yield the Documents of a partition in plan order, or an IngestFailure for each bad input.

    `published`, if given, replaces every document's date, as in `read_documents`.
    """
    for piece in partition.pieces:
        if piece.kind == "file":
            yield from read_documents([piece.path], published=published)
            continue
        path = Path(piece.path)
        if piece.kind == "jsonl":
            items = read_jsonl_file(path, piece.start, piece.stop, piece.first_line)
        else:
            items = read_parquet_file(path, columns, piece.start, piece.stop)
        for item in items:
            if published is not None and isinstance(item, Document):
                item = item.model_copy(update={"published": published})
            yield item
