"""Component `readouts_dates` and the date grammar it uses.

`find_dates(text)` reads the date expressions of press-release English
("May 27 to 29", "Monday, June 30, 2025", "3-5 June", "on Wednesday",
"today", "in March"); `resolve(expr, published)` turns one into ISO 8601
using the publication date for relative and year-less dates, or TIMEX3's
`XXXX` year when there is none. The component writes span group `dates`.
It does not decide which event a date belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
RELATIVE = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
            "this evening": 0, "earlier today": 0, "later today": 0, "yesterday": -1,
            "tomorrow": 1}

_M = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
      r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TO = r"\s*(?:-|–|—|to|until|till|through|and)\s*"

PATTERNS = [
    ("iso", re.compile(rf"\b(?P<y>{_Y})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    ("range_md", re.compile(
        rf"\b(?:from\s+|between\s+)?(?P<m>{_M})\s+(?P<d>{_D})(?:,?\s+(?P<y>{_Y}))?{_TO}"
        rf"(?:(?P<m2>{_M})\s+)?(?P<d2>{_D})\b(?:,?\s+(?P<y2>{_Y}))?")),
    ("range_dm", re.compile(
        rf"\b(?:from\s+|between\s+)?(?P<d>{_D})(?:\s+(?P<m>{_M}))?{_TO}(?P<d2>{_D})\s+(?:of\s+)?"
        rf"(?P<m2>{_M})(?:,?\s+(?P<y2>{_Y}))?")),
    ("md", re.compile(
        rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<m>{_M})\s+(?P<d>{_D})\b(?:,?\s+(?P<y>{_Y}))?")),
    ("dm", re.compile(
        rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b")),
    ("month", re.compile(rf"\b(?:in|during|by|until|early|mid|late|end of)\s+(?:early\s+|mid-?\s*|late\s+)?"
                         rf"(?P<m>{_M})(?:\s+(?P<y>{_Y}))?\b")),
    ("month_year", re.compile(rf"\b(?P<m>{_M})\s+(?P<y>{_Y})\b")),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this|on|coming)\s+)?(?P<wd>{_WD})\b")),
    ("relative", re.compile(r"\b(?P<rel>earlier today|later today|this morning|this afternoon|"
                            r"this evening|today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class DateExpr:
    """One date expression found in text, not yet resolved."""

    start: int
    end: int
    text: str
    kind: str  # day, range, month, weekday, relative
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    weekday: int | None = None
    modifier: str | None = None
    offset: int | None = None


def _month(text: str | None) -> int | None:
    return MONTHS.get(text[:3].lower()) if text else None


def _day(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def find_dates(text: str) -> list[DateExpr]:
    """Every date expression in `text`, longest first where they overlap.

    >>> [e.text for e in find_dates("from May 27 to 29, holding meetings on Monday")]
    ['May 27 to 29', 'on Monday']
    """
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind.startswith("range"):
                s = min(m.start(g) for g in ("m", "d") if m.group(g))
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            if kind == "iso":
                expr = DateExpr(s, e, m.group(), "day", int(g["y"]), int(g["m"]), int(g["d"]))
            elif kind == "range_md":
                expr = DateExpr(s, e, text[s:e], "range", _int(g["y"]) or _int(g["y2"]), _month(g["m"]),
                                _day(g["d"]), _int(g["y2"]) or _int(g["y"]), _month(g["m2"]) or _month(g["m"]),
                                _day(g["d2"]))
            elif kind == "range_dm":
                expr = DateExpr(s, e, text[s:e], "range", _int(g["y2"]), _month(g["m"]) or _month(g["m2"]),
                                _day(g["d"]), _int(g["y2"]), _month(g["m2"]), _day(g["d2"]))
            elif kind in ("md", "dm"):
                if kind == "md" and g["m"].lower().startswith("may") and not g["y"] and not g["wd"] \
                        and s > 0 and text[max(0, s - 4):s].strip().lower() in ("it", "we", "they"):
                    continue
                expr = DateExpr(s, e, m.group(), "day", _int(g["y"]), _month(g["m"]), _day(g["d"]),
                                weekday=WEEKDAYS.get((g.get("wd") or "").lower()))
            elif kind in ("month", "month_year"):
                if g["m"].lower().startswith("may") and not g.get("y") and kind == "month":
                    # "by May" is a date; "may" as a verb is lower case and never matches here.
                    if not re.match(r"May\b", text[m.start("m"):]):
                        continue
                if not text[m.start("m")].isupper():
                    continue
                expr = DateExpr(s, e, m.group(), "month", _int(g.get("y")), _month(g["m"]))
            elif kind == "weekday":
                expr = DateExpr(s, e, m.group(), "weekday", weekday=WEEKDAYS[g["wd"].lower()],
                                modifier=(g.get("mod") or "").lower() or None)
            else:
                expr = DateExpr(s, e, m.group(), "relative", offset=RELATIVE[g["rel"].lower()])
            if expr.day is not None and not 1 <= expr.day <= 31:
                continue
            found.append(expr)
            taken.append((s, e))
    return sorted(found, key=lambda x: x.start)


def _iso(y: int | None, m: int, d: int | None = None) -> str | None:
    if d is None:
        return f"{y:04d}-{m:02d}" if y else f"XXXX-{m:02d}"
    if y is None:
        return f"XXXX-{m:02d}-{d:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date, future: bool) -> int:
    """The year that puts a year-less day nearest the publication date, in the right tense."""
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year
    if not future and candidate > published + timedelta(days=31):
        return year - 1
    if future and candidate < published - timedelta(days=31):
        return year + 1
    return year


def resolve(expr: DateExpr, published: date | None, future: bool = False) -> tuple[str | None, str | None]:
    """ISO start and end of a date expression.

    >>> resolve(find_dates("May 27 to 29")[0], None)
    ('XXXX-05-27', 'XXXX-05-29')
    >>> resolve(find_dates("on Monday")[0], date(2024, 10, 1))
    ('2024-09-30', '2024-09-30')
    """
    if expr.kind == "day" and expr.month:
        year = expr.year
        if year is None and published is not None and expr.day:
            year = _year_for(expr.month, expr.day, published, future)
        value = _iso(year, expr.month, expr.day)
        return value, value
    if expr.kind == "range" and expr.month and expr.day and expr.day2:
        year, year2 = expr.year, expr.year2
        if year is None and published is not None:
            year = _year_for(expr.month, expr.day, published, future)
        if year2 is None:
            year2 = year
        month2 = expr.month2 or expr.month
        if year2 is not None and year is not None and month2 < expr.month and expr.year2 is None:
            year2 = year + 1
        return _iso(year, expr.month, expr.day), _iso(year2, month2, expr.day2)
    if expr.kind == "month" and expr.month:
        year = expr.year
        if year is None and published is not None:
            year = _year_for(expr.month, 1, published, future)
        value = _iso(year, expr.month)
        return value, value
    if published is None:
        return None, None
    if expr.kind == "weekday" and expr.weekday is not None:
        forward = future or expr.modifier in ("next", "coming")
        delta = (published.weekday() - expr.weekday) % 7
        day = published - timedelta(days=delta)
        if forward and delta:
            day = published + timedelta(days=(expr.weekday - published.weekday()) % 7)
        value = day.isoformat()
        return value, value
    if expr.kind == "relative" and expr.offset is not None:
        value = (published + timedelta(days=expr.offset)).isoformat()
        return value, value
    return None, None


class DateFinder:
    """Marks date expressions as spans; resolution happens in `readouts.extract`."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for expr in find_dates(doc.text):
            span = doc.char_span(expr.start, expr.end, label="DATE", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["dates"] = spans
        return doc


@Language.factory("readouts_dates")
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
