"""What the audit rules read, loaded in bulk as pandas frames.

Results come through raw SQL in chunks (a server-side cursor on PostgreSQL), straight into compact
columns: integers, floats, datetime64 days, pyarrow strings, a categorical status. Registry data
(bodies, scope lines, certifications, status histories) is small and read whole; statuses on a day
come from the selectors every page uses (registry.selectors, examiners.selectors).

A run has *target* rows (one roster's, or all) and, for rules that compare rows with each other, the
*context* they need: every stored row sharing a certificate number, an ID or an exam date with the
targets, or falling in the same occupation × level × quarter. Those are read from the database
(a small roster in a big table) or cut out of one whole-table frame (a big roster): same rows either way.
"""

import datetime
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.utils import timezone

from certificates.models import CertificateStatus, Result, Roster
from examiners.models import Certification
from examiners.selectors import certification_history
from registry.models import AssessmentBody, Occupation, ScopeLine
from registry.selectors import body_history

CHUNK_ROWS = 20_000
# A roster holding at least this share of all stored rows is audited from one whole-table read:
# cheaper than the context queries, which would then return most of the table anyway.
WHOLE_TABLE_SHARE = 0.25
# Disjunctions per context query (occupation × level × quarter groups).
GROUPS_PER_QUERY = 100

# numpy dtype of each non-string column; strings are kept as pyarrow chunks, status as categorical codes
_NUMPY = {
    "id": "int64",
    "roster_id": "int64",
    "line": "int32",
    "body_id": "int64",
    "occupation_id": "int64",
    "level": "int8",
    "theory_score": "float64",
    "skill_score": "float64",
    "review_score": "float64",
    "exam_date": "datetime64[s]",
    "issue_date": "datetime64[s]",
    "status": "int8",
}
_STR = ("id_number", "certificate_no", "examiner_nos")
RESULT_COLUMNS = (
    "id",
    "roster_id",
    "line",
    "body_id",
    "occupation_id",
    "level",
    "id_number",
    "theory_score",
    "skill_score",
    "review_score",
    "exam_date",
    "issue_date",
    "certificate_no",
    "examiner_nos",
    "status",
)
STATUS_DTYPE = pd.CategoricalDtype(CertificateStatus.values)


_DATES = ("exam_date", "issue_date")
_STATUS_CODES = pd.Series(range(len(STATUS_DTYPE.categories)), index=STATUS_DTYPE.categories)


def _chunk(name: str, values: tuple) -> np.ndarray | pa.Array:
    """One chunk of one column as a compact array (pyarrow converts Python objects fastest)."""
    if name in _STR:
        return pa.array(values, type=pa.large_string())
    if name == "status":
        encoded = pa.array(values, type=pa.string()).dictionary_encode()
        codes = _STATUS_CODES.reindex(encoded.dictionary.to_pylist()).fillna(-1).to_numpy("int8")
        return codes[encoded.indices.to_numpy(zero_copy_only=False)]
    if name in _DATES:
        # dates arrive as date objects, or as ISO text from SQLite (see _select)
        text = bool(values) and isinstance(next((v for v in values if v is not None), None), str)
        dates = (
            pa.array(values, type=pa.string()).cast(pa.date32()) if text else pa.array(values, pa.date32())
        )
        return dates.to_numpy(zero_copy_only=False)
    return np.array(values, dtype=_NUMPY[name])


def _select() -> str:
    """The result columns; on SQLite the dates as their stored ISO text, which skips Django's per-value
    date converter (a third of the read time) and is parsed by pyarrow instead."""
    quote = connection.ops.quote_name
    if connection.vendor != "sqlite":
        return ", ".join(quote(c) for c in RESULT_COLUMNS)
    return ", ".join(f"CAST({quote(c)} AS TEXT)" if c in _DATES else quote(c) for c in RESULT_COLUMNS)


