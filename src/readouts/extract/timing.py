"""When an engagement happens, and whether it happened at all: dates, announced or held, and the
sentences that only ask or suppose (questions, conditionals, a journalist's turn).

`TimingReading` is a part of `readouts.extract.events.EventFinder`; the date grammar itself is
`readouts.nlp.dates`.
"""

from __future__ import annotations

from spacy.tokens import Span

from readouts.extract.vocabulary import (
    CONDITIONAL_OPENERS, FUTURE_ANYWHERE, QUESTION_LABELS, SAYING, marker_pattern, speaker_labels,
)
from readouts.nlp.dates import find_dates, resolve
from readouts.nlp.tokens import doc_text, span_text


class TimingReading:
    """Reads when an engagement is, whether it is announced, and which sentences only ask or suppose.

    A part of `EventFinder`: it works on the finder's document, actors, sentences and events."""

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
        return marker_pattern(tuple(markers)).search(text) is not None

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

    def _question_turns(self) -> list[tuple[int, int]]:
        """Character ranges of the journalists' turns of a transcript: from a paragraph opening with a
        question label ("QUESTION:") to the next speaker label ("MR PRICE:")."""
        text = doc_text(self.doc)
        turns, start = [], None
        for paragraph, _, label in speaker_labels(text):
            if start is not None:
                turns.append((start, paragraph))
                start = None
            if label.strip().upper() in QUESTION_LABELS:
                start = paragraph
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
