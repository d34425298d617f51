"""People in one document: who they are, their office, and the side they represent.

`find_actors(doc, publisher)` groups the `persons` spans of an annotated
`Doc` into actors (full names, later surname-only mentions and title-only
references such as "the Romanian Foreign Minister"), links each to the
offices the text gives them, and assigns a country from explicit evidence.
Countries that can only be inferred from the engagements are filled in by
`readouts.extract.events`. Nothing here knows about other documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from readouts.domain import load_domain
from readouts.holders import OfficeHolders
from readouts.extract.vocabulary import LIST_SENTENCE
from readouts.nlp.offices import singular
from readouts.nlp.persons import INITIAL, MONTHS_AND_DAYS, NOT_NAMES, PARTICLES, office_qualifier_end
from readouts.nlp.tokens import reading_sentences, span_text

POSSESSIVE = ("'s", "’s")
MONTH_PREPOSITIONS = frozenset("in on since until by early late mid from of this last next during through".split())
ORG_SECTORS = {"IGO": "IGO", "MED": "MED", "MIL": "MIL"}


def _title_words(label: str) -> set[str]:
    """The words of a title, "Secretary-General" read as "Secretary General", "A/B" as "A B"."""
    return set(label.lower().replace("-", " ").replace("/", " ").split())


def name_key(text: str) -> frozenset[str]:
    """Lower-case, accent-free name words without particles or initials."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.split(r"[\s\-]+", plain.replace("’", "'"))
    return frozenset(w.strip(".,'") for w in words if w.strip(".,'") and w not in PARTICLES
                     and not INITIAL.match(w.upper()))


def tidy_name(span: Span) -> str:
    """The name as written, with SHOUTED surnames ("HAYASHI") in title case."""
    words = []
    for tok in span:
        text = tok.text
        if text.isupper() and len(text) > 2 and text.isalpha():
            text = text.capitalize()
        words.append(text + tok.whitespace_)
    return "".join(words).strip().rstrip(",")


