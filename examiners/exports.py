"""CSV and XLSX downloads of the examiner and supervisor registers, and examiners.csv for exchange."""

import datetime

import pandas as pd
from django.db.models import Prefetch
from django.utils import timezone

from common.tables import download
from examiners.models import Certification, Role
from examiners.models.person import mask_id
from examiners.selectors import certification_statuses_on
from registry.models import Occupation

COLUMNS = [
    "certificate_no",
    "name",
    "id_number",
    "role",
    "grade",
    "track",
    "status",
    "valid_from",
    "valid_to",
    "occupation_codes",
    "district",
    "recommending_body",
]
# examiners.csv of the registry export (certificates' export_registry): examiners holding a certificate
# number, one row each, with their status today.
EXCHANGE_COLUMNS = [
    "certificate_no",
    "name",
    "id_number",
    "grade",
    "status",
    "valid_from",
    "valid_to",
    "occupation_codes",
]


def register_frame(certifications, *, full_ids: bool, day: datetime.date | None = None) -> pd.DataFrame:
    """One row per certification; `status` is its status on `day` (default today) by the selector
    every page, rule and draw uses (examiners.selectors)."""
    certifications = list(certifications)
    status_on_day = certification_statuses_on(day or timezone.localdate(), [c.pk for c in certifications])
    rows = [
        {
            "certificate_no": c.certificate_no or "",
            "name": c.person.name,
            "id_number": c.person.id_number if full_ids else mask_id(c.person.id_number),
            "role": c.role,
            "grade": c.grade,
            "track": c.track,
            "status": status_on_day[c.pk],
            "valid_from": c.valid_from.isoformat() if c.valid_from else "",
            "valid_to": c.valid_to.isoformat() if c.valid_to else "",
            "occupation_codes": ";".join(o.code for o in c.occupations.all()),
            "district": c.person.district.name if c.person.district else "",
            "recommending_body": c.recommending_body.name if c.recommending_body else "",
        }
        for c in certifications
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def examiners_frame(certifications=None, *, full_ids: bool) -> pd.DataFrame:
    """examiners.csv: the examiners among `certifications` (default: all) that hold a certificate
    number, by number, with the register's values for the exchange columns."""
    if certifications is None:
        certifications = Certification.objects.select_related(
            "person", "person__district", "recommending_body"
        ).prefetch_related(Prefetch("occupations", queryset=Occupation.objects.only("code")))
    certifications = (
        certifications.filter(role=Role.EXAMINER, certificate_no__isnull=False)
        .exclude(certificate_no="")
        .order_by("certificate_no")
    )
    return register_frame(certifications, full_ids=full_ids)[EXCHANGE_COLUMNS]


__all__ = ["COLUMNS", "EXCHANGE_COLUMNS", "download", "examiners_frame", "register_frame"]
