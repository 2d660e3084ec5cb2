"""Reads shared by the audits pages: querysets scoped to what a user may see, joins applied."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_body_admin, is_district_officer
from audits.models import (
    Evaluation,
    EvaluationStatus,
    Finding,
    Inspection,
    InspectionStatus,
    OrderStatus,
    ProposalStatus,
    RectificationOrder,
    Report,
    ReportKind,
    SuspensionProposal,
)
from integrity.evidence import Evidence
from registry.permissions import officer_district_id
from registry.selectors import administered_body_ids, body_records_scope, sees_all_bodies

# A body sees its inspections once they are confirmed: planned visits are not announced.
SEEN_BY_BODY = [InspectionStatus.REVIEWED, InspectionStatus.CLOSED]


def inspections_visible_to(user) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("body", "body__district", "supervisor", "session__occupation")
    if not user.is_authenticated:
        return qs.none()
    if sees_all_bodies(user):
        return qs
    scope = Q(pk__in=[])
    if is_district_officer(user) and officer_district_id(user):
        scope |= Q(body__district_id=officer_district_id(user))
    if has_role(user, Role.SUPERVISOR):
        scope |= Q(supervisor__account=user)
    if is_body_admin(user):
        scope |= Q(body_id__in=administered_body_ids(user), status__in=SEEN_BY_BODY)
    return qs.filter(scope)


def supervisor_tasks(user) -> QuerySet[Inspection]:
    """A supervisor's own inspections, the ones to do first."""
    return (
        inspections_visible_to(user).filter(supervisor__account=user).order_by("status", "planned_for", "pk")
    )


# What a supervisor still has to do on site: start, or finish and submit.
TO_DO_ON_SITE = [InspectionStatus.ASSIGNED, InspectionStatus.IN_PROGRESS]


def supervisor_to_do(user) -> QuerySet[Inspection]:
    """A supervisor's inspections to start or finish: in progress first, then by planned date."""
    return supervisor_tasks(user).filter(status__in=TO_DO_ON_SITE).order_by("-status", "planned_for", "pk")


def inspections_to_review(user) -> QuerySet[Inspection]:
    """Submitted inspections an officer may review: in their remit, not the ones they did themselves."""
    if not has_role(user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER):
        return Inspection.objects.none()
    return (
        inspections_visible_to(user)
        .filter(status=InspectionStatus.SUBMITTED)
        .exclude(supervisor__account=user)
    )


def orders_to_answer(user) -> QuerySet[RectificationOrder]:
    """Issued orders of the bodies a body administrator answers for, nearest deadline first."""
    if not is_body_admin(user):
        return RectificationOrder.objects.none()
    return (
        orders_visible_to(user)
        .filter(status=OrderStatus.ISSUED, body_id__in=administered_body_ids(user))
        .order_by("deadline", "pk")
    )


def orders_to_decide(user) -> QuerySet[RectificationOrder]:
    """Answered orders waiting for an officer's decision (centre: all; district officer: their district)."""
    if not has_role(user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER):
        return RectificationOrder.objects.none()
    return orders_visible_to(user).filter(status=OrderStatus.RESPONDED).order_by("responded_at", "pk")


def open_orders(user) -> QuerySet[RectificationOrder]:
    """Issued orders still unanswered, nearest deadline first (so the overdue ones lead)."""
    return orders_visible_to(user).filter(status=OrderStatus.ISSUED).order_by("deadline", "pk")


def proposals_to_decide(user) -> QuerySet[SuspensionProposal]:
    """Suspension proposals waiting for the centre."""
    if not has_role(user, Role.CENTRE_OFFICER):
        return SuspensionProposal.objects.none()
    return proposals_visible_to(user).filter(status=ProposalStatus.PROPOSED)


def evaluations_to_self_assess(user) -> QuerySet[Evaluation]:
    """Scheduled evaluations of the bodies a body administrator answers for."""
    if not is_body_admin(user):
        return Evaluation.objects.none()
    return evaluations_visible_to(user).filter(
        status=EvaluationStatus.SCHEDULED, body_id__in=administered_body_ids(user)
    )


def evaluations_to_score(user) -> QuerySet[Evaluation]:
    """Self-assessed evaluations the centre scores."""
    if not has_role(user, Role.CENTRE_OFFICER):
        return Evaluation.objects.none()
    return evaluations_visible_to(user).filter(status=EvaluationStatus.SELF_ASSESSED)


def evaluations_to_grade(user) -> QuerySet[Evaluation]:
    """Scored evaluations this centre officer may grade: someone else scored them
    (permissions.centre_officer_not_scorer)."""
    if not has_role(user, Role.CENTRE_OFFICER):
        return Evaluation.objects.none()
    return evaluations_visible_to(user).filter(status=EvaluationStatus.SCORED).exclude(scored_by=user)


# The evaluation list's `todo` filter: what one user has to do, every year at once.
EVALUATION_TODO = {
    "self_assess": evaluations_to_self_assess,
    "score": evaluations_to_score,
    "grade": evaluations_to_grade,
}


def orders_visible_to(user) -> QuerySet[RectificationOrder]:
    qs = RectificationOrder.objects.select_related("body", "body__district", "inspection")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user)
    if scope is None:
        return qs
    if has_role(user, Role.SUPERVISOR):
        scope |= Q(inspection__supervisor__account=user)
    return qs.filter(scope)


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("body", "body__district")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user)
    return qs if scope is None else qs.filter(scope)


def proposals_visible_to(user) -> QuerySet[SuspensionProposal]:
    qs = SuspensionProposal.objects.select_related("body", "order", "evaluation")
    if not user.is_authenticated:
        return qs.none()
    if sees_all_bodies(user):
        return qs
    if is_district_officer(user) and officer_district_id(user):
        return qs.filter(body__district_id=officer_district_id(user))
    return qs.none()


def can_view_report(user, report: Report) -> bool:
    if report.kind == ReportKind.INSPECTION:
        return inspections_visible_to(user).filter(pk=report.inspection_id).exists()
    return evaluations_visible_to(user).filter(pk=report.evaluation_id).exists()


def published_evaluations(body_ids) -> dict[int, Evaluation]:
    """The latest published evaluation of each body: for the public register."""
    latest = {}
    for evaluation in Evaluation.objects.filter(body_id__in=body_ids, status="published").order_by(
        "body_id", "year"
    ):
        latest[evaluation.body_id] = evaluation
    return latest


def finding_evidence(pk: int, user) -> Evidence | None:
    """「督导检查发现 #14（检查编号）」, linked to its inspection for those who may see it."""
    finding = Finding.objects.select_related("inspection").filter(pk=pk).first()
    if finding is None:
        return Evidence(_("Inspection finding #%(n)s") % {"n": pk})
    label = _("Inspection finding #%(n)s (%(inspection)s)") % {
        "n": pk,
        "inspection": finding.inspection.number,
    }
    visible = user is not None and inspections_visible_to(user).filter(pk=finding.inspection_id).exists()
    return Evidence(label, finding.inspection.get_absolute_url() if visible else "")
