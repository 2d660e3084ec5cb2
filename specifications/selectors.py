"""Reads of specifications: which ones are published on a day (what scope and the dashboard use), who
sees which, and each role's queues.

"Published on day D" is rebuilt from the transitions' effective dates (common.status_on), never from the
stored status: a specification is published on D when one of its versions had reached `published` by D
and had not been retired by then.
"""

import datetime

import pandas as pd
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.roles import is_body_admin, is_centre, is_expert
from common.status_on import history, status_on, statuses_of
from registry.selectors import administered_body_ids
from specifications.models import (
    PUBLIC_STATUSES,
    AbilityUnit,
    ExpertAppointment,
    Opinion,
    Specification,
    SpecificationStatus,
    SpecificationVersion,
    Vote,
)
from specifications.permissions import sees_everything

S = SpecificationStatus


# --- published on a day ----------------------------------------------------------------------------


def published_versions_on(day: datetime.date) -> QuerySet[SpecificationVersion]:
    """The versions in force on `day`: published by then (effective date ≤ day), not yet retired."""
    ever_published = SpecificationVersion.objects.filter(status__in=PUBLIC_STATUSES).values_list(
        "pk", flat=True
    )
    states = statuses_of(SpecificationVersion, ever_published, day)
    return SpecificationVersion.objects.filter(
        pk__in=[pk for pk, state in states.items() if state == S.PUBLISHED]
    )


def published_on(day: datetime.date) -> QuerySet[Specification]:
    """The specifications available on `day` (for a body's scope, for assessment): one of their versions
    was in force that day."""
    return Specification.objects.filter(versions__in=published_versions_on(day)).distinct()


def published_in_year(year: int, *, on: datetime.date | None = None) -> QuerySet[Specification]:
    """New specifications of plan year `year` as of day `on` (default today): first published in that year,
    on or before `on`, and still published on the year's last day reached (min(on, 31 December)). A
    specification retired again within the year does not count; a revision is not a new specification."""
    on = on or timezone.localdate()
    return Specification.objects.filter(pk__in=new_in_year(year, [on])[on])


def new_in_year(year: int, days: list[datetime.date]) -> dict[datetime.date, set[int]]:
    """For each of `days`, the ids of `published_in_year(year, on=day)`, read at once: two queries
    whatever the number of days (the dashboard's month-by-month series)."""
    empty = {day: set() for day in days}
    versions = dict(
        SpecificationVersion.objects.filter(status__in=PUBLIC_STATUSES).values_list("pk", "specification_id")
    )
    if not versions or not days:
        return empty
    frame = history(SpecificationVersion, list(versions))
    firsts: dict[int, datetime.date] = {}
    reached = frame[frame["state"] == S.PUBLISHED]
    for version_id, day in zip(reached["object_id"], reached["day"], strict=True):
        spec_id, day = versions[int(version_id)], day.date()
        firsts[spec_id] = min(day, firsts.get(spec_id, day))
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    lasts = sorted({min(day, last_day) for day in days if day >= first_day})
    if not lasts:
        return empty
    queries = pd.DataFrame(
        [(version_id, pd.Timestamp(last)) for last in lasts for version_id in versions],
        columns=["object_id", "day"],
    )
    # Versions without a logged transition keep their stored status (as statuses_of does).
    current = pd.Series(
        dict(SpecificationVersion.objects.filter(pk__in=list(versions)).values_list("pk", "status"))
    )
    states = status_on(frame, current, queries)
    in_force: dict[datetime.date, set[int]] = {last: set() for last in lasts}
    for version_id, moment, state in zip(queries["object_id"], queries["day"], states, strict=True):
        if state == S.PUBLISHED:
            in_force[moment.date()].add(versions[int(version_id)])
    return {
        day: {spec for spec in in_force[min(day, last_day)] if spec in firsts and firsts[spec].year == year}
        if day >= first_day
        else set()
        for day in days
    }


# --- who sees what ---------------------------------------------------------------------------------


