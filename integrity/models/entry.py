"""Integrity entries (诚信档案记录): append-only; a correction is a new entry referring to the old one."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from integrity.models.chain import Link


class SubjectType(models.TextChoices):
    BODY = "body", _("Assessment body")
    EXAMINER = "examiner", _("Examiner")
    SUPERVISOR = "supervisor", _("Quality supervisor")
    MANAGER = "manager", _("Body manager")


class EntryKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    MINOR = "minor", _("Minor breach")
    GENERAL = "general", _("General breach")
    SERIOUS = "serious", _("Serious breach")


class Basis(models.TextChoices):
    INSPECTION = "inspection", _("Inspection finding")
    AUDIT_CASE = "audit_case", _("Audit case")
    COMPLAINT = "complaint", _("Complaint")
    MANUAL = "manual", _("Recorded by hand")


class EntryQuerySet(models.QuerySet):
    def for_subject(self, subject_type: str, subject_id: int) -> "EntryQuerySet":
        return self.filter(subject_type=subject_type, subject_id=subject_id)


class Entry(models.Model):
    link = models.OneToOneField(Link, on_delete=models.PROTECT, related_name="entry")
    # The subject is named, not joined: integrity knows nothing of the other apps' tables.
    subject_type = models.CharField(_("subject type"), max_length=12, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject_name = models.CharField(_("subject"), max_length=120)
    subject_code = models.CharField(
        _("credit code or ID number"), max_length=18, blank=True, help_text=_("Shown masked for people.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    points = models.SmallIntegerField(_("points"))
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    evidence_ref = models.CharField(
        _("evidence"),
        max_length=60,
        blank=True,
        help_text=_("The record this entry rests on, e.g. inspection:12."),
    )
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="integrity/evidence/", blank=True)
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("occurred on"))
    published_until = models.DateField(_("published until"))
    repairable_from = models.DateField(_("credit repair possible from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    # Set by decisions (each of which is itself a link in the chain); never by editing the entry's facts.
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lifted_by = models.CharField(
        _("lifted by"), max_length=20, blank=True
    )  # "repair" | "objection" | "correction"
    # Bookkeeping for expire_integrity (not a fact of the entry, so not hashed): the consequences of the
    # window's end have been applied, and a second run leaves the entry alone.
    expiry_applied = models.BooleanField(default=False, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("integrity entry")
        verbose_name_plural = _("integrity entries")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["kind", "published_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.get_kind_display()} · {self.occurred_on}"

    def is_active(self, day: datetime.date) -> bool:
        return self.lifted_on is None and self.occurred_on <= day <= self.published_until

    # The facts a link hashes: what verify_integrity compares with the row.
    HASHED_FIELDS = (
        "subject_type",
        "subject_id",
        "subject_name",
        "subject_code",
        "kind",
        "points",
        "basis",
        "evidence_ref",
        "evidence_sha256",
        "description",
        "occurred_on",
        "published_until",
        "repairable_from",
        "recorded_by_id",
        "recorded_at",
        "corrects_id",
    )
