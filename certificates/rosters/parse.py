"""Reading a roster (CSV in UTF-8/GBK, or the first sheet of an XLSX) and checking it column by column.

Every check works on whole columns (pandas string methods over pyarrow strings; values with few distinct
forms — dates, levels, codes, scores — are parsed once per distinct value). Problems that make the file
unusable are *structural* and refuse it; anything an audit rule judges (a malformed ID or certificate
number, a failing score with a certificate, an examiner not on the register) is stored and audited.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from certificates.rosters.columns import (
    COLUMNS,
    DATE_FIELDS,
    EXAMINER_SEPARATORS,
    FIELDS,
    HEADER_FIELDS,
    HIGH_LEVEL_MAX,
    LEVEL_WORDS,
    SCORE_FIELDS,
    Needed,
    header_key,
)
from registry.models import AssessmentBody, Occupation

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
UTF8_BOM = b"\xef\xbb\xbf"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # serial 1 = 1900-01-01, allowing for Excel's 1900 leap-year bug
LAST_SERIAL = 100_000  # 2173-10-14; keeps the timedelta arithmetic in range
# Skill-level certificates under the current scheme cannot predate it; an earlier date is a typo (or a
# stray small number read as an Excel serial).
EARLIEST_DATE = pd.Timestamp("2000-01-01")
TIME_SUFFIX = r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"  # "2024-03-15 00:00:00": a date cell read as text
DASHES = r"[－—–‐‑]"  # full-width and typographic hyphens typed into codes
SPACES = (" ", "\t", "\r", "\n", "\u3000", "\xa0")  # ASCII, full-width and no-break spaces
# Fields read dictionary-encoded (pandas: categorical): each session repeats them on every row.
FEW_VALUES = frozenset({"occupation_code", "level", *SCORE_FIELDS, *DATE_FIELDS, "examiners", "body_code"})
LOOKUP_CHUNK = 2000  # codes per query, well under SQLite's and PostgreSQL's parameter limits
# A refused file lists at most this many problems (a wrong export can make one per cell); `total` counts all.
MAX_LISTED_ERRORS = 100_000


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: `row` as in the file (header = row 1), `column` as headed in the file, the cell's value.
    Problems with the file as a whole (unreadable, a missing column) are at row 1."""

    row: int
    column: str
    value: str
    message: str


