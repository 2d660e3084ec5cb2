"""Each role's start page for audits: what is open, what is overdue, how far the year's evaluations are."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.roles import Role, has_role, is_body_admin
from audits import selectors
from audits.models import (
    OPEN_INSPECTION_STATUSES,
    EvaluationStatus,
    InspectionStatus,
    OrderStatus,
    ProposalStatus,
)


@login_required
def dashboard(request):
    user = request.user
    officer = has_role(user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN)
    if not officer:
        if has_role(user, Role.SUPERVISOR):
            return redirect("audits:tasks")
        if is_body_admin(user):
            return redirect("audits:my_audits")
        raise PermissionDenied
    today = timezone.localdate()
    inspections = selectors.inspections_visible_to(user)
    by_status = {
        row["status"]: row["n"]
        for row in inspections.filter(status__in=OPEN_INSPECTION_STATUSES)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    }
    orders = selectors.orders_visible_to(user)
    evaluations = selectors.evaluations_visible_to(user).filter(year=today.year)
    progress = {
        row["status"]: row["n"] for row in evaluations.values("status").annotate(n=Count("id")).order_by()
    }
    return render(
        request,
        "audits/dashboard.html",
        {
            "open_counts": [
                (code, label, by_status.get(code, 0))
                for code, label in InspectionStatus.choices
                if code in OPEN_INSPECTION_STATUSES
            ],
            "awaiting_review": inspections.filter(status=InspectionStatus.SUBMITTED).order_by("submitted_at")[
                :10
            ],
            "overdue": orders.filter(status=OrderStatus.ISSUED, deadline__lt=today).order_by("deadline")[:10],
            "overdue_count": orders.filter(status=OrderStatus.ISSUED, deadline__lt=today).count(),
            "responded": orders.filter(status=OrderStatus.RESPONDED).order_by("responded_at")[:10],
            "proposals": selectors.proposals_visible_to(user).filter(status=ProposalStatus.PROPOSED)[:10],
            "year": today.year,
            "progress": [(code, label, progress.get(code, 0)) for code, label in EvaluationStatus.choices],
            "evaluation_total": sum(progress.values()),
        },
    )


@login_required
def my_audits(request):
    """A body administrator's view: orders to answer, evaluations to complete, confirmed inspections."""
    if not is_body_admin(request.user):
        raise PermissionDenied
    user = request.user
    return render(
        request,
        "audits/my_audits.html",
        {
            "orders": selectors.orders_visible_to(user).order_by("status", "deadline")[:50],
            "evaluations": selectors.evaluations_visible_to(user)[:20],
            "inspections": selectors.inspections_visible_to(user)[:20],
            "today": timezone.localdate(),
        },
    )
