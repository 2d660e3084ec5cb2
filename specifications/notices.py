"""What a specification's development tells people: the proposer hears of every step its version takes,
an expert of being appointed and of being asked to vote (notifications.services does the delivery). The
centre sees new proposals in its to-do panel instead."""

from django.utils.translation import gettext_lazy as _

from common.transitions import vocabulary
from notifications.models import Kind
from notifications.services import notify
from registry.selectors import administrators_of
from specifications.models import SpecificationStatus, SpecificationVersion


def proposers_of(version: SpecificationVersion) -> list:
    """Whom the proposer's news goes to: the body's administrators, or the officer who proposed it."""
    if version.body_id is not None:
        return list(administrators_of(version.body_id))
    return [version.proposed_by_id]


def _params(version: SpecificationVersion) -> dict:
    return {
        "code": version.specification.code,
        "name": version.specification.name,
        "number": version.number,
        "status": SpecificationStatus(version.status).label,  # lazy: rendered in the site's language
    }


def step_taken(*, version: SpecificationVersion, action: str, reason: str = "") -> None:
    """The proposer's side hears which step was taken, the state it led to and the reason given."""
    label, _required, _dangerous = vocabulary(version, action)
    notify(
        recipients=proposers_of(version),
        kind=Kind.SPECIFICATION_CHANGED,
        title=_("Specification %(code)s %(name)s: %(status)s"),
        body=_("Version %(number)s: %(action)s.\n%(reason)s")
        if reason
        else _("Version %(number)s: %(action)s."),
        params={**_params(version), "action": label, "reason": reason},
        link=version.get_absolute_url(),
    )


def experts_appointed(*, version: SpecificationVersion, experts) -> None:
    notify(
        recipients=experts,
        kind=Kind.SPECIFICATION_EXPERT,
        title=_("You are appointed an expert for specification %(code)s %(name)s"),
        body=_(
            "Version %(number)s is %(status)s. You will be asked for your opinion during the argument (论证)."
        ),
        params=_params(version),
        link=version.get_absolute_url(),
    )


def opinions_requested(*, version: SpecificationVersion) -> None:
    notify(
        recipients=version.appointments.values_list("expert_id", flat=True),
        kind=Kind.SPECIFICATION_EXPERT,
        title=_("Your opinion is requested on specification %(code)s %(name)s"),
        body=_("The argument (论证) of version %(number)s has started: record your opinion."),
        params=_params(version),
        link=version.get_absolute_url(),
    )


def votes_requested(*, version: SpecificationVersion) -> None:
    notify(
        recipients=version.panel().values_list("expert_id", flat=True),
        kind=Kind.SPECIFICATION_EXPERT,
        title=_("Your vote is requested on specification %(code)s %(name)s"),
        body=_("You are on the review panel (评审) of version %(number)s: cast your vote."),
        params=_params(version),
        link=version.get_absolute_url(),
    )
