"""Score an extractor against the hand-made gold annotations of a corpus folder.

The gold format and the matching rules are those of `corpus/README.md`: persons
match on normalised names (a partial name matches when it is unambiguous),
interactions as unordered pairs of matched persons, visits on (visitor, host
country), initiatives on normalised names where an acronym equals its expansion.
Dyads are the issue's country pairs: the unordered pairs of sides that engaged
(each interaction's two persons' countries, each visit's visitor and host), per
document, so a wrong side shows as a wrong dyad even where the pair of persons
matched. This module never imports the extractor: `evaluate` receives it as a callable, so
scoring can be tested on hand-made `Extraction` objects.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from readouts.errors import ReadoutsError
from readouts.ingest.files import Metadata, read_metadata_file
from readouts.schema import Document, Extraction

LISTS = ("persons", "interactions", "visits", "initiatives", "dyads")
ATTRIBUTES = ("title", "country", "date")

# ---------------------------------------------------------------------------
# The gold format (and, with the same shape, what we predicted)


class _GoldModel(BaseModel):
    # Gold files may carry fields we do not score (e.g. "places"); ignore them.
    model_config = ConfigDict(extra="ignore")


class GoldPerson(_GoldModel):
    """A person who takes part in an engagement, as the gold names them."""

    name: str
    title: str | None = None
    country: str | None = None


class GoldInteraction(_GoldModel):
    """A direct engagement between two named persons of different sides."""

    a: str
    b: str
    type: str | None = None
    date: str | None = None
    country: str | None = None


class GoldVisit(_GoldModel):
    """An official trip by a named person to another country."""

    visitor: str
    visitor_country: str | None = None
    host_country: str | None = None
    start: str | None = None
    end: str | None = None
    places: list[str] = []


class Gold(_GoldModel):
    """One `NAME.gold.json` file."""

    doc: str | None = None
    published: str | None = None
    persons: list[GoldPerson] = []
    interactions: list[GoldInteraction] = []
    visits: list[GoldVisit] = []
    initiatives: list[str] = []
    topics: list[str] = []
    negative: bool = False


class PredictedInitiative(_GoldModel):
    """An extracted initiative: its name and, when known, its acronym."""

    name: str
    acronym: str | None = None


class PredictedView(_GoldModel):
    """An `Extraction` seen in the gold's shape, ready to be scored."""

    persons: list[GoldPerson] = []
    interactions: list[GoldInteraction] = []
    visits: list[GoldVisit] = []
    initiatives: list[PredictedInitiative] = []
    events: int = 0


@dataclass
class GoldDoc:
    """A gold annotation with the paths of the document it describes."""

    name: str
    gold: Gold
    gold_path: Path
    text_path: Path
    meta_path: Path


def load_gold(gold_dir: str | Path) -> list[GoldDoc]:
    """Read every `NAME.gold.json` in `gold_dir`, sorted by name.

    Raises `ReadoutsError` E001 if the directory does not exist, E011 if it holds
    no gold file, E012 if a gold file is not valid JSON of the gold format, E013
    if the document it annotates (`NAME.txt`, or its `"doc"` field) is missing.

    >>> docs = load_gold("corpus/dev")  # doctest: +SKIP
    >>> docs[0].text_path.name  # doctest: +SKIP
    'aa-fidan-syrian-delegation-ankara.txt'
    """
    directory = Path(gold_dir)
    if not directory.exists():
        raise ReadoutsError("E001", path=str(directory))
    paths = sorted(directory.glob("*.gold.json")) if directory.is_dir() else []
    if not paths:
        raise ReadoutsError("E011", path=str(directory))
    docs = []
    for path in paths:
        name = path.name[: -len(".gold.json")]
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ReadoutsError("E012", path=str(path), reason=str(error)) from error
        if not isinstance(raw, dict):
            raise ReadoutsError("E012", path=str(path), reason="expected a JSON object")
        try:
            gold = Gold.model_validate(raw)
        except ValidationError as error:
            raise ReadoutsError("E012", path=str(path), reason=_first_error(error)) from error
        text_path = directory / (gold.doc or f"{name}.txt")
        if not text_path.is_file():
            raise ReadoutsError("E013", path=str(path), doc=text_path.name)
        docs.append(GoldDoc(name, gold, path, text_path, directory / f"{name}.meta.json"))
    return docs


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"


