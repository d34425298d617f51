"""Resolution: is this the same person, initiative or engagement as one already known?

Pure functions over small candidate records; the store loads candidates
from the database and calls these. Nothing here reads or writes storage.
"""

from readouts.resolve.engagements import (
    EngagementCandidate,
    ReportFacts,
    as_date,
    same_engagement,
    same_in_document,
)
from readouts.resolve.initiatives import initiative_key
from readouts.resolve.people import (
    Mention,
    MergeSuggestion,
    PersonCandidate,
    country_by_evidence,
    handle_for,
    is_person_name,
    match_person,
    name_key,
    resolve_mention,
    side_by_evidence,
    surname_key,
    weigh_pair,
    INFERRED_SOURCES,
)

__all__ = [
    "EngagementCandidate", "PersonCandidate", "ReportFacts", "as_date", "handle_for", "initiative_key",
    "Mention", "country_by_evidence", "match_person", "name_key", "resolve_mention", "same_engagement",
    "same_in_document", "side_by_evidence", "INFERRED_SOURCES", "surname_key", "MergeSuggestion", "weigh_pair",
    "is_person_name",
]
