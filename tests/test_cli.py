"""The command line: JSON output, tables, and clear one-line errors with documented exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from readouts.cli import app
from readouts.errors import EXIT_FAILED, EXIT_PARTIAL

runner = CliRunner()

CALL = (
    "Ministers speak by phone\n\n"
    "Foreign Minister of Chile Rosa Medina held a phone call on Tuesday with "
    "the Minister of Foreign Affairs of Kenya, Peter Wambua. The two ministers discussed trade.\n"
)


@pytest.fixture
def call_file(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(CALL, encoding="utf-8")
    return path


def test_json_lines_have_the_documented_keys(call_file):
    result = runner.invoke(app, ["extract", str(call_file), "--published", "2024-06-12", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert {"id", "path", "title", "published", "actors", "events", "initiatives", "commitments",
            "topics"} <= set(record)
    [event] = record["events"]
    assert event["type"] == "call" and event["start"] == "2024-06-11"
    assert {"id", "type", "participants", "countries", "location", "start", "end", "topics",
            "initiatives", "cameo", "plover", "evidence"} <= set(event)
    assert sorted(event["countries"]) == ["CHL", "KEN"]


def test_table_output(call_file):
    result = runner.invoke(app, ["extract", str(call_file), "--format", "table"])
    assert result.exit_code == 0
    assert "Rosa Medina" in result.stdout and "call" in result.stdout


def test_missing_path_is_one_line_and_fails():
    result = runner.invoke(app, ["extract", "no/such/file.txt", "--format", "json"])
    assert result.exit_code == EXIT_FAILED
    assert "E001 path not found" in result.output
    assert "Traceback" not in result.output


def test_bad_file_in_a_batch_is_skipped(tmp_path, call_file):
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "json"])
    assert result.exit_code == EXIT_PARTIAL
    assert "E003" in result.output
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("{")) == 1


def test_bad_published_date_is_a_usage_error(call_file):
    result = runner.invoke(app, ["extract", str(call_file), "--published", "30/05/2025"])
    assert result.exit_code == 2
    assert "E008" in result.output


@pytest.mark.parametrize("command", [
    ["extract", "{file}", "--published", "30/05/2025"],
    ["extract", "{file}", "--published", "30/05/2025", "--engine", "dask"],
    ["ingest", "{file}", "--db", "sqlite:///{tmp}/kb.db", "--published", "30/05/2025"],
    ["query", "timeline", "Chile", "--from", "30/05/2025", "--db", "sqlite:///{tmp}/kb.db"],
    ["export", "--format", "csv", "--output", "{tmp}/out.csv", "--to", "30/05/2025", "--db", "sqlite:///{tmp}/kb.db"],
])
def test_a_bad_date_anywhere_is_the_one_numbered_line(command, call_file, tmp_path):
    args = [part.format(file=call_file, tmp=tmp_path) for part in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == ["error: E008 invalid date '30/05/2025': expected YYYY-MM-DD"]


def test_unknown_format(call_file):
    result = runner.invoke(app, ["extract", str(call_file), "--format", "xml"])
    assert result.exit_code == 2 and "E015" in result.output


def test_schema_is_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Extraction" and "events" in schema["properties"]


def test_eval_on_a_folder_without_gold(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == EXIT_FAILED and "E011" in result.output


def test_eval_json_on_the_dev_corpus(corpus):
    result = runner.invoke(app, ["eval", str(corpus / "dev"), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["persons"]["f1"] >= 0.9


def test_demo_runs(tmp_path):
    result = runner.invoke(app, ["demo", "--db", f"sqlite:///{tmp_path}/demo.db", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "Vikram Misri" in result.stdout and "India" in result.stdout


def test_a_document_the_extractor_fails_on_is_reported_and_skipped(tmp_path, call_file, monkeypatch):
    from readouts.extract import engine

    original = engine.Extractor.build

    def build(self, document, doc):
        if "EXPLODE" in document.text:
            raise RuntimeError("boom")
        return original(self, document, doc)

    monkeypatch.setattr(engine.Extractor, "build", build)
    (tmp_path / "bad.txt").write_text("EXPLODE\n\nThe Foreign Minister met the Chilean Ambassador, and the "
                                      "extractor fails on it.", encoding="utf-8")  # diplomatic: triage keeps it
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "json"])
    assert result.exit_code == EXIT_PARTIAL
    assert "E030" in result.output and "boom" in result.output
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("{")) == 1


def test_export_writes_a_table_and_reports_a_bad_path(tmp_path, call_file):
    db = f"sqlite:///{tmp_path}/kb.db"
    assert runner.invoke(app, ["ingest", str(call_file), "--db", db, "--published", "2024-06-12"]).exit_code == 0
    out = tmp_path / "engagements.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--output", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[1].split(",")[6] == "041"
    plover = runner.invoke(app, ["export", "--format", "plover", "--output", str(tmp_path / "e.jsonl"), "--db", db])
    assert plover.exit_code == 0 and "1 record written" in plover.output, plover.output
    bad = runner.invoke(app, ["export", "--format", "csv", "--output", str(tmp_path / "no" / "x.csv"), "--db", db])
    assert bad.exit_code == EXIT_FAILED and "E031" in bad.output and "Traceback" not in bad.output


def test_query_commands_on_a_small_knowledge_base(tmp_path, call_file):
    db = f"sqlite:///{tmp_path}/kb.db"
    runner.invoke(app, ["ingest", str(call_file), "--db", db, "--published", "2024-06-12"])
    timeline = runner.invoke(app, ["query", "timeline", "Chile", "Kenya", "--db", db, "--format", "json"])
    [row] = json.loads(timeline.stdout)
    assert row["type"] == "call" and row["date"] == "2024-06-11"
    person = runner.invoke(app, ["query", "person", "Wambua", "--db", db, "--format", "json"])
    assert json.loads(person.stdout)["country"] == "KEN"
    missing = runner.invoke(app, ["query", "person", "Nobody Atall", "--db", db])
    assert missing.exit_code == EXIT_FAILED and "E024" in missing.output
    csv_out = runner.invoke(app, ["query", "dyads", "--db", db, "--format", "csv"])
    assert csv_out.stdout.splitlines()[1] == "CHL,KEN,1"
    timeline_csv = runner.invoke(app, ["query", "timeline", "Chile", "Kenya", "--db", db, "--format", "csv"])
    [csv_row] = list(csv.DictReader(io.StringIO(timeline_csv.stdout)))
    assert csv_row["cameo"] == "041"  # text, leading zero kept
    assert csv_row["urls"] == ""  # the sources' web addresses: a local file has none (never its path)


def test_a_foreign_file_as_database_is_one_line(tmp_path, call_file):
    bogus = tmp_path / "notes.db"
    bogus.write_text("just some notes, not a database" * 20)
    result = runner.invoke(app, ["ingest", str(call_file), "--db", f"sqlite:///{bogus}"])
    assert result.exit_code == EXIT_FAILED and "E021" in result.output and "Traceback" not in result.output
    assert bogus.read_text().startswith("just some notes")


def test_bench_prints_every_pipeline_and_its_ratio_to_bare_spacy(call_file, tmp_path):
    noise = tmp_path / "noise"
    noise.mkdir()
    (noise / "budget.txt").write_text("Parliament approves the budget\n\nThe budget passed on Monday.",
                                      encoding="utf-8")
    result = runner.invoke(app, ["bench", str(call_file), "--mixed-noise", str(noise), "--mixed-size", "10",
                                 "--workers", "2", "--repeat", "2"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.replace("│", " ").split())  # the table may wrap on a narrow terminal
    for name in ("bare spaCy", "triage off", "(default)", "2 workers", "mixed 1:9", "× bare", "best of 2"):
        assert name in text, name
    ratios = [float(cell) for line in result.stdout.splitlines() if "Readouts" in line
              for cell in [line.split("│")[9].strip()] if cell]
    assert len(ratios) == 6 and all(r > 0 for r in ratios)
