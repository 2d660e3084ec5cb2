"""CSV and XLSX downloads of the examiner and supervisor registers."""

import io

import pandas as pd
from django.http import HttpResponse
from django.utils import timezone

from examiners.models.person import mask_id

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


def download(frame: pd.DataFrame, *, fmt: str, stem: str) -> HttpResponse:
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=stem[:31])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = buffer.getvalue()
    else:
        body = frame.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel opens UTF-8 correctly
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