def _result_sql(select: str, where: str) -> str:
    table = connection.ops.quote_name(Result._meta.db_table)
    return f"SELECT {select} FROM {table}" + (f" WHERE {where}" if where else "")


def load_results(where: str = "", params: list | tuple = ()) -> pd.DataFrame:
    """Result rows matching a raw SQL condition (on the result table's own columns), read in chunks.

    Numeric columns are filled into arrays sized by a count first (grown if rows arrived meanwhile), so
    the short-lived Python objects of each chunk never sit between long-lived buffers: the heap does not
    fragment and 10^6 rows stay near the frame's own size (about 160 MB).
    """
    with connection.cursor() as cursor:
        cursor.execute(_result_sql("COUNT(*)", where), params)
        (expected,) = cursor.fetchone()
    arrays = {name: np.empty(expected, dtype=dtype) for name, dtype in _NUMPY.items()}
    strings: dict[str, list] = {name: [] for name in _STR}
    filled = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(_result_sql(_select(), where), params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            end = filled + len(rows)
            if end > len(arrays["id"]):
                arrays = {n: np.resize(a, max(end, 2 * len(a))) for n, a in arrays.items()}
            for name, values in zip(RESULT_COLUMNS, zip(*rows, strict=True), strict=True):
                if name in _STR:
                    strings[name].append(_chunk(name, values))
                else:
                    arrays[name][filled:end] = _chunk(name, values)
            filled = end
            del rows
    columns = {name: pd.Series(arrays[name][:filled]) for name in _NUMPY if name != "status"}
    for name in _STR:
        chunked = pa.chunked_array(strings.pop(name), type=pa.large_string())
        columns[name] = pd.Series(pd.array(chunked, dtype="str"))
    columns["status"] = pd.Series(pd.Categorical.from_codes(arrays["status"][:filled], dtype=STATUS_DTYPE))
    return pd.DataFrame({name: columns[name] for name in RESULT_COLUMNS}, copy=False)  # no consolidating copy


def arrow(strings: pd.Series) -> pa.ChunkedArray:
    """The pyarrow array behind a string column (no copy)."""
    return pa.chunked_array(strings.array.__arrow_array__())


def isin(column: pd.Series, values: pd.Series) -> pd.Series:
    """column.isin(values), done by pyarrow for string columns (pandas loops over them in Python)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        wanted = pc.unique(arrow(values.astype("str")).combine_chunks())
        mask = pc.is_in(arrow(column), value_set=wanted).to_numpy(zero_copy_only=False)
        return pd.Series(mask, index=column.index)
    return column.isin(values.unique())


def grouped(rows: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's group number (by `columns`) and the groups, one row each in group-number order.

    Rules judge distinct groups (a few thousand sessions) rather than 10^6 rows, then map back.
    """
    number = rows.groupby(columns, sort=True, observed=True, dropna=False).ngroup().to_numpy()
    _, first = np.unique(number, return_index=True)
    return number, rows[columns].iloc[first].reset_index(drop=True)


def day_text(days: pd.Series) -> pd.Series:
    return days.dt.strftime("%Y-%m-%d")


def _subset(frame: pd.DataFrame, mask) -> pd.DataFrame:
    """frame[mask], without a copy when the kept rows are one run of consecutive rows (every row, or a
    roster imported in one go that is most of the table): a slice of the columns, not a copy of them."""
    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return frame
    kept = np.flatnonzero(mask)
    if len(kept) and kept[-1] - kept[0] + 1 == len(kept):
        return frame.iloc[kept[0] : kept[-1] + 1]
    return frame[mask]


def _days(values) -> np.ndarray:
    return np.array(list(values), dtype="datetime64[D]").astype("datetime64[s]")


class Frames:
    """Everything one audit run reads; each piece is loaded the first time a rule asks for it."""

    def __init__(self, *, roster_id: int | None = None, today: datetime.date | None = None):
        self.roster_id = roster_id
        self.today = pd.Timestamp(today or timezone.localdate())
        self._whole: pd.DataFrame | None = None
        if roster_id is None or self._roster_is_large():
            self._whole = load_results()
        if roster_id is None:
            self.rows = self._whole
        elif self._whole is not None:
            self.rows = _subset(self._whole, self._whole["roster_id"] == roster_id)
        else:
            self.rows = load_results(f"{self._q('roster_id')} = %s", [roster_id])
        self._sharing: dict[str, pd.DataFrame] = {}
        self._cache: dict[str, object] = {}

    @property
    def everything(self) -> bool:
        """True when every stored row is a target (no roster given)."""
        return self.roster_id is None

    @staticmethod
    def _q(column: str) -> str:
        return connection.ops.quote_name(column)

    def _roster_is_large(self) -> bool:
        table = self._q(Result._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {self._q('roster_id')} = %s", [self.roster_id]
            )
            (in_roster,) = cursor.fetchone()
            # counted only up to the size that would make the roster small: no full count of 10^7 rows
            enough = int(in_roster / WHOLE_TABLE_SHARE) + 1 if WHOLE_TABLE_SHARE > 0 else 1
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS stored", [enough])
            (stored,) = cursor.fetchone()
        return in_roster > 0 and in_roster >= WHOLE_TABLE_SHARE * stored

    def memo(self, name: str, compute):
        """A value computed once per run and shared by rules (e.g. the checked IDs)."""
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    def forget(self, name: str) -> None:
        """Free a memoized value once the last rule using it has it (asked again, it is recomputed)."""
        self._cache.pop(name, None)

    # --- context: stored rows the targets are compared with --------------------------------------
    def sharing(self, column: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Every stored row whose `column` (certificate_no, id_number, exam_date) occurs in the targets.

        `columns`: the columns the caller reads (it may get more); cut out of the whole-table frame, a
        context then copies only those."""
        if self.everything:
            return self.rows
        key = (column, tuple(columns or ()))
        if key not in self._sharing:
            self._drop_other_contexts()
            if self._whole is not None:
                mask = isin(self._whole[column], self.rows[column])
                frame = _subset(self._projected(columns), mask)
            else:
                q, table = self._q(column), self._q(Result._meta.db_table)
                inner = f"SELECT {q} FROM {table} WHERE {self._q('roster_id')} = %s"
                frame = load_results(f"{q} IN ({inner})", [self.roster_id])
            self._sharing[key] = frame
        return self._sharing[key]

    def in_periods(self, columns: list[str] | None = None) -> pd.DataFrame:
        """Every stored row of the occupation × level × calendar quarter groups the targets fall in
        (`columns` as for `sharing`)."""
        if self.everything:
            return self.rows
        key = ("periods", tuple(columns or ()))
        if key not in self._sharing:
            self._drop_other_contexts()
            targets = self.rows[["occupation_id", "level"]].assign(
                start=self.rows["exam_date"].dt.to_period("Q").dt.start_time.astype("datetime64[s]")
            )
            groups = targets.drop_duplicates().sort_values(["occupation_id", "level", "start"])
            if self._whole is not None:
                whole = self._whole
                start = whole["exam_date"].dt.to_period("Q").dt.start_time.astype("datetime64[s]")
                keys = pd.MultiIndex.from_arrays([whole["occupation_id"], whole["level"], start])
                frame = _subset(self._projected(columns), keys.isin(pd.MultiIndex.from_frame(groups)))
            else:
                frame = self._load_periods(groups)
            self._sharing[key] = frame
        return self._sharing[key]

    def _projected(self, columns: list[str] | None) -> pd.DataFrame:
        """The whole-table frame, or just these of its columns (no copy)."""
        if columns is None:
            return self._whole
        return self._whole[[c for c in RESULT_COLUMNS if c in columns]]

    def _drop_other_contexts(self) -> None:
        """Keep one context frame at a time: each is most of the table for a big roster, and the rules
        asking for one come one after another (a context asked for again is rebuilt, the same rows)."""
        self._sharing.clear()

    def _load_periods(self, groups: pd.DataFrame) -> pd.DataFrame:
        condition = (
            f"({self._q('occupation_id')} = %s AND {self._q('level')} = %s"
            f" AND {self._q('exam_date')} >= %s AND {self._q('exam_date')} < %s)"
        )
        parts = []
        records = list(groups.itertuples(index=False))
        for first in range(0, len(records), GROUPS_PER_QUERY):
            batch = records[first : first + GROUPS_PER_QUERY]
            params: list = []
            for occupation_id, level, start in batch:
                begin = start.date()
                end = (start + pd.DateOffset(months=3)).date()
                params += [int(occupation_id), int(level), begin, end]
            parts.append(load_results(" OR ".join([condition] * len(batch)), params))
        if not parts:
            return self.rows.iloc[0:0]
        return pd.concat(parts, ignore_index=True).drop_duplicates("id")

    def touched(self, frame: pd.DataFrame, columns: list[str]) -> pd.Series:
        """Which rows of a context frame belong to a group (by `columns`) that some target row is in."""
        if self.everything:
            return pd.Series(True, index=frame.index)
        wanted = self.rows[columns].drop_duplicates().assign(_touched=True)
        marked = frame[columns].merge(wanted, on=columns, how="left")
        return pd.Series(marked["_touched"].notna().to_numpy(), index=frame.index)

    # --- registry data -------------------------------------------------------------------------
    @cached_property
    def bodies(self) -> pd.DataFrame:
        """id → filing number (None before filing), a display code, current status."""
        rows = AssessmentBody.objects.values_list("id", "filing_no", "credit_code", "status")
        frame = pd.DataFrame(list(rows), columns=["id", "filing_no", "credit_code", "status"])
        frame["id"] = frame["id"].astype("int64")
        frame["code"] = frame["filing_no"].fillna(frame["credit_code"])
        return frame.set_index("id")

    @cached_property
    def body_history(self) -> pd.DataFrame:
        """Bodies' transitions by effective day (registry.selectors, the register's own reading)."""
        return body_history()

    @cached_property
    def scope_lines(self) -> pd.DataFrame:
        rows = ScopeLine.objects.order_by(
            "body_id", "occupation_id", "level", "effective_from", "pk"
        ).values_list("body_id", "occupation_id", "level", "effective_from", "effective_to")
        body, occupation, level, start, end = zip(*rows, strict=True) if rows else ([], [], [], [], [])
        return pd.DataFrame(
            {
                "body_id": np.array(body, dtype="int64"),
                "occupation_id": np.array(occupation, dtype="int64"),
                "level": np.array(level, dtype="int8"),
                "effective_from": _days(start),
                "effective_to": _days(end),
            }
        )

    @cached_property
    def certifications(self) -> pd.DataFrame:
        """Certified people (examiners and supervisors) by certificate number."""
        rows = Certification.objects.exclude(certificate_no=None).values_list(
            "id", "certificate_no", "role", "grade", "status", "valid_from", "valid_to"
        )
        columns = ["id", "certificate_no", "role", "grade", "status", "valid_from", "valid_to"]
        frame = pd.DataFrame(list(rows), columns=columns)
        frame["id"] = frame["id"].astype("int64")
        frame["valid_from"] = _days(frame["valid_from"])
        frame["valid_to"] = _days(frame["valid_to"])
        return frame

    @cached_property
    def certification_history(self) -> pd.DataFrame:
        """Certifications' transitions by effective day (examiners.selectors)."""
        return certification_history()

    @cached_property
    def occupation_codes(self) -> pd.Series:
        return pd.Series(dict(Occupation.objects.values_list("id", "code")), dtype="str")

    def roster_names(self, ids) -> pd.Series:
        wanted = [int(i) for i in pd.unique(pd.Series(ids))]
        return pd.Series(
            dict(Roster.objects.filter(pk__in=wanted).values_list("id", "original_name")), dtype="str"
        )
