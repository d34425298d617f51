"""Triage, worker processes and long runs (issue: throughput and scale-out).

Speed itself is measured by `readouts bench`, never asserted here: these
tests check that triage loses nothing, that N workers give the results of
one process in the same order, and that an interrupted run resumes without
redoing or duplicating work.
"""

from __future__ import annotations

import copy
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readouts.benchmark import load_documents
from readouts.cli import app
from readouts.domain import load_domain
from readouts.evaluate import evaluate
from readouts.extract.engine import Extractor
from readouts.nlp.triage import Triage, load_triage
from readouts.parallel import ParallelExtractor
from readouts.runs import JsonlOutput, RunSummary, count_documents
from readouts.schema import Document, Extraction

runner = CliRunner()
BIN = Path(sys.executable).parent


# -- the screen on invented sentences ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Talks in Lima\n\nForeign Minister Ana Beltrán met her Peruvian counterpart on Tuesday.",
    "Brazil and Argentina signed a memorandum on energy cooperation in Brasília.",
    "Ottawa, 3 March\n\nThe Prime Minister received the visiting Emir at Rideau Hall.",
    "The envoy held talks with officials of the African Union in Addis Ababa.",
    "NAIROBI — Kenya's President spoke by phone with the Chancellor of Germany.",
    "Hanoi, 4 May\n\nThe Foreign Minister arrived in Hanoi on Sunday for a two-day official visit.",
])
def test_screen_keeps_engagements(text):
    assert load_triage().screen(text).keep


@pytest.mark.parametrize("text, reason", [
    ("Storms close schools\n\nHeavy snow closed roads across the county on Monday.", "no engagement word"),
    ("Apple unveils laptops\n\nThe new chips are faster, the company said.", "no engagement word"),
    # an engagement word, but neither an office nor two sides beside it
    ("Fans travel north\n\nThousands of supporters will travel to the final in Manchester.", "beside"),
    # travel words beside countries only: tourism, not diplomacy
    ("Summer\n\nTourists from France and Spain travel to Italy in record numbers.", "beside"),
    # "called for" is not an engagement, even beside a title
    ("Budget row\n\nThe Minister called for calm as the budget vote neared.", "no engagement word"),
])
def test_screen_skips_what_cannot_be_an_engagement(text, reason):
    screen = load_triage().screen(text)
    assert not screen.keep and reason in screen.reason


def test_screen_vocabulary_comes_from_the_data_files():
    text = "Officials parley\n\nThe Foreign Minister will parley with Chilean and Peruvian delegates."
    assert not load_triage().screen(text).keep
    domain = copy.deepcopy(load_domain())
    domain.events["triggers"]["talks"]["lemmas"].append("parley")  # what an analyst adds to events.yaml
    assert Triage(domain).screen(text).keep


def test_skipped_document_says_why_and_keeps_its_metadata(extractor):
    document = Document(id="weather", text="Rain\n\nRain is expected all week.", title="Rain",
                        source="Met Office", url="https://example.org/rain")
    extraction = extractor.extract(document)
    assert extraction.skipped == "no engagement word"
    assert (extraction.title, extraction.source, extraction.url) == ("Rain", "Met Office", "https://example.org/rain")
    assert not extraction.events and not extraction.actors
    assert Extractor(nlp=extractor.nlp, triage=False).extract(document).skipped is None


# -- triage loses nothing on the corpus ------------------------------------------------

@pytest.fixture(scope="module")
def corpus_documents(corpus):
    return load_documents([corpus / "dev", corpus / "noise"])


@pytest.fixture(scope="module")
def both_ways(extractor, corpus_documents):
    plain = Extractor(nlp=extractor.nlp, triage=False)
    return list(zip(extractor.extract_many(corpus_documents), plain.extract_many(corpus_documents)))


def test_triage_skips_only_documents_without_engagements(both_ways):
    skipped = [(on, off) for on, off in both_ways if on.skipped]
    assert skipped, "triage skipped nothing"
    for on, off in skipped:
        assert not off.events, f"{on.id}: triage skipped a document with engagements ({on.skipped})"


def test_triage_changes_nothing_in_the_documents_it_keeps(both_ways):
    for on, off in both_ways:
        if not on.skipped:
            assert on.model_dump() == off.model_dump(), on.id


def test_triage_skips_most_of_the_noise(both_ways, corpus):
    noise_ids = {d.id for d in load_documents([corpus / "noise"])}
    noise = [on for on, _ in both_ways if on.id in noise_ids]
    skipped = sum(bool(on.skipped) for on in noise)
    assert len(noise) >= 50 and skipped / len(noise) >= 0.9, f"{skipped}/{len(noise)} noise documents skipped"


def test_eval_is_the_same_with_triage_on_and_off(extractor, corpus):
    on = evaluate(corpus / "dev", extractor.extract).to_dict()
    off = evaluate(corpus / "dev", Extractor(nlp=extractor.nlp, triage=False).extract).to_dict()
    assert on == off