@dataclass
class ActorDraft:
    """An actor while it is being built; `to_actor` in the engine freezes it."""

    id: str
    name: str
    key: frozenset[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token start/end
    offices: list[Span] = field(default_factory=list)
    country: str | None = None
    country_rank: int = 99  # lower is stronger evidence
    country_source: str | None = None  # schema.CountrySource: the kind of evidence that decided it
    country_where: tuple[int, int] | None = None  # token start/end of that evidence, when it is text
    organization: str | None = None
    excluded_countries: set[str] = field(default_factory=set)

    def set_country(self, iso3: str | None, rank: int, source: str, where: Span | tuple[int, int] | None = None) -> None:
        """Take `iso3` if this evidence (rank 1 strongest) beats what decided the country so far."""
        if iso3 and rank < self.country_rank and iso3 not in self.excluded_countries:
            self.country, self.country_rank, self.country_source = iso3, rank, source
            if isinstance(where, Span):
                where = (where.start, where.end)
            self.country_where = where

    @property
    def office(self) -> Span | None:
        """The most specific office the text gives this person."""
        if not self.offices:
            return None
        return max(self.offices, key=lambda s: (len(s.label_.split()), -s.start))


class ActorBuilder:
    """Turns `persons` and `offices` spans into actor drafts for one document."""

    def __init__(self, doc: Doc, publisher: str | None = None, published: date | None = None,
                 holders: OfficeHolders | None = None) -> None:
        self.doc = doc
        self.published = published
        self.holders = holders
        self.domain = load_domain()
        self.publisher = publisher
        self.actors: list[ActorDraft] = []
        self.token_actor: dict[int, str] = {}
        self.countries = list(doc.spans["countries"])
        self.country_starts = {s.start: s for s in self.countries}
        self.country_ends = {s.end: s for s in self.countries}
        self.orgs = list(doc.spans["orgs"])
        self.org_starts = {s.start: s for s in self.orgs}
        self.org_ends = {s.end: s for s in self.orgs}
        self.offices = self._trim_offices(doc)
        self.office_by_end = {s.end: s for s in self.offices}
        self.office_by_start = {s.start: s for s in self.offices}
        self.linked_offices: set[int] = set()
        self.honorific_words = {w for h in self.domain.honorifics for w in h.split()}

    @staticmethod
    def _trim_offices(doc: Doc) -> list[Span]:
        """A title that swallowed a surname known from elsewhere ("High Commissioner for Refugees Grandi")
        gives it back."""
        surnames = {s[-1].lower_ for s in doc.spans["persons"] if len(s) > 1}
        trimmed = []
        for office in doc.spans["offices"]:
            last = office[-1]
            if len(office) > 2 and last.lower_ in surnames and any(t.lower_ in ("of", "for") for t in office):
                label = office.label_.rsplit(" ", 1)[0]
                office = Span(doc, office.start, office.end - 1, label=label, kb_id=office.kb_id_)
            trimmed.append(office)
        return trimmed

    # -- clustering ---------------------------------------------------------
    def _unglue(self, spans: list[Span]) -> list[Span]:
        """"Blinken-Wang Yi talks": a hyphen that glues another person's surname onto a name is cut."""
        surnames = {s[-1].lower_ for s in spans if s[-1].text != "-"}
        fixed = []
        for span in spans:
            cut = next((t.i for t in span if t.text == "-" and t.i > span.start and t.i + 1 < span.end
                        and self.doc[t.i - 1].lower_ in surnames and self.doc[t.i - 1].i != span.end - 1
                        and any(o is not span and o[-1].lower_ == self.doc[t.i - 1].lower_ and o.end <= t.i - 1
                                or o is not span and o[-1].lower_ == self.doc[t.i - 1].lower_ and o.start > span.end
                                for o in spans)), None)
            fixed.append(self.doc[cut + 1:span.end] if cut is not None else span)
        return fixed

    def _cluster(self) -> None:
        persons = sorted(self._unglue(list(self.doc.spans["persons"])),
                         key=lambda s: (-len(name_key(s.text)), s.start))
        for span in persons:
            key = name_key(span.text)
            if not key:
                continue
            owners = [a for a in self.actors if key <= a.key]
            if len(owners) > 1:
                exact = [a for a in owners if a.key == key]
                owners = exact if len(exact) == 1 else owners
            if len(owners) == 1:
                owners[0].mentions.append((span.start, span.end))
                continue
            if owners:  # ambiguous partial name: nobody's
                continue
            actor = ActorDraft(id=f"a{len(self.actors) + 1}", name=tidy_name(span), key=key)
            actor.mentions.append((span.start, span.end))
            self.actors.append(actor)
        for actor in self.actors:
            actor.mentions.sort()
            longest = max(actor.mentions, key=lambda m: (len(name_key(self.doc[m[0]:m[1]].text)), m[1] - m[0]))
            actor.name = tidy_name(self.doc[longest[0]:longest[1]])
            for start, end in actor.mentions:
                for i in range(start, end):
                    self.token_actor[i] = actor.id

    def _surname_mentions(self) -> None:
        """Single name words later in the text ("Misri", "Mr. Jaishankar") join their actor."""
        covered = set(self.token_actor)
        for group in ("countries", "places", "orgs", "initiatives"):
            for span in self.doc.spans[group]:
                covered.update(range(span.start, span.end))
        for span in self.offices:
            covered.update(range(span.start, span.end))
        by_word: dict[str, list[ActorDraft]] = {}
        for actor in self.actors:
            for word in actor.key:
                if len(word) >= 3:
                    by_word.setdefault(word, []).append(actor)
        for tok in self.doc:
            if tok.i in covered or not tok.text[:1].isupper() or tok.lower_ in NOT_NAMES:
                continue
            if tok.lower_ in MONTHS_AND_DAYS and tok.i > 0 and self.doc[tok.i - 1].lower_ in MONTH_PREPOSITIONS:
                continue  # "in May", "since June": the month, not Theresa May
            owners = by_word.get(name_key(tok.text) and next(iter(name_key(tok.text))) or "")
            if owners and len(owners) > 1:
                # namesakes: the surname is the one of them the text has introduced so far
                introduced = [a for a in owners if a.mentions and a.mentions[0][0] < tok.i]
                owners = introduced if len(introduced) == 1 else owners
            if owners and len(owners) == 1 and len(name_key(tok.text)) == 1:
                start = tok.i
                if start >= 2 and self.doc[start - 1].text == "-" and not self.doc[start - 2].whitespace_ \
                        and not self.doc[start - 1].whitespace_ and self.doc[start - 2].text[:1].isupper():
                    start -= 2  # "Al-Qahtani"
                owners[0].mentions.append((start, tok.i + 1))
                self.token_actor[tok.i] = owners[0].id
        for actor in self.actors:
            actor.mentions.sort()

    # -- offices ------------------------------------------------------------
    def _skip_honorifics(self, i: int, forward: bool = True) -> int:
        honorifics = self.honorific_words
        doc = self.doc
        while 0 <= i < len(doc) and (doc[i].text in honorifics or forward and doc[i].lower_ == "the"
                                     and i + 1 < len(doc) and doc[i + 1].text in honorifics):
            i += 1 if forward else -1  # "the Honourable Chrystia Freeland"
        return i

    def _link_offices(self) -> None:
        doc = self.doc
        starts = {}
        for actor in self.actors:
            for start, end in actor.mentions:
                starts[start] = (actor, end)
        for office in self.offices:
            target = None
            end = office.end
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                end += 3  # "(UNHCR)"
            k = self._skip_honorifics(end)
            if k not in starts and self._skip_honorifics(office_qualifier_end(doc, office.end)) in starts:
                k = self._skip_honorifics(office_qualifier_end(doc, office.end))  # "... of Viet Nam Tran Minh Quang"
            if k in starts:  # "Foreign Secretary Vikram Misri"
                target = starts[k][0]
                # plural titles cover a list: "Secretaries Alfonso Durazo and Marcelo Ebrard"
                if office.label_ != office.text and office.text.endswith("s"):
                    end = starts[k][1]
                    while end + 1 < len(doc) and doc[end].text in (",", "and"):
                        nxt = self._skip_honorifics(end + 1 if doc[end + 1].text != "and" else end + 2)
                        if nxt not in starts:
                            break
                        starts[nxt][0].offices.append(office)
                        end = starts[nxt][1]
            elif (k := office_qualifier_end(doc, k)) < len(doc) and doc[k].text == "," \
                    and self._skip_honorifics(k + 1) in starts and self._opens_clause(office):
                target = starts[self._skip_honorifics(k + 1)][0]  # "the Minister of ..., Dr. Badr Abdelatty"
            if target is not None:
                target.offices.append(office)
                self.linked_offices.add(office.start)
        # "Bogdan Aurescu, Foreign Minister of Romania" and "Saurabh Kumar, Secretary (East), ..."
        for actor in self.actors:
            for start, end in actor.mentions:
                if end + 1 < len(doc) and doc[end].text in (",", "("):
                    office = self._apposed_office(end + 1)
                    if office is not None and office.start not in self.linked_offices:
                        actor.offices.append(office)
                        self.linked_offices.add(office.start)
                        self._apposition(actor, office.end)

    def _opens_clause(self, office: Span) -> bool:
        """A title that introduces the name after it ("the Minister of ..., Dr. Badr Abdelatty"),
        not one apposed to the name before it ("A, Ambassador to the United States, B, ...")."""
        doc = self.doc
        k = office.start
        if k in self.country_ends:  # "The Indonesian Minister of Foreign Affairs, Retno Marsudi"
            k = self.country_ends[k].start
        if k == 0:
            return True
        before = doc[k - 1]
        if before.lower_ == "the" or before.text in POSSESSIVE:
            return True
        if before.text == ",":
            return not any(end == k - 1 for a in self.actors for _, end in a.mentions)
        return before.is_punct or before.is_space or "\n" in before.whitespace_

    def _apposed_office(self, k: int) -> Span | None:
        """The title after "NAME, ": skips "the", countries and possessive titles
        ("Staffan de Mistura, the UN Secretary-General's Personal Envoy for Western Sahara")."""
        doc = self.doc
        found = None
        limit = min(len(doc), k + 10)
        while k < limit:
            if doc[k].lower_ == "the":
                k += 1
            elif k in self.country_starts:
                k = self.country_starts[k].end
            elif k in self.office_by_start:
                found = self.office_by_start[k]
                k = found.end
                if k < len(doc) and doc[k].text in POSSESSIVE:
                    k += 1
                    continue
                break
            else:
                break
        return found

    def _apposition(self, actor: ActorDraft, k: int) -> None:
        """Organisation and country listed after a title: ", Ministry of External Affairs, India"."""
        doc = self.doc
        if k < len(doc) and doc[k].lower_ == "of":
            k += 1 + (k + 1 < len(doc) and doc[k + 1].lower_ == "the")
            if k in self.country_starts:
                k = self.country_starts[k].end
        limit = min(len(doc), k + 14)
        while k < limit and doc[k].text == ",":
            k += 1
            if k in self.org_starts:
                org = self.org_starts[k]
                actor.organization = actor.organization or org.id_
                actor.set_country(org.kb_id_ or None, 3, "organization", org)
                k = org.end
            elif doc[k:k + 3].text.startswith(("Ministry of", "Department of", "Ministry for")):
                j = k
                while j < limit and doc[j].text not in (",", ".", ")"):
                    j += 1
                actor.organization = actor.organization or doc[k:j].text
                k = j
            elif k in self.country_starts and self.country_starts[k].label_ == "COUNTRY":
                actor.set_country(self.country_starts[k].kb_id_, 1, "apposition", self.country_starts[k])
                k = self.country_starts[k].end
            else:
                break

    def _ministry_qualifier(self, start: int) -> Span | None:
        """The country of a ministry named right before a title: "French MFA Secretary General",
        "German Foreign Ministry State Secretary" (offices.yaml `ministry_words`)."""
        doc = self.doc
        for words in self.domain.ministry_words:
            k = start - len(words)
            if k >= 1 and tuple(t.text for t in doc[k:start]) == words:
                return self.country_ends.get(k)
        return None

    def _demonym_role_before(self, start: int) -> Span | None:
        """A demonym, then one or two lower-case role words or an acronym, right before a name: "Burmese
        NUG representative Zin Mar Aung", "Belarusian opposition leader Svyatlana Tsikhanouskaya"."""
        doc = self.doc
        for width in (1, 2):
            k = start - width
            if k < 1:
                return None
            words = doc[k:start]
            if not all(t.is_alpha and (t.is_lower and t.pos_ == "NOUN" or t.is_upper and len(t) >= 2)
                       for t in words) or not any(t.is_lower for t in words):
                continue
            span = self.country_ends.get(k)
            if span is not None and span.label_ == "DEMONYM" and k not in self.office_by_start:
                return span
        return None

    def _listed_offices(self) -> None:
        """"The ambassadors include: A from Mali, B from Lesotho": the untitled names a list sentence
        gives hold the office its plural noun names (here "Ambassador")."""
        doc = self.doc
        office = None  # "Others are: ..." right after such a list: the same office
        for sent in reading_sentences(doc):
            found = LIST_SENTENCE.search(span_text(sent))
            colon = next((t for t in sent if t.text == ":"), None) if found else None
            if colon is None or colon.i - 2 < sent.start:
                office = None
                continue
            noun = next((t for t in reversed(doc[sent.start:colon.i - 1]) if t.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None and noun.tag_ in ("NNS", "NNPS") and singular(noun.lower_) in self.domain.office_heads:
                title = singular(noun.text)
                office = Span(doc, noun.i, noun.i + 1, label=title[0].upper() + title[1:])
            elif noun is not None and noun.lower_ not in ("others", "other"):
                office = None
            if office is None:
                continue
            for actor in self.actors:
                if not actor.offices and any(colon.i < start < sent.end for start, _ in actor.mentions):
                    actor.offices.append(office)

    # -- countries ----------------------------------------------------------
    def _explicit_countries(self) -> None:
        doc = self.doc
        for actor in self.actors:
            for office in actor.offices:
                qualifier = self.country_ends.get(office.start)  # "German Foreign Minister"
                actor.set_country(office.kb_id_ or None, 1, "office",
                                  doc[qualifier.start:office.end] if qualifier is not None else office)
                if qualifier is None and (ministry := self._ministry_qualifier(office.start)) is not None:
                    actor.set_country(ministry.kb_id_, 1, "office", doc[ministry.start:office.end])
                # "Canada's Minister of Foreign Affairs, Chrystia Freeland"
                k = office.start - 1
                if k >= 1 and doc[k].text in POSSESSIVE and k in self.country_ends:
                    span = self.country_ends[k]
                    if span.label_ == "COUNTRY":
                        actor.set_country(span.kb_id_, 1, "office", doc[span.start:office.end])
            for start, end in actor.mentions:
                # "Penny Wong of Australia", "Prime Minister Cameron of the United Kingdom"; in lists of
                # envoys and delegates, "Didier Dacko from Mali" (weaker: "from" can be a route)
                if end + 1 < len(doc) and doc[end].lower_ in ("of", "from"):
                    k = end + 1 + (doc[end + 1].lower_ == "the")
                    span = self.country_starts.get(k)
                    if span is not None and span.label_ == "COUNTRY":
                        actor.set_country(span.kb_id_, 1 if doc[end].lower_ == "of" else 2, "of-country", span)
                # "his Indian counterpart S. Jaishankar", "his Panamanian counterpart, Alejandro Ferrer"
                k = self._skip_honorifics(start - 1, forward=False)
                if k >= 2 and doc[k].text == "," and doc[k - 1].lower_ in self.domain.counterpart_words:
                    k -= 1
                if k >= 1 and doc[k].lower_ in self.domain.counterpart_words:
                    span = self.country_ends.get(k)
                    if span is not None:
                        actor.set_country(span.kb_id_, 1, "counterpart", (span.start, k + 1))
                elif (role := self._demonym_role_before(start)) is not None:
                    actor.set_country(role.kb_id_, 2, "demonym", role)  # "Burmese NUG representative Zin Mar Aung"
                elif k >= 0 and k + 1 in self.country_ends and k + 1 == start \
                        and not any(o.start < start <= o.end and o.start < self.country_ends[k + 1].start
                                    for o in self.offices):  # not "Special Representative for the DPRK Sung Kim"
                    actor.set_country(self.country_ends[k + 1].kb_id_, 2, "demonym", self.country_ends[k + 1])  # "Indian Jaishankar"
            office = actor.office
            if office is not None:
                label = office.label_.lower()
                # "Assistant Secretary of State for African Affairs": the title before its portfolio
                owned = self.domain.country_offices.get(label) or self.domain.country_offices.get(
                    re.split(r"\s+for\s+", label, maxsplit=1)[0])
                actor.set_country(owned, 4, "title", office)
                actor.organization = actor.organization or self.domain.office_organizations.get(label)
                org = self.domain.organizations.get(self.domain.office_organizations.get(label, ""))
                if org is not None:
                    actor.set_country(org.iso3, 5, "title", office)
        self._inherit_in_lists()
        for actor in self.actors:
            for office in actor.offices:
                # "At the Department of Commerce, Under Secretary Jeffrey Kessler"
                k = office.start - 1
                if k >= 1 and doc[k].text == "," and k in self.org_ends:
                    org = self.org_ends[k]
                    actor.organization = actor.organization or org.id_
                    actor.set_country(org.kb_id_ or None, 5, "organization", org)

    def _inherit_in_lists(self) -> None:
        """In "Syrian Foreign Minister A, Defense Minister B and Intelligence Chief C" B and C are Syrian.

        Only lists of three or more titled names inherit: in "talks between President X and
        Prime Minister Y" the two are usually on different sides.
        """
        doc = self.doc
        ordered = sorted((m, a) for a in self.actors for m in a.mentions if a.offices)
        runs: list[list[tuple[tuple[int, int], ActorDraft]]] = []
        for item in ordered:
            if runs:
                (prev_m, _), (m, actor) = runs[-1][-1], item
                office = min(actor.offices, key=lambda s: abs(s.end - m[0]))
                words = [t for t in doc[prev_m[1]:m[0]] if not (office.start <= t.i < office.end)
                         and t.text not in self.honorific_words]  # "... Mr. A and Deputy B Ms. C"
                if words and len(words) <= 2 and all(t.text in (",", "and") for t in words) \
                        and office.end <= m[0] and office.start >= prev_m[1]:
                    runs[-1].append(item)
                    continue
            runs.append([item])
        for run in runs:
            if doc[max(0, run[0][0][0] - 1)].lower_ == "between":
                continue
            for (_, principal), (_, deputy) in zip(run, run[1:]):
                if not deputy.country and principal.country and self._deputy_of(deputy, principal):
                    deputy.set_country(principal.country, 3, "deputy", principal.country_where)
            if len(run) < 3:
                continue
            known = [a for _, a in run if a.country and a.country_rank <= 2]
            if len({a.country for a in known}) != 1 or len({a.country for _, a in run if a.country}) > 1:
                continue  # nobody's side is stated, or the list mixes sides (by any evidence)
            for _, actor in run:
                if not actor.country:
                    actor.set_country(known[0].country, 3, "list", known[0].country_where)

    def _deputy_of(self, deputy: ActorDraft, principal: ActorDraft) -> bool:
        """"Secretary General A and Deputy Secretary-General B", "Minister A and Vice Minister B":
        the second title is the first with a rank word, so the two serve the same body."""
        if deputy.office is None or principal.office is None:
            return False
        ranks = self.domain.rank_modifiers
        own, first = _title_words(deputy.office.label_), _title_words(principal.office.label_)
        return bool(own & ranks) and not (first & ranks) and own - ranks == first - ranks

    # -- title-only references ---------------------------------------------
    def _office_head(self, label: str) -> str:
        """The head noun of a title: "minister" in "Federal Minister for Foreign Affairs"."""
        words = re.split(r"\s+(?:of|for|to)\s+", label.lower())[0].replace("/", " ").split()
        heads = [w for w in words if w in self.domain.office_heads]
        return heads[-1] if heads else (words[-1] if words else "")

    def _title_references(self) -> None:
        """Unlinked titles that fit one actor ("the Romanian Foreign Minister", "Secretary (East)").

        A plural title ("the Secretaries of ...") refers to every actor holding that kind of office.
        """
        inside_names = {t for s in self.doc.spans["initiatives"] for t in range(s.start, s.end)}
        ranks = self.domain.rank_modifiers
        for office in self.offices:
            if office.start in self.linked_offices or office.start in inside_names:
                continue
            plural = office.label_ != office.text and office.text.rstrip("'’").split()[-1].endswith("s")
            label = office.label_.lower().replace("-", " ")  # "Secretary-General" is "Secretary General"
            head = self._office_head(label)
            words = _title_words(label)
            fits = []
            for actor in self.actors:
                own = actor.office
                if own is None:
                    continue
                if office.kb_id_ and actor.country and office.kb_id_ != actor.country:
                    continue
                own_label = own.label_.lower().replace("-", " ")
                own_words = _title_words(own_label)
                if plural:
                    # "the Secretaries of ..." fits "Secretary"; a bare "the Ministers" is left to anaphora
                    if len(words) > 1 and self._office_head(own_label) == head \
                            and (words <= own_words or own_words <= words):
                        fits.append(actor)
                elif (own_words & ranks) - words:
                    continue  # "the Secretary General" is not the Deputy Secretary General
                elif own_label == label or (self._office_head(own_label) == head and (
                        words <= own_words or office.kb_id_ and own_words <= words)):
                    # "the Malaysian Foreign Minister" fits a Malaysian "Minister", never its "Prime Minister"
                    fits.append(actor)
            if len(fits) > 1 and not plural and self.publisher:
                # a government's own release: a bare "the President" is its own president
                own = [a for a in fits if a.country == self.publisher]
                fits = own if len(own) == 1 else fits
            if (len(fits) == 1 and not plural) or (plural and len(fits) >= 2):
                for actor in fits:
                    actor.mentions.append((office.start, office.end))
        for actor in self.actors:
            actor.mentions.sort()

    # -- who holds which office ----------------------------------------------
    def _office_holders(self) -> None:
        """A name the office-holder table knows, in office on the document's date, gives the holder's
        country when the text states none (rank 6: below every explicit text evidence).

        Only a full name is looked up without a date; a surname alone needs the date, and the
        table's answer must be one country (it never guesses between namesakes)."""
        if self.holders is None:
            return
        for actor in self.actors:
            if actor.country_rank <= 5:
                continue
            office = actor.office
            if len(actor.key) < 2 and (self.published is None or office is None):
                continue  # a surname alone needs the date and a title the text gives ("Foreign Minister Lavrov")
            found = self.holders.match(actor.name, self.published, office.label_ if office is not None else None)
            if not found and office is not None and len(actor.key) >= 2:
                # a compound or local title ("State Councilor and Foreign Minister"): the full name decides
                found = self.holders.match(actor.name, self.published)
            countries = {h.country for h in found}
            if len(countries) == 1:
                actor.set_country(countries.pop(), 6, "office-holder")

    @staticmethod
    def _heading_lines(text: str) -> list[tuple[int, int]]:
        """Character ranges of the Title Case heading lines of a text (the headline, cross-heads):
        three or more words, most of them capitalised, no full stop at the end."""
        ranges = []
        small = {"a", "an", "the", "of", "for", "to", "in", "on", "and", "with", "at", "by", "from", "as"}
        for match in re.finditer(r"[^\n]+", text):
            line = match.group().strip()
            words = [w for w in re.findall(r"[\w’'-]+", line) if w.lower() not in small]
            if len(words) >= 3 and not line.endswith((".", ":", ";", "?", "!", "”", '"')) \
                    and sum(w[:1].isupper() for w in words) >= 0.7 * len(words):
                ranges.append((match.start(), match.end()))
        return ranges

    def _drop_headline_only(self) -> None:
        """A name seen only in Title Case headings, and never capitalised in the running text, is
        dropped: in a heading, verbs and nouns look like names ("Ambassador Expresses Gratitude",
        "Cuban Chancellor Continues Exchanges")."""
        text = self.doc.text
        headings = self._heading_lines(text)
        if not headings:
            return
        def in_heading(char: int) -> bool:
            return any(start <= char < end for start, end in headings)
        suspects = [a for a in self.actors if all(in_heading(self.doc[start].idx) for start, _ in a.mentions)]
        if not suspects:
            return
        pieces, last = [], 0
        for start, end in headings:  # the running text: the headings blanked out
            pieces.append(text[last:start])
            last = end
        running = " ".join([*pieces, text[last:]])
        body_words = {w.lower() for w in re.findall(r"\w+", running) if w[:1].isupper()}
        kept = []
        for actor in self.actors:
            if actor in suspects and not any(w.lower() in body_words for w in re.findall(r"\w+", actor.name)):
                continue
            kept.append(actor)
        ids = {a.id for a in kept}
        self.token_actor = {i: a for i, a in self.token_actor.items() if a in ids}
        self.actors = kept

    def build(self) -> list[ActorDraft]:
        """Cluster names, link offices, set explicit countries; return the drafts."""
        self._cluster()
        self._drop_headline_only()
        self._surname_mentions()
        self._link_offices()
        self._listed_offices()
        self._explicit_countries()
        self._office_holders()
        self._title_references()
        return self.actors


def sector_of(actor: ActorDraft) -> str | None:
    """PLOVER-style sector from the office's head noun."""
    domain = load_domain()
    office = actor.office
    if actor.country in ("UNO", "EUR", "IGO"):
        return "IGO"
    if office is None:
        return None
    for word in reversed(office.label_.lower().replace("-", " ").split()):
        if word in domain.office_heads:
            sector = domain.office_heads[word]
            if "foreign" in office.label_.lower() or "external" in office.label_.lower():
                return "DIP" if sector == "GOV" else sector
            return sector
    return "GOV"
