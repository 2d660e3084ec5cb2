from specifications.models.review import ExpertAppointment, Opinion, Verdict, Vote
from specifications.models.specification import (
    EDITABLE_STATUSES,
    FROZEN_MESSAGE,
    FROZEN_STATUSES,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    AbilityUnit,
    ReviewOutcome,
    Specification,
    SpecificationStatus,
    SpecificationVersion,
)

__all__ = [
    "EDITABLE_STATUSES",
    "FROZEN_MESSAGE",
    "FROZEN_STATUSES",
    "OPEN_STATUSES",
    "PUBLIC_STATUSES",
    "AbilityUnit",
    "ExpertAppointment",
    "Opinion",
    "ReviewOutcome",
    "Specification",
    "SpecificationStatus",
    "SpecificationVersion",
    "Verdict",
    "Vote",
]
