"""Engagements in one document: meetings, calls, talks, visits, with who, when and where.

`EventFinder(doc, actors, published, publisher).find()` reads the trigger,
actor, country, place and date spans sentence by sentence and returns event
drafts. It also settles the countries of participants that the text leaves
implicit (the publisher's side, the other side of a bilateral exchange) and
groups the meetings held during a visit. Coding (CAMEO/PLOVER), topics and
the output model are the engine's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span

from readouts.domain import load_domain
from readouts.extract.actors import POSSESSIVE, ActorDraft
from readouts.nlp.dates import find_dates, resolve
from readouts.nlp.tokens import doc_text, reading_sentences, span_text

NON_STATE = {"UNO", "EUR", "IGO", "NGO", "BUS"}
_ENGAGEMENT = load_domain().language["engagement"]  # data/language.yaml


def _phrases(words: list[str]) -> re.Pattern:
    """Whole-word, case-insensitive alternation of the phrases of a language.yaml list."""
    alternatives = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


ANAPHORA = _phrases(_ENGAGEMENT["anaphora"])
TWO_SIDES = _phrases(_ENGAGEMENT["two_sides"])
VIRTUAL = _phrases(_ENGAGEMENT["virtual_markers"])
ACCOMPANIED = _phrases(_ENGAGEMENT["companion_markers"])
GROUP = re.compile(
    r"\bwith\s+(?:the\s+)?(?:(?:" + "|".join(map(re.escape, _ENGAGEMENT["group_modifiers"])) + r")\s+)?"
    r"(?P<country>[A-Z][\w.\-]*(?:\s[A-Z][\w.]*)?)\s+"
    r"(?P<what>(?:[a-z\-]+\s+){0,2}(?:" + "|".join(map(re.escape, _ENGAGEMENT["group_nouns"])) + r"))\b"
)
TOPIC_NOUNS = frozenset(_ENGAGEMENT["topic_nouns"])
SAYING = frozenset(_ENGAGEMENT["saying_verbs"])
ATTRIBUTION = frozenset(_ENGAGEMENT["attribution_words"])
JOINT_VERBS = frozenset(_ENGAGEMENT["joint_verbs"])
FUTURE_ANYWHERE = list(_ENGAGEMENT["future_anywhere"])
OTHERS = "*"  # a group of other sides whose countries the text does not name
# "hosted his Quad counterparts", "met their G7 counterparts": a grammar, not a word list
COUNTERPARTS = re.compile(
    r"\b(?:hosted|hosts|received|receives|welcomed|welcomes|met|meets|with)\s+(?P<who>(?:his|her|their|the)\s+"
    r"(?:[A-Z][\w\-]*\s+)?(?:[a-z\-]+\s+)?counterparts)\b"
)
GENERIC_TYPES = {"meeting", "talks", "dialogue"}
_TRANSCRIPTS = load_domain().language["transcripts"]
QUESTION_LABELS = frozenset(str(w).upper() for w in _TRANSCRIPTS["question_labels"])
DELEGATION_NOUNS = frozenset(_ENGAGEMENT["delegation_nouns"])
CONDITIONAL_OPENERS = frozenset(str(w).lower() for w in _TRANSCRIPTS["conditional_openers"])
# a speaker label opening a transcript paragraph: "QUESTION:", "MR PRICE:", "SECRETARY BLINKEN:"
SPEAKER = re.compile(r"^\s*([A-Z][A-Z .'’\-]{0,40}):")


@dataclass
class EventDraft:
    type: str
    sentences: list[Span]
    trigger: Span | None = None
    status: str = "held"
    participants: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    host_country: str | None = None
    groups: list[tuple[str, str | None]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    location: tuple[str | None, str | None] | None = None  # (name, iso3)
    start: str | None = None
    end: str | None = None
    part_of: EventDraft | None = None
    explicit: bool = True  # False for visits inferred from a meeting's place
    dateline_place: bool = False  # the location is only the dateline's (where the report was filed)
    sides: list[tuple[str | None, list[str]]] = field(default_factory=list)  # (country, actor ids), set by find()
    virtual: bool = False
    id: str = ""

    @property
    def first(self) -> int:
        return min(s.start_char for s in self.sentences)


@lru_cache(maxsize=4)
def cancel_forms(markers: tuple[str, ...]) -> list[str]:
    """The cancel markers of events.yaml with the inflections of their one-word verbs
    ("postpone" → "postpones", "postponing"), so that a headline's "Postpones" counts too."""
    forms = []
    for marker in (m.lower() for m in markers):
        forms.append(marker)
        if " " not in marker and not marker.endswith(("ed", "led")):
            stem = marker[:-1] if marker.endswith("e") else marker
            forms.extend([marker + "s", stem + "ing", marker + ("d" if marker.endswith("e") else "ed")])
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=32)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern:
    """One compiled pattern for a list of marker phrases, each matched as whole words."""
    return re.compile("|".join(rf"(?<![\w']){re.escape(m)}(?![\w])" for m in markers))


