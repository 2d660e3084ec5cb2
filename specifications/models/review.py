"""The experts' part: appointments to a version, their opinions (论证) and the review panel's votes (评审).

Opinions and votes are append-only records of one round each: a resubmitted version starts a new round
and the earlier ones stay, so every opinion and every vote ever given is kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from specifications.models.specification import SpecificationVersion


class ExpertAppointment(models.Model):
    """The centre appoints an expert (评审专家) to one version; `on_panel` puts them on its review panel."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="appointments")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now)
    on_panel = models.BooleanField(_("on the review panel"), default=False)

    class Meta:
        ordering = ["version", "appointed_at", "pk"]
        verbose_name = _("expert appointment")
        verbose_name_plural = _("expert appointments")
        constraints = [
            models.UniqueConstraint(fields=["version", "expert"], name="one_appointment_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.expert}"


class Verdict(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_WITH_CHANGES = "agree_with_changes", _("Agree with changes")
    DISAGREE = "disagree", _("Disagree")


class Opinion(models.Model):
    """One appointed expert's opinion of one round of argument (论证)."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="opinions")
    round = models.PositiveSmallIntegerField(_("round"))
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    text = models.TextField(_("opinion"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["version", "round", "recorded_at", "pk"]
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        constraints = [
            models.UniqueConstraint(fields=["version", "round", "expert"], name="one_opinion_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.expert} · {self.get_verdict_display()}"


class Vote(models.Model):
    """One panel member's vote in one round of review (评审): pass or fail, with a comment."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField(_("round"))
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    passes = models.BooleanField(_("passes"))
    comment = models.TextField(_("comment"))
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        ordering = ["version", "round", "cast_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["version", "round", "expert"], name="one_vote_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.expert} · {'pass' if self.passes else 'fail'}"
