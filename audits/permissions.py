"""Who may run which inspection, order and evaluation transition (django-fsm `permission=` callables).

Whoever files supervises (谁备案谁监管): the district officer of the body's district and the centre
plan and review inspections; the supervisor fills only what is assigned to them; the body's own
administrator answers orders and assesses itself; evaluations are the centre's.
"""

from accounts.roles import is_centre, is_district_officer
from registry.permissions import administers, officer_district_id


def officer_for_body(user, body) -> bool:
    """A centre officer, or a district officer of the body's district."""
    return is_centre(user) or (is_district_officer(user) and officer_district_id(user) == body.district_id)


def officer_of(instance, user) -> bool:
    return officer_for_body(user, instance.body)


def reviewing_officer(instance, user) -> bool:
    """An officer of the body who is not the supervisor that did the inspection (no one decides twice)."""
    return officer_of(instance, user) and not assigned_supervisor(instance, user)


def assigned_supervisor(instance, user) -> bool:
    """The supervisor the inspection is assigned to, signed in with the account on their person record."""
    person = instance.supervisor
    return bool(user.is_authenticated and person is not None and person.account_id == user.pk)


def body_administrator(instance, user) -> bool:
    return administers(user, instance.body)


def centre_officer(instance, user) -> bool:
    return is_centre(user)


def centre_officer_not_scorer(instance, user) -> bool:
    """Grading confirms the experts' scores: a centre officer other than the one who entered them."""
    return is_centre(user) and instance.scored_by_id != user.pk
