"""Where an engagement takes place and where a trip goes: "in Bali", "In New Delhi, ...", "travel to
Israel, the West Bank, and Saudi Arabia", the dateline. "The situation in Ukraine" is a topic, not a place.

`PlaceReading` is a part of `readouts.extract.events.EventFinder`.
"""

from __future__ import annotations

from spacy.tokens import Span

from readouts.extract.actors import POSSESSIVE
from readouts.extract.vocabulary import DISCUSSION_VERBS, TOPIC_NOUNS
from readouts.nlp.tokens import doc_text


class PlaceReading:
    """Reads where an engagement takes place and where a trip goes.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

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
            if after is not None and any(t.pos_ == "VERB" and t.lemma_.lower() in DISCUSSION_VERBS
                                         for t in doc[after:span.start]):
                continue  # "met X to discuss the suffering in and around Ukraine": the subject, not the venue
            return span.id_ or span.text, span.kb_id_
        return None

    def _destination(self, trigger: Span, sent: Span) -> tuple[str, str] | None:
        found = self._destinations(trigger, sent)
        return found[0] if found else None

    def _where_antecedent(self, trigger: Span, sent: Span) -> Span | None:
        """"In Lima, where he arrived to take part in the Summit": the place before ", where"."""
        doc = self.doc
        k = next((i for i in range(trigger.start - 1, max(sent.start, trigger.start - 4) - 1, -1)
                  if doc[i].lower_ == "where"), None)
        if k is None or k - 1 <= sent.start or doc[k - 1].text != ",":
            return None
        return next((s for s in self.locations if s.end == k - 1 and s.label_ != "DEMONYM"), None)

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
        # "the visit by Tanzanian President X to China": the visitor named between the noun and its destination
        if k < sent.end and doc[k].lower_ == "by" and trigger.kb_id_ != "weak":
            demonyms = {i for c in self.countries if c.label_ == "DEMONYM" for i in range(c.start, c.end)}
            j = k + 1
            while j < sent.end and (j in self.token_actor or j in demonyms):
                j += 1
            if j > k + 1 and any(i in self.token_actor for i in range(k + 1, j)):
                limit = min(sent.end, j + 3)
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
            first = self._where_antecedent(trigger, sent)
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
