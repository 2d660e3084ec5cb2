"""Reading a table: CSV (UTF-8, UTF-8 with BOM, or GBK) or the first sheet of an XLSX, every cell as text.

The fast path is pyarrow's streaming CSV reader, a block at a time, reading only the columns the import
declares (those with few distinct values dictionary-encoded); files it cannot take (GBK is recoded first;
blank lines, ragged rows) go through pandas' C reader, which keeps the file's row numbers.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from common.tables.guard import Kind, check_size, sniff
from common.tables.headers import Headings
from common.tables.problems import RowError, TableRefused, file_error

logger = logging.getLogger(__name__)

UTF8_BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 20  # bytes per block of the streaming reader


@dataclass
class Table:
    """The file's cells as text: `headers` as written, `frame` with positional columns (the declared
    ones at least), `rows` the file row number of each frame row."""

    headers: list[str]
    frame: pd.DataFrame
    rows: np.ndarray


def read_table(data: bytes, filename: str = "", *, headings: Headings, few_values=frozenset()) -> Table:
    """Everything as text, no NA guessing: an ID number must never become a float. Raises TableRefused."""
    if sniff(data, filename) == Kind.XLSX:
        return _read_xlsx(data, filename)
    # Views, not copies: a roster can be a few hundred megabytes.
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    end = len(data)
    while end > start and data[end - 1] in b"\r\n":  # trailing blank lines are no rows
        end -= 1
    # Blank lines inside the file still count as rows, which only the careful reader keeps.
    blank_lines = data.find(b"\n\n", start, end) >= 0 or data.find(b"\n\r\n", start, end) >= 0
    if not blank_lines:
        table = _read_csv_fast(memoryview(data)[start:end], headings, few_values)
        if table is not None:
            return table
    text, encoding = decode(memoryview(data)[start:end])
    if text is None:
        raise file_error(_("The file is not UTF-8 or GBK text; save it as CSV (UTF-8) and try again."))
    if encoding != "utf-8" and not blank_lines:
        table = _read_csv_fast(memoryview(text.encode("utf-8")), headings, few_values)
        if table is not None:
            return table
    return _read_csv_slow(text)


def decode(data) -> tuple[str | None, str]:
    # gb18030 is a superset of GBK and GB2312; UTF-8 is tried first because GBK would accept much of it.
    for encoding in ("utf-8", "gb18030"):
        try:
            return str(data, encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, ""


def _read_csv_fast(data: memoryview, headings: Headings, few_values) -> Table | None:
    """pyarrow's reader, the declared columns as text; None when it cannot take the file (not UTF-8, a
    ragged row, a header spanning lines) and the careful reader must."""
    first_line = bytes(data[: 64 * 1024]).split(b"\n", 1)[0].rstrip(b"\r")
    try:
        headers = next(csv.reader([first_line.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if not headers or any('"' in h for h in headers):
        return None
    names = [f"c{i}" for i in range(len(headers))]
    fields = {names[i]: headings.field_of(h) for i, h in enumerate(headers)}
    wanted = [name for name, field in fields.items() if field]
    if not wanted:  # none of the declared headers: map_headers lists them all as missing
        return Table(headers=headers, frame=pd.DataFrame(), rows=np.arange(0) + 2)
    # Columns with few distinct values (a session shares its date, level, codes and examiners) are read
    # dictionary-encoded: 4 bytes a row instead of the text.
    types = {
        name: pa.dictionary(pa.int32(), pa.string()) if fields[name] in few_values else pa.large_string()
        for name in wanted
    }
    try:
        # The streaming reader, a block at a time: faster here than the whole-file one, and it never holds
        # more than a few blocks of parser buffers.
        reader = pacsv.open_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK),
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
        raise TableRefused(
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
    except Exception as exc:  # a damaged or foreign workbook: openpyxl raises many kinds
        logger.info("unreadable XLSX %r", filename, exc_info=True)
        raise file_error(_("This file could not be read as an XLSX workbook.")) from exc
    if frame.empty:
        raise file_error(_("The file is empty."))
    return _split_header(frame)


def _split_header(frame: pd.DataFrame) -> Table:
    headers = ["" if pd.isna(h) else str(h) for h in frame.iloc[0].tolist()]
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    return Table(headers=headers, frame=body, rows=np.arange(len(body)) + 2)


def upload_bytes(upload) -> bytes:
    """An upload's bytes (Django's UploadedFile, a file object or bytes), refused before reading when it
    is over the size limit."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    size = getattr(upload, "size", None)
    if size is not None:
        check_size(size)
    if hasattr(upload, "chunks"):  # Django's UploadedFile: chunks() starts from the beginning
        return b"".join(upload.chunks())
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()
