"""Joint appearances in transcripts: officials of two or more sides who speak in turn at one event
("SECRETARY BLINKEN: ... FOREIGN MINISTER KULEBA: ..."; remarks before a meeting, a joint press
conference, statements to the press) were together in person, and the transcript is the evidence.

`AppearanceReading` is a part of `readouts.extract.events.EventFinder`. It reads only the speaker
labels; what the speakers say is read by the sentence loop like any other text. A journalist's
turn ("QUESTION:") and a label that names nobody of the text ("MODERATOR:") bring in no one, and
a speaker whose side the document leaves open is left out rather than guessed.
"""

from __future__ import annotations

from readouts.extract.actors import name_key
from readouts.extract.drafts import EventDraft
from readouts.extract.vocabulary import QUESTION_LABELS, speaker_labels
from readouts.nlp.tokens import doc_text, span_text


class AppearanceReading:
    """Reads the officials who speak in turn in a transcript as one in-person engagement.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

    def _label_actor(self, words: list[str]) -> str | None:
        """The person a speaker label names by its last words, after at least one title word
        ("FOREIGN MINISTER BHUTTO ZARDARI" → the actor whose name holds Bhutto Zardari). Several
        actors holding that name are one person when they share their country (a "Tony Blinken"
        the text did not join to "Antony J. Blinken"); otherwise the label abstains."""
        for n in range(min(3, len(words) - 1), 0, -1):
            key = name_key(" ".join(words[-n:]))
            if not key:
                continue
            owners = [a for a in self.actors.values() if key <= a.key]
            if not owners:
                continue
            if len({a.country for a in owners}) > 1:
                return None
            return max(owners, key=lambda a: (bool(a.offices), len(a.mentions))).id
        return None

    def _speakers(self) -> list[tuple[str, int]]:
        """(actor id, character offset of the label) for the first turn of each person named by a
        speaker label, in the order they first speak."""
        found: dict[str, int] = {}
        for _, at, label in speaker_labels(doc_text(self.doc)):
            words = label.split()
            if label.strip().upper() in QUESTION_LABELS or len(words) < 2:
                continue
            actor_id = self._label_actor(words)
            if actor_id is not None and actor_id not in found:
                found[actor_id] = at
        return list(found.items())

    def _joint_appearance(self) -> None:
        """One meeting of the speakers whose side is known, when they are of two sides or more,
        dated on the transcript's publication and read from their first turns."""
        speakers = [(a, at) for a, at in self._speakers() if self._identified(a) and self.actors[a].country]
        if len({self.actors[a].country for a, _ in speakers}) < 2:
            return
        sentences = []
        for _, at in speakers:
            k = next((i for i, s in enumerate(self.sentences) if s.start_char <= at < s.end_char), None)
            if k is None:
                continue
            turn = self.sentences[k:k + 2] if span_text(self.sentences[k]).rstrip().endswith(":") \
                else self.sentences[k:k + 1]  # a label read as a sentence of its own: its turn's first words too
            sentences.extend(s for s in turn if s not in sentences)
        if not sentences:
            return
        event = EventDraft("meeting", sentences, participants=[a for a, _ in speakers], appearance=True)
        if self.published is not None:
            event.start = event.end = self.published.isoformat()
        self._add(event)
