import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audits.models import ProposalReason, SuspensionProposal
from tests import factories as f

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("flag_overdue_orders", stdout=out)
    return out.getvalue()


def test_an_unanswered_order_proposes_suspension_once_after_its_deadline():
    inspection = f.inspection_in("reviewed", findings=("critical",))
    order = inspection.orders.get()
    assert "0 suspension proposals" in run()  # not due yet
    later = timezone.now() + datetime.timedelta(days=(order.deadline - timezone.localdate()).days + 1)
    with time_machine.travel(later, tick=False):
        output = run()
        assert order.number in output
        assert "1 suspension proposals" in output
        assert "0 suspension proposals" in run()  # idempotent
    proposal = SuspensionProposal.objects.get()
    assert (proposal.order, proposal.reason, proposal.status) == (
        order,
        ProposalReason.ORDER_OVERDUE,
        "proposed",
    )


def test_an_answered_order_is_not_overdue():
    inspection = f.inspection_in("reviewed", findings=("major",))
    order = inspection.orders.get()
    from audits.services.orders import respond_to_order

    respond_to_order(order=order, user=inspection.body.applications.first().applicant, response="已整改")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=90), tick=False):
        assert "0 suspension proposals" in run()
    assert not SuspensionProposal.objects.exists()
