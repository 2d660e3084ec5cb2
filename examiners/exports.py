"""CSV and XLSX downloads of the examiner and supervisor registers, and examiners.csv for exchange."""

import pandas as pd
from django.db.models import Prefetch

from common.tables import download
from examiners.models import Certification, Role
from examiners.models.person import mask_id
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
# examiners.csv of the registry export (audits' export_registry): certified examiners, one row each.
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


def register_frame(certifications, *, full_ids: bool) -> pd.DataFrame:
    rows = [
        {
            "certificate_no": c.certificate_no or "",
            "name": c.person.name,
            "id_number": c.person.id_number if full_ids else mask_id(c.person.id_number),
            "role": c.role,
            "grade": c.grade,
            "track": c.track,
            "status": c.status,
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
