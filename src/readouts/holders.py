"""Who held which office when: the office-holders table and a matcher over it.

`load_office_holders()` reads `readouts/data/office_holders.tsv` (heads of state,
heads of government, foreign ministers and heads of international bodies, with
their tenures); `OfficeHolders.match(name, on)` says which of them a written
name can mean on a date, so "Lavrov" in a 2022 release is Russia's foreign
minister. It does not look at text: finding names and titles is the nlp and
extract stages' job, and it never guesses between two people.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from readouts.errors import ReadoutsError

COLUMNS = ("country", "office", "title", "name", "variants", "start", "end", "source", "surname")
REQUIRED = ("country", "office", "title", "name", "start", "source")

# How far outside a recorded tenure a name still matches: press releases are
# dated on publication, and tables disagree by days on hand-over dates.
TOLERANCE = dt.timedelta(days=30)

# Generic ways texts name each office, besides the holder's own `title`
# ("Foreign Minister Wang" for China's "Minister of Foreign Affairs").
OFFICE_TITLES: dict[str, tuple[str, ...]] = {
    "head_of_state": ("head of state",),
    "head_of_government": ("head of government", "prime minister", "premier"),
    "foreign_minister": (
        "foreign minister", "minister of foreign affairs", "minister for foreign affairs",
        "foreign affairs minister", "minister of external affairs", "external affairs minister",
        "foreign secretary", "secretary of state", "fm",
    ),
    "org_head": ("secretary general", "head"),
}

# Words after a name that are not part of it ("Joseph R. Biden Jr.").
_SUFFIXES = frozenset({"jr", "sr", "junior", "senior"})
# Regnal and dynastic numbers ("Charles III", "Abdullah II"): part of a name, never a surname.
_NUMERALS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})
_FOLD = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss"})
_APOSTROPHES = re.compile(r"['’‘`´ʻ]")
_NON_WORD = re.compile(r"[^\w]+|_")
# Honorifics not in offices.yaml's list that appear before names in releases.
_EXTRA_HONORIFICS = (
    "the", "h h", "the honourable", "the honorable", "rt hon", "right honourable",
    "prince", "princess", "crown prince", "ayatollah",
)


@dataclass(frozen=True)
class Holder:
    """One person in one office for one tenure (one row of the table).

    `start` and `end` are the widest dates the row allows: "2019-05" starts on
    2019-05-01 and ends on 2019-05-31. `end` is None for an incumbent.
    """

    country: str
    office: str
    title: str
    name: str
    start: dt.date
    end: dt.date | None
    source: str
    variants: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()

    def covers(self, on: dt.date, tolerance: dt.timedelta = TOLERANCE) -> bool:
        """Whether the tenure, widened by `tolerance` both sides, includes `on`."""
        if on < self.start - tolerance:
            return False
        return self.end is None or on <= self.end + tolerance


def fold_words(text: str) -> list[str]:
    """Casefolded words of `text`, accents and punctuation dropped.

    >>> fold_words("Mevlüt Çavuşoğlu, H.E.")
    ['mevlut', 'cavusoglu', 'h', 'e']
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split()


@cache
def _honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorifics from offices.yaml as folded word tuples, longest first."""
    from readouts.domain import load_domain  # domain-level like this module; loaded lazily

    forms = {tuple(fold_words(h)) for h in (*load_domain().honorifics, *_EXTRA_HONORIFICS)}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's name that identify them, in written order.

    Leading honorifics and trailing suffixes go, and so do single letters
    (middle initials are optional when matching).

    >>> name_words("H.E. Mr. Joseph R. Biden, Jr.")
    ('joseph', 'biden')
    >>> name_words("Sheikh Abdullah bin Zayed Al-Nahyan")
    ('abdullah', 'bin', 'zayed', 'al', 'nahyan')
    """
    words = fold_words(name)
    stripped = True
    while stripped:
        stripped = False
        for honorific in _honorifics():
            if len(words) > len(honorific) and tuple(words[: len(honorific)]) == honorific:
                words = words[len(honorific):]
                stripped = True
                break
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return tuple(w for w in words if len(w) > 1 or w.isdigit())


def _default_surname(words: tuple[str, ...]) -> str | None:
    """The last word of a name that is not a regnal number."""
    for word in reversed(words):
        if word not in _NUMERALS:
            return word
    return None


# Words that make a title another office ("Vice President" is not "President").
_TITLE_MODIFIERS = frozenset({"vice", "deputy", "assistant", "under", "co", "former"})


