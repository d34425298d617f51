"""Questions over the knowledge base: timelines, people, initiatives, dyads, full-text search.

Each function takes a `Store` and returns the typed answers of `readouts.answers`, ordered
for reading. Rejected engagements are left out. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import aliased

from readouts import answers
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
    Override,
    Person,
    PersonName,
    Report,
)


def country_code(value: str) -> str:
    """ISO3 for "India", "IND", "U.S." ... (as given when not recognised)."""
    if len(value) == 3 and value.isupper():
        return value
    return load_domain().country_of(value) or value.upper()


def _engagement_summaries(session, engagements: list[Engagement]) -> list[answers.EngagementSummary]:
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
        rows.append(answers.EngagementSummary(
            id=engagement.id, date=engagement.day.isoformat() if engagement.day else engagement.start,
            start=engagement.start, end=engagement.end, type=engagement.type, status=engagement.status,
            participants=[answers.Participant(handle=h, name=n, country=c, role=r) for h, n, c, r in people],
            countries=countries,
            location=answers.Location(name=engagement.location_name, country=engagement.location_country)
            if engagement.location_name or engagement.location_country else None,
            topics=engagement.topics, initiatives=initiatives, cameo=engagement.cameo,
            plover=answers.PloverCoding(type=engagement.plover_type, mode=engagement.plover_mode),
            part_of=engagement.part_of,
            sources=[answers.Source(document=doc.key, url=doc.url, title=doc.title,
                                    published=doc.published.isoformat() if doc.published else None,
                                    evidence=report.evidence[0]["text"] if report.evidence else None)
                     for report, doc in reports],
        ))
    return rows


def _period(statement, since: date | None, until: date | None):
    if since is not None:
        statement = statement.where(Engagement.day >= since)
    if until is not None:
        statement = statement.where(Engagement.day <= until)
    return statement


def timeline(store: Store, a: str, b: str | None = None, since: date | None = None,
             until: date | None = None, limit: int = 500) -> list[answers.EngagementSummary]:
    """Engagements involving country `a` (and `b`, for a dyad), oldest first (undated ones first):
    the first `limit` of `engagements(..., newest_first=False)`."""
    return engagements(store, country=a, other=b, since=since, until=until, limit=limit, newest_first=False).items


def find_person(store: Store, query: str) -> Person:
    """The person a handle or a name refers to (ReadoutsError E024/E025 otherwise)."""
    with store.session() as session:
        return store._person(session, query)


def _offices_over_time(session, person_id: int) -> list:
    """(title, organisation, country, first seen, last seen, documents) of a person, oldest first."""
    return session.execute(
        select(ActorMention.title, ActorMention.organization, ActorMention.country,
               func.min(ActorMention.published), func.max(ActorMention.published),
               func.count(func.distinct(ActorMention.document_id)))
        .where(ActorMention.person_id == person_id, ActorMention.title.is_not(None))
        .group_by(ActorMention.title, ActorMention.organization, ActorMention.country)
        .order_by(func.min(ActorMention.published))).all()


def _sides(session, person_id: int) -> list[answers.PersonSide]:
    """The countries the documents gave a person, with how many documents gave each (most first):
    where the knowledge base's side disagrees with some documents, an analyst sees it here."""
    rows = session.execute(
        select(ActorMention.country, func.count(func.distinct(ActorMention.document_id)))
        .where(ActorMention.person_id == person_id, ActorMention.country.is_not(None))
        .group_by(ActorMention.country)).all()
    return [answers.PersonSide(country=c, documents=n) for c, n in sorted(rows, key=lambda r: (-r[1], r[0]))]


def person(store: Store, query: str) -> answers.Person:
    """A person with every engagement and document, oldest first: offices over time, counterparts
    (most engagements first), engagements, documents. `person_page` is the paginated one."""
    found = find_person(store, query)
    with store.session() as session:
        offices = _offices_over_time(session, found.id)
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
        return answers.Person(
            handle=found.handle, name=found.name, country=found.country, names=names,
            sides=_sides(session, found.id), offices=_offices_held(offices),
            counterparts=[answers.EngagedPerson(handle=p.handle, name=p.name, country=p.country, engagements=n)
                          for pid, n in counterparts.most_common() if (p := session.get(Person, pid))],
            engagements=_engagement_summaries(session, engagements),
            documents=[answers.DocumentRef(document=k, title=t, published=p.isoformat() if p else None)
                       for k, t, p in documents],
        )


