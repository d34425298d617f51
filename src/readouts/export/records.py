"""Reading engagements out of the knowledge base, a batch at a time, for the exporters.

`engagement_records(store)` yields one `EngagementRecord` per accepted
engagement (rejected ones are left out), with its people, countries, sources
and evidence, loading a few hundred engagements per round trip so that an
export never holds the whole database in memory. It does not format anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from readouts.store import Store
from readouts.store.models import (
    ActorMention,
    DocumentRow,
    Engagement,
    EngagementCountry,
    EngagementPerson,
    Initiative,
    Person,
    Report,
)

BATCH = 500
LEAD_WINDOW = 4000  # characters of a document read to find its lead paragraph
LEAD_MINIMUM = 100  # a shorter paragraph is a heading, not the lead


def web_url(value: str | None) -> bool:
    """Whether `value` is an http(s) URL, as GDELT's SOURCEURL and PLOVER's cite_info expect.

    >>> web_url("https://example.org/call"), web_url("call.txt"), web_url(None)
    (True, False, False)
    """
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass
class Participant:
    """A person taking part in an engagement, as the knowledge base resolved them."""

    handle: str
    name: str
    country: str | None
    role: str  # participant | visitor
    sector: str | None = None  # PLOVER-style sector of the office the reports give them (GOV, DIP, ...)
    organization: str | None = None  # the organisation the reports place them in (organizations.tsv name)


@dataclass
class Source:
    """One document's report of the engagement, with its evidence (character offsets into the document)."""

    document: str
    url: str | None
    title: str | None
    published: date | None
    evidence: list[dict]  # [{"start", "end", "text"}]
    ingested_at: datetime | None = None
    lead_end: int | None = None  # where the document's lead paragraph ends (character offset)

    @property
    def in_lead(self) -> bool:
        """The report's first evidence lies in the document's lead paragraph (GDELT's root event)."""
        return bool(self.evidence) and self.lead_end is not None and self.evidence[0].get("start", 0) < self.lead_end


@dataclass
class EngagementRecord:
    """Everything the exporters need to know about one engagement."""

    id: int
    type: str
    status: str
    start: str | None
    end: str | None
    day: date | None  # the start, or the first report's publication date
    location_name: str | None
    location_country: str | None
    host_country: str | None
    cameo: str | None
    plover_type: str | None
    plover_mode: str | None
    part_of: int | None
    topics: list[str]
    countries: list[str]  # ISO3, visitors' countries first, then alphabetical
    participants: list[Participant] = field(default_factory=list)
    initiatives: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # oldest publication first
    reports: int = 0  # accounts of it across documents (a document can report it twice)

    @property
    def url(self) -> str | None:
        """The URL of the first report that has an http(s) one, else None (a document key is not a URL)."""
        return next((s.url for s in self.sources if web_url(s.url)), None)

    @property
    def evidence(self) -> str | None:
        """The first evidence sentence of the first report."""
        for source in self.sources:
            if source.evidence:
                return source.evidence[0].get("text")
        return None

    def people_of(self, country: str | None) -> list[Participant]:
        return [p for p in self.participants if p.country == country]

    @property
    def visitor_countries(self) -> list[str]:
        return [c for c in self.countries if any(p.role == "visitor" for p in self.people_of(c))]


def lead_end(text: str) -> int:
    """The end of the lead: the body's first paragraph of some length, after the title line and any
    short heading lines ("Office of the Spokesperson")."""
    start = text.find("\n\n") + 2 if "\n\n" in text else 0
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        if end - start >= LEAD_MINIMUM:
            return end
        start = end + 2
    return len(text)


def engagement_records(store: Store, since: date | None = None, until: date | None = None,
                       batch: int = BATCH) -> Iterator[EngagementRecord]:
    """Accepted engagements in id order, optionally those whose day is within [since, until].

    An engagement whose day is unknown is left out when a period is given.
    """
    last = 0
    while True:
        with store.session() as session:
            statement = select(Engagement).where(Engagement.rejected.is_(False), Engagement.id > last)
            if since is not None:
                statement = statement.where(Engagement.day >= since)
            if until is not None:
                statement = statement.where(Engagement.day <= until)
            engagements = session.scalars(statement.order_by(Engagement.id).limit(batch)).all()
            if not engagements:
                return
            records = _records(session, engagements)
        yield from records
        last = engagements[-1].id


