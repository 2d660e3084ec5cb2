"""Changing plans and their targets (the bureau administrator's) and the technical colleges' catalogue
(the centre's). Every change of a plan or a target is recorded as a PlanChange with its values before
and after, in the same transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import dashboard, report
from plans.models import MonthlyReport, Plan, PlanChange, Target, TechnicalCollege, month_end
from plans.permissions import can_edit_colleges, can_edit_plans
from registry.models import District
from registry.services import normalise_credit_code

PLAN_FIELDS = ("year", "name", "source")
TARGET_FIELDS = ("metric", "scope", "district", "body_kind", "value", "note")
COLLEGE_FIELDS = ("name", "credit_code", "district", "closed_on")


def snapshot(obj: Plan | Target) -> dict:
    """The fields a PlanChange keeps, as plain values (a district by its name)."""
    names = TARGET_FIELDS if isinstance(obj, Target) else PLAN_FIELDS
    values = {name: getattr(obj, name) for name in names}
    if "district" in values:
        values["district"] = values["district"].name if values["district"] else ""
    return values


def _record(*, user, plan: Plan, action: str, before: dict | None = None, after: dict | None = None) -> None:
    PlanChange.objects.create(plan=plan, action=action, before=before or {}, after=after or {}, by=user)


def _only_the_bureau(user) -> None:
    if not can_edit_plans(user):
        raise PermissionDenied(_("Only the bureau administrator may change plans."))


def _save(obj, *, fields=None) -> None:
    """Validate (model checks and constraints) and save; a row another request saved a moment ago
    (a unique constraint the check could not yet see) is a ValidationError, not a crash."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save(update_fields=fields)
    except IntegrityError as exc:
        raise ValidationError(
            _("This was changed at the same time by someone else; check and try again.")
        ) from exc


@transaction.atomic
def create_plan(*, user, year: int, name: str, source: str = "", copy_from: Plan | None = None) -> Plan:
    """A new year's plan, with a copy of another plan's targets if asked."""
    _only_the_bureau(user)
    plan = Plan(year=year, name=name, source=source)
    _save(plan)
    _record(user=user, plan=plan, action=PlanChange.Action.CREATED, after=snapshot(plan))
    for target in copy_from.targets.select_related("district") if copy_from else ():
        copy = Target(plan=plan, **{name: getattr(target, name) for name in TARGET_FIELDS})
        _save(copy)
        _record(user=user, plan=plan, action=PlanChange.Action.CREATED, after=snapshot(copy))
    return plan


@transaction.atomic
def update_plan(*, user, plan: Plan, name: str, source: str) -> Plan:
    _only_the_bureau(user)
    before = snapshot(plan)
    plan.name, plan.source = name, source
    if snapshot(plan) != before:
        _save(plan)
        _record(user=user, plan=plan, action=PlanChange.Action.UPDATED, before=before, after=snapshot(plan))
    return plan


@transaction.atomic
def create_target(*, user, plan: Plan, values: dict) -> Target:
    _only_the_bureau(user)
    target = Target(plan=plan, **{name: values.get(name) for name in TARGET_FIELDS})
    target.body_kind = target.body_kind or ""
    target.note = target.note or ""
    _save(target)
    _record(user=user, plan=plan, action=PlanChange.Action.CREATED, after=snapshot(target))
    return target


@transaction.atomic
def update_target(*, user, target: Target, values: dict) -> Target:
    _only_the_bureau(user)
    target = (
        Target.objects.select_for_update(of=("self",)).select_related("plan", "district").get(pk=target.pk)
    )
    before = snapshot(target)
    for name in TARGET_FIELDS:
        setattr(target, name, values.get(name))
    target.body_kind = target.body_kind or ""
    target.note = target.note or ""
    if snapshot(target) != before:
        _save(target)
        _record(
            user=user,
            plan=target.plan,
            action=PlanChange.Action.UPDATED,
            before=before,
            after=snapshot(target),
        )
    return target


@transaction.atomic
def delete_target(*, user, target: Target) -> None:
    _only_the_bureau(user)
    _record(user=user, plan=target.plan, action=PlanChange.Action.DELETED, before=snapshot(target))
    target.delete()


# --- the technical colleges' catalogue -----------------------------------------------------------------


def _only_the_centre(user) -> None:
    if not can_edit_colleges(user):
        raise PermissionDenied(_("Only the centre keeps the technical colleges' catalogue."))


def save_college(*, user, college: TechnicalCollege, values: dict) -> TechnicalCollege:
    """Add a college (an unsaved `college`) or change one; the credit code is checked (GB 32100) and kept
    compact."""
    _only_the_centre(user)
    for name in COLLEGE_FIELDS:
        if name in values:
            setattr(college, name, values[name])
    college.credit_code = normalise_credit_code(college.credit_code)
    _save(college)
    return college


def close_college(*, user, college: TechnicalCollege, on: datetime.date) -> TechnicalCollege:
    """The college closed (merged, dissolved) on `on`: kept in the catalogue, no longer counted."""
    _only_the_centre(user)
    college.closed_on = on
    _save(college, fields=["closed_on"])
    return college


def district_named(value: str) -> District | None:
    """A district by its name (渝中区) or its GB/T 2260 code (500103)."""
    value = value.strip()
    return District.objects.filter(code=value).first() or District.objects.filter(name=value).first()


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
