"""Reading a Parquet file with one document per row (a text column, optionally id, title, date, URL, source).

Rows are read a row group at a time, so the file's size does not matter, and
a range of rows can be read on its own (one partition of a large file). A bad
row is reported and the next ones are still read. Nothing here writes Parquet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from readouts.errors import ReadoutsError
from readouts.ingest.dates import parse_date
from readouts.ingest.failures import IngestFailure
from readouts.ingest.jsonl import titled_text
from readouts.schema import Document


@dataclass(frozen=True)
class ParquetColumns:
    """Which column holds what. `text` must exist; the others are read when present.

    A column named explicitly (not left at its default) must exist, so a typo
    is an error (E040) rather than a silently missing field.

    >>> ParquetColumns(text="body").resolve(Path("news.parquet"), ["body", "title", "lang"])
    {'text': 'body', 'title': 'title'}
    """

    text: str = "text"
    id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None

    DEFAULTS: ClassVar[dict[str, str]] = {"id": "id", "title": "title", "published": "published", "url": "url", "source": "source"}

    def resolve(self, path: Path, available: list[str]) -> dict[str, str]:
        """Map each role (text, id, ...) to a column of the file; raise E040 for a missing required one."""
        present = set(available)
        chosen: dict[str, str] = {}
        for role in (f.name for f in fields(self)):
            given = getattr(self, role)
            column = given or self.DEFAULTS[role]
            if column in present:
                chosen[role] = column
            elif role == "text" or given is not None:
                raise ReadoutsError("E040", path=str(path), column=column, role=role,
                                    columns=", ".join(available) or "none")
        return chosen


def parquet_rows(path: Path) -> tuple[int, list[str]]:
    """The number of rows and the column names of a Parquet file (its footer only); E041 if unreadable."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
        return metadata.num_rows, list(metadata.schema.to_arrow_schema().names)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) for a non-Parquet file
        raise ReadoutsError("E041", path=str(path), reason=_reason(exc)) from None


def read_parquet_file(path: Path, columns: ParquetColumns | None = None, start: int = 0,
                      stop: int | None = None) -> Iterator[Document | IngestFailure]:
    """Yield one Document per row of `path` in rows [start, stop), or an IngestFailure.

    Row numbers count from 1; a document without an id column is named
    `STEM:ROW` and its path is `FILE:ROW`, as for JSONL lines. A file that is
    not Parquet yields E041, a missing text column E040 (one failure for the
    file), an empty or unreadable row E042, a file with no rows E004.
    """
    import pyarrow.parquet as pq

    columns = columns or ParquetColumns()
    try:
        total, names = parquet_rows(path)
        chosen = columns.resolve(path, names)
    except ReadoutsError as error:
        yield IngestFailure(str(path), error)
        return
    if total == 0:
        yield IngestFailure(str(path), ReadoutsError("E004", path=str(path)))
        return
    stop = total if stop is None else min(stop, total)
    wanted = sorted(set(chosen.values()))
    try:
        parquet = pq.ParquetFile(path)
        first = 0  # the index of the row group's first row in the file
        for group in range(parquet.metadata.num_row_groups):
            size = parquet.metadata.row_group(group).num_rows
            if first + size > start and first < stop:
                table = parquet.read_row_group(group, columns=wanted)
                low, high = max(start - first, 0), min(stop - first, size)
                for offset, record in enumerate(table.slice(low, high - low).to_pylist()):
                    number = first + low + offset + 1
                    try:
                        yield _document(record, chosen, path, number)
                    except ReadoutsError as error:
                        yield IngestFailure(f"{path}:{number}", error)
            first += size
            if first >= stop:
                break
    except (OSError, ValueError) as exc:
        yield IngestFailure(str(path), ReadoutsError("E041", path=str(path), reason=_reason(exc)))


def _document(record: dict, chosen: dict[str, str], path: Path, number: int) -> Document:
    def value(role: str):
        return record.get(chosen[role]) if role in chosen else None

    def bad(reason: str) -> ReadoutsError:
        return ReadoutsError("E042", path=str(path), row=number, reason=reason)

    text = value("text")
    if not isinstance(text, str) or not text.strip():
        raise bad(f"missing or empty text in column {chosen['text']!r}")
    strings = {}
    for role in ("title", "url", "source"):
        item = value(role)
        if item is not None and not isinstance(item, str):
            raise bad(f"column {chosen[role]!r} is not text")
        strings[role] = item.strip() or None if isinstance(item, str) else None
    published = value("published")
    if isinstance(published, datetime):
        published = published.date()
    elif isinstance(published, str) and published.strip():
        try:
            published = parse_date(published)
        except ReadoutsError:
            raise bad(f"'{chosen['published']}' is not a date: {published!r}") from None
    elif not isinstance(published, date):
        published = None
    identifier = value("id")
    return Document(
        id=str(identifier) if identifier not in (None, "") else f"{path.stem}:{number}",
        text=titled_text(text, strings["title"]), title=strings["title"], published=published,
        url=strings["url"], source=strings["source"], path=f"{path}:{number}",
    )


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
