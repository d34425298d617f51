"""Triage: a cheap lexical screen that decides, before spaCy, what is worth parsing.

Most of a news stream is not about diplomacy, and the statistical pipeline
(tagger, parser, NER) is where nearly all the time goes. `Triage.screen(text)`
reads the raw text once, with set lookups over word n-grams (no spaCy, no
regular-expression alternation over thousands of names), and returns a
`Screen`:

- `keep=False` when no paragraph holds an engagement word beside an office or
  title, or beside two sides (countries, demonyms, organisations), nor a
  travel word ("visit", "arrived in") beside an office or title: the document
  cannot yield an engagement the extractor would report, so it is not parsed
  at all (`reason` says why);
- otherwise the whole text goes to the pipeline. Cutting paragraphs out of a
  kept document was tried and dropped: it saved under a tenth of the time and
  lost names and topics that the rest of the text introduces.

The vocabulary comes from the data files: trigger and visit words from
`events.yaml` (with their inflections and the `triage` section), offices from
`offices.yaml`, sides from `countries.tsv` and `organizations.tsv`; a word an
analyst adds there is screened for at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from readouts.domain import Domain, load_domain

WORD = re.compile(r"\w+(?:[-'’.&]\w+)*")
PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Screen:
    """The verdict on one text: parse it (`keep`, with the `text` to parse), or why not (`reason`)."""

    keep: bool
    text: str
    reason: str


@dataclass
class Cues:
    """What the screen saw in one paragraph."""

    engagement: bool = False
    travel: bool = False
    office: bool = False
    sides: set[str] = field(default_factory=set)

    @property
    def promising(self) -> bool:
        """An engagement word beside an office or title or beside two sides (countries, organisations),
        or a travel word beside an office or title."""
        return (self.engagement and (self.office or len(self.sides) >= 2)) or (self.travel and self.office)


def inflections(word: str, irregular: dict[str, list[str]]) -> set[str]:
    """Regular English inflections of a verb or noun, plus the irregular ones listed in the data."""
    w = word.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        forms.add(w[:-1] + "ing")
    if w.endswith("y"):
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", w):  # confer → conferred, sign stays
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    forms.update(f.lower() for f in irregular.get(w, []))
    return forms


def _key(form: str) -> tuple[str, ...]:
    return tuple(WORD.findall(form))


class Triage:
    """The screen's vocabulary, built once from the domain tables."""

    def __init__(self, domain: Domain | None = None) -> None:
        domain = domain or load_domain()
        events = domain.events
        settings = events.get("triage", {})
        irregular = {str(k).lower(): [str(f) for f in v] for k, v in settings.get("irregular_forms", {}).items()}
        engagement: set[tuple[str, ...]] = set()
        for word in (str(w) for spec in events["triggers"].values() for w in spec.get("lemmas", [])):
            engagement.update(_key(f) for f in inflections(word, irregular))
        engagement.update(_key(str(p).lower()) for spec in events["triggers"].values()
                          for p in spec.get("phrases", []))
        for spec in events["triggers"].values():  # context verbs: "spoke ... with", "called", "welcomed ... to"
            for word in [*(spec.get("verb_then") or {}), *(spec.get("verb_person") or []),
                         *(spec.get("noun_of_verb") or {})]:
                engagement.update(_key(f) for f in inflections(str(word), irregular))
        engagement.update(_key(str(w).lower()) for w in settings.get("extra_words", []))  # as written
        travel: set[tuple[str, ...]] = set()
        for word in (str(w) for w in events["visit"]["lemmas"]):
            travel.update(_key(f) for f in inflections(word, irregular))
        travel.update(_key(str(p).lower()) for p in events["visit"]["phrases"])
        travel.update(_key(str(p).lower()) for p in events["visit"].get("weak_phrases", []))
        for word in (str(w) for w in events["visit"].get("weak_lemmas", [])):
            travel.update(_key(f) for f in inflections(word, irregular))
        # Travel words alone ("travel", "arrived in") are common in any news: they count only beside a title.
        self.travel = {k for k in travel - engagement if k}
        self.engagement = {k for k in engagement | travel if k}
        self.not_engagement = {k for k in (_key(str(p).lower()) for p in events.get("not_triggers", [])) if k}

        offices: set[tuple[str, ...]] = set()
        for head in domain.office_heads:  # lower case in the domain; titles are capitalised in text
            offices.add(_key(head.title()))
            offices.add(_key(head.upper()))
            offices.add(_key("-".join(part.capitalize() for part in head.split("-"))))
        offices.update(_key(a) for a in domain.abbreviations)
        self.offices = {k for k in offices if k}
        self.lower_titles = {_key(t.lower()) for t in domain.lowercase_titles}

        names: dict[tuple[str, ...], str] = {}  # form -> the side it names (ISO3 or organisation)
        sides = [*domain.country_by_form.items(), *domain.demonym_to_iso.items(),
                 *((form, org.name) for form, org in domain.organizations.items())]
        for form, side in sides:
            names.setdefault(_key(form), side)
            if len(form) > 3:
                names.setdefault(_key(form.upper()), side)  # datelines: "NEW DELHI —"
        names.pop((), None)
        self.names = names
        self.longest = max(len(k) for k in [*self.engagement, *self.offices, *self.lower_titles, *self.names])
        # Most words start no entry at all: one set lookup skips them.
        self.exact_starts = {k[0] for k in [*self.offices, *self.names]}
        self.folded_starts = {k[0] for k in [*self.engagement, *self.not_engagement, *self.lower_titles]}

    def _cues(self, paragraph: str) -> Cues:
        """What one paragraph holds: engagement words, offices, and the sides it names."""
        words = WORD.findall(paragraph)
        lower = [w.lower() for w in words]
        cues = Cues()
        n = len(words)
        negated_until = 0
        for i in range(n):
            if words[i] not in self.exact_starts and lower[i] not in self.folded_starts:
                continue
            for size in range(min(self.longest, n - i), 0, -1):
                exact = tuple(words[i:i + size])
                folded = tuple(lower[i:i + size])
                if folded in self.not_engagement:  # "called for", "signs of": not an engagement
                    negated_until = max(negated_until, i + size)
                if i >= negated_until and folded in self.engagement:
                    if folded in self.travel:
                        cues.travel = True
                    else:
                        cues.engagement = True
                if exact in self.offices or folded in self.lower_titles:
                    cues.office = True
                side = self.names.get(exact)
                if side is not None:
                    cues.sides.add(side)
            if cues.promising:
                break
        return cues

    def screen(self, text: str) -> Screen:
        """Decide whether `text` can hold an engagement the extractor would report.

        >>> load_triage().screen("Rain is expected in Leeds on Monday.").keep
        False
        >>> load_triage().screen("Foreign Minister Ana Lima met her Chilean counterpart.").keep
        True
        """
        engagement = False
        for match in PARAGRAPH.finditer(text):
            cues = self._cues(match.group())
            if cues.promising:
                return Screen(keep=True, text=text, reason="")
            engagement = engagement or cues.engagement or cues.travel
        if engagement:
            return Screen(keep=False, text="", reason="no engagement word beside an office or two sides")
        return Screen(keep=False, text="", reason="no engagement word")


@cache
def load_triage() -> Triage:
    """The screen built from the installed data files, once per process."""
    return Triage()
