"""Reading publication dates written by people and feeds: ISO dates and timestamps.

`parse_date` is the one reader of a date a user gives (command-line options, the
Python API's `published`, metadata files, JSONL and Parquet fields, the Dask
engine's settings, the web app's parameters), so a bad one is always E008. Only
absolute dates are read here; relative dates in running text are the extraction
stage's business.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from readouts.errors import ReadoutsError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> date:
    """Read a 'YYYY-MM-DD' date, or the date part of a full ISO 8601 timestamp.

    Raises ReadoutsError E008 when the value is anything else.

    >>> parse_date("2022-08-03")
    datetime.date(2022, 8, 3)
    >>> parse_date("2022-08-03T14:05:00Z")
    datetime.date(2022, 8, 3)
    """
    text = value.strip() if isinstance(value, str) else ""
    # Demand the dashed form up front: fromisoformat would also take "20220803".
    if not _ISO_DATE.match(text):
        raise ReadoutsError("E008", value=value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ReadoutsError("E008", value=value) from None
