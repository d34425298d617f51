"""The same person across documents: "Vikram Misri", "Foreign Secretary Misri", "FS Misri", "Mr. Misri".

Names are compared on their normalised words: accents folded, honorifics,
initials and suffixes (Jr., III) dropped, and every word replaced by the key
form of its row in `data/name_variants.tsv` (Joe is Joseph, Sergei is
Sergey, Zelensky is Zelenskyy), so "Joseph R. Biden Jr." and "Joe Biden" have
one key. A surname-only form joins a fuller name only when the side agrees
(or one side is unknown) and only one candidate fits. Two people who share a
surname stay apart when their countries or offices disagree. Fuzzy spelling
matches (rapidfuzz) are tried only among candidates of the same country and
surname.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, utils

PARTICLES = frozenset("bin bint binti ibn al el de da di del della der den van von la le du dos das y ben abu".split())
HONORIFICS = frozenset("mr mrs ms dr prof h.e sheikh dato datuk tan hon sir dame lord lady".split())
SUFFIXES = frozenset("jr sr ii iii iv".split())


@cache
def name_variants() -> dict[str, str]:
    """Each variant form of a name word, and each key form itself, mapped to the key form.

    Read once from `readouts/data/name_variants.tsv` ("joseph<TAB>joe|joey").

    >>> name_variants()["sergei"], name_variants()["joe"]
    ('sergey', 'joseph')
    """
    text = resources.files("readouts").joinpath("data", "name_variants.tsv").read_text(encoding="utf-8")
    variants: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, forms = line.partition("\t")
        key = _fold(key.strip())
        variants[key] = key
        for form in forms.split("|"):
            if form.strip():
                variants.setdefault(_fold(form.strip()), key)
    return variants


@cache
def leading_titles() -> frozenset[str]:
    """Words dropped from the start of a name (`readouts/data/name_titles.txt`): "president", "minister"."""
    text = resources.files("readouts").joinpath("data", "name_titles.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def _words(name: str) -> list[str]:
    plain = _fold(name)
    words = [w.strip(".,'’") for w in re.split(r"[\s\-]+", plain)]
    words = [w for w in words if w and len(w) > 1 and w not in PARTICLES and w not in HONORIFICS
             and w not in SUFFIXES]
    titles = leading_titles()
    while len(words) > 1 and words[0] in titles:  # "President Biden": title debris, not a name
        words = words[1:]
    variants = name_variants()
    return [variants.get(w, w) for w in words]


def name_key(name: str) -> str:
    """Sorted name words: the same for "Hayashi Yoshimasa" and "Yoshimasa Hayashi".

    >>> name_key("H.E. Dr. S. Jaishankar")
    'jaishankar'
    """
    return " ".join(sorted(set(_words(name))))


def surname_key(name: str) -> str:
    """The last name word ("misri"); for one-word names, that word."""
    words = _words(name)
    return words[-1] if words else ""


def handle_for(name: str, country: str | None) -> str:
    """A readable, stable identifier: "vikram-misri-ind"."""
    words = "-".join(_words(name)) or "person"
    return f"{words}-{(country or 'xxx').lower()}"[:190]


@dataclass
class PersonCandidate:
    """A stored person as resolution sees it: name forms, sides and offices as the documents gave them."""

    id: int
    country: str | None
    keys: set[str] = field(default_factory=set)
    seen_countries: set[str] = field(default_factory=set)  # as the documents gave them
    titles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    votes: Counter = field(default_factory=Counter)  # country -> documents that gave it
    mentions: int = 0  # documents in which the person is named
    first: date | None = None
    last: date | None = None
    fixed: bool = False  # the country was set by an analyst
    name: str = ""  # the person's name as the knowledge base shows it


@dataclass(frozen=True)
class Mention:
    """One document's account of a person, with the context resolution may weigh."""

    name: str
    country: str | None = None
    title: str | None = None
    published: date | None = None
    context: frozenset[str] = frozenset()  # every country the document's actors and events name


PERIOD_DAYS = 4 * 366  # a surname alone never joins somebody last seen more than four years away


def country_by_evidence(votes: Counter, fixed: str | None = None) -> str | None:
    """The side a person represents: an analyst's choice, else the country most documents give.

    Ties go to the country seen first (the Counter's insertion order).

    >>> country_by_evidence(Counter({"QAT": 1, "RUS": 9, "IDN": 1}))
    'RUS'
    """
    if fixed:
        return fixed
    ranked = [(n, -i, c) for i, (c, n) in enumerate(votes.items()) if c and n > 0]
    return max(ranked)[2] if ranked else None


def _side(country: str | None, candidate: PersonCandidate) -> str:
    """"same", "unknown" (one side missing) or "different"."""
    if country is None or candidate.country is None:
        return "unknown"
    if country == candidate.country or (country in candidate.seen_countries and not candidate.fixed):
        return "same"
    return "different"


def _head(title: str) -> str:
    """The office noun: "minister" in "Minister of External Affairs" and in "Foreign Minister"."""
    first = re.split(r"\s+(?:of|for|to)\s+", title.lower())[0]
    return first.replace("/", " ").split()[-1] if first.split() else ""


def _compatible_title(title: str | None, titles: set[str]) -> bool:
    if not title or not titles:
        return True
    head = _head(title)
    return any(head == _head(t) or title.lower() in t.lower() or t.lower() in title.lower() for t in titles)


def _near_in_time(published: date | None, candidate: PersonCandidate) -> bool:
    if published is None or candidate.first is None or candidate.last is None:
        return True
    return (candidate.first - published).days <= PERIOD_DAYS and (published - candidate.last).days <= PERIOD_DAYS


