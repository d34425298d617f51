"""PLOVER-style event records as JSON Lines: one record per engagement, actors as countries.

Keys follow the PLOVER event data specification: `id`, `date`, `actor`,
`event` (required), `recipient`, `mode`, `context`, `text`, `cite_info`.
A visit has the visitor's country as actor and the host as recipient; a
meeting of three or more countries has lists of countries rather than N×N
dyads. It writes what the knowledge base coded and re-codes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readouts.export.records import EngagementRecord, Source, engagement_records, web_url
from readouts.export.writing import write_json_lines
from readouts.store import Store


def _sides(record: EngagementRecord) -> tuple[str | list[str] | None, str | list[str] | None]:
    """Actor and recipient: single codes for one-to-one events, lists for multi-party ones."""
    countries = record.countries
    host = record.host_country if record.host_country in countries else None
    visitors = record.visitor_countries
    if record.plover_mode == "visit" or record.type == "visit":
        guests = visitors or [c for c in countries if c != host]
        if host is None and len(guests) < len(countries):  # the host is whoever did not travel
            rest = [c for c in countries if c not in guests]
            host = rest[0] if len(rest) == 1 else None
        if host is not None and guests:
            return (guests[0] if len(guests) == 1 else guests), host
    if len(countries) >= 3:
        if host is not None:
            return [c for c in countries if c != host], [host]
        return list(countries), []
    if len(countries) == 2:
        return countries[0], countries[1]
    return (countries[0] if countries else None), None


def _cite_info(source: Source) -> dict:
    """PLOVER's citation object for one report: its URL when it has an http(s) one, our document key apart."""
    return {"url": source.url if web_url(source.url) else None, "citation": source.document, "title": source.title,
            "published": source.published.isoformat() if source.published else None}


def plover_record(record: EngagementRecord) -> dict:
    """The PLOVER record of one engagement."""
    actor, recipient = _sides(record)
    first = record.sources[0] if record.sources else None
    return {
        "id": str(record.id),
        "date": record.day.isoformat() if record.day else None,
        "actor": actor,
        "event": record.plover_type,
        "recipient": recipient,
        "mode": record.plover_mode,
        "context": record.topics,
        "text": record.evidence,
        "cite_info": _cite_info(first) if first else None,
        "readouts_sources": [_cite_info(source) for source in record.sources],
        "location": {"name": record.location_name, "country": record.location_country}
        if record.location_name or record.location_country else None,
        "actor_people": [{"name": p.name, "country": p.country, "handle": p.handle} for p in record.participants],
    }


def export_plover(store: Store, path: str | Path, since: date | None = None, until: date | None = None) -> int:
    """Write PLOVER-style JSON Lines, one record per engagement; return the number written.

    Required keys `id`, `date`, `actor`, `event` (CONSULT, AGREE, ...); also
    `recipient`, `mode` (visit, phone, third-party, multilateral), `context`
    (the topics), `text` (the first evidence sentence) and `cite_info` (source
    URLs), plus Readouts' `location` and `actor_people`. Rejected engagements
    are left out.

    >>> export_plover(Store.open("readouts.db"), "events.plover.jsonl")  # doctest: +SKIP
    17
    """
    return write_json_lines(path, (plover_record(record) for record in engagement_records(store, since, until)))
