"""The roles of domain.md §2, kept as auth groups named by their code."""

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BODY_ADMIN = "body_admin", _("Body administrator")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    CENTRE_OFFICER = "centre_officer", _("Centre officer")
    SUPERVISOR = "supervisor", _("Quality supervisor")
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    EXPERT = "expert", _("Specification expert")


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The role codes a user holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_codes", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_codes = cached
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_centre(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.CENTRE_OFFICER)


def is_district_officer(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.DISTRICT_OFFICER)


def is_body_admin(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.BODY_ADMIN)


def is_expert(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.EXPERT)
