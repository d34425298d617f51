"""Resolution: is this the same person, initiative or engagement as one already known?

Pure functions over small candidate records; the store loads candidates
from the database and calls these. Nothing here reads or writes storage.
"""

from readouts.resolve.engagements import (
    EngagementCandidate,
    ReportFacts,
    as_date,
    same_engagement,
)
from readouts.resolve.initiatives import initiative_key
from readouts.resolve.people import (
    PersonCandidate,
    handle_for,
    match_person,
    name_key,
    surname_key,
)

__all__ = [
    "EngagementCandidate", "PersonCandidate", "ReportFacts", "as_date", "handle_for", "initiative_key",
    "match_person", "name_key", "same_engagement", "surname_key",
]
