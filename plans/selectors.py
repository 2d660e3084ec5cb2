"""Reads of the plan pages and the colleges' catalogue."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from common.status_on import status_on_expression
from plans.models import Metric, MonthlyReport, Plan, PlanChange, ScopeKind, Target, TechnicalCollege
from plans.permissions import own_district, sees_citywide
from registry.models import AssessmentBody
from registry.models.body import IN_FORCE_STATUSES


def colleges_with_filing(*, on: datetime.date) -> QuerySet[TechnicalCollege]:
    """Every college with `filed` (a body with its credit code holds a filing in force on `on`, by the
    status the transitions' effective dates give that day) and `open` (not closed by then), in one query."""
    in_force = AssessmentBody.objects.filter(credit_code=OuterRef("credit_code")).alias(
        status_that_day=status_on_expression(AssessmentBody, on)
    )
    return TechnicalCollege.objects.select_related("district").annotate(
        filed=Exists(in_force.filter(status_that_day__in=IN_FORCE_STATUSES)),
        open=ExpressionWrapper(Q(closed_on__isnull=True) | Q(closed_on__gt=on), output_field=BooleanField()),
    )


def plans_with_counts() -> QuerySet[Plan]:
    return Plan.objects.annotate(target_count=Count("targets"))


def _in_order(field: str, values: list[str]) -> Case:
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)), default=Value(len(values))
    )


def targets_of(plan: Plan) -> QuerySet[Target]:
    """In the plan's own order: the metrics as Metric lists them, each citywide first, then by district
    and by kind."""
    return plan.targets.select_related("district").order_by(
        _in_order("metric", Metric.values),
        _in_order("scope", ScopeKind.values),
        "district__code",
        "body_kind",
    )


def changes_of(plan: Plan) -> QuerySet[PlanChange]:
    return plan.changes.select_related("by__profile")


def plan_years() -> list[int]:
    """Every plan's year, latest first."""
    return list(Plan.objects.order_by("-year").values_list("year", flat=True))


def reports_visible_to(user):
    reports = MonthlyReport.objects.select_related("district", "created_by")
    if sees_citywide(user):
        return reports
    district = own_district(user)
    return reports.filter(district=district) if district is not None else reports.none()
