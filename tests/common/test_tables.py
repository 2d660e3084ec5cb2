"""The table layer (common.tables): reading CSV/XLSX with declared headings, problems at row and column,
the limits checked before any parser runs, inert writing, and kept error reports purged after a week."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from common import tables
from common.tables import Heading, Headings, RowError, TableRefused, kept
from tests import factories
from tests.common.workbooks import build_zip, row_xml, small, workbook_bomb

HEADINGS = Headings(
    [
        Heading("id_number", "证件号码", "id_number", aliases=("身份证号码",)),
        Heading("name", "姓名", "name"),
        Heading("score", "考试成绩", "score", required=False),
    ]
)
ZH = ["证件号码", "姓名", "考试成绩"]
ROWS = [["510202198601010010", "张三", "85.5"], ["51020219860101002X", "李四", "60"]]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def csv_data(rows, headers=ZH, *, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_data(rows, headers=ZH, *, extra_sheet=False) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    if extra_sheet:
        workbook.create_sheet("other").append(["not", "read"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(table: tables.Table) -> list[list[str]]:
    """The declared fields' cells, by field, whatever the reader's column positions."""
    positions, _written, errors = tables.map_headers(table.headers, HEADINGS)
    assert errors == []
    return table.frame[list(positions.values())].astype(str).values.tolist()


class Unreadable:
    """An upload whose bytes must not be read: only its size may be looked at."""

    def __init__(self, data: bytes):
        self.size = len(data)

    def chunks(self):
        raise AssertionError("read before its size was checked")


def refusal(data: bytes, filename: str = "t.csv") -> list[RowError]:
    """The problems, with filesizeformat's no-break spaces as plain ones."""
    with pytest.raises(TableRefused) as caught:
        tables.read_table(data, filename, headings=HEADINGS)
    return [RowError(e.row, e.column, e.value, e.message.replace("\xa0", " ")) for e in caught.value.errors]


# --- encodings and formats ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
@pytest.mark.parametrize("blank_line", [False, True])  # the fast reader, and the careful one
def test_csv_in_utf8_with_or_without_bom_or_gbk_reads_the_same(encoding, blank_line):
    data = csv_data(ROWS, encoding=encoding)
    if blank_line:
        data = data.replace(b"\r\n", b"\r\n\r\n", 2).replace(b"\r\n\r\n", b"\r\n", 1)
    table = tables.read_table(data, "t.csv", headings=HEADINGS, few_values={"score"})
    assert table.headers == ZH
    got = [row for row in cells(table) if any(row)]
    assert got == ROWS


def test_blank_lines_keep_the_row_numbers_of_the_file():
    data = csv_data([ROWS[0], [], ROWS[1]])
    table = tables.read_table(data, "t.csv", headings=HEADINGS)
    assert table.rows.tolist() == [2, 3, 4]


def test_xlsx_first_sheet_is_read_as_text():
    data = xlsx_data([["510202198601010010", "张三", 85.5]], extra_sheet=True)
    table = tables.read_table(data, "t.xlsx", headings=HEADINGS)
    assert table.headers == ZH
    assert cells(table) == [["510202198601010010", "张三", "85.5"]]


def test_a_big_csv_is_read_a_block_at_a_time_with_every_row():
    rows = [[f"5102021986010{n:05d}", f"名{n}", str(n % 100)] for n in range(40_000)]
    data = csv_data(rows)
    assert len(data) > tables.read.BLOCK
    table = tables.read_table(data, "t.csv", headings=HEADINGS, few_values={"score"})
    assert len(table.frame) == 40_000 and table.rows[-1] == 40_001
    assert cells(table)[-1] == rows[-1]


# --- headings ----------------------------------------------------------------------------------------


def test_chinese_english_and_alias_headers_in_any_order_with_spaces_are_found():
    positions, written, errors = tables.map_headers(["  remark ", " NAME", "身份证号码 "], HEADINGS)
    assert errors == []
    assert positions == {"name": 1, "id_number": 2}
    assert written == {"name": "NAME", "id_number": "身份证号码", "score": "score"}  # as English files do


def test_missing_required_headers_are_named_in_the_files_language():
    _positions, _written, errors = tables.map_headers(["name"], HEADINGS)
    assert [(e.row, e.column) for e in errors] == [(1, "id_number")]
    _positions, _written, errors = tables.map_headers(["姓名"], HEADINGS)
    assert [(e.row, e.column, e.value) for e in errors] == [(1, "证件号码", "")]


