"""Every error a user can see, written once and numbered so it can be searched for.

Raise `ReadoutsError(E.CODE, **details)`; the command line prints its one-line
message and exits with `EXIT_*` codes. Nothing here decides *when* to fail.
"""

from __future__ import annotations

# Exit codes of the `readouts` command (documented in the README).
EXIT_OK = 0
EXIT_FAILED = 1  # nothing could be processed, or a fatal error
EXIT_USAGE = 2  # bad arguments (Typer/Click's own code)
EXIT_PARTIAL = 3  # some inputs failed and were skipped, the rest were processed

MESSAGES: dict[str, str] = {
    "E001": "path not found: {path}",
    "E002": "no supported files (.txt, .html, .htm, .jsonl, .parquet) in directory: {path}",
    "E003": "cannot decode {path}: not text in UTF-8 or a detectable encoding (binary file?)",
    "E004": "empty document: {path}",
    "E005": "no main text found in HTML: {path}",
    "E006": "malformed JSONL in {path} line {line}: {reason}",
    "E007": "unsupported file type {suffix!r}: {path} (expected .txt, .html, .htm, .jsonl or .parquet)",
    "E008": "invalid date {value!r}: expected YYYY-MM-DD",
    "E009": "cannot read {path}: {reason}",
    "E010": "invalid metadata file {path}: {reason}",
    "E011": "no gold files (*.gold.json) in directory: {path}",
    "E012": "invalid gold file {path}: {reason}",
    "E013": "gold file {path} names document {doc!r}, which is not beside it",
    "E014": "the spaCy model {model!r} is not installed; reinstall the project (make install)",
    "E015": "unknown format {value!r}: choose one of {allowed}",
    "E016": "{option} needs {needs}",
    "E020": "the database {url} has schema version {found}, newer than this Readouts knows ({known}); "
            "upgrade Readouts",
    "E021": "{url} is not a Readouts database (corrupt file, or another program's database): {reason}",
    "E022": "cannot connect to the database {url}: {reason}",
    "E023": "cannot write to the database {url}: {reason} (disk full or read-only?); nothing was lost",
    "E024": "no person matches {query!r}",
    "E025": "{query!r} matches several people: {choices}; use a handle",
    "E026": "no engagement {query!r}",
    "E027": "invalid database URL {url!r}: use sqlite:///PATH or postgresql://USER:PASS@HOST/DB",
    "E028": "no initiative matches {query!r}",
    "E029": "no document {query!r} in the knowledge base",
    "E031": "cannot write {path}: {reason}",
    "E032": "refusing to write {path}: it {why} {input}; choose an output elsewhere",
    "E034": "document {path} is {size} characters long, more than the {limit} one extraction can take; "
            "split it into parts",
    # merge suggestions (readouts people suggest)
    "E035": "no merge suggestion number {number}: the list has {count} (see readouts people suggest)",
    "E036": "{query!r} is one person already: nothing to merge or keep apart",
    "E030": "extraction failed on document {id}: {reason} (please report it; run with --debug for details)",
    # Parquet input and the Dask engine (readouts.scale)
    "E040": "Parquet file {path} has no column {column!r} for the {role} (its columns: {columns}); "
            "name it with --{role}-column",
    "E041": "cannot read Parquet file {path}: {reason}",
    "E042": "bad row {row} in Parquet file {path}: {reason}",
    "E043": "{path} is not empty and is not a Readouts output directory (no _manifest.json); "
            "choose a new or empty --output directory",
    "E044": "cannot connect to the Dask scheduler {address}: {reason}",
    "E045": "partition {name} failed after {attempts} attempt(s): {reason}",
    # Domain tables (readouts.holders)
    "E050": "malformed office-holders file {path} line {line}: {reason}",
    # The silver set of release titles (readouts.evaluate_silver)
    "E075": "invalid silver set {path} line {line}: {reason} (write it again with scripts/silver_titles.py)",
    "E076": "silver document {id} is not in {path}: give the stream the silver set was written from (--stream)",
    # Warnings: the input was read, but changed on the way (logged on the readouts.ingest logger)
    "W001": "dropped {count} NUL character(s) from {path}",
    "W002": "{path} line {line}: id {id!r} is also on line {first} with a different text; both are kept, "
            "this one as {new!r}",
    # The web app (readouts serve)
    "E060": "upload too large: {size} bytes, the limit is {limit} bytes (readouts serve --max-upload)",
    "E061": "this server needs the access token for changes: enter it on the Token page, or send "
            "'Authorization: Bearer TOKEN' (READOUTS_WEB_TOKEN where the server runs)",
    "E062": "this server is read-only (started with --read-only): corrections and storing are disabled",
    "E063": "refused a change sent from another site ({origin}); use the Readouts pages themselves",
    "E064": "invalid value for {name!r}: {reason}",
    "E065": "nothing to analyse: paste a text or choose a file",
    "E066": "refusing to serve writable on {host} without a token: set --token or READOUTS_WEB_TOKEN, "
            "or add --read-only",
    "E067": "page not found: {path}",
    "E068": "internal error while answering {path} (logged on the server; please report it)",
    "E069": "text too long to analyse here: {size}, the limit is {limit} characters "
            "(use readouts extract or ingest for long documents)",
    "E070": "the analysis took longer than {seconds:g} seconds and was abandoned; try a shorter text",
    "E071": "the server is busy with {slots} analyses already; try again in a moment",
}


def warning_text(code: str, **details: object) -> str:
    """The one-line text of a numbered warning (W...): the input was read, but changed on the way.

    >>> warning_text("W001", count=2, path="x.txt")
    'W001 dropped 2 NUL character(s) from x.txt'
    """
    return f"{code} {MESSAGES[code].format(**details)}"


class ReadoutsError(Exception):
    """An error with a numbered, human-readable message.

    >>> str(ReadoutsError("E001", path="x.txt"))
    'E001 path not found: x.txt'
    """

    def __init__(self, code: str, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(f"{code} {MESSAGES[code].format(**details)}")
