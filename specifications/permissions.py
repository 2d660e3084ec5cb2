"""Who may run which step of a specification's development, and who sees its workings.

The centre runs the workflow; whoever proposed a version (a body's administrators for their body, or the
centre when it proposed) corrects and resubmits it; the experts the centre appointed to a version give
their opinions, and those it put on the review panel vote. A published specification is a public
document; the opinions, votes and drafts behind it are not.
"""

from accounts.roles import Role, has_role, is_centre, is_expert
from registry.permissions import administers


def sees_everything(user) -> bool:
    """Centre officers and the bureau see every specification and every version's workings."""
    return has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN)


def is_appointed(version, user) -> bool:
    return bool(
        user.is_authenticated and is_expert(user) and version.appointments.filter(expert=user).exists()
    )


def is_on_panel(version, user) -> bool:
    return bool(
        user.is_authenticated
        and is_expert(user)
        and version.appointments.filter(expert=user, on_panel=True).exists()
    )


def may_propose(user) -> bool:
    """A centre officer (for the centre) or a body administrator (for a body they administer)."""
    return is_centre(user) or has_role(user, Role.BODY_ADMIN)


def proposes_for(version, user) -> bool:
    """The side that proposed `version`: its body's administrators, or the centre for its own."""
    if version.body_id is not None:
        return administers(user, version.body)
    return is_centre(user)


def sees_workings(version, user) -> bool:
    """The draft and the stage of an unpublished version: the centre, the bureau, the proposer's side
    and the appointed experts."""
    if not user.is_authenticated:
        return False
    return sees_everything(user) or proposes_for(version, user) or is_appointed(version, user)


def sees_opinions(version, user) -> bool:
    """Every opinion and vote, and their PDFs: the centre and the bureau (an expert sees only their own)."""
    return sees_everything(user)


# --- transition permissions: callables (instance, user) -> bool -------------------------------------


def centre_officer(instance, user) -> bool:
    return is_centre(user)


def proposer(instance, user) -> bool:
    return proposes_for(instance, user)
