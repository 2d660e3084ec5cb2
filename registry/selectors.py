"""Reads shared by views: querysets scoped to what a user may see, with their joins applied."""

import datetime
import re

import pandas as pd
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_body_admin, is_district_officer
from common.status_on import history as status_history
from common.status_on import status_of, status_on
from integrity.evidence import Evidence
from registry.models import (
    AssessmentBody,
    BodyStatus,
    BodyUserObjectPermission,
    FilingApplication,
    FilingStatus,
    Occupation,
    ScopeLine,
)
from registry.models.body import FILED_STATUSES
from registry.permissions import VIEW_BODY, officer_district_id


def administered_body_ids(user) -> QuerySet:
    """Ids of the bodies a body administrator holds the guardian view grant on (a plain join)."""
    return BodyUserObjectPermission.objects.filter(
        user=user, permission__codename=VIEW_BODY.split(".")[1]
    ).values("content_object_id")


def sees_all_bodies(user) -> bool:
    """Centre officers and the bureau see every body's records."""
    return has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN)


def body_records_scope(user, *, via: str = "body") -> Q | None:
    """The Q limiting rows about bodies (reached through the foreign key `via`; "" for the bodies
    themselves) to what `user` may see; None when they see everything."""
    if sees_all_bodies(user):
        return None
    prefix, own = (f"{via}__", f"{via}_id") if via else ("", "pk")
    scope = Q(pk__in=[])
    if is_district_officer(user) and officer_district_id(user):
        scope |= Q(**{f"{prefix}district_id": officer_district_id(user)})
    if is_body_admin(user):
        scope |= Q(**{f"{own}__in": administered_body_ids(user)})
    return scope


def bodies_visible_to(user) -> QuerySet[AssessmentBody]:
    """Bodies a user may see: all for the centre, a district's for its officer, one's own for admins."""
    qs = AssessmentBody.objects.select_related("district")
    if not user.is_authenticated:
        return qs.none()
    scope = body_records_scope(user, via="")
    return qs if scope is None else qs.filter(scope)


def applications_visible_to(user) -> QuerySet[FilingApplication]:
    qs = FilingApplication.objects.select_related("body", "body__district", "applicant")
    if not user.is_authenticated:
        return qs.none()
    if has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN):
        return qs
    scope = Q(pk__in=[])
    if is_district_officer(user) and officer_district_id(user):
        # District officers see applications once submitted; drafts are the applicant's own business.
        scope |= Q(body__district_id=officer_district_id(user)) & ~Q(status=FilingStatus.DRAFT)
    if is_body_admin(user):
        scope |= Q(body_id__in=administered_body_ids(user))
    return qs.filter(scope)


def current_scope_prefetch(day=None) -> Prefetch:
    day = day or timezone.localdate()
    return Prefetch(
        "scope_lines",
        queryset=ScopeLine.objects.in_force_on(day).select_related("occupation"),
        to_attr="current_scope",
    )


def public_register(
    *,
    q: str = "",
    occupation: str = "",
    district: str = "",
    kind: str = "",
    status: str = "",
) -> QuerySet[AssessmentBody]:
    """Filed bodies for the public register, filtered; each carries `current_scope`."""
    qs = AssessmentBody.objects.filter(status__in=FILED_STATUSES).select_related("district")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__iexact=q) | Q(filing_no__iexact=q))
    occupation = occupation.strip()
    if occupation:
        lines = ScopeLine.objects.in_force_on(timezone.localdate()).filter(body=OuterRef("pk"))
        lines = lines.filter(
            Q(occupation__code__startswith=occupation) | Q(occupation__name__icontains=occupation)
        )
        qs = qs.filter(Exists(lines))
    if district:
        qs = qs.filter(district__code=district)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related(current_scope_prefetch()).order_by("filing_no")


REVIEW_STATES = {
    "district": [FilingStatus.SUBMITTED, FilingStatus.DISTRICT_REVIEW],
    "centre": [FilingStatus.CENTRE_REVIEW, FilingStatus.PUBLIC_NOTICE],
}
# A pseudo-status of the centre's queue: notices whose period is over, ready to publish.
NOTICE_OVER = "notice_over"


def review_queue(
    user, *, stage: str, kind: str = "", q: str = "", district: str = "", status: str = ""
) -> QuerySet[FilingApplication]:
    """Applications waiting for this user's stage: district (submitted, in review) or centre."""
    qs = applications_visible_to(user).filter(status__in=REVIEW_STATES[stage])
    if status == NOTICE_OVER:
        qs = qs.filter(status=FilingStatus.PUBLIC_NOTICE, notice_ends__lte=timezone.localdate())
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(body__district__code=district)
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(body__name__icontains=q) | Q(reference__icontains=q) | Q(body__credit_code__iexact=q)
        )
    return qs.order_by("submitted_at", "pk")


