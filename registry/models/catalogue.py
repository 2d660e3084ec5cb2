"""Catalogues: Chongqing's districts, the 2022 occupation classification, skill levels."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """One of Chongqing's 38 county-level divisions (GB/T 2260 code)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=30, unique=True)
    type = models.CharField(_("type"), max_length=10)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Occupation(models.Model):
    """An occupation (细类) of 《职业分类大典》(2022), e.g. 6-18-01-01."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    major_group = models.PositiveSmallIntegerField(_("major group"))
    edition = models.CharField(_("edition"), max_length=20, default="2022")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Level(models.IntegerChoices):
    """Skill levels: 5 = 初级工 … 1 = 高级技师; 0 and -1 are employer-pilot grades."""

    LEVEL_5 = 5, _("Level 5 / Junior worker")
    LEVEL_4 = 4, _("Level 4 / Intermediate worker")
    LEVEL_3 = 3, _("Level 3 / Senior worker")
    LEVEL_2 = 2, _("Level 2 / Technician")
    LEVEL_1 = 1, _("Level 1 / Senior technician")
    PRINCIPAL = 0, _("Principal technician")
    CHIEF = -1, _("Chief technician")

    @classmethod
    def pilot_only(cls) -> set[int]:
        return {cls.PRINCIPAL, cls.CHIEF}


class Counter(models.Model):
    """A named, gap-free sequence (e.g. filing numbers) incremented under a row lock."""

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"

    @classmethod
    def next(cls, name: str) -> int:
        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            counter = cls.objects.select_for_update().get(name=name)
            counter.value += 1
            counter.save(update_fields=["value"])
            return counter.value

    @classmethod
    def next_block(cls, name: str, count: int) -> int:
        """Reserve `count` consecutive values at once; returns the first."""
        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            counter = cls.objects.select_for_update().get(name=name)
            first = counter.value + 1
            counter.value += count
            counter.save(update_fields=["value"])
            return first
