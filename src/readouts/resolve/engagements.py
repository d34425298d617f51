"""The same engagement reported by several documents.

Two reports are one engagement when they are of the same kind (a visit is
compared with visits, a meeting with meetings, talks or dialogue), involve
the same people (or, with no named people, the same countries), and their
dates agree: the same day within a day, overlapping visit periods, or, when a
report gives no date, publication dates within three days. Within one document
(`same_in_document`), two events read from one sentence are one engagement (a
multilateral meeting listed pair by pair), and so are a call and a "meeting"
of the same people (the readout's own twin). A near-duplicate document's
reports are compared with its original's without their dates
(`same_engagement(..., dates=False)`): a syndicated copy that lost the year
still reports the same engagement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

FAMILIES = {
    "visit": "visit", "call": "call", "signing": "signing", "statement": "statement",
    "summit": "meeting", "meeting": "meeting", "talks": "meeting", "dialogue": "meeting",
    "roundtable": "meeting", "other": "meeting",
}


@dataclass
class ReportFacts:
    type: str
    people: set[int]
    countries: set[str]
    start: str | None
    end: str | None
    published: date | None
    host: str | None = None
    anchor: int | None = None  # offset of the first evidence sentence in its document


@dataclass
class EngagementCandidate:
    id: int
    type: str
    people: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    start: str | None = None
    end: str | None = None
    day: date | None = None
    host: str | None = None


def as_date(value: str | None) -> date | None:
    """The date of a full ISO day ("2022-05-27"); None for year-less, month-only or missing dates."""
    if not value or value.startswith("XXXX") or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _dates_agree(report: ReportFacts, cand: EngagementCandidate) -> bool:
    r_start, r_end = as_date(report.start), as_date(report.end) or as_date(report.start)
    c_start, c_end = as_date(cand.start), as_date(cand.end) or as_date(cand.start)
    if r_start and c_start:
        if FAMILIES.get(report.type) != "visit" and r_start == r_end and c_start == c_end:
            return r_start == c_start  # two calls on consecutive days are two calls
        return r_start - timedelta(days=1) <= c_end and c_start - timedelta(days=1) <= r_end
    if report.start and cand.start and report.start != cand.start and not (r_start or c_start):
        return False  # two different year-less dates
    reference = r_start or report.published
    other = c_start or cand.day
    if reference and other:
        return abs((reference - other).days) <= 3
    return False


def _days_disagree(a: ReportFacts, b: ReportFacts) -> bool:
    """True when both reports give a date and the dates differ."""
    return bool(a.start and b.start and a.start != b.start)


def same_in_document(report: ReportFacts, earlier: ReportFacts) -> bool:
    """True when two events of one document are one engagement.

    >>> call = ReportFacts("call", {1, 2}, {"IND", "USA"}, "2022-05-02", None, None, anchor=40)
    >>> same_in_document(ReportFacts("meeting", {1, 2}, {"IND", "USA"}, None, None, None, anchor=90), call)
    True
    """
    family, other = FAMILIES.get(report.type, "meeting"), FAMILIES.get(earlier.type, "meeting")
    if _days_disagree(report, earlier):
        return False
    if report.anchor is not None and report.anchor == earlier.anchor and family == other != "visit" \
            and family != "statement":
        return True  # "X met ministers of A, B and C": one meeting, however it was listed
    twins = {family, other} == {"call", "meeting"}
    return twins and len(report.people) >= 2 and report.people == earlier.people


def same_engagement(report: ReportFacts, cand: EngagementCandidate, dates: bool = True) -> bool:
    """True when the report describes the candidate engagement (`dates=False`: whatever the dates say)."""
    if FAMILIES.get(report.type, "meeting") != FAMILIES.get(cand.type, "meeting"):
        return False
    if report.host and cand.host and report.host != cand.host:
        return False  # a visit to Kenya is not a visit to Switzerland
    if report.people or cand.people:
        if not report.people or not cand.people:
            return False
        shared = report.people & cand.people
        smaller = min(len(report.people), len(cand.people))
        if len(shared) < min(2, smaller) or len(shared) < smaller * 0.5:
            return False
    elif report.countries != cand.countries:
        return False
    return _dates_agree(report, cand) if dates else True
