from audits.models.checklist import ChecklistItem, ChecklistPurpose, ChecklistTemplate
from audits.models.evaluation import Evaluation, EvaluationStatus, Grade, grade_for, weighted_total
from audits.models.inspection import (
    LOAD_STATUSES,
    OPEN_INSPECTION_STATUSES,
    Answer,
    AnswerResult,
    Evidence,
    Finding,
    Inspection,
    InspectionKind,
    InspectionStatus,
    RandomPlan,
    Severity,
)
from audits.models.rectification import (
    OrderStatus,
    ProposalReason,
    ProposalStatus,
    RectificationOrder,
    SuspensionProposal,
)
from audits.models.report import Report, ReportKind

__all__ = [
    "LOAD_STATUSES",
    "OPEN_INSPECTION_STATUSES",
    "Answer",
    "AnswerResult",
    "ChecklistItem",
    "ChecklistPurpose",
    "ChecklistTemplate",
    "Evaluation",
    "EvaluationStatus",
    "Evidence",
    "Finding",
    "Grade",
    "Inspection",
    "InspectionKind",
    "InspectionStatus",
    "OrderStatus",
    "ProposalReason",
    "ProposalStatus",
    "RandomPlan",
    "RectificationOrder",
    "Report",
    "ReportKind",
    "Severity",
    "SuspensionProposal",
    "grade_for",
    "weighted_total",
]
