"""Filing applications (备案申请), their scope lines and materials (domain.md §3.2)."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition
from registry import permissions as perm
from registry.models.body import AssessmentBody
from registry.models.catalogue import Level, Occupation


class FilingKind(models.TextChoices):
    INITIAL = "initial", _("Initial filing")
    CHANGE = "change", _("Change")
    RENEWAL = "renewal", _("Renewal")
    EXIT = "exit", _("Exit")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DISTRICT_REVIEW = "district_review", _("District review")
    CENTRE_REVIEW = "centre_review", _("Centre review")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    FILED = "filed", _("Filed")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = [
    FilingStatus.DRAFT,
    FilingStatus.SUBMITTED,
    FilingStatus.DISTRICT_REVIEW,
    FilingStatus.CENTRE_REVIEW,
    FilingStatus.PUBLIC_NOTICE,
    FilingStatus.RETURNED,
]
# States before a decision, from which the applicant may still withdraw.
WITHDRAWABLE = [
    FilingStatus.DRAFT,
    FilingStatus.SUBMITTED,
    FilingStatus.DISTRICT_REVIEW,
    FilingStatus.CENTRE_REVIEW,
    FilingStatus.RETURNED,
]


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Mon–Fri) after `start`; public holidays are not modelled."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class FilingApplication(ConcurrentTransitionMixin, models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FilingKind.choices)
    status = FSMField(_("status"), max_length=16, choices=FilingStatus.choices, default=FilingStatus.DRAFT)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filing_applications"
    )
    statement = models.TextField(
        _("statement"), blank=True, help_text=_("What is applied for and why; for an exit, the reason.")
    )
    particulars = models.JSONField(
        _("changed particulars"), default=dict, blank=True, help_text=_("For a change: the new values.")
    )
    effective_date = models.DateField(
        _("changes take effect on"), null=True, blank=True, help_text=_("For a change; default: when filed.")
    )
    review_scores = models.JSONField(_("review scores"), default=dict, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted"),
        null=True,
        blank=True,
        help_text=_("Kept when a returned application is resubmitted."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    district_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    centre_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_starts = models.DateField(_("notice starts"), null=True, blank=True)
    notice_ends = models.DateField(_("notice ends"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("filing application")
        verbose_name_plural = _("filing applications")
        constraints = [
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_application_per_body",
                violation_error_message=_("This body already has an application in progress."),
            )
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} · {self.body}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:filing_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (FilingStatus.DRAFT, FilingStatus.RETURNED)

    def submission_problems(self) -> list[str]:
        """What stops this application from being submitted, in words for the applicant."""
        problems = []
        required = settings.FILING_REQUIRED_MATERIALS.get(self.kind, [])
        present = set(self.materials.values_list("category", flat=True))
        labels = dict(MaterialCategory.choices)
        for category in required:
            if category not in present:
                problems.append(_("Missing material: %(name)s.") % {"name": labels.get(category, category)})
        lines = self.scope_lines.all()
        if self.kind in (FilingKind.INITIAL, FilingKind.RENEWAL) and not lines.exists():
            problems.append(_("Add at least one scope line (occupation and level)."))
        if self.kind == FilingKind.CHANGE and not lines.exists() and not self.particulars:
            problems.append(_("A change must change the scope or the particulars."))
        if self.kind == FilingKind.EXIT and not self.statement.strip():
            problems.append(_("Give the reason for the exit."))
        if self.body.refiling_barred_until and self.body.refiling_barred_until >= timezone.localdate():
            problems.append(
                _("This body is barred from filing until %(date)s.")
                % {"date": self.body.refiling_barred_until}
            )
        return problems

    def particulars_shown(self) -> list[tuple[str, str]]:
        """(field's name on the form, new value as the form showed it) of a change's particulars."""
        shown = []
        for name, value in self.particulars.items():
            try:
                field = AssessmentBody._meta.get_field(name)
            except FieldDoesNotExist:
                shown.append((name, value))  # a field since removed from the model: its key is all we have
                continue
            value = dict(field.flatchoices).get(value, value) if field.choices else value
            shown.append((str(field.verbose_name).capitalize(), value))
        return shown

    def can_submit(self) -> bool:
        return not self.submission_problems()

    def notice_is_over(self) -> bool:
        return self.notice_ends is not None and timezone.localdate() >= self.notice_ends

    # --- transitions ------------------------------------------------------------------------
    @logged_transition()
    @transition(
        field=status,
        source=[FilingStatus.DRAFT, FilingStatus.RETURNED],
        target=FilingStatus.SUBMITTED,
        permission=perm.applicant_of,
        conditions=[can_submit],
        custom={
            "label": _("Submit"),
            "reason_required": False,
            "dangerous": False,
            "asks_reason": False,
            "next": _("After you submit, the district HR office does the preliminary review."),
        },
    )
    def submit(self, *, by=None, description=None):
        self.submitted_at = timezone.now()
        self.first_submitted_at = self.first_submitted_at or self.submitted_at

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.SUBMITTED,
        target=FilingStatus.DISTRICT_REVIEW,
        permission=perm.district_officer_of,
        custom={
            "label": _("Start preliminary review"),
            "reason_required": False,
            "dangerous": False,
            "next": _(
                "The application is marked as under your preliminary review; when done, pass it to the centre or return it for correction."
            ),
        },
    )
    def start_district_review(self, *, by=None, description=None):
        self.district_reviewer = by

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.DISTRICT_REVIEW,
        target=FilingStatus.CENTRE_REVIEW,
        permission=perm.district_officer_of,
        custom={
            "label": _("Pass preliminary review"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The application goes to the municipal guidance centre for its review and decision."),
        },
    )
    def pass_district_review(self, *, by=None, description=None):
        self.district_reviewer = by

    @logged_transition()
    @transition(
        field=status,
        source=[FilingStatus.DISTRICT_REVIEW, FilingStatus.CENTRE_REVIEW],
        target=FilingStatus.RETURNED,
        permission=perm.reviewer_at_current_stage,
        custom={
            "label": _("Return for correction"),
            "reason_required": True,
            "dangerous": False,
            "next": _("The applicant sees your reason, corrects the application and submits it again."),
        },
    )
    def return_for_correction(self, *, by=None, description=None):
        pass

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.CENTRE_REVIEW,
        target=FilingStatus.PUBLIC_NOTICE,
        permission=perm.centre_officer_not_district_reviewer,
        custom={
            "label": _("Approve"),
            "reason_required": False,
            "dangerous": False,
            "next": _(
                "The decision is publicly noticed; when the notice period is over, the centre publishes the filing."
            ),
        },
    )
    def approve(self, *, by=None, description=None):
        today = timezone.localdate()
        self.centre_reviewer = by
        self.decided_at = timezone.now()
        self.notice_starts = today
        self.notice_ends = add_working_days(today, settings.FILING_NOTICE_WORKING_DAYS)

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.PUBLIC_NOTICE,
        target=FilingStatus.CENTRE_REVIEW,
        permission=perm.centre_officer,
        custom={
            "label": _("Record an objection"),
            "reason_required": True,
            "dangerous": False,
            "next": _("The public notice ends and the application goes back to the centre's review."),
        },
    )
    def raise_objection(self, *, by=None, description=None):
        """An objection received during the notice sends the application back to the centre."""
        self.decided_at = None
        self.notice_starts = self.notice_ends = None

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.PUBLIC_NOTICE,
        target=FilingStatus.FILED,
        permission=perm.centre_officer,
        conditions=[notice_is_over],
        custom={
            "label": _("Publish the filing"),
            "reason_required": False,
            "dangerous": False,
            "next": _(
                "The filing takes effect: the body is listed on the public register with its filing number and scope."
            ),
        },
    )
    def publish(self, *, by=None, description=None):
        pass

    @logged_transition()
    @transition(
        field=status,
        source=FilingStatus.CENTRE_REVIEW,
        target=FilingStatus.REJECTED,
        permission=perm.centre_officer_not_district_reviewer,
        custom={
            "label": _("Reject"),
            "reason_required": True,
            "dangerous": True,
            "next": _("The application ends; the applicant sees your reason."),
        },
    )
    def reject(self, *, by=None, description=None):
        self.centre_reviewer = by
        self.decided_at = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=WITHDRAWABLE,
        target=FilingStatus.WITHDRAWN,
        permission=perm.applicant_of,
        custom={
            "label": _("Withdraw"),
            "reason_required": False,
            "dangerous": True,
            "next": _("The application ends and can no longer be submitted; a new one can be started."),
        },
    )
    def withdraw(self, *, by=None, description=None):
        pass


class ScopeAction(models.TextChoices):
    ADD = "add", _("Add")
    REMOVE = "remove", _("Remove")
    KEEP = "keep", _("Keep (renew)")


class ApplicationScopeLine(models.Model):
    application = models.ForeignKey(FilingApplication, on_delete=models.CASCADE, related_name="scope_lines")
    action = models.CharField(_("action"), max_length=6, choices=ScopeAction.choices, default=ScopeAction.ADD)
    occupation = models.ForeignKey(Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT)
    work_type = models.CharField(_("work type"), max_length=2, blank=True)
    level = models.SmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        ordering = ["occupation__code", "-level"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "occupation", "work_type", "level"],
                name="one_line_per_occupation_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.occupation} {self.get_level_display()}"


class MaterialCategory(models.TextChoices):
    LICENCE = "licence", _("Business licence or legal-person certificate")
    RULES = "rules", _("Rules: exam affairs, quality, certificates, archives, safety")
    VENUE = "venue", _("Venue and equipment, incl. video surveillance")
    STAFF = "staff", _("Staff and examiner lists")
    OTHER = "other", _("Other")


def material_path(instance: "Material", filename: str) -> str:
    return f"materials/{instance.application_id}/{instance.sha256[:16]}.{instance.extension}"


class Material(models.Model):
    application = models.ForeignKey(FilingApplication, on_delete=models.CASCADE, related_name="materials")
    category = models.CharField(_("category"), max_length=10, choices=MaterialCategory.choices)
    file = models.FileField(_("file"), upload_to=material_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["category", "uploaded_at"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.original_name
