"""The yearly periodic evaluation (评估) of a filed body (domain.md §3.6)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from audits import permissions as perm
from common.transitions import logged_transition
from registry.models import AssessmentBody


class EvaluationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    SCORED = "scored", _("Scored")
    GRADED = "graded", _("Graded")
    PUBLISHED = "published", _("Published")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    QUALIFIED = "qualified", _("Qualified (合格)")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified (基本合格)")
    UNQUALIFIED = "unqualified", _("Unqualified (不合格)")


def weighted_total(scores: dict[str, int]) -> Decimal:
    """The six areas' scores, weighted by the setting, to one decimal."""
    weights = settings.EVALUATION_AREA_WEIGHTS
    total = sum(Decimal(str(weights[area])) * Decimal(scores[area]) for area in weights)
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def grade_for(total: Decimal) -> str:
    """The first band (highest first) whose floor the total reaches."""
    for grade, floor in settings.EVALUATION_GRADE_BANDS:
        if total >= floor:
            return grade
    return settings.EVALUATION_GRADE_BANDS[-1][0]


def self_assessment_path(instance, filename: str) -> str:
    return f"evaluations/{instance.year}/{instance.body_id}-{instance.self_assessment_sha256[:16]}.pdf"


class Evaluation(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("report number"), max_length=20, unique=True)
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("self-assessment due"))

    status = FSMField(
        _("status"), max_length=14, choices=EvaluationStatus.choices, default=EvaluationStatus.SCHEDULED
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_assessment_file = models.FileField(upload_to=self_assessment_path, blank=True)
    self_assessment_sha256 = models.CharField(max_length=64, blank=True)
    self_assessed_at = models.DateTimeField(_("self-assessed"), null=True, blank=True)
    # {"organisation": 88, "systems": 92, ...}: the experts' scores of the six review areas
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    experts = models.CharField(_("experts"), max_length=200, blank=True)
    total = models.DecimalField(_("total"), max_digits=4, decimal_places=1, null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    grade = models.CharField(
        pgettext_lazy("evaluation", "grade"), max_length=20, choices=Grade.choices, blank=True
    )
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "body__name"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_evaluation_per_body_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.body} · {self.year}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:evaluation_detail", args=[self.pk])

    def _touch(self) -> None:
        self.status_since = timezone.now()

    def has_self_assessment(self) -> bool:
        return bool(self.self_assessment.strip())

    def has_all_scores(self) -> bool:
        return set(self.scores) >= set(settings.EVALUATION_AREA_WEIGHTS)

    @logged_transition()
    @transition(
        field=status,
        source=EvaluationStatus.SCHEDULED,
        target=EvaluationStatus.SELF_ASSESSED,
        permission=perm.body_administrator,
        conditions=[has_self_assessment],
        custom={
            "label": _("Submit the self-assessment"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The centre scores the six areas and confirms the grade."),
        },
    )
    def submit_self_assessment(self, *, by=None, description=None):
        self.self_assessed_at = timezone.now()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=EvaluationStatus.SELF_ASSESSED,
        target=EvaluationStatus.SCORED,
        permission=perm.centre_officer,
        conditions=[has_all_scores],
        custom={"label": _("Record the scores"), "reason_required": False, "dangerous": False},
    )
    def score(self, *, by=None, description=None):
        self.total = weighted_total(self.scores)
        self.scored_by = by
        self.scored_at = timezone.now()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=EvaluationStatus.SCORED,
        target=EvaluationStatus.GRADED,
        permission=perm.centre_officer_not_scorer,
        custom={"label": _("Confirm the grade"), "reason_required": False, "dangerous": False},
    )
    def assign_grade(self, *, by=None, description=None):
        """The grade follows from the total and the bands in settings; nobody types it."""
        self.grade = grade_for(self.total)
        self.graded_by = by
        self.graded_at = timezone.now()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=EvaluationStatus.GRADED,
        target=EvaluationStatus.PUBLISHED,
        permission=perm.centre_officer,
        custom={"label": _("Publish the result"), "reason_required": False, "dangerous": False},
    )
    def publish_result(self, *, by=None, description=None):
        """Public from now on; the service applies what 基本合格 and 不合格 mean for the body."""
        self.published_at = timezone.now()
        self._touch()
