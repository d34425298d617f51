"""PLOVER event records as JSON Lines: one record per engagement, actors as lists of entity objects.

Fields and types follow the PLOVER specification (manual, chapter "Data
Fields"): `id`, `date` (YYYY-MM-DD), `actor` and `recipient` (lists of entity
objects with a `code`), `event`, `mode` and `context` (lists), `event_loc`,
`text` and `cite_info` (a citation object). The event, mode and context come
from the engagement's CAMEO code through the manual's CAMEO to PLOVER table
(`readouts/data/cameo_plover.tsv`), contexts also from our topics; fields of
our own are named `readouts_…`. A visit has the visitors as actor and the host
as recipient; a meeting without a host has every side as actor and no
recipient, as the manual asks. What PLOVER cannot hold is left out and
counted, never forced in: statements and appeals (CAMEO 01 and 02, which
PLOVER drops), engagements whose text gives only part of a date and those
with no known side. The record shape is checked against
`readouts/data/plover.schema.json` in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from readouts.export import coding
from readouts.export.records import EngagementRecord, Source, engagement_records, web_url
from readouts.export.writing import write_json_lines
from readouts.resolve.engagements import as_date
from readouts.store import Store

# GDELT and PLOVER (Mordecai) location resolution: 4 a city, 1 a country.
RESOLUTION_CITY, RESOLUTION_COUNTRY = 4, 1


@dataclass
class PloverCounts:
    """What `export_plover` wrote, and what it left out and why."""

    written: int = 0
    statements: int = 0  # CAMEO 01 (make public statement) and 02 (appeal): PLOVER has no such event
    uncoded: int = 0  # no CAMEO code, or one the conversion table does not know
    undated: int = 0  # only part of a date in the text, or none known: PLOVER requires YYYY-MM-DD
    no_actor: int = 0  # no country or organisation known: PLOVER requires an actor

    @property
    def left_out(self) -> int:
        return self.statements + self.uncoded + self.undated + self.no_actor

    def __str__(self) -> str:
        """E.g. "25 records written; left out 1 statement or appeal (PLOVER drops CAMEO 01/02), 15 without a
        full date"."""
        reasons = [f"{n} {what}" for n, what in (
            (self.statements, ("statement or appeal" if self.statements == 1 else "statements or appeals")
             + " (PLOVER drops CAMEO 01/02)"),
            (self.uncoded, "without a PLOVER event"), (self.undated, "without a full date"),
            (self.no_actor, "without an actor")) if n]
        written = f"{self.written} record{'' if self.written == 1 else 's'} written"
        return written + (f"; left out {', '.join(reasons)}" if reasons else "")


def left_out_because(record: EngagementRecord) -> str | None:
    """Why PLOVER cannot hold the engagement (the name of a `PloverCounts` field), or None when it can."""
    if coding.plover_drops(record.cameo):
        return "statements"
    if coding.plover_coding(record.cameo) is None:
        return "uncoded"
    if plover_date(record) is None:
        return "undated"
    if not record.countries:
        return "no_actor"
    return None


def plover_date(record: EngagementRecord) -> tuple[str, str] | None:
    """The engagement's date, YYYY-MM-DD, and where it comes from: "text" (its first day as the text
    gives it) or "published" (the first report's publication date, as event data take a story's date
    when the text gives none); None when the text gives only part of a date ("2022-03", "XXXX-05-27"),
    which the publication date may contradict, or no date is known at all.
    """
    if record.start:
        day = as_date(record.start)
        return (day.isoformat(), "text") if day else None
    return (record.day.isoformat(), "published") if record.day else None


def _sides(record: EngagementRecord) -> tuple[list[str], list[str]]:
    """Actor and recipient codes: the visitors and the host when one side hosts, else every side as actor."""
    countries = record.countries
    host = record.host_country if record.host_country in countries else None
    if host is None and (record.plover_mode == "visit" or record.type == "visit"):
        guests = record.visitor_countries
        rest = [c for c in countries if c not in guests]
        if guests and len(rest) == 1:  # the host is whoever did not travel
            host = rest[0]
        elif record.location_country in countries and len(countries) >= 2:  # or whose country it took place in
            host = record.location_country
    guests = [c for c in countries if c != host]
    if host is not None and guests:
        return guests, [host]
    return list(countries), []


