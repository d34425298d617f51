"""Property-based tests (Hypothesis) over every reader and the extractor's entry point: whatever
bytes or Unicode come in (combining marks, right-to-left, zero-width, NULs, giant tokens and
lines, deep HTML, wrong declared encodings), out comes a Document or a numbered failure, never a
traceback; an extraction's evidence is always inside its text (issue 13)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.ingest import IngestFailure, read_documents
from readouts.schema import Document

NUMBERED = re.compile(r"^E0\d\d ")
READER_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that break naive text handling, mixed with ordinary words.
AWKWARD = st.sampled_from([
    "\u0301", "\u0308", "\u20dd",  # combining marks
    "\u202e", "\u200f", "\u05d0\u05d1", "\u0627\u0644",  # right-to-left override and mark, Hebrew, Arabic
    "\u200b", "\u200d", "\ufeff", "\u2060",  # zero-width
    "\x00", "\x0c", "\r", "\r\n", "\u2028", "\u0085",  # NUL, form feed, odd line ends
    "\ud7ff", "\U0001f600", "\U000e0041",  # edge of the BMP, emoji, tag character
])
WORDS = st.sampled_from(["Minister", "met", "the", "Foreign", "Secretary", "in", "Delhi", "on", "12 June 2024",
                         ".", "\n\n", "Talks", "Réunion", "à", "Genève", "Łódź", "São Paulo", "،", "“", "”"])
TEXT = st.lists(st.one_of(WORDS, AWKWARD, st.text(max_size=12)), max_size=60).map(" ".join)
GIANT = st.builds(lambda ch, n, lines: (ch * n + "\n") * lines, st.sampled_from(["a", "é", "\u200b", " "]),
                  st.integers(1, 200_000), st.integers(1, 3))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "cp1250",
                             "koi8-r", "shift_jis"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def outcome_of(name: str, data: bytes) -> list:
    """read_documents over one file `name` holding `data`, in a private folder."""
    with tempfile.TemporaryDirectory(prefix="readouts-prop-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_documents([path]))


def assert_read_or_numbered(items: list) -> None:
    assert items, "a file gives a document or a failure"
    for item in items:
        if isinstance(item, IngestFailure):
            assert NUMBERED.match(item.message), item.message
        else:
            assert isinstance(item, Document) and item.text.strip() and "\x00" not in item.text


@READER_SETTINGS
@given(data=st.one_of(st.binary(max_size=4096), st.builds(encoded, TEXT, ENCODINGS), st.builds(encoded, GIANT, ENCODINGS)))
def test_any_txt_file_is_read_or_refused_with_a_number(data):
    assert_read_or_numbered(outcome_of("release.txt", data))


def html_page(text: str, depth: int, tags: list[str], declared: str, encoding: str) -> bytes:
    tags = tags or ["div"]
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth)))
    page = (f'<html><head><meta charset="{declared}"><title>Talks</title></head><body>{opening}<p>{text}</p>'
            f"{closing}</body></html>")
    return page.encode(encoding, errors="replace")


@READER_SETTINGS
@given(page=st.one_of(
    st.builds(html_page, TEXT, st.integers(0, 400), st.lists(st.sampled_from(["div", "span", "section", "p", "b",
                                                                              "table", "td", "font", "x-y"]),
                                                             max_size=4),
              st.sampled_from(["utf-8", "iso-8859-1", "windows-1250", "shift_jis", "nonsense-42", ""]), ENCODINGS),
    st.binary(max_size=2048), st.builds(encoded, GIANT, ENCODINGS)))
def test_any_html_file_is_read_or_refused_with_a_number(page):
    assert_read_or_numbered(outcome_of("page.html", page))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=8)
RECORDS = st.fixed_dictionaries({}, optional={"id": st.one_of(st.text(max_size=20), st.integers(), JSON_VALUES),
                                              "text": st.one_of(TEXT, GIANT, JSON_VALUES),
                                              "title": st.one_of(TEXT, JSON_VALUES),
                                              "published": st.one_of(st.sampled_from(["2024-06-12", "2024-13-40",
                                                                                      "yesterday", ""]), JSON_VALUES),
                                              "url": st.one_of(st.text(max_size=30), JSON_VALUES)})
LINES = st.lists(st.one_of(RECORDS.map(lambda r: json.dumps(r).encode()), st.binary(max_size=200),
                           st.builds(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8"), RECORDS)),
                 max_size=8)


@READER_SETTINGS
@given(lines=LINES, ending=st.sampled_from([b"\n", b"\r\n"]))
def test_any_jsonl_file_is_read_or_refused_with_a_number(lines, ending):
    items = outcome_of("docs.jsonl", ending.join(lines))
    assert_read_or_numbered(items)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.fixed_dictionaries({"text": st.one_of(st.none(), TEXT), "id": st.one_of(st.none(), st.text(max_size=10)),
                                            "published": st.one_of(st.none(), st.sampled_from(["2024-06-12", "soon"]))}),
                     max_size=6),
       garbage=st.one_of(st.none(), st.binary(max_size=512)))
def test_any_parquet_file_is_read_or_refused_with_a_number(rows, garbage):
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="readouts-prop-") as folder:
        path = Path(folder) / "docs.parquet"
        if garbage is not None:
            path.write_bytes(garbage)
        else:
            table = pa.table({key: pa.array([row[key] for row in rows], type=pa.string())
                              for key in ("text", "id", "published")})
            pq.write_table(table, path)
        items = list(read_documents([path]))
    if rows or garbage is not None:
        assert_read_or_numbered(items)


# -- the extractor's entry point -------------------------------------------------------------

@pytest.mark.parametrize("triage", [True, False])
def test_the_extractor_takes_any_text(extractor, triage):
    from readouts.extract.engine import ExtractionFailure, Extractor

    engine = extractor if triage else Extractor(nlp=extractor.nlp, triage=False)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
    @given(text=st.one_of(TEXT, st.builds(lambda t, n: t * n, TEXT, st.integers(1, 40))).filter(str.strip))
    def extracted(text):
        document = Document(id="prop", text=text)
        [result] = list(engine.extract_many([document]))
        if isinstance(result, ExtractionFailure):
            assert NUMBERED.match(result.message), result.message
            return
        for event in result.events:
            for evidence in event.evidence:
                assert 0 <= evidence.start <= evidence.end <= len(text)
        for actor in result.actors:
            for start, end in actor.mentions:
                assert 0 <= start <= end <= len(text)

    extracted()
