"""The extractor: one `Document` in, one `Extraction` out.

`Extractor` runs the spaCy pipeline (`readouts.nlp`) and the extraction
passes (actors, events, initiatives, topics, commitments), then codes each
event in CAMEO and PLOVER from `events.yaml`. It keeps every fact's character
offsets. It reads and writes no files and knows nothing of other documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

from spacy.language import Language
from spacy.tokens import Doc

from readouts.domain import load_domain
from readouts.errors import ReadoutsError
from readouts.holders import load_office_holders
from readouts.extract.actors import ActorBuilder, ActorDraft, sector_of
from readouts.extract.commitments import find_commitments
from readouts.extract.drafts import EventDraft
from readouts.extract.events import EventFinder
from readouts.extract.evidence import sentence_evidence
from readouts.extract.initiatives import find_initiatives
from readouts.extract.topics import topic_matcher
from readouts.nlp import load_pipeline
from readouts.nlp.dates import find_dates, resolve
from readouts.nlp.tokens import doc_text
from readouts.nlp.triage import Screen, load_triage
from readouts.schema import (
    Actor,
    CountryEvidence,
    Document,
    Event,
    Extraction,
    Location,
    Office,
    Plover,
    Side,
)

GENERIC_TLDS = {"gov": "USA", "mil": "USA"}


def publisher_country(document: Document) -> str | None:
    """The side that published the document, from its source name or web address.

    >>> publisher_country(Document(id="x", text="t", source="The White House"))
    'USA'
    """
    return _publisher(document.source or "", document.url or "")


def government_publisher(document: Document) -> bool:
    """Whether the document comes from a government (a ministry, a head of government's office),
    whose country is then evidence for the side of its own officials; a news outlet's is not.

    >>> government_publisher(Document(id="x", text="t", source="Ministry of Foreign Affairs of Japan"))
    True
    >>> government_publisher(Document(id="x", text="t", source="Saudi Gazette"))
    False
    """
    return _government(document.source or "", document.url or "")


@lru_cache(maxsize=4096)
def _government(source: str, url: str) -> bool:
    rules = load_domain().publishers
    lowered = source.lower()
    if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in rules["government_source_words"]):
        return True
    host = (urlparse(url).hostname or "").lower() if url else ""
    if not host:
        return False
    if any(host == s.lstrip(".") or host.endswith("." + s.lstrip(".")) for s in rules["government_host_suffixes"]):
        return True
    return any(host.startswith(p) or host.startswith("www." + p) for p in rules["government_host_prefixes"])


@lru_cache(maxsize=4096)
def _publisher(source: str, url: str) -> str | None:
    if source:
        for pattern, iso3 in _source_patterns():
            if pattern.search(source):
                return iso3
    if url:
        host = urlparse(url).hostname or ""
        labels = host.lower().split(".")
        if labels:
            tld = labels[-1]
            if tld in GENERIC_TLDS:
                return GENERIC_TLDS[tld]
            return _tlds().get(tld)
    return None


@lru_cache(maxsize=1)
def _source_patterns() -> list[tuple[re.Pattern, str]]:
    """Organisation names, then country names, longest first, compiled once."""
    domain = load_domain()
    patterns = []
    for form in sorted(domain.organizations, key=len, reverse=True):
        org = domain.organizations[form]
        if org.iso3 and org.iso3 != "IGO":
            patterns.append((re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), org.iso3))
    for form in sorted(domain.country_by_form, key=len, reverse=True):
        if len(form) > 3:
            patterns.append((re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), domain.country_by_form[form]))
    return patterns


@lru_cache(maxsize=1)
def _tlds() -> dict[str, str]:
    return {c.tld: iso3 for iso3, c in load_domain().countries.items() if c.tld}


UNUSUAL_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"})


def plain_spaces(text: str) -> str:
    """No-break and other typographic spaces as plain spaces, one for one, so offsets still hold."""
    return text.translate(UNUSUAL_SPACES)


def dateline_date(text: str) -> date | None:
    """A full date at the start of the body ("Ottawa, 9 October 2023 —"), when metadata has none.

    >>> dateline_date("Title\n\nOttawa, 9 October 2023 — The minister ...")
    datetime.date(2023, 10, 9)
    """
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    head = body[:80]
    for expr in find_dates(head):
        if expr.kind == "day" and expr.year and expr.start < 40:
            value, _ = resolve(expr, None)
            return date.fromisoformat(value) if value else None
    return None


@dataclass(frozen=True)
class ExtractionFailure:
    """A document the extractor could not process (a bug to report, not bad input)."""

    document: Document
    error: ReadoutsError

    @property
    def message(self) -> str:
        return str(self.error)


class Extractor:
    """Reusable extractor: the spaCy pipeline is loaded once.

    >>> extraction = Extractor().extract(Document(id="d", text="..."))  # doctest: +SKIP
    """

    def __init__(self, nlp: Language | None = None, triage: bool = True, holders: bool = True) -> None:
        self.nlp = nlp or load_pipeline()
        self.domain = load_domain()
        self.codes = self.domain.events["codes"]
        self.triage = load_triage() if triage else None
        self.holders = load_office_holders() if holders else None

    def extract(self, document: Document) -> Extraction:
        """Extract actors, events, initiatives, commitments and topics from one document."""
        screen = self.screen(document)
        if not screen.keep:
            return self.skipped(document, screen.reason)
        return self.build(document, self.nlp(screen.text))

    def parse(self, document: Document) -> tuple[Doc, Extraction, Screen]:
        """Parse and extract one document whatever triage says, and hand back the annotated spaCy
        `Doc` with the extraction and triage's verdict: for a reader who asked for this text (the
        web's Analyse page) and wants the pipeline's spans too, from one parse."""
        screen = self.screen(document)
        doc = self.nlp(plain_spaces(document.text))
        return doc, self.build(document, doc), screen

    def screen(self, document: Document) -> Screen:
        """Triage's verdict on a document; everything is kept when triage is off."""
        text = plain_spaces(document.text)
        if self.triage is None:
            return Screen(keep=True, text=text, reason="")
        return self.triage.screen(text)

    @staticmethod
    def skipped(document: Document, reason: str) -> Extraction:
        """The empty extraction of a document triage found no engagement language in."""
        return Extraction(id=document.id, path=document.path, title=document.title, published=document.published,
                          url=document.url, source=document.source, skipped=reason)

    def extract_many(self, documents: Iterable[Document],
                     batch_size: int = 16) -> Iterator[Extraction | ExtractionFailure]:
        """Extract from many documents, streaming them through `nlp.pipe`, in input order.

        A document the extractor fails on comes out as an `ExtractionFailure` (reported,
        skipped); the others are not held up by it.
        """
        pending: list[tuple[Document, Screen]] = []
        parsed = 0
        for document in documents:
            screen = self._safe_screen(document)
            pending.append((document, screen))
            parsed += screen.keep
            # Parse in full batches of kept documents; bound what waits behind them.
            if parsed >= batch_size or len(pending) >= 8 * batch_size:
                yield from self._batch(pending)
                pending, parsed = [], 0
        if pending:
            yield from self._batch(pending)

    def _safe_screen(self, document: Document) -> Screen:
        try:
            return self.screen(document)
        except Exception:  # noqa: BLE001 - a screen that fails must not lose the document: parse it all
            text = plain_spaces(document.text)
            return Screen(keep=True, text=text, reason="")

    def _batch(self, batch: list[tuple[Document, Screen]]) -> Iterator[Extraction | ExtractionFailure]:
        texts = [screen.text for _, screen in batch if screen.keep]
        try:
            parsed = iter(list(self.nlp.pipe(texts, batch_size=max(1, len(texts)))))
        except Exception:  # noqa: BLE001 - one bad document must not stop the batch: redo one by one
            parsed = None
        for document, screen in batch:
            if not screen.keep:
                yield self.skipped(document, screen.reason)
                continue
            try:
                sdoc = next(parsed) if parsed is not None else self.nlp(screen.text)
                yield self.build(document, sdoc)
            except Exception as exc:  # noqa: BLE001 - reported to the user, with --debug for the traceback
                yield ExtractionFailure(document=document, error=ReadoutsError(
                    "E030", id=document.id, reason=f"{type(exc).__name__}: {exc}"))

    # -- assembly -------------------------------------------------------------
    def build(self, document: Document, doc: Doc) -> Extraction:
        """Turn an annotated spaCy `Doc` into the output model."""
        # The publisher's country is a side only for a government's own officials (publishers.yaml).
        publisher = publisher_country(document) if government_publisher(document) else None
        published = document.published or dateline_date(doc_text(doc))
        drafts = ActorBuilder(doc, publisher, published, self.holders).build()
        finder = EventFinder(doc, drafts, published, publisher, self.holders)
        events = finder.find()
        initiatives, initiative_tokens = find_initiatives(doc)
        sentences, sentence_of = finder.sentences, finder.sentence_of
        mentions_by_sentence: dict[int, list[str]] = {}
        for actor in drafts:
            for start, _ in actor.mentions:
                ids = mentions_by_sentence.setdefault(sentence_of[start], [])
                if actor.id not in ids:
                    ids.append(actor.id)
        commitments = find_commitments(doc, events, mentions_by_sentence, initiative_tokens, sentences)

        participants = {a for e in events for a in [*e.participants, *e.visitors]}
        actors = [self._actor(doc, a, a.id in participants) for a in drafts]
        skip = {t for group in ("persons", "offices", "orgs") for s in doc.spans[group] for t in range(s.start, s.end)}
        sentence_topics = topic_matcher().by_sentence(sentences, skip) if events else {}
        out_events = [self._event(e, events, sentences, sentence_topics, initiative_tokens, skip)
                      for e in events]
        topics: list[str] = []
        for event in out_events:
            topics.extend(t for t in event.topics if t not in topics)
        order = list(self.domain.topics)
        if not out_events:
            initiatives = []
        return Extraction(
            id=document.id, path=document.path, title=document.title, published=document.published,
            url=document.url, source=document.source, actors=actors, events=out_events,
            initiatives=initiatives, commitments=commitments, topics=sorted(topics, key=order.index),
        )

    def _actor(self, doc: Doc, draft: ActorDraft, participant: bool) -> Actor:
        office = draft.office
        return Actor(
            id=draft.id, name=draft.name, title=office.label_ if office is not None else None,
            country=draft.country, organization=draft.organization, sector=sector_of(draft),
            participant=participant,
            mentions=[(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in draft.mentions],
            offices=[Office(title=o.label_, raw=o.text, organization=draft.organization,
                            country=o.kb_id_ or draft.country, start=o.start_char, end=o.end_char)
                     for o in draft.offices],
            country_evidence=self._country_evidence(doc, draft),
        )

    @staticmethod
    def _country_evidence(doc: Doc, draft: ActorDraft) -> CountryEvidence | None:
        """Why the actor has its country: the kind of evidence, and its words when it is text."""
        if not draft.country or not draft.country_source:
            return None
        if draft.country_where is None:
            return CountryEvidence(source=draft.country_source, rank=draft.country_rank)
        span = doc[draft.country_where[0]:draft.country_where[1]]
        return CountryEvidence(source=draft.country_source, rank=draft.country_rank,
                               start=span.start_char, end=span.end_char, text=span.text)

    def _scope(self, event: EventDraft, events: list[EventDraft], sentences: list) -> list:
        """The sentences that speak about an event: its own, and those after it up to the next one."""
        scope = list(event.sentences)
        if event.type == "visit":
            for other in events:
                if other.part_of is event:
                    scope.extend(other.sentences)
            return scope
        starts = sorted(e.first for e in events if e.type != "visit" and e.first > event.first)
        limit = starts[0] if starts else sentences[-1].end_char
        last = max(s.end_char for s in event.sentences)
        scope.extend(s for s in sentences if last <= s.start_char < limit)
        return scope

    def _codes(self, event: EventDraft) -> tuple[str | None, Plover | None]:
        if event.status in ("announced", "planned"):
            key = "announced"
        elif event.type == "meeting":
            host = event.location[1] if event.location else None
            if len(event.countries) >= 3:
                key = "meeting_multilateral"
            elif host and event.countries and host not in event.countries:
                key = "meeting_third_party"
            else:
                key = "meeting"
        else:
            key = event.type if event.type in self.codes else "other"
        code = self.codes[key]
        return code["cameo"], self._plover(code["cameo"], code.get("mode"))

    def _plover(self, cameo: str, mode: str | None) -> Plover | None:
        """The PLOVER coding of a CAMEO code by the PLOVER project's conversion table
        (data/cameo_plover.tsv, also the exports'); None for a statement, which PLOVER drops."""
        coding = self.domain.plover_of(cameo)
        return Plover(type=coding[0], mode=mode or coding[1]) if coding else None

    def _event(self, event: EventDraft, events: list[EventDraft], sentences: list,
               sentence_topics: dict[int, list[str]], initiative_tokens: dict[int, str], skip: set[int]) -> Event:
        scope = self._scope(event, events, sentences)
        sentences_end = {s.start: s.end for s in sentences}
        topics: list[str] = []
        initiatives: list[str] = []
        for sent in scope:
            found = sentence_topics.get(sent.start)
            if found is None or sent.end != sentences_end.get(sent.start):
                found = topic_matcher().topics(sent, skip)
            topics.extend(t for t in found if t not in topics)
            initiatives.extend(name for i, name in sorted(initiative_tokens.items())
                               if sent.start <= i < sent.end and name not in initiatives)
        order = list(self.domain.topics)
        cameo, plover = self._codes(event)
        location = None
        if event.location is not None:
            location = Location(name=event.location[0], country=event.location[1] or None)
        evidence = [sentence_evidence(s) for s in sorted(event.sentences, key=lambda s: s.start)]
        return Event(
            id=event.id, type=event.type, status=event.status,
            trigger=event.trigger.text if event.trigger is not None else None,
            participants=list(event.participants), visitors=list(event.visitors),
            host_country=event.host_country, groups=[g[0] for g in event.groups],
            countries=list(event.countries), sides=[Side(country=c, participants=ids) for c, ids in event.sides],
            location=location, start=event.start, end=event.end,
            topics=sorted(topics, key=order.index), initiatives=initiatives,
            part_of=event.part_of.id if event.part_of is not None else None,
            cameo=cameo, plover=plover, evidence=evidence,
        )
