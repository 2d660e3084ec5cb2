"""Checklist templates as versioned data: editing one makes a new version; inspections keep theirs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistPurpose(models.TextChoices):
    ON_SITE = "on_site", _("On-site supervision of a session")
    ANNUAL = "annual", _("Annual check")
    SPECIAL = "special", _("Special topic")


class ChecklistTemplate(models.Model):
    """One version of a checklist. Versions of the same `code` are never edited once used."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=10, choices=ChecklistPurpose.choices)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_checklist_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:checklist_detail", args=[self.pk])


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number"))
    area = models.CharField(_("area"), max_length=40)
    text = models.CharField(_("check"), max_length=300)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="one_item_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"
