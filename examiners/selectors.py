"""Reads for examiner pages: people, certifications and sessions scoped to what a user may see."""

import datetime

import pandas as pd
from django.conf import settings
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.roles import Role, has_role, is_body_admin, is_district_officer
from common.status_on import MAX_LISTED, status_of, status_on, statuses_of
from common.status_on import history as status_history
from examiners.models import (
    AssessmentSession,
    Assignment,
    AssignmentStatus,
    Certification,
    CertificationStatus,
    Person,
)
from examiners.models import Role as PostRole
from registry.models import Occupation
from registry.permissions import officer_district_id
from registry.selectors import administered_body_ids


def sees_everyone(user) -> bool:
    return has_role(user, Role.CENTRE_OFFICER, Role.BUREAU_ADMIN)


def people_visible_to(user) -> QuerySet[Person]:
    """Centre: everyone. District officer: people of its district or put forward by its bodies.
    Body administrator: people its own bodies recommended or employ."""
    qs = Person.objects.select_related("district", "employer_body")
    if not user.is_authenticated:
        return qs.none()
    if sees_everyone(user):
        return qs
    scope = Q(pk__in=[])
    if is_district_officer(user) and officer_district_id(user):
        district = officer_district_id(user)
        scope |= Q(district_id=district) | Q(certifications__recommending_body__district_id=district)
    if is_body_admin(user):
        bodies = administered_body_ids(user)
        scope |= Q(certifications__recommending_body_id__in=bodies) | Q(employer_body_id__in=bodies)
    return qs.filter(pk__in=Person.objects.filter(scope).values("pk"))


def certifications(
    user,
    *,
    role: str,
    status: str = "",
    grade: str = "",
    occupation: str = "",
    district: str = "",
    track: str = "",
    q: str = "",
) -> QuerySet[Certification]:
    """The register of examiners or supervisors, filtered, with what a list row shows."""
    qs = (
        Certification.objects.filter(role=role, person__in=people_visible_to(user))
        .select_related("person", "person__district", "recommending_body")
        .prefetch_related(Prefetch("occupations", queryset=Occupation.objects.only("code", "name")))
        .order_by("person__name", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    if grade:
        qs = qs.filter(grade=grade)
    if track:
        qs = qs.filter(track=track)
    if district:
        qs = qs.filter(person__district__code=district)
    if occupation.strip():
        qs = qs.filter(
            Q(occupations__code__startswith=occupation.strip())
            | Q(occupations__name__icontains=occupation.strip())
        ).distinct()
    if q.strip():
        qs = qs.filter(
            Q(person__name__icontains=q.strip())
            | Q(certificate_no__iexact=q.strip())
            | Q(person__id_number=q.strip())
        )
    return qs


def sessions_visible_to(user) -> QuerySet[AssessmentSession]:
    qs = AssessmentSession.objects.select_related("body", "body__district", "occupation")
    if not user.is_authenticated:
        return qs.none()
    if sees_everyone(user):
        return qs
    scope = Q(pk__in=[])
    if is_district_officer(user) and officer_district_id(user):
        scope |= Q(body__district_id=officer_district_id(user))
    if is_body_admin(user):
        scope |= Q(body_id__in=administered_body_ids(user))
    return qs.filter(scope)


def _taken(role: str) -> Coalesce:
    """How many places of `role` a session's live assignments fill (a scalar subquery, so that the
    sessions can be counted in turn without nesting aggregates)."""
    taken = (
        Assignment.objects.filter(session=OuterRef("pk"), role=role, status=AssignmentStatus.ASSIGNED)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Coalesce(Subquery(taken), 0)


def sessions_waiting_for_draw(user) -> QuerySet[AssessmentSession]:
    """Sessions to come (today included) with examiner or supervisor places no draw has filled yet:
    the same shortfall draw.missing_positions reports for one session."""
    return (
        sessions_visible_to(user)
        .filter(date__gte=timezone.localdate())
        .alias(examiners_taken=_taken(PostRole.EXAMINER), supervisors_taken=_taken(PostRole.SUPERVISOR))
        .filter(
            Q(examiners_taken__lt=F("practical_rooms") * settings.EXAMINERS_PER_ROOM)
            | Q(supervisors_taken__lt=settings.SUPERVISORS_PER_SESSION)
        )
    )


def assignments_of(session: AssessmentSession) -> QuerySet[Assignment]:
    return session.assignments.select_related("person", "certification").order_by(
        "role", "status", "person__name"
    )


# --- certified on a day (common.status_on: rebuilt from effective dates) -----------------------------


def certified_on(certification: Certification, day: datetime.date) -> bool:
    """Was this certification in force on `day`: its status that day `certified`, and the day inside
    its validity (valid_from to valid_to)?"""
    return (
        certification.valid_from is not None
        and certification.valid_from <= day <= certification.valid_to
        and status_of(certification, day) == CertificationStatus.CERTIFIED
    )


def certification_statuses_on(day: datetime.date, ids) -> dict[int, str]:
    """certification id → status on `day`, for many at once."""
    return statuses_of(Certification, ids, day)


def certification_history() -> pd.DataFrame:
    return status_history(Certification)


def certified_frame(
    certifications: pd.DataFrame, history: pd.DataFrame, queries: pd.DataFrame
) -> pd.DataFrame:
    """In bulk, for each (object_id = certification id, day) of `queries`: `status` on that day and
    `certified` (status certified and the day inside the validity), on `queries`' index.

    `certifications` has id, status (stored), valid_from and valid_to (datetime64); `history` is
    `certification_history()` or a part of it holding these certifications."""
    if queries.empty:
        return pd.DataFrame({"status": pd.Series(dtype="object"), "certified": pd.Series(dtype=bool)})
    by_id = certifications.set_index("id")
    status = status_on(history, by_id["status"], queries)
    days = queries["day"].astype("datetime64[s]")
    start = queries["object_id"].map(by_id["valid_from"])
    end = queries["object_id"].map(by_id["valid_to"])
    in_window = ((start <= days) & (days <= end)).fillna(False).astype(bool)
    return pd.DataFrame(
        {"status": status, "certified": in_window & (status == CertificationStatus.CERTIFIED)},
        index=queries.index,
    )


def certified_ids_on(day: datetime.date, certifications: QuerySet[Certification] | None = None) -> set[int]:
    """Ids of the certifications (of `certifications`, default all) certified on `day`."""
    qs = Certification.objects.all() if certifications is None else certifications
    rows = list(qs.exclude(valid_from=None).values_list("id", "status", "valid_from", "valid_to"))
    if not rows:
        return set()
    frame = pd.DataFrame(rows, columns=["id", "status", "valid_from", "valid_to"])
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    ids = frame["id"].tolist()
    queries = pd.DataFrame({"object_id": ids, "day": pd.Timestamp(day)})
    listed = ids if len(ids) <= MAX_LISTED else None
    verdict = certified_frame(frame, status_history(Certification, listed), queries)
    return set(frame.loc[verdict["certified"].to_numpy(), "id"].tolist())
