"""Making the monthly report (月报): from the dashboard's figures to a kept workbook and PDF."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from plans import dashboard, report
from plans.models import MonthlyReport, Plan, month_end
from registry.models import District


def generate_monthly_report(
    *,
    year: int,
    month: int,
    district: District | None = None,
    by=None,
    job=None,
    today: datetime.date | None = None,
) -> MonthlyReport:
    """The month's report as of its last day (as of today for the month under way), stored with its files."""
    today = today or timezone.localdate()
    as_of = min(month_end(year, month), today)
    figures = dashboard.build(year=year, as_of=as_of, district=district)
    made = MonthlyReport(year=year, month=month, as_of=as_of, district=district, created_by=by, job=job)
    workbook, summary = report.xlsx(figures), report.pdf(figures, month=month)
    with transaction.atomic():
        made.xlsx.save(made.file_name("xlsx"), ContentFile(workbook), save=False)
        made.pdf.save(made.file_name("pdf"), ContentFile(summary), save=False)
        made.save()
    return made


def previous_month(today: datetime.date) -> tuple[int, int]:
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.year, last.month


def report_last_month(*, today: datetime.date | None = None) -> MonthlyReport | None:
    """Last month's citywide report, made once: on the first day of a month, or on the first run after it.
    None when a complete one (as of the month's last day) exists already, or no plan covers that year."""
    today = today or timezone.localdate()
    year, month = previous_month(today)
    done = MonthlyReport.objects.filter(
        year=year, month=month, district=None, as_of__gte=month_end(year, month)
    )
    if done.exists() or not Plan.objects.filter(year=year).exists():
        return None
    return generate_monthly_report(year=year, month=month, today=today)