# -- worker processes -------------------------------------------------------------------

def test_workers_give_the_single_process_results_in_input_order(extractor, corpus_documents):
    documents = corpus_documents[:30]
    expected = [e.model_dump() for e in extractor.extract_many(documents)]
    with ParallelExtractor(workers=2, chunk_size=4) as parallel:
        got = [e.model_dump() for e in parallel.extract_many(documents)]
        assert got == expected
        again = [e.model_dump() for e in parallel.extract_many(iter(documents[:5]))]  # the pool is reused
        assert again == expected[:5]


def test_workers_stream_without_reading_everything_first(extractor):
    read = []

    def documents():
        for n in range(200):
            read.append(n)
            yield Document(id=f"d{n}", text="Rain\n\nRain all week.")

    with ParallelExtractor(workers=2, chunk_size=4) as parallel:
        stream = parallel.extract_many(documents())
        first = next(stream)
        assert first.id == "d0" and len(read) <= 4 * 2 * 2 + 4  # a bounded window, not the whole input
        assert [e.id for e in stream] == [f"d{n}" for n in range(1, 200)]


def test_cli_extract_with_workers_matches_one_process(corpus, tmp_path):
    source = corpus / "dev"
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(source), "-o", str(one)]).exit_code == 0
    result = runner.invoke(app, ["extract", str(source), "-o", str(two), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert "processed 15" in result.output


# -- long runs: counting, summary, resume ---------------------------------------------

def _stream_sample(corpus: Path, path: Path, lines: int) -> Path:
    with (corpus / "stream" / "state-dept-2021-2022.jsonl").open(encoding="utf-8") as source:
        path.write_text("".join(next(source) for _ in range(lines)), encoding="utf-8")
    return path


def test_count_documents_counts_files_lines_and_rows(corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    jsonl = _stream_sample(corpus, tmp_path / "s.jsonl", 7)
    pq.write_table(pa.table({"text": ["a", "b", "c"]}), tmp_path / "t.parquet")
    assert count_documents([corpus / "dev"]) == 15
    assert count_documents([jsonl, tmp_path / "t.parquet", tmp_path / "missing.txt"]) == 10


def test_output_resumes_after_a_cut_line(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonlOutput(path) as sink:
        for n in range(3):
            sink.write(Extraction(id=f"d{n}"))
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole + '{"id": "d3", "actors": [', encoding="utf-8")  # killed mid-line
    with JsonlOutput(path, resume=True) as sink:
        assert sink.done == {"d0", "d1", "d2"}
        sink.write(Extraction(id="d3"))
    ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert ids == ["d0", "d1", "d2", "d3"]


def test_summary_counts_every_outcome():
    summary = RunSummary()
    summary.record(Extraction(id="a", skipped="no engagement word"))
    summary.record(Extraction(id="b"))
    summary.failed["E006"] += 1
    text = "\n".join(summary.lines())
    assert "processed 2: 1 extracted (0 with engagements), 1 skipped, 1 failed" in text
    assert "not diplomatic: no engagement word: 1" in text and "E006: 1" in text


def test_interrupted_extract_resumes_without_redoing_or_duplicating(corpus, tmp_path):
    """A real run is stopped with Ctrl-C (SIGINT) part-way, then resumed with --resume."""
    source = _stream_sample(corpus, tmp_path / "s.jsonl", 40)
    output = tmp_path / "out.jsonl"
    process = subprocess.Popen([str(BIN / "readouts"), "extract", str(source), "-o", str(output), "--no-triage"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if output.exists() and output.read_text(encoding="utf-8").count("\n") >= 5:
            break
        time.sleep(0.2)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "--resume" in stderr and "Traceback" not in stderr
    first = [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert 5 <= len(first) < 40

    result = subprocess.run([str(BIN / "readouts"), "extract", str(source), "-o", str(output), "--no-triage",
                             "--resume"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"already in the output (resumed): {len(first)}" in result.stderr
    ids = [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(line)["id"] for line in source.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids))


def test_resume_needs_an_output_file(corpus):
    result = runner.invoke(app, ["extract", str(corpus / "dev"), "--resume"])
    assert result.exit_code == 2 and "E016 --resume needs --output FILE" in result.output


def test_ingest_reports_documents_triage_skipped(corpus, tmp_path):
    noise = sorted((corpus / "noise").glob("*.txt"))[:3]
    for path in noise:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "call.txt").write_text(
        "Ministers speak\n\nForeign Minister Ana Beltrán of Chile spoke by phone with Foreign Minister "
        "Elena Ruiz of Peru on 3 March 2025.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    skipped = sum(1 for path in noise if not load_triage().screen(path.read_text(encoding="utf-8")).keep)
    assert f"{skipped} not diplomatic" in result.output and "4 stored" in result.output
    again = runner.invoke(app, ["ingest", str(tmp_path), "--db", db])
    assert "4 unchanged" in again.output and "0 not diplomatic" in again.output
