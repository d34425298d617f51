"""The output directory of a distributed extraction: two Parquet tables written one file per partition.

    OUT/_manifest.json               the plan: partitions, their fingerprints, the settings
    OUT/documents/part-00000.parquet one row per document (its text, metadata, status and the Extraction as JSON)
    OUT/events/part-00000.parquet    one row per event and pair of countries, in the layout of
                                     `readouts export --format parquet` plus the document and event ids
    OUT/_SUCCESS                     written when every partition is complete

Each file is written under a temporary name and renamed, so a reader never
sees half a file and a retried partition replaces its files instead of adding
to them. A partition is complete when its documents file (written last) exists
and carries the partition's fingerprint; a re-run skips it. Both tables read
as one dataset with `pyarrow.dataset.dataset("OUT/events")` or
`pandas.read_parquet("OUT/events")`. Nothing here extracts.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from readouts import __version__
from readouts.errors import ReadoutsError
from readouts.export.records import EngagementRecord, Participant, Source
from readouts.export.table import arrow_schema, engagement_rows
from readouts.resolve import as_date
from readouts.schema import Document, Extraction

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
META_KEY = b"readouts.partition"


def documents_schema():
    """The Parquet schema of the documents table."""
    import pyarrow as pa

    return pa.schema([
        pa.field("id", pa.string()), pa.field("path", pa.string()), pa.field("title", pa.string()),
        pa.field("published", pa.date32()), pa.field("url", pa.string()), pa.field("source", pa.string()),
        pa.field("status", pa.string()),  # extracted | skipped (by triage: not diplomatic) | failed
        pa.field("error", pa.string()),  # the numbered error of a failed document
        pa.field("skipped", pa.string()),  # why triage skipped it
        pa.field("events", pa.int32()), pa.field("content_hash", pa.string()),
        pa.field("text", pa.string()), pa.field("extraction", pa.string()),  # an Extraction as JSON
    ])


def events_schema():
    """The Parquet schema of the events table: the engagement table's columns, then document and event."""
    import pyarrow as pa

    base = arrow_schema()
    return pa.schema(list(base) + [pa.field("document", pa.string()), pa.field("event", pa.string())])


def document_row(document: Document, extraction: Extraction | None, error: str | None = None) -> dict:
    """One row of the documents table; `extraction` None with `error` for a document that failed."""
    from readouts.store import content_hash

    return {
        "id": document.id, "path": document.path, "title": document.title, "published": document.published,
        "url": document.url, "source": document.source,
        "status": "failed" if extraction is None else "skipped" if extraction.skipped else "extracted",
        "error": error, "skipped": extraction.skipped if extraction is not None else None,
        "events": len(extraction.events) if extraction is not None else None,
        "content_hash": content_hash(document.text), "text": document.text,
        "extraction": extraction.model_dump_json() if extraction is not None else None,
    }


def failure_row(path: str, error: str) -> dict:
    """A row of the documents table for an input that could not be read at all (no document)."""
    return {"path": path, "status": "failed", "error": error}


def event_rows(extraction: Extraction) -> list[dict]:
    """The events of one document as rows of the engagement table (one per pair of countries).

    An event here is one document's report, not yet merged with other reports
    of the same engagement (that is the knowledge base's work): NumSources is
    1 and GLOBALEVENTID is a stable number derived from the document and event ids.
    """
    rows = []
    initiative_names = {i.id: i.name for i in extraction.initiatives}
    actors = {a.id: a for a in extraction.actors}
    for event in extraction.events:
        visitors = set(event.visitors)
        participants = [
            Participant(handle=actor_id, name=actors[actor_id].name, country=actors[actor_id].country,
                        role="visitor" if actor_id in visitors else "participant", sector=actors[actor_id].sector)
            for actor_id in dict.fromkeys([*event.visitors, *event.participants]) if actor_id in actors
        ]
        visitor_countries = {p.country for p in participants if p.role == "visitor"}
        record = EngagementRecord(
            id=event_number(extraction.id, event.id), type=event.type, status=event.status,
            start=event.start, end=event.end, day=as_date(event.start) or extraction.published,
            location_name=event.location.name if event.location else None,
            location_country=event.location.country if event.location else None,
            host_country=event.host_country, cameo=event.cameo,
            plover_type=event.plover.type if event.plover else None,
            plover_mode=event.plover.mode if event.plover else None, part_of=None, topics=list(event.topics),
            countries=sorted(set(event.countries), key=lambda iso: (iso not in visitor_countries, iso)),
            participants=participants,
            initiatives=sorted({initiative_names[i] for i in event.initiatives if i in initiative_names}),
            sources=[Source(document=extraction.id, url=extraction.url, title=extraction.title,
                            published=extraction.published, evidence=[e.model_dump() for e in event.evidence])],
            reports=1,
        )
        for row in engagement_rows(record):
            rows.append({**row, "document": extraction.id, "event": event.id})
    return rows


