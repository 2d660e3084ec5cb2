"""Who sees the dashboard and the monthly reports: centre officers and the bureau administrator the whole
city (and any district); a district officer its own district only; nobody else."""

from accounts.roles import Role, has_role, is_district_officer
from registry.models import District


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