class RosterRefused(Exception):
    """The file has structural problems: nothing was stored. `errors` in file order; `total` counts them
    all when there were more than MAX_LISTED_ERRORS."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.errors = errors
        self.total = len(errors) if total is None else total
        super().__init__(f"{self.total} problem(s) in the roster")


@dataclass
class ParsedRoster:
    """A checked roster: one typed row per data row of the file, in file order. `frame` has line, body_id,
    occupation_id, level, name, id_number, the three scores, the two dates, certificate_no, examiner_nos."""

    frame: pd.DataFrame
    rows_read: int
    body_kinds: dict[int, str] = field(default_factory=dict)


# --- reading -------------------------------------------------------------------------------------------


@dataclass
class Table:
    """The file's cells as text: `headers` as written, `frame` with positional columns, `rows` the file row
    number of each frame row."""

    headers: list[str]
    frame: pd.DataFrame
    rows: np.ndarray


def _file_error(message: str) -> RosterRefused:
    return RosterRefused([RowError(row=1, column="", value="", message=message)])


def read_table(data: bytes, filename: str = "") -> Table:
    """Everything as text, no NA guessing: an ID number must never become a float."""
    if not data or data.isspace():
        raise _file_error(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, filename)
    if data.startswith(OLE_MAGIC) or filename.lower().endswith((".xls", ".xlsx")):
        raise _file_error(_("Save the workbook as .xlsx or as CSV and upload it again."))
    # Views, not copies: a roster can be a few hundred megabytes.
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    end = len(data)
    while end > start and data[end - 1] in b"\r\n":  # trailing blank lines are no rows
        end -= 1
    # Blank lines inside the file still count as rows, which only the careful reader keeps.
    blank_lines = data.find(b"\n\n", start, end) >= 0 or data.find(b"\n\r\n", start, end) >= 0
    if not blank_lines:
        table = _read_csv_fast(memoryview(data)[start:end])
        if table is not None:
            return table
    text, encoding = _decode(memoryview(data)[start:end])
    if text is None:
        raise _file_error(_("The file is not UTF-8 or GBK text; save it as CSV (UTF-8) and try again."))
    if encoding != "utf-8" and not blank_lines:
        table = _read_csv_fast(memoryview(text.encode("utf-8")))
        if table is not None:
            return table
    return _read_csv_slow(text)


def _decode(data: memoryview) -> tuple[str | None, str]:
    # gb18030 is a superset of GBK and GB2312; UTF-8 is tried first because GBK would accept much of it.
    for encoding in ("utf-8", "gb18030"):
        try:
            return str(data, encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, ""


def _read_csv_fast(data: memoryview) -> Table | None:
    """pyarrow's reader, every roster column as text; None when it cannot take the file (not UTF-8, a
    ragged row, a header spanning lines) and the careful reader must."""
    first_line = bytes(data[: 64 * 1024]).split(b"\n", 1)[0].rstrip(b"\r")
    try:
        headers = next(csv.reader([first_line.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if not headers or any('"' in h for h in headers):
        return None
    names = [f"c{i}" for i in range(len(headers))]
    # Only the roster's own columns are read. Those with few distinct values (a session shares its date,
    # level, codes and examiners) are read dictionary-encoded: 4 bytes a row instead of the text.
    fields = {names[i]: HEADER_FIELDS.get(header_key(h)) for i, h in enumerate(headers)}
    wanted = [name for name, field in fields.items() if field]
    if not wanted:  # none of the roster's headers: map_headers lists them all as missing
        return Table(headers=headers, frame=pd.DataFrame(), rows=np.arange(0) + 2)
    types = {
        name: pa.dictionary(pa.int32(), pa.string()) if fields[name] in FEW_VALUES else pa.large_string()
        for name in wanted
    }
    try:
        # The streaming reader, a block at a time: faster here than the whole-file one, and it never holds
        # more than a few blocks of parser buffers.
        reader = pacsv.open_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=types,  # large_string: what pandas' "str" holds, so no copy when converted
                include_columns=wanted,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        arrow = pa.Table.from_batches(list(reader), schema=reader.schema)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    rows = arrow.num_rows
    frame = pd.DataFrame(
        {int(name[1:]): arrow.column(name).to_pandas() for name in wanted}, index=range(rows)
    )
    del arrow
    return Table(headers=headers, frame=frame, rows=np.arange(rows) + 2)


def _read_csv_slow(text: str) -> Table:
    """pandas' C reader keeps blank lines (so that row numbers stay those of the file) and pads short rows."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise RosterRefused(
            [
                RowError(
                    row=int(found.group(1)) if found else 1,
                    column="",
                    value="",
                    message=_("The CSV file could not be read: %(error)s") % {"error": exc},
                )
            ]
        ) from exc
    return _split_header(frame)


def _read_xlsx(data: bytes, filename: str) -> Table:
    try:
        frame = pd.read_excel(
            io.BytesIO(data), sheet_name=0, header=None, dtype=str, na_filter=False, engine="openpyxl"
        )
    except Exception as exc:  # a damaged or foreign zip: openpyxl raises many kinds
        logger.info("unreadable XLSX roster %r", filename, exc_info=True)
        raise _file_error(_("This file could not be read as an XLSX workbook.")) from exc
    if frame.empty:
        raise _file_error(_("The file is empty."))
    return _split_header(frame)


def _split_header(frame: pd.DataFrame) -> Table:
    headers = ["" if pd.isna(h) else str(h) for h in frame.iloc[0].tolist()]
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    return Table(headers=headers, frame=body, rows=np.arange(len(body)) + 2)


# --- headers -------------------------------------------------------------------------------------------