class EventFinder:
    """Finds the engagements of one annotated document."""

    def __init__(self, doc: Doc, actors: list[ActorDraft], published: date | None,
                 publisher: str | None = None) -> None:
        self.doc = doc
        self.domain = load_domain()
        self.actors = {a.id: a for a in actors}
        self.order = [a.id for a in actors]
        self.published = published
        self.publisher = publisher
        events_cfg = self.domain.events
        self.type_rank = {t: i for i, t in enumerate(events_cfg["types"])}
        self.future = [m.lower() for m in events_cfg["future_markers"]]
        self.cancel = cancel_forms(tuple(events_cfg["cancel_markers"]))
        # token -> actor id, for names and the offices linked to them
        self.token_actor: dict[int, str] = {}
        self.mention_of: dict[int, tuple[str, int, int]] = {}
        for actor in actors:
            for start, end in actor.mentions:
                for i in range(start, end):
                    self.token_actor[i] = actor.id
                self.mention_of[start] = (actor.id, start, end)
            for office in actor.offices:
                for i in range(office.start, office.end):
                    self.token_actor.setdefault(i, actor.id)
        self.countries = list(doc.spans["countries"])
        self.places = list(doc.spans["places"])
        self.locations = sorted([*self.places, *self.countries], key=lambda s: s.start)
        self.triggers = list(doc.spans["triggers"])
        self.events: list[EventDraft] = []
        self.cancelled: list[tuple[set[str], set[str]]] = []  # (people, countries) of called-off trips
        self.same_side: dict[str, str] = {}
        self.sentences = reading_sentences(doc)
        self._sentence_bounds = {s.start: (s.start, s.end) for s in self.sentences}
        self.sentence_of = [0] * len(doc)  # token -> first token of its sentence
        for sent in self.sentences:
            self.sentence_of[sent.start:sent.end] = [sent.start] * len(sent)
        self._sentence_mentions: dict[tuple[int, int], list[tuple[str, int, int]]] | None = None
        self._lowered: dict[tuple[int, int], str] = {}  # span bounds -> " lower-cased text "

    def _sentence_span(self, token: int) -> Span:
        """The reading sentence (`reading_sentences`) that holds token `token`."""
        start, end = self._sentence_bounds[self.sentence_of[token]]
        return self.doc[start:end]

    # -- sides ------------------------------------------------------------------
    def _root(self, actor_id: str) -> str:
        while self.same_side.get(actor_id, actor_id) != actor_id:
            actor_id = self.same_side[actor_id]
        return actor_id

    def _join_sides(self, a: str, b: str) -> None:
        ra, rb = self._root(a), self._root(b)
        ca, cb = self.actors[a].country, self.actors[b].country
        if ra != rb and (ca is None or cb is None or ca == cb):
            self.same_side[rb] = ra

    def _side(self, actor_id: str) -> str:
        """The actor's country, or for an unknown country an id shared with known companions."""
        root = self._root(actor_id)
        members = [a for a in self.actors if self._root(a) == root]
        country = next((self.actors[a].country for a in members if self.actors[a].country), None)
        return country or f"?{root}"

    def _with_list(self, sent: Span, trigger: Span) -> None:
        """'discussions with A and B': the people after "with" are on one side."""
        doc = self.doc
        k = next((t.i for t in doc[trigger.end:min(sent.end, trigger.end + 4)] if t.lower_ == "with"), None)
        if k is None:
            return
        members: list[str] = []
        separator = None
        i = k + 1
        while i < sent.end:
            tok = doc[i]
            if i in self.token_actor:
                actor_id = self.token_actor[i]
                if actor_id not in members:
                    members.append(actor_id)
                i += 1
                continue
            if tok.text in (",", "and"):
                separator = tok.text if separator != "and" else "and"
                i += 1
                continue
            if tok.text == "the" or tok.text in self.domain.honorifics or tok.is_title and any(
                    s.start <= i < s.end for s in doc.spans["countries"]):
                i += 1
                continue
            break
        if separator == "," and len(members) > 1:
            members.pop()  # "with A, B explored ...": B is the subject, not on A's list
        for a, b in zip(members, members[1:]):
            self._join_sides(a, b)

    # -- sentence facts -------------------------------------------------------
    def _mentions_in(self, sent: Span) -> list[tuple[str, int, int]]:
        if self._sentence_mentions is None:  # every sentence's mentions, gathered in one pass
            self._sentence_mentions = {}
            for actor in self.actors.values():
                for start, end in actor.mentions:
                    key = self._sentence_bounds[self.sentence_of[start]]
                    self._sentence_mentions.setdefault(key, []).append((actor.id, start, end))
            for found in self._sentence_mentions.values():
                found.sort(key=lambda m: m[1])
        if self._sentence_bounds.get(sent.start) == (sent.start, sent.end):
            return list(self._sentence_mentions.get((sent.start, sent.end), []))
        found = [(actor.id, start, end) for actor in self.actors.values() for start, end in actor.mentions
                 if sent.start <= start < sent.end]
        return sorted(found, key=lambda m: m[1])

    def _excluded(self, actor_id: str, start: int, end: int, sent: Span) -> bool:
        """Mentions that are not taking part: possessors of a non-event noun, speakers, spokespeople."""
        doc = self.doc
        actor = self.actors[actor_id]
        office = actor.office
        if office is not None and "spokes" in office.label_.lower():
            return True
        if end < len(doc) and doc[end].text in POSSESSIVE:
            after = doc[end + 1:min(end + 4, sent.end)]
            if not any(t.start <= tok.i < t.end for t in self.triggers for tok in after):
                return True
        before = doc[max(sent.start, start - 4):start]
        if any(t.lower_ in ATTRIBUTION for t in before):
            return True
        if "leadership of" in doc[max(sent.start, start - 8):start].text.lower():
            return True
        return False

    def _participants(self, sent: Span) -> list[str]:
        seen: list[str] = []
        for actor_id, start, end in self._mentions_in(sent):
            if actor_id not in seen and not self._excluded(actor_id, start, end, sent):
                seen.append(actor_id)
        pronoun = next((t for t in sent if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
                        and t.i not in self.token_actor), None)
        if pronoun is not None and len(seen) <= 1:
            previous = self._last_mentioned_before(sent.start, exclude=seen)
            if previous is not None:
                seen.insert(0, previous)  # "During the visit, he met ..."
        return seen

    def _last_mentioned_before(self, token: int, exclude: list[str]) -> str | None:
        """The titled actor mentioned last before `token` (for a he/she subject)."""
        best, best_pos = None, -1
        for actor in self.actors.values():
            if actor.id in exclude or not actor.offices or "spokes" in actor.office.label_.lower():
                continue
            for start, _ in actor.mentions:
                if best_pos < start < token:
                    best, best_pos = actor.id, start
        return best

    def _future(self, trigger: Span, sent: Span) -> bool:
        """Announced rather than held: "will visit", "is set to meet", "was to hold talks", "next week"."""
        window = self.doc[max(sent.start, trigger.start - 5):trigger.end]
        if self._has(window, self.future):
            return True
        tok = trigger.root
        for _ in range(4):  # "will visit Tokyo ... for talks": the verb that governs the trigger
            for child in tok.children:
                if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "shall", "'ll", "to"):
                    if child.lower_ != "to" or tok.head.lemma_ in ("set", "expect", "schedule", "due", "plan", "be"):
                        return True
            if tok.head is tok:
                break
            tok = tok.head
        return self._has(sent, FUTURE_ANYWHERE)

    def _has(self, sent: Span, markers: list[str]) -> bool:
        key = (sent.start, sent.end)
        text = self._lowered.get(key)
        if text is None:
            text = self._lowered[key] = " " + span_text(sent).lower() + " "
        return _marker_pattern(tuple(markers)).search(text) is not None

    def _dates(self, sent: Span, future: bool, near: int | None = None) -> tuple[str | None, str | None]:
        exprs = [e for e in find_dates(span_text(sent)) if not self._announcement_date(sent, e)]
        if not exprs:
            return None, None
        def score(expr) -> tuple:
            absolute = expr.kind in ("day", "range") and expr.month is not None
            dist = abs(sent.start_char + expr.start - near) if near is not None else 0
            return (not absolute, expr.kind == "month", dist)
        expr = min(exprs, key=score)
        return resolve(expr, self.published, future)

    @staticmethod
    def _announcement_date(sent: Span, expr) -> bool:
        """'the MEA on March 28 said ...': the date of the announcement, not of the event."""
        following = span_text(sent)[expr.end:expr.end + 30].lower().split()[:2]
        return any(w.strip(",") in SAYING for w in following)

    def _place_in(self, sent: Span, after: int | None = None) -> tuple[str, str] | None:
        """A place introduced by in/at after the trigger ("in Bali", "in the capital Ankara").

        "the situation in Ukraine" or "the war in Gaza" say what was discussed, not where.
        """
        doc = self.doc
        for span in self.locations:
            if not (sent.start <= span.start < sent.end) or span.label_ == "DEMONYM":
                continue
            opening = span.start - sent.start <= 2 and doc[sent.start].lower_ in ("in", "at") \
                and (span.start == sent.start + 1 or doc[sent.start + 1].lower_ == "the")
            if after is not None and span.start < after and not opening:
                continue  # before the trigger only as the sentence's opening "In New Delhi, ..."
            if span.end < len(doc) and doc[span.end].text in ("-", "–", *POSSESSIVE):
                continue
            window = [t.lower_ for t in doc[max(sent.start, span.start - 3):span.start]]
            prep = next((i for i in range(len(window) - 1, -1, -1) if window[i] in ("in", "at")), None)
            if prep is None:
                continue
            k = span.start - len(window) + prep - 1
            if k >= sent.start and doc[k].lemma_.lower() in TOPIC_NOUNS:
                continue
            return span.id_ or span.text, span.kb_id_
        return None

    def _destination(self, trigger: Span, sent: Span) -> tuple[str, str] | None:
        found = self._destinations(trigger, sent)
        return found[0] if found else None

    def _destinations(self, trigger: Span, sent: Span) -> list[tuple[str, str]]:
        """Where a trip goes: the first place or country after the trigger, and the ones listed with
        it ("travel to Israel, the West Bank, and Saudi Arabia"; "visit Kenya, Tanzania, Mozambique
        and South Africa"), one per country."""
        doc = self.doc
        limit = min(sent.end, trigger.end + (2 if trigger.kb_id_ == "weak" else 6))
        # dates between the verb and its destination do not count: "will travel on June 1-2 to San José"
        k = trigger.end
        while k < sent.end and (doc[k].ent_type_ == "DATE" or doc[k].lower_ in ("on", "from", "-", "–")):
            k += 1
        if k > trigger.end and trigger.kb_id_ != "weak":
            limit = min(sent.end, k + 6)
        first = None
        for span in self.locations:
            if span.label_ == "DEMONYM" or not (trigger.end <= span.start < limit):
                continue
            if span.end < len(doc) and doc[span.end].text in ("-", "–", *POSSESSIVE):
                continue
            if span.start > 0 and doc[span.start - 1].lower_ == "from":
                continue  # "the trip from Tehran to Beijing": where it started, not where it went
            first = span
            break
        if first is None:
            return []
        found = [(first.id_ or first.text, first.kb_id_)]
        starts = {s.start: s for s in self.locations if s.label_ != "DEMONYM" and sent.start <= s.start < sent.end}
        k = first.end
        while k < sent.end:
            j = k
            while j < sent.end and doc[j].lower_ in (",", "and", "the", "then", "as", "well"):
                j += 1
            if j == k or j not in starts or not any(doc[t].lower_ in (",", "and") for t in range(k, j)):
                break
            span = starts[j]
            if span.end < len(doc) and doc[span.end].text in ("-", "–", *POSSESSIVE):
                break
            place = (span.id_ or span.text, span.kb_id_)
            if all(place[1] != f[1] for f in found):
                found.append(place)
            k = span.end
        return found

    def _visitor_by_syntax(self, trigger: Span) -> list[str]:
        """The visitor from grammar: "Modi's trip", "Truss will visit", "Misri concluded a visit", "who is visiting"."""
        doc = self.doc
        head = trigger.root
        found: list[str] = []
        k = trigger.start - 1
        while k >= self.sentence_of[trigger.start] and k >= trigger.start - 3:
            if doc[k].text in POSSESSIVE and k - 1 in self.token_actor:
                return [self.token_actor[k - 1]]
            if not (doc[k].is_alpha or doc[k].like_num) or doc[k].lower_ in ("to", "with"):
                break
            k -= 1
        candidates = [head, head.head, head.head.head]
        for tok in candidates:
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass", "poss") and child.i in self.token_actor:
                    found.append(self.token_actor[child.i])
                elif child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in ("who", "which"):
                    target = tok.head if tok.dep_ == "relcl" else tok.head.head
                    if target.i in self.token_actor:
                        found.append(self.token_actor[target.i])
            if tok.dep_ == "relcl" and tok.head.i in self.token_actor:
                found.append(self.token_actor[tok.head.i])
            if found:
                break
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    if grand.i in self.token_actor:
                        found.append(self.token_actor[grand.i])
        return list(dict.fromkeys(found))

    # -- pass 1: sentences ------------------------------------------------------
    def _question_turns(self) -> list[tuple[int, int]]:
        """Character ranges of the journalists' turns of a transcript: from a paragraph opening with a
        question label ("QUESTION:") to the next speaker label ("MR PRICE:")."""
        text = doc_text(self.doc)
        turns, start = [], None
        for match in re.finditer(r"[^\n]+", text):
            label = SPEAKER.match(match.group())
            if label is not None:
                if start is not None:
                    turns.append((start, match.start()))
                    start = None
                if label.group(1).strip().upper() in QUESTION_LABELS:
                    start = match.start()
        if start is not None:
            turns.append((start, len(text)))
        return turns

    def _supposed(self, sent: Span, turns: list[tuple[int, int]]) -> bool:
        """A question, a conditional, or a journalist's turn: it asks about or supposes an engagement."""
        words = [t for t in sent if not t.is_space]
        if not words:
            return True
        if words[-1].text == "?" or (len(words) > 1 and words[-1].is_punct and words[-2].text == "?"):
            return True
        if words[0].lower_ in CONDITIONAL_OPENERS:
            return True
        return any(start <= sent.start_char < end for start, end in turns)

    def _sentence_events(self) -> None:
        turns = self._question_turns()
        for sent in self.sentences:
            triggers = [t for t in self.triggers if sent.start <= t.start < sent.end]
            if self._supposed(sent, turns):
                continue
            if self._has(sent, self.cancel):
                self._called_off(sent)
                continue
            participants = self._participants(sent)
            visit_triggers = [t for t in triggers if t.label_ == "visit"]
            for trigger in visit_triggers:
                self._visit(trigger, sent, participants, self._future(trigger, sent))
            self._accompanied(sent, participants)
            talk_triggers = [t for t in triggers if t.label_ != "visit"]
            if talk_triggers:
                self._interaction(talk_triggers, sent, participants)
            elif len([a for a in participants if self._identified(a)]) >= 2 \
                    and len({self._side(a) for a in participants}) > 1:
                verb = next((t for t in sent if t.lemma_ in JOINT_VERBS and t.pos_ == "VERB"
                             and self._done_together(t)), None)
                if verb is not None:
                    future = self._future(sent[verb.i - sent.start:verb.i - sent.start + 1], sent)
                    event = EventDraft("meeting", [sent], trigger=None, status="announced" if future else "held",
                                       participants=participants)
                    event.start, event.end = self._dates(sent, future, near=verb.idx)
                    self._add(event)

    def _done_together(self, verb) -> bool:
        """A joint verb done by two sides together: a coordinated subject naming two people
        ("X and Y discussed"), or "X discussed ... with Y". "X emphasized that Y ..." is not."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.dep_ in ("conj", "xcomp") and not subjects:
            subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        people = {self.token_actor[t.i] for s in subjects for t in s.subtree if t.i in self.token_actor}
        if len(people) >= 2:
            return True
        if any(ANAPHORA.fullmatch(span_text(self.doc[s.left_edge.i:s.right_edge.i + 1])) for s in subjects):
            return True  # "the two leaders discussed"
        # "X discussed ... with Y", "commitments discussed between X and Y", "X will hold a banquet for Y"
        preps = ("with", "between", "for") if verb.lemma_ in ("hold", "host") else ("with", "between")
        linked = {self.token_actor[t.i] for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
                  for t in c.subtree if t.i in self.token_actor}
        return len(people | linked) >= 2

    def _called_off(self, sent: Span) -> None:
        """Remember who called off a trip to where, so that the document's other mentions of
        that trip ("The visit will be undertaken ...") make no visit either."""
        people = {a for a, _, _ in self._mentions_in(sent)}
        places = {s.kb_id_ for s in self.locations if sent.start <= s.start < sent.end and s.kb_id_}
        if places:
            self.cancelled.append((people, places))

    def _cancelled_visit(self, event: EventDraft) -> bool:
        return event.type == "visit" and any(
            event.host_country in places and (not people or set(event.visitors) & people)
            for people, places in self.cancelled)

    def _visit(self, trigger: Span, sent: Span, participants: list[str], future: bool) -> None:
        doc = self.doc
        destination = self._destination(trigger, sent)
        visitors = self._visitor_by_syntax(trigger)
        if trigger.kb_id_ == "weak" and (not visitors or destination is None):
            return  # "is in", "accompany": a visit only with a person as subject and a place after
        determiner = trigger.start > sent.start and doc[trigger.start - 1].lower_ in ("the", "this", "that", "his", "her", "their")
        named_place = trigger.end < sent.end and doc[trigger.end].lower_ in ("to", "in") and destination is None
        if named_place:
            return  # "a trip to the Middle East": a region we cannot place
        if not visitors:
            if determiner and destination is None:
                return  # "The visit", "During the visit": refers back
            if destination is None and trigger.lemma_ != "visiting":
                return
            # no grammatical link to the trip word: the sentence's subject travels, or its only person
            root = sent.root
            subjects = [self.token_actor[t.i] for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
                        for t in c.subtree if t.i in self.token_actor]
            pool = list(dict.fromkeys(subjects)) or (participants if len(participants) == 1 else [])
            visitors = [a for a in pool if destination is None or self.actors[a].country != destination[1]]
            if destination is None:
                visitors = visitors[:1]
        visitors = [a for a in visitors if destination is None or self.actors[a].country != destination[1]]
        if not visitors:
            return
        event = EventDraft("visit", [sent], trigger=trigger, status="announced" if future else "held",
                           participants=list(visitors), visitors=list(visitors))
        if destination is not None:
            event.host_country = destination[1]
            event.location = destination
        else:
            # "who is in the country for a visit", "the visit of X": the host is the other side
            others = [a for a in participants if a not in visitors and self.actors[a].country]
            if others:
                event.host_country = self.actors[others[0]].country
        event.start, event.end = self._dates(sent, future, near=trigger.start_char)
        for actor_id in visitors:
            if event.host_country:
                self.actors[actor_id].excluded_countries.add(event.host_country)
        self._add(event)
        if destination is not None:
            # the further stops of a multi-country trip: one visit each, after the first
            for stop in self._destinations(trigger, sent)[1:]:
                if not stop[1]:
                    continue
                other = EventDraft("visit", [sent], trigger=trigger, status=event.status,
                                   participants=list(visitors), visitors=list(visitors),
                                   host_country=stop[1], location=stop)
                other.start, other.end = self._dates(sent, future, near=trigger.start_char)
                for actor_id in visitors:
                    self.actors[actor_id].excluded_countries.add(stop[1])
                self._add(other)

    def _accompanied(self, sent: Span, participants: list[str]) -> None:
        """'Accompanied by DNSA Pavan Kapoor, Misri ...': companions are one side and join the visit;
        'The meeting was attended by A, B and C': they join the engagement the sentence refers back to."""
        if not ACCOMPANIED.search(span_text(sent)):
            return
        for a, b in zip(participants, participants[1:]):
            self._join_sides(a, b)
        refers_back = any(t.start > sent.start and self.doc[t.start - 1].lower_ in ("the", "this", "that")
                          for t in self.triggers if sent.start <= t.start < sent.end and t.label_ != "visit")
        previous = next((e for e in reversed(self.events) if e.type != "visit" and e.participants), None)
        if refers_back and previous is not None:
            for actor_id in participants:
                if actor_id not in previous.participants:
                    previous.participants.append(actor_id)
            if sent not in previous.sentences:
                previous.sentences.append(sent)
            return
        visit = next((e for e in reversed(self.events) if e.type == "visit" and e.explicit
                      and set(e.visitors) & set(participants)), None)
        if visit is not None:
            for actor_id in participants:
                if actor_id not in visit.visitors:
                    visit.visitors.append(actor_id)
                    visit.participants.append(actor_id)

    def _groups(self, sent: Span) -> list[tuple[str, str | None]]:
        """Unnamed participants: "with U.S. industry representatives", "hosted his Quad counterparts"."""
        groups = []
        for m in GROUP.finditer(span_text(sent)):
            iso = self.domain.country_of(m.group("country"))
            if iso:
                groups.append((m.group(0)[len("with "):].strip(), iso))
        for m in COUNTERPARTS.finditer(span_text(sent)):
            groups.append((m.group("who"), OTHERS))
        return groups

    def _interaction(self, triggers: list[Span], sent: Span, participants: list[str]) -> None:
        doc = self.doc
        trigger = min(triggers, key=lambda t: (self.type_rank.get(t.label_, 99), t.start))
        etype = trigger.label_
        future = self._future(trigger, sent)
        for candidate in triggers:
            self._with_list(sent, candidate)
        anaphoric_trigger = trigger.start > sent.start and doc[trigger.start - 1].lower_ in ("the", "this", "that")
        groups = self._groups(sent)
        people = list(participants)
        sides = {self.actors[a].country for a in people}
        anaphora = bool(ANAPHORA.search(span_text(sent)))
        previous = next((e for e in reversed(self.events) if e.type != "visit" and e.participants), None)

        if anaphoric_trigger and previous is not None and len(people) <= 1 and not groups:
            same = next((e for e in reversed(self.events) if e.type == etype and e.participants), previous)
            for actor_id in people:
                if actor_id not in same.participants:
                    same.participants.append(actor_id)
            same.sentences.append(sent)
            return
        one_side = len({self._side(a) for a in people}) == 1
        if people and one_side and not groups:
            principal = self._principal(exclude=sides - {None}, present=people)
            with_after = any(t.lower_ == "with" for t in doc[trigger.end:min(sent.end, trigger.end + 4)])
            if principal and (with_after or TWO_SIDES.search(span_text(sent))):
                people.append(principal)
        if len(people) <= 1:
            if not people and anaphora and previous is not None:
                people = list(previous.participants)
        sides = {self.actors[a].country for a in people}
        cross_side = len(people) >= 2 and len({self._side(a) for a in people}) > 1
        if not cross_side and not (people and groups and any(g[1] not in sides for g in groups)):
            countries = self._country_list(sent, trigger)
            if people or len(countries) < 2:
                return
            event = EventDraft(etype, [sent], trigger=trigger, countries=countries)
        else:
            event = EventDraft(etype, [sent], trigger=trigger, participants=people, groups=groups)
        event.status = "announced" if future else "held"
        event.start, event.end = self._dates(sent, future, near=trigger.start_char)
        place = self._place_in(sent, after=trigger.start)
        if place is not None and etype != "call":
            event.location = place
        if VIRTUAL.search(span_text(sent)):
            event.location, event.virtual = None, True
        self._add(event)

    def _country_list(self, sent: Span, trigger: Span) -> list[str]:
        """Countries named together as the subject of an engagement: "India and Malaysia held ..."."""
        doc = self.doc
        spans = [s for s in self.countries if sent.start <= s.start < trigger.start and s.label_ == "COUNTRY"]
        if len(spans) < 2:
            return []
        listed = [spans[0]]
        for prev, span in zip(spans, spans[1:]):
            between = [t.lower_ for t in doc[prev.end:span.start]]
            if between and all(w in (",", "and", "the") for w in between):
                listed.append(span)
            else:
                listed = [span]
        if len(listed) < 2 or trigger.start - listed[-1].end > 12:
            return []
        return list(dict.fromkeys(s.kb_id_ for s in listed))

    def _principal(self, exclude: set, present: list[str]) -> str | None:
        """The protagonist on another side: the most mentioned visitor, else the most mentioned participant.

        Only people already seen taking part in an engagement qualify.
        """
        sides = {self._side(a) for a in present}
        if any(side.startswith("?") for side in sides):
            return None  # the side present is not known: a guess could pick a compatriot

        def eligible(actor_id: str) -> bool:
            country = self.actors[actor_id].country
            return actor_id not in present and self._side(actor_id) not in sides and \
                (country is None or country not in exclude)
        visitors = [a for e in self.events if e.type == "visit" and e.explicit for a in e.visitors]
        engaged = [a for e in self.events for a in e.participants]
        for pool in (visitors, engaged):
            ranked = sorted(dict.fromkeys(a for a in pool if eligible(a)),
                            key=lambda a: -len(self.actors[a].mentions))
            if ranked:
                return ranked[0]
        return None

    def _add(self, event: EventDraft) -> None:
        self.events.append(event)

    # -- pass 2: merge --------------------------------------------------------------
    def _merge(self) -> None:
        merged: list[EventDraft] = []
        for event in self.events:
            target = None
            for other in merged:
                if event.type == "visit" or other.type == "visit":
                    if event.type == other.type == "visit" and set(event.visitors) & set(other.visitors) \
                            and (event.host_country == other.host_country or not event.host_country):
                        target = other
                    continue
                same_people = event.participants and set(event.participants) == set(other.participants) \
                    and (event.type == other.type or {event.type, other.type} <= GENERIC_TYPES)
                dates_ok = not event.start or not other.start or event.start == other.start
                if same_people and dates_ok and event.status == other.status:
                    target = other
                elif (not event.participants or not other.participants) and dates_ok:
                    with_people = event if event.participants else other
                    without = other if with_people is event else event
                    if not without.participants and without.countries and \
                            set(without.countries) <= {self.actors[a].country for a in with_people.participants} \
                            and abs(len(merged) - merged.index(other)) <= 2:
                        target = other
            if target is None:
                merged.append(event)
                continue
            if not target.participants and event.participants:
                target.type, target.trigger = event.type, event.trigger
            for actor_id in event.participants:
                if actor_id not in target.participants:
                    target.participants.append(actor_id)
            for actor_id in event.visitors:
                if actor_id not in target.visitors:
                    target.visitors.append(actor_id)
            target.sentences.extend(s for s in event.sentences if s not in target.sentences)
            if not target.start and event.start:
                target.status = event.status
            target.start = target.start or event.start
            target.end = target.end or event.end
            target.location = target.location or event.location
            target.host_country = target.host_country or event.host_country
            target.groups.extend(g for g in event.groups if g not in target.groups)
        self.events = merged

    # -- pass 3: countries the text leaves implicit -----------------------------------
    def _home_country(self) -> str | None:
        """The publishing government's country (None for news outlets and unknown publishers)."""
        return self.publisher

    def _share_with_companions(self) -> None:
        for actor_id, actor in self.actors.items():
            if actor.country is None:
                side = self._side(actor_id)
                if not side.startswith("?"):
                    actor.set_country(side, 7, "companion")

    def _visit_hosts(self) -> None:
        """People a visitor meets during a visit to X, with no side of their own in the text, are X's:
        "will travel to Kenya, where she will meet President Ruto"; "During the visit, he met ..."."""
        visits = [e for e in self.events if e.type == "visit" and e.host_country and e.explicit]
        for event in self.events:
            if event.type == "visit" or event.virtual or event.type == "call":
                continue
            if event.location is not None and event.location[1]:
                hosts = {event.location[1]}
            else:
                hosts = None
            last = max(s.start_char for s in event.sentences)
            visit = next((v for v in reversed(visits) if set(v.visitors) & set(event.participants)
                          and v.first <= last and v.status == event.status
                          and (hosts is None or v.host_country in hosts)), None)
            if visit is None:
                continue
            visitor_sides = {self.actors[a].country for a in visit.visitors} - {None}
            if visit.host_country in visitor_sides:
                continue
            # two sides both visiting the host meet on neutral ground: nobody there is the host's
            guests = {self._side(a) for v in visits if v.host_country == visit.host_country
                      for a in v.visitors if a in event.participants}
            if len(guests) >= 2:
                continue
            # a third side at the table: the unknown people may be theirs, not the host's
            third = {self.actors[a].country for a in event.participants if a not in visit.visitors
                     and self.actors[a].country} - {visit.host_country}
            if third:
                continue
            for actor_id in event.participants:
                if actor_id not in visit.visitors and self._root(actor_id) not in {self._root(v) for v in visit.visitors}:
                    self.actors[actor_id].set_country(visit.host_country, 6, "visit-host")

    def _delegation_sides(self) -> None:
        """'The Indian delegation also held discussions': a visitor with no stated side, on the one
        visit the text reports, belongs to the delegation the text names after a demonym."""
        visits = [e for e in self.events if e.type == "visit" and e.explicit and e.host_country]
        hosts = {v.host_country for v in visits}
        unknown = {a for v in visits for a in v.visitors if not self.actors[a].country}
        if len(hosts) != 1 or not unknown:
            return
        named = set()
        for span in self.countries:
            if span.label_ == "DEMONYM" and span.end < len(self.doc) \
                    and self.doc[span.end].lower_ in DELEGATION_NOUNS and span.kb_id_ not in hosts:
                named.add((span.kb_id_, span.start, span.end + 1))
        if len({n[0] for n in named}) == 1:
            iso3, start, end = next(iter(named))
            for actor_id in unknown:
                self.actors[actor_id].set_country(iso3, 7, "delegation", (start, end))

    def _infer_countries(self) -> None:
        self._visit_hosts()
        self._delegation_sides()
        self._share_with_companions()
        home = self._home_country()
        for event in self.events:
            for actor_id in event.participants:
                actor = self.actors[actor_id]
                if actor.country:
                    continue
                others = {self.actors[o].country for o in event.participants if o != actor_id} - {None}
                if event.type == "visit" and event.host_country:
                    others = others | {event.host_country}
                # A country the person's own sentences name is as often a topic ("Russia's war",
                # "the DPRK's launch") or a venue as the person's side, and the other side of a
                # bilateral exchange may be a third party: neither decides. Abstain.
                if home and others != {home} and home not in actor.excluded_countries:
                    actor.set_country(home, 8, "publisher")
                    self._share_with_companions()
        for event in self.events:
            for actor_id in event.participants:
                actor = self.actors[actor_id]
                others = {self.actors[o].country for o in event.participants if o != actor_id} - {None}
                if not actor.country and home and home not in actor.excluded_countries and others != {home}:
                    actor.set_country(home, 9, "publisher")

    # -- pass 4: visits, places and dates ----------------------------------------------
    def _dateline(self) -> tuple[str, str] | None:
        text = doc_text(self.doc)
        body_start = text.find("\n\n")
        for span in self.places + [c for c in self.countries if c.label_ == "COUNTRY"]:
            if span.start_char < body_start or span.start_char > body_start + 200:
                continue
            line_start = text.rfind("\n", 0, span.start_char) + 1
            if span.start_char - line_start > 2:
                continue
            after = text[span.end_char:span.end_char + 3]
            if span.text.isupper() or after[:1] in (":", ",", "—", "–") or after.startswith(" —") \
                    or after.startswith(" -") or after.startswith("\n"):
                return span.id_ or span.text, span.kb_id_
        return None

    def _settle_visits(self) -> None:
        for event in self.events:
            if event.type == "visit" and not event.host_country:
                countries = {self.actors[a].country for a in self.actors if a not in event.visitors
                             and self.actors[a].country and self._shares_sentence(a, event)}
                if len(countries) == 1:
                    event.host_country = countries.pop()
            if event.type == "visit" and event.host_country:
                event.visitors = [a for a in event.visitors if self.actors[a].country != event.host_country]
                event.participants = list(event.visitors)
        self.events = [e for e in self.events if e.type != "visit" or (e.visitors and e.host_country)]
        dateline = self._dateline()
        visits = [e for e in self.events if e.type == "visit"]
        for event in self.events:
            if event.type == "visit" or event.virtual:
                continue
            for visit in visits:
                if visit.status == event.status and set(visit.visitors) & set(event.participants) and \
                        (event.location is None or event.location[1] == visit.host_country) and \
                        visit.first <= max(s.start_char for s in event.sentences):
                    event.part_of = visit
                    break
            if event.location is None and event.type != "call":
                if event.part_of is not None:
                    host = event.part_of.host_country
                    event.location = event.part_of.location if event.part_of.location and \
                        event.part_of.location[1] == host else (self.domain.country_name(host), host)
                elif dateline is not None and event.status == "held":
                    event.location = dateline
                    event.dateline_place = True
            if event.start is None and event.part_of is not None and event.part_of.start \
                    and event.part_of.start == event.part_of.end:
                event.start = event.end = event.part_of.start
        # A meeting in one side's country is a visit by the other side.
        for event in list(self.events):
            if event.type in ("visit", "call") or event.location is None or not event.location[1]:
                continue
            host = event.location[1]
            for actor_id in event.participants:
                country = self.actors[actor_id].country
                if not country or country == host or country in NON_STATE:
                    continue
                if any(v.type == "visit" and actor_id in v.visitors and v.host_country == host for v in self.events):
                    continue
                visit = EventDraft("visit", list(event.sentences), trigger=event.trigger, status=event.status,
                                   participants=[actor_id], visitors=[actor_id], host_country=host,
                                   location=event.location, start=event.start, end=event.end, explicit=False)
                self.events.append(visit)
                if event.part_of is None:
                    event.part_of = visit

    def _event_sides(self, event: EventDraft) -> list[tuple[str | None, list[str]]]:
        """The participants grouped by side: by country where known, else by the companions the
        text joined them to (`_join_sides`); a person with neither is a side of their own."""
        groups: dict[str, list[str]] = {}
        for actor_id in event.participants:
            groups.setdefault(self._side(actor_id), []).append(actor_id)
        return [(key if not key.startswith("?") else None, ids) for key, ids in groups.items()]

    def _shares_sentence(self, actor_id: str, event: EventDraft) -> bool:
        return any(s.start <= m[0] < s.end for s in event.sentences for m in self.actors[actor_id].mentions)

    def _identified(self, actor_id: str) -> bool:
        """Known by office or by an explicit country, not just a name."""
        actor = self.actors[actor_id]
        return bool(actor.offices) or actor.country_rank <= 5

    def _credible(self, event: EventDraft) -> bool:
        """An engagement has an office-holder in it and spans two sides (not a domestic meeting)."""
        event.participants = [a for a in event.participants
                              if self._identified(a) or len(self.actors[a].key) >= 2]
        people = [self.actors[a] for a in event.participants]
        if people and not any(p.offices for p in people):
            return False
        if event.type == "visit":
            return bool(event.visitors) and all(self.actors[a].offices for a in event.visitors)
        countries = {p.country for p in people} | {g[1] for g in event.groups}
        if not people:
            return len(event.countries) >= 2
        if OTHERS in countries and people:
            return True
        # one stated side and people of unknown side: only titled people can be the other side
        # (an untitled name beside a minister is as likely their compatriot)
        return len(countries - {None}) >= 2 or (None in countries and len(people) >= 2 and len(countries) >= 2
                                                 and all(p.offices for p in people if p.country is None))

    def find(self) -> list[EventDraft]:
        """Run every pass and return events in text order, with countries set."""
        self._sentence_events()
        self._merge()
        self._infer_countries()
        self.events = [e for e in self.events if self._credible(e)]
        self._settle_visits()
        self.events = [e for e in self.events if not self._cancelled_visit(e)]
        self._merge()
        for event in self.events:
            if event.participants:
                countries = [self.actors[a].country for a in event.participants]
                countries += [g[1] for g in event.groups if g[1] != OTHERS]
                if event.host_country:
                    countries.append(event.host_country)
                event.countries = list(dict.fromkeys(c for c in countries if c))
        for event in self.events:
            event.sides = self._event_sides(event)
        self.events.sort(key=lambda e: (e.first, e.type == "visit"))
        for n, event in enumerate(self.events, 1):
            event.id = f"e{n}"
        return self.events
