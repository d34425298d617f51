"""The command line attacked, with real processes: an output that is an input, a full disk
(a real 64 KiB tmpfs), a damaged file to resume, `--version` (issue 13)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import readouts

SOURCE = str(Path(readouts.__file__).resolve().parents[1])  # this copy of the package, not an installed one
RELEASE = ("Talks in Nairobi\n\nForeign Minister Rosa Medina of Chile met Foreign Minister Peter Wambua of Kenya "
           "in Nairobi on 3 May 2024 to discuss trade and investment.\n")


def readouts_cli(*args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    """Run `python -m readouts.cli ARGS` in a fresh process; stdout and stderr as text."""
    env = {**os.environ, "PYTHONPATH": SOURCE, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "readouts.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def jsonl(path: Path, records: int, prefix: str = "d", repeat: int = 1) -> Path:
    text = RELEASE + "\n".join([RELEASE.split("\n\n")[1]] * (repeat - 1))
    path.write_text("".join(json.dumps({"id": f"{prefix}{i}", "text": text}) + "\n" for i in range(records)))
    return path


def test_version():
    result = readouts_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"readouts {readouts.__version__}"


@pytest.mark.parametrize("output", ["same", "link", "inside"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, output):
    source = tmp_path / "release.txt"
    source.write_text(RELEASE)
    (tmp_path / "alias.txt").symlink_to(source)
    target, inputs = {"same": (source, [source]), "link": (tmp_path / "alias.txt", [source]),
                      "inside": (tmp_path / "out.jsonl", [tmp_path])}[output]
    result = readouts_cli("extract", *inputs, "--output", target)
    assert result.returncode == 2 and "E032" in result.stderr and "Traceback" not in result.stderr
    assert source.read_text() == RELEASE
    assert not (tmp_path / "out.jsonl").exists()


@pytest.fixture
def full_disk(tmp_path):
    """A real 64 KiB tmpfs (mounting needs root; elsewhere this test is skipped)."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_during_extract_output_is_one_line(tmp_path, full_disk):
    source = jsonl(tmp_path / "many.jsonl", 120)
    result = readouts_cli("extract", source, "--output", full_disk / "out.jsonl")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: E031 cannot write {full_disk / 'out.jsonl'}: No space left on device"]


