"""A silver set from release titles: what a title says happened, as an expected record.

U.S. Department of State titles state their engagement in a small grammar:
"Secretary Blinken's Call with Ukrainian Foreign Minister Kuleba", "Deputy
Secretary Sherman's Meeting with President Tebboune of Algeria", "Under
Secretary Nuland's Travel to Morocco", "Secretary Antony J. Blinken and
Albanian Prime Minister Edi Rama Before Their Meeting". `parse_title` reads
one title into a `SilverRecord` (principal, counterpart, their countries, the
kind of engagement) or None when the title states no engagement with a named
counterpart or a foreign destination; `silver_hits` checks an `Extraction`
against a record. The words of the grammar live in `data/silver_titles.yaml`,
countries and organisations in the project's tables (`readouts.domain`).

This module never runs the extractor and does not read the corpus: the
commands in `scripts/` and `benchmarks/` do.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from readouts.domain import Domain, load_domain
from readouts.errors import ReadoutsError
from readouts.evaluate import name_tokens
from readouts.schema import Extraction

KINDS = ("call", "meeting", "visit", "other")
# The event types that count as finding each kind: a call as a call, in-person kinds together.
KIND_FAMILIES: dict[str, frozenset[str]] = {
    "call": frozenset({"call"}),
    "meeting": frozenset({"meeting", "talks", "visit", "roundtable", "dialogue", "summit", "signing"}),
    "visit": frozenset({"visit", "meeting", "talks", "roundtable", "dialogue", "summit", "signing"}),
    "other": frozenset({"meeting", "talks", "visit", "roundtable", "dialogue", "summit", "signing", "call", "other"}),
}
APOSTROPHES = str.maketrans({"'": "’", "‘": "’"})


@dataclass
class Person:
    """A person as a title names them: office words, name, the side they represent."""

    name: str
    surname: str
    office: str
    country: str | None


@dataclass
class SilverRecord:
    """What a title says: who (USA) engaged with whom (of which country), and how."""

    id: str
    title: str
    kind: str
    principal: str
    principal_office: str
    principal_country: str
    counterpart: str | None
    counterpart_surname: str | None
    counterpart_office: str | None
    counterpart_country: str | None
    counterparts: list[dict[str, Any]] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    transcript: bool = False

    def to_json(self) -> str:
        """One line of the silver JSONL file."""
        return json.dumps(asdict(self), ensure_ascii=False)


@cache
def grammar() -> dict[str, Any]:
    """The title grammar's words (`data/silver_titles.yaml`), read once."""
    text = resources.files("readouts").joinpath("data", "silver_titles.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# ---------------------------------------------------------------------------
# Title forms


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    """Compiled title forms, most specific first: (form name, pattern)."""
    g = grammar()
    nouns = sorted({w for ws in g["kinds"].values() for w in ws}, key=len, reverse=True)
    noun = "|".join(re.escape(w) for w in nouns)
    endings = "|".join(re.escape(e) for e in g["meeting_endings"])
    others = "|".join(re.escape(w) for w in sorted(g["other_verbs"], key=len, reverse=True))
    return [
        # "Secretary Antony J. Blinken and Albanian Prime Minister Edi Rama Before Their Meeting"
        # (also "Secretary Antony J. Blinken With Costa Rican Foreign Minister ..., and ... Before Their Meeting")
        ("ending", re.compile(rf"^(?P<lead>.+?)\s+(?:and|And|with|With)\s+(?P<rest>.+?)\s+(?i:{endings})\s*$")),
        # "Secretary Blinken’s Call with ...", "Under Secretary Nuland’s Travel to Morocco"
        ("possessive", re.compile(rf"^(?P<lead>.+?)(?:’s|’)\s+(?P<noun>{noun})\s+(?:[Ww]ith|[Tt]o)\s+(?P<rest>.+)$")),
        # "Secretary Blinken Meeting with ...", "Assistant Secretary Bitter Travels to ...", "... Visits Djibouti"
        ("verb", re.compile(rf"^(?P<lead>.+?)\s+(?P<noun>{noun})\s+(?:(?:[Ww]ith|[Tt]o)\s+)?(?P<rest>(?:the\s+)?[A-Z].+)$")),
        # "Travel of Special Representative for the DPRK Kim to Seoul"
        ("travel-of", re.compile(r"^(?P<noun>Travel|Trip|Visit) of (?P<lead>.+?) to (?P<rest>.+)$")),
        # "Secretary Blinken to Co-Host Virtual Global Action Plan Ministerial with Foreign Minister Hayashi of Japan"
        ("other", re.compile(rf"^(?P<lead>.+?)\s+(?:[Tt]o\s+)?(?P<noun>{others})\s+.*?\s[Ww]ith\s+(?P<rest>.+)$")),
    ]


def kind_of(noun: str) -> str:
    """The kind of engagement a title's noun or verb states.

    >>> kind_of("Trilateral Call"), kind_of("Meetings"), kind_of("Travels")
    ('call', 'meeting', 'visit')
    """
    for kind, words in grammar()["kinds"].items():
        if noun in words:
            return kind
    return "other"


def is_transcript(title: str) -> bool:
    """True for a briefing, interview, remarks or press-availability transcript, from its title.

    >>> is_transcript("Department Press Briefing – July 28, 2022")
    True
    >>> is_transcript("Secretary Blinken’s Call with Estonian Foreign Minister Reinsalu")
    False
    """
    rule = grammar()["transcript"]
    lowered = title.casefold()
    return any(w in lowered for w in rule["contains"]) or title.strip().startswith(tuple(rule["starts"]))


def _principal_office(lead: str) -> str | None:
    """The Department office a title's lead phrase starts with, or None (not one of ours)."""
    lead = re.sub(r"^(?:U\.S\.|The|the)\s+", "", lead)
    for office in sorted(grammar()["principal_offices"], key=len, reverse=True):
        if lead == office or lead.startswith(office + " "):
            return office
    return None


def parse_title(title: str, document_id: str = "") -> SilverRecord | None:
    """The engagement a title states, or None when it states none we can check.

    >>> r = parse_title("Secretary Blinken’s Call with Ukrainian Foreign Minister Kuleba")
    >>> r.kind, r.principal, r.counterpart, r.counterpart_country
    ('call', 'Blinken', 'Kuleba', 'UKR')
    """
    record, _ = explain_title(title, document_id)
    return record


def explain_title(title: str, document_id: str = "") -> tuple[SilverRecord | None, str]:
    """Like `parse_title`, with the reason a title was left out ("" when it was parsed)."""
    clean = re.sub(r"\s+", " ", title.translate(APOSTROPHES)).strip()
    clean = re.sub(r"^[A-Z][A-Z -]+:\s*", "", clean)  # "ON-THE-RECORD BRIEFING: Secretary Blinken’s ..."
    for prefix in grammar()["title_prefixes"]:  # "Readout of Ambassador Hussain’s Trip to Bangladesh"
        clean = clean.removeprefix(prefix)
    for form, pattern in _patterns():
        match = pattern.match(clean)
        if not match:
            continue
        lead = re.sub(r"\s+(?:Before|After)\s+(?:His|Her)$", "", match.group("lead"))
        if re.search(r"\s(?:[Oo]n|at|At|Remarks|Deliver)(?:\s|$)", lead):  # "... Lempert On the Secretary’s Travel"
            continue
        office = _principal_office(lead)
        if office is None:
            continue
        kind = {"ending": "meeting", "other": "other"}.get(form) or kind_of(match.group("noun"))
        principals = parse_people(lead)
        # "The Secretary’s Meeting with ...": the office is all the title names
        principal = principals[0] if principals else Person(name=lead, surname="", office=office, country="USA")
        base = dict(id=document_id, title=title, kind=kind, principal=principal.name,
                    principal_office=principal.office or office, principal_country="USA",
                    transcript=is_transcript(title))
        if kind == "visit":
            destinations = destination_countries(match.group("rest"))
            foreign = [c for c in destinations if c != "USA"]
            if not foreign:
                return None, "travel with no foreign destination" if destinations else "travel to no known place"
            return SilverRecord(**base, counterpart=None, counterpart_surname=None, counterpart_office=None,
                                counterpart_country=foreign[0], destinations=foreign), ""
        people = [p for p in parse_people(match.group("rest")) if p.country != "USA"]
        if not people:
            return None, "no named counterpart"
        first = people[0]
        return SilverRecord(**base, counterpart=first.name, counterpart_surname=first.surname,
                            counterpart_office=first.office or None, counterpart_country=first.country,
                            counterparts=[asdict(p) for p in people]), ""
    return None, "no engagement form"


# ---------------------------------------------------------------------------
# People and places in a title phrase

TOKEN = re.compile(r"\([^)]*\)|[^\s,/]+|,")


@cache
def _office_words() -> frozenset[str]:
    d = load_domain()
    extra = {w.lower() for w in grammar()["office_words"]}
    return frozenset(d.office_heads) | d.office_modifiers | d.office_complement_words | extra


def _is_office_word(token: str, domain: Domain) -> bool:
    if token in domain.abbreviations:
        return True
    parts = token.lower().strip(".").split("-")
    return all(p in _office_words() for p in parts if p)


def _side_at(tokens: list[str], i: int, domain: Domain) -> tuple[int, str | None, bool] | None:
    """The longest country or organisation form starting at token i: (tokens it spans, ISO3, is a country)."""
    for j in range(min(len(tokens), i + 8), i, -1):
        if "," in tokens[i:j]:
            continue
        phrase = " ".join(tokens[i:j])
        for form in (phrase, phrase.removeprefix("the ")):
            iso3 = domain.country_of(form)
            if iso3:
                return j - i, iso3, True
            org = domain.organizations.get(form)
            if org is not None:
                return j - i, org.iso3, False
        if "-" in phrase and j == i + 1:  # "Germany-hosted", "U.S.-Afghan": no side of its own
            continue
    return None


def _particles_then_name(tokens: list[str], i: int, particles: set[str], domain: Domain) -> bool:
    """True when the particles from token i lead to a name word ("Political Director van der Plas")."""
    j = i
    while j < len(tokens) and tokens[j].lower() in particles:
        j += 1
    return j < len(tokens) and tokens[j][:1].isupper() and not _is_office_word(tokens[j], domain)


def _place_at(tokens: list[str], i: int, domain: Domain) -> tuple[int, str, bool] | None:
    """The longest known place (`places.tsv`) starting at token i: (tokens it spans, its country's ISO3, False)."""
    for j in range(min(len(tokens), i + 4), i, -1):
        place = domain.places.get(" ".join(tokens[i:j]))
        if place is not None:
            return j - i, place.iso3, False
    return None


def parse_people(phrase: str) -> list[Person]:
    """The named people of a title phrase, each with office and country (groups dropped).

    >>> [(p.name, p.office, p.country) for p in parse_people("Kosovan President Osmani and Prime Minister Kurti")]
    [('Osmani', 'President', 'XKX'), ('Kurti', 'Prime Minister', 'XKX')]
    """
    domain = load_domain()
    g = grammar()
    particles = set(g["name_particles"])
    suffixes = set(g["name_suffixes"])
    groups = set(g["group_nouns"])
    tokens = TOKEN.findall(phrase)
    people: list[Person] = []
    office: list[str] = []
    name: list[str] = []
    country: str | None = None
    group = False
    shared_country: str | None = None  # "Kosovan President Osmani and Prime Minister Kurti"

    def close() -> None:
        nonlocal office, name, country, group
        # a "name" with a room, body or treaty word is no person ("Nuclear Non-Proliferation Treaty")
        if name and not group and name[-1].lower() not in groups and non_person_reason(" ".join(name)) is None:
            people.append(Person(name=" ".join(name), surname=surname_of(" ".join(name)),
                                 office=" ".join(w for w in office if w != ","), country=country or shared_country))
        office, name, country, group = [], [], None, False

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if name:  # inside a name: it goes on, ends a person ("and", ","), or the trailer starts
            if token.lower() in domain.office_heads and token[:1].isupper():
                # "OECD Secretary General Cormann", "Interim President Guaidó": what looked like
                # a name was a qualifier of the office that follows
                office.extend(name + [token])
                name, group = [], False
            elif (token in suffixes or token.lower() in particles or token.split("-")[0].lower() in particles
                    or (token[:1].isupper() and token != "And")):
                if token.lower() in groups:
                    group = True
                name.append(token)
            elif token == "," and i + 1 < len(tokens) and tokens[i + 1] in suffixes:
                pass
            elif token.startswith("("):  # "Treaty (NPT) Non-Nuclear States Parties": an acronym, read on
                pass
            elif token in ("and", "And", ","):
                shared = country
                close()
                shared_country = shared_country or shared
                if i + 1 < len(tokens) and tokens[i + 1] == "and":
                    i += 1
            else:
                close()
                _trailer(tokens[i:], people, domain)
                return [_drop_side_words(p) for p in people]
            i += 1
            continue
        side = _side_at(tokens, i, domain)
        if side is None and i and tokens[i - 1] == "of":  # "Crown Prince of Abu Dhabi Sheikh Mohammed bin Zayed"
            side = _place_at(tokens, i, domain)
        if side is not None:
            span, iso3, is_country = side
            if country is None:
                country = iso3
            if office or not is_country:  # a leading country is the person's side, not part of the office
                office.extend(tokens[i:i + span])
            i += span
            continue
        starts_name = token.lower() in particles and _particles_then_name(tokens, i, particles, domain)
        if starts_name:
            name.append(token)
        elif (token.startswith("(") or not token[:1].isupper() or _is_office_word(token, domain)
                or (len(token) > 1 and token.isupper() and token.isalpha())):  # "OAS", "DFAT": an organisation
            if token[:1].isupper():  # the last office word decides: "Council President" is one person
                group = token.lower() in groups
            office.append(token)
        else:
            name.append(token)
        i += 1
    close()
    return [_drop_side_words(p) for p in people]


def _drop_side_words(person: Person) -> Person:
    """Office text without a leading "the"; a counterpart of no country whose office is a
    "... Secretary" of a U.S. department ("Homeland Security Secretary Mayorkas") is on the U.S. side."""
    words = person.office.split()
    while words and words[0].lower() == "the":
        words = words[1:]
    person.office = " ".join(words)
    if person.country is None and words and words[-1] == "Secretary":
        person.country = "USA"
    return person


def _trailer(tokens: list[str], people: list[Person], domain: Domain) -> None:
    """"... President Tebboune of Algeria": the country written after the name, when none was before."""
    if len(tokens) >= 2 and tokens[0] == "of" and people and people[-1].country is None:
        side = _side_at(tokens, 1, domain)
        if side is not None:
            people[-1].country = side[1]


def surname_of(name: str) -> str:
    """The token a person is matched on: the last word of the name, suffixes dropped.

    >>> surname_of("Marcos, Jr."), surname_of("Al-Busaidi"), surname_of("King Abdullah II")
    ('marcos', 'busaidi', 'abdullah')
    """
    suffixes = {s.lower().strip(".") for s in grammar()["name_suffixes"]}
    tokens = [t for t in name_tokens(name) if t not in suffixes]
    return tokens[-1] if tokens else ""


def destination_countries(phrase: str) -> list[str]:
    """The countries of a travel title's destinations, in order, purposes after "for"/"to" dropped.

    >>> destination_countries("Cambodia, the Philippines, South Africa, and Rwanda")
    ['KHM', 'PHL', 'ZAF', 'RWA']
    """
    domain = load_domain()
    phrase = re.split(r"\s+(?:for|to|To|on|On|To|in Support|and the Region)\s+|:", phrase)[0]
    found: list[str] = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase):
        part = part.strip().removeprefix("the ").strip()
        iso3 = domain.country_of(part)
        if iso3 is None and part in domain.places:
            iso3 = domain.places[part].iso3
        if iso3 is None:
            words = part.split()
            for j in range(len(words), 0, -1):  # "New York City" → a known place "New York"
                head = " ".join(words[:j])
                iso3 = domain.country_of(head) or (domain.places[head].iso3 if head in domain.places else None)
                if iso3:
                    break
        if iso3 in grammar()["not_destinations"]:
            continue
        if iso3 and iso3 not in found:
            found.append(iso3)
    return found


