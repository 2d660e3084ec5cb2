"""Batch import of certification training and exam results from XLSX or CSV: every row checked, all-or-nothing.

Centre officers upload one sheet per training class (Chinese or English headers). The file is read by
common.tables (pandas underneath), every cell is checked column by column, people and certifications are fetched in a few queries,
and only a file without a single error is applied, through `services.record_results`, in one transaction.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from common import tables
from common.tables import Heading, Headings, RowError, TableRefused
from common.transitions import StaleObjectError
from examiners.models import Certification, CertificationStatus, Person, Role, Track
from examiners.permissions import centre_officer
from examiners.services import BatchRowError, normalise_id_number, record_results

logger = logging.getLogger(__name__)

MAX_TRAINING_HOURS = 500
# Results of the certification scheme cannot predate it; an earlier date is a typo (or a bare year read
# as an Excel serial number).
EARLIEST_EXAM_DATE = datetime.date(2000, 1, 1)
OPEN_STATUSES = [CertificationStatus.TRAINING, CertificationStatus.EXAMINED]
EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # serial 1 = 1900-01-01, allowing for Excel's 1900 leap-year bug
LAST_SERIAL = 100_000  # 2173-10-14; keeps the timedelta arithmetic in range
LOOKUP_CHUNK = 2000  # ID numbers per query, well under SQLite's and PostgreSQL's parameter limits
TIME_SUFFIX = r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"  # "2024-03-15 00:00:00": a date cell read as text

# The file's columns: Chinese or English headers (or these aliases), in any order; others are ignored.
COLUMNS = (
    Heading("id_number", "证件号码", "id_number", aliases=("身份证号码", "身份证号")),
    Heading("name", "姓名", "name"),
    Heading("role", "角色", "role", required=False),
    Heading("track", "认证方式", "track", required=False),
    Heading("training_hours", "培训学时", "training_hours"),
    Heading("exam_score", "考试成绩", "exam_score"),
    Heading("exam_date", "考试日期", "exam_date"),
)
HEADINGS = Headings(COLUMNS)
FIELDS = HEADINGS.fields
ROLE_WORDS = {
    "考评员": Role.EXAMINER,
    "examiner": Role.EXAMINER,
    "质量督导员": Role.SUPERVISOR,
    "督导员": Role.SUPERVISOR,
    "supervisor": Role.SUPERVISOR,
}
TRACK_WORDS = {"线上": Track.ONLINE, "online": Track.ONLINE, "线下": Track.OFFLINE, "offline": Track.OFFLINE}


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    certified: int = 0
    examined: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ResultRow:
    row: int
    id_number: str
    certification: Certification
    training_hours: int
    exam_score: Decimal
    exam_date: datetime.date


@dataclass
class ParsedResults:
    """A checked file: either errors, or one ResultRow per data row. Apply it once."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    count: int = 0
    headers: dict[str, str] = field(default_factory=dict)


# --- the API the upload page calls ---------------------------------------------------------------


def import_results(upload, *, user, filename: str | None = None) -> ImportReport:
    """Check a results file and, only if every row is right, record all of it in one transaction."""
    # Before reading: row errors would tell an outsider which ID numbers are registered.
    if not centre_officer(None, user):
        raise PermissionDenied(_("You may not do this."))
    return apply_results(parse_results(upload, filename=filename), user=user)


def parse_results(upload, *, filename: str | None = None) -> ParsedResults:
    """Read and check a results file against the register; stores nothing."""
    name = filename or getattr(upload, "name", "") or ""
    try:
        table = tables.read_table(tables.upload_bytes(upload), name, headings=HEADINGS)
    except TableRefused as refused:
        return ParsedResults(errors=refused.errors)
    positions, headers, errors = tables.map_headers(table.headers, HEADINGS)
    if errors:
        return ParsedResults(errors=errors, headers=headers)
    frame = table.frame[list(positions.values())].set_axis(list(positions), axis=1)
    return _check(frame, table.rows, headers)


