"""Long extraction runs: how many documents there are, what is done already, what happened.

A run over 100,000 documents must show its progress, survive an interruption
and say at the end what it did. Three small pieces serve `readouts extract`
and `readouts ingest` (and any script):

- `count_documents(paths)` counts the documents to come without parsing them
  (files, JSONL lines, Parquet rows), so a progress bar can show an ETA;
- `JsonlOutput(path, resume=True)` appends extractions to a JSON Lines file
  and knows which document ids it holds already; a line cut short by an
  interruption is dropped, so nothing is duplicated and nothing is half-written;
- `RunSummary` counts what happened: extracted, with engagements, skipped with
  the reason (triage, already done), failed with the error.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from readouts.errors import ReadoutsError
from readouts.ingest import SUFFIXES, IngestFailure, document_files
from readouts.schema import Extraction


def count_documents(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many documents `read_documents(paths)` will yield, counted cheaply; None if unknown.

    A .txt or .html file is one document, a JSONL file one per non-blank line,
    a Parquet file one per row (from its footer). Missing paths count nothing:
    the reader reports them.
    """
    total = 0
    for file in document_files(paths):
        if isinstance(file, IngestFailure) or not file.is_file():
            continue  # the reader reports it; opening a FIFO or device here would block
        suffix = file.suffix.lower()
        if suffix == ".jsonl":
            try:
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            except OSError:
                continue
        elif suffix == ".parquet":
            try:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(file).metadata.num_rows
            except Exception:  # noqa: BLE001 - unreadable: the reader reports it; the count is a hint
                continue
        elif suffix in SUFFIXES:
            total += 1
    return total


def check_output_apart(output: Path, inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise E032 when writing `output` would destroy or feed an input.

    The output may not be one of the input files (by any name: links count), nor a document
    file inside an input folder (it would be read as an input).
    """
    target = Path(output)
    resolved = target.resolve()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            if resolved.suffix.lower() in SUFFIXES and resolved.is_relative_to(path.resolve()):
                raise ReadoutsError("E032", path=str(output), input=str(path), why="is inside the input folder")
        elif target.exists() and path.exists():
            try:
                same = os.path.samefile(path, target)
            except OSError:
                continue
            if same:
                raise ReadoutsError("E032", path=str(output), input=str(path), why="is the input")


class JsonlOutput:
    """A JSON Lines file of extractions that a rerun can resume.

    With `resume=True` the ids already in the file are read first (see `done`),
    a last line cut short by an interruption is cut off, and new lines are
    appended. With `resume=False` the file is started afresh. Every line is
    flushed as soon as it is written.
    """

    def __init__(self, path: Path, resume: bool = False) -> None:
        self.path = path
        self.done: set[str] = set()
        self.warnings: list[str] = []  # what resuming had to cut off, for the user
        self._failed = False
        try:
            if resume and path.exists():
                self._recover()
                self._file: IO[str] = path.open("a", encoding="utf-8")
            else:
                self._file = path.open("w", encoding="utf-8")
        except OSError as exc:
            raise ReadoutsError("E031", path=str(path), reason=exc.strerror or str(exc)) from exc

    def _recover(self) -> None:
        """Read the ids of the complete lines; cut off an incomplete last line.

        A line that is not JSON before the last one is not an interruption but damage: the file
        is cut there too (appending after it would keep a corrupt file), and `warnings` says at
        which line and how many lines after it were dropped, so they are extracted again.
        """
        good, number, bad_line, after = 0, 0, None, 0
        with self.path.open("rb") as lines:
            for raw in lines:
                number += 1
                if bad_line is not None:
                    after += bool(raw.strip())
                    continue
                try:
                    record = json.loads(raw) if raw.endswith(b"\n") else None
                except ValueError:
                    record = None
                if record is None:
                    bad_line = number
                    continue
                if isinstance(record, dict) and "id" in record:
                    self.done.add(str(record["id"]))
                good += len(raw)
        if bad_line is not None and after:
            self.warnings.append(f"{self.path} line {bad_line} is not a complete JSON line: it and the "
                                 f"{after} line(s) after it were dropped and are extracted again")
        if good != self.path.stat().st_size:
            with self.path.open("r+b") as handle:
                handle.truncate(good)

    def write(self, extraction: Extraction) -> None:
        try:
            self._file.write(extraction.model_dump_json() + "\n")
            self._file.flush()
        except OSError as exc:
            self._failed = True
            raise ReadoutsError("E031", path=str(self.path), reason=exc.strerror or str(exc)) from exc
        self.done.add(extraction.id)

    def close(self) -> None:
        """Close the file; E031 if its last bytes cannot be written, unless a write said so already."""
        try:
            self._file.close()
        except OSError as exc:
            if not self._failed:
                self._failed = True
                raise ReadoutsError("E031", path=str(self.path), reason=exc.strerror or str(exc)) from exc

    def __enter__(self) -> JsonlOutput:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class RunSummary:
    """What a run did with each document it was given."""

    extracted: int = 0
    with_engagements: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> documents
    failed: Counter = field(default_factory=Counter)  # error code -> documents

    def record(self, extraction: Extraction) -> None:
        """Count one extraction: parsed (with or without engagements) or skipped by triage."""
        if extraction.skipped:
            self.skipped[f"not diplomatic: {extraction.skipped}"] += 1
        else:
            self.extracted += 1
            self.with_engagements += bool(extraction.events)

    @property
    def processed(self) -> int:
        return self.extracted + sum(self.skipped.values())

    def lines(self) -> list[str]:
        """The end-of-run report, one line per figure."""
        out = [f"processed {self.processed}: {self.extracted} extracted "
               f"({self.with_engagements} with engagements), {sum(self.skipped.values())} skipped, "
               f"{sum(self.failed.values())} failed"]
        out += [f"  skipped, {reason}: {n}" for reason, n in sorted(self.skipped.items())]
        out += [f"  failed, {code}: {n}" for code, n in sorted(self.failed.items())]
        return out
