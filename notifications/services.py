"""Tell people what happened: an inbox row always, an e-mail unless they turned that kind off.

Domain services call `notify` inside their own transaction; delivery waits for the commit and runs as a
task (`notifications.tasks.deliver`), so a decision never waits for a mail server and a rolled-back
decision tells nobody. Texts are rendered once, in the site's language (LANGUAGE_CODE), whoever acted.
"""

import datetime
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from notifications.models import Kind, Notification, Preference, SentReminder
from notifications.tasks import deliver, deliver_all


def _render(text, params: dict | None) -> str:
    text = str(text)
    return text % params if params else text


def _prepared(*, recipients: Iterable, kind: str, title, body="", params: dict | None = None, link: str = ""):
    """One notification's delivery arguments, its texts rendered in the site's language; None if it has
    no recipient."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    ids = sorted({getattr(r, "pk", r) for r in recipients if r is not None})
    if not ids:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        values = {key: str(value) for key, value in (params or {}).items()}
        title_text = _render(title, values)[:200]
        body_text = _render(body, values)
    return {"recipient_ids": ids, "kind": kind, "title": title_text, "body": body_text, "link": str(link)}


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title,
    body="",
    params: dict | None = None,
    link: str = "",
) -> None:
    """After the current transaction commits, enqueue the delivery of one notification to each recipient
    (users or user ids; None and repeats are skipped). `title` and `body` are (lazy) translatable texts
    with %(name)s placeholders filled from `params`."""
    prepared = _prepared(recipients=recipients, kind=kind, title=title, body=body, params=params, link=link)
    if prepared is not None:
        transaction.on_commit(partial(deliver.enqueue, **prepared))


def notify_each(notices: Iterable[dict]) -> None:
    """Many notifications at once (each a dict of `notify`'s arguments), delivered by one task after the
    commit: an audit that opens two hundred cases queues one delivery, not two hundred."""
    batch = [prepared for notice in notices if (prepared := _prepared(**notice)) is not None]
    if batch:
        transaction.on_commit(partial(deliver_all.enqueue, batch=batch))


def notify_job_finished(*, owner, title: str, link: str = "", ok: bool = True) -> None:
    """A background job ended: its owner hears whether it succeeded (for jobs.hooks.on_finished)."""
    notify(
        recipients=[owner],
        kind=Kind.JOB_FINISHED,
        title=gettext_lazy("Finished: %(title)s") if ok else gettext_lazy("Failed: %(title)s"),
        body=gettext_lazy("The job “%(title)s” has finished.")
        if ok
        else gettext_lazy("The job “%(title)s” failed. Open it to see what went wrong."),
        params={"title": title},
        link=link,
    )


@transaction.atomic
def remind_once(
    *,
    key: str,
    today: datetime.date,
    recipients: Iterable,
    kind: str,
    title,
    body="",
    params: dict | None = None,
    link: str = "",
) -> bool:
    """Send a dated reminder unless the one with this key was sent before; True when sent now."""
    _record, created = SentReminder.objects.get_or_create(key=key, defaults={"kind": kind, "sent_on": today})
    if created:
        notify(recipients=recipients, kind=kind, title=title, body=body, params=params, link=link)
    return created


def mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's is not found)."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def set_email_preferences(*, user, email_kinds: Iterable[str]) -> None:
    """E-mail for exactly these kinds; the inbox keeps receiving every kind."""
    wanted = set(email_kinds)
    for kind in Kind.values:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})