def test_a_column_twice_or_under_two_names_is_a_problem_at_row_1():
    _p, _w, errors = tables.map_headers(["证件号码", "姓名", "姓名 ", "id_number"], HEADINGS)
    assert [(e.row, e.column) for e in errors] == [(1, "姓名"), (1, "id_number")]
    assert errors[0].message == "This column appears twice."
    assert errors[1].message == "This column repeats 证件号码."


def test_one_name_for_two_fields_is_refused_when_declared():
    with pytest.raises(ValueError, match="names both"):
        Headings([Heading("a", "甲", "a"), Heading("b", "乙", "b", aliases=(" A ",))])


# --- problems at row and column ----------------------------------------------------------------------


def test_a_ragged_row_is_refused_at_its_line():
    data = csv_data([ROWS[0], [*ROWS[1], "extra", "cells"]])
    (error,) = refusal(data)
    assert error.row == 3 and error.column == "" and "could not be read" in error.message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "t.csv", "The file is empty."),
        (b" \r\n", "t.csv", "The file is empty."),
        (b"\xd0\xcf\x11\xe0" + bytes(600), "t.xls", "Save the workbook as .xlsx"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "t.csv", "neither CSV text nor an XLSX"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "t.xlsx", "neither CSV text nor an XLSX"),
        (bytes(range(1, 32)) * 40, "t.csv", "neither CSV text nor an XLSX"),
        ("证件号码,姓名\n1,2\n".encode("utf-16"), "t.csv", "not UTF-8 or GBK"),
        (b"PK\x03\x04 not really a zip", "t.xlsx", "could not be read as an XLSX"),
        (b"\x81\x30\xff\xfe,\xa0\xa0\n", "t.csv", "not UTF-8 or GBK"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_whole(data, filename, message):
    (error,) = refusal(data, filename)
    assert (error.row, error.column, error.value) == (1, "", "")
    assert message in error.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "证件号码,姓名\n")
    (error,) = refusal(buffer.getvalue(), "t.xlsx")
    assert error.message == "This is a ZIP archive, not an XLSX workbook."


# --- limits ------------------------------------------------------------------------------------------


def test_a_file_over_the_upload_limit_is_refused_naming_the_limit():
    data = csv_data(ROWS * 100)
    with override_settings(TABLE_UPLOAD_MAX_BYTES=1024):
        (error,) = refusal(data)
        assert "the limit is 1.0 KB" in error.message
        # An upload is judged by its size before a byte of it is read.
        upload = Unreadable(data)
        with pytest.raises(TableRefused) as caught:
            tables.upload_bytes(upload)
        assert caught.value.errors[0].row == 1


def test_a_workbook_declaring_more_than_the_unpacked_limit_is_refused():
    data = workbook_bomb(megabytes=120)
    (error,) = refusal(data, "t.xlsx")
    assert error.message == "The workbook unpacks to more than 100.0 MB; split it, or save it as CSV."


def test_a_workbook_lying_about_its_sizes_is_refused_when_it_inflates_past_the_limit():
    data = workbook_bomb(megabytes=120, lie=True)
    assert sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist()) < 10_000
    (error,) = refusal(data, "t.xlsx")
    assert "unpacks to more than 100.0 MB" in error.message


@override_settings(TABLE_XLSX_MAX_ROWS=1000)
def test_a_workbook_with_too_many_rows_is_refused_and_one_within_the_limit_is_read():
    (error,) = refusal(workbook_bomb(megabytes=1, row=row_xml(2)), "t.xlsx")
    assert error.message == "The workbook has more than 1,000 rows; split it, or save it as CSV."
    assert len(tables.read_table(xlsx_data(ROWS * 499), "t.xlsx", headings=HEADINGS).frame) == 998


