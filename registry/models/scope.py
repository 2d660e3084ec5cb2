"""Filed scope (备案职业范围): occupation × level, each line with its own effective dates."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models.body import AssessmentBody
from registry.models.catalogue import Level, Occupation


class ScopeLineQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "ScopeLineQuerySet":
        """Lines in force on `day`: started on or before it and not ended before it."""
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)


class ScopeLine(models.Model):
    body = models.ForeignKey(AssessmentBody, on_delete=models.CASCADE, related_name="scope_lines")
    occupation = models.ForeignKey(Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT)
    work_type = models.CharField(
        _("work type"),
        max_length=2,
        blank=True,
        help_text=_("Two digits when the occupation has work types."),
    )
    level = models.SmallIntegerField(_("level"), choices=Level.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(
        _("effective to"), null=True, blank=True, help_text=_("Last day in force.")
    )
    added_by_application = models.ForeignKey(
        "registry.FilingApplication", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_by_application = models.ForeignKey(
        "registry.FilingApplication", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopeLineQuerySet.as_manager()

    class Meta:
        ordering = ["occupation__code", "-level", "effective_from"]
        verbose_name = _("scope line")
        verbose_name_plural = _("scope lines")
        indexes = [models.Index(fields=["body", "occupation", "level", "effective_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="scope_line_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation_code_display} · {self.get_level_display()}"

    @property
    def occupation_code_display(self) -> str:
        code = self.occupation.code
        return f"{code}-{self.work_type}" if self.work_type else code

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or self.effective_to >= day)
