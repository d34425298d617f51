"""Tables of the knowledge base (SQLAlchemy 2 declarative models).

Machine output per document (`DocumentRow`, `ActorMention`, `Report`,
`InitiativeMention`, `CommitmentRow`) is kept apart from the resolved,
cross-document entities it is linked to (`Person`, `Initiative`,
`Engagement`) and from analyst corrections (`Override`), so a document can be
re-extracted and the corrections re-applied. Schema changes go through the
Alembic migrations in `readouts/store/migrations`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One stored document and where it came from."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)  # URL, JSONL id or file stem
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column()
    extractor_version: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    bands: Mapped[list[DocumentBand]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class DocumentBand(Base):
    """Locality-sensitive hash bands of a document's MinHash signature (near-duplicate lookup)."""

    __tablename__ = "document_bands"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40), index=True)
    signature: Mapped[list | None] = mapped_column(JSON)  # full signature on band 0 only

    __table_args__ = (Index("ix_document_bands_band_bucket", "band", "bucket"),)


class Person(Base):
    """A person recognised across documents."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handle: Mapped[str] = mapped_column(String(200), unique=True)  # stable: "vikram-misri-ind"
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    country_fixed: Mapped[bool] = mapped_column(Boolean, default=False)  # set by an analyst

    names: Mapped[list[PersonName]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PersonName(Base):
    """A form of a person's name seen in the documents, with its normalised key."""

    __tablename__ = "person_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(300), index=True)  # sorted name words
    surname: Mapped[str] = mapped_column(String(100), index=True)
    country: Mapped[str | None] = mapped_column(String(3))  # the side the document gave with this name

    __table_args__ = (UniqueConstraint("person_id", "key"),)


class ActorMention(Base):
    """A person as one document presents them: name, office, side, character offsets."""

    __tablename__ = "actor_mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    local_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))
    organization: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(3))
    participant: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[date | None] = mapped_column(Date)
    mentions: Mapped[list] = mapped_column(JSON)
    # [{title, raw, country, start, end}] as extracted (revision 0003; NULL on older rows)
    offices: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # the extractor's title when an analyst's set_office override replaced `title`
    machine_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the kind of evidence that decided `country` (schema.CountrySource: "office", "of-country", ...,
    # "office-holder", "visit-host", "publisher"; revision 0005; NULL on older rows and with no country)
    country_source: Mapped[str | None] = mapped_column(String(20), nullable=True)


class PersonSummary(Base):
    """What a person's mentions add up to, kept as mentions are stored (revision 0004), so resolving
    a mention reads one row per candidate however many documents name them."""

    __tablename__ = "person_summaries"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)  # documents that name the person
    first_published: Mapped[date | None] = mapped_column(Date)
    last_published: Mapped[date | None] = mapped_column(Date)
    # [[country, documents that gave it], ...] in the order the countries were first given
    votes: Mapped[list] = mapped_column(JSON, default=list)
    # the same, counting only documents whose evidence for the country is the text or the office-holder
    # table, not an inference (readouts.resolve.INFERRED_SOURCES; revision 0005): they outweigh any guesses
    strong_votes: Mapped[list] = mapped_column(JSON, default=list)
    titles: Mapped[list] = mapped_column(JSON, default=list)  # the office titles documents gave, sorted
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # {form of the name: mentions written so}


class Initiative(Base):
    """A framework, agreement, dialogue or forum recognised across documents."""

    __tablename__ = "initiatives"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))


class InitiativeMention(Base):
    __tablename__ = "initiative_mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    mentions: Mapped[list] = mapped_column(JSON)


class Engagement(Base):
    """One diplomatic engagement, however many documents report it."""

    __tablename__ = "engagements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20))
    start: Mapped[str | None] = mapped_column(String(10), index=True)
    end: Mapped[str | None] = mapped_column(String(10))
    day: Mapped[date | None] = mapped_column(Date, index=True)  # start, or the first report's publication date
    location_name: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(String(3))
    host_country: Mapped[str | None] = mapped_column(String(3))
    cameo: Mapped[str | None] = mapped_column(String(4))
    plover_type: Mapped[str | None] = mapped_column(String(20))
    plover_mode: Mapped[str | None] = mapped_column(String(20))
    topics: Mapped[list] = mapped_column(JSON, default=list)
    part_of: Mapped[int | None] = mapped_column(ForeignKey("engagements.id", ondelete="SET NULL"))
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_engagements_type_day", "type", "day"),)  # revision 0006


class EngagementCountry(Base):
    __tablename__ = "engagement_countries"
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class EngagementPerson(Base):
    __tablename__ = "engagement_people"
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    role: Mapped[str] = mapped_column(String(12), default="participant")  # participant | visitor


class Report(Base):
    """One document's account of an engagement: the extracted event with its evidence."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    engagement_id: Mapped[int | None] = mapped_column(ForeignKey("engagements.id", ondelete="SET NULL"),
                                                      index=True)
    local_id: Mapped[str] = mapped_column(String(20))
    anchor: Mapped[int] = mapped_column(Integer)  # character offset of the first evidence: stable key
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[date | None] = mapped_column(Date)
    location: Mapped[dict | None] = mapped_column(JSON)
    host_country: Mapped[str | None] = mapped_column(String(3))
    countries: Mapped[list] = mapped_column(JSON)
    participants: Mapped[list] = mapped_column(JSON)  # person ids
    visitors: Mapped[list] = mapped_column(JSON)
    groups: Mapped[list] = mapped_column(JSON)
    topics: Mapped[list] = mapped_column(JSON)
    initiatives: Mapped[list] = mapped_column(JSON)  # initiative ids
    part_of_local: Mapped[str | None] = mapped_column(String(20))
    cameo: Mapped[str | None] = mapped_column(String(4))
    plover: Mapped[dict | None] = mapped_column(JSON)
    evidence: Mapped[list] = mapped_column(JSON)


class CommitmentRow(Base):
    __tablename__ = "commitments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    engagement_id: Mapped[int | None] = mapped_column(ForeignKey("engagements.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    verb: Mapped[str | None] = mapped_column(String(30))
    people: Mapped[list] = mapped_column(JSON)
    initiatives: Mapped[list] = mapped_column(JSON)
    published: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[list] = mapped_column(JSON)


class Override(Base):
    """An analyst's correction, kept apart from machine output and re-applied after every ingest."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # merge_people | split_person | reject_event | set_country
    #                                                | set_office | keep_apart
    target: Mapped[str] = mapped_column(Text)
    value: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
