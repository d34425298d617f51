"""Engagements in one document: meetings, calls, talks, visits, with who, when and where.

`EventFinder(doc, actors, published, publisher).find()` reads the trigger,
actor, country, place and date spans sentence by sentence and returns event
drafts (`readouts.extract.drafts.EventDraft`). It is put together from parts
with one job each: `participants` (who takes part, on which side),
`timing` (dates, announced or held, questions and suppositions), `places`
(where, and a trip's destinations), `visits` (trips, companions, trips called
off), `appearances` (officials speaking in turn in a transcript) and `sides` (the countries the engagements imply, or none); this module
holds the sentence loop, the typing of interactions, the merging of reports
of one engagement and the credibility test. The word lists are data
(`readouts.extract.vocabulary`). Coding (CAMEO/PLOVER), topics and the output
model are the engine's job.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span

from readouts.domain import load_domain
from readouts.extract.actors import ActorDraft
from readouts.holders import OfficeHolders
from readouts.extract.appearances import AppearanceReading
from readouts.extract.drafts import EventDraft
from readouts.extract.participants import ParticipantReading
from readouts.extract.places import PlaceReading
from readouts.extract.sides import SideInference
from readouts.extract.timing import TimingReading
from readouts.extract.visits import VisitReading
from readouts.extract.vocabulary import (
    ANAPHORA, GATHERING, GATHERING_NEXT, GENERIC_TYPES, HOST_VERBS, JOINT_VERBS, LIST_SENTENCE, OTHERS, SEPARATE, TWO_SIDES,
    VIRTUAL,
    cancel_forms,
)
from readouts.nlp.tokens import reading_sentences, span_text

__all__ = ["EventDraft", "EventFinder"]


class EventFinder(AppearanceReading, ParticipantReading, TimingReading, PlaceReading, VisitReading, SideInference):
    """Finds the engagements of one annotated document."""

    def __init__(self, doc: Doc, actors: list[ActorDraft], published: date | None,
                 publisher: str | None = None, holders: OfficeHolders | None = None) -> None:
        self.doc = doc
        self.holders = holders
        self.domain = load_domain()
        self.actors = {a.id: a for a in actors}
        self.published = published
        self.publisher = publisher
        events_cfg = self.domain.events
        self.type_rank = {t: i for i, t in enumerate(events_cfg["types"])}
        self.future = [m.lower() for m in events_cfg["future_markers"]]
        self.cancel = cancel_forms(tuple(events_cfg["cancel_markers"]))
        # token -> actor id, for names and the offices linked to them
        self.token_actor: dict[int, str] = {}
        for actor in actors:
            for start, end in actor.mentions:
                for i in range(start, end):
                    self.token_actor[i] = actor.id
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

    def _listed_after(self) -> dict[int, list[Span]]:
        """For a sentence with an engagement word, the list sentences right after it ("The
        ambassadors include: A from Mali, B from Lesotho ..."; "Others are: ...")."""
        lists: dict[int, list[Span]] = {}
        owner = None
        for sent in self.sentences:
            if owner is not None and LIST_SENTENCE.search(span_text(sent)) \
                    and not any(sent.start <= t.start < sent.end for t in self.triggers):
                lists.setdefault(owner.start, []).append(sent)
                continue
            has_trigger = any(sent.start <= t.start < sent.end and t.label_ != "visit" for t in self.triggers)
            owner = sent if has_trigger else None
        return lists

    def _sentence_events(self) -> None:
        turns = self._question_turns()
        listed = self._listed_after()
        in_lists = {s.start for group in listed.values() for s in group}
        for sent in self.sentences:
            triggers = [t for t in self.triggers if sent.start <= t.start < sent.end]
            if sent.start in in_lists or self._supposed(sent, turns):
                continue
            if self._has(sent, self.cancel):
                self._called_off(sent)
                continue
            participants = self._participants(sent)
            lists = listed.get(sent.start, [])
            named = list(dict.fromkeys(a for extra in lists for a in self._participants(extra)
                                       if a not in participants))
            if named:
                events_before = len(self.events)
                talk = [t for t in triggers if t.label_ != "visit"]
                self._interaction(talk, sent, participants + named)
                for event in self.events[events_before:]:
                    event.sentences.extend(lists)
                    if talk and talk[0].root.lemma_ in HOST_VERBS:  # a host receives them one by one
                        event.one_by_one = [a for a in participants if a in event.participants]
                continue
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

    def _names_someone_else(self, with_token) -> bool:
        """"a call with the French president, ...": the counterpart is a title or a demonym's office
        that fits nobody in the text, so it is not the document's protagonist either."""
        doc = self.doc
        if any(t.i in self.token_actor for t in with_token.subtree):
            return False  # "with his Indian counterpart S. Jaishankar": the title's holder is named
        k = with_token.i + 1
        while k < len(doc) and doc[k].lower_ in ("the", "his", "her", "their", "a"):
            k += 1
        if k >= len(doc) or k in self.token_actor:
            return False
        return any(s.start <= k < s.end for s in doc.spans["offices"]) or \
            any(c.start == k and c.label_ == "DEMONYM" for c in self.countries)

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
            with_token = next((t for t in doc[trigger.end:min(sent.end, trigger.end + 4)] if t.lower_ == "with"), None)
            if principal and (with_token is not None and not self._names_someone_else(with_token)
                              or TWO_SIDES.search(span_text(sent))):
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
        place = self._place_in(sent, after=min(t.start for t in triggers))  # "the Meeting held in X, A and B signed"
        if place is not None and etype != "call":
            event.location = place
        if VIRTUAL.search(span_text(sent)):
            event.location, event.virtual = None, True
        # "separate calls with A and B"; "the exchange with A ... and a meeting with B": one each
        with_triggers = [t for t in triggers if any(w.lower_ == "with" for w in doc[t.end:min(sent.end, t.end + 3)])]
        text = span_text(sent)
        # "... met A, B and C. The participants discussed ...": the next sentence may make it one gathering;
        # a call with many on the line is a conference call
        met_in_turn = bool(with_triggers) and trigger.label_ not in ("summit", "call") \
            and not GATHERING.search(text) and not GATHERING_NEXT.match(self._next_sentence_text(sent))
        if event.participants and (SEPARATE.search(text) or len(with_triggers) >= 2 or met_in_turn):
            first = min(t.start for t in (with_triggers if len(with_triggers) >= 2 else [trigger]))
            event.one_by_one = list(dict.fromkeys(a for a, start, _ in self._mentions_in(sent)
                                                  if start < first and a in event.participants))
        self._add(event)

    def _next_sentence_text(self, sent: Span) -> str:
        return next((span_text(s) for s in self.sentences if s.start >= sent.end), "")

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
        if not self._countries_act(trigger, listed):
            return []
        return list(dict.fromkeys(s.kb_id_ for s in listed))

    @staticmethod
    def _countries_act(trigger: Span, listed: list[Span]) -> bool:
        """Are the listed countries the ones that engage: the subject (or passive agent) of the
        trigger's verb, or of the verb that governs a trigger noun ("India and Malaysia held the
        dialogue", "Delegations from A and B met"), and that verb not negated? Countries only
        named near a trigger are not: "the willingness of A and B to collaborate on a host of",
        "the people of A, B commits to receiving", "urges A and B to return to discussions",
        "A and B should not be permitted to host"."""
        if any(c.dep_ == "poss" and c.lower_ == "their" for c in trigger.root.children):
            return True  # "a joint statement by the Governments of A and B following their dialogue"
        verb = trigger.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        actors = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        verbs = [verb]
        if not actors and verb.dep_ in ("conj", "xcomp"):  # "A and B met and signed", "agreed to hold"
            verbs.append(verb.head)
            actors = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        if any(c.dep_ == "neg" for v in verbs for c in v.children):
            return False
        inside = {t.i for actor in actors for t in actor.subtree}
        return all(span.root.i in inside for span in listed)

    def _add(self, event: EventDraft) -> None:
        self.events.append(event)

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
                # "X and Y underscored ..." after "X spoke with Y": the joint verb reports the call, no meeting
                told = event if event.type == "meeting" else other
                call_told = {event.type, other.type} == {"call", "meeting"} and told.trigger is None \
                    and not told.appearance
                same_people = event.participants and set(event.participants) == set(other.participants) \
                    and (event.type == other.type or {event.type, other.type} <= GENERIC_TYPES or call_told)
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
            if not target.participants and event.participants or event.type == "call" and target.type == "meeting" \
                    and target.trigger is None:
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

    def _one_by_one(self, event: EventDraft) -> list[EventDraft]:
        """Separate bilaterals ("X held bilateral meetings with A; and B"): one engagement of the
        subject with each counterpart side, so that the counterparts do not meet each other."""
        subject = [a for a in event.one_by_one if a in event.participants]
        if not subject:
            return [event]
        own = {self._side(a) for a in subject}
        by_side: dict[str, list[str]] = {}
        for actor_id in event.participants:
            if actor_id not in subject:
                by_side.setdefault(self._side(actor_id), []).append(actor_id)
        if len(by_side) < 2 or own & set(by_side):
            return [event]
        return [replace(event, participants=subject + counterparts, groups=list(event.groups),
                        sentences=list(event.sentences), visitors=list(event.visitors))
                for counterparts in by_side.values()]

    def find(self) -> list[EventDraft]:
        """Run every pass and return events in text order, with countries set."""
        self._sentence_events()
        self._joint_appearance()
        self._merge()
        self._infer_countries()
        self.events = [e for e in self.events if self._credible(e)]
        self._settle_visits()
        self.events = [e for e in self.events if not self._cancelled_visit(e)]
        self._merge()
        self.events = [part for event in self.events for part in self._one_by_one(event)]
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
