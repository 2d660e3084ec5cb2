"""The plan's targets as data: a plan per year, its targets by metric and scope, and the catalogue of
the city's technical colleges that 应备尽备 is measured against."""

import calendar
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import EvaluationType, Roster
from registry.models import AssessmentBody, District, Level, Occupation
from registry.models.body import BodyKind


class Metric(models.TextChoices):
    """What a target counts. The selectors in plans.metrics compute each one as of a day."""

    BODIES = "bodies", _("Assessment bodies filed and active")
    COLLEGES_FILED = "colleges_filed", _("Technical colleges filed")
    EVALUATIONS = "evaluations", _("Evaluations in the year")
    RECOGNITIONS = "recognitions", _("Qualification and skill-level evaluations in the year")
    SPECIAL_ABILITY = "special_ability", _("Special vocational ability assessments in the year")
    EXAMINERS = "examiners", _("Examiners certified in the year")
    SUPERVISORS = "supervisors", _("Quality supervisors certified in the year")
    SPECIFICATIONS = "specifications", _("New special-ability specifications published in the year")


class ScopeKind(models.TextChoices):
    CITY = "city", _("The whole city")
    DISTRICT = "district", _("A district")
    BODY_KIND = "body_kind", _("A kind of body")


class Plan(models.Model):
    """A year's plan, e.g. 《2022年全市技能人才工作要点》; a new year is a new row, not new code."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Target(models.Model):
    """One figure of a plan: a metric, over a scope (the city, a district or a kind of body), and a value.

    A value left empty means "all of them" — 应备尽备, every college in the catalogue."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.CITY)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True
    )
    body_kind = models.CharField(_("kind of body"), max_length=10, choices=BodyKind.choices, blank=True)
    value = models.PositiveIntegerField(
        _("target"), null=True, blank=True, help_text=_("Leave empty for “all of them” (应备尽备).")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "metric", "scope", "district", "body_kind"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            # Two partial constraints, not nulls_distinct=False, which SQLite does not support.
            models.UniqueConstraint(
                fields=["plan", "metric", "body_kind"],
                condition=models.Q(district__isnull=True),
                name="one_city_or_kind_target_per_metric",
                violation_error_message=_("This plan already has a target for this metric and scope."),
            ),
            models.UniqueConstraint(
                fields=["plan", "metric", "district"],
                condition=models.Q(district__isnull=False),
                name="one_district_target_per_metric",
                violation_error_message=_("This plan already has a target for this metric and scope."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope=ScopeKind.CITY, district__isnull=True, body_kind="")
                    | models.Q(scope=ScopeKind.DISTRICT, district__isnull=False, body_kind="")
                    | (models.Q(scope=ScopeKind.BODY_KIND, district__isnull=True) & ~models.Q(body_kind=""))
                ),
                name="target_scope_names_one_thing",
                violation_error_message=_(
                    "A city target names no district or kind; a district target names a district; "
                    "a kind target names a kind."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.get_metric_display()} · {self.scope_label} · {self.value or _('all')}"

    @property
    def scope_label(self) -> str:
        if self.scope == ScopeKind.DISTRICT:
            return str(self.district)
        if self.scope == ScopeKind.BODY_KIND:
            return str(self.get_body_kind_display())
        return str(_("whole city"))

    def clean(self):
        if self.value is None and self.metric != Metric.COLLEGES_FILED:
            raise ValidationError({"value": _("Only the colleges target may be “all of them”.")})


class TechnicalCollege(models.Model):
    """A technical college (技工院校) of the city, kept by the centre. Filed when an assessment body with
    its credit code is active (plans.metrics)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "name"]
        verbose_name = _("technical college")
        verbose_name_plural = _("technical colleges")

    def __str__(self) -> str:
        return self.name


class PlanChange(models.Model):
    """One edit of a plan or of one of its targets, made on the plan pages: who, when, and the values
    before and after (raw field values, shown with their labels in the reader's language)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Added")
        UPDATED = "updated", _("Changed")
        DELETED = "deleted", _("Deleted")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.plan.year} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def on_target(self) -> bool:
        """A target's change (its snapshot has a metric), not the plan's own."""
        return "metric" in (self.after or self.before)


class ResultTally(models.Model):
    """Results counted per roster, body, occupation, exam day, evaluation type and level: what the
    dashboard sums instead of reading a year's result rows (10^6 of them: bench/dashboard.py).

    A roster's rows never change once stored, so its tally is made once (plans.tallies.tally_rosters:
    after each finished job and daily); rosters not tallied yet are counted from their rows."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="+")
    # The roster's uploaded_at: a result counts as of a day only once it was stored (plans.metrics.results).
    received_at = models.DateTimeField()
    body = models.ForeignKey(AssessmentBody, on_delete=models.PROTECT, related_name="+", db_index=False)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+", db_index=False)
    exam_date = models.DateField()
    evaluation_type = models.CharField(max_length=14, choices=EvaluationType.choices)
    level = models.SmallIntegerField(choices=Level.choices)
    evaluations = models.PositiveIntegerField()
    certificates = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("result tally")
        verbose_name_plural = _("result tallies")
        indexes = [models.Index(fields=["exam_date", "received_at"])]

    def __str__(self) -> str:
        return f"{self.roster_id} {self.exam_date} {self.evaluations}/{self.certificates}"


class TalliedRoster(models.Model):
    """A roster whose results are in ResultTally (one with no stored row has a mark and no tally)."""

    roster = models.OneToOneField(Roster, on_delete=models.CASCADE, primary_key=True, related_name="+")
    tallied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tallied roster")
        verbose_name_plural = _("tallied rosters")

    def __str__(self) -> str:
        return str(self.roster_id)


def report_path(instance, filename: str) -> str:
    return f"plans/reports/{instance.year}/{instance.month:02d}/{uuid.uuid4().hex[:12]}-{filename}"


class MonthlyReport(models.Model):
    """A month's report (月报) as generated: the dashboard as of the month's end (or of the day it was made,
    for the month under way), as a workbook and a PDF, citywide or for one district. Kept, never redone:
    a later one of the same month is a new row."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    as_of = models.DateField(_("as of"))
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for the whole city."),
    )
    xlsx = models.FileField(_("workbook"), upload_to=report_path, max_length=200)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Nobody for the schedule's run; the job for one started from the dashboard.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "jobs.Job", verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-month", "-created_at", "-pk"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        indexes = [models.Index(fields=["year", "month", "district"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="monthly_report_month_1_to_12"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.scope}"

    @property
    def scope(self) -> str:
        return str(self.district) if self.district_id else str(_("whole city"))

    @property
    def complete(self) -> bool:
        """True when made as of the month's last day (not while the month was under way)."""
        return self.as_of >= month_end(self.year, self.month)

    def file_name(self, extension: str) -> str:
        return f"月报-{self.year}-{self.month:02d}-{self.scope}.{extension}"


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