# What a body administrator still has to finish: drafts to submit, returned applications to correct.
OWN_UNFINISHED = [FilingStatus.DRAFT, FilingStatus.RETURNED]


def own_applications(user, *, status: str = "") -> QuerySet[FilingApplication]:
    """A body administrator's applications (of the bodies they administer), optionally of one status."""
    if not is_body_admin(user):
        return FilingApplication.objects.none()
    qs = FilingApplication.objects.select_related("body", "body__district", "applicant").filter(
        body_id__in=administered_body_ids(user)
    )
    return qs.filter(status=status) if status else qs


# --- status and scope on a day (common.status_on: rebuilt from effective dates) ------------------------


def body_status_on(body: AssessmentBody, day: datetime.date) -> str:
    """The body's status on `day`."""
    return status_of(body, day)


def active_on(body: AssessmentBody, day: datetime.date) -> bool:
    """Was the body active (free to assess and issue) on `day`?"""
    return body_status_on(body, day) == BodyStatus.ACTIVE


def in_scope_on(body: AssessmentBody, occupation_id: int, level: int, day: datetime.date) -> bool:
    """Did the body have a scope line in force on `day` for this occupation (any work type) and level?"""
    return body.scope_lines.in_force_on(day).filter(occupation_id=occupation_id, level=level).exists()


def body_statuses_on(
    queries: pd.DataFrame, *, history: pd.DataFrame | None = None, current: pd.Series | None = None
) -> pd.Series:
    """The status of each (object_id = body id, day) of `queries`, in bulk; `history` and `current`
    (body id → stored status) may be passed when the caller has them already."""
    if history is None:
        history = body_history()
    if current is None:
        current = pd.Series(dict(AssessmentBody.objects.values_list("pk", "status")), dtype="object")
    return status_on(history, current, queries)


def body_history() -> pd.DataFrame:
    return status_history(AssessmentBody)


def scope_in_force(lines: pd.DataFrame, days: pd.Series) -> pd.Series:
    """For scope lines paired with days (same index): was the line in force that day? The bulk twin of
    ScopeLine.in_force_on (effective_from ≤ day ≤ effective_to, or no end)."""
    return (lines["effective_from"] <= days) & (
        lines["effective_to"].isna() | (lines["effective_to"] >= days)
    )


def administrators_of(body_ids) -> QuerySet:
    """The body administrators who hold the guardian grant on any of these bodies (one body id or many):
    whom a body's news is addressed to."""
    from django.contrib.auth import get_user_model

    ids = [body_ids] if isinstance(body_ids, int) else list(body_ids)
    return (
        get_user_model()
        .objects.filter(
            groups__name=Role.BODY_ADMIN,
            pk__in=BodyUserObjectPermission.objects.filter(
                content_object_id__in=ids, permission__codename="change_assessmentbody"
            ).values("user_id"),
        )
        .distinct()
    )


def body_evidence(pk: int, user) -> Evidence | None:
    """「评价机构：名称」, linked to the body's page for those who may see it."""
    body = AssessmentBody.objects.filter(pk=pk).only("name").first()
    if body is None:
        return None
    visible = user is not None and bodies_visible_to(user).filter(pk=pk).exists()
    return Evidence(
        _("Assessment body: %(name)s") % {"name": body.name}, body.get_absolute_url() if visible else ""
    )


OCCUPATION_CODE = re.compile(r"^\d[\d-]*$")


def occupations_matching(q: str, *, limit: int = 20) -> list[Occupation]:
    """Catalogue entries for a picker: a code prefix (6-18) by code, else a name fragment (焊工), the
    exact name first, then names starting with it, then the rest, each by code."""
    q = q.strip()
    if not q:
        return []
    if OCCUPATION_CODE.match(q):
        return list(Occupation.objects.filter(code__startswith=q).order_by("code")[:limit])
    rank = Case(
        When(name=q, then=Value(0)),
        When(name__startswith=q, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(Occupation.objects.filter(name__icontains=q).order_by(rank, "code")[:limit])


def occupation_named(value: str) -> Occupation | None:
    """The entry a form's occupation field names: its code ("6-18-02-04", or "6-18-02-04 焊工" as the
    picker shows it) or, failing that, its exact name when only one entry has it."""
    value = value.strip()
    if not value:
        return None
    by_code = Occupation.objects.filter(code=value.split()[0]).first()
    if by_code is not None:
        return by_code
    named = list(Occupation.objects.filter(name=value)[:2])
    return named[0] if len(named) == 1 else None