def _entity(record: EngagementRecord, code: str) -> dict:
    """A PLOVER entity object for one side: its code and sector, with our code and the side's people."""
    plover_code, extra_sector = coding.plover_entity(code)
    people = record.people_of(code)
    sector = coding.actor_role([p.sector for p in people]) + extra_sector
    return {"code": plover_code, "sector": sector or None, "readouts_code": code,
            "readouts_people": [{"name": p.name, "handle": p.handle, "role": p.role} for p in people]}


def _event_loc(record: EngagementRecord) -> dict | None:
    """PLOVER's location object, from the place the knowledge base gives (coordinates where known)."""
    name, iso3 = record.location_name, record.location_country
    if not name and not iso3:
        return None
    country = coding.country_name(iso3) if iso3 else None
    city = name if name and name != country else None
    lat, lon = coding.place_coordinates(name, iso3) or (None, None)
    return {"extracted_place": name or country, "resolved_place": coding.place_name(name, iso3),
            "lat": lat, "lon": lon, "city": city, "country": country,
            "country_code": coding.plover_entity(iso3)[0] if iso3 else None,
            "resolution": RESOLUTION_CITY if city else RESOLUTION_COUNTRY}


def _cite_info(source: Source) -> dict:
    """PLOVER's citation object for one report: its URL when it has an http(s) one, our document key apart."""
    return {"url": source.url if web_url(source.url) else None, "citation": source.document, "title": source.title,
            "published": source.published.isoformat() if source.published else None}


def plover_record(record: EngagementRecord) -> dict | None:
    """The PLOVER record of one engagement; None when PLOVER cannot hold it (see `left_out_because`)."""
    if left_out_because(record):
        return None
    (day, day_source), plover = plover_date(record), coding.plover_coding(record.cameo)
    mode = plover.mode
    if plover.event == "CONSULT" and record.plover_mode:  # the knowledge base knows multilateral meetings too
        mode = record.plover_mode
    contexts = sorted(set(plover.contexts) | set(coding.plover_contexts(record.topics)))
    end = as_date(record.end)
    actor, recipient = _sides(record)
    return {
        "id": str(record.id),
        "date": day,
        "enddate": end.isoformat() if end else None,
        "actor": [_entity(record, code) for code in actor],
        "recipient": [_entity(record, code) for code in recipient],
        "event": [plover.event],
        "mode": [mode] if mode else None,
        "context": contexts or None,
        "event_loc": _event_loc(record),
        "text": record.evidence,
        "cite_info": _cite_info(record.sources[0]) if record.sources else None,
        "readouts_sources": [_cite_info(source) for source in record.sources],
        "readouts_date_source": day_source,
        "readouts_other_people": [{"name": p.name, "handle": p.handle, "role": p.role, "country": p.country}
                                  for p in record.participants if p.country not in record.countries],
        "readouts_topics": list(record.topics),
        "readouts_type": record.type,
        "readouts_cameo": record.cameo,
    }


def export_plover(store: Store, path: str | Path, since: date | None = None,
                  until: date | None = None) -> PloverCounts:
    """Write PLOVER JSON Lines, one record per engagement; return how many were written and left out.

    Rejected engagements are left out, and so are, counted in the result,
    statements and appeals (CAMEO 01/02, which PLOVER drops), engagements
    without a CAMEO code PLOVER converts, without a full date, or without any
    country or organisation to be the actor.

    >>> print(export_plover(Store.open("readouts.db"), "events.plover.jsonl"))  # doctest: +SKIP
    25 records written; left out 1 statement or appeal (PLOVER drops CAMEO 01/02), 15 without a full date
    """
    counts = PloverCounts()

    def records():
        for record in engagement_records(store, since, until):
            reason = left_out_because(record)
            if reason is None:
                yield plover_record(record)
            else:
                setattr(counts, reason, getattr(counts, reason) + 1)

    counts.written = write_json_lines(path, records())
    return counts