def load_document(gold_doc: GoldDoc) -> Document:
    """Build the `Document` the extractor sees from `NAME.txt` and `NAME.meta.json`.

    The text keeps everything but trailing whitespace; a missing meta file leaves
    title, date, url and source empty; the meta file is checked as `readouts ingest` checks
    it (`readouts.ingest.files.read_metadata_file`). Raises E009 (unreadable text) or E010
    (invalid meta file).
    """
    try:
        text = gold_doc.text_path.read_text(encoding="utf-8").rstrip()
    except (OSError, UnicodeDecodeError) as error:
        raise ReadoutsError("E009", path=str(gold_doc.text_path), reason=str(error)) from error
    meta = read_metadata_file(gold_doc.meta_path) if gold_doc.meta_path.is_file() else Metadata()
    return Document(
        id=gold_doc.name,
        text=text,
        title=meta.title,
        published=meta.published,
        url=meta.url,
        source=meta.source,
        path=str(gold_doc.text_path),
    )


# ---------------------------------------------------------------------------
# Our output in the gold's shape

# Events that are not engagements between two people.
_NOT_INTERACTIONS = {"visit", "statement"}


def predicted_view(extraction: Extraction) -> PredictedView:
    """Turn an `Extraction` into the gold's shape.

    - persons: the actors with `participant` set;
    - interactions: each unordered pair of participants of a non-visit,
      non-statement event whose countries differ (an unknown country counts as
      a different side, unless the event's `sides` put the two on one side); a
      pair seen in several events is kept once, first wins;
    - visits: for each visit event, each of its `visitors` (or, when it names
      none, each participant not from the host country), once per
      (visitor, host country);
    - initiatives: each initiative's name and acronym.
    """
    actors = {actor.id: actor for actor in extraction.actors}
    persons = [
        GoldPerson(name=actor.name, title=actor.title, country=actor.country)
        for actor in extraction.actors
        if actor.participant
    ]

    interactions: list[GoldInteraction] = []
    seen_pairs: set[frozenset[str]] = set()
    for event in extraction.events:
        if event.type in _NOT_INTERACTIONS:
            continue
        ids = [i for i in dict.fromkeys(event.participants) if i in actors]
        for n, first in enumerate(ids):
            for second in ids[n + 1 :]:
                a, b = actors[first], actors[second]
                pair = frozenset((a.name, b.name))
                if len(pair) < 2 or pair in seen_pairs:
                    continue
                if a.country is not None and a.country == b.country:
                    continue
                if any(first in side.participants and second in side.participants for side in event.sides):
                    continue  # the text puts them on one side (a delegation, companions)
                seen_pairs.add(pair)
                interactions.append(
                    GoldInteraction(
                        a=a.name,
                        b=b.name,
                        type=event.type,
                        date=event.start,
                        country=event.location.country if event.location else None,
                    )
                )

    visits: list[GoldVisit] = []
    seen_visits: set[tuple[str, str | None]] = set()
    for event in extraction.events:
        if event.type != "visit":
            continue
        ids = event.visitors
        if not ids:
            # Without named visitors, the hosts are among the participants: a
            # person does not visit their own country.
            ids = [
                i for i in event.participants
                if i in actors and (actors[i].country is None or actors[i].country != event.host_country)
            ]
        for actor_id in ids:
            if actor_id not in actors:
                continue
            visitor = actors[actor_id]
            key = (visitor.name, event.host_country)
            if key in seen_visits:
                continue
            seen_visits.add(key)
            visits.append(
                GoldVisit(
                    visitor=visitor.name,
                    visitor_country=visitor.country,
                    host_country=event.host_country,
                    start=event.start,
                    end=event.end,
                )
            )

    initiatives = [
        PredictedInitiative(name=initiative.name, acronym=initiative.acronym)
        for initiative in extraction.initiatives
    ]
    return PredictedView(
        persons=persons,
        interactions=interactions,
        visits=visits,
        initiatives=initiatives,
        events=len(extraction.events),
    )


# ---------------------------------------------------------------------------
# Names of persons

_FOLD = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss"})
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^\w]+|_")

