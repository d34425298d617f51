"""Questions over the knowledge base: timelines, people, initiatives, dyads, full-text search.

Each function takes a `Store` and returns plain dicts and lists (JSON-ready),
ordered for reading. Rejected engagements are left out. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import aliased

from readouts.domain import load_domain
from readouts.errors import ReadoutsError
from readouts.resolve import name_key
from readouts.store.knowledge import Store
from readouts.store.models import (
    ActorMention,
    CommitmentRow,
    DocumentRow,
    Engagement,
    EngagementCountry,
    EngagementPerson,
    Initiative,
    InitiativeMention,
    Person,
    PersonName,
    Report,
)


def country_code(value: str) -> str:
    """ISO3 for "India", "IND", "U.S." ... (as given when not recognised)."""
    if len(value) == 3 and value.isupper():
        return value
    return load_domain().country_of(value) or value.upper()


def _engagement_rows(session, engagements: list[Engagement]) -> list[dict]:
    rows = []
    for engagement in engagements:
        people = session.execute(
            select(Person.handle, Person.name, Person.country, EngagementPerson.role)
            .join(EngagementPerson, EngagementPerson.person_id == Person.id)
            .where(EngagementPerson.engagement_id == engagement.id).order_by(Person.name)).all()
        countries = sorted(session.scalars(select(EngagementCountry.iso3).where(
            EngagementCountry.engagement_id == engagement.id)))
        reports = session.execute(
            select(Report, DocumentRow).join(DocumentRow, DocumentRow.id == Report.document_id)
            .where(Report.engagement_id == engagement.id).order_by(DocumentRow.published)).all()
        initiative_ids = {i for report, _ in reports for i in report.initiatives}
        initiatives = sorted(session.scalars(select(Initiative.name).where(Initiative.id.in_(initiative_ids)))) \
            if initiative_ids else []
        rows.append({
            "id": engagement.id, "date": engagement.day.isoformat() if engagement.day else engagement.start,
            "start": engagement.start, "end": engagement.end, "type": engagement.type,
            "status": engagement.status,
            "participants": [{"handle": h, "name": n, "country": c, "role": r} for h, n, c, r in people],
            "countries": countries,
            "location": {"name": engagement.location_name, "country": engagement.location_country}
            if engagement.location_name or engagement.location_country else None,
            "topics": engagement.topics, "initiatives": initiatives, "cameo": engagement.cameo,
            "plover": {"type": engagement.plover_type, "mode": engagement.plover_mode},
            "part_of": engagement.part_of,
            "sources": [{"document": doc.key, "url": doc.url, "title": doc.title,
                         "published": doc.published.isoformat() if doc.published else None,
                         "evidence": report.evidence[0]["text"] if report.evidence else None}
                        for report, doc in reports],
        })
    return rows


def _period(statement, since: date | None, until: date | None):
    if since is not None:
        statement = statement.where(Engagement.day >= since)
    if until is not None:
        statement = statement.where(Engagement.day <= until)
    return statement


def timeline(store: Store, a: str, b: str | None = None, since: date | None = None,
             until: date | None = None, limit: int = 500) -> list[dict]:
    """Engagements involving country `a` (and `b`, for a dyad), oldest first."""
    a, b = country_code(a), country_code(b) if b else None
    with store.session() as session:
        statement = select(Engagement).where(Engagement.rejected.is_(False)).where(
            Engagement.id.in_(select(EngagementCountry.engagement_id).where(EngagementCountry.iso3 == a)))
        if b:
            statement = statement.where(Engagement.id.in_(
                select(EngagementCountry.engagement_id).where(EngagementCountry.iso3 == b)))
        statement = _period(statement, since, until).order_by(Engagement.day, Engagement.id).limit(limit)
        return _engagement_rows(session, session.scalars(statement).all())


def find_person(store: Store, query: str) -> Person:
    """The person a handle or a name refers to (ReadoutsError E024/E025 otherwise)."""
    with store.session() as session:
        return store._person(session, query)


def person(store: Store, query: str) -> dict:
    """A person's page: offices over time, counterparts, engagements, documents."""
    found = find_person(store, query)
    with store.session() as session:
        offices = session.execute(
            select(ActorMention.title, ActorMention.organization, ActorMention.country,
                   func.min(ActorMention.published), func.max(ActorMention.published),
                   func.count(func.distinct(ActorMention.document_id)))
            .where(ActorMention.person_id == found.id, ActorMention.title.is_not(None))
            .group_by(ActorMention.title, ActorMention.organization, ActorMention.country)
            .order_by(func.min(ActorMention.published))).all()
        engagement_ids = session.scalars(select(EngagementPerson.engagement_id).where(
            EngagementPerson.person_id == found.id)).all()
        engagements = session.scalars(select(Engagement).where(
            Engagement.id.in_(engagement_ids), Engagement.rejected.is_(False))
            .order_by(Engagement.day, Engagement.id)).all()
        counterparts = Counter()
        for engagement in engagements:
            for other in session.scalars(select(EngagementPerson.person_id).where(
                    EngagementPerson.engagement_id == engagement.id, EngagementPerson.person_id != found.id)):
                counterparts[other] += 1
        names = sorted(set(session.scalars(select(PersonName.name).where(PersonName.person_id == found.id))))
        documents = session.execute(
            select(DocumentRow.key, DocumentRow.title, DocumentRow.published)
            .join(ActorMention, ActorMention.document_id == DocumentRow.id)
            .where(ActorMention.person_id == found.id).distinct().order_by(DocumentRow.published)).all()
        return {
            "handle": found.handle, "name": found.name, "country": found.country, "names": names,
            "offices": [{"title": t, "organization": o, "country": c,
                         "first_seen": f.isoformat() if f else None, "last_seen": l.isoformat() if l else None,
                         "documents": n} for t, o, c, f, l, n in offices],
            "counterparts": [{"handle": p.handle, "name": p.name, "country": p.country, "engagements": n}
                             for pid, n in counterparts.most_common() if (p := session.get(Person, pid))],
            "engagements": _engagement_rows(session, engagements),
            "documents": [{"document": k, "title": t, "published": p.isoformat() if p else None}
                          for k, t, p in documents],
        }


