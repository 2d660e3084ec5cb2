"""Storing checked roster rows in bulk: their keys, which of them are new, and the insert itself.

Hundreds of thousands of rows per file: no ORM objects. SQLite takes one prepared INSERT through
`executemany`; PostgreSQL takes the rows as CSV through COPY. Both run inside the caller's transaction.
"""

import gc
import hashlib
import io
import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection

from certificates.models import CertificateStatus, Result

TABLE = Result._meta.db_table
COLUMNS = (
    "roster_id",
    "line",
    "body_id",
    "occupation_id",
    "level",
    "evaluation_type",
    "name",
    "id_number",
    "theory_score",
    "skill_score",
    "review_score",
    "exam_date",
    "issue_date",
    "certificate_no",
    "examiner_nos",
    "row_key",
    "status",
    "revoked_at",
    "revoked_reason",
)
CHUNK = 50_000  # rows per executemany / COPY write: bounds the Python objects alive at once
KEY_CHUNK = 10_000  # row keys per lookup query on SQLite (its limit is 32,766 parameters)
# Imports take this transaction-level lock on PostgreSQL, so that two imports never both find a key new
# (SQLite's BEGIN IMMEDIATE already serialises writers).
IMPORT_LOCK = 0x524F53544552  # "ROSTER"


def lock() -> None:
    """Serialise roster imports until the end of the current transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def iso_dates(column: pd.Series) -> np.ndarray:
    """Dates as "YYYY-MM-DD" (None where empty), vectorised."""
    days = column.to_numpy(dtype="datetime64[s]").astype("datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype(object)
    text[np.isnat(days)] = None
    return text


def row_keys(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """sha1 of body id|ID number|occupation id|level|exam date: the same result reported twice is one row.
    Also the digests' first 8 bytes as integers, for finding repeats without hashing the strings again."""
    sha1 = hashlib.sha1
    keys, prefixes = [], []
    for start in range(0, len(frame), CHUNK):  # a chunk at a time: one Python string per row while hashing
        part = frame.iloc[start : start + CHUNK]
        text = (
            part["body_id"].astype("str")
            + "|"
            + part["id_number"]
            + "|"
            + part["occupation_id"].astype("str")
            + "|"
            + part["level"].astype("str")
            + "|"
            + pd.Series(iso_dates(part["exam_date"]), index=part.index, dtype="str")
        )
        digests = [sha1(k.encode()).digest() for k in text.tolist()]
        keys.append(pa.array([d.hex() for d in digests], type=pa.large_string()))
        prefixes.append(np.frombuffer(b"".join(d[:8] for d in digests), dtype=np.uint64))
    series = pd.Series(
        pd.array(pa.chunked_array(keys, type=pa.large_string()), dtype="str"), index=frame.index
    )
    return series, np.concatenate(prefixes) if prefixes else np.zeros(0, dtype=np.uint64)


def stored(keys: pd.Series) -> np.ndarray:
    """Which of `keys` are already in the results table (a boolean per key), asked a chunk at a time."""
    found = np.zeros(len(keys), dtype=bool)
    connection.ensure_connection()
    # The driver's own cursor: Django's debug wrapper would quote thousands of parameters to log each query.
    cursor = connection.connection.cursor()
    postgres = connection.vendor == "postgresql"
    size = CHUNK if postgres else KEY_CHUNK
    try:
        for start in range(0, len(keys), size):
            chunk = keys.iloc[start : start + size]
            values = chunk.tolist()
            if postgres:
                cursor.execute(f"SELECT row_key FROM {TABLE} WHERE row_key = ANY(%s)", [values])
            else:
                marks = ", ".join(["?"] * len(values))
                cursor.execute(f"SELECT row_key FROM {TABLE} WHERE row_key IN ({marks})", values)
            known = [key for (key,) in cursor.fetchall()]
            if known:
                found[start : start + size] = chunk.isin(known).to_numpy()
    finally:
        cursor.close()
    return found


def new_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which rows to store (a boolean per row), after adding their `row_key` to `frame`: a row is not
    stored when an earlier row of the file or a stored result has its key. Call inside the transaction
    that stores them, after `lock()`."""
    frame["row_key"], prefixes = row_keys(frame)
    _distinct, first, inverse = np.unique(prefixes, return_index=True, return_inverse=True)
    first_of = first[inverse]  # each row's first row with the same 64-bit prefix
    keep = first_of == np.arange(len(frame))
    if not keep.all():
        # A repeat is confirmed on the whole key (two keys sharing 64 bits are not expected, but cost nothing).
        repeated = np.flatnonzero(~keep)
        keys = frame["row_key"]
        same = keys.iloc[repeated].to_numpy() == keys.iloc[first_of[repeated]].to_numpy()
        keep[repeated[~same]] = True
    keep &= ~stored(frame["row_key"])
    return keep


def insert(frame: pd.DataFrame, *, keep: np.ndarray, roster_id: int, on_rows=None) -> int:
    """Insert the rows `new_rows` kept under a roster; returns how many were written. `on_rows(n)` hears
    how many of the file's rows have been dealt with, after each chunk."""
    if not keep.any():
        return 0

    def chunks():
        for start in range(0, len(frame), CHUNK):
            if on_rows is not None and start:
                on_rows(start)
            yield frame.iloc[start : start + CHUNK][keep[start : start + CHUNK]]

    if connection.vendor == "postgresql":
        return _copy(chunks(), roster_id)
    return _executemany(chunks(), roster_id)


