"""The dashboard's figures (plans.figures) for a plan year as of a day, citywide or for one district.

Filled from plans.metrics; the pages, the monthly report and the public statistics read only these."""

import datetime

from django.utils.translation import gettext as _

from plans import breakdowns
from plans.figures import Dashboard, Progress
from plans.metrics import Facts, Period
from plans.models import Metric, Plan, ScopeKind, Target
from registry.models import District


def _city() -> str:
    return _("Whole city")


def _scope_label(target: Target) -> str:
    if target.scope == ScopeKind.DISTRICT:
        return target.district.name
    if target.scope == ScopeKind.BODY_KIND:
        return str(target.get_body_kind_display())
    return _city()


def _label(metric: str) -> str:
    return str(Metric(metric).label)


def _progress(
    facts: Facts, target: Target, *, scope: str, district_id: int | None, kind: str | None
) -> Progress:
    """`target` (its value; for colleges left empty, the colleges open in the target's district or the
    city) against the metric over `district_id` and `kind`."""
    period = facts.period
    value = target.value
    if value is None:
        value = facts.open_colleges(district_id=target.district_id)
    return Progress(
        key=target.metric,
        label=_label(target.metric),
        scope=scope,
        target=value,
        actual=facts.actual(target.metric, district_id=district_id, kind=kind),
        expected=period.expected(value),
        monthly=period.monthly(facts.monthly(target.metric, district_id=district_id, kind=kind)),
        pace=period.pace(value),
    )


def _own(facts: Facts, target: Target) -> Progress:
    """A target against what was done in its own scope."""
    return _progress(
        facts,
        target,
        scope=_scope_label(target),
        district_id=target.district_id,
        kind=target.body_kind or None,
    )


def _progress_for(facts: Facts, targets: list[Target], district: District | None) -> list[Progress]:
    """Citywide: every target in its own scope. For a district, its own targets where the plan sets any for
    a metric; for the other metrics, each city or kind target as it stands for the whole city, followed
    by the district's share of it — the same target, with the district's actual and monthly figures, and
    scope 「渝中区 / 全市」 (so its `percent` is the part of the city's target the district has done). A share
    keeps the city's pace line and `expected`: its `ahead` measures the district against the whole city's pace,
    which a page should not show as "behind"; a scope with " / " marks a share."""
    if district is None:
        return [_own(facts, target) for target in targets]
    own_metrics = {
        t.metric for t in targets if t.scope == ScopeKind.DISTRICT and t.district_id == district.pk
    }
    progress = []
    for target in targets:
        if target.scope == ScopeKind.DISTRICT:
            if target.district_id == district.pk:
                progress.append(_own(facts, target))
            continue
        if target.metric in own_metrics:
            continue
        progress.append(_own(facts, target))
        progress.append(
            _progress(
                facts,
                target,
                scope=f"{district.name} / {_scope_label(target)}",
                district_id=district.pk,
                kind=target.body_kind or None,
            )
        )
    return progress


def _targets(plan: Plan | None) -> list[Target]:
    if plan is None:
        return []
    order = {metric: n for n, metric in enumerate(Metric.values)}
    scope_order = {ScopeKind.CITY: 0, ScopeKind.BODY_KIND: 1, ScopeKind.DISTRICT: 2}
    targets = list(plan.targets.select_related("district"))
    return sorted(
        targets,
        key=lambda t: (
            order[t.metric],
            scope_order[t.scope],
            t.body_kind,
            t.district.code if t.district else "",
        ),
    )


def build(*, year: int, as_of: datetime.date, district: District | None = None) -> Dashboard:
    """Every target of the year's plan as a Progress (citywide targets, and for a district its own targets
    if it has any, else its share shown against the city's), and the breakdowns as Tables: bodies by
    district (chart "map") and by kind; evaluations and certificates by type, by level, by occupation (top
    20) and by district, with pass rate; new highly-skilled certificates; examiners and supervisors
    certified online / offline; inspections, findings by severity, overdue orders; audit hits, confirmed
    cases, revoked certificates; the technical colleges, filed or not.

    With no plan for the year the Dashboard has no progress and every table."""
    plan = Plan.objects.filter(year=year).first()
    facts = Facts(Period(year=year, as_of=as_of))
    districts = list(District.objects.order_by("code"))
    here = district.pk if district is not None else None
    tables = [
        breakdowns.bodies_by_district(facts, districts),
        breakdowns.bodies_by_kind(facts, here),
        breakdowns.evaluations_by_type(facts, here),
        breakdowns.evaluations_by_level(facts, here),
        breakdowns.top_occupations(facts, here),
        breakdowns.evaluations_by_district(facts, districts),
        breakdowns.highly_skilled(facts, here),
        breakdowns.certifications(facts, here),
        breakdowns.inspections(facts, here),
        breakdowns.audit(facts, here),
        breakdowns.colleges(facts, districts, here),
    ]
    return Dashboard(
        year=year,
        plan_name=plan.name if plan else "",
        as_of=as_of,
        scope=district.name if district is not None else _city(),
        progress=_progress_for(facts, _targets(plan), district),
        tables=tables,
        colleges_filed=breakdowns.college_list(facts, here),
    )


def public_statistics(*, year: int, as_of: datetime.date) -> Dashboard:
    """Aggregates only, for /statistics/: counts by district, evaluation type and level; no targets'
    internals beyond the citywide figures, nothing about a person, no body below the district."""
    plan = Plan.objects.filter(year=year).first()
    facts = Facts(Period(year=year, as_of=as_of))
    districts = list(District.objects.order_by("code"))
    city_targets = [t for t in _targets(plan) if t.scope == ScopeKind.CITY]
    return Dashboard(
        year=year,
        plan_name=plan.name if plan else "",
        as_of=as_of,
        scope=_city(),
        progress=[_own(facts, target) for target in city_targets],
        tables=[
            breakdowns.bodies_by_district(facts, districts),
            breakdowns.bodies_by_kind(facts),
            breakdowns.evaluations_by_type(facts),
            breakdowns.evaluations_by_level(facts),
            breakdowns.evaluations_by_district(facts, districts),
            breakdowns.highly_skilled(facts),
        ],
    )
