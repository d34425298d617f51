"""The same person across documents: "Vikram Misri", "Foreign Secretary Misri", "FS Misri", "Mr. Misri".

Names are compared on their normalised words; a surname-only form joins a
fuller name only when the side agrees and only one candidate fits. Two
people who share a surname stay apart when their countries or offices
disagree. Fuzzy spelling matches (rapidfuzz) are tried only among
candidates of the same country and surname.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

PARTICLES = frozenset("bin bint binti ibn al el de da di del della der den van von la le du dos das y ben abu".split())
HONORIFICS = frozenset("mr mrs ms dr prof h.e sheikh dato datuk tan hon sir dame lord lady".split())


def _words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w.strip(".,'’") for w in re.split(r"[\s\-]+", plain)]
    return [w for w in words if w and len(w) > 1 and w not in PARTICLES and w not in HONORIFICS]


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
    id: int
    country: str | None
    keys: set[str] = field(default_factory=set)
    seen_countries: set[str] = field(default_factory=set)  # as the documents gave them
    titles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)


def _compatible_country(a: str | None, candidate: PersonCandidate) -> bool:
    """Same side, by the person's (possibly corrected) country or any country a document gave them."""
    return a is None or candidate.country is None or a == candidate.country or a in candidate.seen_countries


def _head(title: str) -> str:
    """The office noun: "minister" in "Minister of External Affairs" and in "Foreign Minister"."""
    first = re.split(r"\s+(?:of|for|to)\s+", title.lower())[0]
    return first.replace("/", " ").split()[-1] if first.split() else ""


def _compatible_title(title: str | None, titles: set[str]) -> bool:
    if not title or not titles:
        return True
    head = _head(title)
    return any(head == _head(t) or title.lower() in t.lower() or t.lower() in title.lower() for t in titles)


def match_person(name: str, country: str | None, title: str | None,
                 candidates: list[PersonCandidate]) -> int | None:
    """The id of the candidate this mention refers to, or None for a new person."""
    key = name_key(name)
    if not key:
        return None
    words = set(key.split())
    if len(words) == 1:
        # "Kuleba" is "Dmytro Kuleba" when exactly one fuller name with that surname fits
        fuller = [c for c in candidates if any(len(k.split()) > 1 for k in c.keys) and key in c.surnames
                  and _compatible_country(country, c) and title and c.titles and _compatible_title(title, c.titles)]
        if len(fuller) == 1:
            return fuller[0].id
    exact = [c for c in candidates if key in c.keys and _compatible_country(country, c)]
    if len(exact) == 1:
        return exact[0].id
    if len(exact) > 1:
        same = [c for c in exact if c.country == country and _compatible_title(title, c.titles)]
        return same[0].id if len(same) == 1 else None
    # A shorter form joins a fuller one ("Misri" ~ "Vikram Misri"), never on a first name alone, and
    # only when both sides are known to agree: namesakes ("Joe Biden", "Jill Biden") stay apart.
    partial = []
    for c in candidates:
        if country is None or c.country is None or not _compatible_country(country, c):
            continue
        if not _compatible_title(title, c.titles):
            continue
        for k in c.keys:
            other = set(k.split())
            if words < other and len(words) == 1 and next(iter(words)) in c.surnames:
                partial.append(c)  # "Misri" after "Vikram Misri"
                break
            if other < words and len(other) == 1 and next(iter(other)) == surname_key(name) \
                    and title and c.titles:
                partial.append(c)  # "Vikram Misri" after "Foreign Secretary Misri"
                break
            if len(words) > 1 and len(other) > 1 and (words < other or other < words):
                partial.append(c)  # "Antony J. Blinken" ~ "Antony Blinken"
                break
    if len(partial) == 1:
        return partial[0].id
    if country is None:
        return None
    fuzzy = []
    for c in candidates:
        if c.country != country:
            continue
        score = max((fuzz.token_sort_ratio(name, n, processor=utils.default_process) for n in c.names), default=0)
        if score >= 90 and _compatible_title(title, c.titles):
            fuzzy.append(c)
    return fuzzy[0].id if len(fuzzy) == 1 else None
