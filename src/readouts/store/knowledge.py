"""The knowledge base: documents and their extractions, resolved across documents.

`Store.add(document, extraction)` stores one document with an extraction made
elsewhere, in one transaction, idempotently: unchanged content is skipped, a
changed document replaces its extraction, an exact copy under another key is
linked to the original and not counted again. `Store.ingest(documents)` is the
convenience that extracts (outside any write transaction) and then adds each
document. People, initiatives and engagements are resolved against what is
already stored (`readouts.resolve`), and analyst overrides are re-applied after
every ingest. `add` never extracts; `ingest` uses the extractor it is given
(default `Extractor()`). Reading is in `readouts.store.queries`.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Literal

from sqlalchemy import delete, exists, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from readouts import __version__
from readouts.domain import load_domain
from readouts.errors import ReadoutsError
from readouts.resolve import (
    EngagementCandidate,
    Mention,
    PersonCandidate,
    ReportFacts,
    as_date,
    handle_for,
    initiative_key,
    is_person_name,
    name_key,
    resolve_mention,
    same_engagement,
    side_by_evidence,
    INFERRED_SOURCES,
    same_in_document,
    surname_key,
    weigh_pair,
)
from readouts.resolve.engagements import FAMILIES
from readouts.schema import Document, Extraction
from readouts.store.database import _safe, database_url, open_engine
from readouts.store.minhash import SIMILAR, bands, jaccard, signature
from readouts.store.models import (
    ActorMention,
    CommitmentRow,
    DocumentBand,
    DocumentRow,
    Engagement,
    EngagementCountry,
    EngagementPerson,
    Initiative,
    InitiativeMention,
    Override,
    Person,
    PersonName,
    PersonSummary,
    Report,
)

Outcome = Literal["stored", "near-duplicate", "replaced", "unchanged", "duplicate"]
"""What `Store.add` did with one document: stored new (a near-duplicate is stored and linked to the
text it resembles), replaced an older version, found it unchanged, or linked an exact copy."""

SPECIFIC = ["visit", "call", "signing", "summit", "roundtable", "dialogue", "talks", "statement", "meeting",
            "other"]


@cache
def _place_names() -> frozenset[str]:
    """Lower-case names and aliases of the countries, places and organisations of the domain tables."""
    domain = load_domain()
    names = {n.lower() for c in domain.countries.values() for n in (c.name, *c.aliases, *c.demonyms)}
    return frozenset(names | {f.lower() for f in domain.places} | {f.lower() for f in domain.organizations})


def _vote(votes: list, country: str) -> list:
    """[[country, documents], ...] with one more document for `country` (a new country goes last)."""
    counted = [[c, n + (c == country)] for c, n in votes]
    return counted if any(c == country for c, _ in counted) else [*counted, [country, 1]]


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace normalised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def document_key(document: Document) -> str:
    """The identity of a document across versions: its URL, else its id."""
    return (document.url or document.id)[:512]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_diplomatic: int = 0  # stored without facts: triage found no engagement language
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.stored + self.replaced + self.unchanged + self.duplicates

    def count(self, outcome: Outcome, extraction: Extraction) -> None:
        """Count what `Store.add` did with one document and its extraction."""
        self.not_diplomatic += bool(extraction.skipped) and outcome != "unchanged"
        if outcome == "unchanged":  # e.g. the same document twice in one batch
            self.unchanged += 1
        elif outcome == "replaced":
            self.replaced += 1
        elif outcome == "duplicate":
            self.duplicates += 1
        else:
            self.stored += 1
            if outcome == "near-duplicate":
                self.near_duplicates += 1


class Store:
    """A Readouts knowledge base on SQLite or PostgreSQL.

    >>> store = Store.open("sqlite:///demo.db")  # doctest: +SKIP
    >>> store.ingest(read_documents(["samples/"]))  # doctest: +SKIP
    >>> store.add(document, Extractor().extract(document))  # doctest: +SKIP
    'stored'
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.new_people: set[int] = set()  # created since the last consolidation

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (and create or migrate) the knowledge base at `url` (default: $READOUTS_DB or readouts.db)."""
        url = database_url(url)
        return cls(open_engine(url), url)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # -- ingest ------------------------------------------------------------------
    def ingest(self, documents: Iterable[Document], extractor=None,
               progress: Callable[[str, str], None] | None = None) -> IngestSummary:
        """Extract documents with `extractor` (default: `Extractor()`) and `add` each; returns counts.

        Documents the store holds unchanged are skipped before extraction. Extraction runs
        outside the store's transactions; each document is then stored in its own (`add`).
        `progress(key, outcome)` is called after each document ("stored", "replaced",
        "unchanged", "duplicate", "near-duplicate" or "failed: ..."). People are consolidated
        and analyst overrides re-applied at the end.
        """
        if extractor is None:
            from readouts.extract.engine import Extractor

            extractor = Extractor()
        summary = IngestSummary()
        pending = self._skip_unchanged(documents, summary, progress)
        extracted = ((document, extraction if isinstance(extraction, Extraction) else extraction.message)
                     for extraction, document in self._extract(extractor, pending))  # a failure: its message
        self.add_all(extracted, summary, progress)
        return summary

    def add_all(self, pairs: Iterable[tuple[Document, Extraction | str]], summary: IngestSummary,
                progress: Callable[[str, str], None] | None = None) -> None:
        """`add` each document with its extraction, counting what happened into `summary`; a pair whose
        second item is a message (the extractor failed on the document) is reported and skipped.
        `progress(key, outcome)` is called after each. People are consolidated and analyst overrides
        re-applied at the end, so the batch is resolved as a whole (`ingest` and the Dask writer)."""
        for document, extraction in pairs:
            key = document_key(document)
            if isinstance(extraction, str):
                summary.failed.append((key, extraction))
                if progress:
                    progress(key, f"failed: {extraction}")
                continue
            outcome = self.add(document, extraction)
            summary.count(outcome, extraction)
            if progress:
                progress(key, outcome)
        self.consolidate_people()
        self.apply_overrides()

    def add(self, document: Document, extraction: Extraction, *, attempts: int = 5) -> Outcome:
        """Store one document with its extraction in one transaction; returns what happened.

        Idempotent: a document whose key (URL, else id) is stored with the same text is
        "unchanged" and nothing is written; a new text under a known key "replaced" the old
        extraction; the same text under another key is a "duplicate", linked and not counted
        again; a text close to one stored is stored as a "near-duplicate" linked to it. Another
        writer winning a race (a new person or initiative created at the same moment, a lock)
        rolls the transaction back and it is tried again, up to `attempts` times; a full or
        read-only disk is E023. It does not consolidate people or re-apply analyst overrides:
        `ingest` does both at the end, a caller adding documents one by one calls
        `consolidate_people` and `apply_overrides` when it is done.
        """
        for attempt in range(attempts):
            try:
                return self._write(document, extraction)
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
            except OperationalError as exc:
                reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
                if "disk" in reason or "full" in reason or "readonly" in reason:
                    raise ReadoutsError("E023", url=_safe(self.url), reason=reason) from exc
                if not any(word in reason for word in ("locked", "deadlock", "could not serialize")) \
                        or attempt == attempts - 1:
                    raise
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def _skip_unchanged(self, documents: Iterable[Document], summary: IngestSummary,
                        progress) -> Iterator[Document]:
        for document in documents:
            # A session per look-up: no read transaction stays open while the document is extracted.
            with self.session() as session:
                known = session.scalar(select(DocumentRow.content_hash).where(
                    DocumentRow.key == document_key(document)))
            if known == content_hash(document.text):
                summary.unchanged += 1
                if progress:
                    progress(document_key(document), "unchanged")
                continue
            yield document

    @staticmethod
    def _extract(extractor, documents: Iterator[Document]) -> Iterator[tuple[Extraction, Document]]:
        held: list[Document] = []

        def remember() -> Iterator[Document]:
            for document in documents:
                held.append(document)
                yield document

        for extraction in extractor.extract_many(remember()):
            yield extraction, held.pop(0)  # nlp.pipe keeps the order

    def _write(self, document: Document, extraction: Extraction) -> Outcome:
        """One attempt of `add`: one transaction."""
        key = document_key(document)
        digest = content_hash(document.text)
        with self.session() as session, session.begin():
            old = session.scalar(select(DocumentRow).where(DocumentRow.key == key))
            outcome = "stored"
            if old is not None:
                if old.content_hash == digest:
                    return "unchanged"
                self._delete_document(session, old)
                outcome = "replaced"
            row = DocumentRow(
                key=key, url=document.url, title=document.title, source=document.source, path=document.path,
                published=document.published, text=document.text, content_hash=digest,
                extractor_version=__version__, ingested_at=datetime.now(timezone.utc).replace(tzinfo=None),
            )
            twin = session.scalar(select(DocumentRow).where(DocumentRow.content_hash == digest,
                                                            DocumentRow.duplicate_of.is_(None)))
            if twin is not None:
                row.duplicate_of, row.similarity = twin.id, 1.0
                session.add(row)
                return "duplicate"  # the same text again: linked, not counted twice
            sig = signature(document.text)
            near = self._near_duplicate(session, sig)
            if near is not None:
                row.duplicate_of, row.similarity = near
                outcome = "near-duplicate" if outcome == "stored" else outcome
            session.add(row)
            session.flush()
            for band, bucket in enumerate(bands(sig)):
                session.add(DocumentBand(document_id=row.id, band=band, bucket=bucket,
                                         signature=sig if band == 0 else None))
            self._store_facts(session, row, extraction)
        return outcome

    @staticmethod
    def _near_duplicate(session: Session, sig: list[int]) -> tuple[int, float] | None:
        buckets = bands(sig)
        candidates = Counter()
        for band, bucket in enumerate(buckets):
            for doc_id in session.scalars(select(DocumentBand.document_id).where(
                    DocumentBand.band == band, DocumentBand.bucket == bucket)):
                candidates[doc_id] += 1
        best = None
        for doc_id, _ in candidates.most_common(5):
            other = session.scalar(select(DocumentBand.signature).where(
                DocumentBand.document_id == doc_id, DocumentBand.band == 0))
            if other:
                score = jaccard(sig, other)
                if score >= SIMILAR and (best is None or score > best[1]):
                    root = session.get(DocumentRow, doc_id)
                    best = (root.duplicate_of or root.id, score)
        return best

    def _delete_document(self, session: Session, row: DocumentRow) -> None:
        engagement_ids = set(session.scalars(select(Report.engagement_id).where(Report.document_id == row.id)))
        people = set(session.scalars(select(ActorMention.person_id).where(ActorMention.document_id == row.id)))
        session.execute(delete(DocumentRow).where(DocumentRow.id == row.id))
        session.flush()
        self._summarise(session, people)
        for engagement_id in engagement_ids - {None}:
            self._refresh_engagement(session, engagement_id)

    # -- resolution ------------------------------------------------------------------
    def _store_facts(self, session: Session, row: DocumentRow, extraction: Extraction) -> None:
        published = row.published
        person_of: dict[str, int | None] = {}
        context = frozenset({a.country for a in extraction.actors if a.country}
                            | {c for e in extraction.events for c in e.countries})
        places = _place_names()
        counted: set = set()  # people, and (person, country) votes, this document has counted
        for actor in extraction.actors:
            person_id = self._resolve_person(session, Mention(
                name=actor.name, country=actor.country, title=actor.title, published=published, context=context)) \
                if is_person_name(actor.name, row.text, places, bool(actor.title)) else None  # "John Quincy Adams Room"
            person_of[actor.id] = person_id
            mention = ActorMention(
                document_id=row.id, person_id=person_id, local_id=actor.id, name=actor.name, title=actor.title,
                country=actor.country, organization=actor.organization, sector=actor.sector,
                participant=actor.participant, published=published,
                country_source=actor.country_evidence.source if actor.country and actor.country_evidence else None,
                mentions=[list(m) for m in actor.mentions],
                offices=[{"title": o.title, "raw": o.raw, "country": o.country, "start": o.start, "end": o.end}
                         for o in actor.offices],
            )
            session.add(mention)
            if person_id is not None:  # the next actor of this document is resolved with this mention counted
                session.flush()
                self._count_mention(session, mention, counted)
        session.flush()
        self._weigh_countries(session, {p for p in person_of.values() if p})
        initiative_of: dict[str, int] = {}
        for initiative in extraction.initiatives:
            initiative_id = self._resolve_initiative(session, initiative.name, initiative.acronym, initiative.kind)
            initiative_of[initiative.id] = initiative_id
            session.add(InitiativeMention(
                document_id=row.id, initiative_id=initiative_id, local_id=initiative.id, name=initiative.name,
                published=published, mentions=[list(m) for m in initiative.mentions],
            ))
        session.flush()
        report_of: dict[str, Report] = {}
        for event in extraction.events:
            report = Report(
                document_id=row.id, local_id=event.id,
                anchor=event.evidence[0].start if event.evidence else 0,
                type=event.type, status=event.status, start=event.start, end=event.end, published=published,
                location=event.location.model_dump() if event.location else None,
                host_country=event.host_country, countries=list(event.countries),
                participants=[person_of[a] for a in event.participants if person_of.get(a)],
                visitors=[person_of[a] for a in event.visitors if person_of.get(a)],
                groups=list(event.groups), topics=list(event.topics),
                initiatives=[initiative_of[i] for i in event.initiatives if i in initiative_of],
                part_of_local=event.part_of, cameo=event.cameo,
                plover=event.plover.model_dump() if event.plover else None,
                evidence=[e.model_dump() for e in event.evidence],
            )
            session.add(report)
            report_of[event.id] = report
        session.flush()
        placed: list[tuple[ReportFacts, int]] = []  # this document's reports and their engagements
        for report in report_of.values():
            facts = self._facts(report)
            twin = next((e for earlier, e in placed if same_in_document(facts, earlier)), None)
            if twin is not None:
                report.engagement_id = twin
                session.flush()
                self._refresh_engagement(session, twin)
            else:
                report.engagement_id = self._resolve_engagement(session, report, row.duplicate_of)
            placed.append((facts, report.engagement_id))
            session.flush()
        for report in report_of.values():
            if report.part_of_local and report.part_of_local in report_of:
                engagement = session.get(Engagement, report.engagement_id)
                engagement.part_of = report_of[report.part_of_local].engagement_id
        for commitment in extraction.commitments:
            owner = report_of.get(commitment.event) if commitment.event else None
            session.add(CommitmentRow(
                document_id=row.id, engagement_id=owner.engagement_id if owner else None, text=commitment.text,
                verb=commitment.verb, people=[person_of[a] for a in commitment.actors if person_of.get(a)],
                initiatives=[initiative_of[i] for i in commitment.initiatives if i in initiative_of],
                published=published, evidence=[e.model_dump() for e in commitment.evidence],
            ))

    def _resolve_person(self, session: Session, mention: Mention) -> int | None:
        name, country = mention.name, mention.country
        key = name_key(name)
        if not key:
            return None
        words = key.split()
        ids = set(session.scalars(select(PersonName.person_id).where(PersonName.key == key)))
        ids |= set(session.scalars(select(PersonName.person_id).where(  # shorter and longer forms
            PersonName.surname == surname_key(name)).limit(200)))
        if len(words) == 2:  # "Kishida Fumio": either word may be the family name
            ids |= set(session.scalars(select(PersonName.person_id).where(
                PersonName.surname.in_(words)).limit(200)))
        person_id = resolve_mention(mention, self._candidates(session, ids))
        if person_id is None:
            person = Person(handle=self._free_handle(session, handle_for(name, country)), name=name, country=country)
            session.add(person)
            session.flush()
            person_id = person.id
            self.new_people.add(person_id)
        else:
            person = session.get(Person, person_id)
            if len(key.split()) > len(name_key(person.name).split()) and self._seen(session, person_id, name) + 1 \
                    >= self._seen(session, person_id, person.name):
                person.name = name  # the fullest form, unless it is a one-off ("... Blinken Panel")
        if not session.scalar(select(PersonName.id).where(PersonName.person_id == person_id, PersonName.key == key)):
            session.add(PersonName(person_id=person_id, name=name, key=key, surname=surname_key(name),
                                   country=country))
            for word in words:  # every word can be looked up as a surname ("Hayashi Yoshimasa")
                if word != surname_key(name) and not session.scalar(select(PersonName.id).where(
                        PersonName.person_id == person_id, PersonName.key == f"{key}#{word}")):
                    session.add(PersonName(person_id=person_id, name=name, key=f"{key}#{word}", surname=word))
        session.flush()
        return person_id

    @staticmethod
    def _count_mention(session: Session, mention: ActorMention, counted: set) -> None:
        """Add one stored mention to its person's `PersonSummary`.

        `counted` holds what the mention's document has already counted (the person, the person
        with a country), so a document counts once however often it names somebody.
        """
        person_id, published, country = mention.person_id, mention.published, mention.country
        summary = session.get(PersonSummary, person_id)
        if summary is None:
            summary = PersonSummary(person_id=person_id, documents=0, votes=[], strong_votes=[], titles=[], names={})
            session.add(summary)
        if person_id not in counted:
            counted.add(person_id)
            summary.documents += 1
        if published is not None:
            summary.first_published = min(summary.first_published or published, published)
            summary.last_published = max(summary.last_published or published, published)
        if country and (person_id, country) not in counted:
            counted.add((person_id, country))
            summary.votes = _vote(summary.votes, country)
        strong = mention.country_source is not None and mention.country_source not in INFERRED_SOURCES
        if country and strong and (person_id, country, "strong") not in counted:
            counted.add((person_id, country, "strong"))
            summary.strong_votes = _vote(summary.strong_votes or [], country)
        if mention.title and mention.title not in summary.titles:
            summary.titles = sorted({*summary.titles, mention.title})
        summary.names = {**summary.names, mention.name: summary.names.get(mention.name, 0) + 1}

    @staticmethod
    def _summarise(session: Session, person_ids: set[int]) -> None:
        """Recompute the summaries of people whose mentions moved, changed or went (a merge, a split,
        an office override, a re-ingested document) from all their mentions."""
        ids = sorted(p for p in person_ids if p is not None)
        if not ids:
            return
        session.flush()
        mine = ActorMention.person_id.in_(ids)
        rows: dict[int, dict] = {}
        for person_id, documents, first, last in session.execute(select(
                ActorMention.person_id, func.count(func.distinct(ActorMention.document_id)),
                func.min(ActorMention.published), func.max(ActorMention.published))
                .where(mine).group_by(ActorMention.person_id)):
            rows[person_id] = {"documents": documents, "first_published": first, "last_published": last,
                               "votes": [], "strong_votes": [], "titles": [], "names": {}}
        stated = (ActorMention.country_source.is_not(None), ActorMention.country_source.not_in(sorted(INFERRED_SOURCES)))
        for column, conditions in (("votes", ()), ("strong_votes", stated)):
            for person_id, country, documents in session.execute(select(
                    ActorMention.person_id, ActorMention.country, func.count(func.distinct(ActorMention.document_id)))
                    .where(mine, ActorMention.country.is_not(None), *conditions)
                    .group_by(ActorMention.person_id, ActorMention.country)
                    .order_by(ActorMention.person_id, func.min(ActorMention.id))):
                rows[person_id][column].append([country, documents])
        for person_id, title in session.execute(select(ActorMention.person_id, ActorMention.title).distinct()
                                                .where(mine, ActorMention.title.is_not(None),
                                                       ActorMention.title != "")):
            rows[person_id]["titles"].append(title)
        for person_id, name, mentions in session.execute(select(
                ActorMention.person_id, ActorMention.name, func.count(ActorMention.id))
                .where(mine).group_by(ActorMention.person_id, ActorMention.name)):
            rows[person_id]["names"][name] = mentions
        for person_id in ids:
            summary, row = session.get(PersonSummary, person_id), rows.get(person_id)
            if row is None:  # no mention left
                if summary is not None:
                    session.delete(summary)
                continue
            row["titles"] = sorted(row["titles"])
            if summary is None:
                session.add(PersonSummary(person_id=person_id, **row))
            else:
                for column, value in row.items():
                    setattr(summary, column, value)
        session.flush()

    def _weigh_countries(self, session: Session, person_ids: set[int]) -> None:
        """Set each person's side to the one most of their documents give by the text or the office-holder
        table, else by any evidence (`side_by_evidence`; an analyst's choice stays)."""
        if not person_ids:
            return
        # the countries counted once a document, in the order first given (ties go to the first)
        for summary in session.scalars(select(PersonSummary).where(PersonSummary.person_id.in_(person_ids))):
            person = session.get(Person, summary.person_id)
            if person is not None and not person.country_fixed:
                person.country = side_by_evidence(Counter(dict(summary.strong_votes or [])),
                                                  Counter(dict(summary.votes))) or person.country

    @staticmethod
    def _seen(session: Session, person_id: int, name: str) -> int:
        """How many mentions of the person are written `name`."""
        summary = session.get(PersonSummary, person_id)
        return summary.names.get(name, 0) if summary is not None else 0

    @classmethod
    def _candidates(cls, session: Session, ids: set[int]) -> list[PersonCandidate]:
        """Candidate records for `ids`, loaded in three queries whatever their number, from the
        people's summaries (never from all their mentions: a minister named in 50,000 documents
        costs what a newcomer does)."""
        if not ids:
            return []
        people = {p.id: PersonCandidate(id=p.id, country=p.country, fixed=bool(p.country_fixed), name=p.name)
                  for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        for person_id, name, key, country in session.execute(select(
                PersonName.person_id, PersonName.name, PersonName.key, PersonName.country).where(
                PersonName.person_id.in_(ids))):
            candidate = people[person_id]
            candidate.names.add(name)
            candidate.surnames.add(surname_key(name))
            if "#" not in key:
                candidate.keys.add(key)
                if len(key.split()) == 2:  # "Kishida Fumio", "Wang Yi": the family name may come first
                    candidate.first_words.update(set(key.split()) - {surname_key(name)})
            if country:
                candidate.seen_countries.add(country)
        for summary in session.scalars(select(PersonSummary).where(PersonSummary.person_id.in_(ids))):
            candidate = people[summary.person_id]
            candidate.titles.update(summary.titles)
            candidate.votes = Counter(dict(summary.votes))
            candidate.seen_countries.update(candidate.votes)
            candidate.mentions, candidate.first, candidate.last = \
                summary.documents, summary.first_published, summary.last_published
        return list(people.values())

    @staticmethod
    def _free_handle(session: Session, handle: str) -> str:
        candidate, n = handle, 1
        while session.scalar(select(Person.id).where(Person.handle == candidate)):
            n += 1
            candidate = f"{handle}-{n}"
        return candidate

    @staticmethod
    def _resolve_initiative(session: Session, name: str, acronym: str | None, kind: str) -> int:
        keys = [initiative_key(name, acronym)]
        if acronym:
            keys.append(initiative_key(name))
        for key in keys:
            found = session.scalar(select(Initiative).where(Initiative.key == key))
            if found is None and key == keys[0]:
                found = session.scalar(select(Initiative).where(func.lower(Initiative.acronym) == key))
            if found is not None:
                if acronym and not found.acronym:
                    found.acronym = acronym
                if len(name) > len(found.name) and not name.isupper():
                    found.name = name
                return found.id
        initiative = Initiative(key=keys[0], name=name, acronym=acronym, kind=kind)
        session.add(initiative)
        session.flush()
        return initiative.id

    @staticmethod
    def _facts(report: Report) -> ReportFacts:
        return ReportFacts(type=report.type, people=set(report.participants) | set(report.visitors),
                           countries=set(report.countries), start=report.start, end=report.end,
                           published=report.published, host=report.host_country, anchor=report.anchor)

    def _resolve_engagement(self, session: Session, report: Report, original: int | None = None) -> int:
        """The engagement a report belongs to: its original's when the document is a near-duplicate
        (whatever the copy's dates resolve to), else a stored one it agrees with, else a new one."""
        people = set(report.participants) | set(report.visitors)
        facts = self._facts(report)
        if original is not None:
            for engagement, people_of, countries_of in self._original_engagements(session, original):
                candidate = EngagementCandidate(
                    id=engagement.id, type=engagement.type, start=engagement.start, end=engagement.end,
                    day=engagement.day, host=engagement.host_country, people=people_of, countries=countries_of)
                if same_engagement(facts, candidate, dates=False):
                    return self._join(session, report, engagement.id)
        for engagement, people_of, countries_of in self._engagement_candidates(session, report, people):
            candidate = EngagementCandidate(
                id=engagement.id, type=engagement.type, start=engagement.start, end=engagement.end,
                day=engagement.day, host=engagement.host_country, people=people_of, countries=countries_of)
            if same_engagement(facts, candidate):
                return self._join(session, report, engagement.id)
        engagement = Engagement(type=report.type, status=report.status, topics=[])
        session.add(engagement)
        session.flush()
        report.engagement_id = engagement.id
        session.flush()
        self._refresh_engagement(session, engagement.id)
        return engagement.id

    def _join(self, session: Session, report: Report, engagement_id: int) -> int:
        report.engagement_id = engagement_id
        session.flush()
        self._refresh_engagement(session, engagement_id)
        return engagement_id

    @staticmethod
    def _original_engagements(session: Session, original: int) -> list[tuple[Engagement, set[int], set[str]]]:
        """The engagements reported by a near-duplicate's original (and its other copies), with their
        people and countries."""
        documents = select(DocumentRow.id).where((DocumentRow.id == original) | (DocumentRow.duplicate_of == original))
        rows = session.scalars(select(Engagement).where(
            Engagement.id.in_(select(Report.engagement_id).where(Report.document_id.in_(documents))),
            Engagement.rejected.is_not(True)).order_by(Engagement.id)).all()
        result = []
        for engagement in rows:
            people = set(session.scalars(select(EngagementPerson.person_id).where(
                EngagementPerson.engagement_id == engagement.id)))
            countries = set(session.scalars(select(EngagementCountry.iso3).where(
                EngagementCountry.engagement_id == engagement.id)))
            result.append((engagement, people, countries))
        return result

    @staticmethod
    def _engagement_candidates(session: Session, report: Report,
                               people: set[int]) -> list[tuple[Engagement, set[int], set[str]]]:
        """The stored engagements a report could belong to, oldest first, with their people and countries.

        Only engagements that `same_engagement` could accept are read: the same family of kind,
        not rejected, sharing a person (or, with no people, a country), and dated near the report
        (an engagement with no day never matches; visits up to four months long are covered). A
        busy minister's thousands of engagements are not read one by one for every new report.
        """
        reference = [d for d in (as_date(report.start), as_date(report.end), report.published) if d]
        if not reference:
            return []
        family = FAMILIES.get(report.type, "meeting")
        kinds = [kind for kind, f in FAMILIES.items() if f == family]
        kind = Engagement.type.in_(kinds)
        if family == "meeting":
            kind = kind | Engagement.type.notin_(list(FAMILIES))
        # a correlated EXISTS, so the date window (index on type and day, revision 0006) bounds
        # the rows read; `id IN (all engagements of these people)` grew with a busy person
        if people:
            linked = exists().where(EngagementPerson.engagement_id == Engagement.id,
                                    EngagementPerson.person_id.in_(people))
        else:
            linked = exists().where(EngagementCountry.engagement_id == Engagement.id,
                                    EngagementCountry.iso3.in_(report.countries or ["---"]))
        rows = session.scalars(select(Engagement).where(
            linked, kind, Engagement.rejected.is_not(True),
            Engagement.day.between(min(reference) - timedelta(days=122), max(reference) + timedelta(days=4)),
        ).order_by(Engagement.id)).all()
        if not rows:
            return []
        ids = [e.id for e in rows]
        people_of: dict[int, set[int]] = {i: set() for i in ids}
        for engagement_id, person_id in session.execute(select(
                EngagementPerson.engagement_id, EngagementPerson.person_id).where(
                EngagementPerson.engagement_id.in_(ids))):
            people_of[engagement_id].add(person_id)
        countries_of: dict[int, set[str]] = {i: set() for i in ids}
        for engagement_id, iso3 in session.execute(select(
                EngagementCountry.engagement_id, EngagementCountry.iso3).where(
                EngagementCountry.engagement_id.in_(ids))):
            countries_of[engagement_id].add(iso3)
        return [(e, people_of[e.id], countries_of[e.id]) for e in rows]

    def _refresh_engagement(self, session: Session, engagement_id: int) -> None:
        """Recompute an engagement from all its reports (or delete it when none is left)."""
        engagement = session.get(Engagement, engagement_id)
        if engagement is None:
            return
        reports = session.scalars(select(Report).where(Report.engagement_id == engagement_id)).all()
        session.execute(delete(EngagementPerson).where(EngagementPerson.engagement_id == engagement_id))
        session.execute(delete(EngagementCountry).where(EngagementCountry.engagement_id == engagement_id))
        if not reports:
            session.delete(engagement)
            session.flush()
            return
        types = Counter(r.type for r in reports)
        engagement.type = min(types, key=lambda t: (-types[t], SPECIFIC.index(t) if t in SPECIFIC else 99))
        engagement.status = "held" if any(r.status == "held" for r in reports) else reports[0].status
        starts = Counter(r.start for r in reports if as_date(r.start)) \
            or Counter(r.start for r in reports if r.start)  # a full date over a copy's "XXXX-05-27"
        engagement.start = starts.most_common(1)[0][0] if starts else None
        ends = Counter(r.end for r in reports if r.end)
        engagement.end = ends.most_common(1)[0][0] if ends else engagement.start
        published = sorted(r.published for r in reports if r.published)
        engagement.day = as_date(engagement.start) or (published[0] if published else None)
        located = next((r.location for r in reports if r.location), None)
        engagement.location_name = located.get("name") if located else None
        engagement.location_country = located.get("country") if located else None
        engagement.host_country = next((r.host_country for r in reports if r.host_country), None)
        lead = next((r for r in reports if r.type == engagement.type), reports[0])
        engagement.cameo = lead.cameo
        engagement.plover_type = (lead.plover or {}).get("type")
        engagement.plover_mode = (lead.plover or {}).get("mode")
        engagement.topics = sorted({t for r in reports for t in r.topics})
        engagement.sources = len({r.document_id for r in reports})
        roles: dict[int, str] = {}
        for r in reports:
            for pid in r.participants:
                roles.setdefault(pid, "participant")
            for pid in r.visitors:
                roles[pid] = "visitor"
        for pid, role in roles.items():
            if session.get(Person, pid) is not None:
                session.add(EngagementPerson(engagement_id=engagement_id, person_id=pid, role=role))
        for iso in sorted({c for r in reports for c in r.countries}):
            session.add(EngagementCountry(engagement_id=engagement_id, iso3=iso))
        session.flush()

    # -- analyst overrides --------------------------------------------------------------
    def add_override(self, kind: str, target: str, value: dict, note: str | None = None) -> None:
        """Record a correction and apply it now; it is re-applied after every ingest."""
        with self.session() as session, session.begin():
            session.add(Override(kind=kind, target=target, value=value, note=note,
                                 created_at=datetime.now(timezone.utc).replace(tzinfo=None)))
        self.apply_overrides()

    def merge_people(self, keep: str, other: str, note: str | None = None) -> None:
        """Make `other` the same person as `keep` (handles or names)."""
        with self.session() as session:
            keep_handle = self._person(session, keep).handle
            other_handle = self._person(session, other).handle
        self.add_override("merge_people", keep_handle, {"other": other_handle}, note)

    def split_person(self, handle: str, document_key_: str, name: str | None = None,
                     note: str | None = None) -> None:
        """Say that the person's mentions in one document are somebody else."""
        with self.session() as session:
            person = self._person(session, handle)
        self.add_override("split_person", person.handle, {"document": document_key_, "name": name}, note)

    def set_country(self, handle: str, iso3: str, note: str | None = None) -> None:
        """Fix the side a person represents."""
        with self.session() as session:
            person = self._person(session, handle)
        self.add_override("set_country", person.handle, {"country": iso3.upper()}, note)

    def set_office(self, handle: str, title: str, document_key_: str | None = None,
                   note: str | None = None) -> None:
        """Fix the office a person holds: in one document (its key), or in every document when None.

        The extractor's title is kept in `ActorMention.machine_title`; an empty
        `title` means the person holds no office there.
        """
        with self.session() as session:
            person = self._person(session, handle)
            if document_key_ is not None and session.scalar(select(DocumentRow.id).where(
                    DocumentRow.key == document_key_)) is None:
                raise ReadoutsError("E029", query=document_key_)
        self.add_override("set_office", person.handle,
                          {"title": title.strip() or None, "document": document_key_}, note)

    def reject_event(self, engagement_id: int, note: str | None = None) -> None:
        """Mark an engagement as false; it is kept (with its evidence) but left out of queries."""
        with self.session() as session:
            reports = session.execute(select(Report.anchor, DocumentRow.key).join(
                DocumentRow, DocumentRow.id == Report.document_id).where(
                Report.engagement_id == engagement_id)).all()
            if not reports:
                raise ReadoutsError("E026", query=str(engagement_id))
        for anchor, key in reports:
            self.add_override("reject_event", key, {"anchor": anchor}, note)

    # -- consolidation -------------------------------------------------------------------
    SMALL = 2  # documents: a person named this rarely is re-resolved once the others are known

    def consolidate_people(self, person_ids: set[int] | None = None) -> int:
        """Re-resolve rarely named people created since the last call (or `person_ids`) against
        everybody else, and merge each into the one person all its mentions now resolve to.

        Resolution depends on the order documents arrive: a "Prime Minister Kishida" given to
        Taiwan by the first release read is a new person, because nobody is yet known to be Japan's
        Kishida. Once the rest of the evidence is in, the same rules join it. Analysts' splits,
        countries and keep-apart pairs are respected. Returns how many people were merged away.
        """
        ids, self.new_people = (person_ids if person_ids is not None else self.new_people), set()
        merged = 0
        with self.session() as session, session.begin():
            apart = {frozenset((o.target, o.value.get("other"))) for o in session.scalars(
                select(Override).where(Override.kind == "keep_apart"))}
            for person_id in sorted(ids):
                person = session.get(Person, person_id)
                if person is None or person.country_fixed or "~" in person.handle:
                    continue
                mentions = session.execute(select(
                    ActorMention.name, ActorMention.country, ActorMention.title, ActorMention.published,
                    ActorMention.document_id).where(ActorMention.person_id == person_id)).all()
                if not mentions or len({m.document_id for m in mentions}) > self.SMALL:
                    continue
                target = self._reresolve(session, person_id, mentions)
                other = session.get(Person, target) if target else None
                if other is None or frozenset((person.handle, other.handle)) in apart:
                    continue
                self._merge(session, other, person)
                merged += 1
        return merged

    def _reresolve(self, session: Session, person_id: int, mentions) -> int | None:
        """The one other person every mention of `person_id` resolves to, or None."""
        documents = {m.document_id for m in mentions}
        targets = set()
        for name, country, title, published, _ in mentions:
            words = name_key(name).split()
            ids = set(session.scalars(select(PersonName.person_id).where(
                PersonName.surname.in_(set(words) | {surname_key(name)})).limit(200))) - {person_id}
            # somebody named in the same document beside this person is somebody else
            ids -= set(session.scalars(select(ActorMention.person_id).where(
                ActorMention.document_id.in_(documents), ActorMention.person_id.is_not(None))))
            targets.add(resolve_mention(Mention(name=name, country=country, title=title, published=published),
                                        self._candidates(session, ids)) if ids else None)
        return targets.pop() if len(targets) == 1 else None

    # -- merge suggestions -------------------------------------------------------------
    GROUP_LIMIT = 25  # people compared within one surname: the most documented (a "Kim" group is cut)

    def merge_suggestions(self, limit: int = 50) -> list[dict]:
        """Likely duplicates that resolution did not merge, best first, with the evidence for and against.

        People who share a name word are compared pairwise (`readouts.resolve.weigh_pair`); pairs
        an analyst kept apart (`keep_apart`) are left out. Each item: `keep` and `other` (handle,
        name, country, documents), `score`, `for`, `against`. Reads only.
        """
        with self.session() as session:
            apart = {frozenset((o.target, o.value.get("other"))) for o in session.scalars(
                select(Override).where(Override.kind == "keep_apart"))}
            groups = session.execute(
                select(PersonName.surname).where(func.length(PersonName.surname) > 1)
                .group_by(PersonName.surname).having(func.count(func.distinct(PersonName.person_id)) > 1)).all()
            seen: set[frozenset] = set()
            found = []
            handles: dict[int, tuple[str, str, str | None]] = {}
            for (surname,) in groups:
                ids = set(session.scalars(select(PersonName.person_id).where(PersonName.surname == surname)))
                candidates = sorted(self._candidates(session, ids), key=lambda c: (-c.mentions, c.id))
                candidates = candidates[:self.GROUP_LIMIT]
                together = self._named_together(session, {c.id for c in candidates})
                for i, a in enumerate(candidates):
                    for b in candidates[i + 1:]:
                        pair = frozenset((a.id, b.id))
                        if pair in seen:
                            continue
                        seen.add(pair)
                        suggestion = weigh_pair(a, b, together.get(pair, 0))
                        if suggestion is not None and suggestion.score > 0:
                            found.append(suggestion)
            for p in session.scalars(select(Person).where(Person.id.in_(
                    {s.keep.id for s in found} | {s.other.id for s in found}))):
                handles[p.id] = (p.handle, p.name, p.country)
        found.sort(key=lambda s: (-s.score, -(s.keep.mentions + s.other.mentions), handles[s.keep.id][0],
                                  handles[s.other.id][0]))

        def side(c) -> dict:
            handle, name, country = handles[c.id]
            return {"handle": handle, "name": name, "country": country, "documents": c.mentions}

        items = [{"keep": side(s.keep), "other": side(s.other), "score": s.score, "for": s.evidence_for,
                  "against": s.evidence_against} for s in found
                 if frozenset((handles[s.keep.id][0], handles[s.other.id][0])) not in apart]
        for number, item in enumerate(items, 1):
            item["number"] = number
        return items[:limit]

    @staticmethod
    def _named_together(session: Session, ids: set[int]) -> dict[frozenset, int]:
        """For pairs of the given people, the number of documents that name both."""
        documents: dict[int, set[int]] = {}
        for person_id, document_id in session.execute(select(
                ActorMention.person_id, ActorMention.document_id).where(ActorMention.person_id.in_(ids)).distinct()):
            documents.setdefault(person_id, set()).add(document_id)
        people = sorted(documents)
        return {frozenset((a, b)): len(documents[a] & documents[b]) for i, a in enumerate(people)
                for b in people[i + 1:] if documents[a] & documents[b]}

    def keep_apart(self, one: str, other: str, note: str | None = None) -> None:
        """Say that two people are not the same: the pair is not suggested again."""
        with self.session() as session:
            first, second = self._person(session, one).handle, self._person(session, other).handle
        if first == second:
            raise ReadoutsError("E036", query=other)
        self.add_override("keep_apart", first, {"other": second}, note)

    def decide_suggestion(self, number: int, merge: bool, note: str | None = None) -> dict:
        """Apply an analyst's choice on suggestion `number` of `merge_suggestions()`: merge the two
        (`merge=True`) or keep them apart. Both are stored overrides; returns the suggestion."""
        items = self.merge_suggestions(limit=max(number, 1))
        if not 1 <= number <= len(items):
            raise ReadoutsError("E035", number=number, count=len(self.merge_suggestions(limit=10_000)))
        item = items[number - 1]
        if merge:
            self.merge_people(item["keep"]["handle"], item["other"]["handle"], note)
        else:
            self.keep_apart(item["keep"]["handle"], item["other"]["handle"], note)
        return item

    def apply_overrides(self) -> None:
        """Re-apply every stored correction, in order. Idempotent."""
        with self.session() as session, session.begin():
            for override in session.scalars(select(Override).order_by(Override.id)):
                if override.kind == "merge_people":
                    keep = session.scalar(select(Person).where(Person.handle == override.target))
                    other = session.scalar(select(Person).where(Person.handle == override.value["other"]))
                    if keep is not None and other is not None and keep.id != other.id:
                        self._merge(session, keep, other)
                elif override.kind == "set_country":
                    person = session.scalar(select(Person).where(Person.handle == override.target))
                    if person is not None:
                        person.country, person.country_fixed = override.value["country"], True
                elif override.kind == "split_person":
                    self._apply_split(session, override)
                elif override.kind == "set_office":
                    self._apply_office(session, override)
                elif override.kind == "reject_event":
                    engagement_id = session.scalar(select(Report.engagement_id).join(
                        DocumentRow, DocumentRow.id == Report.document_id).where(
                        DocumentRow.key == override.target, Report.anchor == override.value["anchor"]))
                    if engagement_id is not None:
                        session.get(Engagement, engagement_id).rejected = True

    def _merge(self, session: Session, keep: Person, other: Person) -> None:
        # the fuller form of the two, unless it is a one-off ("Antony J. Blinken Keynote")
        fuller = len(name_key(other.name).split()) > len(name_key(keep.name).split()) \
            and self._seen(session, other.id, other.name) >= self._seen(session, keep.id, keep.name)
        for mention in session.scalars(select(ActorMention).where(ActorMention.person_id == other.id)):
            mention.person_id = keep.id
        kept_keys = set(session.scalars(select(PersonName.key).where(PersonName.person_id == keep.id)))
        for item in session.scalars(select(PersonName).where(PersonName.person_id == other.id)):
            if item.key in kept_keys:  # the same form under both: keep one (unique per person)
                session.delete(item)
            else:
                item.person_id = keep.id
        session.flush()
        affected = set(session.scalars(select(EngagementPerson.engagement_id).where(
            EngagementPerson.person_id == other.id)))
        for report in session.scalars(select(Report).where(Report.engagement_id.in_(affected))):
            if other.id in report.participants or other.id in report.visitors:
                report.participants = [keep.id if p == other.id else p for p in report.participants]
                report.visitors = [keep.id if p == other.id else p for p in report.visitors]
        keep.country = keep.country or other.country
        if fuller:
            keep.name = other.name  # "Vladimir Putin" over "Putin"
        self._summarise(session, {keep.id, other.id})  # other's is gone: no mention left
        session.delete(other)
        session.flush()
        self._weigh_countries(session, {keep.id})
        for engagement_id in affected:
            self._refresh_engagement(session, engagement_id)

    def _apply_office(self, session: Session, override: Override) -> None:
        person = session.scalar(select(Person).where(Person.handle == override.target))
        if person is None:
            return
        statement = select(ActorMention).where(ActorMention.person_id == person.id)
        if override.value.get("document"):
            statement = statement.where(ActorMention.document_id.in_(select(DocumentRow.id).where(
                DocumentRow.key == override.value["document"])))
        changed = False
        for mention in session.scalars(statement):
            if mention.machine_title is None:
                mention.machine_title = mention.title or ""
            changed |= mention.title != override.value["title"]
            mention.title = override.value["title"]
        if changed:
            self._summarise(session, {person.id})

    def _apply_split(self, session: Session, override: Override) -> None:
        person = session.scalar(select(Person).where(Person.handle == override.target))
        document = session.scalar(select(DocumentRow).where(DocumentRow.key == override.value["document"]))
        if person is None or document is None:
            return
        mentions = session.scalars(select(ActorMention).where(
            ActorMention.person_id == person.id, ActorMention.document_id == document.id)).all()
        if not mentions:
            return
        name = override.value.get("name") or mentions[0].name
        handle = f"{override.target}~{override.id}"
        new = session.scalar(select(Person).where(Person.handle == handle))
        if new is None:
            new = Person(handle=handle, name=name, country=mentions[0].country)
            session.add(new)
            session.flush()
        for mention in mentions:
            mention.person_id = new.id
        session.flush()
        self._summarise(session, {person.id, new.id})
        self._weigh_countries(session, {person.id, new.id})
        affected = set()
        for report in session.scalars(select(Report).where(Report.document_id == document.id)):
            if person.id in report.participants or person.id in report.visitors:
                report.participants = [new.id if p == person.id else p for p in report.participants]
                report.visitors = [new.id if p == person.id else p for p in report.visitors]
                affected.add(report.engagement_id)
        session.flush()
        for engagement_id in affected - {None}:
            self._refresh_engagement(session, engagement_id)

    @staticmethod
    def _person(session: Session, query: str) -> Person:
        person = session.scalar(select(Person).where(Person.handle == query))
        if person is not None:
            return person
        key = name_key(query)
        ids = set(session.scalars(select(PersonName.person_id).where(PersonName.key == key)))
        if not ids and key:
            ids = set(session.scalars(select(PersonName.person_id).where(
                PersonName.surname == surname_key(query))))
        if not ids:
            raise ReadoutsError("E024", query=query)
        if len(ids) > 1:
            documents = dict(session.execute(
                select(ActorMention.person_id, func.count(func.distinct(ActorMention.document_id)))
                .where(ActorMention.person_id.in_(ids)).group_by(ActorMention.person_id)).all())
            ranked = sorted(ids, key=lambda i: -documents.get(i, 0))
            if documents.get(ranked[0], 0) < 3 * max(documents.get(ranked[1], 0), 1):
                handles = sorted(session.scalars(select(Person.handle).where(Person.id.in_(ids))))
                raise ReadoutsError("E025", query=query, choices=", ".join(handles))
            ids = {ranked[0]}  # "Kishida": the one named in 9 documents, not a namesake named once
        return session.get(Person, ids.pop())