def test_a_workbook_in_an_unknown_compression_is_refused():
    members = [small("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"xx", 2, 0, 12)]
    (error,) = refusal(build_zip(members), "t.xlsx")
    assert error.message == "This file could not be read as an XLSX workbook."


@pytest.mark.django_db
@pytest.mark.parametrize("lie", [False, True])
def test_a_3_mb_zip_bomb_stores_nothing_in_either_import(lie):
    from certificates.models import Result, Roster
    from certificates.services.rosters import RosterRefused, import_roster
    from examiners.imports import import_results

    data = workbook_bomb(megabytes=400, lie=lie, padding=2_500_000)
    assert 3_000_000 < len(data) < 5_000_000
    officer = factories.centre_officer()
    with pytest.raises(RosterRefused) as caught:
        import_roster(user=officer, data=data, filename="roster.xlsx")
    assert [e.message.replace("\xa0", " ") for e in caught.value.errors] == [
        "The workbook unpacks to more than 100.0 MB; split it, or save it as CSV."
    ]
    assert not Roster.objects.exists() and not Result.objects.exists()

    report = import_results(SimpleUploadedFile("results.xlsx", data), user=officer)
    assert not report.ok and "100.0\xa0MB" in report.errors[0].message and report.rows == 0


# --- writing -----------------------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "张三"]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"text": HOSTILE, "number": [-5, 0, 1, 2, 3, 4, 5, 6], "score": [-0.5] * 8})


def test_csv_makes_formulas_inert_with_an_apostrophe_and_keeps_numbers():
    content = tables.csv_bytes(hostile_frame())
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["text", "number", "score"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE[:6]] + ["plain", "张三"]
    assert rows[1][1:] == ["-5", "-0.5"]
    assert not tables.csv_bytes(hostile_frame(), bom=False).startswith(b"\xef\xbb\xbf")


def test_xlsx_writes_formulas_as_string_cells_and_numbers_as_numbers():
    content = tables.xlsx_bytes([tables.Sheet("t", hostile_frame())])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    texts = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in texts] == ["s"] * len(HOSTILE)
    assert [c.value for c in texts] == [h.replace("\r", "\n") for h in HOSTILE]  # XML reads CR as LF
    number, score = sheet["B2"], sheet["C2"]
    assert (number.value, number.data_type, score.value, score.data_type) == (-5, "n", -0.5, "n")
    # What Excel reads: no <f> element anywhere in the sheet.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_drops_control_characters_that_openpyxl_cannot_store():
    frame = pd.DataFrame({"name": ["a\x01b\x1bc"]})
    sheet = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes([tables.Sheet("t", frame)]))).active
    assert sheet["A2"].value == "abc"


def test_download_names_the_file_by_stem_and_day():
    response = tables.download(hostile_frame(), fmt="xlsx", stem="bodies")
    assert response["Content-Type"] == tables.CONTENT_TYPES["xlsx"]
    assert f'filename="bodies-{timezone.localdate():%Y%m%d}.xlsx"' in response["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.title == "bodies"


def test_error_csv_makes_the_uploaded_values_inert():
    content = tables.errors_csv([RowError(7, "=cmd", "-2+3", "Bad."), RowError(1, "", "", "File.")])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["row", "column", "value", "message"],
        ["7", "'=cmd", "'-2+3", "Bad."],
        ["1", "", "", "File."],
    ]


# --- kept error reports ------------------------------------------------------------------------------


def test_reports_are_kept_only_in_the_declared_folders_under_safe_names():
    with pytest.raises(ValueError):
        kept.keep("elsewhere", "a.csv", b"x")
    with pytest.raises(ValueError):
        kept.keep("roster-errors", "../a.csv", b"x")
    assert kept.kept("roster-errors", "../../settings.py") is None


def test_purge_deletes_reports_older_than_the_keep_days_once(time_machine):
    path = kept.keep("roster-errors", "1-abc.csv", b"row\n")
    now = timezone.now()
    time_machine.move_to(now + datetime.timedelta(days=6, hours=23), tick=False)
    assert kept.purge() == 0 and path.exists()
    time_machine.move_to(now + datetime.timedelta(days=7, minutes=1), tick=False)
    out = io.StringIO()
    call_command("purge_error_reports", stdout=out)
    assert "1 error report(s) older than 7 days deleted." in out.getvalue()
    assert not path.exists() and kept.kept("roster-errors", "1-abc.csv") is None
    call_command("purge_error_reports", stdout=out)  # daily: a second run finds nothing
    assert kept.purge() == 0


@override_settings(ERROR_REPORT_KEEP_DAYS=1)
def test_the_keep_days_are_a_setting(time_machine):
    path = kept.keep("roster-errors", "2-abc.csv", b"row\n")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, minutes=1), tick=False)
    assert kept.purge() == 1 and not path.exists()
