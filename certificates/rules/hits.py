"""What a rule returns (a hits frame) and how hits are stored: in bulk, once per (rule, body, key)."""

import re

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.db.models.enums import Choices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certificates.models import Hit

HIT_COLUMNS = ["result_id", "body_id", "key", "detail"]
DETAIL_LENGTH = Hit._meta.get_field("detail").max_length
BODIES_PER_QUERY = 500
BATCH = 2000  # hits per executemany: parameters are made a batch at a time, not all at once


def none() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "result_id": pd.Series([], dtype="Int64"),
            "body_id": pd.Series([], dtype="int64"),
            "key": pd.Series([], dtype="str"),
            "detail": pd.Series([], dtype="str"),
        }
    )


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """Compact (pyarrow) strings: a numpy unicode or object array of 10^5 details would not be."""
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def for_rows(rows: pd.DataFrame, detail: pd.Series) -> pd.DataFrame:
    """One hit per result row (key: the result id); `detail` is aligned on `rows`' index."""
    if rows.empty:
        return none()
    return pd.DataFrame(
        {
            "result_id": pd.array(rows["id"].to_numpy(), dtype="Int64"),
            "body_id": rows["body_id"].to_numpy().astype("int64"),
            "key": rows["id"].astype("str").array,
            "detail": detail.loc[rows.index].astype("str").array,
        }
    )


def rows_at(frame: pd.DataFrame, positions: np.ndarray, detail) -> pd.DataFrame:
    """One hit per row of `frame` at these positions (no copy of the frame's other columns)."""
    if len(positions) == 0:
        return none()
    ids = frame["id"].to_numpy()[positions]
    return pd.DataFrame(
        {
            "result_id": pd.array(ids, dtype="Int64"),
            "body_id": frame["body_id"].to_numpy()[positions].astype("int64"),
            "key": pd.Series(ids).astype("str").array,
            "detail": _strings(detail),
        }
    )


def for_grouped_rows(frame: pd.DataFrame, group_of_row: np.ndarray, detail: pd.Series) -> pd.DataFrame:
    """One hit per row whose group has a detail: `group_of_row` numbers `frame`'s rows (data.grouped),
    `detail` is indexed by group number."""
    positions = np.flatnonzero(np.isin(group_of_row, detail.index.to_numpy()))
    return rows_at(frame, positions, detail.reindex(group_of_row[positions]).to_numpy())


def for_groups(body_id: pd.Series, key: pd.Series, detail: pd.Series) -> pd.DataFrame:
    """Body-level hits (statistical rules): no result row; the key names the group."""
    if len(body_id) == 0:
        return none()
    return pd.DataFrame(
        {
            "result_id": pd.array([pd.NA] * len(body_id), dtype="Int64"),
            "body_id": pd.Series(body_id).to_numpy().astype("int64"),
            "key": _strings(pd.Series(key).astype("str")),
            "detail": _strings(pd.Series(detail).astype("str")),
        }
    )


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def say(template: str, index: pd.Index, **values) -> pd.Series:
    """A message for each row of `index`: a translated `template` with %(name)s placeholders, filled
    column-wise from Series aligned on `index` (or from one value for every row). Translations may put
    the placeholders in any order."""
    pieces = _PLACEHOLDER.split(template)
    out = pd.Series(pieces[0], index=index, dtype="str")
    for name, text in zip(pieces[1::2], pieces[2::2], strict=True):
        value = values[name]
        value = value.astype("str") if isinstance(value, pd.Series) else str(value)
        out = out + value + text
    return out


def labels(choices: type[Choices]) -> dict[str, str]:
    """Stored code → its label in the active language (a status or grade as readers know it)."""
    return {code: str(label) for code, label in choices.choices}


def occupation_level(frames, rows: pd.DataFrame) -> pd.Series:
    """'6-31-01-03 level 4' for each row (its occupation_id and level)."""
    return say(
        _("%(occupation)s level %(level)s"),
        rows.index,
        occupation=rows["occupation_id"].map(frames.occupation_codes),
        level=rows["level"],
    )


def separator() -> str:
    return pgettext("between the reasons of one audit hit", "; ")


def joined(reasons: list[pd.Series], index: pd.Index) -> pd.Series:
    """The non-empty reasons of each row, joined with '; ' (empty string when there are none)."""
    out = pd.Series("", index=index, dtype="str")
    glue_text = separator()
    for reason in reasons:
        reason = reason.reindex(index).fillna("").astype("str")
        glue = pd.Series(glue_text, index=index, dtype="str").where((out != "") & (reason != ""), "")
        out = out + glue + reason
    return out