# ---------------------------------------------------------------------------
# Checking an extraction against a record


@dataclass(frozen=True)
class SilverHit:
    """Whether an extraction has the engagement a title states, and the counterpart's country."""

    found: bool
    country_right: bool | None  # None when not found or the record has no counterpart country


def silver_hit(record: SilverRecord, extraction: Extraction) -> SilverHit:
    """Check one extraction against its record.

    A call or meeting is found when an event of the kind's family (a call as a call, a
    meeting, talks or visit as in-person) has a participant whose name holds the
    counterpart's surname (the project's name normalisation); its country is right when
    that actor's country is the record's. A visit is found when a visit or in-person event
    takes place in (or is hosted by) one of the destinations.
    """
    family = KIND_FAMILIES[record.kind]
    actors = {a.id: a for a in extraction.actors}
    events = [e for e in extraction.events if e.type in family]
    if record.kind == "visit":
        wanted = set(record.destinations)
        for event in events:
            where = {event.host_country, event.location.country if event.location else None}
            if wanted & where:
                return SilverHit(True, None)
        return SilverHit(False, None)
    for event in events:
        for actor_id in [*event.participants, *event.visitors]:
            actor = actors.get(actor_id)
            if actor is None:
                continue
            tokens = set(name_tokens(actor.name))
            for person in record.counterparts:
                if person.get("surname") and person["surname"] in tokens:
                    country = person.get("country")
                    return SilverHit(True, None if country is None else actor.country == country)
    return SilverHit(False, None)


