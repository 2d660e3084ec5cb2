"""Special-ability specifications (专项职业能力考核规范, domain.md §3.8) and their versions.

A Specification is the lasting thing with its code and name; each SpecificationVersion carries the content
(who it is for, related occupations, ability units, assessment requirements) and goes through the
development workflow: proposed (征集) → argued (论证) → under_review (评审) → filed_with_ministry (报备) →
published → retired, with returned (back to the proposer, resubmittable) and rejected (final). A version
filed with the ministry is frozen; a revision is a new version that goes through the workflow again, and
publishing it retires the one it replaces.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.transitions import logged_transition
from registry.models import AssessmentBody, Occupation
from specifications import permissions as perm


class SpecificationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (征集)")
    ARGUED = "argued", _("In argument (论证)")
    UNDER_REVIEW = "under_review", _("Under review (评审)")
    FILED_WITH_MINISTRY = "filed_with_ministry", _("Filed with the ministry (报备)")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


S = SpecificationStatus
# Still on its way: a specification has at most one such version at a time.
OPEN_STATUSES = [S.PROPOSED, S.ARGUED, S.UNDER_REVIEW, S.FILED_WITH_MINISTRY, S.RETURNED]
# The proposer may change the content only here.
EDITABLE_STATUSES = [S.PROPOSED, S.RETURNED]
# Filed with the ministry or later: the content is what was filed, and no longer changes.
FROZEN_STATUSES = [S.FILED_WITH_MINISTRY, S.PUBLISHED, S.RETIRED]
# Public documents: their content is shown to everyone.
PUBLIC_STATUSES = [S.PUBLISHED, S.RETIRED]
# Before the review panel has decided, the centre may return or reject from these.
UNDECIDED_STATUSES = [S.PROPOSED, S.ARGUED, S.UNDER_REVIEW]

FROZEN_MESSAGE = _(
    "This version has been filed with the ministry and is frozen; a change is made as a new version."
)


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class Specification(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-code"]
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("specifications:detail", args=[self.pk])

    def is_frozen(self) -> bool:
        return self.pk is not None and self.versions.filter(status__in=FROZEN_STATUSES).exists()

    def clean(self):
        if self.pk is not None and self.is_frozen():
            stored = type(self).objects.filter(pk=self.pk).values_list("name", flat=True).first()
            if stored is not None and stored != self.name:
                raise ValidationError({"name": FROZEN_MESSAGE})


def draft_path(instance: "SpecificationVersion", filename: str) -> str:
    return f"specifications/{instance.specification_id}/v{instance.number}-{instance.draft_sha256[:16]}.pdf"


class SpecificationVersion(ConcurrentTransitionMixin, models.Model):
    specification = models.ForeignKey(
        Specification, verbose_name=_("specification"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = FSMField(_("status"), max_length=20, choices=S.choices, default=S.PROPOSED)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        AssessmentBody,
        verbose_name=_("proposed on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_specifications",
        help_text=_("Empty: proposed by the centre."),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    # --- content (frozen once filed with the ministry) ---
    necessity = models.TextField(_("necessity statement"))
    audience = models.TextField(_("who it is for"))
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("related occupations"), blank=True, related_name="specification_versions"
    )
    draft = models.FileField(_("draft"), upload_to=draft_path, max_length=200, blank=True)
    draft_name = models.CharField(_("draft file name"), max_length=200, blank=True)
    draft_sha256 = models.CharField(max_length=64, blank=True)
    draft_size = models.PositiveIntegerField(default=0)
    panel_size = models.PositiveSmallIntegerField(
        _("examiners per panel"), help_text=_("At least 3 examiners assess each candidate.")
    )
    method = models.TextField(_("assessment method"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    site_and_equipment = models.TextField(_("site and equipment"))

    # --- the workflow's records ---
    round = models.PositiveSmallIntegerField(
        _("round"), default=1, help_text=_("Counts resubmissions: opinions and votes belong to one round.")
    )
    duplicates = models.JSONField(
        _("possible duplicates"),
        default=list,
        blank=True,
        help_text=_("Occupations of the 大典 and specifications whose names match, found when proposed."),
    )
    voting_closed_at = models.DateTimeField(_("voting closed"), null=True, blank=True)
    voting_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_on = models.DateField(_("filed with the ministry on"), null=True, blank=True)
    filing_reference = models.CharField(_("filing reference number"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    CONTENT_FIELDS = (
        "necessity",
        "audience",
        "draft",
        "draft_name",
        "draft_sha256",
        "draft_size",
        "panel_size",
        "method",
        "duration_minutes",
        "site_and_equipment",
    )

    class Meta:
        ordering = ["specification", "-number"]
        verbose_name = _("specification version")
        verbose_name_plural = _("specification versions")
        constraints = [
            models.UniqueConstraint(fields=["specification", "number"], name="one_number_per_specification"),
            models.UniqueConstraint(
                fields=["specification"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_version_per_specification",
                violation_error_message=_("This specification already has a version in progress."),
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.specification.code} v{self.number} {self.specification.name}"

    def save(self, *args, **kwargs):
        # Transitions save too: the checks see the content only, which a transition never changes.
        self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("specifications:version_detail", args=[self.pk])

    # --- the content's freeze -----------------------------------------------------------------------
    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def frozen_changes(self) -> list[str]:
        """The content fields that differ from the stored row, when the stored row is frozen."""
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).values("status", *self.CONTENT_FIELDS).first()
        if stored is None or stored["status"] not in FROZEN_STATUSES:
            return []
        changed = []
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, FieldFile):
                value = value.name or ""
            if value != stored[name]:
                changed.append(name)
        return changed

    def clean(self):
        if self.frozen_changes():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        minimum = settings.SPECIFICATION_MIN_EXAMINERS
        if self.panel_size is not None and self.panel_size < minimum:
            raise ValidationError(
                {"panel_size": _("At least %(n)s examiners per panel.") % {"n": minimum}}, code="panel"
            )

    # --- review ------------------------------------------------------------------------------------
    def panel(self):
        return self.appointments.filter(on_panel=True)

    def round_opinions(self):
        return self.opinions.filter(round=self.round)

    def round_votes(self):
        return self.votes.filter(round=self.round)

    def has_enough_experts(self) -> bool:
        return self.appointments.count() >= settings.SPECIFICATION_MIN_EXPERTS

    def opinions_complete(self) -> bool:
        """Every appointed expert has recorded an opinion in this round."""
        appointed = set(self.appointments.values_list("expert_id", flat=True))
        return bool(appointed) and appointed <= set(self.round_opinions().values_list("expert_id", flat=True))

    def panel_is_valid(self) -> bool:
        size = self.panel().count()
        return size >= settings.SPECIFICATION_MIN_REVIEW_PANEL and size % 2 == 1

    def review_outcome(self) -> str | None:
        """Passed or failed once every panel member has voted or the centre closed the voting; None before.

        A simple majority of the panel passes: more pass votes than half its members (a member who did not
        vote before the voting closed counts against)."""
        size = self.panel().count()
        votes = list(self.round_votes().values_list("passes", flat=True))
        if size == 0 or (len(votes) < size and self.voting_closed_at is None):
            return None
        return ReviewOutcome.PASSED if 2 * sum(votes) > size else ReviewOutcome.FAILED

    def review_passed(self) -> bool:
        return self.review_outcome() == ReviewOutcome.PASSED

    def may_end_undecided(self) -> bool:
        """Return or reject: before the review, or after a review that failed (never after one that passed)."""
        return self.status != S.UNDER_REVIEW or self.review_outcome() == ReviewOutcome.FAILED

    # --- transitions ---------------------------------------------------------------------------------
    @logged_transition()
    @transition(
        field=status,
        source=S.PROPOSED,
        target=S.ARGUED,
        permission=perm.centre_officer,
        conditions=[has_enough_experts],
        custom={
            "label": _("Start the argument (论证)"),
            "reason_required": False,
            "dangerous": False,
            "next": _("Each appointed expert records an opinion; then the centre forms the review panel."),
        },
    )
    def start_argument(self, *, by=None, description=None):
        pass

    @logged_transition()
    @transition(
        field=status,
        source=S.ARGUED,
        target=S.UNDER_REVIEW,
        permission=perm.centre_officer,
        conditions=[opinions_complete, panel_is_valid],
        custom={
            "label": _("Send to the review panel (评审)"),
            "reason_required": False,
            "dangerous": False,
            "next": _("Each member of the panel votes; a simple majority of the panel passes."),
        },
    )
    def start_review(self, *, by=None, description=None):
        self.voting_closed_at = None
        self.voting_closed_by = None

    @logged_transition()
    @transition(
        field=status,
        source=S.UNDER_REVIEW,
        target=S.FILED_WITH_MINISTRY,
        permission=perm.centre_officer,
        conditions=[review_passed],
        custom={
            "label": _("Record the filing with the ministry (报备)"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The content is frozen from now on; the centre then publishes the specification."),
        },
    )
    def file_with_ministry(self, *, reference: str, on, by=None, description=None):
        self.filing_reference = reference.strip()
        self.filed_on = on

    @logged_transition()
    @transition(
        field=status,
        source=S.FILED_WITH_MINISTRY,
        target=S.PUBLISHED,
        permission=perm.centre_officer,
        custom={
            "label": _("Publish the specification"),
            "reason_required": False,
            "dangerous": False,
            "next": _(
                "From the day it takes effect, bodies may add it to their scope; the version it replaces is retired."
            ),
        },
    )
    def publish(self, *, on, by=None, description=None):
        self.published_on = on

    @logged_transition()
    @transition(
        field=status,
        source=S.PUBLISHED,
        target=S.RETIRED,
        permission=perm.centre_officer,
        custom={
            "label": _("Retire the specification"),
            "reason_required": True,
            "dangerous": True,
            "next": _(
                "From the day it takes effect, it can no longer be assessed against or added to a scope."
            ),
        },
    )
    def retire(self, *, on, by=None, description=None):
        self.retired_on = on

    @logged_transition()
    @transition(
        field=status,
        source=UNDECIDED_STATUSES,
        target=S.RETURNED,
        permission=perm.centre_officer,
        conditions=[may_end_undecided],
        custom={
            "label": _("Return to the proposer for changes"),
            "reason_required": True,
            "dangerous": False,
            "next": _("The proposer sees your reason, changes the proposal and resubmits it."),
        },
    )
    def return_for_changes(self, *, by=None, description=None):
        pass

    @logged_transition()
    @transition(
        field=status,
        source=UNDECIDED_STATUSES,
        target=S.REJECTED,
        permission=perm.centre_officer,
        conditions=[may_end_undecided],
        custom={
            "label": _("Reject the proposal"),
            "reason_required": True,
            "dangerous": True,
            "next": _("The proposal ends for good; the proposer sees your reason."),
        },
    )
    def reject(self, *, by=None, description=None):
        pass

    @logged_transition()
    @transition(
        field=status,
        source=S.RETURNED,
        target=S.PROPOSED,
        permission=perm.proposer,
        custom={
            "label": _("Resubmit the proposal"),
            "reason_required": False,
            "dangerous": False,
            "next": _("The centre takes the proposal up again; the experts give their opinions anew."),
        },
    )
    def resubmit(self, *, by=None, description=None):
        """A new round: the earlier opinions and votes are kept, and a new panel will be formed."""
        self.round += 1
        self.voting_closed_at = None
        self.voting_closed_by = None


class AbilityUnit(models.Model):
    """One ability unit (能力单元) of a version: the work, and the skills and knowledge it needs."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("ability unit"), max_length=100)
    work_content = models.TextField(_("work content"))
    skill_requirements = models.TextField(_("skill requirements"))
    knowledge_requirements = models.TextField(_("knowledge requirements"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("ability unit")
        verbose_name_plural = _("ability units")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="one_unit_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def save(self, *args, **kwargs):
        self._refuse_when_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_when_frozen(self) -> None:
        status = (
            SpecificationVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        )
        if status in FROZEN_STATUSES:
            raise ValidationError(FROZEN_MESSAGE, code="frozen")

    def clean(self):
        self._refuse_when_frozen()