def store(found: pd.DataFrame, *, order: list[str]) -> int:
    """Save the hits not stored yet (rule, body, key unique); returns how many were new.

    `found` has a `rule` column besides the hit columns; `order` is the rules' order, so ids are
    given in the same order on every database.
    """
    if found.empty:
        return 0
    found = found.assign(
        rule_order=found["rule"].map({code: n for n, code in enumerate(order)}),
        detail=found["detail"].str.slice(0, DETAIL_LENGTH),
    )
    found = found.sort_values(
        ["rule_order", "body_id", "result_id", "key"], kind="stable", na_position="first"
    )
    found = found.drop_duplicates(["rule", "body_id", "key"])
    stored = _stored_keys(found)
    if not stored.empty:
        marked = found.merge(stored, on=["rule", "body_id", "key"], how="left", indicator=True)
        found = marked[marked["_merge"] == "left_only"].drop(columns="_merge")
    _insert(found[["rule", "body_id", "result_id", "key", "detail"]])
    return len(found)


def _insert(rows: pd.DataFrame) -> None:
    """The new hits, conflicts ignored: COPY on PostgreSQL (_copy); on SQLite INSERT OR IGNORE in batches,
    what bulk_create(ignore_conflicts) does without building a model instance per hit (ten times faster
    at 10^5 hits)."""
    if connection.vendor == "postgresql":
        _copy(rows)
        return
    ops = connection.ops
    fields = [Hit._meta.get_field(name) for name in ("rule", "body", "result", "key", "detail", "found_at")]
    sql = " ".join(
        [
            ops.insert_statement(on_conflict=OnConflict.IGNORE),
            ops.quote_name(Hit._meta.db_table),
            f"({', '.join(ops.quote_name(f.column) for f in fields)})",
            f"VALUES ({', '.join(['%s'] * len(fields))})",
            ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None),
        ]
    )
    found_at = ops.adapt_datetimefield_value(timezone.now())
    # one transaction (as bulk_create would): outside one, SQLite would commit every row
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            batch = rows.iloc[first : first + BATCH].itertuples(index=False, name=None)
            cursor.executemany(
                sql,
                [
                    (rule, int(body), None if pd.isna(result) else int(result), key, detail, found_at)
                    for rule, body, result, key, detail in batch
                ],
            )


def _copy(rows: pd.DataFrame) -> None:
    """PostgreSQL: the hits through COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT
    DO NOTHING in their order (executemany of 25,000 hits takes seconds; this, a tenth of it)."""
    ops = connection.ops
    columns = ", ".join(
        ops.quote_name(Hit._meta.get_field(name).column)
        for name in ("rule", "body", "result", "key", "detail")
    )
    staging = ops.quote_name("audit_new_hits")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} (position serial, rule text, body_id bigint, result_id bigint,"
            " key text, detail text) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY {staging} (rule, body_id, result_id, key, detail) FROM STDIN") as copy:
            for rule, body, result, key, detail in rows.itertuples(index=False, name=None):
                copy.write_row((rule, int(body), None if pd.isna(result) else int(result), key, detail))
        cursor.execute(
            f"INSERT INTO {ops.quote_name(Hit._meta.db_table)} ({columns}, "
            f"{ops.quote_name(Hit._meta.get_field('found_at').column)}) "
            f"SELECT rule, body_id, result_id, key, detail, %s FROM {staging} ORDER BY position "
            "ON CONFLICT DO NOTHING",
            [timezone.now()],
        )
        cursor.execute(f"DROP TABLE {staging}")  # a second audit in the same transaction makes it anew


def _stored_keys(found: pd.DataFrame) -> pd.DataFrame:
    """(rule, body_id, key) of the hits already stored for the rules and bodies in `found`."""
    rules = sorted(found["rule"].unique())
    bodies = sorted(int(b) for b in found["body_id"].unique())
    parts = [pd.DataFrame({"rule": [], "body_id": [], "key": []})]
    for first in range(0, len(bodies), BODIES_PER_QUERY):
        chunk = bodies[first : first + BODIES_PER_QUERY]
        stored = Hit.objects.filter(rule__in=rules, body_id__in=chunk).values_list("rule", "body_id", "key")
        parts.append(pd.DataFrame(list(stored), columns=["rule", "body_id", "key"]))
    frame = pd.concat(parts, ignore_index=True)
    return frame.astype({"rule": "str", "body_id": "int64", "key": "str"})
