"""Reads for the inbox and the navigation's unread count."""

from django.db.models import QuerySet

from notifications.models import Kind, Notification, Preference


def inbox(user) -> QuerySet:
    """The user's own notifications, newest first (the page highlights the unread ones)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def email_kinds(user) -> set[str]:
    """The kinds the user receives by e-mail (every kind unless turned off)."""
    off = set(Preference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return set(Kind.values) - off
