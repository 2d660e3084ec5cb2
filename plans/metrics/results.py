"""Evaluations and certificates in the plan year (certificates.models.Result).

A result is an evaluation; a passer's row, which carries a certificate number, is also a certificate
(counted as issued even if revoked since: revocations are counted apart, plans.metrics.audit). A result
counts in the year when its exam date falls from 1 January to the day read, and only once its roster was
stored (Roster.uploaded_at) by the end of `as_of`: figures as of a past day are what the bureau could
know that day, so a month's report reads the same when it is run again after late rosters came in.

Read from ResultTally (results summed per roster, body, occupation, exam day, type and level) for the
rosters tallied, and from the result rows themselves for the rest: one grouped query each.
"""

import pandas as pd
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Subquery, Sum, Value, When

from certificates.models import EvaluationType, Result, Roster
from plans.metrics.period import Period
from plans.models import ResultTally, TalliedRoster
from registry.models import AssessmentBody

TALLY_KEYS = ("body_id", "occupation_id", "exam_date", "evaluation_type", "level")
CUBE_KEYS = ["body_id", "evaluation_type", "level", "month"]
FIGURES = ["evaluations", "certificates"]
# The plan's 职业资格和等级认定 target counts these two types together; 专项职业能力 has its own.
RECOGNITION_TYPES = (EvaluationType.QUALIFICATION.value, EvaluationType.LEVEL.value)
LISTED = 500  # more untallied rosters than this are passed to the database as a subquery


def tallied(results: QuerySet[Result]) -> QuerySet:
    """Results grouped by TALLY_KEYS, each group with its evaluations and certificates."""
    return (
        results.values(*TALLY_KEYS)
        .annotate(evaluations=Count("pk"), certificates=Count("pk", filter=~Q(certificate_no="")))
        .order_by()
    )


def month_of(period: Period) -> Case:
    """The month (1…) of an exam date within the period, as SQL both databases run natively."""
    days = period.days
    whens = [When(exam_date__lte=day, then=Value(month)) for month, day in enumerate(days[:-1], start=1)]
    return Case(*whens, default=Value(len(days)), output_field=IntegerField())


class ResultFacts:
    """The year's results up to the period's last day, grouped once: `cube` has body_id, district_id,
    kind, evaluation_type, level, month, evaluations, certificates."""

    def __init__(self, period: Period, registry: pd.DataFrame):
        self.period = period
        self.registry = registry.set_index("id")[["district_id", "kind"]]
        columns = [*CUBE_KEYS, *FIGURES]
        if not period.days:
            self.waiting = []
            self.cube = pd.DataFrame(columns=[*columns, "district_id", "kind"])
            return
        self.waiting = list(
            Roster.objects.filter(uploaded_at__lt=period.cutoff)
            .exclude(pk__in=TalliedRoster.objects.values("roster_id"))
            .values_list("pk", flat=True)
        )
        month = month_of(period)
        parts = [
            self._tally()
            .annotate(month=month)
            .values(*CUBE_KEYS[:-1], "month")
            .annotate(evaluations=Sum("evaluations"), certificates=Sum("certificates"))
            .order_by()
        ]
        if self.waiting:
            parts.append(
                self._live()
                .annotate(month=month)
                .values(*CUBE_KEYS[:-1], "month")
                .annotate(evaluations=Count("pk"), certificates=Count("pk", filter=~Q(certificate_no="")))
                .order_by()
            )
        frame = pd.DataFrame([row for part in parts for row in part.values_list(*columns)], columns=columns)
        frame = frame.groupby(CUBE_KEYS, as_index=False)[FIGURES].sum()
        self.cube = frame.join(self.registry, on="body_id")

    def _window(self) -> Q:
        return Q(exam_date__gte=self.period.start, exam_date__lte=self.period.until)

    def _waiting(self):
        if len(self.waiting) <= LISTED:
            return self.waiting
        return Subquery(
            Roster.objects.filter(uploaded_at__lt=self.period.cutoff)
            .exclude(pk__in=TalliedRoster.objects.values("roster_id"))
            .values("pk")
        )

    def _tally(self) -> QuerySet:
        # Without the rosters read from their rows: one tallied meanwhile is not counted twice.
        tallies = ResultTally.objects.filter(self._window(), received_at__lt=self.period.cutoff)
        return tallies.exclude(roster_id__in=self._waiting()) if self.waiting else tallies

    def _live(self) -> QuerySet:
        return Result.objects.filter(self._window(), roster_id__in=self._waiting())

    def select(self, *, types=None, district_id=None, kind=None, levels=None) -> pd.DataFrame:
        cube = self.cube
        if types is not None:
            cube = cube[cube["evaluation_type"].isin(types)]
        if district_id is not None:
            cube = cube[cube["district_id"] == district_id]
        if kind:
            cube = cube[cube["kind"] == kind]
        if levels is not None:
            cube = cube[cube["level"].isin(levels)]
        return cube

    def monthly(self, figure: str = "evaluations", **where) -> list[int]:
        """The cumulative `figure` on each of the period's days."""
        by_month = self.select(**where).groupby("month")[figure].sum()
        months = range(1, len(self.period.days) + 1)
        return [int(v) for v in by_month.reindex(months, fill_value=0).cumsum().tolist()]

    def total(self, figure: str = "evaluations", **where) -> int:
        return int(self.select(**where)[figure].sum())

    def by(self, column: str, **where) -> pd.DataFrame:
        """evaluations and certificates per value of `column` (a cube column)."""
        return self.select(**where).groupby(column)[FIGURES].sum()

    def occupations(self, *, district_id: int | None = None) -> pd.DataFrame:
        """evaluations and certificates per occupation id (every occupation with any)."""
        if not self.period.days:
            return pd.DataFrame(columns=FIGURES)
        in_district = Q()
        if district_id is not None:
            in_district = Q(body_id__in=AssessmentBody.objects.filter(district_id=district_id).values("pk"))
        rows = list(
            self._tally()
            .filter(in_district)
            .values("occupation_id")
            .annotate(evaluations=Sum("evaluations"), certificates=Sum("certificates"))
            .order_by()
            .values_list("occupation_id", *FIGURES)
        )
        if self.waiting:
            rows += list(
                self._live()
                .filter(in_district)
                .values("occupation_id")
                .annotate(evaluations=Count("pk"), certificates=Count("pk", filter=~Q(certificate_no="")))
                .order_by()
                .values_list("occupation_id", *FIGURES)
            )
        frame = pd.DataFrame(rows, columns=["occupation_id", *FIGURES])
        return frame.groupby("occupation_id")[FIGURES].sum()
