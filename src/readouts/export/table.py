"""The engagement table: one row per engagement and pair of countries, as CSV or Parquet.

Column names follow the GDELT 2.0 event table where a column means the same
thing, followed by Readouts' own columns. CAMEO codes are written as text so
leading zeros survive ("042", not 42). Rows are produced and written one
engagement batch at a time. For GDELT's own positional, headerless format see
`readouts.export.gdelt`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from readouts.export import coding
from readouts.export.records import EngagementRecord, engagement_records
from readouts.export.writing import replaced_on_success
from readouts.resolve.engagements import as_date
from readouts.store import Store

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | int64 | int32 | int8 | float64 | date | list: the Parquet type (CSV holds text)


COLUMNS: list[Column] = [
    Column("GLOBALEVENTID", "int64"),
    Column("SQLDATE", "int32"),
    Column("Actor1Name", "text"),
    Column("Actor1CountryCode", "text"),
    Column("Actor2Name", "text"),
    Column("Actor2CountryCode", "text"),
    Column("EventCode", "text"),
    Column("EventBaseCode", "text"),
    Column("EventRootCode", "text"),
    Column("QuadClass", "int8"),
    Column("GoldsteinScale", "float64"),
    Column("NumSources", "int32"),
    Column("ActionGeo_FullName", "text"),
    Column("ActionGeo_CountryCode", "text"),
    Column("SOURCEURL", "text"),
    Column("event_type", "text"),
    Column("status", "text"),
    Column("start", "text"),
    Column("end", "text"),
    Column("start_date", "date"),
    Column("end_date", "date"),
    Column("date_precision", "text"),
    Column("plover_type", "text"),
    Column("plover_mode", "text"),
    Column("actor1_people", "list"),
    Column("actor2_people", "list"),
    Column("topics", "list"),
    Column("initiatives", "list"),
    Column("evidence", "text"),
]
COLUMN_NAMES = [c.name for c in COLUMNS]


def dyads(countries: list[str]) -> list[tuple[str | None, str | None]]:
    """The country pairs of an engagement, in the order given (visitors first).

    >>> dyads(["CHL", "JPN", "KEN"])
    [('CHL', 'JPN'), ('CHL', 'KEN'), ('JPN', 'KEN')]
    >>> dyads(["KEN"]), dyads([])
    ([('KEN', None)], [(None, None)])
    """
    if len(countries) >= 2:
        return list(combinations(countries, 2))
    return [(countries[0] if countries else None, None)]


def date_precision(value: str | None) -> str | None:
    """How much of a date the text gives: day, month, year, or day-without-year (TIMEX3 "XXXX-05-27").

    >>> [date_precision(v) for v in ("2024-06-11", "2022-03", "2022", "XXXX-05-27", None)]
    ['day', 'month', 'year', 'day-without-year', None]
    """
    if not value:
        return None
    if value.startswith("XXXX"):
        return "day-without-year" if len(value) == 10 else "month-without-year"
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def sql_date(day: date | None) -> int | None:
    """GDELT's SQLDATE, YYYYMMDD as a number."""
    return int(day.strftime("%Y%m%d")) if day else None


def engagement_rows(record: EngagementRecord) -> list[dict]:
    """The table rows of one engagement: one per pair of its countries.

    Values are typed: None where unknown, dates as `date`, lists as lists (the CSV writer
    flattens them; Parquet keeps them)."""
    people = {c: [p.name for p in record.people_of(c)] for c in record.countries}
    shared = {
        "GLOBALEVENTID": record.id,
        "SQLDATE": sql_date(record.day),
        "EventCode": record.cameo or None,
        "EventBaseCode": coding.base_code(record.cameo) or None,
        "EventRootCode": coding.root_code(record.cameo) or None,
        "QuadClass": coding.quad_class(record.cameo),
        "GoldsteinScale": coding.goldstein(record.cameo),
        "NumSources": len(record.sources),
        "ActionGeo_FullName": coding.place_name(record.location_name, record.location_country) or None,
        "ActionGeo_CountryCode": coding.fips(record.location_country) or None,
        "SOURCEURL": record.url,
        "event_type": record.type,
        "status": record.status,
        "start": record.start,
        "end": record.end,
        "start_date": as_date(record.start),
        "end_date": as_date(record.end),
        "date_precision": date_precision(record.start),
        "plover_type": record.plover_type,
        "plover_mode": record.plover_mode,
        "topics": list(record.topics),
        "initiatives": list(record.initiatives),
        "evidence": record.evidence,
    }
    rows = []
    for actor1, actor2 in dyads(record.countries):
        rows.append({
            **shared,
            "Actor1Name": coding.country_name(actor1) if actor1 else None,
            "Actor1CountryCode": actor1,
            "Actor2Name": coding.country_name(actor2) if actor2 else None,
            "Actor2CountryCode": actor2,
            "actor1_people": people.get(actor1, []),
            "actor2_people": people.get(actor2, []),
        })
    return rows


def csv_cell(value) -> str | int | float:
    """A typed value as the CSV writes it: lists joined with "; ", dates in ISO form, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_rows(store: Store, since: date | None = None, until: date | None = None) -> Iterator[dict]:
    """Every row of the engagement table, streamed (rejected engagements left out)."""
    for record in engagement_records(store, since, until):
        yield from engagement_rows(record)


def export_engagements_csv(store: Store, path: str | Path, since: date | None = None,
                           until: date | None = None) -> int:
    """Write the engagement table as CSV (UTF-8, header row); return the number of rows written.

    One row per engagement and pair of its countries: a meeting of A, B and C
    gives rows A-B, A-C and B-C; an engagement with one country gives one row
    with Actor2 empty. `since`/`until` keep engagements whose day is in the
    period. Codes are text with their leading zeros; read the file with
    ``pandas.read_csv(path, dtype=str)`` to keep them.

    >>> export_engagements_csv(Store.open("readouts.db"), "engagements.csv")  # doctest: +SKIP
    42
    """
    written = 0
    with replaced_on_success(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        for row in table_rows(store, since, until):
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
            written += 1
    return written


def arrow_schema():
    """The Parquet schema of the engagement table."""
    import pyarrow as pa

    types = {"text": pa.string(), "int64": pa.int64(), "int32": pa.int32(), "int8": pa.int8(),
             "float64": pa.float64(), "date": pa.date32(), "list": pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, types[c.kind]) for c in COLUMNS])


def export_parquet(store: Store, path: str | Path, since: date | None = None, until: date | None = None,
                   batch_rows: int = 5000) -> int:
    """Write the engagement table (the CSV's rows) as a Parquet file; return the number of rows.

    Numbers are typed (GLOBALEVENTID int64, SQLDATE int32, QuadClass int8,
    GoldsteinScale float64, NumSources int32), `start_date`/`end_date` are
    dates (null unless the text gives the full day; `date_precision` says how
    much it gives), people, topics and initiatives are lists of strings, and
    every unknown value is null; everything else, CAMEO codes included, is
    text. Written in row groups of `batch_rows`.

    >>> export_parquet(Store.open("readouts.db"), "engagements.parquet")  # doctest: +SKIP
    42
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    written = 0
    with replaced_on_success(path, "wb") as handle, pq.ParquetWriter(handle, schema) as writer:
        pending: list[dict] = []
        for row in table_rows(store, since, until):
            pending.append(row)
            if len(pending) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                written += len(pending)
                pending = []
        if pending or not written:  # an empty export is still a Parquet file with the schema
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
            written += len(pending)
    return written
