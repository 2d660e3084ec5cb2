from registry.models.body import (
    AssessmentBody,
    BodyGroupObjectPermission,
    BodyManager,
    BodyStatus,
    BodyUserObjectPermission,
)
from registry.models.catalogue import Counter, District, Level, Occupation
from registry.models.filing import (
    ApplicationScopeLine,
    FilingApplication,
    FilingKind,
    FilingStatus,
    Material,
    MaterialCategory,
    ScopeAction,
)
from registry.models.scope import ScopeLine

__all__ = [
    "ApplicationScopeLine",
    "AssessmentBody",
    "BodyGroupObjectPermission",
    "BodyManager",
    "BodyStatus",
    "BodyUserObjectPermission",
    "Counter",
    "District",
    "FilingApplication",
    "FilingKind",
    "FilingStatus",
    "Level",
    "Material",
    "MaterialCategory",
    "Occupation",
    "ScopeAction",
    "ScopeLine",
]
