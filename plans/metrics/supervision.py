"""Inspections done in the plan year, their findings by severity, and rectification orders overdue.

An inspection is done once the officer has confirmed its record (`review`: submitted → reviewed; closing
it later changes nothing here): it counts in the year its review took effect, with its findings. An order
is overdue on a day when it was issued by then, its deadline had passed and it was still unanswered
(status `issued` on that day, rebuilt from effective dates).
"""

import datetime

import pandas as pd
from django.db.models import Count, Q

from audits.models import Finding, Inspection, InspectionStatus, OrderStatus, RectificationOrder
from common.status_on import history, status_on
from plans.metrics.period import Period, first_days, local_days, moment

DONE = [InspectionStatus.REVIEWED, InspectionStatus.CLOSED]


def inspections_done(period: Period) -> pd.DataFrame:
    """Inspections whose review took effect from 1 January to the period's last day: id, kind,
    district_id, day."""
    # A review takes effect on or before the day it is recorded: none reviewed in the year was recorded before.
    rows = Inspection.objects.filter(status__in=DONE, reviewed_at__gte=moment(period.start)).values_list(
        "pk", "kind", "body__district_id", "reviewed_at"
    )
    frame = pd.DataFrame(list(rows), columns=["id", "kind", "district_id", "reviewed_at"])
    if frame.empty:
        return frame.drop(columns=["reviewed_at"]).assign(day=pd.Series(dtype="datetime64[s]"))
    log = history(Inspection, frame["id"].tolist())
    reviews = log[
        (log["source_state"] == InspectionStatus.SUBMITTED) & (log["state"] == InspectionStatus.REVIEWED)
    ]
    frame["day"] = first_days(reviews, frame["id"])
    unlogged = frame["day"].isna()
    frame.loc[unlogged, "day"] = local_days(frame.loc[unlogged, "reviewed_at"])
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[s]")
    inside = (frame["day"] >= pd.Timestamp(period.start)) & (frame["day"] <= pd.Timestamp(period.until))
    return frame[inside].drop(columns=["reviewed_at"])


def findings_of(inspection_ids: list[int]) -> pd.DataFrame:
    """inspection_id, severity, count: the findings of these inspections."""
    rows = (
        Finding.objects.filter(inspection__status__in=DONE)
        .values("inspection_id", "severity")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("inspection_id", "severity", "count")
    )
    frame = pd.DataFrame(list(rows), columns=["inspection_id", "severity", "count"])
    return frame[frame["inspection_id"].isin(inspection_ids)]


def overdue_orders(day: datetime.date) -> pd.DataFrame:
    """Orders overdue on `day`: id, kind (of their inspection), district_id."""
    after = moment(day + datetime.timedelta(days=1))
    # An answer recorded by `day` took effect by then: only orders unanswered, or answered later, may be overdue.
    orders = RectificationOrder.objects.filter(issued_at__lt=after, deadline__lt=day).filter(
        Q(responded_at=None) | Q(responded_at__gte=after)
    )
    rows = orders.values_list("pk", "inspection__kind", "body__district_id", "status")
    frame = pd.DataFrame(list(rows), columns=["id", "kind", "district_id", "status"])
    if frame.empty:
        return frame.drop(columns=["status"])
    queries = pd.DataFrame({"object_id": frame["id"], "day": pd.Timestamp(day)})
    states = status_on(
        history(RectificationOrder, frame["id"].tolist()), frame.set_index("id")["status"], queries
    )
    return frame[(states == OrderStatus.ISSUED).to_numpy()].drop(columns=["status"])
