"""What the knowledge base answers, as typed records: the contract above the stored document.

`readouts.store.queries` returns these models; the web API declares them as its response models
(so /openapi.json documents every answer) and the pages and the command line read them. Field
order is the JSON key order. Nothing here queries or stores; `readouts.schema` holds what the
extractor reads from one document.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import Field

from readouts.schema import Evidence, Location, Model, Offsets

T = TypeVar("T")


class Page(Model, Generic[T]):
    """One page of a longer list: `items` from `offset`, at most `limit` of `total`."""

    total: int = Field(description="How many items the whole list holds.")
    limit: int
    offset: int
    items: list[T]


# -- people ---------------------------------------------------------------------------------

class PersonRef(Model):
    """A person of the knowledge base, by handle."""

    handle: str = Field(description="Stable identifier, e.g. 'vikram-misri-ind'.")
    name: str
    country: str | None = Field(None, description="ISO3 of the side they represent.")


class NamedPerson(Model):
    """A person by handle and name only (a participant of a report, a commitment's party)."""

    handle: str | None = None
    name: str


class EngagedPerson(PersonRef):
    """A person with the number of (not rejected) engagements they took part in."""

    engagements: int


class PersonSummary(EngagedPerson):
    """A row of the people list: the person, their engagements and the last office seen."""

    title: str | None = Field(None, description="The office title of the latest document that gives one.")


class PersonSide(Model):
    """A country the documents gave a person, with how many documents gave it."""

    country: str
    documents: int


class OfficeHeld(Model):
    """An office a person held as the documents state it, with when it was first and last seen."""

    title: str
    organization: str | None = None
    country: str | None = None
    first_seen: str | None = Field(None, description="Publication date of the first document giving it.")
    last_seen: str | None = None
    documents: int


class DocumentRef(Model):
    """A stored document by key, title and publication date."""

    document: str = Field(description="The document key (its URL or id).")
    title: str | None = None
    published: str | None = None


class Correction(Model):
    """An analyst's correction, as stored (re-applied after every ingest)."""

    kind: str
    value: dict[str, Any]
    at: str = Field(description="When it was made (UTC, to the second).")
    note: str | None = None


# -- engagements ----------------------------------------------------------------------------

class Participant(PersonRef):
    """A person who took part in an engagement; a visit's travellers are 'visitor'."""

    role: str = Field(description="participant or visitor.")


class PloverCoding(Model):
    """The PLOVER event type and mode (None when the engagement has no CAMEO code)."""

    type: str | None = None
    mode: str | None = None


class Source(Model):
    """A document that reports an engagement, with the first sentence of its evidence."""

    document: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    evidence: str | None = Field(None, description="The text of the report's first evidence.")


class EngagementSummary(Model):
    """An engagement as lists show it: who, where, when, what, and the documents that report it."""

    id: int
    date: str | None = Field(None, description="Its day, else its start as read ('XXXX-MM-DD' when the year "
                                               "is unknown).")
    start: str | None = None
    end: str | None = None
    type: str
    status: str
    participants: list[Participant]
    countries: list[str]
    location: Location | None = None
    topics: list[str]
    initiatives: list[str] = Field(description="Names of the initiatives its reports mention.")
    cameo: str | None = None
    plover: PloverCoding
    part_of: int | None = Field(None, description="Id of the visit it took place during.")
    sources: list[Source]


class EngagementRef(Model):
    """Another engagement by id, type and day."""

    id: int
    type: str
    date: str | None = None


class Report(Model):
    """One document's report of an engagement, with its evidence and character offsets."""

    document: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    type: str
    status: str
    start: str | None = None
    end: str | None = None
    cameo: str | None = None
    evidence: list[Evidence]
    anchor: int = Field(description="Character offset of the first evidence.")
    local_id: str = Field(description="The event's id within the document's extraction.")


class Engagement(EngagementSummary):
    """One engagement with every report of it and the engagements held during it."""

    part_of: EngagementRef | None = Field(None, description="The visit it took place during.")
    rejected: bool
    reports: list[Report]
    during: list[EngagementRef] = Field(description="Engagements held during this one (at most 100).")


class MonthCount(Model):
    """Engagements of one type in one month."""

    month: str = Field(description="YYYY-MM.")
    type: str
    engagements: int


class Pair(Model):
    """A country pair and its number of engagements."""

    a: str
    b: str
    engagements: int


class PairPage(Model):
    """A country pair: engagements by month and type, and one page of its engagements."""

    a: str
    b: str
    months: list[MonthCount]
    engagements: Page[EngagementSummary]


class Country(Model):
    """A country and its number of engagements."""

    iso3: str
    name: str
    engagements: int


# -- a person's page ------------------------------------------------------------------------

class PersonPage(Model):
    """A person: names, sides, offices over time, counterparts, and pages of engagements and documents."""

    handle: str
    name: str
    country: str | None = None
    country_fixed: bool = Field(description="True when an analyst set the country.")
    names: list[str] = Field(description="Every form of the name the documents wrote.")
    sides: list[PersonSide] = Field(description="Countries the documents gave, most documents first.")
    offices: list[OfficeHeld] = Field(description="Offices held, the first seen first.")
    counterparts: list[EngagedPerson] = Field(description="People met most often (at most 30), with the "
                                                          "engagements shared.")
    engagements: Page[EngagementSummary]
    documents: Page[DocumentRef]
    corrections: list[Correction]


class Person(Model):
    """A person with every engagement and document at once, oldest first (the command line's
    `readouts query person`; the web's `PersonPage` pages them, newest first)."""

    handle: str
    name: str
    country: str | None = None
    names: list[str]
    sides: list[PersonSide]
    offices: list[OfficeHeld]
    counterparts: list[EngagedPerson] = Field(description="Everybody met, most engagements first.")
    engagements: list[EngagementSummary]
    documents: list[DocumentRef]


# -- initiatives ----------------------------------------------------------------------------

class InitiativeSummary(Model):
    """A row of the initiatives list, with the number of documents that mention it."""

    key: str
    name: str
    acronym: str | None = None
    kind: str
    documents: int


class Commitment(Model):
    """Something the parties agreed, decided or pledged, in the document it was read from."""

    text: str
    verb: str | None = None
    document: str
    published: str | None = None
    engagement: int | None = Field(None, description="The engagement it was made at, when known.")
    people: list[NamedPerson]
    evidence: list[Evidence]


class InitiativePage(Model):
    """An initiative: mentions by month, documents, and pages of commitments and engagements."""

    key: str
    name: str
    acronym: str | None = None
    kind: str
    mentions_by_month: dict[str, int] = Field(description="Mentions per YYYY-MM ('undated' without a date).")
    documents: int
    commitments: Page[Commitment]
    engagements: Page[EngagementSummary]


class CommitmentNote(Model):
    """A commitment as `Initiative` lists it: its text, date, the people's names and first evidence."""

    text: str
    published: str | None = None
    people: list[str] = Field(description="Names of the people who made it.")
    evidence: str | None = Field(None, description="The text of its first evidence.")


class Initiative(Model):
    """An initiative with every engagement and commitment at once, oldest first (the command line's
    `readouts query initiative`; the web's `InitiativePage` pages them)."""

    name: str
    acronym: str | None = None
    kind: str
    mentions_by_month: dict[str, int]
    engagements: list[EngagementSummary]
    commitments: list[CommitmentNote]


# -- documents ------------------------------------------------------------------------------

class DocumentSummary(Model):
    """A row of the documents list."""

    document: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    duplicate: bool = Field(description="True when it is a (near) copy of another stored document.")


class StoredOffice(Model):
    """An office as the document states it, with its character offsets."""

    title: str
    raw: str
    country: str | None = None
    start: int
    end: int


class DocumentActor(Model):
    """A person named in a document, with every mention and the person they were resolved to."""

    local_id: str
    name: str
    title: str | None = None
    machine_title: str | None = Field(None, description="The extractor's title when an analyst corrected it.")
    country: str | None = None
    organization: str | None = None
    participant: bool
    mentions: list[Offsets]
    offices: list[StoredOffice]
    person: PersonRef | None = None


class InitiativeRef(Model):
    """An initiative by key, name and acronym."""

    key: str
    name: str
    acronym: str | None = None


class DocumentInitiative(Model):
    """An initiative named in a document, with every mention."""

    local_id: str
    name: str
    mentions: list[Offsets]
    initiative: InitiativeRef


class DocumentEvent(Model):
    """An engagement as one document reports it, with its evidence."""

    local_id: str
    engagement: int | None = None
    rejected: bool
    type: str
    status: str
    start: str | None = None
    end: str | None = None
    cameo: str | None = None
    plover: PloverCoding | None = None
    location: Location | None = None
    countries: list[str]
    topics: list[str]
    participants: list[NamedPerson]
    evidence: list[Evidence]


class DocumentCommitment(Model):
    """A commitment read from a document, with its evidence."""

    text: str
    verb: str | None = None
    evidence: list[Evidence]
    engagement: int | None = None


class DocumentPage(Model):
    """A stored document with every stored fact and its character offsets (for highlighting)."""

    document: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    published: str | None = None
    text: str = Field(description="The text the offsets refer to (an exact copy's original's).")
    ingested_at: str | None = None
    extractor_version: str
    duplicate_of: str | None = Field(None, description="Key of the document this one copies.")
    similarity: float | None = None
    exact_copy: bool = Field(description="True when the facts shown are the original's.")
    actors: list[DocumentActor]
    initiatives: list[DocumentInitiative]
    events: list[DocumentEvent]
    commitments: list[DocumentCommitment]


# -- the network, the front page, search ----------------------------------------------------

class NetworkNode(Model):
    """An official in the network, with their engagements and last office."""

    id: int
    handle: str
    name: str
    country: str | None = None
    engagements: int
    title: str | None = None


class NetworkEdge(Model):
    """Two officials (node ids) and the engagements they share."""

    source: int
    target: int
    engagements: int


class Network(Model):
    """The person-to-person graph of the most engaged officials."""

    total_people: int = Field(description="People in the scope, before the top N were kept.")
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class Counts(Model):
    """How much the knowledge base holds."""

    documents: int
    duplicates: int
    people: int
    engagements: int = Field(description="Engagements not rejected.")
    initiatives: int


class OverviewCounts(Counts):
    """The counts, and the engagements in the period asked for."""

    engagements_in_period: int


class Overview(Model):
    """The front page: counts, the latest engagements, the most active pairs and people."""

    counts: OverviewCounts
    first_day: str | None = None
    last_day: str | None = None
    latest: list[EngagementSummary]
    pairs: list[Pair]
    people: list[EngagedPerson]


class SearchHit(Model):
    """A document that matches a search, with a snippet around the matches."""

    document: str
    title: str | None = None
    published: str | None = None
    snippet: str = Field(description="Matches in [ and ]; the text's own brackets shown as ⟦ ⟧.")
    marked: str = Field(description="The snippet with private-use markers around each match, for highlighting.")


class SearchResult(Model):
    """One page of documents matching a search (of `total`), and the people whose name matches."""

    total: int
    limit: int
    offset: int
    documents: list[SearchHit]
    people: list[PersonRef]


# -- merge suggestions ----------------------------------------------------------------------

class SuggestedPerson(PersonRef):
    """One of the two people of a merge suggestion, with the documents that name them."""

    documents: int


class MergeSuggestion(Model):
    """Two stored people who may be one (`Store.merge_suggestions`), with the evidence for and against."""

    keep: SuggestedPerson = Field(description="The better documented of the two.")
    other: SuggestedPerson
    score: int = Field(description="The evidence for minus the evidence against.")
    evidence_for: list[str] = Field(alias="for")
    evidence_against: list[str] = Field(alias="against")
    number: int = Field(description="Its place in the list, for `readouts people suggest --accept N`.")
