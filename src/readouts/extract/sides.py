"""Countries the text leaves implicit, from the engagements: the host of a visit for the people met
during it, "the Indian delegation" for a visitor, companions, and a government publisher for its
own officials (not for a title the publisher's government has nobody in, by the office-holder
table: a "Prime Minister" in a U.S. release). Nothing else: where the evidence is weak the country
stays empty.

`SideInference` is a part of `readouts.extract.events.EventFinder`; the explicit evidence
(titles, "of COUNTRY", demonyms, the office-holder table) is `readouts.extract.actors`'.
"""

from __future__ import annotations

import re

from readouts.extract.vocabulary import DELEGATION_NOUNS


class SideInference:
    """Settles the countries the text leaves implicit from the engagements, or leaves them empty.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

    def _home_country(self) -> str | None:
        """The publishing government's country (None for news outlets and unknown publishers)."""
        return self.publisher

    def _foreign_office(self, actor, home: str) -> bool:
        """The actor's office is one the publishing government has nobody in (office-holder table)."""
        office = actor.office
        if office is None:
            return False
        unused = self.domain.unused_title_words
        words = set(re.findall(r"[\w-]+", office.text.lower()))
        if words & unused.get(home, frozenset()) and not words & unused.get("except", frozenset()):
            return True  # "Minister of Energy X" in a U.S. release (offices.yaml `unused_title_words`)
        return self.holders is not None and self.holders.not_an_office_of(office.label_, home, self.published)

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
                if home and others != {home} and home not in actor.excluded_countries and actor.offices \
                        and not self._foreign_office(actor, home):
                    actor.set_country(home, 8, "publisher")
                    self._share_with_companions()
        for event in self.events:
            for actor_id in event.participants:
                actor = self.actors[actor_id]
                others = {self.actors[o].country for o in event.participants if o != actor_id} - {None}
                if not actor.country and home and home not in actor.excluded_countries and others != {home} \
                        and actor.offices and not self._foreign_office(actor, home):
                    actor.set_country(home, 9, "publisher")