def _records(session, engagements: list[Engagement]) -> list[EngagementRecord]:
    ids = [e.id for e in engagements]
    countries: dict[int, set[str]] = defaultdict(set)
    for engagement_id, iso3 in session.execute(select(EngagementCountry.engagement_id, EngagementCountry.iso3)
                                               .where(EngagementCountry.engagement_id.in_(ids))):
        countries[engagement_id].add(iso3)

    people: dict[int, list[tuple]] = defaultdict(list)
    for row in session.execute(
            select(EngagementPerson.engagement_id, EngagementPerson.role, Person.id, Person.handle, Person.name,
                   Person.country)
            .join(Person, Person.id == EngagementPerson.person_id)
            .where(EngagementPerson.engagement_id.in_(ids)).order_by(Person.name, Person.handle)):
        people[row[0]].append(row[1:])

    # Columns, not DocumentRow itself: the document text stays in the database (only its opening is
    # read, to find the lead paragraph).
    reports: dict[int, list[tuple]] = defaultdict(list)
    for row in session.execute(
            select(Report, DocumentRow.key, DocumentRow.url, DocumentRow.title, DocumentRow.published,
                   DocumentRow.ingested_at, func.substr(DocumentRow.text, 1, LEAD_WINDOW))
            .join(DocumentRow, DocumentRow.id == Report.document_id)
            .where(Report.engagement_id.in_(ids)).order_by(DocumentRow.published, DocumentRow.id, Report.anchor)):
        reports[row[0].engagement_id].append(row)

    initiative_ids = {i for rows in reports.values() for row in rows for i in row[0].initiatives}
    initiative_names = {i: name for i, name in session.execute(select(Initiative.id, Initiative.name).where(
        Initiative.id.in_(initiative_ids)))} if initiative_ids else {}

    # The sector and organisation of each person as the reporting documents give them (for CAMEO actor codes).
    person_ids = {row[1] for rows in people.values() for row in rows}
    document_ids = {row[0].document_id for rows in reports.values() for row in rows}
    sectors: dict[int, Counter] = defaultdict(Counter)
    organizations: dict[int, Counter] = defaultdict(Counter)
    if person_ids and document_ids:
        for person_id, sector, organization in session.execute(
                select(ActorMention.person_id, ActorMention.sector, ActorMention.organization).where(
                    ActorMention.person_id.in_(person_ids), ActorMention.document_id.in_(document_ids))):
            if sector:
                sectors[person_id][sector] += 1
            if organization:
                organizations[person_id][organization] += 1

    def most_common(counts: Counter) -> str | None:
        return counts.most_common(1)[0][0] if counts else None

    records = []
    for engagement in engagements:
        participants = [Participant(handle=h, name=n, country=c, role=r, sector=most_common(sectors[pid]),
                                    organization=most_common(organizations[pid]))
                        for r, pid, h, n, c in people[engagement.id]]
        visitor_countries = {p.country for p in participants if p.role == "visitor"}
        ordered = sorted(countries[engagement.id], key=lambda iso: (iso not in visitor_countries, iso))
        sources = []
        seen_documents = set()
        for report, key, url, title, published, ingested_at, opening in reports[engagement.id]:
            if key in seen_documents:  # a second account in the same document: add its evidence
                next(s for s in sources if s.document == key).evidence.extend(report.evidence)
                continue
            seen_documents.add(key)
            sources.append(Source(document=key, url=url, title=title, published=published,
                                  evidence=list(report.evidence), ingested_at=ingested_at,
                                  lead_end=lead_end(opening or "")))
        initiatives = sorted({initiative_names[i] for row in reports[engagement.id] for i in row[0].initiatives
                              if i in initiative_names})
        records.append(EngagementRecord(
            id=engagement.id, type=engagement.type, status=engagement.status, start=engagement.start,
            end=engagement.end, day=engagement.day, location_name=engagement.location_name,
            location_country=engagement.location_country, host_country=engagement.host_country,
            cameo=engagement.cameo, plover_type=engagement.plover_type, plover_mode=engagement.plover_mode,
            part_of=engagement.part_of, topics=list(engagement.topics or []), countries=ordered,
            participants=participants, initiatives=initiatives, sources=sources,
            reports=len(reports[engagement.id]),
        ))
    return records
