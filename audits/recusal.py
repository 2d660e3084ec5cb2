"""Which quality supervisors may inspect a body on a day: certification, integrity, recusal, load.

A supervisor's first failing rule is the reason the assignment page gives for leaving them out.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from audits.models import LOAD_STATUSES, Inspection
from examiners.eligibility import blacklisted_person_ids
from examiners.models import Certification, CertificationStatus, Relation, Role
from examiners.selectors import certification_statuses_on
from registry.models import AssessmentBody

REASONS = {
    "not_certified": _("Not certified (status is not “certified”)"),
    "not_valid_on_date": _("Appointment not valid on the planned date"),
    "no_account": _("Has no user account to sign in with"),
    "blacklisted": _("On the integrity blacklist"),
    "recused_employer": _("Recused: works for this body"),
    "recused_relation": _("Recused: declared tie with this body"),
    "recused_session": _("Recused: drawn as an examiner for this session"),
    "overloaded": _("Already has the most open inspections allowed"),
}


@dataclass
class SupervisorPool:
    eligible: list[Certification] = field(default_factory=list)
    excluded: dict[int, str] = field(default_factory=dict)  # certification id -> reason code
    load: Counter = field(default_factory=Counter)  # person id -> open inspections

    def reason_counts(self) -> dict[str, int]:
        return dict(Counter(self.excluded.values()))


def open_load() -> Counter:
    """Open (assigned or in progress) inspections per supervisor person, in one query."""
    rows = (
        Inspection.objects.filter(status__in=LOAD_STATUSES, supervisor__isnull=False)
        .order_by()
        .values("supervisor_id")
        .annotate(n=Count("id"))
    )
    return Counter({r["supervisor_id"]: r["n"] for r in rows})


def supervisor_pool(
    body: AssessmentBody,
    day: datetime.date,
    *,
    session_examiner_ids: set[int] = frozenset(),
    load: Counter | None = None,
) -> SupervisorPool:
    """Sort every supervisor certification into eligible (fewest open inspections first) or excluded."""
    certifications = list(
        Certification.objects.filter(role=Role.SUPERVISOR)
        .exclude(status=CertificationStatus.DISQUALIFIED)
        .select_related("person")
        .order_by("pk")
    )
    related = set(Relation.objects.filter(body=body).values_list("person_id", flat=True))
    status_on_day = certification_statuses_on(day, [c.pk for c in certifications])  # effective dates
    blacklisted = blacklisted_person_ids()
    load = open_load() if load is None else load
    limit = settings.INSPECTION_OPEN_PER_SUPERVISOR

    def first_failed_rule(cert: Certification) -> str | None:
        person = cert.person
        if status_on_day[cert.pk] != CertificationStatus.CERTIFIED:
            return "not_certified"
        if not (cert.valid_from and cert.valid_from <= day <= cert.valid_to):
            return "not_valid_on_date"
        if person.account_id is None:
            return "no_account"
        if person.pk in blacklisted:
            return "blacklisted"
        if person.employer_body_id == body.pk:
            return "recused_employer"
        if person.pk in related:
            return "recused_relation"
        if person.pk in session_examiner_ids:
            return "recused_session"
        if load[person.pk] >= limit:
            return "overloaded"
        return None

    pool = SupervisorPool(load=load)
    for cert in certifications:
        reason = first_failed_rule(cert)
        if reason:
            pool.excluded[cert.pk] = reason
        else:
            pool.eligible.append(cert)
    pool.eligible.sort(key=lambda c: (load[c.person_id], c.pk))
    return pool


def refusal(certification: Certification, pool: SupervisorPool) -> str | None:
    """Why this certification may not be given the inspection (None when it may)."""
    if any(c.pk == certification.pk for c in pool.eligible):
        return None
    reason = pool.excluded.get(certification.pk, "not_certified")
    return str(REASONS[reason])
