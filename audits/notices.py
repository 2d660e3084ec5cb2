"""What supervision tells people: a rectification order issued to a body, an inspection assigned to a
supervisor, and the daily reminders of orders' deadlines (notifications.services does the delivery)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from audits.models import Inspection, OrderStatus, RectificationOrder
from notifications.models import Kind
from notifications.services import notify, remind_once
from registry.selectors import administrators_of


def _order_params(order: RectificationOrder, today: datetime.date | None = None) -> dict:
    params = {"number": order.number, "body": order.body.name, "deadline": order.deadline.isoformat()}
    if today is not None:
        params["days"] = abs((order.deadline - today).days)
    return params


def order_issued(*, order: RectificationOrder) -> None:
    """The body's administrators receive the order, what must be put right and by when."""
    notify(
        recipients=administrators_of(order.body_id),
        kind=Kind.ORDER_ISSUED,
        title=_("Rectification order %(number)s: put right by %(deadline)s"),
        body=_("%(body)s must put right by %(deadline)s:\n%(requirements)s"),
        params={**_order_params(order), "requirements": order.requirements},
        link=order.get_absolute_url(),
    )


def inspection_assigned(*, inspection: Inspection) -> None:
    """The supervisor's account (if the person has one) hears of the inspection given to them."""
    account_id = inspection.supervisor.account_id if inspection.supervisor_id else None
    notify(
        recipients=[account_id],
        kind=Kind.INSPECTION_ASSIGNED,
        title=_("Inspection %(number)s of %(body)s assigned to you"),
        body=_("%(kind)s at %(body)s, planned for %(date)s."),
        params={
            "number": inspection.number,
            "body": inspection.body.name,
            "kind": inspection.get_kind_display(),
            "date": inspection.planned_for.isoformat(),
        },
        link=inspection.get_absolute_url(),
    )


def remind_order_deadlines(*, today: datetime.date) -> int:
    """Orders still unanswered: once when the deadline is NOTIFY_ORDER_DUE_DAYS (7) days away or closer,
    once when it has passed; idempotent, and a missed day catches up. Returns how many were sent."""
    due_by = today + datetime.timedelta(days=settings.NOTIFY_ORDER_DUE_DAYS)
    orders = (
        RectificationOrder.objects.filter(status=OrderStatus.ISSUED, deadline__lte=due_by)
        .select_related("body")
        .order_by("deadline", "pk")
    )
    sent = 0
    for order in orders:
        if order.deadline >= today:
            sent += remind_once(
                key=f"order-due:{order.pk}:{order.deadline}",
                today=today,
                recipients=administrators_of(order.body_id),
                kind=Kind.ORDER_DUE_SOON,
                title=_("Rectification order %(number)s is due on %(deadline)s"),
                body=_("%(body)s has %(days)s days left to answer rectification order %(number)s."),
                params=_order_params(order, today),
                link=order.get_absolute_url(),
            )
        else:
            sent += remind_once(
                key=f"order-overdue:{order.pk}:{order.deadline}",
                today=today,
                recipients=administrators_of(order.body_id),
                kind=Kind.ORDER_OVERDUE,
                title=_("Rectification order %(number)s is overdue"),
                body=_(
                    "The deadline of rectification order %(number)s (%(body)s) was %(deadline)s. "
                    "An unanswered order is proposed for suspension."
                ),
                params=_order_params(order, today),
                link=order.get_absolute_url(),
            )
    return sent
