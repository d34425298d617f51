"""Snapshot of what the knowledge base answers, for comparing the code before and after a change.

Builds a knowledge base from a corpus directory through the command line (`readouts ingest`),
writes the CSV, JSON Lines, PLOVER and GDELT exports (`readouts export`), the command line's
query answers as JSON and CSV (`readouts query ...`) and the JSON API's answers (GET /api/...),
into one output directory with the run-dependent parts (ingest times) blanked. Comparing two
snapshots is `diff -r OLD NEW`. It does not judge the outputs; it only makes them comparable.

    .venv/bin/python scripts/export_snapshot.py /work/shared/corpus/dev /tmp/snapshot-before
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
READOUTS = str(BIN / "readouts")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?")


def run(args: list[str], output: Path | None = None) -> str:
    done = subprocess.run([READOUTS, *args], capture_output=True, text=True)
    if done.returncode not in (0,):
        sys.exit(f"readouts {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    if output is not None:
        output.write_text(blank(done.stdout))
    return done.stdout


def blank(text: str) -> str:
    """Ingest and correction times differ between runs; everything else should not."""
    return TIMESTAMP.sub("<time>", text)


def main(corpus: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "kb.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    run(["ingest", str(corpus), "--db", url])
    for fmt, name in (("csv", "engagements.csv"), ("jsonl", "engagements.jsonl"), ("plover", "plover.jsonl"),
                      ("gdelt", "gdelt.tsv")):
        run(["export", "--format", fmt, "--output", str(out / name), "--db", url])
        path = out / name
        path.write_text(blank(path.read_text()))
    # GDELT's DATEADDED column is the ingest time: blank it too
    from readouts.export import GDELT_COLUMNS

    added = GDELT_COLUMNS.index("DATEADDED")
    gdelt = out / "gdelt.tsv"
    gdelt.write_text("\n".join("\t".join(c if i != added else "<added>" for i, c in enumerate(line.split("\t")))
                               for line in gdelt.read_text().splitlines()) + "\n")

    people = json.loads(run(["query", "people", "--limit", "8", "--format", "json", "--db", url]))
    questions = {
        "timeline-usa": ["timeline", "USA"], "timeline-ind-usa": ["timeline", "India", "USA"],
        "timeline-tur": ["timeline", "TUR", "--from", "2020-01-01"], "dyads": ["dyads"], "people": ["people"],
        "initiative-quad": ["initiative", "Quad"], "search-visit": ["search", "visit"],
        **{f"person-{p['handle']}": ["person", p["handle"]] for p in people},
    }
    for name, question in questions.items():
        for fmt in ("json", "csv"):
            done = subprocess.run([READOUTS, "query", *question, "--format", fmt, "--db", url],
                                  capture_output=True, text=True)
            (out / f"query-{name}.{fmt}").write_text(blank(done.stdout) + (f"exit {done.returncode}\n"
                                                                            f"{done.stderr}" if done.returncode
                                                                            else ""))

    from fastapi.testclient import TestClient

    from readouts.web import create_app

    client = TestClient(create_app(url, read_only=True))
    first = client.get("/api/engagements?per_page=1").json()["items"]
    routes = ["/api/overview", "/api/countries", "/api/engagements", "/api/engagements?country=IND&per_page=100",
              "/api/pairs/IND/USA", "/api/people?per_page=100", "/api/initiatives", "/api/initiatives/quad",
              "/api/documents?per_page=100", "/api/network", "/api/search?q=minister",
              *[f"/api/people/{p['handle']}" for p in people]]
    if first:
        routes.append(f"/api/engagements/{first[0]['id']}")
    documents = client.get("/api/documents?per_page=100").json()["items"]
    routes += [f"/api/document?key={d['document']}" for d in documents[:5]]
    answers = {}
    for route in routes:
        response = client.get(route)
        answers[route] = {"status": response.status_code, "body": response.json()}
    (out / "api.json").write_text(blank(json.dumps(answers, indent=1, ensure_ascii=False, sort_keys=True)))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: export_snapshot.py CORPUS_DIR OUTPUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
