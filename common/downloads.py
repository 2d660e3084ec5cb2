"""A table as a CSV or XLSX download: what the register pages offer next to their lists."""

import io

import pandas as pd
from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")


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
