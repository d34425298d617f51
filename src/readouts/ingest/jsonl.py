"""Streaming a JSONL file of {"id","text","published","url","source","title"} records.

The file is read a line at a time, so its size does not matter; one bad line
is reported and the next ones are still read. An id given again with a
different text is kept under a new id (`ID:LINE`) with warning W002, so
neither record is lost or silently replaced.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

from readouts.errors import ReadoutsError, warning_text
from readouts.ingest.dates import parse_date
from readouts.ingest.failures import IngestFailure
from readouts.schema import Document

_OPTIONAL_STRINGS = ("url", "source", "title")
log = logging.getLogger("readouts.ingest")


def read_jsonl_file(path: Path, start: int = 0, stop: int | None = None,
                    first_line: int = 1) -> Iterator[Document | IngestFailure]:
    """Yield one Document per non-blank line, or an IngestFailure (E006) for a bad line.

    A file with no records at all yields a single E004 failure; an unreadable
    file yields E009. `start`/`stop` read only the lines that begin in that byte
    range (a partition of a large file; `start` must be the first byte of line
    `first_line`, which keeps line numbers and default ids those of the whole file).
    """
    whole = start == 0 and stop is None
    records = 0
    seen: dict[str, tuple[int, bytes]] = {}  # id -> (first line, digest of its text)
    try:
        with path.open("rb") as lines:
            lines.seek(start)
            position = start
            for number, raw in enumerate(lines, start=first_line):
                if stop is not None and position >= stop:
                    break
                position += len(raw)
                if not raw.strip():
                    continue
                records += 1
                try:
                    document = parse_record(raw, path, number)
                except ReadoutsError as error:
                    yield IngestFailure(f"{path}:{number}", error)
                    continue
                yield distinct_id(document, number, seen, path)
    except OSError as exc:
        yield IngestFailure(str(path), ReadoutsError("E009", path=str(path), reason=exc.strerror or str(exc)))
        return
    if records == 0 and whole:
        yield IngestFailure(str(path), ReadoutsError("E004", path=str(path)))


def distinct_id(document: Document, number: int, seen: dict[str, tuple[int, bytes]], path: Path) -> Document:
    """The document, renamed `ID:LINE` (warning W002) when its id came earlier in the file with another text.

    The same id with the same text is left alone: it is a true duplicate, which the store recognises.
    """
    digest = hashlib.sha1(document.text.encode("utf-8", "surrogatepass")).digest()
    first = seen.setdefault(document.id, (number, digest))
    if first[1] == digest:
        return document
    new_id = f"{document.id}:{number}"
    log.warning(warning_text("W002", path=path, line=number, id=document.id, first=first[0], new=new_id))
    seen[new_id] = (number, digest)
    return document.model_copy(update={"id": new_id})


def titled_text(text: str, title: str | None) -> str:
    r"""Line ends made plain, and the title as the first line (then a blank line) unless it is there already.

    >>> titled_text("The ministers met.\r\n", "Talks")
    'Talks\n\nThe ministers met.'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return text


def line_starts(path: Path, every: int) -> Iterator[tuple[int, int, int, int]]:
    """Cut a JSONL file into runs of `every` lines: yield (first byte, end byte, first line number, lines).

    Reads the file once, a line at a time, without parsing it; the runs cover
    the whole file, so `read_jsonl_file(path, start, stop, first_line)` on each
    reads every record exactly once.
    """
    start, first, count, position = 0, 1, 0, 0
    with path.open("rb") as lines:
        for raw in lines:
            position += len(raw)
            count += 1
            if count == every:
                yield start, position, first, count
                start, first, count = position, first + every, 0
    if count or start == 0:
        yield start, position, first, count


def parse_record(raw: bytes, path: Path, number: int) -> Document:
    """Turn line `number` of `path` into a Document; ReadoutsError E006 says why not.

    The title becomes the text's first line (followed by a blank line) unless
    the text already starts with it, as in the .txt corpus files.
    """

    def malformed(reason: str) -> ReadoutsError:
        return ReadoutsError("E006", path=str(path), line=number, reason=reason)

    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise malformed("not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise malformed(f"bad JSON at column {exc.colno}: {exc.msg}") from None
    if not isinstance(record, dict):
        raise malformed(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise malformed("missing or empty 'text'")
    for key in _OPTIONAL_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise malformed(f"{key!r} is not a string")
    record_id = record.get("id")
    if record_id is not None and not isinstance(record_id, (str, int)):
        raise malformed("'id' is not a string")
    published = None
    if record.get("published"):
        try:
            published = parse_date(record["published"])
        except ReadoutsError:
            raise malformed(f"'published' is not a date: {record['published']!r}") from None

    title = (record.get("title") or "").strip() or None
    text = titled_text(text, title)
    return Document(
        id=str(record_id) if record_id not in (None, "") else f"{path.stem}:{number}",
        text=text,
        title=title,
        published=published,
        url=record.get("url") or None,
        source=record.get("source") or None,
        path=f"{path}:{number}",
    )
