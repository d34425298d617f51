"""Who takes part in an engagement, and on which side, within one sentence or across them.

`ParticipantReading` (a part of `readouts.extract.events.EventFinder`) reads the people a
sentence names that take part (not the quoted, the possessors of a topic, spokespeople), keeps
people the text puts together on one side ("discussions with A and B", companions), and names
the unnamed parties ("with U.S. industry representatives"). It decides no country.
"""

from __future__ import annotations

from spacy.tokens import Span

from readouts.extract.actors import POSSESSIVE
from readouts.extract.drafts import EventDraft
from readouts.extract.vocabulary import ARRANGER_VERBS, ATTRIBUTION, COUNTERPARTS, GROUP, OTHERS
from readouts.nlp.tokens import span_text


class ParticipantReading:
    """Reads who takes part in each sentence and keeps people the text puts together on one side.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

    def _sentence_span(self, token: int) -> Span:
        """The reading sentence (`reading_sentences`) that holds token `token`."""
        start, end = self._sentence_bounds[self.sentence_of[token]]
        return self.doc[start:end]

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
        return self._in_side_clause(start, end, sent)

    def _in_side_clause(self, start: int, end: int, sent: Span) -> bool:
        """A name inside a relative clause about someone else that reports no engagement ("Mondino,
        who has been confirmed by President-elect Milei to be the next Foreign Minister, met ..."),
        or the agent of a verb of arranging ("The meeting was proposed by X")."""
        doc = self.doc
        heads = [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
        tok = heads[0] if heads else doc[start]
        trigger_tokens = {i for t in self.triggers if sent.start <= t.start < sent.end for i in range(t.start, t.end)}
        steps = 0
        while tok.head.i != tok.i and steps < 12:
            if tok.i in trigger_tokens:
                return False
            if tok.dep_ == "agent" and tok.head.lemma_ in ARRANGER_VERBS:
                return True  # "This meeting was appointed by President-elect X": X arranged it
            if tok.dep_ == "relcl":  # only a clause about another person, and without an engagement word
                about = self.token_actor.get(tok.head.i)
                return about is not None and not (start <= tok.head.i < end) \
                    and not any(c.i in trigger_tokens for c in tok.subtree)
            tok, steps = tok.head, steps + 1
        return False

    def _participants(self, sent: Span) -> list[str]:
        seen: list[str] = []
        for actor_id, start, end in self._mentions_in(sent):
            if actor_id not in seen and not self._excluded(actor_id, start, end, sent):
                seen.append(actor_id)
        pronoun = next((t for t in sent if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
                        and t.i not in self.token_actor), None)
        if pronoun is not None and len(seen) <= 1:
            previous = self._previous_subject(sent, exclude=seen) or self._last_mentioned_before(sent.start, exclude=seen)
            if previous is not None:
                seen.insert(0, previous)  # "During the visit, he met ..."
        return seen

    def _previous_subject(self, sent: Span, exclude: list[str]) -> str | None:
        """The one titled person who is the subject of the sentence before (the likelier antecedent of
        "He" than whoever was named last: "A met B. He will visit Brazil" is A's trip)."""
        before = [s for s in self.sentences if s.end <= sent.start]
        if not before:
            return None
        root = before[-1].root
        subjects = {self.token_actor[t.i] for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
                    for t in c.subtree if t.i in self.token_actor} - set(exclude)
        if len(subjects) != 1:
            return None
        subject = subjects.pop()
        return subject if self.actors[subject].offices else None

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

    def _principal(self, exclude: set, present: list[str]) -> str | None:
        """The protagonist on another side: the most mentioned visitor, else the most mentioned participant.

        Only people already seen taking part in an engagement qualify; in a government's own release,
        only that government's officials (when the side present is not theirs).
        """
        sides = {self._side(a) for a in present}
        if any(side.startswith("?") for side in sides):
            return None  # the side present is not known: a guess could pick a compatriot

        home = self.publisher

        def eligible(actor_id: str) -> bool:
            country = self.actors[actor_id].country
            if home and home not in sides and country != home:
                return False  # in a government's own release the protagonist is its own official
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

    def _identified(self, actor_id: str) -> bool:
        """Known by office or by an explicit country, not just a name."""
        actor = self.actors[actor_id]
        return bool(actor.offices) or actor.country_rank <= 5

    def _event_sides(self, event: EventDraft) -> list[tuple[str | None, list[str]]]:
        """The participants grouped by side: by country where known, else by the companions the
        text joined them to (`_join_sides`); a person with neither is a side of their own."""
        groups: dict[str, list[str]] = {}
        for actor_id in event.participants:
            groups.setdefault(self._side(actor_id), []).append(actor_id)
        return [(key if not key.startswith("?") else None, ids) for key, ids in groups.items()]

    def _shares_sentence(self, actor_id: str, event: EventDraft) -> bool:
        return any(s.start <= m[0] < s.end for s in event.sentences for m in self.actors[actor_id].mentions)
