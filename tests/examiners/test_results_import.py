"""Batch import of training and exam results (XLSX or CSV): every row checked, all-or-nothing."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_fsm_log.models import StateLog

from examiners.imports import RowError, errors_csv, import_results, template_file
from examiners.models import Certification, Person
from registry.identifiers import resident_id
from tests import factories

ZH = ["证件号码", "姓名", "角色", "认证方式", "培训学时", "考试成绩", "考试日期"]
EN = ["id_number", "name", "role", "track", "training_hours", "exam_score", "exam_date"]
EXAM_DAY = datetime.date(2024, 3, 15)


@pytest.fixture
def officer():
    return factories.centre_officer()


def in_training(**overrides):
    return factories.certification(status="training", **overrides)


def line(cert, *, score="85.5", hours="40", day="2024-03-15", role="考评员", track="线上") -> list:
    return [cert.person.id_number, cert.person.name, role, track, hours, score, day]


def csv_file(rows, headers=ZH, encoding="utf-8", name="results.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, headers=ZH) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("results.xlsx", buffer.getvalue())


def untouched(*certs) -> bool:
    """Still in training with no result recorded, and no transition logged."""
    for cert in certs:
        cert.refresh_from_db()
        if (cert.status, cert.exam_score, cert.exam_date) != ("training", None, None):
            return False
    return not StateLog.objects.exists()


def where(report) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in report.errors]


# --- formats and encodings -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_gbk_csv_with_chinese_headers_imports(officer):
    cert = in_training()
    upload = csv_file([line(cert)], encoding="gbk")
    upload.file.seek(0)
    assert upload.read().decode("gbk").startswith("证件号码")  # really GBK, not UTF-8

    report = import_results(upload, user=officer)

    assert report.ok, report.errors
    cert.refresh_from_db()
    assert (cert.training_hours, cert.exam_score, cert.exam_date) == (40, Decimal("85.5"), EXAM_DAY)


@pytest.mark.django_db
def test_utf8_csv_with_bom_imports(officer):
    cert = in_training()
    upload = csv_file([line(cert)], encoding="utf-8-sig")
    assert upload.file.getvalue().startswith(b"\xef\xbb\xbf")

    report = import_results(upload, user=officer)

    assert (report.ok, report.rows, report.certified) == (True, 1, 1)


@pytest.mark.django_db
def test_english_headers_in_any_order_with_spaces_import(officer):
    cert = in_training(track="offline")
    order = [6, 0, 4, 2, 1, 5, 3]
    headers = [f"  {EN[i]} " for i in order]
    values = [cert.person.id_number, cert.person.name, "examiner", "offline", "12", "61", "2024/3/5"]

    report = import_results(csv_file([[values[i] for i in order]], headers=headers), user=officer)

    assert report.ok, report.errors
    cert.refresh_from_db()
    assert (cert.status, cert.training_hours, cert.exam_date) == ("certified", 12, datetime.date(2024, 3, 5))


@pytest.mark.django_db
def test_xlsx_with_date_cells_imports(officer):
    cert = in_training()
    row = [cert.person.id_number, cert.person.name, "考评员", "线上", 40, 72, datetime.date(2024, 2, 29)]

    report = import_results(xlsx_file([row]), user=officer)

    assert report.ok, report.errors
    cert.refresh_from_db()
    assert (cert.exam_date, cert.exam_score) == (datetime.date(2024, 2, 29), Decimal("72.0"))


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_excel_serial_date_number_imports(officer, make):
    cert = in_training()

    report = import_results(make([line(cert, day=45292)]), user=officer)

    assert report.ok, report.errors
    cert.refresh_from_db()
    assert cert.exam_date == datetime.date(2024, 1, 1)


@pytest.mark.django_db
def test_supervisor_role_is_matched_by_its_chinese_name(officer):
    examiner = in_training(role="examiner")
    supervisor = in_training(role="supervisor", who=examiner.person)

    report = import_results(csv_file([line(examiner, role="督导员")]), user=officer)

    assert report.ok, report.errors
    supervisor.refresh_from_db()
    examiner.refresh_from_db()
    assert (supervisor.status, examiner.status) == ("certified", "training")


# --- errors by row and column ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_column_is_one_error_at_row_1_and_nothing_is_stored(officer):
    cert = in_training()
    rows = [line(cert)[:6]]

    report = import_results(csv_file(rows, headers=ZH[:6]), user=officer)

    assert where(report) == [(1, "考试日期")]
    assert untouched(cert)


@pytest.mark.django_db
def test_one_bad_id_in_2000_rows_names_that_row_and_stores_nothing(officer):
    district = factories.district()
    people = Person.objects.bulk_create(
        Person(
            name=f"学员{n}",
            id_number=resident_id(
                n, born=f"{datetime.date(1986, 1, 1) + datetime.timedelta(days=n // 1000):%Y%m%d}"
            ),
            district=district,
        )
        for n in range(2000)
    )
    Certification.objects.bulk_create(
        Certification(person=p, role="examiner", track="online", grade="examiner", status="training")
        for p in people
    )
    rows = [[p.id_number, p.name, "考评员", "线上", 40, 80, "2024-03-15"] for p in people]
    good = rows[999][0]
    bad = good[:-1] + ("1" if good[-1] == "0" else "0")  # data row 1000 = spreadsheet row 1001
    rows[999][0] = bad

    report = import_results(csv_file(rows), user=officer)

    assert report.rows == 2000
    assert report.errors == [RowError(1001, "证件号码", bad, report.errors[0].message)]
    assert Certification.objects.filter(status="training", exam_score__isnull=True).count() == 2000
    assert not StateLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ({"score": "100.5"}, "100.5"),
        ({"score": "八十"}, "八十"),
        ({"score": "85.25"}, "85.25"),
        ({"day": "2024-13-45"}, "2024-13-45"),
        ({"day": "3/15/2024"}, "3/15/2024"),
        ({"hours": "12.5"}, "12.5"),
        ({"hours": "501"}, "501"),
        ({"track": "函授"}, "函授"),
    ],
    ids=[
        "score-over-100",
        "score-not-a-number",
        "score-two-decimals",
        "impossible-date",
        "us-date",
        "fractional-hours",
        "too-many-hours",
        "unknown-track",
    ],
)
def test_bad_cell_is_reported_at_its_row_and_column(officer, cell, value):
    column = {"score": "考试成绩", "day": "考试日期", "hours": "培训学时", "track": "认证方式"}[
        next(iter(cell))
    ]
    good, bad = in_training(), in_training()

    report = import_results(csv_file([line(good), line(bad, **cell)]), user=officer)

    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, column, value)]
    assert untouched(good, bad)


@pytest.mark.django_db
def test_future_exam_date_is_an_error(officer):
    cert = in_training()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    report = import_results(csv_file([line(cert, day=tomorrow.isoformat())]), user=officer)

    assert where(report) == [(2, "考试日期")]
    assert untouched(cert)


@pytest.mark.django_db
def test_name_not_matching_the_id_is_an_error(officer):
    cert = in_training()
    row = line(cert)
    row[1] = "李四"

    report = import_results(csv_file([row]), user=officer)

    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "姓名", "李四")]
    assert untouched(cert)


@pytest.mark.django_db
def test_track_not_matching_the_certification_is_an_error(officer):
    cert = in_training(track="online")

    report = import_results(csv_file([line(cert, track="线下")]), user=officer)

    assert where(report) == [(2, "认证方式")]


@pytest.mark.django_db
def test_the_same_person_and_role_twice_is_an_error_on_the_second_row(officer):
    cert, other = in_training(), in_training()

    report = import_results(csv_file([line(cert), line(other), line(cert, score="90")]), user=officer)

    assert where(report) == [(4, "证件号码")]
    assert "2" in report.errors[0].message
    assert untouched(cert, other)


@pytest.mark.django_db
def test_unknown_person_and_missing_certification_are_errors_on_the_id(officer):
    cert = in_training(role="examiner")
    stranger = [resident_id(777, born="19870707"), "王五", "考评员", "线上", "40", "80", "2024-03-15"]

    report = import_results(csv_file([stranger, line(cert, role="质量督导员")]), user=officer)

    assert where(report) == [(2, "证件号码"), (3, "证件号码")]


# --- applying ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pass_certifies_and_a_fail_stays_examined(officer):
    passer, failer = in_training(), in_training()

    report = import_results(csv_file([line(passer, score="60"), line(failer, score="59.5")]), user=officer)

    assert (report.ok, report.rows, report.certified, report.examined) == (True, 2, 1, 1)
    passer.refresh_from_db()
    failer.refresh_from_db()
    assert (passer.status, passer.valid_from) == ("certified", EXAM_DAY)
    assert passer.certificate_no
    assert (failer.status, failer.exam_score, failer.certificate_no) == ("examined", Decimal("59.5"), None)


@pytest.mark.django_db
def test_reimporting_certified_people_is_refused_row_by_row(officer):
    first, second = factories.certification(status="certified"), factories.certification(status="certified")
    before = list(Certification.objects.order_by("pk").values())

    report = import_results(csv_file([line(first), line(second)]), user=officer)

    assert where(report) == [(2, "证件号码"), (3, "证件号码")]
    assert list(Certification.objects.order_by("pk").values()) == before
    assert not StateLog.objects.exists()


@pytest.mark.django_db
def test_a_failure_while_applying_rolls_back_every_row(officer):
    ready = in_training()
    no_grade = in_training(grade="")  # certify() refuses an examiner without a grade

    report = import_results(csv_file([line(ready), line(no_grade)]), user=officer)

    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "证件号码", no_grade.person.id_number)]
    assert (report.certified, report.examined) == (0, 0)
    assert untouched(ready, no_grade)


@pytest.mark.django_db
def test_only_centre_officers_may_import():
    cert = in_training()
    with pytest.raises(PermissionDenied):
        import_results(csv_file([line(cert)]), user=factories.body_admin())
    assert untouched(cert)


# --- template and error list ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_headers_are_understood_by_the_import(officer, fmt):
    content, content_type, filename = template_file(fmt)
    assert filename.endswith(f".{fmt}") and content_type

    report = import_results(io.BytesIO(content), user=officer, filename=filename)

    # Only the example row is refused (nobody has its ID number); no column is missing.
    assert report.rows == 1
    assert where(report) == [(2, "证件号码")]


@pytest.mark.django_db
def test_errors_csv_lists_row_column_value_message_for_excel(officer):
    cert = in_training()
    report = import_results(csv_file([line(cert, score="101")]), user=officer)

    content = errors_csv(report)

    assert content.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ["row", "column", "value", "message"]
    assert frame.iloc[0, :3].tolist() == ["2", "考试成绩", "101"]


@pytest.mark.django_db
def test_errors_csv_does_not_let_uploaded_formulas_run(officer):
    cert = in_training()
    report = import_results(csv_file([line(cert, score='=HYPERLINK("http://x")')]), user=officer)

    frame = pd.read_csv(io.BytesIO(errors_csv(report)), encoding="utf-8-sig", dtype=str)

    assert frame.loc[0, "value"] == '\'=HYPERLINK("http://x")'


# --- command ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_lists_errors_and_exits_with_status_1(officer, tmp_path, capsys):
    cert = in_training()
    path = tmp_path / "results.csv"
    path.write_bytes(csv_file([line(cert, score="abc")]).read())

    with pytest.raises(CommandError) as failure:
        call_command("import_certification_results", str(path), user=officer.username)

    assert failure.value.returncode == 1
    assert capsys.readouterr().err.splitlines()[0].startswith("2\t考试成绩\tabc\t")
    assert untouched(cert)


@pytest.mark.django_db
def test_command_prints_a_summary(officer, tmp_path, capsys):
    cert = in_training()
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx_file([line(cert)]).read())

    call_command("import_certification_results", str(path), user=officer.username)

    assert "1 certified" in capsys.readouterr().out
