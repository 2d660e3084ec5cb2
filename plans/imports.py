"""The technical colleges' catalogue from a file (XLSX or CSV, Chinese or English headers): every row
checked, all-or-nothing. A row whose credit code is in the catalogue changes that college; any other
row adds one."""

import datetime
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from common import tables
from common.tables import Heading, Headings, RowError, TableRefused
from plans.models import TechnicalCollege
from plans.permissions import can_edit_colleges
from registry.models import District

COLUMNS = (
    Heading("name", "院校名称", "name", aliases=("名称", "学校名称", "技工院校名称")),
    Heading("credit_code", "统一社会信用代码", "credit_code", aliases=("信用代码", "社会信用代码")),
    Heading("district", "所在区县", "district", aliases=("区县", "所属区县", "区县代码")),
    Heading("closed_on", "停办日期", "closed_on", aliases=("关闭日期",), required=False),
)
HEADINGS = Headings(COLUMNS)
FIELDS = HEADINGS.fields
EXCEL_EPOCH = datetime.date(1899, 12, 30)
NAME_MAX = TechnicalCollege._meta.get_field("name").max_length


@dataclass
class CollegeImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def template_file(fmt: str) -> tuple[bytes, str]:
    """(content, file name) of a blank catalogue with the Chinese headers (no example row, which a
    hurried import would add to the catalogue)."""
    frame = tables.as_frame([], [c.zh for c in COLUMNS])
    return tables.table_bytes(frame, fmt=fmt, title="技工院校名录"), f"colleges-template.{fmt}"


def import_colleges(*, user, data: bytes, filename: str) -> CollegeImport:
    """Check the whole file, then add and change its colleges in one transaction; raises TableRefused
    listing every problem (row, column, value) and stores nothing if there is one."""
    if not can_edit_colleges(user):
        raise PermissionDenied(_("Only the centre keeps the technical colleges' catalogue."))
    table = tables.read_table(data, filename, headings=HEADINGS)
    positions, headers, errors = tables.map_headers(table.headers, HEADINGS)
    if errors:
        raise TableRefused(errors)
    rows = _checked(table, positions, headers)
    try:
        with transaction.atomic():
            return _store(rows, keep_closed_on="closed_on" not in positions)
    except IntegrityError as exc:  # e.g. two rows trading names: each checked alone, they clash on the way
        raise tables.file_error(
            _("The file gives a college the name another college still has; change them one at a time.")
        ) from exc


def _store(rows: list[dict], *, keep_closed_on: bool) -> CollegeImport:
    outcome = CollegeImport()
    existing = {
        c.credit_code: c
        for c in TechnicalCollege.objects.filter(credit_code__in=[r["credit_code"] for r in rows])
    }
    for row in rows:
        college = existing.get(row["credit_code"])
        if college is None:
            TechnicalCollege.objects.create(**row)
            outcome.created += 1
            continue
        if keep_closed_on:
            row["closed_on"] = college.closed_on
        if all(getattr(college, name) == value for name, value in row.items()):
            outcome.unchanged += 1
            continue
        for name, value in row.items():
            setattr(college, name, value)
        college.save()
        outcome.updated += 1
    return outcome


def _checked(table: tables.Table, positions: dict[str, int], headers: dict[str, str]) -> list[dict]:
    """One dict per data row (name, credit_code, district, closed_on), or TableRefused with every problem."""
    cells = pd.DataFrame(
        {
            name: table.frame[positions[name]].fillna("").astype(str).str.strip() if name in positions else ""
            for name in FIELDS
        }
    )
    cells["row"] = table.rows
    cells = cells[(cells[FIELDS] != "").any(axis=1)]
    if cells.empty:
        raise tables.file_error(_("The file has no data rows."))
    districts = {d.code: d for d in District.objects.all()} | {d.name: d for d in District.objects.all()}
    codes = [uscc.compact(code) for code in cells["credit_code"]]
    # A name another college (another credit code) already has.
    taken = dict(
        TechnicalCollege.objects.filter(name__in=list(cells["name"]))
        .exclude(credit_code__in=codes)
        .values_list("name", "credit_code")
    )
    errors: list[RowError] = []
    rows: list[dict] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}

    def problem(row: int, name: str, value: str, message: str) -> None:
        errors.append(RowError(row, headers[name], value, message))

    for (_index, cell), code in zip(cells.iterrows(), codes, strict=True):
        row = int(cell["row"])
        name, district_text, closed_text = cell["name"], cell["district"], cell["closed_on"]
        for field in ("name", "credit_code", "district"):
            if not cell[field]:
                problem(row, field, "", _("This value is required."))
        if name and len(name) > NAME_MAX:
            problem(row, "name", name, _("This is longer than %(max)d characters.") % {"max": NAME_MAX})
        elif name and name in seen_names:
            problem(row, "name", name, _("Row %(row)d has the same name.") % {"row": seen_names[name]})
        elif name and name in taken:
            problem(row, "name", name, _("Another college in the catalogue has this name."))
        seen_names.setdefault(name, row)
        if cell["credit_code"] and not uscc.is_valid(code):
            problem(
                row,
                "credit_code",
                cell["credit_code"],
                _("This is not a valid unified social credit code (18 characters, check character)."),
            )
        elif code and code in seen_codes:
            problem(
                row,
                "credit_code",
                cell["credit_code"],
                _("Row %(row)d has the same credit code.") % {"row": seen_codes[code]},
            )
        seen_codes.setdefault(code, row)
        district = districts.get(district_text)
        if district_text and district is None:
            problem(
                row, "district", district_text, _("Give one of Chongqing's 38 districts by name or code.")
            )
        closed_on = _date(closed_text)
        if closed_text and closed_on is None:
            problem(
                row, "closed_on", closed_text, _("Enter the date as 2024-03-15, 2024/3/15 or an Excel date.")
            )
        rows.append({"name": name, "credit_code": code, "district": district, "closed_on": closed_on})
    if errors:
        order = {headers[name]: i for i, name in enumerate(FIELDS)}
        raise TableRefused(sorted(errors, key=lambda e: (e.row, order[e.column])))
    return rows


def _date(text: str) -> datetime.date | None:
    text = text.split(" ")[0]  # a date cell read as "2024-03-15 00:00:00"
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.isdigit() and 1 <= int(text) <= 100_000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    return None
