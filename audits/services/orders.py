"""Rectification orders and suspension proposals: the body answers, the officer decides, the centre
suspends through the registry's state machine."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import OrderStatus, ProposalReason, RectificationOrder, SuspensionProposal
from common.transitions import perform
from common.uploads import check_document
from registry import services as registry


@transaction.atomic
def respond_to_order(
    *, order: RectificationOrder, user, response: str, upload: UploadedFile | None = None
) -> RectificationOrder:
    """The body's answer: what it put right, with a document checked by its content."""
    order.response = response.strip()
    if not order.response:
        raise ValidationError({"response": _("Say what has been put right.")})
    if upload is not None:
        checked = check_document(upload)
        upload.seek(0)
        order.response_extension = checked.extension
        order.response_sha256 = checked.sha256
        order.response_file.save("response", ContentFile(upload.read()), save=False)
    return perform(order, "respond", by=user)


@transaction.atomic
def decide_order(*, order: RectificationOrder, user, accept: bool, note: str = "") -> RectificationOrder:
    """Accept the response, or reject it, which proposes suspension of the body to the centre."""
    if accept:
        return perform(order, "accept_response", by=user, reason=note)
    perform(order, "reject_response", by=user, reason=note)
    propose_suspension(body=order.body, reason=ProposalReason.ORDER_REJECTED, order=order)
    return order


def propose_suspension(*, body, reason: str, order=None, evaluation=None) -> SuspensionProposal:
    """An order or an evaluation proposes once (see the model's constraints): an order rejected after it
    was flagged overdue returns the proposal it already made instead of failing on a second one."""
    if order is not None:
        lookup = {"order": order}
    elif evaluation is not None:
        lookup = {"evaluation": evaluation}
    else:
        lookup = {"body": body, "reason": reason, "order": None, "evaluation": None}
    proposal, _created = SuspensionProposal.objects.get_or_create(
        **lookup, defaults={"body": body, "reason": reason, "order": order, "evaluation": evaluation}
    )
    return proposal


def flag_overdue_orders(*, today: datetime.date | None = None) -> list[SuspensionProposal]:
    """Orders still unanswered after their deadline each propose suspension once; safe to run daily."""
    today = today or timezone.localdate()
    overdue = RectificationOrder.objects.filter(
        status=OrderStatus.ISSUED, deadline__lt=today, proposals__isnull=True
    ).select_related("body")
    made = []
    for order in overdue:
        with transaction.atomic():
            made.append(propose_suspension(body=order.body, reason=ProposalReason.ORDER_OVERDUE, order=order))
    return made


@transaction.atomic
def decide_proposal(*, proposal: SuspensionProposal, user, suspend: bool, reason: str) -> SuspensionProposal:
    """The centre's decision. Suspending runs the body's own `suspend` transition, so a body that cannot
    be suspended (already suspended, revoked) refuses the whole decision."""
    if suspend:
        perform(proposal, "confirm_suspension", by=user, reason=reason)
        registry.act_on_body(body=proposal.body, user=user, action="suspend", reason=reason)
    else:
        perform(proposal, "dismiss_proposal", by=user, reason=reason)
    return proposal
