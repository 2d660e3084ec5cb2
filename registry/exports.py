"""The register as tables: bodies.csv and scope.csv of the registry export, and the public register's
CSV/XLSX downloads (the same frames, filtered as the page is).

Only filed bodies, i.e. those holding a filing number; codes rather than labels (kind, status), dates
ISO (YYYY-MM-DD, `status_since` as its local date), empty where there is no date.
"""

import datetime

import pandas as pd
from django.db.models import QuerySet
from django.utils import timezone

from registry.models import AssessmentBody, ScopeLine

BODY_COLUMNS = [
    "filing_no",
    "credit_code",
    "name",
    "kind",
    "district",
    "status",
    "status_since",
    "valid_from",
    "valid_to",
]
SCOPE_COLUMNS = ["filing_no", "occupation_code", "level", "effective_from", "effective_to"]


def _iso(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def filed(bodies: QuerySet[AssessmentBody]) -> QuerySet[AssessmentBody]:
    """The bodies that hold a filing number (a body pending its first filing has none)."""
    return bodies.filter(filing_no__isnull=False).exclude(filing_no="")


def bodies_frame(bodies: QuerySet[AssessmentBody]) -> pd.DataFrame:
    """bodies.csv: one row per filed body among `bodies`, by filing number."""
    rows = (
        filed(bodies)
        .prefetch_related(None)
        .order_by("filing_no")
        .values_list(
            "filing_no",
            "credit_code",
            "name",
            "kind",
            "district__name",
            "status",
            "status_since",
            "valid_from",
            "valid_to",
        )
    )
    return pd.DataFrame(
        [
            (no, code, name, kind, district, status, _iso(since), _iso(start), _iso(end))
            for no, code, name, kind, district, status, since, start, end in rows
        ],
        columns=BODY_COLUMNS,
    )


def scope_frame(bodies: QuerySet[AssessmentBody]) -> pd.DataFrame:
    """scope.csv: every scope line of the filed bodies among `bodies`, past and current, each with its
    effective dates (an open end is empty); the occupation code carries the work type when there is one."""
    lines = (
        ScopeLine.objects.filter(body__in=filed(bodies).prefetch_related(None).order_by().values("pk"))
        .order_by("body__filing_no", "occupation__code", "work_type", "-level", "effective_from", "pk")
        .values_list(
            "body__filing_no", "occupation__code", "work_type", "level", "effective_from", "effective_to"
        )
    )
    return pd.DataFrame(
        [
            (no, f"{code}-{work_type}" if work_type else code, level, _iso(start), _iso(end))
            for no, code, work_type, level, start, end in lines
        ],
        columns=SCOPE_COLUMNS,
    )
