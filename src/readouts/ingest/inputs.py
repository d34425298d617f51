"""Which document files the paths a user gives name: files as they are, folders searched.

`document_files` is the one expansion of inputs, used by `read_documents`, by
`readouts.runs.count_documents` and by the Dask engine's planning, so all three
see the same files in the same order and report a missing path, an empty or
unreadable folder the same way. Nothing here opens a document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.ingest.failures import IngestFailure
from readouts.ingest.files import META_SUFFIX

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".parquet")
# Annotations and metadata live beside the documents; they are not documents.
_SKIPPED_ENDINGS = (META_SUFFIX, ".gold.json")


def document_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestFailure]:
    """Yield each document file `paths` name, in order, or an IngestFailure for a path that names none.

    A file is yielded as it is, whatever its suffix (the reader says E007 or E009 about it);
    a folder is searched with `find_files`. Failures: E001 missing path, E002 folder with no
    documents, E009 folder (or subfolder) that cannot be listed, yielded before that folder's files.

    >>> [str(p) for p in document_files(["corpus/dev/a.txt"])]  # doctest: +SKIP
    ['corpus/dev/a.txt']
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            unreadable: list[tuple[Path, str]] = []
            files = list(find_files(path, unreadable))
            for folder, reason in unreadable:
                yield IngestFailure(str(folder), ReadoutsError("E009", path=str(folder), reason=reason))
            if not files and not unreadable:
                yield IngestFailure(str(path), ReadoutsError("E002", path=str(path)))
            yield from files
        elif path.exists():
            yield path
        else:
            yield IngestFailure(str(path), ReadoutsError("E001", path=str(path)))


def find_files(directory: Path, unreadable: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Yield the document files under `directory`, depth first, each level sorted by name.

    Hidden files and directories and NAME.meta.json / NAME.gold.json are skipped. A folder
    that cannot be listed is appended to `unreadable` with the reason, when a list is given.
    """
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        if unreadable is not None:
            unreadable.append((directory, exc.strerror or str(exc)))
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        # Like os.walk, do not follow symlinked directories: they can loop.
        if entry.is_dir():
            if not entry.is_symlink():
                yield from find_files(entry, unreadable)
        elif entry.suffix.lower() in SUFFIXES and not name.lower().endswith(_SKIPPED_ENDINGS):
            yield entry
