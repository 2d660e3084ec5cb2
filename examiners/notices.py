"""What the examiners app tells people: a draw names you for a session, and the daily reminder that a
certification is ending (to the person's account, if any, and the recommending body's administrators)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from examiners.models import AssessmentSession, Certification, CertificationStatus, Draw
from notifications.models import Kind
from notifications.reminders import nearest_threshold
from notifications.services import notify, remind_once
from registry.selectors import administrators_of


def account_of(person_id: int) -> list:
    """A person's own account, if they have one: whom their integrity record's news reaches."""
    from examiners.models import Person

    return [a for a in Person.objects.filter(pk=person_id).values_list("account_id", flat=True) if a]


def drawn(*, draw: Draw, session: AssessmentSession) -> None:
    """The people a draw named hear which session, when and in which role (those with an account)."""
    for assignment in draw.assignments.select_related("person").order_by("pk"):
        notify(
            recipients=[assignment.person.account_id],
            kind=Kind.DRAWN,
            title=_("You were drawn as %(role)s for a session on %(date)s"),
            body=_("%(body)s · %(occupation)s · %(level)s, %(date)s, %(venue)s."),
            params={
                "role": assignment.get_role_display(),
                "date": session.date.isoformat(),
                "body": session.body.name,
                "occupation": session.occupation.name,
                "level": session.get_level_display(),
                "venue": session.venue,
            },
            link=session.get_absolute_url(),
        )


def remind_certifications_ending(*, today: datetime.date) -> int:
    """Once for each threshold (90, then 30 days) a certified person's validity comes within: the person
    and the recommending body's administrators are told; a missed day catches up, a renewal starts afresh."""
    horizon = today + datetime.timedelta(days=max(settings.NOTIFY_VALIDITY_ENDING_DAYS))
    certifications = (
        Certification.objects.filter(
            status=CertificationStatus.CERTIFIED, valid_to__gte=today, valid_to__lte=horizon
        )
        .select_related("person", "recommending_body")
        .order_by("pk")
    )
    sent = 0
    for certification in certifications:
        threshold = nearest_threshold(
            (certification.valid_to - today).days, settings.NOTIFY_VALIDITY_ENDING_DAYS
        )
        admins = (
            list(administrators_of(certification.recommending_body_id).values_list("pk", flat=True))
            if certification.recommending_body_id
            else []
        )
        sent += remind_once(
            key=f"certification:{certification.pk}:{certification.valid_to}:{threshold}",
            today=today,
            recipients=[certification.person.account_id, *admins],
            kind=Kind.CERTIFICATION_ENDING,
            title=_("The %(role)s certification of %(name)s ends on %(date)s"),
            body=_(
                "Certificate %(number)s of %(name)s (%(role)s) is valid until %(date)s, %(days)s days from now. "
                "Renew it in time to stay in the draw."
            ),
            params={
                "role": certification.get_role_display(),
                "name": certification.person.name,
                "number": certification.certificate_no or "",
                "date": certification.valid_to.isoformat(),
                "days": (certification.valid_to - today).days,
            },
            link=certification.person.get_absolute_url(),
        )
    return sent
