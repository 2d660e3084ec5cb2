"""What the registry tells people: filing decisions to the applicant and the body's administrators, and
the daily reminder that a body's filing validity is ending (notifications.services does the delivery)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind
from notifications.reminders import nearest_threshold
from notifications.services import notify, remind_once
from registry.models import AssessmentBody, FilingApplication
from registry.models.body import IN_FORCE_STATUSES
from registry.selectors import administrators_of

# The decisions an applicant hears about, with their kind and title.
FILING_DECISIONS = {
    "return_for_correction": (
        Kind.FILING_RETURNED,
        _("Filing application %(reference)s was returned for correction"),
    ),
    "approve": (
        Kind.FILING_APPROVED,
        _("Filing application %(reference)s was approved and is in public notice"),
    ),
    "reject": (Kind.FILING_REJECTED, _("Filing application %(reference)s was rejected")),
    "publish": (Kind.FILING_PUBLISHED, _("Filing application %(reference)s was published")),
}


def filing_decided(*, application: FilingApplication, action: str, reason: str = "") -> None:
    """After a decision on an application: the applicant and the body's administrators hear of it."""
    if action not in FILING_DECISIONS:
        return
    kind, title = FILING_DECISIONS[action]
    recipients = [
        application.applicant_id,
        *administrators_of(application.body_id).values_list("pk", flat=True),
    ]
    body = _("%(body)s, %(kind)s application: now “%(status)s”.")
    if reason.strip():
        body = _("%(body)s, %(kind)s application: now “%(status)s”. Reason: %(reason)s")
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        params={
            "reference": application.reference,
            "body": application.body.name,
            "kind": application.get_kind_display(),
            "status": application.get_status_display(),
            "reason": reason.strip(),
        },
        link=application.get_absolute_url(),
    )


def remind_validity_ending(*, today: datetime.date) -> int:
    """Once for each threshold (90, then 30 days by default) a filed body's validity comes within, its
    administrators are told; a missed day catches up, and a renewal (a new end date) starts afresh."""
    horizon = today + datetime.timedelta(days=max(settings.NOTIFY_VALIDITY_ENDING_DAYS))
    bodies = AssessmentBody.objects.filter(
        Q(status__in=IN_FORCE_STATUSES),
        valid_to__gte=today,
        valid_to__lte=horizon,
    ).order_by("pk")
    sent = 0
    for body in bodies:
        threshold = nearest_threshold((body.valid_to - today).days, settings.NOTIFY_VALIDITY_ENDING_DAYS)
        sent += remind_once(
            key=f"body-validity:{body.pk}:{body.valid_to}:{threshold}",
            today=today,
            recipients=administrators_of(body.pk),
            kind=Kind.VALIDITY_ENDING,
            title=_("The filing of %(body)s ends on %(date)s"),
            body=_(
                "The filing validity of %(body)s (%(number)s) ends on %(date)s, in %(days)s days. "
                "Apply for renewal in time."
            ),
            params={
                "body": body.name,
                "number": body.filing_no or "",
                "date": body.valid_to.isoformat(),
                "days": (body.valid_to - today).days,
            },
            link=body.get_absolute_url(),
        )
    return sent