def _status(frame: pd.DataFrame) -> np.ndarray:
    return np.where(
        (frame["certificate_no"] != "").to_numpy(),
        CertificateStatus.ISSUED.value,
        CertificateStatus.NOT_ISSUED.value,
    )


def _executemany(chunks, roster_id: int) -> int:
    sql = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(['?'] * len(COLUMNS))})"
    connection.ensure_connection()
    # The driver's own cursor: Django's wrapper would rewrite and log the statement for every batch.
    cursor = connection.connection.cursor()
    written = 0
    # Each row becomes a short-lived tuple; the cyclic collector, triggered by their count, would rescan
    # every live object again and again for nothing (tuples of strings and numbers hold no cycles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for chunk in chunks:
            review = chunk["review_score"].to_numpy(dtype=object)
            review[np.isnan(chunk["review_score"].to_numpy(dtype=float))] = None
            rows = zip(
                itertools.repeat(roster_id),
                chunk["line"].tolist(),
                chunk["body_id"].tolist(),
                chunk["occupation_id"].tolist(),
                chunk["level"].tolist(),
                chunk["evaluation_type"].tolist(),
                chunk["name"].tolist(),
                chunk["id_number"].tolist(),
                chunk["theory_score"].tolist(),
                chunk["skill_score"].tolist(),
                review.tolist(),
                iso_dates(chunk["exam_date"]).tolist(),
                iso_dates(chunk["issue_date"]).tolist(),
                chunk["certificate_no"].tolist(),
                chunk["examiner_nos"].tolist(),
                chunk["row_key"].tolist(),
                _status(chunk).tolist(),
                itertools.repeat(None),
                itertools.repeat(""),
            )
            cursor.executemany(sql, rows)
            written += cursor.rowcount
    finally:
        cursor.close()
        if collecting:
            gc.enable()
    return written


def _copy(chunks, roster_id: int) -> int:
    sql = f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN (FORMAT csv)"
    written = 0
    # One COPY per chunk: between them the connection is free for the caller's progress reports.
    for chunk in chunks:
        data = _csv(chunk, roster_id)
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(data)
        written += len(chunk)
    return written


def _csv(chunk: pd.DataFrame, roster_id: int) -> bytes:
    """The rows as COPY's CSV: strings always quoted, so "" is an empty string and an unquoted gap NULL."""
    n = len(chunk)

    def text(name: str) -> pa.Array:
        values = pa.array(chunk[name])
        if pa.types.is_dictionary(values.type):
            values = values.dictionary_decode()
        return values.cast(pa.large_string())

    def day(name: str) -> pa.Array:
        return pa.array(chunk[name].to_numpy(dtype="datetime64[s]").astype("datetime64[D]"), from_pandas=True)

    table = pa.table(
        {
            "roster_id": pa.array(np.full(n, roster_id, dtype=np.int64)),
            "line": pa.array(chunk["line"].to_numpy(dtype=np.int64)),
            "body_id": pa.array(chunk["body_id"].to_numpy(dtype=np.int64)),
            "occupation_id": pa.array(chunk["occupation_id"].to_numpy(dtype=np.int64)),
            "level": pa.array(chunk["level"].to_numpy(dtype=np.int16)),
            "evaluation_type": text("evaluation_type"),
            "name": text("name"),
            "id_number": text("id_number"),
            "theory_score": pa.array(chunk["theory_score"].to_numpy(dtype=float)),
            "skill_score": pa.array(chunk["skill_score"].to_numpy(dtype=float)),
            "review_score": pa.array(chunk["review_score"].to_numpy(dtype=float), from_pandas=True),
            "exam_date": day("exam_date"),
            "issue_date": day("issue_date"),
            "certificate_no": text("certificate_no"),
            "examiner_nos": text("examiner_nos"),
            "row_key": text("row_key"),
            "status": pa.array(_status(chunk), type=pa.large_string()),
            "revoked_at": pa.nulls(n, type=pa.timestamp("us", tz="UTC")),
            "revoked_reason": pa.array(np.full(n, "", dtype=object), type=pa.large_string()),
        }
    )
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False))
    return out.getvalue()
