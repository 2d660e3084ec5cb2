"""Who may be drawn: the rules of domain.md §3.3, each a named reason, checked in this order.

A person's first failing rule is the reason the draw page gives for leaving them out.
"""

from django.utils.translation import gettext_lazy as _

REASONS = {
    "not_certified": _("Not certified (status is not “certified”)"),
    "not_valid_on_date": _("Certificate not valid on the exam date"),
    "not_qualified": _("Not qualified for this occupation"),
    "grade_too_low": _("Grade too low for this level"),
    "blacklisted": _("On the integrity blacklist"),
    "recused_employer": _("Recused: works for this body"),
    "recused_relation": _("Recused: declared tie with this body"),
    "already_in_session": _("Already assigned to, or declined, this session"),
    "booked_that_day": _("Already assigned to another session that day"),
    "consecutive_sessions": _("Staffed the most consecutive sessions allowed at this body"),
    "declined_too_often": _("Declined too many assignments this year"),
}


def blacklisted_person_ids() -> set[int]:
    """People with an active serious integrity entry, as examiner or supervisor: the one call site the
    draw, recommendations and renewals use."""
    from integrity.services import blacklisted_ids

    return blacklisted_ids(["examiner", "supervisor"])


def is_blacklisted(person_id: int) -> bool:
    from integrity.services import is_blacklisted as on_list

    return on_list("examiner", person_id) or on_list("supervisor", person_id)
