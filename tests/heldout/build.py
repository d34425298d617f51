"""Rebuild the held-out evaluation texts from the State Department stream.

The held-out set (``tests/heldout/*.gold.json``) was annotated by hand on
documents of ``shared/corpus/stream/state-dept-2021-2022.jsonl``.  The texts
themselves are not stored in the repository: each gold file names its stream
record in ``"stream_id"`` and this module rebuilds the text the annotation
covers, in the same layout as ``shared/corpus/dev``::

    NAME.txt        title + blank line + body, cut by :func:`cut`
    NAME.meta.json  {"url", "published" (YYYY-MM-DD), "source", "title"}
    NAME.gold.json  a copy of the gold annotation

Usage::

    python tests/heldout/build.py OUT_DIR [--stream PATH] [--gold-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_STREAM = (
    Path(__file__).resolve().parents[3]
    / "shared/corpus/stream/state-dept-2021-2022.jsonl"
)
DEFAULT_GOLD_DIR = HERE

# Words whose final full stop is not a sentence end ("Mr. Blinken", "U.S. Ambassador").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "no",
        "nos",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "amb",
        "sen",
        "rep",
        "gov",
        "prof",
        "mt",
        "ft",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "approx",
        "fig",
        "e.g",
        "i.e",
    ]
)
_INITIALS = re.compile(
    r"^(?:[A-Za-z]\.)*[A-Z]$"
)  # "U.S", "E.U", "J" (Antony J. Blinken)
_STOP = re.compile(r"\.(?=\s)")  # a full stop followed by white space (". " or ".\n")


def _is_sentence_end(text: str, dot: int) -> bool:
    """True when the full stop at index ``dot`` ends a sentence (not an abbreviation)."""
    word = re.search(r"(\S+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lstrip("(\"'“‘[")
    if _INITIALS.match(token):
        return False
    return token.lower() not in _ABBREVIATIONS


def cut(text: str, limit: int = 2000) -> str:
    """Cut ``text`` at its last sentence end at or before ``limit`` characters.

    A sentence end is a full stop followed by white space (". " or a stop at a
    line end) that does not close an abbreviation or initial ("U.S.",
    "Antony J. Blinken", "Mr."); the stop is kept and the result is at most
    ``limit`` characters long.  A text within the limit is kept whole (only
    trailing white space is dropped).  A text with no sentence end within the
    limit is cut at its last white space before the limit.
    """
    text = text.rstrip()
    if len(text) <= limit:
        return text
    end = -1
    for m in _STOP.finditer(text, 0, limit + 1):
        if m.start() + 1 <= limit and _is_sentence_end(text, m.start()):
            end = m.start() + 1
    if end > 0:
        return text[:end]
    space = text.rfind(" ", 0, limit + 1)
    return text[: space if space > 0 else limit].rstrip()


def document_text(record: dict, limit: int = 2000) -> str:
    """The annotated text of a stream record: ``title + "\\n\\n" + text``, cut (whole when ``limit`` is 0)."""
    text = record["title"] + "\n\n" + record["text"]
    return cut(text, limit) if limit else text


def load_stream(stream_path: Path) -> dict[str, dict]:
    """Stream records by id."""
    records = {}
    with open(stream_path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                records[rec["id"]] = rec
    return records


def materialise(stream_path, gold_dir, out_dir) -> list[str]:
    """Write NAME.txt, NAME.meta.json and NAME.gold.json to ``out_dir``.

    One set for each ``NAME.gold.json`` in ``gold_dir``, its text taken from the
    stream record named by the gold file's ``"stream_id"``.  Returns the NAMEs
    written.  Raises ``KeyError`` when a stream id is missing from the stream.
    """
    stream_path, gold_dir, out_dir = Path(stream_path), Path(gold_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    records = load_stream(stream_path)
    names = []
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        rec = records[gold["stream_id"]]
        (out_dir / f"{name}.txt").write_text(
            document_text(rec, 0 if gold.get("full") else 2000) + "\n", encoding="utf-8"
        )
        meta = {
            "url": rec.get("url"),
            "published": (rec.get("published") or "")[:10] or None,
            "source": rec.get("source"),
            "title": rec.get("title"),
        }
        (out_dir / f"{name}.meta.json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        shutil.copyfile(gold_path, out_dir / f"{name}.gold.json")
        names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stream", type=Path, default=DEFAULT_STREAM)
    parser.add_argument("--gold-dir", type=Path, default=DEFAULT_GOLD_DIR)
    args = parser.parse_args(argv)
    if not args.stream.is_file():
        print(f"stream not found: {args.stream}", file=sys.stderr)
        return 2
    names = materialise(args.stream, args.gold_dir, args.out_dir)
    print(f"wrote {len(names)} documents to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
