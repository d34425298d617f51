"""Trips: who travels where and when, companions who join them, trips called off, and the visits a
meeting in one side's country implies.

`VisitReading` is a part of `readouts.extract.events.EventFinder`; destinations come from
`readouts.extract.places`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from readouts.extract.actors import POSSESSIVE
from readouts.extract.drafts import EventDraft
from readouts.extract.vocabulary import ACCOMPANIED, ATTENDANCE, HOST_VERBS, NON_STATE
from readouts.nlp.tokens import doc_text, span_text


DATELINE_REACH = 1500  # characters of the body the dateline's place covers


class VisitReading:
    """Reads trips, their companions, trips called off, and the visits meetings imply.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

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
            if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in trigger.root.children):
                return  # "where I visited ...": the speaker, whom the text does not name here
            if determiner and destination is None:
                return  # "The visit", "During the visit": refers back
            if destination is None and trigger.lemma_ != "visiting":
                return
            # no grammatical link to the trip word: the sentence's subject travels, or its only person
            root = sent.root
            subjects = [self.token_actor[t.i] for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
                        for t in c.subtree if t.i in self.token_actor]
            pool = list(dict.fromkeys(subjects)) or (participants if len(participants) == 1 else [])
            if not pool and ACCOMPANIED.search(span_text(sent)):
                # "X, accompanied by Y, will visit ...": the people before the trip word travel together
                pool = [a for a in participants if any(start < trigger.start for start, _ in self.actors[a].mentions
                                                       if sent.start <= start < sent.end)]
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
        own_triggers = [t for t in self.triggers if sent.start <= t.start < sent.end]
        refers_back = any(t.start > sent.start and self.doc[t.start - 1].lower_ in ("the", "this", "that")
                          for t in own_triggers if t.label_ != "visit") \
            or not own_triggers and bool(ATTENDANCE.search(span_text(sent)))  # "C also participated"
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

    def _host_of(self, event: EventDraft) -> str | None:
        """The country of the person who receives, hosts or welcomes the others ("President X received
        Minister Y", "Y was received by X"): a guest is received in the host's country. None when
        the host's side is unknown or not a state, or when every guest is an envoy posted there."""
        trigger = event.trigger
        if trigger is None or trigger.root.lemma_ not in HOST_VERBS or trigger.root.pos_ != "VERB":
            return None
        verb = trigger.root
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        roles = ("agent",) if passive else ("nsubj",)
        hosts = {self.token_actor[t.i] for c in verb.children if c.dep_ in roles
                 for t in c.subtree if t.i in self.token_actor}
        if len(hosts) != 1:
            return None
        host = self.actors[hosts.pop()].country
        if host is None or host in NON_STATE:
            return None
        guests = [a for a in event.participants if self.actors[a].country and self.actors[a].country != host]
        envoy = [a for a in guests if self._envoy(a)]
        if not guests or len(envoy) == len(guests):
            return None  # an ambassador presenting credentials is already posted there
        return host

    def _envoy(self, actor_id: str) -> bool:
        """An ambassador, envoy or chargé (offices.yaml envoy_words): posted in the country where they
        meet its officials, so a meeting there is no visit of theirs."""
        office = self.actors[actor_id].office
        return office is not None and bool(
            set(re.split(r"\s+(?:of|for|to|in)\s+", office.label_.lower())[0].split()) & self.domain.envoy_words)

    def _away_from_seat(self, actor_id: str, host: str) -> bool:
        """An official of an international body is away when the place is not one of its seats
        (organizations.tsv `seats`): "UN Deputy Secretary-General X met ... in Addis Ababa"."""
        actor = self.actors[actor_id]
        body = self.domain.organizations.get(actor.organization or "")
        if body is None:  # the side names the body when only one body with seats has it (UNO, EUR; not IGO)
            bodies = {o for o in self.domain.organizations.values() if o.iso3 == actor.country and o.seats}
            body = bodies.pop() if len(bodies) == 1 else None
        return body is not None and bool(body.seats) and host not in body.seats

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
        # a visit is to a country: "travel to the United Nations" names a body, not where it is
        self.events = [e for e in self.events if e.type != "visit" or (e.visitors and e.host_country
                                                                      and e.host_country not in NON_STATE)]
        dateline = self._dateline()
        text = doc_text(self.doc)  # joined once per document, not on every access
        body = text.find("\n\n") + 2 if "\n\n" in text else 0
        lead_end = body + DATELINE_REACH
        visits = [e for e in self.events if e.type == "visit"]
        placed_by_dateline: set[int] = set()
        for event in self.events:
            if event.location is None and not event.virtual and event.type not in ("visit", "call"):
                host = self._host_of(event)
                if host is not None:
                    event.location = (self.domain.country_name(host), host)
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
                elif dateline is not None and event.status == "held" and event.first < lead_end:
                    event.location = dateline  # the dateline places the story's lead, not every meeting it recalls
                    placed_by_dateline.add(id(event))
            if event.start is None and event.part_of is not None and event.part_of.start \
                    and event.part_of.start == event.part_of.end:
                event.start = event.end = event.part_of.start
        # A meeting in one side's country is a visit by the other side.
        for event in list(self.events):
            if event.type in ("visit", "call") or event.location is None or not event.location[1] \
                    or event.location[1] in NON_STATE:
                continue  # a meeting "at the United Nations" is no visit to a country
            host = event.location[1]
            for actor_id in event.participants:
                country = self.actors[actor_id].country
                if not country or country == host or self._envoy(actor_id):
                    continue
                if country in NON_STATE and (id(event) in placed_by_dateline or not self._away_from_seat(actor_id, host)):
                    continue  # an international official travels only when we know where their body sits
                if any(v.type == "visit" and actor_id in v.visitors and v.host_country == host for v in self.events):
                    continue
                visit = EventDraft("visit", list(event.sentences), trigger=event.trigger, status=event.status,
                                   participants=[actor_id], visitors=[actor_id], host_country=host,
                                   location=event.location, start=event.start, end=event.end, explicit=False)
                self.events.append(visit)
                if event.part_of is None:
                    event.part_of = visit
