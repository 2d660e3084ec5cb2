"""Issued reports: the frozen content a PDF is rendered from, its hash, and its verification code."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Unambiguous characters for the short code printed under the QR (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ReportKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection report")
    EVALUATION = "evaluation", _("Evaluation report")


class Report(models.Model):
    """One revision of a report. A later revision (after review, say) supersedes, never overwrites."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    inspection = models.ForeignKey(
        "audits.Inspection", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    evaluation = models.ForeignKey(
        "audits.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    number = models.CharField(_("report number"), max_length=20)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    subject = models.CharField(_("subject"), max_length=200)
    issued_on = models.DateField(_("date"))
    # The canonical JSON the PDF is rendered from, and its SHA-256: the PDF prints the hash and the
    # public verification page shows it, so a printed copy can be checked against the record.
    content = models.JSONField()
    content_sha256 = models.CharField(_("content hash (SHA-256)"), max_length=64)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number", "-revision"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["number", "revision"], name="one_report_revision")]

    def __str__(self) -> str:
        return f"{self.number} r{self.revision}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports_verify", args=[self.code])

    @property
    def source(self):
        return self.inspection if self.kind == ReportKind.INSPECTION else self.evaluation
