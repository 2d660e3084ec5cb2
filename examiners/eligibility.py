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
    """People with an active serious integrity entry. The integrity app (issue 4) answers this;
    until it exists nobody is blacklisted. This is the one call site the draw, recommendations
    and renewals use."""
    return set()


def is_blacklisted(person_id: int) -> bool:
    return person_id in blacklisted_person_ids()
