"""Writing a table as CSV or XLSX: downloads, error reports and the registry export.

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is
written inert (OWASP, CSV injection): in CSV behind an apostrophe, in XLSX as a string cell. Numbers
stay numbers. CSV for people carries a BOM so that Excel reads the UTF-8 Chinese; CSV for other
systems (`bom=False`) does not.
"""

import datetime
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from common.tables.problems import RowError

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ERROR_COLUMNS = ["row", "column", "value", "message"]


def inert(text: str) -> str:
    """Text a spreadsheet shows as written, never runs (OWASP: prefix an apostrophe)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made inert; numeric columns untouched, whole columns at a time."""
    out = frame.copy(deep=False)
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            try:
                risky = column.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
            except AttributeError:  # no text in the column at all (dates, None)
                continue
            if risky.any():
                out[name] = column.where(~risky, "'" + column.astype(str))
    return out


def as_frame(rows: Iterable[Sequence], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(columns))


def csv_bytes(frame: pd.DataFrame, *, bom: bool = True) -> bytes:
    """The frame as CSV with one header row. For Excel (`bom=True`): a BOM and "\\r\\n" line ends (RFC 4180).
    For other systems: no BOM and "\\n" line ends; a carriage return inside a value is then written as
    a line feed, since the csv module quotes a value only for the line end it writes."""
    frame = _inert_frame(frame)
    if bom:
        return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            try:
                lines = column.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
            except AttributeError:  # no text in the column at all
                continue
            frame[name] = lines.where(lines.notna(), column)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_csv(path: Path, frame: pd.DataFrame, *, bom: bool = True) -> None:
    Path(path).write_bytes(csv_bytes(frame, bom=bom))


@dataclass
class Sheet:
    """One worksheet: a title, a header row and rows. `formats` gives column positions (0-based) a number
    format down to `formatted_rows` (a template's empty rows too); `widths` the columns' widths."""

    title: str
    frame: pd.DataFrame
    formats: dict[int, str] = field(default_factory=dict)
    formatted_rows: int = 0
    widths: Sequence[float] = ()
    bold_header: bool = False
    header: bool = True  # False: the frame's rows only (a sheet of notes)


def _cell_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl cannot store
    if hasattr(value, "item") and not isinstance(value, datetime.date):  # numpy scalars
        return value.item()
    return value


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of these sheets. Every text cell is a string cell, even one starting with "="."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        if spec.header:
            sheet.append([str(c) for c in spec.frame.columns])
        for values in spec.frame.itertuples(index=False, name=None):
            sheet.append([_cell_value(v) for v in values])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: keep it text
                    cell.data_type = "s"
        if spec.header and spec.bold_header:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        for position, number_format in spec.formats.items():
            for row in range(1 + spec.header, max(spec.formatted_rows, sheet.max_row) + 1):
                sheet.cell(row=row, column=position + 1).number_format = number_format
        for position, width in enumerate(spec.widths):
            sheet.column_dimensions[sheet.cell(row=1, column=position + 1).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(frame: pd.DataFrame, *, fmt: str, title: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(frame)
    if fmt == "xlsx":
        return xlsx_bytes([Sheet(title, frame)])
    raise ValueError(f"unknown table format {fmt!r}")


def attachment(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download(frame: pd.DataFrame, *, fmt: str, stem: str) -> HttpResponse:
    """A register page's table as `<stem>-<date>.<fmt>`, the sheet titled `stem`."""
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    return attachment(table_bytes(frame, fmt=fmt, title=stem), fmt=fmt, filename=name)


def errors_csv(errors: Iterable[RowError]) -> bytes:
    """Problems as CSV (row, column, value, message) for Excel: BOM, values from the upload made inert."""
    return csv_bytes(as_frame(((e.row, e.column, e.value, e.message) for e in errors), ERROR_COLUMNS))
