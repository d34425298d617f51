"""Evidence: a sentence of the source as the provenance of an extracted fact.

Offsets are character positions in the document text; surrounding blank
space is left out so that `text[start:end] == evidence.text`.
"""

from __future__ import annotations

from spacy.tokens import Span

from readouts.schema import Evidence


def sentence_evidence(sent: Span) -> Evidence:
    """A sentence as evidence, without the blank space around it."""
    stripped = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return Evidence(start=start, end=start + len(stripped), text=stripped)
