"""Reads shared by the certificate pages: querysets scoped to what a user may see, joins applied."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from certificates.models import AuditCase, Hit, Roster
from integrity.evidence import Evidence
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


# Who may open the case pages (certificates.views.audit.MAY_READ); the public never.
CASE_READERS = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN, Role.BODY_ADMIN)


def case_evidence(pk: int, user) -> Evidence | None:
    """「核查案件 AC2026…」, linked to the case for those who may see it."""
    case = AuditCase.objects.filter(pk=pk).only("number").first()
    if case is None:
        return Evidence(_("Audit case #%(n)s") % {"n": pk})
    label = _("Audit case %(number)s") % {"number": case.number}
    visible = (
        user is not None and has_role(user, *CASE_READERS) and cases_visible_to(user).filter(pk=pk).exists()
    )
    return Evidence(label, case.get_absolute_url() if visible else "")
