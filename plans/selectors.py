"""Reads the plan pages share: the plans' years and the monthly reports a user may download."""

from plans.models import MonthlyReport, Plan
from plans.permissions import own_district, sees_citywide


def plan_years() -> list[int]:
    """Every plan's year, latest first."""
    return list(Plan.objects.order_by("-year").values_list("year", flat=True))


def reports_visible_to(user):
    reports = MonthlyReport.objects.select_related("district", "created_by")
    if sees_citywide(user):
        return reports
    district = own_district(user)
    return reports.filter(district=district) if district is not None else reports.none()
