"""双随机: random bodies from a filter, random supervisors for them, reproducible from a stored seed."""

import datetime
import random
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_centre, is_district_officer
from audits import notices, recusal
from audits.models import InspectionKind, RandomPlan
from audits.services.inspections import INSPECTABLE, plan_inspection
from common.transitions import perform
from registry.models import AssessmentBody
from registry.permissions import officer_district_id


def candidates(*, user, criteria: dict):
    """The bodies a plan draws from: inspectable, within the officer's district, matching the filter."""
    qs = AssessmentBody.objects.filter(status__in=INSPECTABLE)
    if is_district_officer(user) and not is_centre(user):
        qs = qs.filter(district_id=officer_district_id(user))
    if criteria.get("district"):
        qs = qs.filter(district_id=criteria["district"])
    if criteria.get("kind"):
        qs = qs.filter(kind=criteria["kind"])
    if criteria.get("status"):
        qs = qs.filter(status=criteria["status"])
    return qs.order_by("pk")


@transaction.atomic
def plan_random(
    *, user, criteria: dict, count: int, planned_for: datetime.date, seed: int | None = None
) -> RandomPlan:
    """Draw `count` bodies and a supervisor for each (recusal and load respected); store the seed and
    the reasons, so that the same seed over the same data gives the same plan."""
    if not (is_centre(user) or is_district_officer(user)):
        raise PermissionDenied(_("You may not plan inspections."))
    if count < 1:
        raise ValidationError({"count": _("Draw at least one body.")})
    pool_ids = list(candidates(user=user, criteria=criteria).values_list("pk", flat=True))
    if count > len(pool_ids):
        raise ValidationError(
            {"count": _("Only %(n)s bodies match the filter; draw at most that many.") % {"n": len(pool_ids)}}
        )
    seed = secrets.randbits(48) if seed is None else seed
    rng = random.Random(seed)
    chosen = rng.sample(pool_ids, count)
    plan = RandomPlan.objects.create(
        seed=seed, criteria=criteria, requested=count, planned_for=planned_for, created_by=user
    )
    load = recusal.open_load()
    supervisors, unassigned = {}, {}
    bodies = AssessmentBody.objects.in_bulk(chosen)
    for body_id in chosen:
        body = bodies[body_id]
        inspection = plan_inspection(
            user=user, body=body, kind=InspectionKind.RANDOM, planned_for=planned_for, plan=plan
        )
        pool = recusal.supervisor_pool(body, planned_for, load=load)
        if not pool.eligible:
            unassigned[body_id] = pool.reason_counts()
            supervisors[body_id] = None
            continue
        pick = rng.choice(pool.eligible)
        perform(
            inspection,
            "assign",
            by=user,
            certification=pick,
            reason=_("Random plan, seed %(s)s") % {"s": seed},
        )
        notices.inspection_assigned(inspection=inspection)
        load[pick.person_id] += 1
        supervisors[body_id] = pick.person_id
    plan.explanation = {
        "candidates": len(pool_ids),
        "chosen": chosen,
        "supervisors": {str(k): v for k, v in supervisors.items()},
        "unassigned": {str(k): v for k, v in unassigned.items()},
    }
    plan.save(update_fields=["explanation"])
    return plan
