"""The plan's metrics, computed from stored facts as of any day (issue 12).

Two time axes (style.md): every fact counts on the day it took effect — a body's status and a
certification rebuilt from their transitions' effective dates by the apps' selectors, an inspection on
its review's, a revocation on its own — not on the day it was recorded. Results, whose only date is the
exam's, also need their roster stored by the end of `as_of` (plans.metrics.results).

`Facts(period)` reads each source once (a fixed number of queries, none per row) and answers every metric
for the city, a district or a kind of body: `monthly(metric, …)` is the value on each of the period's
days (cumulative for flows, the stock for bodies and colleges) and `actual(metric, …)` the value on its
last day. The breakdowns (plans.breakdowns) read the same object.
"""

from functools import cached_property

import pandas as pd

from examiners.models import Role
from plans.metrics.audit import cases_confirmed, certificates_revoked, hits_found
from plans.metrics.bodies import BodyFacts, CollegeFacts, colleges
from plans.metrics.people import certified_in
from plans.metrics.period import Period
from plans.metrics.results import RECOGNITION_TYPES, ResultFacts
from plans.metrics.supervision import findings_of, inspections_done, overdue_orders
from plans.models import Metric
from specifications.models import SpecificationVersion
from specifications.selectors import new_in_year

STOCKS = {Metric.BODIES, Metric.COLLEGES_FILED}
RESULT_TYPES = {
    Metric.EVALUATIONS: None,
    Metric.RECOGNITIONS: RECOGNITION_TYPES,
    Metric.SPECIAL_ABILITY: ("special",),
}
ROLES = {Metric.EXAMINERS: Role.EXAMINER, Metric.SUPERVISORS: Role.SUPERVISOR}

__all__ = ["STOCKS", "Facts", "Period"]


class Facts:
    """Everything the metrics need for one period, each source read on first use."""

    def __init__(self, period: Period):
        self.period = period

    @cached_property
    def bodies(self) -> BodyFacts:
        return BodyFacts(self.period.days, self.period.stock_day)

    @cached_property
    def results(self) -> ResultFacts:
        return ResultFacts(self.period, self.bodies.registry)

    @cached_property
    def certified(self) -> pd.DataFrame:
        return certified_in(self.period)

    @cached_property
    def colleges(self) -> CollegeFacts:
        return CollegeFacts(colleges(), self.bodies)

    @cached_property
    def inspections(self) -> pd.DataFrame:
        return inspections_done(self.period)

    @cached_property
    def findings(self) -> pd.DataFrame:
        return findings_of(self.inspections["id"].tolist())

    @cached_property
    def overdue(self) -> pd.DataFrame:
        return overdue_orders(self.period.stock_day)

    @cached_property
    def hits(self) -> pd.DataFrame:
        return hits_found(self.period)

    @cached_property
    def cases(self) -> pd.DataFrame:
        return cases_confirmed(self.period)

    @cached_property
    def revoked(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return certificates_revoked(self.period)

    # --- the plan's metrics ------------------------------------------------------------------
    def _stock(self, metric: str, day, *, district_id, kind) -> int:
        if metric == Metric.BODIES:
            return self.bodies.active_on(day, district_id=district_id, kind=kind)
        # A college is filed whatever kind its body was filed as: `kind` does not narrow colleges.
        return self.colleges.filed_on(day, district_id=district_id)

    def monthly(self, metric: str, *, district_id: int | None = None, kind: str | None = None) -> list[int]:
        """The metric on each of the period's days: cumulative since 1 January, or the stock that day."""
        days = self.period.days
        if metric in STOCKS:
            return [self._stock(metric, day, district_id=district_id, kind=kind) for day in days]
        if metric in RESULT_TYPES:
            return self.results.monthly(types=RESULT_TYPES[metric], district_id=district_id, kind=kind)
        if metric in ROLES:
            people = self.certified[self.certified["role"] == ROLES[metric]]
            if district_id is not None:
                people = people[people["district_id"] == district_id]
            if kind:
                people = people[people["kind"] == kind]
            return [int((people["day"] <= pd.Timestamp(day)).sum()) for day in days]
        if metric == Metric.SPECIFICATIONS:
            return [self._specifications(day, district_id=district_id, kind=kind) for day in days]
        raise ValueError(f"unknown metric {metric!r}")

    @cached_property
    def specifications(self) -> tuple[dict, dict]:
        """(day → ids of the year's new specifications on it, id → {(district id, kind)} of the bodies that
        proposed its versions), for the period's days."""
        new = new_in_year(self.period.year, list(self.period.days))
        proposers: dict[int, set] = {}
        rows = SpecificationVersion.objects.filter(body__isnull=False).values_list(
            "specification_id", "body__district_id", "body__kind"
        )
        for spec_id, district_id, kind in rows:
            proposers.setdefault(spec_id, set()).add((district_id, kind))
        return new, proposers

    def _specifications(self, day, *, district_id, kind) -> int:
        """New specifications of the year published by `day` (specifications.selectors.new_in_year); for a
        district or a kind, those a body of it proposed (the centre's own proposals count for the city)."""
        new, proposers = self.specifications
        return sum(
            1
            for spec_id in new[day]
            if (district_id is None and not kind)
            or any(
                (district_id is None or d == district_id) and (not kind or k == kind)
                for d, k in proposers.get(spec_id, ())
            )
        )

    def actual(self, metric: str, *, district_id: int | None = None, kind: str | None = None) -> int:
        """The metric on the period's last day (for a stock before the year begins: on `as_of`)."""
        if metric in STOCKS:
            return self._stock(metric, self.period.stock_day, district_id=district_id, kind=kind)
        values = self.monthly(metric, district_id=district_id, kind=kind)
        return values[-1] if values else 0

    def open_colleges(self, *, district_id: int | None = None) -> int:
        """How many colleges are open on the stock day: the target 应备尽备 stands for."""
        return self.colleges.open_on(self.period.stock_day, district_id=district_id)