def apply_results(parsed: ParsedResults, *, user) -> ImportReport:
    """Record every checked row in one transaction (`record_results`); the first failure rolls it all back."""
    report = ImportReport(errors=list(parsed.errors), rows=parsed.count)
    if report.errors:
        return report
    rows = list(parsed.rows)
    try:
        record_results(
            items=[(r.certification, r.training_hours, r.exam_score, r.exam_date) for r in rows], user=user
        )
    except BatchRowError as failed:
        return ImportReport(
            errors=[_apply_error(rows[failed.index], failed.error, parsed.headers)], rows=parsed.count
        )
    for row in rows:
        if row.certification.status == CertificationStatus.CERTIFIED:
            report.certified += 1
        else:
            report.examined += 1
    return report


def template_file(fmt: str) -> tuple[bytes, str, str]:
    """A blank results sheet with the Chinese headers and one example row: (content, content type, file name)."""
    headers = [c.zh for c in COLUMNS]
    example = ["510202198601010010", "张三", "考评员", "线上", 40, 85.5, timezone.localdate()]
    name = f"certification-results-template.{fmt}"
    if fmt == "csv":
        frame = tables.as_frame([[*example[:-1], example[-1].isoformat()]], headers)
        return tables.csv_bytes(frame), tables.CONTENT_TYPES["csv"], name
    if fmt == "xlsx":
        return _template_workbook(tables.as_frame([example], headers)), tables.CONTENT_TYPES["xlsx"], name
    raise ValueError(f"unknown template format {fmt!r}")


def errors_csv(report: ImportReport) -> bytes:
    """The error list as CSV, UTF-8 with a BOM so that Excel shows the Chinese correctly."""
    return tables.errors_csv(report.errors)


def _file_error(message: str) -> list[RowError]:
    return [RowError(row=1, column="", value="", message=message)]


# --- checking ---------------------------------------------------------------------------------------


class _Problems:
    """Errors found column by column; `flag` takes a boolean mask over the rows."""

    def __init__(self, cells: pd.DataFrame, headers: dict[str, str]):
        self.cells = cells
        self.headers = headers
        self.errors: list[RowError] = []

    def flag(self, mask: pd.Series, name: str, message) -> None:
        for index in mask.index[mask.to_numpy(dtype=bool)]:
            text = message(index) if callable(message) else message
            self.errors.append(
                RowError(
                    int(self.cells.at[index, "row"]), self.headers[name], self.cells.at[index, name], text
                )
            )

    def in_order(self) -> list[RowError]:
        order = {self.headers[name]: i for i, name in enumerate(FIELDS)}
        return sorted(self.errors, key=lambda e: (e.row, order.get(e.column, len(order))))


def _check(frame: pd.DataFrame, rows: np.ndarray, headers: dict[str, str]) -> ParsedResults:
    cells = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    for name in FIELDS:
        if name not in cells:
            cells[name] = ""
    cells["row"] = rows
    cells = cells[(cells[FIELDS] != "").any(axis=1)]
    count = len(cells)
    if not count:
        return ParsedResults(errors=_file_error(_("The file has no data rows.")), headers=headers)

    problems = _Problems(cells, headers)
    for column in COLUMNS:
        if column.required:
            problems.flag(cells[column.field] == "", column.field, _("This value is required."))
    id_number = _check_id_numbers(cells, problems)
    role = _check_choice(cells, problems, "role", ROLE_WORDS, default=Role.EXAMINER)
    track = _check_choice(cells, problems, "track", TRACK_WORDS, default=None)
    hours = _check_hours(cells, problems)
    score = _check_score(cells, problems)
    day = _check_date(cells, problems)
    certification = _check_register(cells, problems, id_number, role, track)

    if problems.errors:
        return ParsedResults(errors=problems.in_order(), count=count, headers=headers)
    rows = [
        ResultRow(int(r), i, c, int(h), Decimal(f"{s:.1f}"), d)
        for r, i, c, h, s, d in zip(
            cells["row"], id_number, certification, hours, score, day.dt.date, strict=True
        )
    ]
    return ParsedResults(rows=rows, count=count, headers=headers)


