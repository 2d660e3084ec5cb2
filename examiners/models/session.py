"""Assessment sessions (认定场次), the draws that staff them, and the assignments drawn."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition
from examiners import permissions as perm
from examiners.models.certification import Certification, Role
from examiners.models.person import Person
from registry.models import AssessmentBody, Level, Occupation


class AssessmentSession(models.Model):
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="sessions"
    )
    occupation = models.ForeignKey(Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT)
    level = models.SmallIntegerField(_("level"), choices=Level.choices)
    date = models.DateField(_("exam date"))
    practical_rooms = models.PositiveSmallIntegerField(_("practical rooms"), default=1)
    candidates = models.PositiveIntegerField(_("candidates"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("assessment session")
        verbose_name_plural = _("assessment sessions")
        indexes = [models.Index(fields=["date"]), models.Index(fields=["body", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(practical_rooms__gte=1), name="session_has_a_room"),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.occupation.name} · {self.get_level_display()} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("examiners:session_detail", args=[self.pk])

    @property
    def examiners_needed(self) -> int:
        return self.practical_rooms * settings.EXAMINERS_PER_ROOM

    @property
    def supervisors_needed(self) -> int:
        return settings.SUPERVISORS_PER_SESSION


class Draw(models.Model):
    """One random draw for a session: its seed, what it took, and why everyone else was left out."""

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="draws")
    seed = models.BigIntegerField(_("seed"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    examiners_drawn = models.PositiveSmallIntegerField(default=0)
    supervisors_drawn = models.PositiveSmallIntegerField(default=0)
    # {"examiner": {"eligible": [cert ids], "selected": [...], "excluded": {cert id: reason code}}, "supervisor": {...}}
    explanation = models.JSONField(default=dict)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.session} · seed {self.seed}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    DECLINED = "declined", _("Declined")


class Assignment(ConcurrentTransitionMixin, models.Model):
    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="assignments")
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    status = FSMField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "person__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_assignment_per_person_and_session"
            )
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"

    @logged_transition()
    @transition(
        field=status,
        source=AssignmentStatus.ASSIGNED,
        target=AssignmentStatus.DECLINED,
        permission=perm.centre_officer,
        custom={"label": _("Record a decline"), "reason_required": True, "dangerous": False},
    )
    def decline(self, *, by=None, description=None):
        """The drawn person cannot come; the centre draws again to fill the place."""
        self.declined_at = timezone.now()
        self.decline_reason = (description or "")[:200]
