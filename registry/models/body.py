"""The assessment body (评价机构) and its status machine (domain.md §3.1)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from common.transitions import logged_transition
from registry import permissions as perm
from registry.models.catalogue import District


class BodyKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    SOCIAL = "social", _("Social training and assessment organisation")
    COLLEGE = "college", _("College or technical school")


class Audience(models.TextChoices):
    OWN_STAFF = "own_staff", _("Own staff")
    OWN_STUDENTS = "own_students", _("Own students")
    PUBLIC = "public", _("The public")


class BodyStatus(models.TextChoices):
    PENDING = "pending", _("Pending first filing")
    ACTIVE = "active", _("Active")
    RECTIFYING = "rectifying", _("Under rectification")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    EXITED = "exited", _("Exited")


# States after which the body no longer holds its credit code: a new filing makes a new body.
CLOSED_STATUSES = [BodyStatus.REVOKED, BodyStatus.EXPIRED, BodyStatus.EXITED]
# States in which the body is on the register at all (it has been filed once).
FILED_STATUSES = [s for s in BodyStatus.values if s != BodyStatus.PENDING]
# States in which its filing is in force: active, or still filed while rectifying or suspended.
IN_FORCE_STATUSES = [BodyStatus.ACTIVE, BodyStatus.RECTIFYING, BodyStatus.SUSPENDED]

LETTER_FOR_KIND = {BodyKind.EMPLOYER: "Y", BodyKind.SOCIAL: "S", BodyKind.COLLEGE: "S"}


class AssessmentBody(ConcurrentTransitionMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=BodyKind.choices)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    audience = models.CharField(
        _("audience"), max_length=15, choices=Audience.choices, default=Audience.PUBLIC
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    in_special_grade_pilot = models.BooleanField(
        _("in the principal-technician pilot"),
        default=False,
        help_text=_("Employers in the pilot may assess 特级技师 and 首席技师."),
    )

    filing_no = models.CharField(_("filing number"), max_length=13, unique=True, null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    status = FSMField(_("status"), max_length=12, choices=BodyStatus.choices, default=BodyStatus.PENDING)
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    rectification_deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    refiling_barred_until = models.DateField(_("re-filing barred until"), null=True, blank=True)
    rectifying_for_integrity = models.BooleanField(
        default=False,
        help_text=_("Put into rectification because its integrity score fell below the threshold."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("assessment body")
        verbose_name_plural = _("assessment bodies")
        constraints = [
            # One open body per credit code; a revoked, expired or exited one may be filed anew.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(status__in=CLOSED_STATUSES),
                name="one_open_body_per_credit_code",
                violation_error_message=_(
                    "A body with this unified social credit code is already registered."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "district"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:body_detail", args=[self.pk])

    @property
    def filing_letter(self) -> str:
        return LETTER_FOR_KIND[self.kind]

    @property
    def may_issue_certificates(self) -> bool:
        return self.status == BodyStatus.ACTIVE

    def _touch(self) -> None:
        self.status_since = timezone.now()
        # Any transition ends a sanction the integrity record caused; its handler sets the flag again
        # right after the transitions it makes itself.
        self.rectifying_for_integrity = False

    # --- transitions ------------------------------------------------------------------------
    @logged_transition()
    @transition(
        field=status,
        source=BodyStatus.PENDING,
        target=BodyStatus.ACTIVE,
        permission=perm.centre_officer,
        custom={"label": _("Activate"), "reason_required": False, "dangerous": False},
    )
    def activate(self, *, by=None, description=None):
        """First filing published: the body becomes active (validity and number set by the service)."""
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=BodyStatus.ACTIVE,
        target=BodyStatus.RECTIFYING,
        permission=perm.centre_officer,
        custom={
            "label": _("Order rectification"),
            "reason_required": True,
            "dangerous": False,
            "next": _(
                "The body is listed as rectifying until the deadline; accept the rectification once it is done."
            ),
        },
    )
    def order_rectification(self, *, by=None, description=None, deadline=None):
        if deadline is None:
            deadline = timezone.localdate() + timedelta(days=settings.RECTIFICATION_DEFAULT_DAYS)
        if deadline <= timezone.localdate():
            raise ValidationError({"deadline": _("The deadline must be in the future.")})
        self.rectification_deadline = deadline
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=BodyStatus.RECTIFYING,
        target=BodyStatus.ACTIVE,
        permission=perm.centre_officer,
        custom={
            "label": _("Accept rectification"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The body is active again."),
        },
    )
    def accept_rectification(self, *, by=None, description=None):
        self.rectification_deadline = None
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=[BodyStatus.ACTIVE, BodyStatus.RECTIFYING],
        target=BodyStatus.SUSPENDED,
        permission=perm.centre_officer,
        custom={
            "label": _("Suspend"),
            "reason_required": True,
            "dangerous": True,
            "next": _("The body may not hold assessments or issue certificates until it is reinstated."),
        },
    )
    def suspend(self, *, by=None, description=None):
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=BodyStatus.SUSPENDED,
        target=BodyStatus.ACTIVE,
        permission=perm.centre_officer,
        custom={
            "label": _("Reinstate"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The body is active again and may assess and issue certificates."),
        },
    )
    def reinstate(self, *, by=None, description=None):
        self.rectification_deadline = None
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=[BodyStatus.ACTIVE, BodyStatus.RECTIFYING, BodyStatus.SUSPENDED],
        target=BodyStatus.REVOKED,
        permission=perm.centre_officer,
        custom={
            "label": _("Revoke filing"),
            "reason_required": True,
            "dangerous": True,
            "next": _(
                "The filing is cancelled for good, a serious integrity entry is recorded and the body may not file again for some years."
            ),
        },
    )
    def revoke(self, *, by=None, description=None, barred_until=None):
        self.refiling_barred_until = barred_until
        self.rectification_deadline = None
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=[BodyStatus.ACTIVE, BodyStatus.RECTIFYING, BodyStatus.SUSPENDED],
        target=BodyStatus.EXPIRED,
        permission=perm.centre_officer,
        custom={"label": _("Expire"), "reason_required": False, "dangerous": False},
    )
    def expire(self, *, by=None, description=None):
        """Validity lapsed without renewal (run daily by `expire_bodies`)."""
        self._touch()

    @logged_transition()
    @transition(
        field=status,
        source=BodyStatus.ACTIVE,
        target=BodyStatus.EXITED,
        permission=perm.centre_officer,
        custom={"label": _("Exit"), "reason_required": False, "dangerous": False},
    )
    def exit(self, *, by=None, description=None):
        """Voluntary de-registration (注销), reached by publishing an exit application."""
        self._touch()


class BodyUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-object grants on bodies, in a direct-FK table (fast joins, real FK)."""

    content_object = models.ForeignKey(AssessmentBody, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AssessmentBody, on_delete=models.CASCADE)


class BodyManager(models.Model):
    """A manager (管理人员) of a body: a subject of integrity records in their own right."""

    body = models.ForeignKey(AssessmentBody, on_delete=models.CASCADE, related_name="managers")
    name = models.CharField(_("name"), max_length=60)
    id_number = models.CharField(_("resident ID number"), max_length=18)
    position = models.CharField(_("position"), max_length=60, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("body manager")
        verbose_name_plural = _("body managers")
        constraints = [
            models.UniqueConstraint(fields=["body", "id_number"], name="one_manager_record_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position or self.body.name}）"
