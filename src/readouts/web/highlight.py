"""Facts laid over a document's text: the segments the document page and Analyse render.

A `Fact` is one extracted thing with the character offsets it was read from
(a person's mention, an office, a date, a place, an initiative, an event's
trigger or sentence, a commitment). `segments(text, facts)` cuts the text at
every fact boundary so that overlapping facts (a name inside an event
sentence) become flat, non-overlapping pieces, each knowing which facts cover
it. Nothing here produces HTML: the templates render segments with
autoescaping, so the document text can never become markup.

Where the facts come from, and why:

- people, offices, initiatives, event sentences and commitments are stored
  with their offsets (`queries.document`), so the page reads them from the
  knowledge base;
- dates, places, countries and trigger words are spaCy span groups that the
  `Extraction` contract does not carry (it keeps resolved values, not their
  surface offsets). Storing them would mean widening that contract and the
  extractor, which another stage owns; running the spaCy pipeline alone on
  the one document shown costs tens of milliseconds once the model is loaded,
  and is cached per text, so the page computes them on demand
  (`pipeline_facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from readouts.answers import DocumentPage
from readouts.schema import Extraction

KINDS = {  # kind -> (label shown in the legend, order in the side panel)
    "person": ("People", 0),
    "office": ("Offices", 1),
    "date": ("Dates", 2),
    "place": ("Places", 3),
    "country": ("Countries", 4),
    "initiative": ("Initiatives", 5),
    "trigger": ("Event triggers", 6),
    "event": ("Events", 7),
    "commitment": ("Commitments", 8),
}


@dataclass
class Fact:
    """One extracted fact and where in the text it was read from."""

    id: str
    kind: str
    start: int
    end: int
    label: str  # one line, shown on hover and in the side panel
    details: list[str] = field(default_factory=list)  # further lines shown when clicked
    href: str | None = None  # the page of the entity (person, engagement, initiative)

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "start": self.start, "end": self.end, "label": self.label,
                "details": self.details, "href": self.href}


@dataclass
class Segment:
    """A stretch of text covered by the same facts (maybe none)."""

    start: int
    end: int
    text: str
    facts: list[Fact]
    anchors: list[str]  # element ids that should point here (the facts that start here)

    @property
    def kinds(self) -> list[str]:
        return sorted({f.kind for f in self.facts}, key=lambda k: KINDS[k][1])

    @property
    def title(self) -> str:
        return "\n".join(f.label for f in self.facts)

    @property
    def fact_ids(self) -> str:
        return " ".join(f.id for f in self.facts)


def segments(text: str, facts: list[Fact]) -> list[Segment]:
    """Cut `text` at every fact boundary; each piece lists the facts covering it.

    >>> [(s.text, s.fact_ids) for s in segments("Rosa met Peter.", [Fact("a", "person", 0, 4, "Rosa")])]
    [('Rosa', 'a'), (' met Peter.', '')]
    """
    valid = [f for f in facts if 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for f in valid), *(f.end for f in valid)})
    starting: dict[int, list[Fact]] = {}
    for fact in valid:
        starting.setdefault(fact.start, []).append(fact)
    active: list[Fact] = []
    out: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        active = [f for f in active if f.end > left]
        new = starting.get(left, [])
        active.extend(new)
        active.sort(key=lambda f: (KINDS[f.kind][1], f.start))
        out.append(Segment(left, right, text[left:right], list(active), [f.id for f in new]))
    return out


@dataclass
class Entry:
    """One line of the side panel: a fact as read, and every place in the text it was read from."""

    kind: str
    label: str
    href: str | None
    ids: list[str]

    @property
    def id(self) -> str:
        return self.ids[0]


def grouped(facts: list[Fact]) -> list[tuple[str, str, list[Entry]]]:
    """Facts by kind for the side panel, the same fact read several times shown once, in text order:
    [(kind, heading, entries)]."""
    by_kind: dict[str, dict[tuple, Entry]] = {}
    for fact in sorted(facts, key=lambda f: (f.start, f.end)):
        entries = by_kind.setdefault(fact.kind, {})
        key = (fact.label, fact.href) if fact.kind not in ("event", "commitment") else (fact.id.rsplit("-", 1)[0],)
        if key in entries:
            entries[key].ids.append(fact.id)
        else:
            entries[key] = Entry(fact.kind, fact.label, fact.href, [fact.id])
    return [(kind, KINDS[kind][0], list(by_kind[kind].values())) for kind in sorted(by_kind, key=lambda k: KINDS[k][1])]


def _person_href(handle: str | None) -> str | None:
    return f"/people/{quote(handle, safe='')}" if handle else None


def stored_facts(document: DocumentPage | dict) -> list[Fact]:
    """Facts of a stored document, from `queries.document(...)` (or a dict of the same shape)."""
    if isinstance(document, DocumentPage):
        document = document.model_dump()
    facts: list[Fact] = []
    for a in document["actors"]:
        person = a.get("person") or {}
        label = f"{a['name']}" + (f", {a['title']}" if a.get("title") else "") + (f" ({a['country']})"
                                                                                   if a.get("country") else "")
        details = [f"person: {person.get('name')} [{person.get('handle')}]" if person else "not resolved to a person"]
        if a.get("machine_title") is not None:
            details.append(f"office corrected by an analyst (machine read: {a['machine_title'] or 'none'})")
        if a.get("participant"):
            details.append("takes part in an event")
        for n, (start, end) in enumerate(a["mentions"]):
            facts.append(Fact(f"p{a['local_id']}-{n}", "person", start, end, label, details,
                              _person_href(person.get("handle"))))
        for n, office in enumerate(a.get("offices") or []):
            facts.append(Fact(f"o{a['local_id']}-{n}", "office", office["start"], office["end"],
                              f"office: {office['title']}" + (f" ({office['country']})" if office.get("country")
                                                             else ""), [f"held by {a['name']}"],
                              _person_href(person.get("handle"))))
    for m in document["initiatives"]:
        initiative = m["initiative"]
        label = f"initiative: {initiative['name']}" + (f" ({initiative['acronym']})" if initiative.get("acronym")
                                                       else "")
        for n, (start, end) in enumerate(m["mentions"]):
            facts.append(Fact(f"i{m['local_id']}-{n}", "initiative", start, end, label, [],
                              f"/initiatives/{quote(initiative['key'], safe='')}"))
    for e in document["events"]:
        when = e["start"] + (f" to {e['end']}" if e.get("end") and e["end"] != e["start"] else "") if e.get(
            "start") else "date not stated"
        label = f"event: {e['type']} ({e['status']}), {when}" + (" [rejected by an analyst]" if e["rejected"] else "")
        names = list(dict.fromkeys(p["name"] for p in e["participants"]))  # a visitor is a participant too
        details = [", ".join(names) or "no named participants",
                   "countries: " + (", ".join(e["countries"]) or "none")]
        if e.get("location") and e["location"].get("name"):
            details.append(f"place: {e['location']['name']}")
        if e.get("topics"):
            details.append("topics: " + ", ".join(e["topics"]))
        if e.get("cameo"):
            plover = e.get("plover") or {}
            details.append(f"CAMEO {e['cameo']}, PLOVER {plover.get('type', '')} {plover.get('mode') or ''}".strip())
        for n, evidence in enumerate(e["evidence"]):
            facts.append(Fact(f"e{e['local_id']}-{n}", "event", evidence["start"], evidence["end"], label, details,
                              f"/engagements/{e['engagement']}" if e.get("engagement") else None))
    for n, c in enumerate(document["commitments"]):
        for k, evidence in enumerate(c["evidence"]):
            facts.append(Fact(f"c{n}-{k}", "commitment", evidence["start"], evidence["end"],
                              f"commitment ({c.get('verb') or 'agreed'}): {c['text'][:160]}", [],
                              f"/engagements/{c['engagement']}" if c.get("engagement") else None))
    return facts


def extraction_facts(extraction: Extraction) -> list[Fact]:
    """Facts of an extraction that is not stored (the Analyse page)."""
    events = [{"local_id": e.id, "engagement": None, "rejected": False, "type": e.type, "status": e.status,
               "start": e.start, "end": e.end, "cameo": e.cameo, "plover": e.plover.model_dump() if e.plover else None,
               "location": e.location.model_dump() if e.location else None, "countries": e.countries,
               "topics": e.topics,
               "participants": [{"handle": None, "name": extraction.actor(a).name}
                                for a in [*e.participants, *e.visitors]],
               "evidence": [ev.model_dump() for ev in e.evidence]} for e in extraction.events]
    document = {
        "actors": [{"local_id": a.id, "name": a.name, "title": a.title, "machine_title": None, "country": a.country,
                    "participant": a.participant, "mentions": [list(m) for m in a.mentions], "person": None,
                    "offices": [o.model_dump() for o in a.offices]} for a in extraction.actors],
        "initiatives": [{"local_id": i.id, "name": i.name, "mentions": [list(m) for m in i.mentions],
                         "initiative": {"key": i.acronym or i.name, "name": i.name, "acronym": i.acronym}}
                        for i in extraction.initiatives],
        "events": events,
        "commitments": [{"text": c.text, "verb": c.verb, "engagement": None,
                         "evidence": [ev.model_dump() for ev in c.evidence]} for c in extraction.commitments],
    }
    facts = stored_facts(document)
    for fact in facts:  # nothing is stored yet: no entity pages to link to
        fact.href = None
        fact.details = [d for d in fact.details if d != "not resolved to a person"]
    return facts


def spacy_facts(doc) -> list[Fact]:
    """Dates, places, countries and trigger words from an annotated spaCy `Doc`."""
    facts: list[Fact] = []
    groups = (("dates", "date", "date"), ("places", "place", "place"), ("countries", "country", "country"),
              ("triggers", "trigger", "trigger"))
    for group, kind, word in groups:
        for n, span in enumerate(doc.spans[group] if group in doc.spans else []):
            if kind == "trigger":
                label = f"trigger: {span.text} ({span.label_})"
            elif kind in ("place", "country"):
                label = f"{word}: {span.id_ or span.text}" + (f" ({span.kb_id_})" if span.kb_id_ else "")
            else:
                label = f"date: {span.text}"
            facts.append(Fact(f"{kind[0]}{kind[1]}{n}", kind, span.start_char, span.end_char, label))
    return facts


@lru_cache(maxsize=64)
def _cached_spacy_facts(nlp, text: str) -> tuple[Fact, ...]:
    from readouts.extract.engine import plain_spaces  # the extractor's own view of the text: same offsets

    return tuple(spacy_facts(nlp(plain_spaces(text))))


def pipeline_facts(nlp, text: str) -> list[Fact]:
    """`spacy_facts` of `text` run through `nlp` (a spaCy `Language`), cached for the last 64 texts."""
    return list(_cached_spacy_facts(nlp, text))
