"""Component `readouts_persons`: names of people, cleaned of titles and honorifics.

Writes span group `persons` (label PERSON). A name is found after a title
("Foreign Secretary Vikram Misri"), after an honorific ("Dato' Sri Saifuddin
Abdullah", "Mr. HAYASHI Yoshimasa"), after "counterpart(s)", or by spaCy's
NER, trimmed of words that are offices, countries or honorifics. Later
surname-only mentions are linked by `readouts.extract.actors`, not here.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from readouts.domain import load_domain
from readouts.nlp.tokens import token_words

_LANGUAGE = load_domain().language  # data/language.yaml: each word list written once
PARTICLES = frozenset(_LANGUAGE["names"]["particles"])
INITIAL = re.compile(r"^[A-Z]\.$")
_CALENDAR = _LANGUAGE["calendar"]
MONTHS_AND_DAYS = frozenset([*_CALENDAR["months"], *_CALENDAR["month_abbreviations"], *_CALENDAR["weekdays"]])
WEEKDAYS = frozenset(_CALENDAR["weekdays"])
# Capitalised words that begin sentences or headings but are never names.
NOT_NAMES = frozenset(str(w).lower() for w in _LANGUAGE["names"]["not_names"])
# A "name" ending with one of these is a room or building named after someone ("Thomas Jefferson Room").
NOT_NAME_ENDS = frozenset(str(w).lower() for w in _LANGUAGE["names"]["not_name_ends"])
# Pronouns that are also common surnames; read as names only right after a title.
SURNAME_PRONOUNS = frozenset(_LANGUAGE["names"]["surname_pronouns"])


def _is_name_word(text: str) -> bool:
    if not text or not text[0].isupper():
        return False
    core = text.replace("-", "").replace("'", "").replace("’", "")
    if not core.isalpha():
        return False
    if len(text) == 1:
        return False
    return True


def office_qualifier_end(doc: Doc, k: int) -> int:
    """Skip an "of (the) COUNTRY" qualifier that follows a title at token k."""
    if k < len(doc) and doc[k].lower_ == "of":
        j = k + 1 + (k + 1 < len(doc) and doc[k + 1].lower_ == "the")
        country = next((c for c in doc.spans["countries"] if c.start == j and c.label_ == "COUNTRY"), None)
        if country is not None:
            return country.end
    return k


class PersonFinder:
    """Finds person names with rules over titles, honorifics and NER."""

    def __init__(self) -> None:
        domain = load_domain()
        self.domain = domain
        self._honorific_tokens: set[int] = set()
        self._place_tokens: set[int] = set()
        self._office_tokens: set[int] = set()
        self._country_tokens: set[int] = set()
        self.office_words = set(domain.office_heads) | set(domain.office_modifiers)
        self.honorifics = [tuple(h.split()) for h in domain.honorifics]
        self._honorifics_by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(self.honorifics, key=len, reverse=True):
            self._honorifics_by_first.setdefault(words[0], []).append(words)
        self.counterpart_words = domain.counterpart_words
        # Event and initiative vocabulary is never part of a name ("Quad Ministers Meet").
        triggers = domain.events["triggers"]
        words = {str(w).lower() for spec in triggers.values() for w in spec.get("lemmas", [])}
        words |= {str(w).lower() for spec in triggers.values() for p in spec.get("phrases", []) for w in str(p).split()}
        words |= {str(w).lower() for w in domain.events["visit"]["lemmas"]}
        words |= {str(w).lower() for w in domain.events["cancel_markers"] if " " not in str(w)}
        words |= {h.lower() for h in domain.initiative_heads}
        words |= {w + suffix for w in list(words) for suffix in ("s", "es", "ed", "d", "ing")}
        self.stop_words = frozenset(words - PARTICLES)

    def _honorific_end(self, doc: Doc, i: int) -> int:
        """Skip any honorifics ("H.E. Dr.", "Dato' Sri") starting at i."""
        n = len(doc)
        while i < n:
            for words in self._honorifics_by_first.get(doc[i].text, ()):
                end = i + len(words)
                if end <= n and all(doc[i + k].text == w for k, w in enumerate(words)):
                    i = end
                    break
            else:
                return i
        return i

    @staticmethod
    def _month_as_name(tok) -> bool:
        """"Jan Lipavsky", "Theresa May": a month word is a name word when no number stands beside it
        and a capitalised word follows or a name precedes it; weekdays never are."""
        doc = tok.doc
        if tok.lower_ in WEEKDAYS:
            return False
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if any(t is not None and (t.like_num or t.text in (",",) and t.i + 1 < len(doc) and doc[t.i + 1].like_num)
               for t in (before, after)):
            return False
        return bool(after is not None and _is_name_word(after.text) and after.ent_type_ != "DATE"
                    or before is not None and before.ent_type_ == "PERSON")

    def _token_kind(self, tok, blocked: set[int]) -> str | None:
        text = tok.text
        if tok.i in blocked:
            return None
        doc = tok.doc
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ \
                and doc[tok.i + 2].text.islower() and _is_name_word(text):
            return "word"  # "In" of "Lee In-young"
        if text.lower() in PARTICLES and not tok.is_sent_start:
            return "particle"
        if INITIAL.match(text):
            return "initial"
        low = text.lower()
        if low in self.office_words and tok.i not in self._office_tokens and tok.ent_type_ == "PERSON" \
                and tok.ent_iob_ == "I" and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I":
            return "word"  # a title word inside a name, which the offices left alone: "Hossein Amir Abdollahian"
        if low in MONTHS_AND_DAYS and not self._month_as_name(tok):
            return None
        if low in NOT_NAMES or low in self.office_words or low in self.stop_words:
            return None
        if _is_name_word(text):
            return "word"
        return None

    def name_at(self, doc: Doc, i: int, blocked: set[int], after_title: bool = False) -> Span | None:
        """The longest name starting at token i (after honorifics), or None.

        Right after a title a first word that is otherwise a pronoun can be a
        surname ("Vice Premier He Lifeng") when another name word follows.
        """
        i = self._honorific_end(doc, i)
        while i < len(doc) and i in self._honorific_tokens:
            i += 1
        j, last_word = i, None
        if after_title and i + 1 < len(doc) and doc[i].text in SURNAME_PRONOUNS \
                and self._token_kind(doc[i + 1], blocked) == "word":
            j, last_word = i + 1, i
        while j < len(doc) and j - i < 12:
            tok = doc[j]
            if tok.text == "-" and j > i and j + 1 < len(doc) and not tok.whitespace_ \
                    and not doc[j - 1].whitespace_ and doc[j + 1].is_alpha:
                if doc[j + 1].text.islower():  # "Lee In-young", "Kwon Young-se"
                    last_word = j + 1
                    j += 2
                    continue
                if _is_name_word(doc[j + 1].text):
                    j += 1
                    continue
            kind = self._token_kind(tok, blocked)
            if kind is None and (j > i or after_title) and tok.i in self._place_tokens and _is_name_word(tok.text) \
                    and tok.i not in self._office_tokens and tok.i not in self._country_tokens:
                kind = "word"  # a surname that is also a place: "Rosa Medina", "Michael Jordan"
            if kind is None:
                break
            if kind in ("word", "initial"):
                last_word = j
            j += 1
        if last_word is None or doc[i].text.islower():
            return None
        if all(INITIAL.match(t.text) for t in doc[i:last_word + 1]):
            return None
        return Span(doc, i, last_word + 1, label="PERSON")

    def name_before(self, doc: Doc, end: int, blocked: set[int]) -> Span | None:
        """The name that ends at token `end` (exclusive), found by walking left."""
        k = end
        while k > 0 and end - k < 6:
            tok = doc[k - 1]
            kind = self._token_kind(tok, blocked)
            hyphen = tok.text == "-" and not tok.whitespace_
            if kind is None and not hyphen:
                break
            k -= 1
        while k < end and (doc[k].text.lower() in PARTICLES or doc[k].text == "-"):
            k += 1
        if k >= end:
            return None
        span = self.name_at(doc, k, blocked)
        return span if span is not None and span.end == end else None

    def _names_after(self, doc: Doc, i: int, blocked: set[int], plural: bool,
                     after_title: bool = False) -> list[Span]:
        """Names following a title or "counterparts": one, or a list when plural."""
        names = []
        while i < len(doc):
            span = self.name_at(doc, i, blocked, after_title)
            if span is None:
                break
            names.append(span)
            if not plural:
                break
            k = span.end
            # skip "of Australia" after each name in a list
            if k + 1 < len(doc) and doc[k].lower_ == "of":
                k += 1
                if doc[k].lower_ == "the":
                    k += 1
                country = next((c for c in doc.spans["countries"] if c.start == k), None)
                if country is None:
                    break
                k = country.end
            if k < len(doc) and doc[k].text == ",":
                k += 1
            if k < len(doc) and doc[k].lower_ == "and":
                k += 1
            if k == span.end:
                break
            i = k
        return names

    def __call__(self, doc: Doc) -> Doc:
        self._honorific_tokens = set()
        starts = self._honorifics_by_first
        texts = token_words(doc).text
        honorific_starts = [i for i, text in enumerate(texts) if text in starts]
        for i in honorific_starts:
            self._honorific_tokens.update(range(i, self._honorific_end(doc, i)))
        self._place_tokens = {t for g in ("countries", "places") for s in doc.spans[g] for t in range(s.start, s.end)
                              if s.label_ != "DEMONYM"}
        self._office_tokens = {t for s in doc.spans["offices"] for t in range(s.start, s.end)}
        self._country_tokens = {t for s in doc.spans["countries"] for t in range(s.start, s.end)}
        blocked: set[int] = set()
        for group in ("countries", "places", "orgs"):
            for span in doc.spans[group] if group in doc.spans else []:
                blocked.update(range(span.start, span.end))
        offices = list(doc.spans["offices"]) if "offices" in doc.spans else []
        office_tokens = {t for s in offices for t in range(s.start, s.end)}
        barred = blocked | office_tokens
        candidates: list[Span] = []

        for office in offices:
            plural = office.text.split()[-1].endswith("s") and office.label_ != office.text
            after = office.end
            if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")":
                after += 3  # "High Commissioner for Refugees (UNHCR) Filippo Grandi"
            candidates.extend(self._names_after(doc, after, barred, plural, True))
            # "Saurabh Kumar, Secretary (East), ..." : a name just before ", TITLE"
            if office.start >= 2 and doc[office.start - 1].text == ",":
                span = self.name_before(doc, office.start - 1, barred)
                if span is not None:
                    candidates.append(span)
            # "the Minister of Foreign Affairs of China, Wang Yi"
            k = office_qualifier_end(doc, office.end)
            if k < len(doc) and doc[k].text == ",":
                candidates.extend(self._names_after(doc, k + 1, barred, False))
            elif k > office.end:  # "Deputy Foreign Minister of Viet Nam Tran Minh Quang"
                candidates.extend(self._names_after(doc, k, barred, plural, True))
        honorific_until = 0
        for i, text in enumerate(texts):
            low = text.lower()
            if low in self.counterpart_words:
                k = i + 1
                if k < len(doc) and texts[k] == ",":
                    k += 1
                candidates.extend(self._names_after(doc, k, barred, low.endswith("s")))
            elif text in starts and i >= honorific_until and i not in office_tokens \
                    and self._honorific_end(doc, i) > i:
                honorific_until = self._honorific_end(doc, i)
                span = self.name_at(doc, i, barred)
                if span is not None:
                    candidates.append(span)
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            k = ent.start
            while k < ent.end and (k in office_tokens or doc[k].lower_ in self.office_words
                                   or doc[k].lower_ in NOT_NAMES
                                   or ent.end - k >= 2 and (doc[k].tag_ == "VBG" and doc[k].lower_.endswith("ing")
                                                            or doc[k].pos_ in ("ADV", "SCONJ", "CCONJ", "AUX"))):
                k += 1  # "Receiving Khamchen, ...", "Hence Putin ...": a sentence's first word is no name
            span = self.name_at(doc, k, barred)
            if span is not None and span.start < ent.end and not (len(span) == 1 and span.text.isupper()):
                candidates.append(span)
        doc.spans["persons"] = [s for s in filter_spans(candidates)
                                if not self._inside_a_body(s) and s[-1].lower_ not in NOT_NAME_ENDS]
        return doc

    @staticmethod
    def _inside_a_body(span: Span) -> bool:
        """One word the tagger reads as part of a longer organisation, place or event name
        ("the UN Verification Mission in Colombia") is no person's name."""
        if len(span) != 1:
            return False
        tok = span[0]
        if tok.ent_type_ not in ("ORG", "FAC", "GPE", "LOC", "EVENT", "LAW", "WORK_OF_ART", "NORP"):
            return False
        ent = next((e for e in span.doc.ents if e.start <= tok.i < e.end), None)
        return ent is not None and len(ent) > 1


@Language.factory("readouts_persons")
def make_persons(nlp: Language, name: str) -> PersonFinder:
    return PersonFinder()
