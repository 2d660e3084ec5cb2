"""Reads shared by the certificate pages: querysets scoped to what a user may see, joins applied."""

from django.db.models import Q, QuerySet

from certificates.models import AuditCase, Hit, Roster
from registry.selectors import body_records_scope


def rosters_visible_to(user) -> QuerySet[Roster]:
    qs = Roster.objects.select_related("body", "uploaded_by")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user)
    if scope is None:
        return qs
    return qs.filter(scope | Q(uploaded_by=user))


def hits_visible_to(user) -> QuerySet[Hit]:
    qs = Hit.objects.select_related("body", "body__district", "result", "case")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user)
    return qs if scope is None else qs.filter(scope)


def cases_visible_to(user) -> QuerySet[AuditCase]:
    qs = AuditCase.objects.select_related("body", "body__district")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user)
    return qs if scope is None else qs.filter(scope)
