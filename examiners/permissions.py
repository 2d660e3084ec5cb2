"""Who may run which certification transition (django-fsm `permission=` callables)."""

from accounts.roles import is_centre


def centre_officer(instance, user) -> bool:
    return is_centre(user)
