"""Reading one .txt or .html file, with its NAME.meta.json beside it, into a Document.

HTML is reduced to its main text by trafilatura, offline: nothing here fetches
a URL. A page nested deeper than lxml parses (libxml2 stops at 256 levels)
is flattened first: its layout tags go, its paragraphs and headings stay. No
NLP happens here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from datetime import date
from pathlib import Path

import trafilatura

from readouts.errors import ReadoutsError
from readouts.ingest.dates import parse_date
from readouts.ingest.decoding import decode_bytes
from readouts.schema import Document

META_SUFFIX = ".meta.json"
DEEP_HTML = 200  # open elements at once; lxml's parser gives up at 256
# Kept by flat_html: what carries a page's structure and text; every other tag is dropped, its text kept.
_STRUCTURE = "html|head|title|meta|body|article|main|h[1-6]|p|ul|ol|li|br|blockquote"
_LAYOUT_TAG = re.compile(rf"</?(?!(?:{_STRUCTURE})\b)[A-Za-z][^>]*>")


@dataclass(frozen=True)
class Metadata:
    """What a NAME.meta.json says about NAME; None where it says nothing."""

    url: str | None = None
    published: date | None = None
    source: str | None = None
    title: str | None = None


def read_text_file(path: Path) -> Document:
    """Read a .txt file (title on the first line) into a Document.

    Raises ReadoutsError E003 (not text), E004 (empty), E009 (unreadable) or
    E010 (bad sibling metadata).
    """
    meta = read_metadata(path)
    text = decode_bytes(_read_bytes(path), str(path)).rstrip()
    title = meta.title or _first_line(text)
    return Document(
        id=path.stem, text=text, title=title, published=meta.published,
        url=meta.url, source=meta.source, path=str(path),
    )


def read_html_file(path: Path) -> Document:
    """Read an .html/.htm page into a Document: title, a blank line, the main text.

    Boilerplate (navigation, footers, comments, tables) is dropped. Raises
    ReadoutsError E003, E004, E005 (no main text), E009 or E010.
    """
    meta = read_metadata(path)
    html = decode_bytes(_read_bytes(path), str(path), html=True)
    if html.count("<") >= DEEP_HTML and html_depth(html) >= DEEP_HTML:
        html = flat_html(html)
    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        # No guessing a date from the running text: only what the page declares.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (extracted.text or "").strip() if extracted is not None else ""
    page_title = _clean(extracted.title) if extracted is not None else None
    title = meta.title or page_title
    if title and body.startswith(title):
        body = body[len(title):].lstrip()  # the page's own <h1> repeats the title
    if not body:
        raise ReadoutsError("E005", path=str(path))
    published = meta.published or (_html_date(extracted.date) if extracted is not None else None)
    return Document(
        id=path.stem,
        text=f"{title}\n\n{body}" if title else body,
        title=title,
        published=published,
        url=meta.url or (_clean(extracted.url) if extracted is not None else None),
        source=meta.source or (_clean(extracted.sitename) if extracted is not None else None),
        path=str(path),
    )


class _Depth(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)


def html_depth(html: str) -> int:
    """How many elements are open at once at the deepest point of `html` (stdlib parser, no limit).

    >>> html_depth("<html><body><div><p>Hi<br></p></div></body></html>")
    4
    """
    parser = _Depth()
    parser.feed(html)
    parser.close()
    return parser.deepest


def flat_html(html: str) -> str:
    """`html` without its layout tags (div, span, table, font...): headings, paragraphs and lists stay.

    >>> flat_html("<body><div><div><p>Ministers <span>met</span>.</p></div></div></body>")
    '<body>  <p>Ministers  met .</p>  </body>'
    """
    return _LAYOUT_TAG.sub(" ", html)


def read_metadata(path: Path) -> Metadata:
    """Read NAME.meta.json beside NAME.txt/NAME.html; empty Metadata if there is none.

    Raises ReadoutsError E010 when the file exists but is not valid metadata.
    """
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.is_file():
        return Metadata()
    return read_metadata_file(meta_path)


def read_metadata_file(meta_path: Path) -> Metadata:
    """Read and check one metadata file (`{"url", "published", "source", "title"}`, each a string or null).

    The one check of metadata files, for documents read in (`read_metadata`) and for gold
    folders (`readouts.evaluate.load_document`). Raises ReadoutsError E010 saying what is wrong.
    """
    try:
        record = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadoutsError("E010", path=str(meta_path), reason=_reason(exc)) from None
    if not isinstance(record, dict):
        raise ReadoutsError("E010", path=str(meta_path), reason="not a JSON object")
    for key in ("url", "published", "source", "title"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ReadoutsError("E010", path=str(meta_path), reason=f"{key!r} is not a string")
    published = None
    if record.get("published"):
        try:
            published = parse_date(record["published"])
        except ReadoutsError:
            raise ReadoutsError(
                "E010", path=str(meta_path), reason=f"'published' is not YYYY-MM-DD: {record['published']!r}"
            ) from None
    return Metadata(
        url=_clean(record.get("url")),
        published=published,
        source=_clean(record.get("source")),
        title=_clean(record.get("title")),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadoutsError("E009", path=str(path), reason=exc.strerror or str(exc)) from None


def _first_line(text: str) -> str | None:
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _html_date(value: str | None) -> date | None:
    try:
        return parse_date(value) if value else None
    except ReadoutsError:
        return None  # a page's unreadable date is no reason to lose its text


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"bad JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return getattr(exc, "strerror", None) or str(exc)
