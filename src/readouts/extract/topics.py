"""Topics of a stretch of text from the lexicon in `topics.yaml`.

`TopicMatcher.topics(span, skip)` returns the topics signalled in a span of a
`Doc`, ignoring tokens inside names, offices and organisations ("National
Security Council" is not about security). Which spans belong to which event
is decided by the engine.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span

from readouts.domain import load_domain


class TopicMatcher:
    """Phrase and word lexicon compiled once."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        for topic, words in load_domain().topics.items():
            for word in words:
                self.phrases.setdefault(tuple(word.split()), set()).add(topic)
        self.lengths = sorted({len(p) for p in self.phrases}, reverse=True)

    def topics(self, span: Span, skip: set[int] = frozenset()) -> list[str]:
        """Topics found in `span`, longest phrase first, in lexicon order."""
        found: set[str] = set()
        i = span.start
        doc = span.doc
        while i < span.end:
            if i in skip:
                i += 1
                continue
            for length in self.lengths:
                if i + length > span.end:
                    continue
                words = tuple(t.lower_ for t in doc[i:i + length])
                hit = self.phrases.get(words)
                if hit is None and length == 1:
                    hit = self.phrases.get((doc[i].lemma_.lower(),))
                if hit:
                    found |= hit
                    i += length - 1
                    break
            i += 1
        order = list(load_domain().topics)
        return sorted(found, key=order.index)


@cache
def topic_matcher() -> TopicMatcher:
    return TopicMatcher()