# Leading honorifics and forms of address, as token sequences after folding
# ("H.E." becomes "h e", "Dato'" becomes "dato").
_HONORIFICS = [
    tuple(h.split())
    for h in (
        "his royal highness", "her royal highness", "his excellency", "her excellency",
        "his highness", "her highness", "his majesty", "her majesty", "the honourable",
        "the honorable", "honourable", "honorable", "hon", "h e", "h h", "excellency",
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame",
        "sheikh", "sheikha", "shaikh", "tan sri", "dato seri", "dato sri", "datuk seri",
        "dato", "datuk", "datin", "sri", "shri", "smt", "ambassador",
    )
]


def _fold(text: str) -> str:
    """Casefold and strip accents."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    """Folded words of `text`: apostrophes removed, other punctuation a space."""
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", _fold(text))).split()


def name_tokens(name: str) -> list[str]:
    """Tokens of a person's name: folded, punctuation and leading honorifics dropped.

    >>> name_tokens("H.E. Sheikh Abdullah bin Zayed Al-Nahyan")
    ['abdullah', 'bin', 'zayed', 'al', 'nahyan']
    """
    tokens = _words(name)
    dropped = True
    while dropped:
        dropped = False
        for honorific in _HONORIFICS:
            if len(tokens) > len(honorific) and tuple(tokens[: len(honorific)]) == honorific:
                tokens = tokens[len(honorific) :]
                dropped = True
                break
    return tokens


def normalise_name(name: str) -> str:
    """A person's name for comparison.

    >>> normalise_name("Dr.  Retno  Marsudi")
    'retno marsudi'
    >>> normalise_name("Mr. Çavuşoğlu")
    'cavusoglu'
    """
    return " ".join(name_tokens(name))


def _covers(short: list[str], long: list[str]) -> bool:
    """True when every token of `short` is a distinct token of `long`; a
    one-letter token stands for any token with that initial ("S. Jaishankar")."""
    rest = list(long)
    initials = []
    for token in short:
        if token in rest:
            rest.remove(token)
        elif len(token) == 1:
            initials.append(token)
        else:
            return False
    for initial in initials:
        match = next((t for t in rest if t.startswith(initial)), None)
        if match is None:
            return False
        rest.remove(match)
    return True


def _names_compatible(a: list[str], b: list[str]) -> bool:
    return bool(a) and bool(b) and (_covers(a, b) or _covers(b, a))


def match_names(gold: Iterable[str], predicted: Iterable[str]) -> dict[str, str]:
    """One-to-one alignment of predicted person names to gold names.

    Equal normalised names (same tokens in any order) match first. A partial
    name then matches a fuller one ("Lavrov" and "Sergey Lavrov", either way
    round) when the partial name fits exactly one name of the other side, so a
    bare surname shared by two gold persons matches neither.

    >>> match_names(["Sergey Lavrov", "Marco Rubio"], ["Lavrov", "Rubio"])
    {'Lavrov': 'Sergey Lavrov', 'Rubio': 'Marco Rubio'}
    """
    gold = list(dict.fromkeys(gold))
    predicted = list(dict.fromkeys(predicted))
    gold_tokens = {g: name_tokens(g) for g in gold}
    pred_tokens = {p: name_tokens(p) for p in predicted}
    alignment: dict[str, str] = {}
    used: set[str] = set()

    for p in predicted:
        for g in gold:
            if g not in used and pred_tokens[p] and sorted(pred_tokens[p]) == sorted(gold_tokens[g]):
                alignment[p] = g
                used.add(g)
                break

    for p in predicted:
        if p in alignment:
            continue
        candidates = [g for g in gold if _names_compatible(pred_tokens[p], gold_tokens[g])]
        for g in candidates:
            if g in used:
                continue
            if _covers(pred_tokens[p], gold_tokens[g]):
                # The prediction is the partial name: it must fit one gold name only.
                unambiguous = len(candidates) == 1
            else:
                # The gold is the partial name: it must fit one prediction only.
                unambiguous = sum(
                    _names_compatible(gold_tokens[g], pred_tokens[q]) for q in predicted
                ) == 1
            if unambiguous:
                alignment[p] = g
                used.add(g)
                break
    return alignment


# ---------------------------------------------------------------------------
# Names of initiatives

# "India-U.S. ", "Japan-India ", "China-Vietnam ": a leading run of hyphen-joined
# capitalised words or abbreviations.
_COUNTRY_PREFIX = re.compile(r"^(?:[A-Z][\w.]*-)+[A-Z][\w.]*\s+")
# Hyphenated words that are not pairs of countries.
_NOT_COUNTRIES = {
    "high", "level", "low", "multi", "cross", "long", "short", "term", "wide", "year",
    "based", "led", "track", "plus", "indo", "pacific", "asia", "atlantic", "euro",
    "afro", "trans", "pan", "sub", "non", "co", "post", "pre", "anti",
}
_ACRONYM_STOPWORDS = {"of", "and", "for", "the", "&", "on", "in", "a", "an", "to"}
_GENERIC_TAILS = ("initiative", "framework")


def _drop_country_prefix(name: str) -> str:
    """The name without a leading "the" and country prefix ("the India-U.S. ")."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    match = _COUNTRY_PREFIX.match(name)
    if not match:
        return name
    parts = match.group(0).strip().split("-")
    if any(_fold(part).strip(".") in _NOT_COUNTRIES for part in parts):
        return name
    return name[match.end() :]


