"""Objection (申诉) and credit repair (信用修复): state machines decided by centre officers.

Each step is also appended to the subject's hash chain; an entry lifted by an upheld objection or a
granted repair is marked on the entry (lifted_on), which verify_integrity checks against those links.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition
from integrity.models.entry import Entry


def centre_officer(instance, user) -> bool:
    from accounts.roles import is_centre

    return is_centre(user)


class ObjectionStatus(models.TextChoices):
    FILED = "filed", _("Awaiting decision")
    UPHELD = "upheld", _("Entry upheld")
    OVERTURNED = "overturned", _("Entry overturned")


class Objection(ConcurrentTransitionMixin, models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="objections")
    status = FSMField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.FILED
    )
    grounds = models.TextField(_("grounds"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("integrity:objections")

    @logged_transition()
    @transition(
        field=status,
        source=ObjectionStatus.FILED,
        target=ObjectionStatus.UPHELD,
        permission=centre_officer,
        custom={"label": _("Uphold the entry"), "reason_required": True, "dangerous": True},
    )
    def uphold(self, *, by=None, description=None):
        self.decided_by, self.decided_at = by, timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=ObjectionStatus.FILED,
        target=ObjectionStatus.OVERTURNED,
        permission=centre_officer,
        custom={"label": _("Overturn the entry"), "reason_required": True, "dangerous": False},
    )
    def overturn(self, *, by=None, description=None):
        self.decided_by, self.decided_at = by, timezone.now()


class RepairStatus(models.TextChoices):
    APPLIED = "applied", _("Awaiting decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Repair(ConcurrentTransitionMixin, models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="repairs")
    status = FSMField(_("status"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.APPLIED)
    pledge = models.TextField(_("pledge of good faith"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("integrity:repairs")

    @logged_transition()
    @transition(
        field=status,
        source=RepairStatus.APPLIED,
        target=RepairStatus.GRANTED,
        permission=centre_officer,
        custom={"label": _("Grant credit repair"), "reason_required": False, "dangerous": False},
    )
    def grant(self, *, by=None, description=None):
        self.decided_by, self.decided_at = by, timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=RepairStatus.APPLIED,
        target=RepairStatus.REFUSED,
        permission=centre_officer,
        custom={"label": _("Refuse credit repair"), "reason_required": True, "dangerous": True},
    )
    def refuse(self, *, by=None, description=None):
        self.decided_by, self.decided_at = by, timezone.now()
