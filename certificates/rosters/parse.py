"""Checking a roster (CSV in UTF-8/GBK, or the first sheet of an XLSX, read by common.tables) column by column.

Every check works on whole columns (pandas string methods over pyarrow strings; values with few distinct
forms — dates, levels, codes, scores — are parsed once per distinct value). Problems that make the file
unusable are *structural* and refuse it; anything an audit rule judges (a malformed ID or certificate
number, a failing score with a certificate, an examiner not on the register) is stored and audited.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from certificates.models import EvaluationType
from certificates.rosters.columns import (
    COLUMNS,
    DATE_FIELDS,
    EVALUATION_TYPE_WORDS,
    EXAMINER_SEPARATORS,
    FIELDS,
    HEADINGS,
    HIGH_LEVEL_MAX,
    LEVEL_WORDS,
    SCORE_FIELDS,
    Needed,
)
from common.tables import RowError, Table, file_error, map_headers, missing_column, read_table
from common.tables import TableRefused as RosterRefused
from registry.models import AssessmentBody, Occupation

__all__ = ["ParsedRoster", "RosterRefused", "RowError", "check", "parse_roster"]

EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # serial 1 = 1900-01-01, allowing for Excel's 1900 leap-year bug
LAST_SERIAL = 100_000  # 2173-10-14; keeps the timedelta arithmetic in range
# Skill-level certificates under the current scheme cannot predate it; an earlier date is a typo (or a
# stray small number read as an Excel serial).
EARLIEST_DATE = pd.Timestamp("2000-01-01")
TIME_SUFFIX = r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"  # "2024-03-15 00:00:00": a date cell read as text
DASHES = r"[－—–‐‑]"  # full-width and typographic hyphens typed into codes
SPACES = (" ", "\t", "\r", "\n", "\u3000", "\xa0")  # ASCII, full-width and no-break spaces
# Fields read dictionary-encoded (pandas: categorical): each session repeats them on every row.
FEW_VALUES = frozenset(
    {"occupation_code", "level", "evaluation_type", *SCORE_FIELDS, *DATE_FIELDS, "examiners", "body_code"}
)
LOOKUP_CHUNK = 2000  # codes per query, well under SQLite's and PostgreSQL's parameter limits
# A refused file lists at most this many problems (a wrong export can make one per cell); `total` counts all.
MAX_LISTED_ERRORS = 100_000


@dataclass
class ParsedRoster:
    """A checked roster: one typed row per data row of the file, in file order. `frame` has line, body_id,
    occupation_id, level, evaluation_type (categorical codes), name, id_number, the three scores, the two
    dates, certificate_no, examiner_nos."""

    frame: pd.DataFrame
    rows_read: int
    body_kinds: dict[int, str] = field(default_factory=dict)


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
    table = read_table(data, filename, headings=HEADINGS, few_values=FEW_VALUES)
    positions, headers, errors = map_headers(table.headers, HEADINGS)
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
        raise file_error(_("The file has no data rows."))

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
    typed["evaluation_type"] = _evaluation_type(cells, problems)
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
            problems.file_errors.append(missing_column(problems.headers[name]))
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


def _evaluation_type(cells: pd.DataFrame, problems: Problems) -> pd.Categorical:
    """EvaluationType codes (categorical); an empty cell or an absent column is 等级认定."""
    types = EvaluationType.values
    codes = {word: types.index(code) for word, code in EVALUATION_TYPE_WORDS.items()}

    def parse(distinct: pd.Index) -> np.ndarray:
        words = distinct.str.replace(r"\s+", "", regex=True).str.lower()
        return words.map(codes).to_numpy(dtype=float, na_value=np.nan)

    position = _by_value(cells["evaluation_type"], parse)
    unknown = np.isnan(position)
    problems.flag(
        unknown,
        "evaluation_type",
        _(
            "Give the evaluation type as 职业资格, 职业技能等级认定 (等级认定) or 专项职业能力 (专项), or as "
            "qualification, level or special; an empty cell means 等级认定."
        ),
    )
    return pd.Categorical.from_codes(np.where(unknown, -1, position).astype(np.int8), categories=types)


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