def normalise_initiative(name: str) -> str:
    """An initiative's name for comparison: country prefix, case, punctuation
    and a leading "the" dropped.

    >>> normalise_initiative("India-U.S. Strategic Trade Dialogue")
    'strategic trade dialogue'
    >>> normalise_initiative("The Foreign Ministers’ Meeting")
    'foreign ministers meeting'
    """
    words = _words(_drop_country_prefix(name))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _forms(name: str) -> set[str]:
    """The normalised name, and the same without a generic last word."""
    norm = normalise_initiative(name)
    forms = {norm}
    for tail in _GENERIC_TAILS:
        if norm.endswith(" " + tail):
            forms.add(norm[: -len(tail) - 1])
    return forms - {""}


def _acronyms(name: str) -> set[str]:
    """Acronyms an expansion may have: initials of its words but "of", "and",
    "for", "the"..., a hyphenated word counted as one word or as several, a
    number kept whole ("Group of 20" is G20)."""
    found = set()
    for text in {name.strip(), _drop_country_prefix(name)}:
        words = [w for w in re.split(r"\s+", _APOSTROPHES.sub("", text)) if w]
        for split_hyphens in (False, True):
            parts = [p for w in words for p in (w.split("-") if split_hyphens else [w])]
            parts = [re.sub(r"^\W+|\W+$", "", p) for p in parts]
            parts = [p for p in parts if p and p.casefold() not in _ACRONYM_STOPWORDS]
            # Every word counts, capitalised or not ("free and open Indo-Pacific"
            # is FOIP): skipping lowercase words would make "Group of 20 foreign
            # ministers' meeting" the G20 itself.
            letters = [p if p.isdigit() else p[0] for p in parts]
            if len(letters) >= 2:
                found.add(_fold("".join(letters)))
    return found


def _looks_like_acronym(name: str) -> bool:
    """"HDCM", "G20", "I2U2", "U.S.": one short word, mostly capitals."""
    compact = re.sub(r"[.\-&]", "", _drop_country_prefix(name))
    if not (2 <= len(compact) <= 12 and compact.isalnum()):
        return False
    upper = sum(c.isupper() for c in compact)
    lower = sum(c.islower() for c in compact)
    return upper >= 2 or (upper >= 1 and lower == 0)


def initiatives_match(gold: str, predicted: str, acronym: str | None = None) -> bool:
    """True when a gold initiative and a predicted one name the same thing.

    Equal normalised names match, also without a trailing "initiative" or
    "framework"; an acronym matches its expansion either way round; and the
    predicted initiative's `acronym` may equal the gold name.

    >>> initiatives_match("High-Level Dialogue and Cooperation Mechanism", "HDCM")
    True
    >>> initiatives_match("India-U.S. COMPACT", "the COMPACT")
    True
    """
    names = [predicted] + ([acronym] if acronym else [])
    gold_forms = _forms(gold)
    for name in names:
        if gold_forms & _forms(name):
            return True
        for short, long in ((name, gold), (gold, name)):
            if _looks_like_acronym(short):
                key = _fold(re.sub(r"[.\-&]", "", _drop_country_prefix(short)))
                if key in _acronyms(long):
                    return True
    return False


# ---------------------------------------------------------------------------
# Scores


