"""The certificate audit in the plan year: hits found, cases confirmed, certificates revoked.

A hit counts on the day the audit found it; a case on the day its confirmation took effect; a revoked
certificate on the day its revocation took effect (its `revoke` transition, from the log) — all from
1 January to the period's last day. A revoked certificate is attributed to the rule of each confirmed
case whose hits name it (one certificate flagged by two rules shows under both; totals count it once).
"""

import datetime

import pandas as pd
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django_fsm_log.models import StateLog

from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result
from common.status_on import history
from plans.metrics.period import Period, first_days, local_days, moment


def _inside(days: pd.Series, period: Period) -> pd.Series:
    return (days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.until))


def hits_found(period: Period) -> pd.DataFrame:
    """rule, district_id, count of the hits found from 1 January to the period's last day."""
    found = Hit.objects.filter(
        found_at__gte=moment(period.start), found_at__lt=moment(period.until + datetime.timedelta(days=1))
    )
    rows = found.values("rule", "body__district_id").annotate(count=Count("pk")).order_by()
    return pd.DataFrame(
        list(rows.values_list("rule", "body__district_id", "count")), columns=["rule", "district_id", "count"]
    )


def cases_confirmed(period: Period) -> pd.DataFrame:
    """id, rule ("" for a complaint), district_id of the cases whose confirmation took effect in the period."""
    # confirmed on or before the day it was recorded (decided_at): none confirmed in the year was decided before
    rows = AuditCase.objects.filter(
        status=CaseStatus.CONFIRMED, decided_at__gte=moment(period.start)
    ).values_list("pk", "rule", "body__district_id", "decided_at")
    frame = pd.DataFrame(list(rows), columns=["id", "rule", "district_id", "decided_at"])
    if frame.empty:
        return frame.drop(columns=["decided_at"])
    log = history(AuditCase, frame["id"].tolist())
    day = first_days(log[log["state"] == CaseStatus.CONFIRMED], frame["id"])
    unlogged = day.isna()
    day[unlogged] = local_days(frame.loc[unlogged, "decided_at"])
    return frame[_inside(day, period)].drop(columns=["decided_at"])


def certificates_revoked(period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The certificates whose revocation took effect in the period: (id, district_id) and, for the
    confirmed cases that name them, (id, rule)."""
    log = history(Result)
    revoked = log[log["state"] == CertificateStatus.REVOKED].groupby("object_id")["day"].min()
    ids = revoked[_inside(revoked, period)].index.tolist()
    if not ids:
        return pd.DataFrame(columns=["id", "district_id"]), pd.DataFrame(columns=["id", "rule"])
    logged = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Result), state=CertificateStatus.REVOKED
    ).values("object_id")
    places = Result.objects.filter(pk__in=logged).values_list("pk", "body__district_id")
    places = pd.DataFrame(list(places), columns=["id", "district_id"])
    rules = (
        Hit.objects.filter(result_id__in=logged, case__status=CaseStatus.CONFIRMED)
        .values_list("result_id", "case__rule")
        .distinct()
    )
    rules = pd.DataFrame(list(rules), columns=["id", "rule"])
    return places[places["id"].isin(ids)], rules[rules["id"].isin(ids)]
