"""People who examine or supervise, and the ties they declare (for recusal, 回避)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import AssessmentBody, District


def mask_id(number: str) -> str:
    """5001**********123X: the first and last four characters of a resident ID."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


class Person(models.Model):
    name = models.CharField(_("name"), max_length=60)
    id_number = models.CharField(_("resident ID number"), max_length=18, unique=True)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    employer_body = models.ForeignKey(
        AssessmentBody,
        verbose_name=_("employed by assessment body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        help_text=_(
            "When the employer is itself an assessment body: the person is recused from its sessions."
        ),
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_(
            "The account a quality supervisor signs in with to fill the inspections assigned to them."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("examiners:person_detail", args=[self.pk])

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)


class RelationKind(models.TextChoices):
    RELATIVE = "relative", _("Relative works there")
    TEACHER_STUDENT = "teacher_student", _("Teacher–student tie")
    MASTER_APPRENTICE = "master_apprentice", _("Master–apprentice tie")
    FORMER_EMPLOYER = "former_employer", _("Former employer")
    OTHER = "other", _("Other conflict of interest")


class Relation(models.Model):
    """A declared tie between a person and a body: the person is recused from that body's sessions."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "body", "kind"], name="one_relation_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.body} ({self.get_kind_display()})"
