"""Notifications: a user's inbox rows, their e-mail choices per kind, and the reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What happened. A user turns e-mail on or off per kind; the inbox always receives every kind."""

    FILING_RETURNED = "filing_returned", _("Filing application returned for correction")
    FILING_APPROVED = "filing_approved", _("Filing application approved (public notice)")
    FILING_REJECTED = "filing_rejected", _("Filing application rejected")
    FILING_PUBLISHED = "filing_published", _("Filing published")
    VALIDITY_ENDING = "validity_ending", _("A body's filing validity is ending")
    ORDER_ISSUED = "order_issued", _("Rectification order issued")
    ORDER_DUE_SOON = "order_due_soon", _("Rectification order due soon")
    ORDER_OVERDUE = "order_overdue", _("Rectification order overdue")
    INSPECTION_ASSIGNED = "inspection_assigned", _("Inspection assigned to you")
    CERTIFICATION_ENDING = "certification_ending", _("A certification is ending")
    DRAWN = "drawn", _("Drawn for an assessment session")
    OBJECTION_DECIDED = "objection_decided", _("Decision on an objection")
    REPAIR_DECIDED = "repair_decided", _("Decision on a credit repair")
    CASE_OPENED = "case_opened", _("Audit case opened")
    CASE_CONFIRMED = "case_confirmed", _("Audit case confirmed")
    JOB_FINISHED = "job_finished", _("Job finished")
    SPECIFICATION_CHANGED = "specification_changed", _("A specification you proposed moved on")
    SPECIFICATION_EXPERT = "specification_expert", _("Asked for your opinion or vote on a specification")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # the navigation's unread count: one index-only count per page
            models.Index(fields=["recipient"], condition=models.Q(read_at=None), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A user's e-mail choice for one kind; no row means the default, e-mail on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {'email' if self.email else 'inbox only'}"


class SentReminder(models.Model):
    """A dated reminder already sent (its key names the object, the deadline and the threshold), so
    the daily run never sends it twice."""

    key = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self) -> str:
        return self.key
