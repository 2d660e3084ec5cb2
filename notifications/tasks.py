"""The delivery task: inbox rows for everyone, e-mails for those who want this kind and have an address.

It runs on whichever django.tasks backend TASKS configures (immediate by default; a worker in
production), after the deciding transaction has committed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.tasks import task

from notifications.models import Notification, Preference


def absolute(link: str) -> str:
    # e-mails are sent by the worker, with no request to take a host from
    return f"{settings.SITE_URL or settings.SITE_URL_WITHOUT_REQUEST}{link}" if link.startswith("/") else link


@task
def deliver(*, recipient_ids: list[int], kind: str, title: str, body: str, link: str) -> dict:
    return _deliver(recipient_ids=recipient_ids, kind=kind, title=title, body=body, link=link)


@task
def deliver_all(*, batch: list[dict]) -> dict:
    """Several notifications (each `deliver`'s arguments) in one task."""
    totals = {"inbox": 0, "emails": 0}
    for item in batch:
        for key, n in _deliver(**item).items():
            totals[key] += n
    return totals


def _deliver(*, recipient_ids: list[int], kind: str, title: str, body: str, link: str) -> dict:
    users = list(get_user_model().objects.filter(pk__in=recipient_ids, is_active=True).order_by("pk"))
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, title=title, body=body, link=link) for user in users
    )
    muted = set(
        Preference.objects.filter(user__in=users, kind=kind, email=False).values_list("user_id", flat=True)
    )
    text = "\n\n".join(part for part in (body, absolute(link) if link else "") if part)
    mails = [
        EmailMessage(title, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in users
        if user.email and user.pk not in muted
    ]
    sent = mailers.default.send_messages(mails) if mails else 0
    return {"inbox": len(users), "emails": sent}