def _title_fits(title: str, holder: Holder) -> bool:
    """Whether `title` ("President", "Foreign Minister") can name the holder's office.

    It fits when it is a generic name of the office, or its words are all in
    the holder's own title ("Commission President" and "President of the
    European Commission") with the same modifiers ("Vice President" fits
    only a vice president).
    """
    asked = fold_words(title)
    if not asked:
        return True
    if " ".join(asked) in {" ".join(fold_words(t)) for t in OFFICE_TITLES.get(holder.office, ())}:
        return True
    own = fold_words(holder.title)
    return set(asked) <= set(own) and _TITLE_MODIFIERS & set(asked) == _TITLE_MODIFIERS & set(own)


def _person(holder: Holder) -> tuple[str, ...]:
    """Who a row is about: one person may hold several offices, in several countries (Borrell)."""
    return name_words(holder.name)


class OfficeHolders:
    """The office-holders table, indexed by name words. Build with `load_office_holders()`."""

    def __init__(self, holders: Iterable[Holder]) -> None:
        self.holders: tuple[Holder, ...] = tuple(holders)
        self._by_form: dict[frozenset[str], list[Holder]] = {}
        self._by_surname: dict[str, list[Holder]] = {}
        # every multi-word form under each of its words, so a partial name reads only its candidates
        self._forms_by_word: dict[str, list[tuple[frozenset[str], Holder]]] = {}
        for holder in self.holders:
            for form in (holder.name, *holder.variants):
                words = frozenset(name_words(form))
                if len(words) > 1:
                    self._by_form.setdefault(words, []).append(holder)
                    for word in words:
                        self._forms_by_word.setdefault(word, []).append((words, holder))
                elif words:
                    self._by_surname.setdefault(next(iter(words)), []).append(holder)
            surnames = holder.surnames or (_default_surname(name_words(holder.name)),)
            for surname in surnames:
                for word in name_words(surname) if surname else ():
                    self._by_surname.setdefault(word, []).append(holder)

        # Titles written before a name ("President Biden", "Foreign Minister Wang Yi"),
        # tried when the whole name matches nothing; longest first.
        titles = {tuple(fold_words(h.title)) for h in self.holders}
        titles |= {tuple(fold_words(t)) for forms in OFFICE_TITLES.values() for t in forms}
        titles |= {("minister",), ("secretary",)}  # "Secretary Blinken", "Minister Jaishankar"
        self._title_prefixes = sorted((t for t in titles if t), key=len, reverse=True)
        self._fitting: dict[str, tuple[Holder, ...]] = {}

    def __len__(self) -> int:
        return len(self.holders)

    def not_an_office_of(self, title: str, country: str, on: dt.date | None) -> bool:
        """True when `title` names an office of the table ("Prime Minister", "Crown Prince",
        "Secretary General") that `country` has nobody in on `on`: a "Prime Minister" in a U.S.
        release is another government's. False when the table knows no such office (an
        "Ambassador" or a "Defense Minister": the table cannot tell).

        >>> table = load_office_holders()
        >>> table.not_an_office_of("Prime Minister", "USA", dt.date(2022, 3, 1))
        True
        >>> table.not_an_office_of("Secretary", "USA", dt.date(2022, 3, 1))
        False
        """
        words = " ".join(fold_words(title))
        if words not in self._fitting:  # the holders a title can name, looked up once per title
            self._fitting[words] = tuple(h for h in self.holders if _title_fits(title, h)) if words else ()
        fitting = self._fitting[words]
        return bool(fitting) and not any(h.country == country and (on is None or h.covers(on)) for h in fitting)

    def match(self, name: str, on: dt.date | None, title: str | None = None) -> list[Holder]:
        """The holders `name` can mean on date `on`, optionally restricted by `title`.

        A full name (any order, accents, honorifics and middle initials aside)
        matches every holder with that name in office on `on` (30 days'
        tolerance). A surname alone, or a name that is part of a longer one,
        matches only when it points at one person. With `on` None the date is
        ignored but the answer must be one country, else it is empty.

        >>> [h.country for h in load_office_holders().match("Lavrov", dt.date(2022, 3, 1))]
        ['RUS']
        """
        words = name_words(name)
        found = self._match_words(words, on, title)
        if found or title:
            return found
        for prefix in self._title_prefixes:
            if len(words) > len(prefix) and words[: len(prefix)] == prefix:
                return self._match_words(words[len(prefix):], on, " ".join(prefix))
        return []

    def _match_words(self, words: tuple[str, ...], on: dt.date | None, title: str | None) -> list[Holder]:
        if not words:
            return []
        key = frozenset(words)
        exact = self._by_form.get(key, []) if len(key) > 1 else []
        found = self._narrow(exact, on, title)
        if found:
            return self._one_country(found) if on is None else found
        if len(key) == 1:
            loose = self._by_surname.get(next(iter(key)), [])
        else:
            # a form that holds the name, or that the name holds: either way they share every word of the
            # smaller one, so the candidates are the forms listed under one of the name's words
            candidates = {id(pair): pair for word in key for pair in self._forms_by_word.get(word, ())}
            loose = [h for form, h in candidates.values() if key < form or (form < key and len(form) > 1)]
        found = self._narrow(loose, on, title)
        if on is None:
            return self._one_country(found)
        return found if len({_person(h) for h in found}) == 1 else []

    def _narrow(self, candidates: list[Holder], on: dt.date | None, title: str | None) -> list[Holder]:
        """Distinct candidates in office on `on` whose office `title` can name."""
        kept: list[Holder] = []
        for holder in candidates:
            if holder in kept:
                continue
            if on is not None and not holder.covers(on):
                continue
            if title and not _title_fits(title, holder):
                continue
            kept.append(holder)
        return kept

    @staticmethod
    def _one_country(found: list[Holder]) -> list[Holder]:
        return found if len({h.country for h in found}) == 1 else []


