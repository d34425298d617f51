"""Export: the knowledge base's engagements in formats other tools read.

CSV and Parquet tables (GDELT-style column names, one row per engagement and
country pair), JSON Lines, GDELT 2.0 event records, PLOVER event records and
the person-to-person network (GEXF for Gephi, GraphML). Every function takes a
`Store` and an output path, leaves rejected engagements out, streams where the
format allows, and returns how many rows or records it wrote (PLOVER: a
`PloverCounts` of the records written and of those its format cannot hold). It reads the
knowledge base and never changes it. See docs/export.md for every column.

>>> from readouts.store import Store
>>> from readouts.export import export
>>> export(Store.open("readouts.db"), "csv", "engagements.csv")  # doctest: +SKIP
42
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.export.gdelt import GDELT_COLUMNS, export_gdelt
from readouts.export.jsonl import export_engagements_jsonl
from readouts.export.network import export_network
from readouts.export.plover import PloverCounts, export_plover
from readouts.export.table import COLUMN_NAMES, export_engagements_csv, export_parquet
from readouts.store import Store

FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover", "gexf", "graphml")


def export(store: Store, fmt: str, path: str | Path, since: date | None = None,
           until: date | None = None) -> int | PloverCounts:
    """Write the knowledge base in format `fmt` (one of `FORMATS`) to `path`; return rows/records written.

    For gexf and graphml the count is the number of edges of the network; for
    plover, a `PloverCounts` (records written, and left out by reason).
    An unknown format raises ReadoutsError E015.
    """
    if fmt == "csv":
        return export_engagements_csv(store, path, since, until)
    if fmt == "jsonl":
        return export_engagements_jsonl(store, path, since, until)
    if fmt == "parquet":
        return export_parquet(store, path, since, until)
    if fmt == "gdelt":
        return export_gdelt(store, path, since, until)
    if fmt == "plover":
        return export_plover(store, path, since, until)
    if fmt in ("gexf", "graphml"):
        return export_network(store, path, fmt, since, until)
    raise ReadoutsError("E015", value=fmt, allowed=", ".join(FORMATS))


__all__ = [
    "COLUMN_NAMES", "FORMATS", "GDELT_COLUMNS", "PloverCounts", "export", "export_engagements_csv",
    "export_engagements_jsonl", "export_gdelt", "export_network", "export_parquet", "export_plover",
]