def test_a_damaged_line_in_a_resumed_output_is_reported(tmp_path):
    source = jsonl(tmp_path / "docs.jsonl", 6)
    output = tmp_path / "out.jsonl"
    assert readouts_cli("extract", source, "--output", output).returncode == 0
    lines = output.read_text().splitlines(keepends=True)
    lines[2] = lines[2][: len(lines[2]) // 2] + "\n"  # damage in the middle, not an interrupted last line
    output.write_text("".join(lines))
    result = readouts_cli("extract", source, "--output", output, "--resume")
    assert result.returncode == 0, result.stderr
    assert f"{output} line 3 is not a complete JSON line" in result.stderr and "3 line(s) after it" in result.stderr
    assert sorted(json.loads(line)["id"] for line in output.read_text().splitlines()) == [f"d{i}" for i in range(6)]


def test_an_interrupted_last_line_is_cut_without_a_warning(tmp_path):
    source = jsonl(tmp_path / "docs.jsonl", 3)
    output = tmp_path / "out.jsonl"
    assert readouts_cli("extract", source, "--output", output).returncode == 0
    output.write_bytes(output.read_bytes()[:-40])
    result = readouts_cli("extract", source, "--output", output, "--resume")
    assert result.returncode == 0 and "warning" not in result.stderr
    assert len(output.read_text().splitlines()) == 3


# -- two writers on a new SQLite file ----------------------------------------------------------

OPEN_STORE = "import sys; from readouts.store import Store; Store.open(sys.argv[1]).close()"


def open_at_once(url: str, processes: int = 3) -> list[str]:
    """Open the knowledge base at `url` from several fresh processes at once; their errors."""
    env = {**os.environ, "PYTHONPATH": SOURCE}
    running = [subprocess.Popen([sys.executable, "-c", OPEN_STORE, url], env=env, stderr=subprocess.PIPE, text=True)
               for _ in range(processes)]
    return [p.communicate(timeout=120)[1] for p in running if p.wait(timeout=120) != 0]


def test_processes_opening_a_new_sqlite_file_at_once_all_succeed(tmp_path):
    failures = []
    for attempt in range(5):
        failures += open_at_once(f"sqlite:///{tmp_path / f'new-{attempt}.db'}")
    assert failures == []


@pytest.mark.postgresql
def test_processes_opening_a_new_postgresql_database_at_once_all_succeed(postgres_server):
    import uuid

    import sqlalchemy as sa

    failures = []
    for _ in range(3):
        name = f"readouts_t_{uuid.uuid4().hex[:8]}"
        with postgres_server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            failures += open_at_once(postgres_server.url.set(database=name).render_as_string(hide_password=False))
        finally:
            with postgres_server.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    assert failures == []


def test_two_ingests_starting_on_a_new_sqlite_file_both_store(tmp_path):
    db = tmp_path / "shared.db"
    first, second = jsonl(tmp_path / "a.jsonl", 2, "a"), jsonl(tmp_path / "b.jsonl", 2, "b")
    env = {**os.environ, "PYTHONPATH": SOURCE}
    processes = [subprocess.Popen([sys.executable, "-m", "readouts.cli", "ingest", str(source), "--db", str(db)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for source in (first, second)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    from readouts.store import Store, queries

    store = Store.open(f"sqlite:///{db}")
    try:
        assert queries.documents(store, limit=10).total == 4
    finally:
        store.close()


# -- --workers: the workers end with their parent ----------------------------------------------

def started_workers(tmp_path, records: int = 64, repeat: int = 100):
    """`extract --workers 2` on a JSONL file of long texts (a chunk takes seconds) in its own process group;
    returns it once both workers run."""
    import psutil

    source = jsonl(tmp_path / "many.jsonl", records, repeat=repeat)
    env = {**os.environ, "PYTHONPATH": SOURCE}
    process = subprocess.Popen([sys.executable, "-m", "readouts.cli", "extract", str(source), "--workers", "2",
                                "--output", str(tmp_path / "out.jsonl")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    while len(parent.children()) < 2 or not (tmp_path / "out.jsonl").exists():
        assert time.monotonic() < deadline and process.poll() is None, "the workers did not start"
        time.sleep(0.2)
    time.sleep(1.0)  # into their first chunks
    return process, parent.children()


def gone(processes, within: float = 20.0) -> bool:
    import psutil

    _, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


def test_workers_end_when_their_parent_is_killed(tmp_path):
    process, workers = started_workers(tmp_path)
    try:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert gone(workers, within=3.0), [w.pid for w in workers if w.is_running()]
    finally:
        for worker in workers:
            if worker.is_running():
                worker.kill()


def test_ctrl_c_stops_parent_and_workers_without_tracebacks(tmp_path):
    # many short records: results stream back when the signal comes, and the run is far from its end
    process, workers = started_workers(tmp_path, records=4000, repeat=1)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert "run again with --resume" in stderr
    assert gone(workers)


# -- extract: a first Ctrl-C is acted on between documents -------------------------------------

def blocked_on_its_pipe(process: subprocess.Popen) -> bool:
    try:
        return "pipe_write" in Path(f"/proc/{process.pid}/wchan").read_text()  # anon_pipe_write on newer kernels
    except OSError:
        return False


def test_ctrl_c_during_extract_to_a_slow_pipe_keeps_every_line_whole(tmp_path):
    """Long lines (~20 KB) to a reader slower than the extractor: Ctrl-C while a line is half in the pipe."""
    import threading

    if not Path("/proc/self/wchan").exists():
        pytest.skip("needs /proc/PID/wchan to see the writer blocked on its pipe")
    source = jsonl(tmp_path / "long.jsonl", 200, repeat=30)
    env = {**os.environ, "PYTHONPATH": SOURCE}
    process = subprocess.Popen([sys.executable, "-m", "readouts.cli", "extract", str(source), "--format", "json"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    received: list[bytes] = []

    def read_slowly() -> None:
        while chunk := process.stdout.read1(1024):
            received.append(chunk)
            time.sleep(0.005)

    reader = threading.Thread(target=read_slowly)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while sum(map(len, received)) < 200_000 or not blocked_on_its_pipe(process):
            assert time.monotonic() < deadline and process.poll() is None, "the run ended before it was interrupted"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        stderr = process.stderr.read().decode()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "every line written is complete" in stderr
    data = b"".join(received)
    cut = data.rsplit(b"\n", 1)[-1]
    assert not cut, f"the last line was cut after {len(cut)} bytes"
    ids = [json.loads(line)["id"] for line in data.splitlines()]
    assert ids == [f"d{i}" for i in range(len(ids))] and 0 < len(ids) < 200


def test_interrupted_extract_output_keeps_whole_lines_and_resumes(tmp_path):
    """Ctrl-C mid-run with --output: every line in the file is whole; --resume extracts the rest, once each."""
    source = jsonl(tmp_path / "docs.jsonl", 300)
    output = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": SOURCE}
    process = subprocess.Popen([sys.executable, "-m", "readouts.cli", "extract", str(source), "--output", str(output)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (output.exists() and output.read_bytes().count(b"\n") >= 3):
        assert time.monotonic() < deadline and process.poll() is None, "no output before the interruption"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in stderr, stderr
    data = output.read_bytes()
    assert data.endswith(b"\n")
    written = [json.loads(line)["id"] for line in data.splitlines()]
    assert 0 < len(written) < 300
    resumed = readouts_cli("extract", source, "--output", output, "--resume")
    assert resumed.returncode == 0 and "warning" not in resumed.stderr, resumed.stderr
    assert f"already in the output (resumed): {len(written)}" in resumed.stderr
    ids = [json.loads(line)["id"] for line in output.read_text().splitlines()]
    assert sorted(ids) == sorted(f"d{i}" for i in range(300)) and len(ids) == 300
