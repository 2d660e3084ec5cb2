"""Hostile workbooks built the way attackers build them, in memory: a zip written by hand so that a sheet
of hundreds of megabytes costs a few hundred kilobytes to make, and its sizes can lie."""

import random
import struct
import zlib

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
BLOCK = 1 << 20


def row_xml(cells: int) -> bytes:
    """A row of `cells` numeric cells."""
    return b'<row r="2">' + b'<c r="A2"><v>1</v></c>' * cells + b"</row>"


def _block(row: bytes) -> bytes:
    return row * max(1, BLOCK // len(row))


def sheet_bomb(*, megabytes: int, row: bytes) -> tuple[bytes, int, int]:
    """A deflated sheet of `megabytes` MiB of repeated rows: (deflate stream, inflated size, CRC-32).
    Each block is compressed once after a full flush; the same bytes then stand for every repeat."""
    block = _block(row)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflater.compress(SHEET_START) + deflater.flush(zlib.Z_FULL_FLUSH)
    repeat = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    tail = deflater.compress(SHEET_END) + deflater.flush()
    crc = zlib.crc32(SHEET_START)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(SHEET_END, crc)
    size = len(SHEET_START) + megabytes * len(block) + len(SHEET_END)
    return head + repeat * megabytes + tail, size, crc


def _deflated(data: bytes) -> bytes:
    deflater = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflater.compress(data) + deflater.flush()


def build_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, packed bytes, declared size, CRC-32, method) members, as any writer lays it out."""
    out, central = bytearray(), bytearray()
    for name, packed, size, crc, method in members:
        offset = len(out)
        encoded = name.encode()
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(packed), size, len(encoded), 0
        )
        out += encoded + packed
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(packed),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    count = len(members)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def small(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, _deflated(data), len(data), zlib.crc32(data), 8)


def workbook_bomb(
    *, megabytes: int, row: bytes = row_xml(1000), lie: bool = False, padding: int = 0
) -> bytes:
    """An XLSX whose one sheet inflates to `megabytes` MiB. `lie`: the archive declares the sheet at 1 KB.
    `padding`: bytes of incompressible noise stored alongside, so the file is as big as a real one."""
    packed, size, crc = sheet_bomb(megabytes=megabytes, row=row)
    members = [
        small("[Content_Types].xml", CONTENT_TYPES),
        small("_rels/.rels", RELS),
        small("xl/workbook.xml", WORKBOOK),
        small("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", packed, 1024 if lie else size, crc, 8),
    ]
    if padding:
        noise = random.Random(padding).randbytes(padding)
        members.append(("xl/media/image1.bin", noise, len(noise), zlib.crc32(noise), 0))
    return build_zip(members)
