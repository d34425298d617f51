"""The words of a `Doc` as plain Python lists, read once per document.

Walking a `Doc` token by token creates a Python `Token` object per word, and
several of our components and passes each did so over every word. `token_words(doc)`
reads the text, lower-case form and lemma of every token once (with
`Doc.to_array`, no `Token` objects) and keeps them in `doc.user_data`, so the
components and passes that come later look words up by index instead;
`span_text(span)` cuts a span's text from the document's, also read once.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span

KEY = "readouts_words"


@dataclass(frozen=True)
class Words:
    """Per-token strings of one document: `text[i]`, `lower[i]`, `lemma[i]` (lemma lower-cased)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]


def token_words(doc: Doc) -> Words:
    """The strings of every token of `doc`, read once; call it after the lemmatizer has run.

    >>> import spacy
    >>> token_words(spacy.blank("en")("Ministers met")).lower
    ['ministers', 'met']
    """
    cached = doc.user_data.get(KEY)  # plain lists, so a Doc with its user_data still serialises
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, LEMMA]).tolist() if len(doc) else []
        cached = ([strings[r[0]] for r in rows], [strings[r[1]] for r in rows],
                  [strings[r[2]].lower() for r in rows])
        doc.user_data[KEY] = cached
    return Words(*cached)


TEXT_KEY = "readouts_text"


def span_text(span: Span) -> str:
    """`span.text`, cut from the document's text (read once per document) instead of joined from tokens.

    >>> import spacy
    >>> span_text(spacy.blank("en")("The ministers met in Lima.")[1:4])
    'ministers met in'
    """
    return doc_text(span.doc)[span.start_char:span.end_char]


def doc_text(doc: Doc) -> str:
    """`doc.text`, which spaCy joins from the tokens on every access, read once per document."""
    text = doc.user_data.get(TEXT_KEY)  # a Doc's text never changes once it is made
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


SENTENCE_ENDS = frozenset(".!?:;…\"”’'")


def reading_sentences(doc: Doc) -> list[Span]:
    """The document's sentences as a reader sees them: the parser's, except that a break it made
    after a word that ends no sentence, on the same line, is undone ("... of American States (OAS) |
    Luis Almagro to discuss ..."). A line break always ends a sentence. The extraction passes read
    these, not `doc.sents`.
    """
    merged: list[tuple[int, int]] = []
    for sent in doc.sents:
        if merged:
            start, end = merged[-1]
            last = doc[end - 1]
            while last.is_space and last.i > start:
                last = doc[last.i - 1]
            newline = any("\n" in doc[i].whitespace_ or doc[i].is_space and "\n" in doc[i].text
                          for i in range(last.i, sent.start))
            if not newline and last.text[-1:] not in SENTENCE_ENDS and not last.is_space:
                merged[-1] = (start, sent.end)
                continue
        merged.append((sent.start, sent.end))
    return [doc[start:end] for start, end in merged]