def initiative(store: Store, query: str) -> answers.Initiative:
    """An initiative's mentions over time, and every related engagement and commitment, oldest first.
    `initiative_page` is the paginated one."""
    with store.session() as session:
        found = _find_initiative(session, query)
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
        return answers.Initiative(
            name=found.name, acronym=found.acronym, kind=found.kind, mentions_by_month=dict(sorted(months.items())),
            engagements=_engagement_summaries(session, engagements),
            commitments=[answers.CommitmentNote(
                text=c.text, published=c.published.isoformat() if c.published else None,
                people=[p.name for pid in c.people if (p := session.get(Person, pid))],
                evidence=c.evidence[0]["text"] if c.evidence else None) for c in commitments],
        )


def dyads(store: Store, limit: int = 20, since: date | None = None,
          until: date | None = None) -> list[answers.Pair]:
    """The most active country pairs by number of engagements."""
    a, b = aliased(EngagementCountry), aliased(EngagementCountry)
    with store.session() as session:
        statement = (select(a.iso3, b.iso3, func.count(func.distinct(a.engagement_id)))
                     .join(b, (a.engagement_id == b.engagement_id) & (a.iso3 < b.iso3))
                     .join(Engagement, Engagement.id == a.engagement_id)
                     .where(Engagement.rejected.is_(False)))
        statement = _period(statement, since, until).group_by(a.iso3, b.iso3).order_by(
            func.count(func.distinct(a.engagement_id)).desc(), a.iso3, b.iso3).limit(limit)
        return [answers.Pair(a=x, b=y, engagements=n) for x, y, n in session.execute(statement)]


def top_people(store: Store, limit: int = 20, since: date | None = None,
               until: date | None = None) -> list[answers.EngagedPerson]:
    """The people in the most engagements (of a period)."""
    with store.session() as session:
        rows = session.execute(_engagement_filter(
            select(Person.handle, Person.name, Person.country, func.count(EngagementPerson.engagement_id))
            .join(EngagementPerson, EngagementPerson.person_id == Person.id)
            .join(Engagement, Engagement.id == EngagementPerson.engagement_id), since=since, until=until)
            .group_by(Person.id, Person.handle, Person.name, Person.country)
            .order_by(func.count(EngagementPerson.engagement_id).desc(), Person.name).limit(limit)).all()
        return [answers.EngagedPerson(handle=h, name=n, country=c, engagements=k) for h, n, c, k in rows]


MATCH_START, MATCH_END = "\ue000", "\ue001"  # search-match markers no document text holds


def bracketed_snippet(snippet: str | None) -> str:
    """The snippet for display as text: matches in [ and ], the text's own brackets as ⟦ ⟧.

    >>> bracketed_snippet("a [note] on \ue000grain\ue001")
    'a ⟦note⟧ on [grain]'
    """
    text = (snippet or "").replace("[", "⟦").replace("]", "⟧")
    return text.replace(MATCH_START, "[").replace(MATCH_END, "]")


