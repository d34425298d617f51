"""Query parameters shared by pages and API: a period and a page of a list.

They turn bad input into numbered errors (E008 for a date, E064 otherwise)
that the app shows as one line; nothing here queries the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Query

from readouts.errors import ReadoutsError
from readouts.ingest import parse_date

MAX_PER_PAGE = 200
MAX_QUERY = 500  # characters of a search or name filter; SQLite refuses LIKE patterns over 50,000 bytes


@dataclass
class Period:
    since: date | None
    until: date | None

    @property
    def text(self) -> str:
        if not (self.since or self.until):
            return "all dates"
        return f"{self.since or '…'} to {self.until or '…'}"


def period(since: str | None = Query(None, description="First day, YYYY-MM-DD."),
           until: str | None = Query(None, description="Last day, YYYY-MM-DD.")) -> Period:
    first = parse_date(since.strip()) if since and since.strip() else None
    last = parse_date(until.strip()) if until and until.strip() else None
    if first and last and first > last:
        raise ReadoutsError("E064", name="since", reason=f"{first} is after until={last}")
    return Period(first, last)


@dataclass
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(page: int = Query(1, ge=1, le=1_000_000, description="Page number, from 1."),
           per_page: int = Query(50, ge=1, le=MAX_PER_PAGE, description="Rows per page.")) -> Paging:
    return Paging(page, per_page)


def no_nul(**fields: str | None) -> None:
    """Raise E064 for a form field holding a NUL (PostgreSQL cannot store one; no name or office needs it)."""
    for name, value in fields.items():
        if value and "\x00" in value:
            raise ReadoutsError("E064", name=name, reason="it holds a NUL character")
