"""What a file is, judged by its bytes, and the limits it must keep — checked before pandas or openpyxl
sees it: the upload's size, and for a workbook its unpacked size (counted while inflating, whatever the
archive declares) and its rows. A zip bomb is refused after inflating at most the limit, a chunk at a time.
"""

import io
import struct
import zipfile
import zlib
from enum import StrEnum

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.tables.problems import file_error

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_MEMBERS = 10_000  # an XLSX has a few dozen parts; thousands mean a crafted archive
CHUNK = 1 << 20  # bytes inflated at a time: what the check holds in memory besides the file
SNIFF = 64 * 1024
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")  # <row r="2">, or with a namespace prefix
TAG_TAIL = 5  # every tag above is 5 bytes: a tag split between chunks is found in the joined tail
# Control characters other than tab, line feed, carriage return and form feed: text has next to none.
CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})


class Kind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def check_size(size: int) -> None:
    """Refuse a file over TABLE_UPLOAD_MAX_BYTES."""
    limit = settings.TABLE_UPLOAD_MAX_BYTES
    if size > limit:
        raise file_error(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def sniff(data: bytes, filename: str = "") -> Kind:
    """CSV text or an XLSX workbook within the limits; anything else is refused with a clear message."""
    if not data or data.isspace():
        raise file_error(_("The file is empty."))
    check_size(len(data))
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data)
        return Kind.XLSX
    if data.startswith(OLE_MAGIC):
        raise file_error(_("Save the workbook as .xlsx or as CSV and upload it again."))
    if data.startswith(UTF16_BOMS):
        raise file_error(_("The file is not UTF-8 or GBK text; save it as CSV (UTF-8) and try again."))
    head = data[:SNIFF]
    # Text has no NUL and next to no control characters; executables, archives and images have many.
    if data.find(b"\x00") >= 0 or len(head.translate(None, CONTROL)) < len(head) * 0.99:
        raise file_error(_("This file is neither CSV text nor an XLSX workbook."))
    if filename.lower().endswith((".xls", ".xlsx")):
        raise file_error(_("Save the workbook as .xlsx or as CSV and upload it again."))
    return Kind.CSV


def check_xlsx(data: bytes) -> None:
    """An OOXML workbook whose parts inflate to at most TABLE_XLSX_MAX_UNPACKED_BYTES and whose sheets
    hold at most TABLE_XLSX_MAX_ROWS rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise file_error(_("This file could not be read as an XLSX workbook.")) from exc
    names = {m.filename for m in members}
    if len(members) > MAX_MEMBERS or not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise file_error(_("This is a ZIP archive, not an XLSX workbook."))
    limit = settings.TABLE_XLSX_MAX_UNPACKED_BYTES
    if sum(m.file_size for m in members) > limit:
        raise _too_big(limit)
    unpacked = 0
    for member in members:
        sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        rows, tail = 0, b""
        for chunk in _inflate(data, member):
            unpacked += len(chunk)
            if unpacked > limit:  # the archive lied about its sizes
                raise _too_big(limit)
            if sheet:
                joined = tail + chunk
                rows += sum(joined.count(tag) - tail.count(tag) for tag in ROW_TAGS)
                tail = joined[-TAG_TAIL:]
                if rows > settings.TABLE_XLSX_MAX_ROWS:
                    raise file_error(
                        _("The workbook has more than %(limit)s rows; split it, or save it as CSV.")
                        % {"limit": f"{settings.TABLE_XLSX_MAX_ROWS:,}"}
                    )


def _too_big(limit: int):
    return file_error(
        _("The workbook unpacks to more than %(limit)s; split it, or save it as CSV.")
        % {"limit": filesizeformat(limit)}
    )


def _inflate(data: bytes, member: zipfile.ZipInfo):
    """The member's bytes as actually inflated, CHUNK at a time, from its local header on."""
    unreadable = file_error(_("This file could not be read as an XLSX workbook."))
    start = member.header_offset
    try:
        signature, _v, flags, method, _t, _d, _crc, _cs, _us, name_length, extra_length = (
            LOCAL_HEADER.unpack_from(data, start)
        )
    except struct.error as exc:
        raise unreadable from exc
    if signature != ZIP_MAGIC or flags & 0x1:  # encrypted parts are no workbook of ours
        raise unreadable
    begin = start + LOCAL_HEADER.size + name_length + extra_length
    packed = memoryview(data)[begin : begin + member.compress_size]
    if method == zipfile.ZIP_STORED:
        for offset in range(0, len(packed), CHUNK):
            yield packed[offset : offset + CHUNK]
        return
    if method != zipfile.ZIP_DEFLATED:
        raise unreadable
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for offset in range(0, len(packed), CHUNK):
            pending = packed[offset : offset + CHUNK]
            while pending:
                chunk = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if chunk:
                    yield chunk
                if inflater.eof:
                    return
    except zlib.error as exc:
        raise unreadable from exc
