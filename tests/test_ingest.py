"""Tests of the ingest stage: files and directories in, Documents or IngestFailures out."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest

from readouts.errors import ReadoutsError
from readouts.ingest import IngestFailure, find_files, parse_date, read_documents
from readouts.schema import Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

READOUT = (
    "Foreign Secretary meets U.S. Deputy Secretary of State\n"
    "\n"
    "Foreign Secretary Vikram Misri met Deputy Secretary of State Christopher Landau "
    "in Washington on 28 May.\n"
    "They reviewed cooperation in defence, trade and technology.\n"
)

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Foreign Ministers Meet in Delhi | Ministry News</title>
  <meta property="og:title" content="Foreign Ministers Meet in Delhi">
  <meta name="date" content="2023-03-02">
</head>
<body>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
    <li><a href="/contact">Contact</a></li>
  </ul></nav>
  <main><article>
    <h1>Foreign Ministers Meet in Delhi</h1>
    <p>External Affairs Minister S. Jaishankar met Foreign Minister Yoshimasa Hayashi
    in New Delhi on 2 March 2023 on the sidelines of the G20 Foreign Ministers' Meeting.</p>
    <p>The two ministers discussed bilateral cooperation in defence, trade and clean
    energy, and reviewed preparations for the annual summit later this year.</p>
    <p>They agreed to deepen cooperation under the Quad framework and to hold the next
    round of the strategic dialogue in Tokyo.</p>
  </article></main>
  <footer><p>Copyright 2023 Ministry News. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""

EMPTY_PAGE = """<html><head><title>Ministry News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<footer>Copyright 2024 Ministry News</footer>
</body></html>
"""


def read(*paths, **kwargs) -> list[Document | IngestFailure]:
    return list(read_documents(paths, **kwargs))


def write_meta(path: Path, **fields) -> None:
    record = {"url": None, "published": None, "source": None, "title": None} | fields
    path.write_text(json.dumps(record), encoding="utf-8")


def jsonl(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


# --- .txt ---------------------------------------------------------------------------


def test_txt_without_metadata_takes_its_title_from_the_first_line(tmp_path):
    (tmp_path / "misri-us.txt").write_text("\n" + READOUT + "\n\n", encoding="utf-8")
    [doc] = read(tmp_path / "misri-us.txt")
    assert doc.id == "misri-us"
    assert doc.title == "Foreign Secretary meets U.S. Deputy Secretary of State"
    assert doc.text == "\n" + READOUT.rstrip()
    assert doc.published is None and doc.url is None
    assert doc.path == str(tmp_path / "misri-us.txt")


def test_txt_with_metadata_takes_url_date_source_and_title_from_it(tmp_path):
    (tmp_path / "misri-us.txt").write_text(READOUT, encoding="utf-8")
    write_meta(
        tmp_path / "misri-us.meta.json",
        url="https://example.org/misri", published="2025-05-30",
        source="Ministry of External Affairs", title="Foreign Secretary's visit",
    )
    [doc] = read(tmp_path / "misri-us.txt")
    assert (doc.url, doc.published, doc.source, doc.title) == (
        "https://example.org/misri", date(2025, 5, 30), "Ministry of External Affairs",
        "Foreign Secretary's visit",
    )


def test_published_argument_overrides_every_date(tmp_path):
    (tmp_path / "a.txt").write_text(READOUT, encoding="utf-8")
    write_meta(tmp_path / "a.meta.json", published="2025-05-30")
    (tmp_path / "b.jsonl").write_text(jsonl({"text": READOUT, "published": "2021-01-01"}), encoding="utf-8")
    docs = read(tmp_path, published=date(2020, 2, 2))
    assert [doc.published for doc in docs] == [date(2020, 2, 2), date(2020, 2, 2)]


@pytest.mark.parametrize(
    "meta, reason",
    [
        ("{not json", "bad JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"published": "30 May 2025"}', "'published'"),
        ('{"title": 7}', "'title' is not a string"),
    ],
)
def test_invalid_metadata_fails_that_document_with_E010(tmp_path, meta, reason):
    (tmp_path / "a.txt").write_text(READOUT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(meta, encoding="utf-8")
    [failure] = read(tmp_path / "a.txt")
    assert failure.code == "E010"
    assert reason in failure.message


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8-sig", "utf-16"])
def test_txt_in_other_encodings_decodes(tmp_path, encoding):
    text = (
        "Résumé of the talks in Genève\n\nThe ministers met in Genève on Monday and discussed "
        "the façade of naïve diplomacy over café in São Paulo. Señor García attended.\n"
    )
    (tmp_path / "talks.txt").write_bytes(text.encode(encoding))
    [doc] = read(tmp_path / "talks.txt")
    assert doc.text == text.rstrip()
    assert doc.title == "Résumé of the talks in Genève"


def test_windows_newlines_become_unix_newlines(tmp_path):
    (tmp_path / "a.txt").write_bytes(READOUT.replace("\n", "\r\n").encode())
    [doc] = read(tmp_path / "a.txt")
    assert doc.text == READOUT.rstrip()


def test_binary_file_fails_with_E003_and_the_batch_continues(tmp_path):
    (tmp_path / "a-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "b-readout.txt").write_text(READOUT, encoding="utf-8")
    failure, doc = read(tmp_path)
    assert failure.code == "E003" and failure.path.endswith("a-image.txt")
    assert "cannot decode" in failure.message
    assert doc.id == "b-readout"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n"])
def test_empty_file_fails_with_E004(tmp_path, content):
    (tmp_path / "empty.txt").write_bytes(content)
    [failure] = read(tmp_path / "empty.txt")
    assert failure.code == "E004"
    assert failure.message == f"E004 empty document: {tmp_path / 'empty.txt'}"


# --- .html ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_keeps_the_article_and_drops_the_boilerplate(tmp_path, suffix):
    (tmp_path / f"delhi{suffix}").write_text(ARTICLE_PAGE, encoding="utf-8")
    [doc] = read(tmp_path / f"delhi{suffix}")
    assert doc.id == "delhi"
    assert doc.title == "Foreign Ministers Meet in Delhi"
    assert doc.text.startswith("Foreign Ministers Meet in Delhi\n\nExternal Affairs Minister S. Jaishankar")
    assert doc.text.count("Foreign Ministers Meet in Delhi") == 1
    assert "strategic dialogue in Tokyo." in doc.text
    for boilerplate in ("About us", "Contact", "Copyright", "Privacy policy"):
        assert boilerplate not in doc.text
    assert doc.published == date(2023, 3, 2)


def test_html_metadata_file_wins_over_the_page(tmp_path):
    (tmp_path / "delhi.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    write_meta(tmp_path / "delhi.meta.json", published="2023-03-03", source="The Japan News")
    [doc] = read(tmp_path / "delhi.html")
    assert (doc.published, doc.source) == (date(2023, 3, 3), "The Japan News")


def test_html_honours_a_declared_charset(tmp_path):
    page = ARTICLE_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "in Tokyo", "in Genève at the Café de Paris"
    )
    (tmp_path / "delhi.html").write_bytes(page.encode("latin-1"))
    [doc] = read(tmp_path / "delhi.html")
    assert "in Genève at the Café de Paris." in doc.text


def test_html_without_main_text_fails_with_E005(tmp_path):
    (tmp_path / "nav-only.html").write_text(EMPTY_PAGE, encoding="utf-8")
    [failure] = read(tmp_path / "nav-only.html")
    assert failure.code == "E005"


# --- .jsonl --------------------------------------------------------------------------


def test_jsonl_malformed_middle_line_fails_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"id": "one", "text": "First."}, "{not json", {"id": "three", "text": "Third."}))
    first, failure, third = read(path)
    assert (first.id, third.id) == ("one", "three")
    assert (first.path, third.path) == (f"{path}:1", f"{path}:3")
    assert failure.code == "E006" and failure.error.details["line"] == 2
    assert failure.message.startswith(f"E006 malformed JSONL in {path} line 2: bad JSON")


@pytest.mark.parametrize(
    "line, reason",
    [
        ('["a list"]', "expected a JSON object"),
        ('{"id": "x"}', "missing or empty 'text'"),
        ('{"text": "   "}', "missing or empty 'text'"),
        ('{"text": "Hi.", "published": "May 2022"}', "'published' is not a date"),
        ('{"text": "Hi.", "url": 3}', "'url' is not a string"),
    ],
)
def test_jsonl_bad_records_say_why(tmp_path, line, reason):
    (tmp_path / "feed.jsonl").write_text(line + "\n")
    [failure] = read(tmp_path / "feed.jsonl")
    assert failure.code == "E006" and reason in failure.message


def test_jsonl_skips_blank_lines_and_numbers_ids_by_line(tmp_path):
    (tmp_path / "feed.jsonl").write_text(jsonl({"text": "First."}, "", "  ", {"text": "Fourth.", "id": ""}))
    docs = read(tmp_path / "feed.jsonl")
    assert [doc.id for doc in docs] == ["feed:1", "feed:4"]


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("Blinken's Call", "The Secretary spoke.", "Blinken's Call\n\nThe Secretary spoke."),
        ("Blinken's Call", "Blinken's Call\n\nThe Secretary spoke.", "Blinken's Call\n\nThe Secretary spoke."),
        (None, "The Secretary spoke.", "The Secretary spoke."),
    ],
)
def test_jsonl_title_becomes_the_first_line(tmp_path, title, text, expected):
    (tmp_path / "feed.jsonl").write_text(jsonl({"id": "call", "title": title, "text": text}))
    [doc] = read(tmp_path / "feed.jsonl")
    assert doc.text == expected and doc.title == title


@pytest.mark.parametrize(
    "published, expected",
    [("2022-08-03", date(2022, 8, 3)), ("2022-08-03T14:05:00Z", date(2022, 8, 3)), (None, None)],
)
def test_jsonl_published_takes_dates_and_timestamps(tmp_path, published, expected):
    (tmp_path / "feed.jsonl").write_text(jsonl({"text": "Hi.", "published": published}))
    [doc] = read(tmp_path / "feed.jsonl")
    assert doc.published == expected


# --- paths and directories ------------------------------------------------------------


def test_directory_is_walked_in_sorted_order_skipping_metadata_gold_and_hidden(tmp_path):
    for name in [
        "b.txt", "a.TXT", "a.meta.json", "a.gold.json", "notes.md", ".hidden.txt",
        "sub/c.htm", "sub/deeper/d.txt", ".git/e.txt", "z.jsonl",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE_PAGE if name.endswith(".htm") else jsonl({"text": "Hi."}))
    found = [path.relative_to(tmp_path).as_posix() for path in find_files(tmp_path)]
    assert found == ["a.TXT", "b.txt", "sub/c.htm", "sub/deeper/d.txt", "z.jsonl"]
    assert [item.id for item in read(tmp_path)] == ["a", "b", "c", "d", "z:1"]


def test_document_files_names_every_file_and_every_path_that_names_none(tmp_path):
    from readouts.ingest import document_files

    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "b.txt").write_text(READOUT)
    (tmp_path / "in" / "a.html").write_text(ARTICLE_PAGE)
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("# notes")
    given = [tmp_path / "in", tmp_path / "missing.txt", tmp_path / "empty", tmp_path / "notes.md"]
    found = [item.relative_to(tmp_path).as_posix() if isinstance(item, Path) else item.code
             for item in document_files(given)]
    assert found == ["in/a.html", "in/sub/b.txt", "E001", "E002", "notes.md"]


def test_counting_reading_and_planning_see_the_same_files(tmp_path):
    from readouts.runs import count_documents
    from readouts.scale import plan_partitions

    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "b.txt").write_text(READOUT)
    (tmp_path / "in" / "a.jsonl").write_text(jsonl({"text": "Hi."}, {"text": "Ho."}))
    (tmp_path / "in" / ".hidden.txt").write_text(READOUT)
    (tmp_path / "in" / "b.meta.json").write_text("{}")
    given = [tmp_path / "in", tmp_path / "missing.txt", tmp_path / "empty"]
    (tmp_path / "empty").mkdir()
    read_items = read(*given)
    partitions, planning_failures = plan_partitions(given, size=10)
    assert count_documents(given) == 3 == sum(isinstance(item, Document) for item in read_items)
    assert [f.message for f in planning_failures] == [item.message for item in read_items
                                                      if isinstance(item, IngestFailure)]
    assert [piece.path for partition in partitions for piece in partition.pieces] == [
        str(tmp_path / "in" / "a.jsonl"), str(tmp_path / "in" / "sub" / "b.txt")]


def bad_path(tmp_path: Path, kind: str) -> Path:
    if kind == "missing path":
        return tmp_path / "does-not-exist.txt"
    if kind == "empty directory":
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "notes.md").write_text("not a document")
        return tmp_path / "in"
    (tmp_path / "notes.md").write_text("# notes")
    return tmp_path / "notes.md"


@pytest.mark.parametrize(
    "kind, code",
    [("missing path", "E001"), ("empty directory", "E002"), ("unsupported suffix", "E007")],
)
def test_bad_paths_fail_without_stopping_the_batch(tmp_path, kind, code):
    bad = bad_path(tmp_path, kind)
    (tmp_path / "good.txt").write_text(READOUT)
    failure, doc = read(bad, tmp_path / "good.txt")
    assert isinstance(failure, IngestFailure) and failure.code == code
    assert failure.path == str(bad) and str(bad) in failure.message
    assert doc.id == "good"


def test_ingest_failure_is_frozen(tmp_path):
    [failure] = read(tmp_path / "missing.txt")
    with pytest.raises(AttributeError):
        failure.path = "elsewhere"


# --- parse_date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-05-30", date(2025, 5, 30)),
        (" 2025-05-30 ", date(2025, 5, 30)),
        ("2025-05-30T08:00:00+05:30", date(2025, 5, 30)),
    ],
)
def test_parse_date_reads_iso_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["", "30/05/2025", "2025-13-01", "20250530", "yesterday"])
def test_parse_date_rejects_anything_else_with_E008(value):
    with pytest.raises(ReadoutsError) as caught:
        parse_date(value)
    assert caught.value.code == "E008"
    assert str(caught.value) == f"E008 invalid date {value!r}: expected YYYY-MM-DD"


def _extract_text(published):
    import readouts

    return readouts.extract("Ministers met.", published=published)


def _read_documents(published):
    return list(read_documents([CORPUS / "dev"], published=published))


def _extract_on_cluster(published):
    from readouts.scale import extract_on_cluster

    return extract_on_cluster(None, [], published=published)  # the date is read before the cluster is used


def _ingest_on_cluster(published):
    from readouts.scale import ingest_on_cluster

    return ingest_on_cluster(None, None, [], published=published)


@pytest.mark.parametrize("entry", [_extract_text, _read_documents, _extract_on_cluster, _ingest_on_cluster])
def test_a_bad_date_given_to_the_python_api_is_E008(entry):
    with pytest.raises(ReadoutsError) as caught:
        entry("30/05/2025")
    assert str(caught.value) == "E008 invalid date '30/05/2025': expected YYYY-MM-DD"


def test_a_date_given_as_text_to_read_documents_is_every_documents_date(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nMinisters met.", encoding="utf-8")
    [document] = read_documents([tmp_path], published="2025-05-30")
    assert document.published == date(2025, 5, 30)


# --- the real corpora ------------------------------------------------------------------


def test_dev_corpus_reads_fifteen_documents_with_dates_from_their_metadata():
    dev = CORPUS / "dev"
    if not dev.is_dir():
        pytest.skip(f"dev corpus not found at {dev}")
    docs = read(dev)
    failures = [item.message for item in docs if isinstance(item, IngestFailure)]
    assert not failures
    assert len(docs) == 15
    for doc in docs:
        meta = json.loads((dev / f"{doc.id}.meta.json").read_text(encoding="utf-8"))
        expected = date.fromisoformat(meta["published"]) if meta["published"] else None
        assert doc.published == expected, doc.id
        assert doc.title == meta["title"] and doc.text.splitlines()[1] == ""
    assert {doc.id: doc.published for doc in docs}["mea-fs-misri-us-2025"] is None


def test_stream_corpus_streams_its_first_fifty_records():
    stream = CORPUS / "stream" / "state-dept-2021-2022.jsonl"
    if not stream.is_file():
        pytest.skip(f"stream corpus not found at {stream}")
    docs = list(itertools.islice(read_documents([stream]), 50))
    assert len(docs) == 50 and all(isinstance(doc, Document) for doc in docs)
    assert [doc.path for doc in docs] == [f"{stream}:{line}" for line in range(1, 51)]
    for doc in docs:
        assert doc.published and doc.source == "U.S. Department of State"
        assert doc.text.startswith(doc.title)
