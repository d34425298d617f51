"""Component `readouts_offices`: titles of office such as "Deputy Secretary of State".

Writes span group `offices`: each span covers the title as written; `label_`
is the normalised title (abbreviations expanded, plural heads made singular,
country qualifiers left out) and `kb_id_` the ISO3 code of the country the
text ties the office to ("Turkish Foreign Minister", "Foreign Minister of
Romania", "Germany's Federal Minister"), or "". It does not link titles to
people; `readouts_persons` and `readouts.extract` do.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from readouts.domain import load_domain
from readouts.nlp.tokens import token_words

POSSESSIVE = ("'s", "’s")
COMPLEMENT_PREPS = ("of", "for", "to", "on")  # "Special Envoy on Myanmar", "Special Rapporteur on ..."
CONNECTORS = ("and", "&", "the", "of", "for", "on")


def is_cap(text: str) -> bool:
    return bool(text) and text[0].isupper()


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


class OfficeFinder:
    """Scans tokens for titles built from the office vocabulary in `offices.yaml`."""

    def __init__(self) -> None:
        domain = load_domain()
        self.domain = domain
        self.heads = domain.office_heads
        self.modifiers = domain.office_modifiers
        self.complement = domain.office_complement_words | domain.office_modifiers | set(self.heads)
        self.lowercase_titles = sorted(
            (tuple(t.split()) for t in domain.lowercase_titles), key=len, reverse=True,
        )
        self.abbreviations = domain.abbreviations
        self.honorific_words = {h.split()[0] for h in domain.honorifics}
        self.lowercase_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.lowercase_titles:  # longest first
            self.lowercase_by_first.setdefault(phrase[0], []).append(phrase)

    # -- scanning -------------------------------------------------------
    def _title_words_end(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """End of a run of capitalised modifiers/heads from i, and of its last head."""
        n = len(doc)
        j, last_head = i, None
        while j < n:
            tok = doc[j]
            if tok.text in ("-", "/") and j > i and j + 1 < n and is_cap(doc[j + 1].text) \
                    and doc[j + 1].lower_ in self.complement:
                j += 1
                continue
            if tok.text == "-" and j > i and j + 1 < n and doc[j + 1].lower_ in ("elect", "designate"):
                j += 2  # "President-elect", "Ambassador-designate"
                continue
            if tok.text == "-" and j > i and j + 3 < n and doc[j + 1].lower_ in ("at", "in") \
                    and doc[j + 2].text == "-" and is_cap(doc[j + 3].text):
                j += 4  # "Ambassador-at-Large", "Commander-in-Chief"
                if doc[j - 1].lower_ in self.heads:
                    last_head = j - 1
                continue
            if not is_cap(tok.text):
                break
            if j > i and last_head is not None and tok.text in self.honorific_words and j + 1 < n \
                    and is_cap(doc[j + 1].text) \
                    and doc[j + 1].lower_ not in self.heads and doc[j + 1].lower_ not in self.modifiers:
                break  # "Foreign Minister Prince Faisal", "Minister of Finance Dr Ahmed": the name's honorific
            low = tok.lower_
            if low in self.heads:
                last_head = j
            elif low not in self.modifiers:
                break
            j += 1
        if last_head is None:
            return None
        return j, last_head + 1

    def _lowercase_title_end(self, doc: Doc, i: int) -> int | None:
        n = len(doc)
        for phrase in self.lowercase_by_first.get(doc[i].lower_, ()):
            end = i + len(phrase)
            if end <= n and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
                return end
        return None

    def _complement_end(self, doc: Doc, end: int, country_starts: dict, person_starts: set,
                        org_starts: dict | None = None) -> int:
        """Extend a title over "of/for ..." words that name a portfolio, a region or a body
        ("Secretary-General of the Organization of American States")."""
        n = len(doc)
        org_starts = org_starts or {}
        after_country = False
        qualified = False
        trailing_from = end
        if end >= n or doc[end].lower_ not in COMPLEMENT_PREPS:
            return end
        if doc[end].lower_ == "of" and self._country_after(doc, end + 1, country_starts):
            return end
        k, last_good, trailing_unknown = end + 1, None, 0
        while k < n:
            tok = doc[k]
            low = tok.lower_
            if low == "of" and self._country_after(doc, k + 1, country_starts):
                qualified = True  # "... Agencies and Mechanisms of Mexico": the title goes on to its country
                break
            if (low in CONNECTORS and tok.text.islower()) or tok.text in ("-", "/"):
                k += 1
                continue
            if tok.text == "," and k + 1 < n and is_cap(doc[k + 1].text) and doc[k + 1].lower_ in self.complement:
                k += 1  # "for Civilian Security, Democracy, and Human Rights"
                continue
            if tok.text == "," and k + 2 < n and doc[k + 1].lower_ == "and" and doc[k + 2].lower_ in self.complement:
                k += 2
                continue
            if not is_cap(tok.text) or tok.text in self.honorific_words or tok.ent_type_ in ("DATE", "TIME"):
                break  # "... Commission Mr. Moussa Faki": an honorific opens the name
            if k in org_starts and k not in person_starts:  # a body's whole name, demonyms and all
                last_good, trailing_unknown, after_country = org_starts[k].end - 1, 0, False
                k = org_starts[k].end
                continue
            if low in self.heads and k + 1 in person_starts:
                break  # "Chief of Staff for European Commission | President Ursula von der Leyen"
            before = k - 1 - (doc[k - 1].lower_ == "the")
            if trailing_unknown >= 2 and (low in self.heads or k in country_starts) \
                    and doc[before].lower_ in ("and", "&") and before - 1 >= trailing_from:
                # "... Cooperation Luigi Di Maio and U.S. Secretary of State": a name, then another
                # person's title; the title ends before the name
                return self._end_before_name(doc, end, trailing_from)
            if low in self.complement:
                last_good, trailing_unknown = k, 0
            elif k in country_starts and doc[k - 1].lower_ != "of":
                last_good, trailing_unknown = country_starts[k].end - 1, 0  # "Special Envoy for Yemen"
                k = country_starts[k].end
                after_country = True
                continue
            elif k in person_starts or k in country_starts:
                # "Ambassador to the US Varuzhan | Nersesyan": after a country, a word before a name is a first name
                if k in person_starts and trailing_unknown and (after_country or re.match(r"^[A-Z]\.$", doc[k].text)):
                    return self._end_before_name(doc, end, trailing_from)  # "Secretary of State Antony J. Blinken"
                break
            elif (k + 1 < n and re.match(r"^[A-Z]\.$", doc[k + 1].text)) or (
                    k + 1 < n and doc[k + 1].text == "-" and k + 2 < n and doc[k + 2].text.islower()):
                break  # a first name before an initial or a hyphenated given name
            else:
                if not trailing_unknown:
                    trailing_from = k  # first of a run of unknown words (a connector may sit inside it)
                last_good = k
                trailing_unknown += 1
            k += 1
        if last_good is None:
            return end
        if after_country and trailing_unknown and last_good + 1 < n and doc[last_good + 1].ent_type_ == "PERSON":
            last_good = trailing_from - 1  # "Ambassador to the US Varuzhan Nersesyan" (NER saw only the surname)
        # Two or more unknown capitalised words at the end are a name after the title
        # ("... Affairs Musalia Mudavadi"), unless the title goes on to its country ("... of
        # Mexico") or a comma and a portfolio word follow them ("for Civilian Security,
        # Democracy, and Human Rights"; "Secretary of Defense Lloyd Austin, ..." ends).
        comma_goes_on = last_good + 2 < n and doc[last_good + 1].text == "," \
            and (doc[last_good + 2].lower_ in self.complement
                 or (doc[last_good + 2].lower_ == "and" and last_good + 3 < n
                     and doc[last_good + 3].lower_ in self.complement))
        if trailing_unknown >= 2 and not qualified and not comma_goes_on:
            # the name is the entity the tagger saw there, else the whole run of unknown words
            # ("... of Regional Agencies and Mechanisms Efrain Guadarrama")
            tok = doc[last_good]
            name_start = trailing_from
            if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.ent_iob_ in ("B", "I"):
                name_start = max(trailing_from, next(e.start for e in doc.ents if e.start <= last_good < e.end))
            return self._end_before_name(doc, end, name_start)
        return last_good + 1

    def _pending_end(self, doc: Doc, end: int) -> int | None:
        """The end of "-elect" or "-designate" right after a title, if it is there."""
        k = end + (end < len(doc) and doc[end].text == "-" and doc[end].whitespace_ == "")
        if k < len(doc) and doc[k].lower_ in self.domain.pending_suffixes and (k == end or doc[end - 1].whitespace_ == ""):
            return k + 1
        return None

    @staticmethod
    def _end_before_name(doc: Doc, end: int, name_start: int) -> int:
        """The title's end when a name starts at `name_start`: the connectors before the name are
        dropped, and `end` (no complement at all) is kept when nothing else is left."""
        last = name_start - 1
        while last > end and doc[last].lower_ in CONNECTORS:
            last -= 1
        return end if last <= end else last + 1

    @staticmethod
    def _country_after(doc: Doc, k: int, country_starts: dict) -> Span | None:
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        span = country_starts.get(k)
        return span if span is not None and span.label_ == "COUNTRY" else None

    def _label(self, span: Span, head_end: int) -> str:
        words = []
        for tok in span:
            text = tok.text
            if tok.i == head_end - 1 and tok.lower_ in self.heads:
                text = singular(text) if text.lower() not in ("chargé",) else text
            words.append(text + tok.whitespace_)
        label = "".join(words).strip()
        label = " ".join(label.split())
        if label.isupper() and len(label) > 4:  # "UNDER SECRETARY FOR POLITICAL AFFAIRS" in schedules
            small = {"of", "for", "and", "the", "to", "on"}
            label = " ".join(w.lower() if w.lower() in small else w.capitalize() for w in label.split())
        return label[0].upper() + label[1:]

    def __call__(self, doc: Doc) -> Doc:
        countries = list(doc.spans["countries"]) if "countries" in doc.spans else []
        country_starts = {s.start: s for s in countries}
        country_ends = {s.end: s for s in countries}
        person_starts = {e.start for e in doc.ents if e.label_ == "PERSON"}
        orgs = list(doc.spans["orgs"]) if "orgs" in doc.spans else []
        org_ends = {o.end: o for o in orgs}
        org_starts = {o.start: o for o in orgs}
        spans: list[Span] = []
        in_country = {t for c in countries if c.label_ == "COUNTRY" for t in range(c.start, c.end)}
        n, i = len(doc), 0
        texts = token_words(doc).text
        while i < n:
            text, low = texts[i], texts[i].lower()
            if i in in_country:  # "European Union Commissioner": "Union" is part of the side's name
                i += 1
                continue
            if text not in self.abbreviations and low not in self.lowercase_by_first and (
                    low not in self.heads and low not in self.modifiers or not is_cap(text)):
                i += 1  # starts no title: most words
                continue
            tok = doc[i]
            if tok.ent_iob_ == "I" and tok.ent_type_ == "PERSON" and i > 0 and doc[i - 1].ent_type_ == "PERSON" \
                    and doc[i - 1].pos_ == "PROPN" and is_cap(doc[i - 1].text) and doc[i - 1].lower_ not in self.heads \
                    and i + 1 < n and doc[i + 1].ent_iob_ == "I" and doc[i + 1].lower_ not in self.heads:
                i += 1  # a title word inside a name: "Hossein Amir Abdollahian"
                continue
            abbreviation = self.abbreviations.get(tok.text)
            if abbreviation and i + 1 < n and is_cap(doc[i + 1].text) and doc[i + 1].is_alpha:
                span = Span(doc, i, i + 1, label=abbreviation["title"],
                            kb_id=abbreviation.get("country", "") or self._prefix_country(doc, i, country_ends, spans))
                spans.append(span)
                i += 1
                continue
            found = self._title_words_end(doc, i) if is_cap(tok.text) else None
            if found is None:
                lower_end = self._lowercase_title_end(doc, i)
                if lower_end is None:
                    i += 1
                    continue
                found = (lower_end, lower_end)
            _, head_end = found
            pending = self._pending_end(doc, head_end)
            if pending is not None:  # "President-elect": the title as written, not the incumbent's
                head_end = pending
            end = head_end
            if end + 2 < n and doc[end].text == "(" and is_cap(doc[end + 1].text) and doc[end + 2].text == ")":
                end += 3  # "Secretary (East)"
            end = self._complement_end(doc, end, country_starts, person_starts, org_starts)
            # Coordinated titles held by one person: "Prime Cabinet Secretary and Cabinet Secretary for ..."
            definite = i > 0 and doc[i - 1].lower_ == "the"
            if not definite and end + 1 < n and doc[end].lower_ == "and" and is_cap(doc[end + 1].text):
                nxt = self._title_words_end(doc, end + 1)
                if nxt is not None:
                    end2 = self._complement_end(doc, nxt[1], country_starts, person_starts, org_starts)
                    # Only when a name follows: "President and Prime Minister" are two people.
                    if end2 < n and is_cap(doc[end2].text) and doc[end2].lower_ not in self.complement:
                        end = end2
            country = ""
            suffix = self._country_after(doc, end + 1, country_starts) if end < n and doc[end].lower_ == "of" else None
            if suffix is not None:
                country = suffix.kb_id_
            else:
                country = self._prefix_country(doc, i, country_ends, spans)
            if not country:
                # the body right before the title, its acronym in brackets or not: "International Criminal
                # Court (ICC) Prosecutor", "ICC Prosecutor"
                before = org_ends.get(i) or (org_ends.get(i - 1) if i >= 1 and doc[i - 1].text == ")" else None)
                org = before or next((o for o in orgs if i <= o.start and o.end <= end), None)
                # an international body's own officer: "NATO Secretary General", "Secretary-General of
                # the OAS"; not a state's envoy to it ("Ambassador to NATO", "Permanent Representative to the UN")
                envoy = any(t.lower_ in self.domain.envoy_words for t in doc[i:org.start]) if org is not None else False
                own = org is not None and (before is org or not envoy and org.start >= 1 and (
                    doc[org.start - 1].lower_ == "of" or doc[org.start - 1].lower_ == "the"
                    and org.start >= 2 and doc[org.start - 2].lower_ == "of"))
                country = org.kb_id_ if org is not None and org.kb_id_ not in ("", "IGO") or (
                    org is not None and org.kb_id_ == "IGO" and own) else ""
            span = Span(doc, i, end, kb_id=country)
            span = Span(doc, i, end, label=self._label(span, head_end), kb_id=country)
            spans.append(span)
            i = end
        doc.spans["offices"] = spans
        return doc

    @staticmethod
    def _prefix_country(doc: Doc, i: int, country_ends: dict, previous: list[Span]) -> str:
        """Country named just before a title: "Turkish", "U.S.", "Germany's", "the U.S. President's"."""
        p = i
        if p >= 3 and doc[p - 1].text == ")" and doc[p - 3].text == "(" and doc[p - 2].text.isupper():
            p -= 3  # "Republic of Korea (ROK) First Vice Foreign Minister"
        if p > 0 and doc[p - 1].text in POSSESSIVE:
            p -= 1
            if previous and previous[-1].end == p and previous[-1].kb_id_:
                return previous[-1].kb_id_
        span = country_ends.get(p)
        return span.kb_id_ if span is not None else ""


@Language.factory("readouts_offices")
def make_offices(nlp: Language, name: str) -> OfficeFinder:
    return OfficeFinder()
