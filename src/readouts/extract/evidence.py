"""Evidence: a sentence of the source as the provenance of an extracted fact.

Offsets are character positions in the document text; surrounding blank
space is left out so that `text[start:end] == evidence.text`.
"""

from __future__ import annotations

from spacy.tokens import Span

from readouts.nlp.tokens import span_text
from readouts.schema import Evidence


def sentence_evidence(sent: Span) -> Evidence:
    """A sentence as evidence, without the blank space around it."""
    text = span_text(sent)
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return Evidence(start=start, end=start + len(stripped), text=stripped)
