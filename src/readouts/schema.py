"""The data model: typed records that every stage passes to the next.

These pydantic models are the single contract between ingest, extraction, the
command line's JSON and (later) the store and web API. JSON Schema is derived
from them (`readouts schema`); nothing here knows how facts are found.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal[
    "visit", "meeting", "call", "talks", "roundtable", "dialogue",
    "signing", "summit", "statement", "other",
]
EventStatus = Literal["held", "ongoing", "announced", "planned", "cancelled"]
Sector = Literal["GOV", "MIL", "DIP", "LEG", "JUD", "BUS", "NGO", "IGO", "MED", "EDU"]
InitiativeKind = Literal[
    "agreement", "treaty", "mou", "dialogue", "mechanism", "initiative",
    "framework", "forum", "partnership", "grouping", "conference", "other",
]

Offsets = tuple[int, int]
CountrySource = Literal[
    "office", "of-country", "counterpart", "apposition", "demonym", "organization", "list", "deputy",
    "title", "office-holder", "visit-host", "delegation", "companion", "publisher",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(Model):
    """One input text with what is known about where it came from."""

    id: str = Field(description="Stable identifier: the JSONL id, or the file path's stem.")
    text: str = Field(description="Plain text: title on the first line, a blank line, then the body.")
    title: str | None = None
    published: date | None = Field(None, description="Publication date, used to resolve relative dates.")
    url: str | None = None
    source: str | None = None
    path: str | None = Field(None, description="File the document was read from (with ':LINE' for JSONL).")


class Evidence(Model):
    """A stretch of the source text that supports a fact, by character offsets."""

    start: int
    end: int
    text: str


class Office(Model):
    """An office held by an actor as the document states it."""

    title: str = Field(description="Normalised title, abbreviations expanded, country qualifiers removed.")
    raw: str = Field(description="The words of the text.")
    organization: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 (or EUR/UNO/IGO) the office belongs to.")
    start: int
    end: int


class CountryEvidence(Model):
    """The evidence that decided an actor's country, strongest kinds first in `CountrySource`:
    the text itself ("office": "Indian External Affairs Minister"; "of-country": "Wong of Australia";
    "counterpart": "his Kenyan counterpart"; ...), then knowledge ("office-holder": the office-holder
    table), then inference ("visit-host", "delegation", "companion", "publisher")."""

    source: CountrySource
    rank: int = Field(description="1 (explicit text) to 9 (weakest inference).")
    start: int | None = None
    end: int | None = None
    text: str | None = None


class Actor(Model):
    """A named person who appears in the document, with every mention of them."""

    id: str
    name: str = Field(description="Fullest form of the name in the document, honorifics dropped.")
    title: str | None = None
    country: str | None = Field(None, description="ISO3 of the side they represent; EUR, UNO, IGO, NGO, BUS.")
    organization: str | None = None
    sector: Sector | None = None
    participant: bool = Field(False, description="True when the actor takes part in at least one event.")
    mentions: list[Offsets] = Field(default_factory=list)
    offices: list[Office] = Field(default_factory=list)
    country_evidence: CountryEvidence | None = Field(
        None, description="Why `country` was given: the kind of evidence that decided it and, when it is "
                          "text, where; None when no country was given.")


class Location(Model):
    name: str | None = None
    country: str | None = None


class Plover(Model):
    type: str
    mode: str | None = None


class Side(Model):
    """One party to an engagement: the participants on it and, when the evidence says, its country.
    People of one side never interact with each other in the counts; an unknown country is never
    taken as a different side when the text puts people together ("accompanied by", a delegation list)."""

    country: str | None = None
    participants: list[str] = Field(default_factory=list, description="Actor ids.")


class Event(Model):
    """One diplomatic engagement, with the sentences it was read from."""

    id: str
    type: EventType
    status: EventStatus = "held"
    trigger: str | None = Field(None, description="The word or phrase that signals the event.")
    participants: list[str] = Field(default_factory=list, description="Actor ids.")
    visitors: list[str] = Field(default_factory=list, description="For visits: the actor ids who travel.")
    host_country: str | None = Field(None, description="For visits: the country visited.")
    groups: list[str] = Field(
        default_factory=list,
        description="Unnamed participants, e.g. 'U.S. industry representatives'.",
    )
    countries: list[str] = Field(default_factory=list, description="ISO3 codes of the sides.")
    sides: list[Side] = Field(default_factory=list, description="The participants grouped by the side they "
                              "are on (a visit's visitors are one side); interactions are pairs across sides.")
    location: Location | None = None
    start: str | None = Field(None, description="ISO 8601 date; 'XXXX-MM-DD' when the year is unknown.")
    end: str | None = None
    topics: list[str] = Field(default_factory=list)
    initiatives: list[str] = Field(default_factory=list, description="Initiative ids.")
    part_of: str | None = Field(None, description="Id of the visit this engagement took place during.")
    cameo: str | None = Field(None, description="CAMEO event code, a string with leading zeros.")
    plover: Plover | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Initiative(Model):
    """A named framework, agreement, dialogue, mechanism, initiative or forum."""

    id: str
    name: str = Field(description="The fullest form as written.")
    acronym: str | None = None
    kind: InitiativeKind = "other"
    mentions: list[Offsets] = Field(default_factory=list)


class Commitment(Model):
    """Something the parties agreed, decided or pledged to do."""

    id: str
    text: str
    verb: str | None = None
    actors: list[str] = Field(default_factory=list)
    initiatives: list[str] = Field(default_factory=list)
    event: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Extraction(Model):
    """Everything extracted from one document."""

    id: str
    path: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    skipped: str | None = Field(
        default=None, description="Why triage did not parse the document (no engagement language); null if parsed.")

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with this id (KeyError if absent)."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)


def json_schema() -> dict:
    """JSON Schema of the per-document output, derived from the models."""
    return Extraction.model_json_schema()
