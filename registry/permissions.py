"""Who may run which transition (django-fsm `permission=` callables) and who may see what.

Role checks are by group; a body administrator's tie to its body is a django-guardian object
permission (direct-FK table `BodyUserObjectPermission`), checked here for single objects.
"""

from accounts.roles import Role, has_role, is_body_admin, is_centre, is_district_officer

VIEW_BODY = "registry.view_assessmentbody"
CHANGE_BODY = "registry.change_assessmentbody"


def officer_district_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return getattr(profile, "district_id", None)


def administers(user, body) -> bool:
    """True when the user is a body administrator holding the guardian grant on this body."""
    return (
        body is not None and body.pk is not None and is_body_admin(user) and user.has_perm(CHANGE_BODY, body)
    )


def can_view_body(user, body) -> bool:
    if not user.is_authenticated:
        return False
    if has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN):
        return True
    if is_district_officer(user) and officer_district_id(user) == body.district_id:
        return True
    return is_body_admin(user) and user.has_perm(VIEW_BODY, body)


# --- transition permissions: callables (instance, user) -> bool -------------------------------


def centre_officer(instance, user) -> bool:
    return is_centre(user)


def applicant_of(instance, user) -> bool:
    """The body's own administrator (instance is a filing application)."""
    return administers(user, instance.body)


def district_officer_of(instance, user) -> bool:
    """A district officer of the district the application's body is in."""
    return is_district_officer(user) and officer_district_id(user) == instance.body.district_id


def centre_officer_not_district_reviewer(instance, user) -> bool:
    """A centre officer, and not the person who did the preliminary review (no one decides twice)."""
    return is_centre(user) and instance.district_reviewer_id != user.pk


def reviewer_at_current_stage(instance, user) -> bool:
    """Whoever holds the application now: the district officer at preliminary review, else the centre."""
    if instance.status == "district_review":
        return district_officer_of(instance, user)
    return is_centre(user)
