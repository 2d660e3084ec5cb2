"""Rectification orders (整改通知) and the suspension proposals a failed one leads to (domain.md §3.5)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from audits import permissions as perm
from audits.models.inspection import Finding, Inspection
from common.transitions import logged_transition
from registry.models import AssessmentBody


class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RESPONDED = "responded", _("Responded")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("rectification order", "Rejected")


def response_path(instance, filename: str) -> str:
    return f"rectification/{instance.pk}/{instance.response_sha256[:16]}.{instance.response_extension}"


class RectificationOrder(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("order number"), max_length=20, unique=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="orders")
    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="rectification_orders"
    )
    findings = models.ManyToManyField(Finding, verbose_name=_("findings"), related_name="orders")
    requirements = models.TextField(_("what must be put right"))
    deadline = models.DateField(_("deadline"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    status = FSMField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ISSUED)
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    response = models.TextField(_("response"), blank=True)
    response_file = models.FileField(upload_to=response_path, blank=True)
    response_extension = models.CharField(max_length=5, blank=True)
    response_sha256 = models.CharField(max_length=64, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.body}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:order_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == OrderStatus.ISSUED and self.deadline < timezone.localdate()

    def has_response(self) -> bool:
        return bool(self.response.strip())

    def _decide(self, by, description) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_note = description or ""
        self.status_since = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=OrderStatus.ISSUED,
        target=OrderStatus.RESPONDED,
        permission=perm.body_administrator,
        conditions=[has_response],
        custom={"label": _("Answer the order"), "reason_required": False, "dangerous": False},
    )
    def respond(self, *, by=None, description=None):
        """The body says what it has put right (text and, usually, a document)."""
        self.responded_by = by
        self.responded_at = timezone.now()
        self.status_since = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=OrderStatus.RESPONDED,
        target=OrderStatus.ACCEPTED,
        permission=perm.officer_of,
        custom={"label": _("Accept the rectification"), "reason_required": False, "dangerous": False},
    )
    def accept_response(self, *, by=None, description=None):
        self._decide(by, description)

    @logged_transition()
    @transition(
        field=status,
        source=OrderStatus.RESPONDED,
        target=OrderStatus.REJECTED,
        permission=perm.officer_of,
        custom={"label": _("Reject the rectification"), "reason_required": True, "dangerous": True},
    )
    def reject_response(self, *, by=None, description=None):
        """The response does not put things right; the service proposes suspension to the centre."""
        self._decide(by, description)


class ProposalReason(models.TextChoices):
    ORDER_REJECTED = "order_rejected", _("Rectification response rejected")
    ORDER_OVERDUE = "order_overdue", _("Rectification order overdue")
    EVALUATION_FAILED = "evaluation_failed", _("Periodic evaluation graded unqualified")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the centre's decision")
    SUSPENDED = "suspended", _("Body suspended")
    DISMISSED = "dismissed", _("Dismissed")


class SuspensionProposal(ConcurrentTransitionMixin, models.Model):
    """A proposal to suspend a body; a centre officer decides, through the registry's state machine."""

    body = models.ForeignKey(
        AssessmentBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="suspension_proposals"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ProposalReason.choices)
    order = models.ForeignKey(
        RectificationOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    evaluation = models.ForeignKey(
        "audits.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = FSMField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("suspension proposal")
        verbose_name_plural = _("suspension proposals")
        constraints = [
            # An order or an evaluation proposes suspension once, however often the overdue check runs.
            models.UniqueConstraint(fields=["order"], name="one_proposal_per_order"),
            models.UniqueConstraint(fields=["evaluation"], name="one_proposal_per_evaluation"),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.get_reason_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:proposal_detail", args=[self.pk])

    def _decide(self, by) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()

    @logged_transition()
    @transition(
        field=status,
        source=ProposalStatus.PROPOSED,
        target=ProposalStatus.SUSPENDED,
        permission=perm.centre_officer,
        custom={"label": _("Suspend the body"), "reason_required": True, "dangerous": True},
    )
    def confirm_suspension(self, *, by=None, description=None):
        """Accepted: the service suspends the body through the registry."""
        self._decide(by)

    @logged_transition()
    @transition(
        field=status,
        source=ProposalStatus.PROPOSED,
        target=ProposalStatus.DISMISSED,
        permission=perm.centre_officer,
        custom={"label": _("Dismiss the proposal"), "reason_required": True, "dangerous": False},
    )
    def dismiss_proposal(self, *, by=None, description=None):
        self._decide(by)
