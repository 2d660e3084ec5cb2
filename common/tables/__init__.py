"""One table layer for every import and download: reading CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX with
headers declared as data and problems at row and column, within limits checked before parsing; writing
CSV and XLSX with formulas made inert; error reports kept for a while and purged.
"""

from common.tables.guard import Kind, check_size, check_xlsx, sniff
from common.tables.headers import Heading, Headings, header_key, map_headers, missing_column
from common.tables.problems import RowError, TableRefused, file_error
from common.tables.read import Table, decode, read_table, upload_bytes
from common.tables.write import (
    CONTENT_TYPES,
    FORMATS,
    Sheet,
    as_frame,
    attachment,
    csv_bytes,
    download,
    errors_csv,
    inert,
    table_bytes,
    write_csv,
    xlsx_bytes,
)

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Heading",
    "Headings",
    "Kind",
    "RowError",
    "Sheet",
    "Table",
    "TableRefused",
    "as_frame",
    "attachment",
    "check_size",
    "check_xlsx",
    "csv_bytes",
    "decode",
    "download",
    "errors_csv",
    "file_error",
    "header_key",
    "inert",
    "map_headers",
    "missing_column",
    "read_table",
    "sniff",
    "table_bytes",
    "upload_bytes",
    "write_csv",
    "xlsx_bytes",
]
