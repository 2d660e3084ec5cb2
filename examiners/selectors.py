"""Reads for examiner pages: people, certifications and sessions scoped to what a user may see."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.roles import Role, has_role, is_body_admin, is_district_officer
from examiners.models import AssessmentSession, Assignment, Certification, Person
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


def assignments_of(session: AssessmentSession) -> QuerySet[Assignment]:
    return session.assignments.select_related("person", "certification").order_by(
        "role", "status", "person__name"
    )
