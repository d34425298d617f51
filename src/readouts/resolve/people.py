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
def name_variants() -> dict[str, tuple[str, str]]:
    """Each variant form of a name word, and each key form itself: (key form, kind).

    Read once from `readouts/data/name_variants.tsv` ("joseph<TAB>joe|joey<TAB>given"); kind
    "given" folds the word only in a name of several words, "any" everywhere.

    >>> name_variants()["sergei"], name_variants()["joe"]
    (('sergey', 'any'), ('joseph', 'given'))
    """
    text = resources.files("readouts").joinpath("data", "name_variants.tsv").read_text(encoding="utf-8")
    variants: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, forms, kind = (line.split("\t") + ["", "any"])[:3]
        key = _fold(key.strip())
        variants[key] = (key, kind.strip() or "any")
        for form in forms.split("|"):
            if form.strip():
                variants.setdefault(_fold(form.strip()), (key, kind.strip() or "any"))
    return variants


@cache
def leading_titles() -> frozenset[str]:
    """Words dropped from the start of a name (`readouts/data/name_titles.txt`): "president", "minister"."""
    text = resources.files("readouts").joinpath("data", "name_titles.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def not_person_endings() -> frozenset[str]:
    """Last words that make a name a place or a body (`readouts/data/not_person_endings.txt`)."""
    text = resources.files("readouts").joinpath("data", "not_person_endings.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_person_name(name: str, text: str = "", places: frozenset[str] = frozenset(), titled: bool = False) -> bool:
    """False for what extraction took for a person but is not one, so it never becomes a person node:
    a name with a place or body noun after its first word ("John Quincy Adams Room", "Pride Month"),
    a name that is a country, place or organisation of `places` (lower-case forms) and has no office
    beside it (`titled`: "Foreign Minister Medina" is a person, a bare "Europe" is not), or a one-word
    name that the document's `text` also writes in lower case ("Today", "Challenges": a word).

    >>> is_person_name("Pride Month"), is_person_name("Today", "as we said today"), is_person_name("Biden")
    (False, False, True)
    """
    words = [w.strip(".,'’").lower() for w in re.split(r"\s+", name.strip()) if w.strip(".,'’")]
    if not words or not name_key(name):
        return False
    if any(w in not_person_endings() for w in words[1:]):  # "Benjamin Franklin Room Washington"
        return False
    if name.strip().lower() in places and not titled:
        return False
    if len(words) == 1 and text and re.search(rf"(?<![\w-]){re.escape(words[0])}(?![\w-])", text):
        return False  # case-sensitive: the lower-case word itself occurs in the text
    return True


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
    folded = []
    for w in words:
        key, kind = variants.get(w, (w, "any"))
        folded.append(key if kind == "any" or len(words) > 1 else w)  # "Ned" alone stays "ned"
    return folded


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
    first_words: set[str] = field(default_factory=set)  # first words of two-word names: maybe family names
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


# The kinds of country evidence (schema.CountrySource) that are inferences from the engagements, not
# the text's words about the person or the office-holder table.
INFERRED_SOURCES = frozenset({"visit-host", "delegation", "companion", "publisher"})


def side_by_evidence(strong: Counter, votes: Counter, fixed: str | None = None) -> str | None:
    """The side a person represents: an analyst's choice, else the country most documents give by
    the text or the office-holder table, else the country most documents give at all. A French
    official whom five documents call "French MFA Secretary General" stays French however many
    releases of another government gave him its country by inference.

    >>> side_by_evidence(Counter({"FRA": 2}), Counter({"USA": 9, "FRA": 2}))
    'FRA'
    >>> side_by_evidence(Counter(), Counter({"USA": 9, "FRA": 2}))
    'USA'
    """
    return fixed or country_by_evidence(strong) or country_by_evidence(votes)


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


def _name_fit(words: set[str], surname: str, candidate: PersonCandidate, titled: bool = True) -> str | None:
    """How the name fits the candidate's forms: "exact", "shorter", "longer", or None.

    A full name never fits a person whose own full name disagrees ("Jill Biden" is not the
    "Biden" who is "Joseph R. Biden Jr."), even where that person was also named by surname alone.
    A single word that is the first of a two-word name ("Kishida" of "Kishida Fumio", "Wang" of
    "Wang Yi") fits only with an office beside it ("Prime Minister Kishida"), never a bare "John";
    a full name fits a person known by surname alone with an office only when it has an office too.
    """
    own = set(name_key(candidate.name).split()) if candidate.name else set()
    if len(words) > 1 and len(own) > 1 and not (own <= words or words <= own):
        return None
    for k in candidate.keys:
        if set(k.split()) == words:
            return "exact"
    for k in candidate.keys:
        other = set(k.split())
        if len(words) == 1 and words < other:
            word = next(iter(words))
            if word in candidate.surnames or (titled and word in candidate.first_words):
                return "shorter"  # "Misri" after "Vikram Misri"; "Kishida" after "Kishida Fumio"
        if len(other) == 1 and other < words:
            word = next(iter(other))
            if (word == surname or len(words) == 2) and (titled or not candidate.titles):
                # "Vikram Misri" after "Misri"; "Kishida Fumio" after "PM Kishida"; but an untitled
                # "Jill Biden" never takes over the "President Biden" named by surname alone
                return "longer"
        if len(words) > 1 and len(other) > 1 and (words < other or other < words):
            return "longer" if other < words else "shorter"  # "Recep Erdogan" ~ "Recep Tayyip Erdogan"
    return None


ESTABLISHED = 3  # documents that must agree on a person's side before it outweighs a disagreeing one


def _outweighs(mention: Mention, candidate: PersonCandidate) -> bool:
    """True when the rest of the evidence outweighs the mention's disagreeing side (a weak country).

    Either the candidate's side is named in the same document (a Qatar briefing that also names
    Russia gives "Foreign Minister Lavrov" to Qatar), or at least three documents, and three
    times as many as give the mention's side, put the candidate on their side, or the
    candidate's own side is weak (given by fewer than three documents and by at most a quarter
    of the documents naming them: a "President Putin" given to Ukraine once in 25). An analyst's
    country is never outweighed.
    """
    if candidate.fixed or candidate.country is None:
        return False
    backing = candidate.votes.get(candidate.country, 0)
    against = candidate.votes.get(mention.country, 0)
    if candidate.country in mention.context and backing > against:
        return True
    if backing < ESTABLISHED and 4 * backing <= candidate.mentions:
        return True  # the candidate's own side is weak: most of its documents gave none
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
        fit = _name_fit(words, surname, candidate, titled=bool(mention.title))
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


@dataclass
class MergeSuggestion:
    """Two stored people who may be one, with the evidence for and against, and a score (for minus against)."""

    keep: PersonCandidate  # the better documented of the two
    other: PersonCandidate
    score: int
    evidence_for: list[str] = field(default_factory=list)
    evidence_against: list[str] = field(default_factory=list)


def _titles_text(titles: set[str]) -> str:
    return ", ".join(sorted(titles)[:2]) + (" ..." if len(titles) > 2 else "")


def _best_spelling(a: PersonCandidate, b: PersonCandidate) -> float:
    return max((fuzz.token_sort_ratio(x, y, processor=utils.default_process) for x in a.names for y in b.names),
               default=0.0)


def weigh_pair(a: PersonCandidate, b: PersonCandidate, together: int = 0) -> MergeSuggestion | None:
    """Whether two stored people are likely one, as a suggestion with its evidence; None when the names
    do not fit at all. `together`: documents that name both (two people side by side are two people).

    >>> joe = PersonCandidate(1, "USA", keys={"biden joseph"}, names={"Joe Biden"}, titles={"President"},
    ...                       mentions=9, name="Joe Biden")
    >>> bare = PersonCandidate(2, None, keys={"biden"}, names={"Biden"}, surnames={"biden"}, mentions=1,
    ...                        name="Biden")
    >>> s = weigh_pair(joe, bare)
    >>> s.keep.id, s.score, s.evidence_for
    (1, 3, ['"Biden" is a shorter form of "Joe Biden"', 'side unknown for one of them'])
    """
    if a.mentions < b.mentions or (a.mentions == b.mentions and a.id > b.id):
        a, b = b, a
    score, pro, con = 0, [], []
    spelling = _best_spelling(a, b)
    if a.keys & b.keys:
        score += 3
        pro.append(f'the same name once variants are folded ("{a.name}", "{b.name}")')
    elif any(_name_fit(set(k.split()), surname_key(b.name), a) for k in b.keys) \
            or any(_name_fit(set(k.split()), surname_key(a.name), b) for k in a.keys):
        short, full = sorted((a.name, b.name), key=lambda n: len(name_key(n).split()))
        if name_key(short) in (surname_key(full), name_key(full)) or len(name_key(short).split()) > 1:
            score += 2
            pro.append(f'"{short}" is a shorter form of "{full}"')
        else:
            score += 1
            pro.append(f'"{short}" is a given name of "{full}" (or its family name, written first)')
    elif spelling >= 85:
        score += 1
        pro.append(f"spelled alike ({spelling:.0f} of 100)")
    else:
        return None
    own_a, own_b = set(name_key(a.name).split()), set(name_key(b.name).split())
    if len(own_a) > 1 and len(own_b) > 1 and not (own_a <= own_b or own_b <= own_a) and spelling < 85:
        score -= 4
        con.append(f'different full names ("{a.name}", "{b.name}")')
    if a.country and b.country and a.country == b.country:
        score += 2
        pro.append(f"the same side ({a.country})")
    elif a.country is None or b.country is None:
        score += 1
        pro.append("side unknown for one of them")
    else:
        score -= 2
        con.append(f"different sides ({a.country} in {a.votes.get(a.country, 0)} documents, "
                   f"{b.country} in {b.votes.get(b.country, 0)})")
        shared = sorted((set(a.votes) & set(b.votes)) - {None})
        if shared:
            score += 1
            pro.append(f"some documents give both the side {', '.join(shared)}")
    if a.titles and b.titles:
        if any(_compatible_title(t, a.titles) for t in b.titles):
            score += 1
            pro.append(f"the same office ({_titles_text(a.titles & b.titles or a.titles)})")
        else:
            score -= 2
            con.append(f"different offices ({_titles_text(a.titles)} / {_titles_text(b.titles)})")
    if together:
        score -= 5
        con.append(f"named side by side in {together} document{'s' if together > 1 else ''}")
    if a.first and a.last and b.first and b.last:
        gap = max((b.first - a.last).days, (a.first - b.last).days)
        if gap > PERIOD_DAYS:
            score -= 3
            con.append(f"seen {gap // 365} years apart")
    return MergeSuggestion(keep=a, other=b, score=score, evidence_for=pro, evidence_against=con)
