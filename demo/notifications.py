"""Demo notifications. Most arrive by themselves: the demo builds through the services, which notify
after the demo's transaction commits (filing decisions, orders, inspections, draws, objections, repairs,
audit cases). This step adds today's deadline reminders, a few people's e-mail choices, and reads the
older half of every inbox, so each account has read and unread notifications."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.reminders import run_all
from notifications.services import set_email_preferences

# Accounts given an e-mail address (printed to the console in development), with the kinds they
# turned off.
EMAIL_CHOICES = {
    "org01": {Kind.CASE_OPENED},
    "supervisor1": {Kind.DRAWN},
}


def build_notifications_demo() -> None:
    """Run after the demo's own deliveries (an on-commit callback of seed_demo, registered last)."""
    run_all(today=timezone.localdate())
    for username, off in EMAIL_CHOICES.items():
        user = User.objects.get(username=username)
        user.email = f"{username}@example.cn"
        user.save(update_fields=["email"])
        set_email_preferences(user=user, email_kinds=[k for k in Kind.values if k not in off])
    # After the reminders' own deliveries, which were queued just now.
    transaction.on_commit(read_the_older_half)


def read_the_older_half() -> None:
    """Every inbox: the older half read (an hour after it arrived), the newer half unread."""
    by_user: dict[int, list[int]] = {}
    for pk, user_id in Notification.objects.order_by("created_at", "pk").values_list("pk", "recipient_id"):
        by_user.setdefault(user_id, []).append(pk)
    older = [pk for pks in by_user.values() for pk in pks[: len(pks) // 2]]
    Notification.objects.filter(pk__in=older).update(read_at=timezone.now())