@dataclass
class Counts:
    """True positives, false positives and false negatives of one list."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP); None when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN); None when the gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """2TP / (2TP + FP + FN); None when both gold and prediction are empty."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def add(self, other: Counts) -> None:
        """Add another list's counts to these (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict:
        """Counts and ratios as JSON-able values."""
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


@dataclass
class Accuracy:
    """How many matched items have an attribute right."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """correct / total; None when nothing was matched."""
        return self.correct / self.total if self.total else None

    def add(self, other: Accuracy) -> None:
        """Add another document's figures to these."""
        self.correct += other.correct
        self.total += other.total

    def to_dict(self) -> dict:
        """Figures as JSON-able values."""
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass
class DocScore:
    """The scores of one document, with its errors spelled out.

    `false_positives` and `false_negatives` map each list name to the items
    wrongly predicted or missed; `wrong` lists attribute errors on matched items.
    """

    doc: str
    negative: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {name: Counts() for name in LISTS})
    accuracy: dict[str, Accuracy] = field(default_factory=lambda: {name: Accuracy() for name in ATTRIBUTES})
    false_positives: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LISTS})
    false_negatives: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LISTS})
    wrong: list[str] = field(default_factory=list)
    events: int = 0

    def to_dict(self) -> dict:
        """The scores as JSON-able values."""
        return {
            "doc": self.doc,
            "negative": self.negative,
            "events": self.events,
            **{name: counts.to_dict() for name, counts in self.counts.items()},
            "accuracy": {name: acc.to_dict() for name, acc in self.accuracy.items()},
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "wrong": self.wrong,
        }


@dataclass
class EvalReport:
    """Micro-averaged scores over a gold folder, and each document's scores."""

    docs: list[DocScore] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Counts]:
        """TP/FP/FN of each list summed over the documents."""
        totals = {name: Counts() for name in LISTS}
        for doc in self.docs:
            for name in LISTS:
                totals[name].add(doc.counts[name])
        return totals

    @property
    def accuracy(self) -> dict[str, Accuracy]:
        """Title, country and date accuracy over all matched items."""
        totals = {name: Accuracy() for name in ATTRIBUTES}
        for doc in self.docs:
            for name in ATTRIBUTES:
                totals[name].add(doc.accuracy[name])
        return totals

    @property
    def events_on_negative(self) -> int:
        """Events predicted on documents whose gold says there is none."""
        return sum(doc.events for doc in self.docs if doc.negative)

    def to_dict(self) -> dict:
        """The whole report as JSON-able values."""
        return {
            "documents": len(self.docs),
            "negative_documents": sum(doc.negative for doc in self.docs),
            **{name: counts.to_dict() for name, counts in self.counts.items()},
            "accuracy": {name: acc.to_dict() for name, acc in self.accuracy.items()},
            "events_on_negative": self.events_on_negative,
            "per_doc": [doc.to_dict() for doc in self.docs],
        }