def event_number(document_id: str, event_id: str) -> int:
    """A stable 60-bit number for one document's event (GDELT's GLOBALEVENTID is an integer)."""
    digest = hashlib.sha256(f"{document_id}\0{event_id}".encode()).hexdigest()
    return int(digest[:15], 16)


class OutputDirectory:
    """Where one distributed extraction writes its partitions; see the module docstring for the layout."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def documents_file(self, name: str) -> Path:
        return self.path / "documents" / f"{name}.parquet"

    def events_file(self, name: str) -> Path:
        return self.path / "events" / f"{name}.parquet"

    def check(self) -> None:
        """Raise E043 unless the directory is absent, empty, or the output of an earlier run."""
        if self.path.exists() and not self.path.is_dir():
            raise ReadoutsError("E043", path=str(self.path))
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / MANIFEST).is_file():
            raise ReadoutsError("E043", path=str(self.path))

    def prepare(self, partitions: dict[str, str], settings: dict) -> None:
        """Make the directory ready for a run of `partitions` (name -> fingerprint).

        A directory that is neither empty nor a Readouts output is refused (E043)
        rather than written into. Partition files of an earlier plan that this
        plan does not have are removed, so the tables never hold a stale copy.
        """
        self.check()
        try:
            for table in ("documents", "events"):
                (self.path / table).mkdir(parents=True, exist_ok=True)
                for file in (self.path / table).glob("part-*.parquet"):
                    if file.stem not in partitions:
                        file.unlink()
            (self.path / SUCCESS).unlink(missing_ok=True)
            manifest = {"readouts": __version__, "planned": _now(), "settings": settings,
                        "partitions": [{"name": n, "fingerprint": f} for n, f in partitions.items()]}
            self._write_bytes(self.path / MANIFEST, json.dumps(manifest, indent=2, default=str).encode())
        except OSError as exc:
            raise ReadoutsError("E031", path=str(self.path), reason=exc.strerror or str(exc)) from exc

    def completed(self, name: str, fingerprint: str) -> dict | None:
        """The stored summary of partition `name` if it is complete for this fingerprint, else None."""
        import pyarrow.parquet as pq

        documents = self.documents_file(name)
        if not documents.is_file() or not self.events_file(name).is_file():
            return None
        try:
            metadata = pq.read_metadata(documents).metadata or {}
            summary = json.loads(metadata.get(META_KEY, b"{}"))
        except (OSError, ValueError):
            return None  # unreadable: redo it
        return summary if summary.get("fingerprint") == fingerprint else None

    def write_partition(self, name: str, documents: list[dict], events: list[dict], summary: dict,
                        before_documents=None) -> None:
        """Write a partition's events file, then its documents file carrying `summary` (the completion mark).

        `before_documents`, if given, is called between the two (a test hook to
        fail a partition half-written).
        """
        import pyarrow as pa

        self._write_table(self.events_file(name), pa.Table.from_pylist(events, schema=events_schema()))
        if before_documents is not None:
            before_documents()
        table = pa.Table.from_pylist(documents, schema=documents_schema())
        table = table.replace_schema_metadata({META_KEY: json.dumps(summary).encode()})
        self._write_table(self.documents_file(name), table)

    def finish(self, summary: dict, complete: bool) -> None:
        """Record the run's summary in the manifest, and mark the directory _SUCCESS when every partition is done."""
        try:
            manifest = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
            manifest.update(finished=_now(), summary=summary, complete=complete)
            self._write_bytes(self.path / MANIFEST, json.dumps(manifest, indent=2, default=str).encode())
            if complete:
                self._write_bytes(self.path / SUCCESS, b"")
        except OSError as exc:
            raise ReadoutsError("E031", path=str(self.path), reason=exc.strerror or str(exc)) from exc

    @staticmethod
    def _write_table(path: Path, table) -> None:
        import pyarrow.parquet as pq

        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")  # unique: two attempts may overlap
        try:
            pq.write_table(table, partial)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ReadoutsError("E031", path=str(path), reason=exc.strerror or str(exc)) from exc

    @staticmethod
    def _write_bytes(path: Path, data: bytes) -> None:
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        partial.write_bytes(data)
        os.replace(partial, path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
