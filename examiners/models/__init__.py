from examiners.models.certification import Certification, CertificationStatus, Grade, Role, Track
from examiners.models.person import Person, Relation, RelationKind
from examiners.models.session import AssessmentSession, Assignment, AssignmentStatus, Draw

__all__ = [
    "AssessmentSession",
    "Assignment",
    "AssignmentStatus",
    "Certification",
    "CertificationStatus",
    "Draw",
    "Grade",
    "Person",
    "Relation",
    "RelationKind",
    "Role",
    "Track",
]
