"""How well the extractor generalises beyond the documents it was tuned on (a command, not a test).

Scores the extractor on the gold folders given (by default the team's `dev`, the wider
`dev-wide`, the held-out State Department set of `tests/heldout` and the whole-release
set of `tests/heldout-full`) and prints, in one run:

- each folder's micro-averaged F1 per list, person country and title accuracy, wrong
  (not missing) person countries, and events on negative documents;
- the drop of each figure from the first folder (the baseline, `dev`, which the rules were
  developed on) to each other folder: a large drop means rules that serve documents;
- the same figures by kind of publisher over the non-baseline folders: the government
  itself (a government publisher whose country is a side in the gold), a foreign
  government (a government publisher reporting others), news outlets (everything
  else, agencies included), using `readouts.extract.engine.government_publisher`, and
  the negative documents apart;
- with `--per-doc`, each document's F1s.

    .venv/bin/python benchmarks/generalisation.py [GOLD_DIR ...] [--per-doc] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.evaluate import LISTS, EvalReport, load_document, load_gold, predicted_view, score_document
from readouts.extract.engine import Extractor, government_publisher, publisher_country

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def heldout_folder(out: Path, gold: str = "heldout") -> Path:
    """A held-out State Department set (`tests/heldout`, cut to 2,000 characters, or
    `tests/heldout-full`, whole releases), rebuilt from the stream by tests/heldout/build.py."""
    spec = importlib.util.spec_from_file_location("heldout_build", ROOT / "tests" / "heldout" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.materialise(CORPUS / "stream" / "state-dept-2021-2022.jsonl", ROOT / "tests" / gold, out)
    return out


def publisher_kind(document, gold) -> str:
    """'own government', 'foreign government', 'news outlet', or 'negative' for a document the gold
    says reports no engagement (its publisher has no side to be)."""
    if gold.negative:
        return "negative (any publisher)"
    if not government_publisher(document):
        return "news outlet"
    country = publisher_country(document)
    sides = {p.country for p in gold.persons} | {v.host_country for v in gold.visits}
    return "own government" if country and country in sides else "foreign government"


def figures(report: EvalReport) -> dict[str, float | int | None]:
    counts, accuracy = report.counts, report.accuracy
    row: dict[str, float | int | None] = {name: counts[name].f1 for name in LISTS}
    row["person country"] = accuracy["country"].value
    row["person title"] = accuracy["title"].value
    row["wrong countries"] = sum(1 for d in report.docs for w in d.wrong
                                 if " country: " in w and "country: None" not in w)
    row["events on negatives"] = report.events_on_negative
    row["documents"] = len(report.docs)
    return row


def show(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="gold folders; the first is the baseline")
    parser.add_argument("--per-doc", action="store_true", help="also print each document's F1s")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as tmp:
        folders = args.folders or [CORPUS / "dev", CORPUS / "dev-wide", heldout_folder(Path(tmp) / "heldout"),
                                      heldout_folder(Path(tmp) / "heldout-full", "heldout-full")]
        names = [f.name if f.name != Path(tmp).name else "heldout" for f in folders]
        reports: dict[str, EvalReport] = {}
        by_kind: dict[str, EvalReport] = {}
        for name, folder in zip(names, folders):
            report = reports[name] = EvalReport()
            for gold_doc in load_gold(folder):
                document = load_document(gold_doc)
                score = score_document(gold_doc.gold, predicted_view(extractor.extract(document)), doc=gold_doc.name)
                report.docs.append(score)
                if name != names[0]:
                    by_kind.setdefault(publisher_kind(document, gold_doc.gold), EvalReport()).docs.append(score)
    table = {name: figures(r) for name, r in reports.items()}
    kinds = {kind: figures(r) for kind, r in sorted(by_kind.items())}
    if args.json:
        json.dump({"folders": table, "by_publisher": kinds}, sys.stdout, indent=1)
        print()
        return 0
    columns = [*LISTS, "person country", "person title", "wrong countries", "events on negatives", "documents"]
    width = max(len(c) for c in columns)
    base = names[0]

    def block(title: str, rows: dict[str, dict]) -> None:
        print(title)
        print(" " * width + "".join(f"{n:>20}" for n in rows))
        for column in columns:
            print(f"{column:<{width}}" + "".join(f"{show(r[column]):>20}" for r in rows.values()))
        print()

    block("Scores (micro-averaged)", table)
    drops = {}
    for name in names[1:]:
        drops[f"{base} -> {name}"] = {c: (table[base][c] - table[name][c]
                                           if isinstance(table[base][c], float) and isinstance(table[name][c], float)
                                           else None) for c in columns}
    block(f"Drop from the baseline ({base}: the documents the rules were developed on)", drops)
    block("By kind of publisher (all folders but the baseline)", kinds)
    if args.per_doc:
        for name, report in reports.items():
            print(f"{name}: per document F1 (persons, interactions, visits, initiatives)")
            for doc in report.docs:
                print(f"  {doc.doc[:60]:<60}" + "".join(f"{show(doc.counts[n].f1):>8}" for n in LISTS))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ReadoutsError as error:  # a missing or malformed gold folder: one numbered line
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
