"""Examiners and quality supervisors certified in the plan year, online or offline.

A certification counts on the day its `certify` transition took effect (the exam date, for a batch
import recorded later), rebuilt from the transition log (common.status_on, as examiners.selectors reads it):
one recorded today but effective last year counts last year. A certification made certified without a
logged transition (a bulk load) counts from its valid_from, unless it was renewed since (a renewal moves
valid_from): then it was certified before anything was logged. Renewals are not new certifications. The
person's district places them (else the recommending body's), and the recommending body's kind.
"""

import pandas as pd

from common.status_on import history as status_history
from examiners.models import Certification, CertificationStatus
from plans.metrics.period import Period, first_days

COLUMNS = ["id", "role", "track", "district_id", "body_district_id", "kind", "valid_from", "status"]
EVER_CERTIFIED = [
    CertificationStatus.CERTIFIED,
    CertificationStatus.SUSPENDED,
    CertificationStatus.EXPIRED,
    CertificationStatus.DISQUALIFIED,
]


def certified_in(period: Period) -> pd.DataFrame:
    """The certifications that became certified from 1 January to the period's last day: id, role, track,
    district_id, kind and `day` (datetime64) — one query for the certifications, one for their log."""
    # Certifying sets valid_from to its day and renewing moves it later: none certified in the year has an
    # earlier one.
    rows = Certification.objects.filter(status__in=EVER_CERTIFIED, valid_from__gte=period.start).values_list(
        "pk",
        "role",
        "track",
        "person__district_id",
        "recommending_body__district_id",
        "recommending_body__kind",
        "valid_from",
        "status",
    )
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    empty = frame.iloc[0:0].assign(day=pd.Series(dtype="datetime64[s]"))
    if frame.empty or not period.days:
        return empty
    history = status_history(Certification, frame["id"].tolist())
    certify = history[
        (history["source_state"] == CertificationStatus.EXAMINED)
        & (history["state"] == CertificationStatus.CERTIFIED)
    ]
    renewed = history.loc[
        (history["source_state"] == CertificationStatus.EXPIRED)
        & (history["state"] == CertificationStatus.CERTIFIED),
        "object_id",
    ]
    frame["day"] = first_days(certify, frame["id"])
    frame = frame[frame["day"].notna() | ~frame["id"].isin(renewed)].copy()
    unlogged = frame["day"].isna()
    frame.loc[unlogged, "day"] = pd.to_datetime(frame.loc[unlogged, "valid_from"])
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[s]")
    frame["district_id"] = frame["district_id"].fillna(frame["body_district_id"])
    inside = (frame["day"] >= pd.Timestamp(period.start)) & (frame["day"] <= pd.Timestamp(period.until))
    return frame[inside].drop(columns=["valid_from", "status", "body_district_id"])
