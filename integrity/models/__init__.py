from integrity.models.appeal import Objection, ObjectionStatus, Repair, RepairStatus
from integrity.models.chain import GENESIS, Chain, Link, LinkKind
from integrity.models.entry import Basis, Entry, EntryKind, SubjectType

__all__ = [
    "GENESIS",
    "Basis",
    "Chain",
    "Entry",
    "EntryKind",
    "Link",
    "LinkKind",
    "Objection",
    "ObjectionStatus",
    "Repair",
    "RepairStatus",
    "SubjectType",
]
