"""Readouts: diplomatic press releases in, structured and provenance-linked engagements out.

>>> import readouts
>>> result = readouts.extract("Foreign Secretary ... met ...", published="2025-05-30")  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date

import readouts.extract as _extract_stage  # noqa: F401  (bind the subpackage first; `extract` below wins)
from readouts.schema import Document, Extraction

__version__ = "0.1.0"

_extractor = None


def extract(text: str, published: date | str | None = None, title: str | None = None,
            doc_id: str = "doc") -> Extraction:
    """Extract engagements from one text (title on the first line, optional).

    `published` (a date or 'YYYY-MM-DD') resolves relative and year-less dates; a string that
    is not a date raises ReadoutsError E008, as `--published` does on the command line.
    """
    global _extractor
    from readouts.extract.engine import Extractor
    from readouts.ingest import parse_date

    if _extractor is None:
        _extractor = Extractor()
    if isinstance(published, str):
        published = parse_date(published)
    document = Document(id=doc_id, text=text, title=title or text.strip().split("\n", 1)[0][:300],
                        published=published)
    return _extractor.extract(document)


__all__ = ["Document", "Extraction", "extract", "__version__"]