def map_headers(table: Table) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    """Each field's column position and its header as written (or, when absent, as the file's language
    would write it); other columns are ignored."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    errors: list[RowError] = []
    english = False
    for position, raw in enumerate(table.headers):
        text = str(raw).strip()
        name = HEADER_FIELDS.get(header_key(text))
        if name is None:
            continue
        if name in positions:
            errors.append(
                RowError(1, text, text, _("This column repeats %(column)s.") % {"column": headers[name]})
            )
            continue
        english = english or text.isascii()
        positions[name] = position
        headers[name] = text
    for column in COLUMNS:
        if column.field not in headers:
            headers[column.field] = column.en if english else column.zh
            if column.header_required:
                errors.append(_missing_column(headers[column.field]))
    return positions, headers, errors


def _missing_column(header: str) -> RowError:
    return RowError(1, header, "", _("The required column %(column)s is missing.") % {"column": header})


# --- checking ------------------------------------------------------------------------------------------


class Problems:
    """Structural problems found column by column: `flag` takes a boolean mask over the rows."""

    def __init__(self, cells: pd.DataFrame, rows: np.ndarray, headers: dict[str, str]):
        self.cells = cells
        self.rows = rows
        self.headers = headers
        self.found: list[tuple[np.ndarray, str, str]] = []
        self.file_errors: list[RowError] = []

    def flag(self, mask, name: str, message: str) -> None:
        where = np.flatnonzero(np.asarray(mask, dtype=bool))
        if where.size:
            self.found.append((where, name, message))

    def __bool__(self) -> bool:
        return bool(self.found or self.file_errors)

    def refusal(self) -> RosterRefused:
        """All problems in file order (row, then the columns' order), at most MAX_LISTED_ERRORS of them."""
        total = len(self.file_errors) + sum(where.size for where, _n, _m in self.found)
        errors = list(self.file_errors)
        room = MAX_LISTED_ERRORS - len(errors)
        if not self.found or room <= 0:
            return RosterRefused(errors[:MAX_LISTED_ERRORS], total)
        order = {name: i for i, name in enumerate(FIELDS)}
        where = np.concatenate([w for w, _n, _m in self.found])
        kind = np.concatenate([np.full(w.size, k) for k, (w, _n, _m) in enumerate(self.found)])
        rank = np.array([order[n] for _w, n, _m in self.found])[kind]
        pick = np.lexsort((rank, self.rows[where]))[:room]
        where, kind = where[pick], kind[pick]
        values = np.empty(where.size, dtype=object)
        for k, (_w, name, _m) in enumerate(self.found):
            mine = kind == k
            if mine.any():
                values[mine] = self.cells[name].iloc[where[mine]].to_numpy(dtype=object)
        for position, k, value in zip(where.tolist(), kind.tolist(), values.tolist(), strict=True):
            _w, name, message = self.found[k]
            errors.append(RowError(int(self.rows[position]), self.headers[name], str(value), message))
        return RosterRefused(errors, total)


def parse_roster(data: bytes, *, filename: str = "", body_ids: set[int] | None = None) -> ParsedRoster:
    """Read and check a roster; raises RosterRefused listing every structural problem. `body_ids` limits
    the bodies rows may be of (a body administrator's own); None allows any."""
    table = read_table(data, filename)
    positions, headers, errors = map_headers(table)
    if errors:
        raise RosterRefused(errors)
    return check(table, positions, headers, body_ids=body_ids)


def check(table: Table, positions: dict[str, int], headers: dict[str, str], *, body_ids=None) -> ParsedRoster:
    n = len(table.frame)
    raw = {name: table.frame[position] for name, position in positions.items()}
    table.frame = None  # other columns go now; each raw column goes once its trimmed copy is made
    cells = pd.DataFrame(
        {
            name: _trimmed(raw.pop(name)) if name in raw else pd.Series(np.full(n, ""), dtype="str")
            for name in FIELDS
        }
    )
    filled = np.zeros(n, dtype=bool)
    for name in FIELDS:
        filled |= (cells[name] != "").to_numpy()
    rows = table.rows[filled]
    if not filled.all():
        cells = cells[filled].reset_index(drop=True)
    if not len(cells):
        raise _file_error(_("The file has no data rows."))

    problems = Problems(cells, rows, headers)
    for column in COLUMNS:
        if column.needed == Needed.ALWAYS:
            problems.flag(cells[column.field] == "", column.field, _("This value is required."))

    typed = pd.DataFrame({"line": rows.astype(np.int64)})
    cells["certificate_no"] = cells["certificate_no"].str.upper()
    cells["id_number"] = cells["id_number"].str.upper()
    typed["certificate_no"] = cells["certificate_no"]
    typed["name"] = cells["name"]
    typed["id_number"] = cells["id_number"]
    typed["examiner_nos"] = _examiners(cells["examiners"])
    problems.flag(
        (cells["examiners"] != "") & (typed["examiner_nos"] == ""), "examiners", _("This value is required.")
    )
    for column in COLUMNS:
        if column.max_length:
            stored = typed["examiner_nos"] if column.field == "examiners" else cells[column.field]
            problems.flag(
                stored.str.len() > column.max_length,
                column.field,
                _("This is longer than %(max)d characters.") % {"max": column.max_length},
            )

    typed["level"] = _level(cells, problems)
    for name in SCORE_FIELDS:
        typed[name] = _score(cells, problems, name)
    for name in DATE_FIELDS:
        typed[name] = _date(cells, problems, name)
    typed["occupation_id"] = _occupation(cells, problems)
    typed["body_id"], body_kinds = _body(cells, problems, body_ids)

    passers = (cells["certificate_no"] != "").to_numpy()
    _needed_where(problems, positions, "issue_date", passers, _("A certificate needs its issue date."))
    high = (typed["level"] <= HIGH_LEVEL_MAX).to_numpy()
    _needed_where(
        problems, positions, "review_score", high, _("Levels 2 and 1 need the comprehensive review score.")
    )
    if problems:
        raise problems.refusal()
    typed["level"] = typed["level"].astype(np.int16)
    typed["occupation_id"] = typed["occupation_id"].astype(np.int64)
    typed["body_id"] = typed["body_id"].astype(np.int64)
    return ParsedRoster(frame=typed, rows_read=len(typed), body_kinds=body_kinds)


def _trimmed(column: pd.Series) -> pd.Series:
    """The column as text without surrounding spaces; copied only when some cell needs it."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _per_value(column, lambda values: values.str.strip())
    if column.dtype != "str" or column.hasnans:
        column = column.fillna("").astype("str")
    padded = column.str.startswith(SPACES) | column.str.endswith(SPACES)
    return column.str.strip() if padded.any() else column


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each cell's position among the column's distinct values, and those values as text."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), pd.Index(column.cat.categories, dtype="str")
    codes, distinct = pd.factorize(column)
    return codes, pd.Index(distinct, dtype="str")


def _per_value(column: pd.Series, change) -> pd.Series:
    """`change` (text Index -> text Index) applied once per distinct value of a categorical column; a
    plain text column is changed whole."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return change(column)
    codes, distinct = _distinct(column)
    merged, values = pd.factorize(change(distinct))  # values that became equal become one category
    return pd.Series(pd.Categorical.from_codes(merged[codes], categories=pd.Index(values, dtype="str")))


def _needed_where(problems: Problems, positions, name: str, needed: np.ndarray, message: str) -> None:
    """A value some rows need: one missing-column problem if the header is absent, else one per empty cell."""
    if name not in positions:
        if needed.any():
            problems.file_errors.append(_missing_column(problems.headers[name]))
        return
    problems.flag(needed & (problems.cells[name] == "").to_numpy(), name, message)


def _by_value(column: pd.Series, parse) -> np.ndarray:
    """Parse each distinct value once (`parse` maps an Index of them to an array) and spread the results."""
    codes, distinct = _distinct(column)
    return np.asarray(parse(distinct))[codes]


def _chunks(values: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _examiners(column: pd.Series) -> pd.Series:
    """Numbers separated by ; ； or 、 (spaces around them ignored), stored joined by ";"."""

    def join(values):
        joined = values.str.replace(EXAMINER_SEPARATORS, ";", regex=True)
        return joined.str.replace(r";{2,}", ";", regex=True).str.strip(";")

    return _per_value(column, join)


def _level(cells: pd.DataFrame, problems: Problems) -> pd.Series:
    def parse(distinct: pd.Index) -> np.ndarray:
        words = distinct.str.replace(r"\s+", "", regex=True).str.replace(r"^(\d)\.0+$", r"\1", regex=True)
        return words.map(LEVEL_WORDS).to_numpy(dtype=float, na_value=np.nan)

    level = pd.Series(_by_value(cells["level"], parse))
    problems.flag(
        (cells["level"] != "") & level.isna(),
        "level",
        _("Give the level as 1–5, 一级…五级 or 高级技师, 技师, 高级工, 中级工, 初级工."),
    )
    return level


def _score(cells: pd.DataFrame, problems: Problems, name: str) -> pd.Series:
    def parse(distinct: pd.Index) -> np.ndarray:
        return pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce").to_numpy(dtype=float)

    score = _by_value(cells[name], parse)
    given = (cells[name] != "").to_numpy()
    number = np.isfinite(score)
    problems.flag(given & ~number, name, _("Enter the score as a number from 0 to 100."))
    with np.errstate(invalid="ignore"):
        problems.flag(number & ((score < 0) | (score > 100)), name, _("A score must be between 0 and 100."))
    return pd.Series(np.where(given & number, score, np.nan))


def _date(cells: pd.DataFrame, problems: Problems, name: str) -> pd.Series:
    """YYYY-MM-DD, YYYY/M/D, a date cell (read as "YYYY-MM-DD 00:00:00") or an Excel serial number."""

    def parse(distinct: pd.Index) -> np.ndarray:
        text = pd.Series(distinct, dtype="str").str.replace(TIME_SUFFIX, "", regex=True)
        dashed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        slashed = pd.to_datetime(text, format="%Y/%m/%d", errors="coerce")
        serial = pd.to_numeric(text, errors="coerce")
        serial = serial.where((serial % 1 == 0) & (serial >= 1) & (serial <= LAST_SERIAL))
        from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
        return dashed.fillna(slashed).fillna(from_serial).to_numpy(dtype="datetime64[s]")

    day = pd.Series(_by_value(cells[name], parse))
    given = (cells[name] != "").to_numpy()
    problems.flag(
        given & day.isna().to_numpy(), name, _("Enter the date as 2024-03-15, 2024/3/15 or an Excel date.")
    )
    problems.flag(
        (day < EARLIEST_DATE).to_numpy(),
        name,
        _("A date before %(date)s is not plausible; check the year.") % {"date": EARLIEST_DATE.date()},
    )
    return day


def _occupation(cells: pd.DataFrame, problems: Problems) -> pd.Series:
    """The catalogue occupation; a work type's two extra digits ("6-18-01-01-02") name its occupation."""

    def parse(distinct: pd.Index) -> np.ndarray:
        codes = distinct.str.replace(r"\s+", "", regex=True).str.replace(DASHES, "-", regex=True)
        base = codes.str.replace(r"^(\d-\d{2}-\d{2}-\d{2})-\d{2}$", r"\1", regex=True)
        ids: dict[str, int] = {}
        for chunk in _chunks(sorted(set(codes) | set(base))):
            ids.update(Occupation.objects.filter(code__in=chunk).values_list("code", "pk"))
        found = codes.map(ids).to_numpy(dtype=float, na_value=np.nan)
        return np.where(np.isnan(found), base.map(ids).to_numpy(dtype=float, na_value=np.nan), found)

    occupation = pd.Series(_by_value(cells["occupation_code"], parse))
    problems.flag(
        (cells["occupation_code"] != "") & occupation.isna(),
        "occupation_code",
        _("No occupation in the catalogue has this code."),
    )
    return occupation


def _body(cells: pd.DataFrame, problems: Problems, body_ids: set[int] | None) -> tuple[pd.Series, dict]:
    """The body with this filing number, among those the importing user may report for."""
    kinds: dict[int, str] = {}

    def parse(distinct: pd.Index) -> np.ndarray:
        codes = distinct.str.replace(r"\s+", "", regex=True).str.upper()
        found = {
            filing_no: (pk, kind)
            for chunk in _chunks(sorted(set(codes)))
            for filing_no, pk, kind in AssessmentBody.objects.filter(filing_no__in=chunk).values_list(
                "filing_no", "pk", "kind"
            )
        }
        kinds.update(found.values())
        return codes.map(lambda code: found.get(code, (np.nan,))[0]).to_numpy(dtype=float, na_value=np.nan)

    body = pd.Series(_by_value(cells["body_code"], parse))
    given = cells["body_code"] != ""
    problems.flag(given & body.isna(), "body_code", _("No assessment body has this filing number."))
    if body_ids is not None:
        problems.flag(
            body.notna() & ~body.isin(list(body_ids)),
            "body_code",
            _("You may report results only for a body you administer."),
        )
    return body, kinds
