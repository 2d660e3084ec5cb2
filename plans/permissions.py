"""Who may see and change plans and the technical colleges' catalogue.

A plan is the bureau's: officers read it, the bureau administrator alone changes it. The colleges'
catalogue is kept by the centre (and the bureau); a district officer reads its own district's colleges,
which are the ones it has to bring to filing.
"""

from accounts.roles import Role, has_role, is_district_officer
from registry.models import District
from registry.permissions import officer_district_id


def can_view_plans(user) -> bool:
    return has_role(user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN)


def can_edit_plans(user) -> bool:
    return has_role(user, Role.BUREAU_ADMIN)


def can_edit_colleges(user) -> bool:
    return has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN)


def can_view_colleges(user) -> bool:
    return can_edit_colleges(user) or has_role(user, Role.DISTRICT_OFFICER)


def colleges_district_id(user) -> int | None:
    """The one district whose colleges `user` sees, or None for all of them (centre and bureau)."""
    if can_edit_colleges(user):
        return None
    return officer_district_id(user) or 0  # an officer without a district sees none


def sees_citywide(user) -> bool:
    return user.is_authenticated and has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN)


def own_district(user) -> District | None:
    """A district officer's district (None for anyone else, and for an officer not given one)."""
    if not is_district_officer(user):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "district", None)


def may_see_dashboard(user) -> bool:
    return sees_citywide(user) or own_district(user) is not None