def _name_fit(words: set[str], surname: str, candidate: PersonCandidate) -> str | None:
    """How the name fits the candidate's forms: "exact", "shorter", "longer", or None.

    A full name never fits a person whose own full name disagrees ("Jill Biden" is not the
    "Biden" who is "Joseph R. Biden Jr."), even where that person was also named by surname alone.
    """
    own = set(name_key(candidate.name).split()) if candidate.name else set()
    if len(words) > 1 and len(own) > 1 and not (own <= words or words <= own):
        return None
    for k in candidate.keys:
        if set(k.split()) == words:
            return "exact"
    for k in candidate.keys:
        other = set(k.split())
        if len(words) == 1 and words < other and next(iter(words)) in candidate.surnames:
            return "shorter"  # "Misri" after "Vikram Misri"; "Kishida" after "Kishida Fumio"
        if len(other) == 1 and other < words and next(iter(other)) == surname:
            return "longer"  # "Vikram Misri" after "Misri"
        if len(words) > 1 and len(other) > 1 and (words < other or other < words):
            return "longer" if other < words else "shorter"  # "Recep Erdogan" ~ "Recep Tayyip Erdogan"
    return None


ESTABLISHED = 3  # documents that must agree on a person's side before it outweighs a disagreeing one


def _outweighs(mention: Mention, candidate: PersonCandidate) -> bool:
    """True when the rest of the evidence outweighs the mention's disagreeing side (a weak country).

    Either the candidate's side is named in the same document (a Qatar briefing that also names
    Russia gives "Foreign Minister Lavrov" to Qatar), or at least three documents, and three
    times as many as give the mention's side, put the candidate on their side. An analyst's
    country is never outweighed.
    """
    if candidate.fixed or candidate.country is None:
        return False
    backing = candidate.votes.get(candidate.country, 0)
    against = candidate.votes.get(mention.country, 0)
    if candidate.country in mention.context and backing > against:
        return True
    return backing >= ESTABLISHED and backing >= 3 * max(against, 1)


def _most_documented(fits: list[PersonCandidate]) -> PersonCandidate:
    """The candidate named in the most documents; the oldest of equals."""
    return min(fits, key=lambda c: (-c.mentions, c.id))


def resolve_mention(mention: Mention, candidates: list[PersonCandidate]) -> int | None:
    """The id of the candidate this mention refers to, or None for a new person.

    A name fits a candidate exactly (after variants and name order), as a shorter form
    ("Biden", "President Biden" for "Joseph R. Biden Jr."), or as a longer one. It then joins a
    candidate of the same side, or one whose side is unknown or whose side is unknown here. A
    candidate of another side is joined only when the full name is the same and the two were
    seen in the same period, or when the office agrees and the rest of the evidence outweighs
    this document's side (`_outweighs`: a weak country); otherwise the namesakes stay apart.
    Among several fits, the same side wins, then a compatible office, then an exact name, then
    the candidate named in the most documents.
    """
    key = name_key(mention.name)
    if not key:
        return None
    words = set(key.split())
    surname = surname_key(mention.name)
    fits: list[tuple[PersonCandidate, str, str]] = []
    for candidate in candidates:
        fit = _name_fit(words, surname, candidate)
        if fit is None:
            continue
        side = _side(mention.country, candidate)
        titled = _compatible_title(mention.title, candidate.titles)
        if fit != "exact" and not titled:
            continue  # "Khan" the ambassador is not "Ahmed Khan" the minister
        if fit == "shorter" and not _near_in_time(mention.published, candidate):
            continue  # "President Roosevelt" in 2022 is not a 1940s full name
        if side == "different":
            same_full_name = fit == "exact" and len(words) > 1 and _near_in_time(mention.published, candidate)
            if not (same_full_name or (titled and mention.title and _outweighs(mention, candidate))):
                continue
        fits.append((candidate, fit, side))
    if any(side == "same" for _, _, side in fits):  # a namesake of this side: the others stay apart
        fits = [f for f in fits if f[2] != "different" or f[1] == "exact"]
    if not fits:
        return _fuzzy(mention, candidates)
    if len(fits) == 1:
        return fits[0][0].id
    for narrowed in ([f for f in fits if f[2] == "same"],
                     [f for f in fits if f[2] == "same" and _compatible_title(mention.title, f[0].titles)],
                     [f for f in fits if f[1] == "exact"],
                     [f for f in fits if f[2] != "different"]):
        if len(narrowed) == 1:
            return narrowed[0][0].id
    # No side or office tells them apart: the weight of evidence, never a new node for a bare "Putin"
    agreeing = [f[0] for f in fits if f[2] != "different"]
    return _most_documented(agreeing).id if agreeing else None


def _fuzzy(mention: Mention, candidates: list[PersonCandidate]) -> int | None:
    """A spelling variant ("Zelenskyy" ~ "Zelenskky"), only among candidates of the same side."""
    if mention.country is None:
        return None
    fuzzy = []
    for c in candidates:
        if c.country != mention.country:
            continue
        score = max((fuzz.token_sort_ratio(mention.name, n, processor=utils.default_process) for n in c.names),
                    default=0)
        if score >= 90 and _compatible_title(mention.title, c.titles):
            fuzzy.append(c)
    return fuzzy[0].id if len(fuzzy) == 1 else None


def match_person(name: str, country: str | None, title: str | None,
                 candidates: list[PersonCandidate]) -> int | None:
    """The id of the candidate this mention refers to, or None for a new person (no context)."""
    return resolve_mention(Mention(name=name, country=country, title=title), candidates)