def _check_id_numbers(cells: pd.DataFrame, problems: _Problems) -> pd.Series:
    """The normalised ID number, or "" where it is blank or invalid (python-stdnum, per cell)."""
    messages: dict[str, str] = {}

    def normalise(value: str) -> str:
        if not value:
            return ""
        try:
            return normalise_id_number(value)
        except ValidationError as exc:
            messages[value] = " ".join(exc.messages)
            return ""

    id_number = cells["id_number"].map(normalise)
    problems.flag(
        (cells["id_number"] != "") & (id_number == ""),
        "id_number",
        lambda index: messages[cells.at[index, "id_number"]],
    )
    return id_number


def _check_choice(cells, problems, name: str, words: dict[str, str], *, default) -> pd.Series:
    given = cells[name] != ""
    chosen = cells[name].str.lower().map(words)
    problems.flag(given & chosen.isna(), name, _("Use one of: %(choices)s.") % {"choices": ", ".join(words)})
    return chosen.where(given, default)


def _check_hours(cells, problems) -> pd.Series:
    given = cells["training_hours"] != ""
    hours = pd.to_numeric(cells["training_hours"], errors="coerce")
    whole = hours.notna() & (hours % 1 == 0)
    problems.flag(given & ~whole, "training_hours", _("Enter a whole number of hours."))
    problems.flag(
        whole & ((hours < 0) | (hours > MAX_TRAINING_HOURS)),
        "training_hours",
        _("Training hours must be between 0 and %(max)d.") % {"max": MAX_TRAINING_HOURS},
    )
    return hours


def _check_score(cells, problems) -> pd.Series:
    given = cells["exam_score"] != ""
    score = pd.to_numeric(cells["exam_score"], errors="coerce")
    number = pd.Series(np.isfinite(score.to_numpy(dtype=float)), index=score.index)
    in_range = number & (score >= 0) & (score <= 100)
    tenths = score * 10
    problems.flag(given & ~number, "exam_score", _("Enter the score as a number, e.g. 85.5."))
    problems.flag(number & ~in_range, "exam_score", _("The exam score must be between 0 and 100."))
    problems.flag(
        in_range & ((tenths - tenths.round()).abs() > 1e-6),
        "exam_score",
        _("Give the score with at most one decimal place."),
    )
    return score


def _check_date(cells, problems) -> pd.Series:
    """YYYY-MM-DD, YYYY/M/D, a date cell (read as "YYYY-MM-DD 00:00:00") or an Excel serial number."""
    given = cells["exam_date"] != ""
    text = cells["exam_date"].str.replace(TIME_SUFFIX, "", regex=True)
    dashed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    slashed = pd.to_datetime(text, format="%Y/%m/%d", errors="coerce")
    serial = pd.to_numeric(text, errors="coerce")
    serial = serial.where((serial % 1 == 0) & (serial >= 1) & (serial <= LAST_SERIAL))
    from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    day = dashed.fillna(slashed).fillna(from_serial)
    today = pd.Timestamp(timezone.localdate())
    problems.flag(
        given & day.isna(),
        "exam_date",
        _("Enter the date as 2024-03-15, 2024/3/15 or an Excel date."),
    )
    problems.flag(day > today, "exam_date", _("The exam date cannot be in the future."))
    problems.flag(
        day < pd.Timestamp(EARLIEST_EXAM_DATE),
        "exam_date",
        _("An exam date before %(date)s is not plausible; check the year.") % {"date": EARLIEST_EXAM_DATE},
    )
    return day


