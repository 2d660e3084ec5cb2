"""Inspections (督导检查) and what a supervisor records in them (domain.md §3.5)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from audits import permissions as perm
from audits.models.checklist import ChecklistItem, ChecklistTemplate
from common.transitions import logged_transition
from examiners.models import AssessmentSession, Certification, Person
from registry.models import AssessmentBody


class InspectionKind(models.TextChoices):
    ON_SITE = "on_site", _("On-site supervision (现场督导)")
    SPECIAL = "special", _("Special topic (专项)")
    ANNUAL = "annual", _("Annual check (年度)")
    RANDOM = "random", _("Random (双随机)")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_INSPECTION_STATUSES = [
    InspectionStatus.PLANNED,
    InspectionStatus.ASSIGNED,
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.SUBMITTED,
]
# The states in which an inspection counts against its supervisor's load.
LOAD_STATUSES = [InspectionStatus.ASSIGNED, InspectionStatus.IN_PROGRESS]


class RandomPlan(models.Model):
    """One 双随机 draw: which bodies, which supervisors, from what filter, reproducible from the seed."""

    seed = models.BigIntegerField(_("seed"))
    criteria = models.JSONField(_("filter"), default=dict)
    requested = models.PositiveSmallIntegerField(_("bodies requested"))
    planned_for = models.DateField(_("planned for"))
    # {"candidates": [body ids], "chosen": [body ids], "supervisors": {body id: person id or null},
    #  "unassigned_reason": {body id: reason}}
    explanation = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("random inspection plan")
        verbose_name_plural = _("random inspection plans")

    def __str__(self) -> str:
        return f"{self.planned_for:%Y-%m-%d} · {self.requested} · seed {self.seed}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:plan_detail", args=[self.pk])


class Inspection(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("report number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="inspections"
    )
    session = models.ForeignKey(
        AssessmentSession,
        verbose_name=_("assessment session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="inspections"
    )
    plan = models.ForeignKey(
        RandomPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspections"
    )
    planned_for = models.DateField(_("planned for"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)

    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    supervisor_certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    status = FSMField(
        _("status"), max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    summary = models.TextField(_("overall remarks"), blank=True)
    signed_name = models.CharField(_("signed by"), max_length=60, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-planned_for", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["status", "planned_for"]),
            models.Index(fields=["supervisor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.body}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:inspection_detail", args=[self.pk])

    def _touch(self) -> None:
        self.status_since = timezone.now()

    # --- conditions ---------------------------------------------------------------------------
    def all_items_answered(self) -> bool:
        return not self.template.items.exclude(answers__inspection=self).exists()

    def is_signed(self) -> bool:
        return bool(self.signed_name and self.signed_at)

    def orders_settled(self) -> bool:
        """Every rectification order is accepted, or rejected with its suspension proposal decided."""
        from audits.models.rectification import OrderStatus, ProposalStatus

        orders = self.orders.all()
        if orders.filter(status__in=[OrderStatus.ISSUED, OrderStatus.RESPONDED]).exists():
            return False
        return not orders.filter(proposals__status=ProposalStatus.PROPOSED).exists()

    # --- transitions --------------------------------------------------------------------------
    @logged_transition()
    @transition(
        field=status,
        source=[InspectionStatus.PLANNED, InspectionStatus.ASSIGNED],
        target=InspectionStatus.ASSIGNED,
        permission=perm.officer_of,
        custom={"label": _("Assign a supervisor"), "reason_required": False, "dangerous": False},
    )
    def assign(self, *, by=None, description=None, certification=None):
        """Give the inspection to a supervisor (recusal checked by the service)."""
        self.supervisor_id = certification.person_id
        self.supervisor_certification = certification
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=InspectionStatus.ASSIGNED,
        target=InspectionStatus.IN_PROGRESS,
        permission=perm.assigned_supervisor,
        custom={"label": _("Start the inspection"), "reason_required": False, "dangerous": False},
    )
    def start(self, *, by=None, description=None):
        self.started_at = timezone.now()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=InspectionStatus.IN_PROGRESS,
        target=InspectionStatus.SUBMITTED,
        permission=perm.assigned_supervisor,
        conditions=[all_items_answered, is_signed],
        custom={
            "label": _("Submit"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The centre reviews the inspection record and confirms it or returns it to you."),
        },
    )
    def submit(self, *, by=None, description=None):
        self.submitted_at = timezone.now()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=InspectionStatus.SUBMITTED,
        target=InspectionStatus.IN_PROGRESS,
        permission=perm.reviewing_officer,
        custom={"label": _("Return to the supervisor"), "reason_required": True, "dangerous": False},
    )
    def return_for_revision(self, *, by=None, description=None):
        """Back to the supervisor to complete; the signature must be given again."""
        self.signed_at = None
        self.submitted_at = None
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=InspectionStatus.SUBMITTED,
        target=InspectionStatus.REVIEWED,
        permission=perm.reviewing_officer,
        custom={"label": _("Confirm the inspection record"), "reason_required": False, "dangerous": False},
    )
    def review(self, *, by=None, description=None):
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.review_note = description or ""
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=InspectionStatus.REVIEWED,
        target=InspectionStatus.CLOSED,
        permission=perm.officer_of,
        conditions=[orders_settled],
        custom={"label": _("Close the inspection"), "reason_required": False, "dangerous": False},
    )
    def close(self, *, by=None, description=None):
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=[InspectionStatus.PLANNED, InspectionStatus.ASSIGNED, InspectionStatus.IN_PROGRESS],
        target=InspectionStatus.CANCELLED,
        permission=perm.officer_of,
        custom={"label": _("Cancel the inspection"), "reason_required": True, "dangerous": True},
    )
    def cancel(self, *, by=None, description=None):
        self._touch()


class AnswerResult(models.TextChoices):
    YES = "yes", _("Complies")
    NO = "no", _("Does not comply")
    NOT_APPLICABLE = "na", _("Not applicable")


class Answer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("result"), max_length=3, choices=AnswerResult.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__position"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.item.position}: {self.result}"


class Severity(models.TextChoices):
    """Mildest first; the Chinese words rank plainly (观察项 < 轻微 < 较重 < 严重)."""

    OBSERVATION = "observation", pgettext_lazy("finding severity", "Observation")
    MINOR = "minor", pgettext_lazy("finding severity", "Minor")
    MAJOR = "major", pgettext_lazy("finding severity", "Major")
    CRITICAL = "critical", pgettext_lazy("finding severity", "Critical")

    @classmethod
    def points(cls, severity: str) -> int:
        """Integrity points a finding of this severity costs the body (settings; 0: no entry)."""
        kind = settings.FINDING_INTEGRITY_KIND.get(severity)
        return -settings.INTEGRITY_POINTS[kind] if kind else 0

    @classmethod
    def label_with_points(cls, severity: str) -> str:
        """「轻微（−5 分）」, 「观察项（不扣分）」: the severity with what it costs, read from settings."""
        label, points = cls(severity).label, cls.points(severity)
        if not points:
            return gettext("%(severity)s (no points deducted)") % {"severity": label}
        return gettext("%(severity)s (−%(points)s points)") % {"severity": label, "points": points}

    @classmethod
    def choices_with_points(cls) -> list[tuple[str, str]]:
        return [(value, cls.label_with_points(value)) for value in cls.values]


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    description = models.TextField(_("description"))
    integrity_entry_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description[:40]}"

    @property
    def severity_with_points(self) -> str:
        return Severity.label_with_points(self.severity)

    @property
    def orders_rectification(self) -> bool:
        return self.severity in settings.FINDING_SEVERITIES_ORDERING_RECTIFICATION


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.finding.inspection_id}/{instance.sha256[:16]}.{instance.extension}"


def thumbnail_path(instance, filename: str) -> str:
    return f"evidence/{instance.finding.inspection_id}/{instance.sha256[:16]}-thumb.jpg"


class Evidence(models.Model):
    """A photo or PDF attached to a finding, accepted on its bytes; photos keep a small thumbnail."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    thumbnail = models.ImageField(upload_to=thumbnail_path, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