def initiative(store: Store, query: str) -> dict:
    """An initiative's mentions over time, related engagements and commitments."""
    with store.session() as session:
        key = query.lower()
        found = session.scalar(select(Initiative).where(or_(
            func.lower(Initiative.acronym) == key, func.lower(Initiative.name) == key, Initiative.key == key)))
        if found is None:
            like = session.scalars(select(Initiative).where(func.lower(Initiative.name).contains(key))).all()
            if len(like) != 1:
                raise ReadoutsError("E028", query=query)
            found = like[0]
        months = Counter()
        for published in session.scalars(select(InitiativeMention.published).where(
                InitiativeMention.initiative_id == found.id)):
            months[published.strftime("%Y-%m") if published else "undated"] += 1
        documents = select(InitiativeMention.document_id).where(InitiativeMention.initiative_id == found.id)
        reports = session.scalars(select(Report).where(Report.document_id.in_(documents))).all()
        engagement_ids = {r.engagement_id for r in reports if found.id in r.initiatives and r.engagement_id}
        engagements = session.scalars(select(Engagement).where(
            Engagement.id.in_(engagement_ids), Engagement.rejected.is_(False)).order_by(Engagement.day)).all()
        commitments = [c for c in session.scalars(select(CommitmentRow).where(
            CommitmentRow.document_id.in_(documents)).order_by(CommitmentRow.published)) if found.id in c.initiatives]
        return {
            "name": found.name, "acronym": found.acronym, "kind": found.kind,
            "mentions_by_month": dict(sorted(months.items())),
            "engagements": _engagement_rows(session, engagements),
            "commitments": [{"text": c.text, "published": c.published.isoformat() if c.published else None,
                             "people": [p.name for pid in c.people if (p := session.get(Person, pid))],
                             "evidence": c.evidence[0]["text"] if c.evidence else None} for c in commitments],
        }


def dyads(store: Store, limit: int = 20, since: date | None = None, until: date | None = None) -> list[dict]:
    """The most active country pairs by number of engagements."""
    a, b = aliased(EngagementCountry), aliased(EngagementCountry)
    with store.session() as session:
        statement = (select(a.iso3, b.iso3, func.count(func.distinct(a.engagement_id)))
                     .join(b, (a.engagement_id == b.engagement_id) & (a.iso3 < b.iso3))
                     .join(Engagement, Engagement.id == a.engagement_id)
                     .where(Engagement.rejected.is_(False)))
        statement = _period(statement, since, until).group_by(a.iso3, b.iso3).order_by(
            func.count(func.distinct(a.engagement_id)).desc(), a.iso3, b.iso3).limit(limit)
        return [{"a": x, "b": y, "engagements": n} for x, y, n in session.execute(statement)]


def top_people(store: Store, limit: int = 20) -> list[dict]:
    """The people in the most engagements."""
    with store.session() as session:
        rows = session.execute(
            select(Person.handle, Person.name, Person.country, func.count(EngagementPerson.engagement_id))
            .join(EngagementPerson, EngagementPerson.person_id == Person.id)
            .join(Engagement, Engagement.id == EngagementPerson.engagement_id)
            .where(Engagement.rejected.is_(False))
            .group_by(Person.id, Person.handle, Person.name, Person.country)
            .order_by(func.count(EngagementPerson.engagement_id).desc(), Person.name).limit(limit)).all()
        return [{"handle": h, "name": n, "country": c, "engagements": k} for h, n, c, k in rows]


def search(store: Store, query: str, limit: int = 20) -> list[dict]:
    """Full-text search over documents (SQLite FTS5 / PostgreSQL full text), plus people by name."""
    with store.session() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            terms = " ".join(f'"{w}"' for w in query.replace('"', " ").split())
            rows = session.execute(text(
                "SELECT d.key, d.title, d.published, snippet(documents_fts, 1, '[', ']', ' … ', 12) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"), {"q": terms, "n": limit}).all()
        else:
            rows = session.execute(text(
                "SELECT key, title, published, ts_headline('english', text, plainto_tsquery('english', :q), "
                "'MaxWords=18, MinWords=8, StartSel=[, StopSel=]') FROM documents "
                "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), "
                "plainto_tsquery('english', :q)) DESC LIMIT :n"), {"q": query, "n": limit}).all()
        key = name_key(query)
        people = session.execute(select(Person.handle, Person.name, Person.country).join(
            PersonName, PersonName.person_id == Person.id).where(
            or_(PersonName.key == key, PersonName.surname.in_(key.split() or ["-"]))).distinct()).all() if key else []
        return {
            "documents": [{"document": k, "title": t, "published": str(p) if p else None, "snippet": s}
                          for k, t, p, s in rows],
            "people": [{"handle": h, "name": n, "country": c} for h, n, c in people],
        }


def counts(store: Store) -> dict:
    """How much the knowledge base holds."""
    with store.session() as session:
        return {
            "documents": session.scalar(select(func.count(DocumentRow.id))),
            "duplicates": session.scalar(select(func.count(DocumentRow.id)).where(
                DocumentRow.duplicate_of.is_not(None))),
            "people": session.scalar(select(func.count(Person.id))),
            "engagements": session.scalar(select(func.count(Engagement.id)).where(Engagement.rejected.is_(False))),
            "initiatives": session.scalar(select(func.count(Initiative.id))),
        }
