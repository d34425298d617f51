"""Input that used to be skipped in silence, misread or fatal (issue 13): unreadable folders and
files, FIFOs, Latin-1 and Windows-1252 files, NUL bytes, deep HTML, giant documents, duplicate
JSONL ids. Real files, and real processes where permissions matter."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys

import pytest

from readouts.ingest import MAX_DOCUMENT_CHARS, IngestFailure, read_documents
from readouts.schema import Document
from test_cli_hardening import SOURCE

RELEASE = ("Ministers meet in Nairobi\n\nChilean Foreign Minister Rosa Medina met Kenyan Foreign Minister Peter "
           "Wambua in Nairobi on Tuesday to discuss trade and investment.\n")


def read(*paths) -> list:
    return list(read_documents(paths))


def without_file_permissions() -> list[str]:
    """A command prefix under which chmod 000 holds: nothing for a normal user; for root, setpriv
    without the capabilities that override file permissions."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_extract(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SOURCE, "COLUMNS": "200"}
    return subprocess.run([*without_file_permissions(), sys.executable, "-m", "readouts.cli", "extract",
                           "--format", "json", *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def batch(tmp_path):
    """A folder of one readable release, an unreadable subfolder and an unreadable file."""
    folder = tmp_path / "batch"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(RELEASE)
    (folder / "locked" / "inside.txt").write_text(RELEASE)
    (folder / "secret.txt").write_text(RELEASE)
    os.chmod(folder / "locked", 0)
    os.chmod(folder / "secret.txt", 0)
    yield folder
    os.chmod(folder / "locked", 0o755)


def test_an_unreadable_subfolder_is_reported(batch):
    result = run_extract(batch)
    assert result.returncode == 3, result.stderr
    assert f"skipped: E009 cannot read {batch / 'locked'}: Permission denied" in result.stderr
    assert f"skipped: E009 cannot read {batch / 'secret.txt'}: Permission denied" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]


def test_the_dask_engine_plans_around_an_unreadable_subfolder_as_the_local_reader_does(batch):
    """Planning, counting and reading share one expansion of the inputs (readouts.ingest.document_files)."""
    script = ("import sys; from readouts.scale import plan_partitions; from readouts.ingest import read_documents, "
              "IngestFailure; from readouts.runs import count_documents; "
              "parts, failures = plan_partitions([sys.argv[1]], size=10); "
              "print([f.message for f in failures]); "
              "print([i.message for i in read_documents([sys.argv[1]]) if isinstance(i, IngestFailure)]); "
              "print(count_documents([sys.argv[1]]))")
    env = {**os.environ, "PYTHONPATH": SOURCE}
    result = subprocess.run([*without_file_permissions(), sys.executable, "-c", script, str(batch)], env=env,
                            capture_output=True, text=True, timeout=300)
    planned, read_failures, counted = result.stdout.splitlines()
    assert planned == str([f"E009 cannot read {batch / 'locked'}: Permission denied"]), result.stderr
    assert read_failures.startswith(planned[:-1])  # the reader also finds secret.txt unreadable, on opening it
    assert counted == "2"


def test_an_unreadable_file_on_the_command_line_is_its_own_e009(batch):
    result = run_extract(batch / "secret.txt", batch / "good.txt")
    assert result.returncode == 3 and "Usage" not in result.stderr
    assert f"E009 cannot read {batch / 'secret.txt'}" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]


def test_a_fifo_named_like_a_document_does_not_hang_the_run(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(RELEASE)
    result = run_extract(tmp_path)  # run_extract's timeout fails the test if the FIFO blocks
    assert result.returncode == 3
    assert f"E009 cannot read {tmp_path / 'pipe.txt'}: not a regular file" in result.stderr
    [failure] = read(tmp_path / "pipe.txt")
    assert failure.code == "E009"


@pytest.mark.parametrize("encoding, text", [
    ("latin-1", "Réunion à Genève\n\nLe ministre français a rencontré son homologue à Genève."),
    ("latin-1", "Außenminister trifft Amtskollegen\n\nDer Außenminister traf seinen Amtskollegen in München."),
    ("cp1252", "Talks “in good faith” – café\n\nThe minister’s counterpart met him in Genève."),
])
def test_western_files_are_read_as_written(tmp_path, encoding, text):
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode(encoding))
    [document] = read(path)
    assert document.text == text


def test_a_central_european_file_keeps_its_letters(tmp_path):
    text = ("Spotkanie w Łodzi\n\nMinister spraw zagranicznych spotkał się w Łodzi z ambasadorem. Rozmowy "
            "dotyczyły współpracy gospodarczej, bezpieczeństwa energetycznego i żeglugi na Bałtyku.")
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode("cp1250"))
    [document] = read(path)
    assert document.text == text


def test_a_stray_nul_is_dropped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "release.txt"
    path.write_bytes(RELEASE.replace("Tuesday", "Tues\x00day").encode())
    with caplog.at_level(logging.WARNING, logger="readouts.ingest"):
        [document] = read(path)
    assert document.text == RELEASE.strip()
    assert f"W001 dropped 1 NUL character(s) from {path}" in caplog.text


def test_binary_full_of_nuls_is_still_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    [failure] = read(path)
    assert failure.code == "E003"


def test_html_nested_past_the_parsers_limit_keeps_its_text(tmp_path):
    body = RELEASE.split("\n\n")[1]
    path = tmp_path / "deep.html"
    path.write_text("<html><head><title>Ministers meet</title></head><body>" + "<div>" * 300 + f"<p>{body}</p>"
                    + "</div>" * 300 + "</body></html>")
    [document] = read(path)
    assert isinstance(document, Document) and body.strip() in document.text


def test_a_document_over_a_million_characters_has_its_own_error(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(RELEASE + "More of the annex.\n" * (MAX_DOCUMENT_CHARS // 19 + 10))
    [failure] = read(path)
    assert isinstance(failure, IngestFailure) and failure.code == "E034"
    assert "split it into parts" in failure.message


def test_a_duplicate_jsonl_id_with_another_text_is_kept_apart(tmp_path, caplog, extractor):
    from readouts.store import Store, queries

    path = tmp_path / "docs.jsonl"
    records = [{"id": "r1", "text": RELEASE}, {"id": "r1", "text": RELEASE.replace("Tuesday", "Friday")},
               {"id": "r1", "text": RELEASE}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    with caplog.at_level(logging.WARNING, logger="readouts.ingest"):
        documents = read(path)
    assert [d.id for d in documents] == ["r1", "r1:2", "r1"]
    assert f"W002 {path} line 2: id 'r1' is also on line 1 with a different text" in caplog.text
    store = Store.open(f"sqlite:///{tmp_path / 'kb.db'}")
    try:
        summary = store.ingest(documents, extractor)
        assert (summary.stored, summary.replaced) == (2, 0)
        assert queries.documents(store, limit=10).total == 2
    finally:
        store.close()
