"""The engagements as JSON Lines: one self-contained object per engagement, sources and evidence included.

This is the lossless export (the table flattens countries into pairs and
keeps one evidence sentence); it is written one engagement at a time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readouts.export import coding
from readouts.export.records import EngagementRecord, engagement_records
from readouts.export.writing import write_json_lines
from readouts.store import Store


def engagement_object(record: EngagementRecord) -> dict:
    """The JSON object of one engagement (JSON-ready: strings, numbers, lists, dicts, nulls)."""
    location = None
    if record.location_name or record.location_country:
        location = {"name": record.location_name, "country": record.location_country,
                    "fips": coding.fips(record.location_country) or None}
    return {
        "id": record.id,
        "date": record.day.isoformat() if record.day else None,
        "start": record.start,
        "end": record.end,
        "type": record.type,
        "status": record.status,
        "participants": [{"handle": p.handle, "name": p.name, "country": p.country, "role": p.role}
                         for p in record.participants],
        "countries": record.countries,
        "host_country": record.host_country,
        "location": location,
        "cameo": record.cameo,
        "goldstein": coding.goldstein(record.cameo),
        "quad_class": coding.quad_class(record.cameo),
        "plover": {"type": record.plover_type, "mode": record.plover_mode},
        "topics": record.topics,
        "initiatives": record.initiatives,
        "part_of": record.part_of,
        "sources": [{"document": s.document, "url": s.url, "title": s.title,
                     "published": s.published.isoformat() if s.published else None,
                     "evidence": [{"start": e.get("start"), "end": e.get("end"), "text": e.get("text")}
                                  for e in s.evidence]}
                    for s in record.sources],
    }


def export_engagements_jsonl(store: Store, path: str | Path, since: date | None = None,
                             until: date | None = None) -> int:
    """Write one JSON object per engagement (UTF-8 JSON Lines); return the number written.

    Each object holds the participants (handle, name, country, role), the
    countries, dates, location, CAMEO and PLOVER codes, topics, initiatives
    and every source document with its evidence (character offsets and text).
    Rejected engagements are left out.

    >>> export_engagements_jsonl(Store.open("readouts.db"), "engagements.jsonl")  # doctest: +SKIP
    17
    """
    return write_json_lines(path, (engagement_object(record) for record in engagement_records(store, since, until)))
