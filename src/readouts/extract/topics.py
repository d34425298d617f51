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
from readouts.nlp.tokens import Words, token_words


class TopicMatcher:
    """Phrase and word lexicon compiled once."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        for topic, words in load_domain().topics.items():
            for word in words:
                self.phrases.setdefault(tuple(word.split()), set()).add(topic)
        self.lengths = sorted({len(p) for p in self.phrases}, reverse=True)
        self.order = list(load_domain().topics)

    def topics(self, span: Span, skip: set[int] = frozenset()) -> list[str]:
        """Topics found in `span`, longest phrase first, in lexicon order."""
        return self.in_range(token_words(span.doc), span.start, span.end, skip)

    def by_sentence(self, sentences: list[Span], skip: set[int] = frozenset()) -> dict[int, list[str]]:
        """Topics of each sentence, keyed by its first token, reading the document's words once."""
        if not sentences:
            return {}
        words = token_words(sentences[0].doc)
        return {s.start: self.in_range(words, s.start, s.end, skip) for s in sentences}

    def in_range(self, words: Words, start: int, end: int, skip: set[int]) -> list[str]:
        lowers, lemmas = words.lower, words.lemma
        found: set[str] = set()
        i = start
        while i < end:
            if i in skip:
                i += 1
                continue
            for length in self.lengths:
                if i + length > end:
                    continue
                hit = self.phrases.get(tuple(lowers[i:i + length]))
                if hit is None and length == 1:
                    hit = self.phrases.get((lemmas[i],))
                if hit:
                    found |= hit
                    i += length - 1
                    break
            i += 1
        return sorted(found, key=self.order.index)


@cache
def topic_matcher() -> TopicMatcher:
    return TopicMatcher()
