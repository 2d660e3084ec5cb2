"""What integrity tells people: a decision on an objection or a credit repair reaches the subject's
people (registered by the subject's app in integrity.subjects), with a link to the record."""

from django.utils.translation import gettext_lazy as _

from integrity import subjects
from notifications.models import Kind
from notifications.services import notify


def appeal_decided(*, entry, kind: str, outcome_label: str, reason: str) -> None:
    """After the centre decided an objection (kind OBJECTION_DECIDED) or a repair (REPAIR_DECIDED)."""
    if kind == Kind.OBJECTION_DECIDED:
        title = _("Objection about %(subject)s decided: %(outcome)s")
    else:
        title = _("Credit repair for %(subject)s decided: %(outcome)s")
    notify(
        recipients=subjects.people_of(entry.subject_type, entry.subject_id),
        kind=kind,
        title=title,
        body=_("Entry of %(date)s: %(description)s\nDecision: %(outcome)s. %(reason)s"),
        params={
            "subject": entry.subject_name,
            "outcome": outcome_label,
            "date": entry.occurred_on.isoformat(),
            "description": entry.description,
            "reason": reason.strip(),
        },
        link=subjects.record_url(entry.subject_type, entry.subject_id),
    )