def versions_visible_to(user) -> QuerySet[SpecificationVersion]:
    """The centre and the bureau see every version; anyone else the published and retired ones, plus a
    body administrator their bodies' proposals and an expert the versions they are appointed to."""
    qs = SpecificationVersion.objects.select_related("specification", "body", "proposed_by__profile")
    if sees_everything(user):
        return qs
    scope = Q(status__in=PUBLIC_STATUSES)
    if user.is_authenticated and is_body_admin(user):
        scope |= Q(body_id__in=administered_body_ids(user))
    if user.is_authenticated and is_expert(user):
        scope |= Q(Exists(ExpertAppointment.objects.filter(version=OuterRef("pk"), expert=user)))
    return qs.filter(scope)


def specifications_visible_to(user) -> QuerySet[Specification]:
    """Specifications with at least one version `user` sees, each with its latest visible version's number
    and status (`latest_number`, `latest_status`)."""
    visible = versions_visible_to(user).filter(specification=OuterRef("pk")).order_by("-number")
    return (
        Specification.objects.filter(Exists(visible))
        .annotate(
            latest_number=Subquery(visible.values("number")[:1]),
            latest_status=Subquery(visible.values("status")[:1]),
        )
        .order_by("-code")
    )


def public_versions(specification: Specification) -> QuerySet[SpecificationVersion]:
    return specification.versions.filter(status__in=PUBLIC_STATUSES).order_by("-number")


def with_content(qs: QuerySet[SpecificationVersion]) -> QuerySet[SpecificationVersion]:
    """Versions with what their pages print: units in order, occupations."""
    return qs.prefetch_related(
        Prefetch("units", queryset=AbilityUnit.objects.order_by("position")), "occupations"
    )


def public_list(day: datetime.date | None = None) -> QuerySet[SpecificationVersion]:
    """The versions in force today (or on `day`), for the public list: one per published specification."""
    day = day or timezone.localdate()
    return (
        published_versions_on(day)
        .select_related("specification")
        .prefetch_related("occupations")
        .order_by("-specification__code")
    )


# --- queues -------------------------------------------------------------------------------------------


def opinions_to_give(user) -> QuerySet[SpecificationVersion]:
    """An expert's: versions in argument they are appointed to, without their opinion of this round."""
    if not is_expert(user):
        return SpecificationVersion.objects.none()
    return SpecificationVersion.objects.filter(
        Exists(ExpertAppointment.objects.filter(version=OuterRef("pk"), expert=user)),
        ~Exists(Opinion.objects.filter(version=OuterRef("pk"), round=OuterRef("round"), expert=user)),
        status=S.ARGUED,
    ).select_related("specification")


def votes_to_cast(user) -> QuerySet[SpecificationVersion]:
    """A panel member's: versions under review, voting open, without their vote of this round."""
    if not is_expert(user):
        return SpecificationVersion.objects.none()
    return SpecificationVersion.objects.filter(
        Exists(ExpertAppointment.objects.filter(version=OuterRef("pk"), expert=user, on_panel=True)),
        ~Exists(Vote.objects.filter(version=OuterRef("pk"), round=OuterRef("round"), expert=user)),
        status=S.UNDER_REVIEW,
        voting_closed_at=None,
    ).select_related("specification")


def proposals_to_take_up(user) -> QuerySet[SpecificationVersion]:
    """The centre's: proposals (and resubmissions) waiting for the argument to start."""
    if not is_centre(user):
        return SpecificationVersion.objects.none()
    return SpecificationVersion.objects.filter(status=S.PROPOSED).select_related("specification")


def proposed_by_me(user) -> QuerySet[SpecificationVersion]:
    """The versions proposed on behalf of one's bodies, or by oneself."""
    if not user.is_authenticated:
        return SpecificationVersion.objects.none()
    scope = Q(proposed_by=user)
    if is_body_admin(user):
        scope |= Q(body_id__in=administered_body_ids(user))
    return SpecificationVersion.objects.filter(scope).select_related("specification", "body")


def appointed_to_me(user) -> QuerySet[SpecificationVersion]:
    if not is_expert(user):
        return SpecificationVersion.objects.none()
    return SpecificationVersion.objects.filter(
        Exists(ExpertAppointment.objects.filter(version=OuterRef("pk"), expert=user))
    ).select_related("specification")


def returned_to_me(user) -> QuerySet[SpecificationVersion]:
    """Versions returned for changes, waiting for the proposer: a body administrator's own bodies'."""
    if not is_body_admin(user):
        return SpecificationVersion.objects.none()
    return SpecificationVersion.objects.filter(
        status=S.RETURNED, body_id__in=administered_body_ids(user)
    ).select_related("specification")