def parse_tenure_date(value: str, *, end: bool) -> dt.date:
    """An ISO date, year-month or year; partial dates widen to the tenure's side.

    >>> parse_tenure_date("2019-05", end=True)
    datetime.date(2019, 5, 31)
    >>> parse_tenure_date("2019", end=False)
    datetime.date(2019, 1, 1)
    """
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"bad date {value!r}: expected YYYY-MM-DD, YYYY-MM or YYYY")
    if len(parts) == 3:
        return dt.date.fromisoformat(value)
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else (12 if end else 1)
    if not end:
        return dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _holder_from_row(row: dict[str, str]) -> Holder:
    """One validated `Holder`; raises ValueError saying what is wrong."""
    missing = [column for column in REQUIRED if not (row.get(column) or "").strip()]
    if missing:
        raise ValueError(f"empty {', '.join(missing)}")
    start = parse_tenure_date(row["start"].strip(), end=False)
    end_text = (row.get("end") or "").strip()
    end = parse_tenure_date(end_text, end=True) if end_text else None
    if end is not None and end < start:
        raise ValueError(f"end {end_text} is before start {row['start'].strip()}")
    surnames = _split(row.get("surname"))
    for surname in surnames:
        if len(name_words(surname)) != 1:
            raise ValueError(f"surname {surname!r} is not one word (longer forms match as part of name)")
    return Holder(
        country=row["country"].strip(), office=row["office"].strip(), title=row["title"].strip(),
        name=row["name"].strip(), start=start, end=end, source=row["source"].strip(),
        variants=_split(row.get("variants")), surnames=surnames,
    )


def read_office_holders(path: Path) -> list[Holder]:
    """Every row of an office-holders TSV file, in file order.

    Raises ReadoutsError E050 naming the file and line of the first bad row,
    E009 when the file cannot be read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadoutsError("E009", path=path, reason=exc) from exc
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise ReadoutsError("E050", path=path, line=1, reason="no header row")
    header_line, header = numbered[0]
    columns = header.split("\t")
    absent = [c for c in REQUIRED if c not in columns]
    if absent:
        raise ReadoutsError("E050", path=path, line=header_line, reason=f"header lacks {', '.join(absent)}")
    holders = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(columns):
            raise ReadoutsError("E050", path=path, line=number,
                                reason=f"{len(cells)} cells for {len(columns)} columns")
        try:
            holders.append(_holder_from_row(dict(zip(columns, cells))))
        except ValueError as exc:
            raise ReadoutsError("E050", path=path, line=number, reason=exc) from exc
    return holders


def default_path() -> Path:
    """The package's own office_holders.tsv."""
    return Path(str(resources.files("readouts").joinpath("data", "office_holders.tsv")))


@cache
def _default_table() -> OfficeHolders:
    return OfficeHolders(read_office_holders(default_path()))


def load_office_holders(path: str | Path | None = None) -> OfficeHolders:
    """The office-holders table: the package's (read once per process) or the file at `path`."""
    if path is None:
        return _default_table()
    return OfficeHolders(read_office_holders(Path(path)))
