"""The colleges' catalogue from a file (common.tables: CSV or XLSX, Chinese or English headers): new credit
codes are added, known ones updated; any problem refuses the whole file, listed at its row and column."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from common.tables import TableRefused, map_headers, read_table
from plans.imports import HEADINGS, import_colleges
from plans.models import TechnicalCollege
from registry.identifiers import credit_code
from tests import factories

pytestmark = pytest.mark.django_db

ZH = ["院校名称", "统一社会信用代码", "所在区县", "停办日期"]
EN = ["name", "credit_code", "district", "closed_on"]
CODES = [credit_code(700 + n, authority="12") for n in range(10)]


@pytest.fixture
def centre():
    return factories.centre_officer()


def csv_file(rows: list[list], headers=ZH, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *rows])
    return buffer.getvalue().encode(encoding)


def refused(centre, data: bytes, filename="colleges.csv") -> list[tuple[int, str, str]]:
    before = list(TechnicalCollege.objects.values_list("name", "credit_code", "district", "closed_on"))
    with pytest.raises(TableRefused) as caught:
        import_colleges(user=centre, data=data, filename=filename)
    assert (
        list(TechnicalCollege.objects.values_list("name", "credit_code", "district", "closed_on")) == before
    )
    assert all(e.message for e in caught.value.errors)
    return [(e.row, e.column, e.value) for e in caught.value.errors]


def test_a_gbk_csv_adds_colleges_by_district_name_or_code(centre):
    data = csv_file(
        [
            ["重庆市甲技师学院", CODES[0], "渝中区", ""],
            ["重庆市乙技工学校", CODES[1].lower(), "500107", "2025/7/1"],
        ],
        encoding="gbk",
    )
    outcome = import_colleges(user=centre, data=data, filename="名录.csv")

    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 0, 0)
    assert set(
        TechnicalCollege.objects.values_list("name", "credit_code", "district__name", "closed_on")
    ) == {
        ("重庆市甲技师学院", CODES[0], "渝中区", None),
        ("重庆市乙技工学校", CODES[1], "九龙坡区", datetime.date(2025, 7, 1)),
    }


def test_a_known_credit_code_updates_its_college_and_an_absent_date_column_keeps_closures(centre):
    kept = TechnicalCollege.objects.create(
        name="重庆市旧名学校",
        credit_code=CODES[0],
        district=factories.district(),
        closed_on=datetime.date(2024, 1, 1),
    )
    same = TechnicalCollege.objects.create(
        name="重庆市丙技工学校", credit_code=CODES[2], district=factories.district()
    )
    rows = [
        ["重庆市新名技师学院", CODES[0], "九龙坡区"],
        [same.name, same.credit_code, "渝中区"],
        ["新学校", CODES[3], "渝中区"],
    ]

    outcome = import_colleges(user=centre, data=csv_file(rows, EN[:3]), filename="c.csv")

    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 1)
    kept.refresh_from_db()
    assert (kept.name, kept.district.name, kept.closed_on) == (
        "重庆市新名技师学院",
        "九龙坡区",
        datetime.date(2024, 1, 1),
    )


def test_a_workbook_with_a_date_cell(centre):
    workbook = openpyxl.Workbook()
    workbook.active.append(ZH)
    workbook.active.append(["重庆市丁技师学院", CODES[4], "渝中区", datetime.date(2025, 9, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_colleges(user=centre, data=buffer.getvalue(), filename="c.xlsx")

    assert TechnicalCollege.objects.get().closed_on == datetime.date(2025, 9, 1)


def test_every_problem_is_listed_at_its_row_and_column_and_nothing_is_stored(centre):
    TechnicalCollege.objects.create(
        name="重庆市已在学校", credit_code=CODES[9], district=factories.district()
    )
    rows = [
        ["重庆市甲技师学院", CODES[0], "渝中区", ""],  # fine
        ["", CODES[1][:-1] + "0", "火星区", "明天"],
        ["重庆市甲技师学院", CODES[0], "渝中区", ""],  # the same as row 2
        ["重庆市已在学校", CODES[3], "", ""],  # another college's name
    ]
    assert CODES[1][-1] != "0"
    assert refused(centre, csv_file(rows)) == [
        (3, "院校名称", ""),
        (3, "统一社会信用代码", CODES[1][:-1] + "0"),
        (3, "所在区县", "火星区"),
        (3, "停办日期", "明天"),
        (4, "院校名称", "重庆市甲技师学院"),
        (4, "统一社会信用代码", CODES[0]),
        (5, "院校名称", "重庆市已在学校"),
        (5, "所在区县", ""),
    ]


def test_a_missing_column_is_named_in_the_files_language(centre):
    assert refused(centre, csv_file([["x", CODES[0]]], EN[:2])) == [(1, "district", "")]


def test_only_the_centre_and_the_bureau_import():
    data = csv_file([["重庆市甲技师学院", CODES[0], "渝中区", ""]])
    with pytest.raises(PermissionDenied):
        import_colleges(user=factories.district_officer(), data=data, filename="c.csv")
    bureau = factories.user_with_role("bureau_admin")
    assert import_colleges(user=bureau, data=data, filename="c.csv").created == 1


def test_the_page_lists_the_problems_and_offers_them_as_csv(client, centre):
    client.force_login(centre)
    upload = SimpleUploadedFile("c.csv", csv_file([["重庆市甲技师学院", "123", "渝中区", ""]]))

    page = client.post("/plans/colleges/import/", {"file": upload})

    assert page.status_code == 200 and 'id="problems"' in page.content.decode()
    errors = client.get("/plans/colleges/import/errors.csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(errors)))[1][:3] == ["2", "统一社会信用代码", "123"]

    fine = SimpleUploadedFile("c.csv", csv_file([["重庆市甲技师学院", CODES[0], "渝中区", ""]]))
    assert client.post("/plans/colleges/import/", {"file": fine}).status_code == 302
    assert TechnicalCollege.objects.count() == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_has_the_headers_the_import_reads(client, centre, fmt):
    client.force_login(centre)
    response = client.get(f"/plans/colleges/import/template.{fmt}")
    assert response.status_code == 200
    table = read_table(response.content, f"t.{fmt}", headings=HEADINGS)
    assert table.headers == ZH
    assert map_headers(table.headers, HEADINGS)[2] == []
