"""The Dask engine on a real LocalCluster of two worker processes: the same results as one process,
Parquet partitions that resume and survive a retried partition, ingest into the knowledge base, bad input.

One cluster serves the whole module (starting it loads the model in each worker, ~10 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from readouts.errors import EXIT_FAILED, EXIT_PARTIAL
from readouts.ingest import IngestFailure, ParquetColumns, read_documents
from readouts.scale import dask_client, extract_on_cluster, ingest_on_cluster, plan_partitions, read_partition
from readouts.scale.cluster import FAIL_VARIABLE
from readouts.scale.output import MANIFEST, SUCCESS
from readouts.schema import Document, Extraction
from readouts.store import Store
from readouts.store.models import DocumentRow, Engagement, Person, Report

DEV_SUBSET = 5  # where the whole dev corpus is not needed


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def dev(corpus) -> Path:
    return corpus / "dev"


@pytest.fixture(scope="module")
def dev_documents(dev) -> list[Document]:
    return [d for d in read_documents([dev]) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def single_process(extractor, dev_documents) -> dict[str, Extraction]:
    return {e.id: e for e in extractor.extract_many(dev_documents)}


def facts(extraction: Extraction) -> tuple[set, set]:
    """What must agree between runs: the events (kind, people, dates, sides, code) and the actors."""
    names = {a.id: a.name for a in extraction.actors}
    events = {(e.type, e.status, frozenset(names[i] for i in [*e.participants, *e.visitors]), e.start, e.end,
               tuple(sorted(e.countries)), e.cameo) for e in extraction.events}
    actors = {(a.name, a.country, a.title, a.participant) for a in extraction.actors}
    return events, actors


def parquet_extractions(output: Path) -> list[Extraction]:
    table = ds.dataset(output / "documents").to_table()
    return [Extraction.model_validate_json(row["extraction"]) for row in table.to_pylist()
            if row["status"] in ("extracted", "skipped")]


def part_names(output: Path, table: str) -> list[str]:
    return sorted(p.name for p in (output / table).iterdir())


def with_failure(client, spec: str):
    """Make the workers fail a partition's first attempts (the engine's test hook), for one run."""
    # A lambda travels by value and runs there (os.environ.__setitem__ would carry a copy of our environment).
    client.run(lambda: os.environ.__setitem__(FAIL_VARIABLE, spec))


def without_failure(client):
    client.run(lambda: os.environ.pop(FAIL_VARIABLE, None))


# --- planning: no cluster needed -----------------------------------------------------------------

def test_partitions_read_exactly_what_read_documents_reads(tmp_path, dev_documents):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": d.text, "published": str(d.published) if d.published else None})
             for d in dev_documents[:7]]
    feed.write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n", encoding="utf-8")  # a blank line
    table = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": [d.text for d in dev_documents[:5]]}), table, row_group_size=2)
    inputs = [feed, table, *[d.path for d in dev_documents[:3]]]

    partitions, failures = plan_partitions(inputs, size=3)

    assert failures == []
    assert [p.documents for p in partitions] == [3, 3, 2, 3, 3, 2]  # 8 lines, then 5 rows, then 3 files
    read = [d for p in partitions for d in read_partition(p)]
    expected = list(read_documents(inputs))
    assert [(d.id, d.path, d.text) for d in read] == [(d.id, d.path, d.text) for d in expected]
    assert [d.id for d in read][:8] == ["feed:1", "feed:2", "feed:3", "feed:5", "feed:6", "feed:7", "feed:8",
                                        "rows:1"]


def test_unreadable_inputs_are_reported_at_planning(tmp_path):
    (tmp_path / "notes.md").write_text("not a document")
    pq.write_table(pa.table({"body": ["The ministers met."]}), tmp_path / "news.parquet")

    partitions, failures = plan_partitions([tmp_path / "missing.txt", tmp_path / "notes.md",
                                            tmp_path / "news.parquet"], size=10)

    assert partitions == []
    assert [f.code for f in failures] == ["E001", "E007", "E040"]
    assert "has no column 'text' for the text (its columns: body); name it with --text-column" in failures[2].message


# --- extraction to Parquet -----------------------------------------------------------------------

def test_same_results_as_one_process(client, dev, tmp_path, single_process):
    summary = extract_on_cluster(client, [dev], output=tmp_path / "out", partition_size=4)

    assert (summary.partitions, summary.run, summary.documents, summary.failures) == (4, 4, 15, 0)
    extractions = parquet_extractions(tmp_path / "out")
    assert sorted(e.id for e in extractions) == sorted(single_process)
    for extraction in extractions:
        assert facts(extraction) == facts(single_process[extraction.id]), extraction.id
        assert extraction.skipped == single_process[extraction.id].skipped  # triage decides alike
    statuses = {r["id"]: r["status"] for r in ds.dataset(tmp_path / "out" / "documents").to_table().to_pylist()}
    assert statuses == {i: "skipped" if e.skipped else "extracted" for i, e in single_process.items()}
    assert summary.skipped == sum(1 for e in single_process.values() if e.skipped)
    events = ds.dataset(tmp_path / "out" / "events").to_table()
    assert set(events.column("document").to_pylist()) == {e.id for e in extractions if e.events}
    assert summary.events == sum(len(e.events) for e in single_process.values())


def test_one_file_per_partition_then_a_rerun_skips_them(client, dev, tmp_path):
    out = tmp_path / "out"
    extract_on_cluster(client, [dev], output=out, partition_size=4)
    names = ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]
    assert part_names(out, "documents") == part_names(out, "events") == names
    assert (out / SUCCESS).exists()
    manifest = json.loads((out / MANIFEST).read_text())
    assert [p["name"] for p in manifest["partitions"]] == [n.removesuffix(".parquet") for n in names]
    written = {n: (out / "documents" / n).stat().st_mtime_ns for n in names}

    again = extract_on_cluster(client, [dev], output=out, partition_size=4)

    assert (again.run, again.resumed, again.documents) == (0, 4, 15)
    assert {n: (out / "documents" / n).stat().st_mtime_ns for n in names} == written
    (out / "documents" / "part-00002.parquet").unlink()  # as if the run had stopped before it finished

    resumed = extract_on_cluster(client, [dev], output=out, partition_size=4)

    assert (resumed.run, resumed.resumed) == (1, 3)
    ids = ds.dataset(out / "documents").to_table().column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 15


def test_a_new_partition_size_replaces_the_old_partitions(client, dev, tmp_path):
    out = tmp_path / "out"
    extract_on_cluster(client, [dev], output=out, partition_size=4)
    summary = extract_on_cluster(client, [dev], output=out, partition_size=8)

    assert (summary.run, summary.resumed) == (2, 0)
    assert part_names(out, "documents") == ["part-00000.parquet", "part-00001.parquet"]
    ids = ds.dataset(out / "documents").to_table().column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 15


def test_a_partition_that_fails_once_is_retried_without_duplicates(client, dev, tmp_path, single_process):
    attempts = tmp_path / "attempts"
    with_failure(client, f"part-00001:1:{attempts}")  # fails after writing its events file
    try:
        summary = extract_on_cluster(client, [dev], output=tmp_path / "out", partition_size=4, retries=2)
    finally:
        without_failure(client)

    assert attempts.read_bytes() == b"xx"  # the first attempt failed, the second succeeded
    assert summary.failed_partitions == [] and summary.documents == 15
    out = tmp_path / "out"
    assert part_names(out, "events") == part_names(out, "documents")  # no temporary files left behind
    events = ds.dataset(out / "events").to_table().to_pylist()
    keys = [(e["document"], e["event"], e["Actor1CountryCode"], e["Actor2CountryCode"]) for e in events]
    assert len(keys) == len(set(keys))
    per_document = {d: sum(1 for e in events if e["document"] == d) for d in {e["document"] for e in events}}
    assert sum(per_document.values()) == len(events)
    assert {e.id for e in parquet_extractions(out)} == set(single_process)


def test_a_partition_failing_every_retry_is_reported_and_the_rest_goes_on(client, dev, tmp_path):
    out = tmp_path / "out"
    with_failure(client, f"part-00000:9:{tmp_path / 'attempts'}")
    try:
        summary = extract_on_cluster(client, [dev], output=out, partition_size=4, retries=1)
    finally:
        without_failure(client)

    [error] = summary.failed_partitions
    assert error.code == "E045"
    assert str(error).startswith("E045 partition part-00000 failed after 2 attempt(s): RuntimeError: injected")
    assert (tmp_path / "attempts").read_bytes() == b"xx"
    assert summary.run == 3 and summary.documents == 11
    assert not (out / SUCCESS).exists()
    assert json.loads((out / MANIFEST).read_text())["complete"] is False

    rerun = extract_on_cluster(client, [dev], output=out, partition_size=4)

    assert (rerun.run, rerun.resumed, rerun.failed_partitions) == (1, 3, [])
    assert (out / SUCCESS).exists()


def test_bad_files_are_reported_and_skipped(client, dev, tmp_path, dev_documents):
    folder = tmp_path / "in"
    folder.mkdir()
    for document in dev_documents[:DEV_SUBSET]:
        shutil.copy(document.path, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe")

    summary = extract_on_cluster(client, [folder, tmp_path / "missing.txt"], output=tmp_path / "out")

    assert summary.documents == DEV_SUBSET
    assert sorted(m[:4] for m in summary.unreadable) == ["E001", "E003"]
    rows = ds.dataset(tmp_path / "out" / "documents").to_table().to_pylist()
    [failed] = [r for r in rows if r["status"] == "failed"]
    assert failed["path"].endswith("broken.txt") and failed["error"].startswith("E003 cannot decode")


def test_without_output_the_client_receives_the_extractions(client, dev_documents, single_process):
    received: list[Extraction] = []
    paths = [d.path for d in dev_documents[:DEV_SUBSET]]

    summary = extract_on_cluster(client, paths, partition_size=2, sink=received.append)

    assert summary.partitions == 3
    assert sorted(e.id for e in received) == sorted(d.id for d in dev_documents[:DEV_SUBSET])
    assert all(facts(e) == facts(single_process[e.id]) for e in received)


def test_parquet_input_with_named_columns(client, dev_documents, single_process, tmp_path):
    chosen = dev_documents[:6]
    pq.write_table(pa.table({
        "doc_id": [d.id for d in chosen], "body": [d.text for d in chosen],
        "date": [d.published for d in chosen], "link": [d.url for d in chosen],
        "outlet": [d.source for d in chosen],
    }), tmp_path / "news.parquet", row_group_size=4)
    columns = ParquetColumns(text="body", id="doc_id", published="date", url="link", source="outlet")

    summary = extract_on_cluster(client, [tmp_path / "news.parquet"], output=tmp_path / "out", partition_size=3,
                                 columns=columns)

    assert (summary.partitions, summary.documents, summary.failures) == (2, 6, 0)
    for extraction in parquet_extractions(tmp_path / "out"):
        assert facts(extraction) == facts(single_process[extraction.id]), extraction.id


def test_parquet_input_without_the_text_column_is_a_clear_error(client, tmp_path):
    pq.write_table(pa.table({"body": ["The ministers met."]}), tmp_path / "news.parquet")

    summary = extract_on_cluster(client, [tmp_path / "news.parquet"], output=tmp_path / "out")

    assert summary.documents == 0 and summary.partitions == 0
    assert summary.unreadable == [f"E040 Parquet file {tmp_path / 'news.parquet'} has no column 'text' for the text "
                                  "(its columns: body); name it with --text-column"]


# --- ingest into the knowledge base --------------------------------------------------------------

def table_counts(url: str) -> dict[str, int]:
    store = Store.open(url)
    try:
        with store.session() as session:
            return {model.__name__: session.scalar(select(func.count()).select_from(model))
                    for model in (DocumentRow, Person, Engagement, Report)}
    finally:
        store.close()


@pytest.fixture(scope="module")
def single_process_ingest(extractor, dev_documents, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('reference')}/readouts.db"
    store = Store.open(url)
    try:
        summary = store.ingest(dev_documents, extractor=extractor)
    finally:
        store.close()
    return summary, table_counts(url)


def test_ingest_gives_the_same_knowledge_base_as_one_process(client, dev, database_url, single_process_ingest):
    reference, reference_counts = single_process_ingest
    store = Store.open(database_url)
    try:
        summary = ingest_on_cluster(client, store, [dev], partition_size=4)
    finally:
        store.close()

    stored = summary.store
    assert (stored.stored, stored.duplicates, stored.near_duplicates, len(stored.failed)) == \
        (reference.stored, reference.duplicates, reference.near_duplicates, 0)
    assert table_counts(database_url) == reference_counts

    store = Store.open(database_url)
    try:
        again = ingest_on_cluster(client, store, [dev], partition_size=4)
    finally:
        store.close()

    assert again.store.unchanged == 15 and again.store.stored == 0 and again.processed == 0
    assert table_counts(database_url) == reference_counts


def test_ingest_retried_partition_stores_nothing_twice(client, dev_documents, tmp_path):
    url = f"sqlite:///{tmp_path}/kb.db"
    paths = [d.path for d in dev_documents[:DEV_SUBSET]]
    with_failure(client, f"part-00001:1:{tmp_path / 'attempts'}")
    store = Store.open(url)
    try:
        summary = ingest_on_cluster(client, store, paths, partition_size=2, retries=1)
    finally:
        store.close()
        without_failure(client)

    assert (tmp_path / "attempts").read_bytes() == b"xx"
    assert summary.store.stored + summary.store.duplicates == DEV_SUBSET and not summary.failed_partitions
    assert table_counts(url)["DocumentRow"] == DEV_SUBSET


# --- the command line ----------------------------------------------------------------------------

def readouts(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("readouts")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_command_line_extract_and_ingest_on_a_local_cluster(dev_documents, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for document in dev_documents[:3]:
        shutil.copy(document.path, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe")

    result = readouts("extract", str(folder), "--engine", "dask", "--workers", "1", "--partition-size", "2",
                      "--output", str(tmp_path / "out"), cwd=tmp_path)

    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "skipped: E003 cannot decode" in result.stderr and "Traceback" not in result.stderr
    assert "3 documents extracted" in result.stderr and "2 partitions (2 run)" in result.stderr
    assert part_names(tmp_path / "out", "documents") == ["part-00000.parquet", "part-00001.parquet"]

    result = readouts("ingest", str(folder), "--engine", "dask", "--workers", "1", "--db",
                      f"sqlite:///{tmp_path}/kb.db", cwd=tmp_path)

    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "3 stored" in result.stderr and "1 failed" in result.stderr


def test_command_line_errors_are_one_line(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("someone's file")
    pq.write_table(pa.table({"body": ["The ministers met."]}), tmp_path / "news.parquet")

    refused = readouts("extract", str(tmp_path / "news.parquet"), "--engine", "dask", "--workers", "1",
                       "--text-column", "body", "--output", str(tmp_path / "out"), cwd=tmp_path)
    missing = readouts("extract", str(tmp_path / "news.parquet"), "--format", "json", cwd=tmp_path)
    unknown = readouts("extract", str(tmp_path / "news.parquet"), "--engine", "spark", cwd=tmp_path)

    assert refused.returncode == EXIT_FAILED and "E043" in refused.stderr and "Traceback" not in refused.stderr
    assert (tmp_path / "out" / "mine.txt").exists()
    assert missing.returncode == EXIT_FAILED and "E040" in missing.stderr and "--text-column" in missing.stderr
    assert unknown.returncode == 2 and "E015 unknown format 'spark'" in unknown.stderr


def test_ingest_failure_records_keep_their_numbers(tmp_path):
    [failure] = read_documents([tmp_path / "missing.txt"])
    assert isinstance(failure, IngestFailure)
    from readouts.scale.cluster import error_of, failure_record

    assert str(error_of(failure_record(failure.path, failure.error))) == failure.message
