"""The draft of one engagement while the event passes build it; the engine turns it into `schema.Event`."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span


@dataclass
class EventDraft:
    type: str
    sentences: list[Span]
    trigger: Span | None = None
    status: str = "held"
    participants: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    host_country: str | None = None
    groups: list[tuple[str, str | None]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    location: tuple[str | None, str | None] | None = None  # (name, iso3)
    start: str | None = None
    end: str | None = None
    part_of: EventDraft | None = None
    explicit: bool = True  # False for visits inferred from a meeting's place
    sides: list[tuple[str | None, list[str]]] = field(default_factory=list)  # (country, actor ids), set by find()
    virtual: bool = False
    one_by_one: list[str] = field(default_factory=list)  # the subject of separate bilaterals, if so phrased
    appearance: bool = False  # read from a transcript's speaker labels (`readouts.extract.appearances`)
    id: str = ""

    @property
    def first(self) -> int:
        return min(s.start_char for s in self.sentences)