def _same_text(gold: str | None, predicted: str | None) -> bool:
    """Case- and spacing-insensitive equality, None equal only to None."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return " ".join(_fold(gold).split()) == " ".join(_fold(predicted).split())


def score_document(gold: Gold | dict, predicted: PredictedView, doc: str = "") -> DocScore:
    """Compare one document's prediction with its gold annotation.

    `gold` is a parsed gold file (a `Gold` or the dict read from JSON); `doc`
    names the document in the report (default: the gold's `"doc"`).

    >>> gold = {"persons": [{"name": "Sergey Lavrov", "title": "Foreign Minister", "country": "RUS"}]}
    >>> view = PredictedView(persons=[GoldPerson(name="Lavrov", title="Foreign Minister", country="RUS")])
    >>> score_document(gold, view).counts["persons"]
    Counts(tp=1, fp=0, fn=0)
    """
    if not isinstance(gold, Gold):
        gold = Gold.model_validate(gold)
    score = DocScore(doc=doc or gold.doc or "", negative=gold.negative, events=predicted.events)

    gold_names = [p.name for p in gold.persons]
    gold_names += [n for i in gold.interactions for n in (i.a, i.b)] + [v.visitor for v in gold.visits]
    pred_names = [p.name for p in predicted.persons]
    pred_names += [n for i in predicted.interactions for n in (i.a, i.b)] + [v.visitor for v in predicted.visits]
    alignment = match_names(gold_names, pred_names)

    _score_persons(gold, predicted, alignment, score)
    _score_interactions(gold, predicted, alignment, score)
    _score_visits(gold, predicted, alignment, score)
    _score_initiatives(gold, predicted, score)
    _score_dyads(gold, predicted, score)
    return score


def _score_persons(gold: Gold, predicted: PredictedView, alignment: dict[str, str], score: DocScore) -> None:
    counts = score.counts["persons"]
    gold_by_name = {p.name: p for p in gold.persons}
    matched: set[str] = set()
    for person in predicted.persons:
        target = alignment.get(person.name)
        if target in gold_by_name and target not in matched:
            matched.add(target)
            counts.tp += 1
            expected = gold_by_name[target]
            for attribute in ("title", "country"):
                right = _same_text(getattr(expected, attribute), getattr(person, attribute))
                score.accuracy[attribute].total += 1
                score.accuracy[attribute].correct += right
                if not right:
                    score.wrong.append(
                        f"{target} {attribute}: {getattr(person, attribute)!r}"
                        f" (gold {getattr(expected, attribute)!r})"
                    )
        else:
            counts.fp += 1
            score.false_positives["persons"].append(person.name)
    for name in gold_by_name:
        if name not in matched:
            counts.fn += 1
            score.false_negatives["persons"].append(name)


def _score_interactions(gold: Gold, predicted: PredictedView, alignment: dict[str, str], score: DocScore) -> None:
    counts = score.counts["interactions"]
    remaining = {}
    for interaction in gold.interactions:
        remaining.setdefault(frozenset((interaction.a, interaction.b)), interaction)
    for interaction in predicted.interactions:
        pair = frozenset((alignment.get(interaction.a), alignment.get(interaction.b)))
        if None not in pair and pair in remaining:
            expected = remaining.pop(pair)
            counts.tp += 1
            right = _same_text(expected.date, interaction.date)
            score.accuracy["date"].total += 1
            score.accuracy["date"].correct += right
            if not right:
                score.wrong.append(
                    f"{expected.a} – {expected.b} date: {interaction.date!r} (gold {expected.date!r})"
                )
        else:
            counts.fp += 1
            score.false_positives["interactions"].append(f"{interaction.a} – {interaction.b}")
    for interaction in remaining.values():
        counts.fn += 1
        score.false_negatives["interactions"].append(f"{interaction.a} – {interaction.b}")


def _host(country: str | None) -> str | None:
    return country.upper() if country else None


def _score_visits(gold: Gold, predicted: PredictedView, alignment: dict[str, str], score: DocScore) -> None:
    counts = score.counts["visits"]
    remaining = {}
    for visit in gold.visits:
        remaining.setdefault((visit.visitor, _host(visit.host_country)), visit)
    for visit in predicted.visits:
        key = (alignment.get(visit.visitor), _host(visit.host_country))
        if key[0] is not None and key in remaining:
            del remaining[key]
            counts.tp += 1
        else:
            counts.fp += 1
            score.false_positives["visits"].append(f"{visit.visitor} → {visit.host_country}")
    for visit in remaining.values():
        counts.fn += 1
        score.false_negatives["visits"].append(f"{visit.visitor} → {visit.host_country}")


def _score_initiatives(gold: Gold, predicted: PredictedView, score: DocScore) -> None:
    counts = score.counts["initiatives"]
    golds = list(dict.fromkeys(gold.initiatives))
    unmatched = list(range(len(predicted.initiatives)))
    matched_gold: set[str] = set()
    # Exact normalised matches first, so a looser rule cannot steal them.
    for strict in (True, False):
        for name in golds:
            if name in matched_gold:
                continue
            for index in unmatched:
                item = predicted.initiatives[index]
                if strict:
                    hit = normalise_initiative(name) == normalise_initiative(item.name)
                else:
                    hit = initiatives_match(name, item.name, item.acronym)
                if hit:
                    unmatched.remove(index)
                    matched_gold.add(name)
                    counts.tp += 1
                    break
    for index in unmatched:
        counts.fp += 1
        score.false_positives["initiatives"].append(predicted.initiatives[index].name)
    for name in golds:
        if name not in matched_gold:
            counts.fn += 1
            score.false_negatives["initiatives"].append(name)


def _dyad(one: str | None, other: str | None) -> frozenset[str] | None:
    """The unordered pair of two known, different sides, else None."""
    if not one or not other or one.upper() == other.upper():
        return None
    return frozenset((one.upper(), other.upper()))


def dyads(persons: list[GoldPerson], interactions: list[GoldInteraction],
          visits: list[GoldVisit]) -> set[frozenset[str]]:
    """The country pairs (dyads) that engaged in one document's list.

    Each interaction gives the pair of its two persons' sides, each visit the
    visitor's side and the host country; a pair with an unknown side gives
    none, so an abstention is a missed dyad, never a wrong one.

    >>> people = [GoldPerson(name="A", country="IND"), GoldPerson(name="B", country="USA")]
    >>> sorted(sorted(d) for d in dyads(people, [GoldInteraction(a="A", b="B")], []))
    [['IND', 'USA']]
    """
    side = {person.name: person.country for person in persons}
    found = {_dyad(side.get(i.a), side.get(i.b)) for i in interactions}
    found |= {_dyad(v.visitor_country or side.get(v.visitor), v.host_country) for v in visits}
    found.discard(None)
    return found


def _score_dyads(gold: Gold, predicted: PredictedView, score: DocScore) -> None:
    counts = score.counts["dyads"]
    expected = dyads(gold.persons, gold.interactions, gold.visits)
    found = dyads(predicted.persons, predicted.interactions, predicted.visits)
    for pair in sorted(found, key=sorted):
        if pair in expected:
            counts.tp += 1
        else:
            counts.fp += 1
            score.false_positives["dyads"].append("–".join(sorted(pair)))
    for pair in sorted(expected - found, key=sorted):
        counts.fn += 1
        score.false_negatives["dyads"].append("–".join(sorted(pair)))


def evaluate(gold_dir: str | Path, extractor: Callable[[Document], Extraction]) -> EvalReport:
    """Run `extractor` on every gold document of `gold_dir` and score it.

    Each document is built from `NAME.txt` and `NAME.meta.json` (see
    `load_document`); errors are those of `load_gold` and `load_document`.
    """
    report = EvalReport()
    for gold_doc in load_gold(gold_dir):
        extraction = extractor(load_document(gold_doc))
        report.docs.append(score_document(gold_doc.gold, predicted_view(extraction), doc=gold_doc.name))
    return report


# ---------------------------------------------------------------------------
# Display


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _brief(items: list[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit})" if len(items) > limit else "")


def render_report(report: EvalReport, per_doc: bool = False):
    """The report as rich tables, for `Console.print`.

    A table of precision/recall/F1 per list, one of attribute accuracy and the
    events predicted on negative documents; with `per_doc`, one row per
    document with its F1s and its false positives (FP) and negatives (FN).
    """
    from rich.console import Group
    from rich.table import Table

    scores = Table(title=f"Scores over {len(report.docs)} documents (micro-averaged)")
    for column in ("list", "TP", "FP", "FN", "precision", "recall", "F1"):
        scores.add_column(column, justify="left" if column == "list" else "right")
    for name, counts in report.counts.items():
        scores.add_row(
            name, str(counts.tp), str(counts.fp), str(counts.fn),
            _ratio(counts.precision), _ratio(counts.recall), _ratio(counts.f1),
        )

    figures = Table(title="On matched items")
    for column in ("figure", "correct", "total", "accuracy"):
        figures.add_column(column, justify="left" if column == "figure" else "right")
    labels = {"title": "person title", "country": "person country", "date": "interaction date"}
    for name, accuracy in report.accuracy.items():
        figures.add_row(labels[name], str(accuracy.correct), str(accuracy.total), _ratio(accuracy.value))
    negatives = sum(doc.negative for doc in report.docs)
    figures.add_row(f"events on negative documents ({negatives})", str(report.events_on_negative), "", "")

    tables = [scores, figures]
    if per_doc:
        docs = Table(title="Per document (F1; FP = wrongly predicted, FN = missed)", show_lines=True)
        docs.add_column("document", overflow="fold")
        for name in LISTS:
            docs.add_column(name, justify="right")
        docs.add_column("errors", overflow="fold")
        for doc in report.docs:
            errors = []
            for name in LISTS:
                if doc.false_positives[name]:
                    errors.append(f"FP {name}: {_brief(doc.false_positives[name])}")
                if doc.false_negatives[name]:
                    errors.append(f"FN {name}: {_brief(doc.false_negatives[name])}")
            errors += doc.wrong[:4]
            if doc.negative and doc.events:
                errors.append(f"{doc.events} events on a negative document")
            label = doc.doc + (" (negative)" if doc.negative else "")
            docs.add_row(
                label, *(_ratio(doc.counts[name].f1) for name in LISTS), "\n".join(errors) or "ok"
            )
        tables.append(docs)
    return Group(*tables)