def search(store: Store, query: str, limit: int = 20, offset: int = 0) -> answers.SearchResult:
    """Full-text search over documents (SQLite FTS5 / PostgreSQL full text), plus people by name.

    Documents come one page at a time (`limit`, `offset`) with `total` hits; the snippet marks
    matches with [ and ] (a bracket of the text itself is shown as ⟦ or ⟧, so the markers stay
    unambiguous), and `marked` is the same snippet with the markers `MATCH_START`/`MATCH_END`
    (private-use characters no text holds) for pages that highlight. People match on a whole name
    form or surname (at most 50).
    """
    with store.session() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            terms = " ".join(f'"{w}"' for w in query.replace('"', " ").split())
            if terms:
                rows = session.execute(text(
                    "SELECT d.key, d.title, d.published, snippet(documents_fts, 1, :a, :b, ' … ', 12) "
                    "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                    "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o"),
                    {"q": terms, "n": limit, "o": offset, "a": MATCH_START, "b": MATCH_END}).all()
                total = session.scalar(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"),
                                       {"q": terms})
            else:
                rows, total = [], 0
        else:
            rows = session.execute(text(
                "SELECT key, title, published, ts_headline('english', text, plainto_tsquery('english', :q), "
                "'MaxWords=18, MinWords=8, StartSel=" + MATCH_START + ", StopSel=" + MATCH_END + "') FROM documents "
                "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), "
                "plainto_tsquery('english', :q)) DESC LIMIT :n OFFSET :o"),
                {"q": query, "n": limit, "o": offset}).all()
            total = session.scalar(text(
                "SELECT count(*) FROM documents WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) "
                "@@ plainto_tsquery('english', :q)"), {"q": query})
        key = name_key(query)
        people = session.execute(select(Person.handle, Person.name, Person.country).join(
            PersonName, PersonName.person_id == Person.id).where(
            or_(PersonName.key == key, PersonName.surname.in_(key.split() or ["-"]))).distinct()
            .order_by(Person.name).limit(50)).all() if key else []
        return answers.SearchResult(
            total=total, limit=limit, offset=offset,
            documents=[answers.SearchHit(document=k, title=t, published=str(p) if p else None,
                                         snippet=bracketed_snippet(s), marked=s or "") for k, t, p, s in rows],
            people=[answers.PersonRef(handle=h, name=n, country=c) for h, n, c in people],
        )


def counts(store: Store) -> answers.Counts:
    """How much the knowledge base holds."""
    with store.session() as session:
        return answers.Counts(
            documents=session.scalar(select(func.count(DocumentRow.id))),
            duplicates=session.scalar(select(func.count(DocumentRow.id)).where(
                DocumentRow.duplicate_of.is_not(None))),
            people=session.scalar(select(func.count(Person.id))),
            engagements=session.scalar(select(func.count(Engagement.id)).where(Engagement.rejected.is_(False))),
            initiatives=session.scalar(select(func.count(Initiative.id))),
        )


# -- pages: paginated questions for the web app (and any other reader) -------------------
# Each list comes back as an `answers.Page` (`total`, and the `items` of one page: `limit`,
# `offset`), so no caller ever loads a whole table; aggregates (by month, by pair) are computed in SQL.

def _page(total: int, items: list, limit: int, offset: int) -> answers.Page:
    return answers.Page(total=total, limit=limit, offset=offset, items=items)


def _engagement_filter(statement, country: str | None = None, other: str | None = None,
                       person_id: int | None = None, initiative_id: int | None = None,
                       type: str | None = None, since: date | None = None, until: date | None = None):
    statement = statement.where(Engagement.rejected.is_(False))
    for iso in (country, other):
        if iso:
            statement = statement.where(Engagement.id.in_(select(EngagementCountry.engagement_id).where(
                EngagementCountry.iso3 == country_code(iso))))
    if person_id is not None:
        statement = statement.where(Engagement.id.in_(select(EngagementPerson.engagement_id).where(
            EngagementPerson.person_id == person_id)))
    if initiative_id is not None:
        statement = statement.where(Engagement.id.in_(_initiative_engagements(initiative_id)))
    if type:
        statement = statement.where(Engagement.type == type)
    return _period(statement, since, until)


def _initiative_engagements(initiative_id: int):
    """Engagement ids whose reports name the initiative (reports keep initiative ids as JSON lists)."""
    documents = select(InitiativeMention.document_id).where(InitiativeMention.initiative_id == initiative_id)
    return select(Report.engagement_id).where(Report.document_id.in_(documents), Report.engagement_id.is_not(None))


def engagements(store: Store, country: str | None = None, other: str | None = None, person: str | None = None,
                initiative: str | None = None, type: str | None = None, since: date | None = None,
                until: date | None = None, limit: int = 50, offset: int = 0,
                newest_first: bool = True) -> answers.Page[answers.EngagementSummary]:
    """One page of engagements matching every filter given, newest first (undated last), or oldest
    first: the same order reversed, undated first."""
    with store.session() as session:
        person_id = store._person(session, person).id if person else None
        initiative_id = _find_initiative(session, initiative).id if initiative else None
        if initiative_id is not None:  # reports name initiatives by id in a JSON list: check in Python
            candidates = _engagement_filter(select(Engagement.id), country, other, person_id, initiative_id,
                                            type, since, until)
            wanted = set()
            for report_initiatives, engagement_id in session.execute(
                    select(Report.initiatives, Report.engagement_id).where(Report.engagement_id.in_(candidates))):
                if initiative_id in report_initiatives:
                    wanted.add(engagement_id)
            base = select(Engagement).where(Engagement.id.in_(wanted))
            total = len(wanted)
        else:
            base = _engagement_filter(select(Engagement), country, other, person_id, None, type, since, until)
            total = session.scalar(select(func.count()).select_from(base.subquery()))
        order = (Engagement.day.desc().nulls_last(), Engagement.id.desc()) if newest_first else (
            Engagement.day.asc().nulls_first(), Engagement.id)
        rows = session.scalars(base.order_by(*order).limit(limit).offset(offset)).all()
        return _page(total, _engagement_summaries(session, rows), limit, offset)


def activity_by_month(store: Store, country: str | None = None, other: str | None = None,
                      person: str | None = None, since: date | None = None,
                      until: date | None = None) -> list[answers.MonthCount]:
    """Number of engagements per month and type, oldest month first: [{month, type, engagements}].

    Engagements with no known day (no date in the text and no publication date) are not counted.
    """
    with store.session() as session:
        person_id = store._person(session, person).id if person else None
        statement = _engagement_filter(select(Engagement.day, Engagement.type, func.count(Engagement.id)),
                                       country, other, person_id, None, None, since, until)
        months: Counter = Counter()
        for day, kind, n in session.execute(statement.where(Engagement.day.is_not(None))
                                            .group_by(Engagement.day, Engagement.type)):
            months[(day.strftime("%Y-%m"), kind)] += n
        return [answers.MonthCount(month=m, type=t, engagements=n) for (m, t), n in sorted(months.items())]


def engagement(store: Store, engagement_id: int) -> answers.Engagement:
    """One engagement with every report of it: the document, the evidence and its offsets."""
    with store.session() as session:
        found = session.get(Engagement, engagement_id)
        if found is None:
            raise ReadoutsError("E026", query=str(engagement_id))
        [summary] = _engagement_summaries(session, [found])
        reports = [
            answers.Report(document=doc.key, title=doc.title, url=doc.url, source=doc.source,
                           published=doc.published.isoformat() if doc.published else None, type=report.type,
                           status=report.status, start=report.start, end=report.end, cameo=report.cameo,
                           evidence=report.evidence, anchor=report.anchor, local_id=report.local_id)
            for report, doc in session.execute(
                select(Report, DocumentRow).join(DocumentRow, DocumentRow.id == Report.document_id)
                .where(Report.engagement_id == engagement_id).order_by(DocumentRow.published, Report.anchor))]
        parent = session.get(Engagement, found.part_of) if found.part_of else None
        during = session.scalars(select(Engagement).where(
            Engagement.part_of == engagement_id, Engagement.rejected.is_(False))
            .order_by(Engagement.day, Engagement.id).limit(100))
        # the summary's fields, its part_of id becoming the visit itself
        return answers.Engagement(**(dict(summary) | {"part_of": _engagement_ref(parent) if parent else None}),
                                  rejected=found.rejected, reports=reports,
                                  during=[_engagement_ref(e) for e in during])


def _engagement_ref(engagement: Engagement) -> answers.EngagementRef:
    return answers.EngagementRef(id=engagement.id, type=engagement.type,
                                 date=engagement.day.isoformat() if engagement.day else None)


def people(store: Store, q: str | None = None, country: str | None = None, limit: int = 50,
           offset: int = 0) -> answers.Page[answers.PersonSummary]:
    """One page of people, the most engaged first; `q` matches any form of the name."""
    with store.session() as session:
        active = (select(EngagementPerson.person_id, func.count(EngagementPerson.engagement_id).label("n"))
                  .join(Engagement, Engagement.id == EngagementPerson.engagement_id)
                  .where(Engagement.rejected.is_(False)).group_by(EngagementPerson.person_id).subquery())
        statement = select(Person.id, Person.handle, Person.name, Person.country,
                           func.coalesce(active.c.n, 0)).outerjoin(active, active.c.person_id == Person.id)
        if q:
            like = f"%{q.lower()}%"
            statement = statement.where(Person.id.in_(select(PersonName.person_id).where(
                func.lower(PersonName.name).like(like))))
        if country:
            statement = statement.where(Person.country == country_code(country))
        total = session.scalar(select(func.count()).select_from(statement.subquery()))
        rows = session.execute(statement.order_by(func.coalesce(active.c.n, 0).desc(), Person.name, Person.id)
                               .limit(limit).offset(offset)).all()
        titles = _latest_titles(session, [r[0] for r in rows])
        items = [answers.PersonSummary(handle=h, name=n, country=c, engagements=k, title=titles.get(pid))
                 for pid, h, n, c, k in rows]
        return _page(total, items, limit, offset)


def _latest_titles(session, person_ids: list[int]) -> dict[int, str]:
    titles: dict[int, str] = {}
    if person_ids:
        for pid, title in session.execute(
                select(ActorMention.person_id, ActorMention.title)
                .where(ActorMention.person_id.in_(person_ids), ActorMention.title.is_not(None))
                .order_by(ActorMention.published, ActorMention.id)):
            titles[pid] = title  # the last one seen wins
    return titles


def person_page(store: Store, query: str, limit: int = 50, offset: int = 0,
                documents_offset: int | None = None) -> answers.PersonPage:
    """A person's page with the engagements and documents paginated (the documents from
    `documents_offset`, else `offset`) and the counterparts bounded."""
    found = find_person(store, query)
    with store.session() as session:
        offices = _offices_over_time(session, found.id)
        mine = (select(EngagementPerson.engagement_id).join(Engagement, Engagement.id == EngagementPerson.engagement_id)
                .where(EngagementPerson.person_id == found.id, Engagement.rejected.is_(False)))
        counterparts = session.execute(
            select(Person.handle, Person.name, Person.country, func.count(EngagementPerson.engagement_id))
            .join(EngagementPerson, EngagementPerson.person_id == Person.id)
            .where(EngagementPerson.engagement_id.in_(mine), Person.id != found.id)
            .group_by(Person.id, Person.handle, Person.name, Person.country)
            .order_by(func.count(EngagementPerson.engagement_id).desc(), Person.name).limit(30)).all()
        names = sorted(set(session.scalars(select(PersonName.name).where(PersonName.person_id == found.id))))
        documents = (select(DocumentRow.key, DocumentRow.title, DocumentRow.published)
                     .where(DocumentRow.id.in_(select(ActorMention.document_id).where(
                         ActorMention.person_id == found.id))))
        total_documents = session.scalar(select(func.count()).select_from(documents.subquery()))
        documents_offset = offset if documents_offset is None else documents_offset
        document_rows = session.execute(documents.order_by(DocumentRow.published.desc(), DocumentRow.id.desc())
                                        .limit(limit).offset(documents_offset)).all()
        overrides = session.execute(select(Override.kind, Override.value, Override.created_at, Override.note)
                                    .where(Override.target == found.handle).order_by(Override.id)).all()
        sides = _sides(session, found.id)
    return answers.PersonPage(
        handle=found.handle, name=found.name, country=found.country, country_fixed=found.country_fixed,
        names=names, sides=sides, offices=_offices_held(offices),
        counterparts=[answers.EngagedPerson(handle=h, name=n, country=c, engagements=k)
                      for h, n, c, k in counterparts],
        engagements=engagements(store, person=found.handle, limit=limit, offset=offset),
        documents=_page(total_documents, [answers.DocumentRef(document=k, title=t,
                                                              published=p.isoformat() if p else None)
                                          for k, t, p in document_rows], limit, documents_offset),
        corrections=[answers.Correction(kind=k, value=v, at=a.isoformat(timespec="seconds"), note=n)
                     for k, v, a, n in overrides],
    )


def _offices_held(offices: list) -> list[answers.OfficeHeld]:
    return [answers.OfficeHeld(title=t, organization=o, country=c, first_seen=f.isoformat() if f else None,
                               last_seen=l.isoformat() if l else None, documents=n)
            for t, o, c, f, l, n in offices]


def _find_initiative(session, query: str) -> Initiative:
    key = query.lower()
    found = session.scalar(select(Initiative).where(or_(
        Initiative.key == key, func.lower(Initiative.acronym) == key, func.lower(Initiative.name) == key))
        .order_by(Initiative.id).limit(1))
    if found is None:
        like = session.scalars(select(Initiative).where(func.lower(Initiative.name).contains(key)).limit(2)).all()
        if len(like) != 1:
            raise ReadoutsError("E028", query=query)
        found = like[0]
    return found


def initiatives(store: Store, q: str | None = None, limit: int = 50,
                offset: int = 0) -> answers.Page[answers.InitiativeSummary]:
    """One page of initiatives, the most mentioned (in most documents) first."""
    with store.session() as session:
        mentioned = (select(InitiativeMention.initiative_id,
                            func.count(func.distinct(InitiativeMention.document_id)).label("n"))
                     .group_by(InitiativeMention.initiative_id).subquery())
        statement = select(Initiative.key, Initiative.name, Initiative.acronym, Initiative.kind,
                           func.coalesce(mentioned.c.n, 0)).outerjoin(mentioned,
                                                                     mentioned.c.initiative_id == Initiative.id)
        if q:
            like = f"%{q.lower()}%"
            statement = statement.where(or_(func.lower(Initiative.name).like(like),
                                            func.lower(Initiative.acronym).like(like)))
        total = session.scalar(select(func.count()).select_from(statement.subquery()))
        rows = session.execute(statement.order_by(func.coalesce(mentioned.c.n, 0).desc(), Initiative.name)
                               .limit(limit).offset(offset)).all()
        return _page(total, [answers.InitiativeSummary(key=k, name=n, acronym=a, kind=kind, documents=d)
                             for k, n, a, kind, d in rows], limit, offset)


def initiative_page(store: Store, query: str, limit: int = 50, offset: int = 0,
                    commitments_offset: int | None = None) -> answers.InitiativePage:
    """An initiative: mentions by month (in SQL), engagements and commitments one page at a time
    (the commitments from `commitments_offset`, else `offset`)."""
    with store.session() as session:
        c_offset = offset if commitments_offset is None else commitments_offset
        found = _find_initiative(session, query)
        months: Counter = Counter()
        for published, n in session.execute(
                select(InitiativeMention.published, func.count(InitiativeMention.id))
                .where(InitiativeMention.initiative_id == found.id).group_by(InitiativeMention.published)):
            months[published.strftime("%Y-%m") if published else "undated"] += n
        documents = select(InitiativeMention.document_id).where(InitiativeMention.initiative_id == found.id)
        commitments = select(CommitmentRow).where(CommitmentRow.document_id.in_(documents))
        # commitments name initiatives by id in a JSON list, so the filter runs in Python, one page kept
        kept, total = [], 0
        for c, key in session.execute(
                select(CommitmentRow, DocumentRow.key).join(DocumentRow, DocumentRow.id == CommitmentRow.document_id)
                .where(CommitmentRow.id.in_(select(commitments.subquery().c.id)))
                .order_by(CommitmentRow.published.desc(), CommitmentRow.id.desc())):
            if found.id in c.initiatives:
                if c_offset <= total < c_offset + limit:
                    kept.append((c, key))
                total += 1
        names = {p.id: p for p in session.scalars(select(Person).where(
            Person.id.in_({pid for c, _ in kept for pid in c.people})))} if kept else {}
        mentioning = session.scalar(select(func.count(func.distinct(InitiativeMention.document_id))).where(
            InitiativeMention.initiative_id == found.id))
        commitment_page = _page(total, [
            answers.Commitment(text=c.text, verb=c.verb, document=key,
                               published=c.published.isoformat() if c.published else None,
                               engagement=c.engagement_id,
                               people=[answers.NamedPerson(handle=names[p].handle, name=names[p].name)
                                       for p in c.people if p in names],
                               evidence=c.evidence) for c, key in kept], limit, c_offset)
    return answers.InitiativePage(
        key=found.key, name=found.name, acronym=found.acronym, kind=found.kind,
        mentions_by_month=dict(sorted(months.items())), documents=mentioning, commitments=commitment_page,
        engagements=engagements(store, initiative=found.key, limit=limit, offset=offset))


def documents(store: Store, limit: int = 50, offset: int = 0) -> answers.Page[answers.DocumentSummary]:
    """One page of stored documents, the most recently published first."""
    with store.session() as session:
        total = session.scalar(select(func.count(DocumentRow.id)))
        rows = session.execute(
            select(DocumentRow.key, DocumentRow.title, DocumentRow.source, DocumentRow.published,
                   DocumentRow.duplicate_of)
            .order_by(DocumentRow.published.desc(), DocumentRow.id.desc()).limit(limit).offset(offset)).all()
        return _page(total, [answers.DocumentSummary(document=k, title=t, source=s,
                                                     published=p.isoformat() if p else None,
                                                     duplicate=d is not None) for k, t, s, p, d in rows],
                     limit, offset)


def document(store: Store, key: str) -> answers.DocumentPage:
    """A stored document with every stored fact and its character offsets (for highlighting)."""
    with store.session() as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.key == key))
        if row is None:
            raise ReadoutsError("E029", query=key)
        original = session.get(DocumentRow, row.duplicate_of) if row.duplicate_of else None
        facts_from = row if original is None or row.similarity is None or row.similarity < 1.0 else original
        actors = session.execute(
            select(ActorMention, Person.handle, Person.name, Person.country)
            .outerjoin(Person, Person.id == ActorMention.person_id)
            .where(ActorMention.document_id == facts_from.id).order_by(ActorMention.id)).all()
        mentions = session.execute(
            select(InitiativeMention, Initiative.key, Initiative.name, Initiative.acronym)
            .join(Initiative, Initiative.id == InitiativeMention.initiative_id)
            .where(InitiativeMention.document_id == facts_from.id).order_by(InitiativeMention.id)).all()
        reports = session.execute(
            select(Report, Engagement.rejected).outerjoin(Engagement, Engagement.id == Report.engagement_id)
            .where(Report.document_id == facts_from.id).order_by(Report.anchor)).all()
        person_names = {}
        ids = {pid for r, _ in reports for pid in [*r.participants, *r.visitors]}
        if ids:
            person_names = {p.id: (p.handle, p.name) for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        commitments = session.scalars(select(CommitmentRow).where(CommitmentRow.document_id == facts_from.id)
                                      .order_by(CommitmentRow.id)).all()
        return answers.DocumentPage(
            document=row.key, title=row.title, url=row.url, source=row.source, path=row.path,
            # an exact copy may differ in blank space only: the original's text is the one the offsets fit
            published=row.published.isoformat() if row.published else None, text=facts_from.text,
            ingested_at=row.ingested_at.isoformat(timespec="seconds") if row.ingested_at else None,
            extractor_version=row.extractor_version,
            duplicate_of=original.key if original else None, similarity=row.similarity,
            exact_copy=facts_from is not row,
            actors=[answers.DocumentActor(
                local_id=m.local_id, name=m.name, title=m.title, machine_title=m.machine_title, country=m.country,
                organization=m.organization, participant=m.participant, mentions=m.mentions,
                offices=m.offices or [], person=answers.PersonRef(handle=h, name=n, country=c) if h else None)
                for m, h, n, c in actors],
            initiatives=[answers.DocumentInitiative(
                local_id=m.local_id, name=m.name, mentions=m.mentions,
                initiative=answers.InitiativeRef(key=k, name=n, acronym=a)) for m, k, n, a in mentions],
            events=[answers.DocumentEvent(
                local_id=r.local_id, engagement=r.engagement_id, rejected=bool(rejected), type=r.type,
                status=r.status, start=r.start, end=r.end, cameo=r.cameo, plover=r.plover, location=r.location,
                countries=r.countries, topics=r.topics,
                participants=[answers.NamedPerson(handle=person_names[p][0], name=person_names[p][1])
                              for p in [*r.participants, *r.visitors] if p in person_names],
                evidence=r.evidence) for r, rejected in reports],
            commitments=[answers.DocumentCommitment(text=c.text, verb=c.verb, evidence=c.evidence,
                                                    engagement=c.engagement_id) for c in commitments],
        )


def network(store: Store, country: str | None = None, since: date | None = None, until: date | None = None,
            limit: int = 80) -> answers.Network:
    """The person-to-person graph of the `limit` most engaged officials (optionally of one country's
    engagements and one period): nodes with engagement counts, edges weighted by shared engagements."""
    with store.session() as session:
        # joins to `engagements` (not IN over a subquery of them): SQLite then walks each person's rows
        def scoped(statement, engagement_id):
            return _engagement_filter(statement.join(Engagement, Engagement.id == engagement_id), country,
                                      since=since, until=until)

        top = session.execute(scoped(
            select(Person.id, Person.handle, Person.name, Person.country, func.count(EngagementPerson.engagement_id))
            .join(EngagementPerson, EngagementPerson.person_id == Person.id), EngagementPerson.engagement_id)
            .group_by(Person.id, Person.handle, Person.name, Person.country)
            .order_by(func.count(EngagementPerson.engagement_id).desc(), Person.name).limit(limit)).all()
        ids = [r[0] for r in top]
        a, b = aliased(EngagementPerson), aliased(EngagementPerson)
        edges = session.execute(scoped(
            select(a.person_id, b.person_id, func.count(a.engagement_id))
            .select_from(a).join(b, (a.engagement_id == b.engagement_id) & (a.person_id < b.person_id)),
            a.engagement_id).where(a.person_id.in_(ids), b.person_id.in_(ids))
            .group_by(a.person_id, b.person_id)).all() if ids else []
        titles = _latest_titles(session, ids)
        total = session.scalar(scoped(select(func.count(func.distinct(EngagementPerson.person_id)))
                                      .select_from(EngagementPerson), EngagementPerson.engagement_id))
        return answers.Network(
            total_people=total,
            nodes=[answers.NetworkNode(id=pid, handle=h, name=n, country=c, engagements=k, title=titles.get(pid))
                   for pid, h, n, c, k in top],
            edges=[answers.NetworkEdge(source=x, target=y, engagements=n) for x, y, n in edges],
        )


def countries(store: Store, limit: int = 300) -> list[answers.Country]:
    """Countries by number of engagements (for pickers and filters)."""
    domain = load_domain()
    with store.session() as session:
        rows = session.execute(
            select(EngagementCountry.iso3, func.count(EngagementCountry.engagement_id))
            .join(Engagement, Engagement.id == EngagementCountry.engagement_id)
            .where(Engagement.rejected.is_(False)).group_by(EngagementCountry.iso3)
            .order_by(func.count(EngagementCountry.engagement_id).desc(), EngagementCountry.iso3).limit(limit)).all()
        return [answers.Country(iso3=c, name=domain.country_name(c) or c, engagements=n) for c, n in rows]


def overview(store: Store, since: date | None = None, until: date | None = None,
             limit: int = 10) -> answers.Overview:
    """The front page: counts, the latest engagements, the most active pairs and people (in a period)."""
    with store.session() as session:
        scope = _engagement_filter(select(Engagement.id), since=since, until=until)
        in_period = session.scalar(select(func.count()).select_from(scope.subquery()))
        span = session.execute(select(func.min(Engagement.day), func.max(Engagement.day)).where(
            Engagement.rejected.is_(False))).one()
    return answers.Overview(
        counts=answers.OverviewCounts(**dict(counts(store)), engagements_in_period=in_period),
        first_day=span[0].isoformat() if span[0] else None, last_day=span[1].isoformat() if span[1] else None,
        latest=engagements(store, since=since, until=until, limit=limit).items,
        pairs=dyads(store, limit=limit, since=since, until=until),
        people=top_people(store, limit=limit, since=since, until=until),
    )