def read_silver(path: str | Path) -> list[SilverRecord]:
    """Read a silver JSONL file (as `scripts/silver_titles.py` writes it).

    Raises `ReadoutsError` E001 if the file does not exist, E075 on a line that is not a record.
    """
    source = Path(path)
    if not source.is_file():
        raise ReadoutsError("E001", path=str(source))
    records = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(SilverRecord(**json.loads(line)))
        except (ValueError, TypeError) as exc:
            raise ReadoutsError("E075", path=str(source), line=number, reason=str(exc).splitlines()[0]) from None
    return records


# ---------------------------------------------------------------------------
# Signs of phantom facts in a stream (benchmarks/stream_precision.py)


def non_person_reason(name: str) -> str | None:
    """Why an extracted person's name looks like no person's, or None.

    A name with a room, building, body, month or weekday word (`non_person_words`), a
    digit, or a single word that is a country, demonym, organisation or place.

    >>> non_person_reason("Benjamin Franklin Room"), non_person_reason("Ukraine"), non_person_reason("Dmytro Kuleba")
    ('word: Room', 'single word: country', None)
    """
    domain = load_domain()
    words = name.split()
    if any(c.isdigit() for c in name):
        return "digit"
    flagged = set(grammar()["non_person_words"])
    for word in words:
        if word.strip(".,’'") in flagged:
            return f"word: {word.strip('.,’')}"
    if len(words) == 1:
        word = words[0]
        if domain.country_of(word):
            return "single word: country"
        if word in domain.organizations:
            return "single word: organisation"
        if word in domain.places:
            return "single word: place"
    return None


def title_class(title: str | None, document_id: str = "") -> str:
    """"engagement" (the title states one: `parse_title`), "transcript" (`is_transcript`) or "other".

    >>> title_class("Department Press Briefing – July 28, 2022"), title_class("Peru’s Independence Day")
    ('transcript', 'other')
    """
    if not title:
        return "other"
    if parse_title(title, document_id) is not None and not is_transcript(title):
        return "engagement"
    return "transcript" if is_transcript(title) else "other"
