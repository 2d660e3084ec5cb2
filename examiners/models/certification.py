"""Certification of an examiner (考评员) or quality supervisor (质量督导员): domain.md §3.3."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition
from examiners import permissions as perm
from examiners.models.person import Person
from registry.models import AssessmentBody, Occupation


class Role(models.TextChoices):
    EXAMINER = "examiner", _("Examiner")
    SUPERVISOR = "supervisor", _("Quality supervisor")


class Track(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")


class Grade(models.TextChoices):
    EXAMINER = "examiner", _("Examiner (levels 5–3)")
    SENIOR_EXAMINER = "senior_examiner", _("Senior examiner (all levels)")


class CertificationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    TRAINING = "training", _("In training")
    EXAMINED = "examined", _("Examined")
    CERTIFIED = "certified", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    DISQUALIFIED = "disqualified", _("Disqualified")


NOT_DISQUALIFIED = [s for s in CertificationStatus.values if s != CertificationStatus.DISQUALIFIED]


def grade_needed(level: int) -> list[str]:
    """Grades allowed to assess a level: levels 5–3 any examiner; 2, 1 and the pilot grades seniors only."""
    if level >= 3:
        return [Grade.EXAMINER, Grade.SENIOR_EXAMINER]
    return [Grade.SENIOR_EXAMINER]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Certification(ConcurrentTransitionMixin, models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certifications")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.EXAMINER)
    track = models.CharField(_("track"), max_length=8, choices=Track.choices)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True)
    occupations = models.ManyToManyField(Occupation, verbose_name=_("qualified occupations"), blank=True)
    status = FSMField(
        _("status"), max_length=14, choices=CertificationStatus.choices, default=CertificationStatus.APPLIED
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)

    recommending_body = models.ForeignKey(
        AssessmentBody,
        verbose_name=_("recommending body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(_("recommended"), default=timezone.now)

    training_hours = models.PositiveSmallIntegerField(_("training hours"), null=True, blank=True)
    exam_score = models.DecimalField(_("exam score"), max_digits=5, decimal_places=1, null=True, blank=True)
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
    certificate_no = models.CharField(
        _("certificate number"), max_length=20, unique=True, null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    suspended_for_integrity = models.BooleanField(
        default=False, help_text=_("Suspended because the person's integrity score fell below the threshold.")
    )

    class Meta:
        ordering = ["-recommended_at", "-pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            # One live certification per person and role; a disqualified one stays as history.
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=~models.Q(status=CertificationStatus.DISQUALIFIED),
                name="one_live_certification_per_role",
                violation_error_message=_("This person already holds or is applying for this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(exam_score__isnull=True)
                | models.Q(exam_score__gte=0, exam_score__lte=100),
                name="exam_score_0_to_100",
            ),
        ]
        indexes = [models.Index(fields=["role", "status", "grade"]), models.Index(fields=["valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} {self.certificate_no or ''}".strip()

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def passed(self) -> bool:
        return self.exam_score is not None and self.exam_score >= settings.CERTIFICATION_PASS_SCORE

    def valid_on(self, day: datetime.date) -> bool:
        """Certified and valid on `day` (examiners.selectors.certified_on, from effective dates)."""
        from examiners.selectors import certified_on

        return certified_on(self, day)

    def _touch(self) -> None:
        self.status_since = timezone.now()
        # Any transition ends a sanction the integrity record caused; its handler sets the flag again
        # right after the transitions it makes itself.
        self.suspended_for_integrity = False

    def _start_validity(self, day: datetime.date) -> None:
        self.valid_from = day
        self.valid_to = add_years(day, settings.CERTIFICATION_VALIDITY_YEARS) - datetime.timedelta(days=1)

    # --- transitions ------------------------------------------------------------------------
    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.APPLIED,
        target=CertificationStatus.TRAINING,
        permission=perm.centre_officer,
        custom={"label": _("Accept into training"), "reason_required": False, "dangerous": False},
    )
    def accept(self, *, by=None, description=None):
        """The centre accepts a recommended person into training."""
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=[CertificationStatus.TRAINING, CertificationStatus.EXAMINED],
        target=CertificationStatus.EXAMINED,
        permission=perm.centre_officer,
        custom={"label": _("Record exam result"), "reason_required": False, "dangerous": False},
    )
    def record_exam(self, *, by=None, description=None, training_hours=None, exam_score=None, exam_date=None):
        if exam_score is None or not 0 <= exam_score <= 100:
            raise ValidationError({"exam_score": _("The exam score must be between 0 and 100.")})
        self.training_hours = training_hours
        self.exam_score = exam_score
        self.exam_date = exam_date or timezone.localdate()
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.EXAMINED,
        target=CertificationStatus.CERTIFIED,
        permission=perm.centre_officer,
        conditions=[passed],
        custom={"label": _("Certify"), "reason_required": False, "dangerous": False},
    )
    def certify(self, *, by=None, description=None, certificate_no=None, on=None):
        if self.role == Role.EXAMINER and not self.grade:
            raise ValidationError({"grade": _("An examiner's grade must be set before certification.")})
        self.certificate_no = certificate_no
        self._start_validity(on or timezone.localdate())
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.CERTIFIED,
        target=CertificationStatus.SUSPENDED,
        permission=perm.centre_officer,
        custom={"label": _("Suspend"), "reason_required": True, "dangerous": True},
    )
    def suspend(self, *, by=None, description=None):
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.SUSPENDED,
        target=CertificationStatus.CERTIFIED,
        permission=perm.centre_officer,
        custom={"label": _("Reinstate"), "reason_required": False, "dangerous": False},
    )
    def reinstate(self, *, by=None, description=None):
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.CERTIFIED,
        target=CertificationStatus.EXPIRED,
        permission=perm.centre_officer,
        custom={"label": _("Expire"), "reason_required": False, "dangerous": False},
    )
    def expire(self, *, by=None, description=None):
        """Validity lapsed (run daily by `expire_certifications`)."""
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=CertificationStatus.EXPIRED,
        target=CertificationStatus.CERTIFIED,
        permission=perm.centre_officer,
        custom={"label": _("Renew certificate"), "reason_required": False, "dangerous": False},
    )
    def renew(self, *, by=None, description=None, on=None):
        """换证: a new validity window from the renewal date (checks are made by the service)."""
        self._start_validity(on or timezone.localdate())
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=NOT_DISQUALIFIED,
        target=CertificationStatus.DISQUALIFIED,
        permission=perm.centre_officer,
        custom={"label": _("Disqualify"), "reason_required": True, "dangerous": True},
    )
    def disqualify(self, *, by=None, description=None):
        self._touch()