def _check_register(cells, problems, id_number, role, track) -> pd.Series:
    """Each row's live certification for its person and role, fetched in a few queries for the whole file."""
    known = id_number != ""
    wanted = sorted(set(id_number[known]))
    people: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(wanted):
        people.update(
            (number, (pk, name))
            for pk, number, name in Person.objects.filter(id_number__in=chunk).values_list(
                "pk", "id_number", "name"
            )
        )
    person_pk = id_number.map(lambda number: people.get(number, (None, None))[0])
    person_name = id_number.map(lambda number: people.get(number, (None, None))[1])
    found = person_pk.notna()
    problems.flag(known & ~found, "id_number", _("No person is registered with this ID number."))
    problems.flag(
        found & (cells["name"] != "") & (cells["name"] != person_name),
        "name",
        _("This ID number is registered under another name."),
    )

    certifications: dict[tuple[int, str], Certification] = {}
    for chunk in _chunks(sorted({pk for pk, _name in people.values()})):
        live = Certification.objects.filter(person_id__in=chunk).exclude(
            status=CertificationStatus.DISQUALIFIED
        )
        certifications.update(((c.person_id, c.role), c) for c in live)
    keyed = found & role.notna()
    certification = pd.Series(
        [certifications.get((pk, r)) if k else None for pk, r, k in zip(person_pk, role, keyed, strict=True)],
        index=cells.index,
        dtype=object,
    )
    has = certification.notna()
    problems.flag(
        keyed & ~has,
        "id_number",
        lambda index: _("This person has no certification as %(role)s.") % {"role": Role(role[index]).label},
    )
    status = certification.map(lambda c: c.status if c is not None else None)
    problems.flag(
        has & ~status.isin(OPEN_STATUSES),
        "id_number",
        lambda index: (
            _(
                "This person's certification is %(status)s: results can only be recorded in training or after the exam."
            )
            % {"status": CertificationStatus(status[index]).label}
        ),
    )
    problems.flag(
        has & track.notna() & (track != certification.map(lambda c: c.track if c is not None else None)),
        "track",
        lambda index: (
            _("This certification is on the %(track)s track.")
            % {"track": Track(certification[index].track).label}
        ),
    )

    # The same person and role twice in one file: the second row is the error.
    pair = (id_number + "|" + role.fillna("")).where(known & role.notna())
    repeated = pair.notna() & pair.duplicated(keep="first")
    first = cells["row"].groupby(pair).transform("first")
    problems.flag(
        repeated,
        "id_number",
        lambda index: _("This ID number and role already appear in row %(row)d.") % {"row": first[index]},
    )
    return certification


def _chunks(values: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _apply_error(row: ResultRow, exc: Exception, headers: dict[str, str]) -> RowError:
    column = headers["id_number"]
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            column = headers.get(next(iter(exc.error_dict)), column)
        message = " ".join(exc.messages)
    elif isinstance(exc, StaleObjectError):
        message = str(StaleObjectError.message)
    elif isinstance(exc, TransitionNotAllowed):
        message = _("This certification's status changed while the file was being imported.")
    elif isinstance(exc, PermissionDenied):
        message = str(exc) or _("You may not do this.")
    else:
        logger.exception("results import failed at row %d", row.row)
        message = _("Unexpected error: %(error)s") % {"error": exc}
    return RowError(row=row.row, column=column, value=row.id_number, message=message)


def _column_notes() -> list[str]:
    return [
        _("Required: the 18-character resident ID number."),
        _("Required: the name registered with that ID number."),
        _("Optional: 考评员 (examiner, the default) or 质量督导员 (supervisor)."),
        _("Optional: 线上 (online) or 线下 (offline); must match the certification."),
        _("Required: a whole number from 0 to %(max)d.") % {"max": MAX_TRAINING_HOURS},
        _("Required: 0 to 100, at most one decimal place; %(mark)s or more certifies at once.")
        % {"mark": settings.CERTIFICATION_PASS_SCORE},
        _("Required: 2024-03-15, 2024/3/15 or an Excel date; not later than today."),
    ]


def _template_workbook(frame: pd.DataFrame) -> bytes:
    # Text, so that Excel keeps all 18 digits (and the X) of an ID number; a real date cell for the date.
    results = tables.Sheet(
        "results",
        frame,
        formats={0: "@", 6: "yyyy-mm-dd"},
        formatted_rows=200,
        widths=(22, 12, 12, 12, 10, 10, 14),
        bold_header=True,
    )
    notes = tables.as_frame(
        [(f"{column.zh} / {column.en}", note) for column, note in zip(COLUMNS, _column_notes(), strict=True)],
        ["", ""],
    )
    return tables.xlsx_bytes([results, tables.Sheet(_("Notes"), notes, widths=(28, 60), header=False)])
