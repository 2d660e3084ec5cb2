"""The roster's optional 评价类型 column: Chinese names or codes in, 等级认定 when empty or absent, anything
else refuses the file at its row and column; stored by the bulk path (executemany on SQLite, COPY on
PostgreSQL) and shown on the verification page."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from certificates.models import EvaluationType, Result
from certificates.rosters import store
from certificates.services.rosters import import_roster
from registry.services import LineRequest
from tests import factories
from tests.certificates.test_roster_import import (
    EN,
    OCCUPATION,
    TODAY,
    ZH,
    csv_bytes,
    refused,
    row,
    table,
    xlsx_bytes,
)

QUALIFICATION, LEVEL, SPECIAL = EvaluationType.QUALIFICATION, EvaluationType.LEVEL, EvaluationType.SPECIAL
TYPE_ZH, TYPE_EN = "评价类型", "evaluation_type"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(10)), tick=False):
        yield


@pytest.fixture
def officer():
    return factories.centre_officer()


@pytest.fixture
def body():
    return factories.filed_body(lines=[LineRequest(OCCUPATION, 4)])


@pytest.fixture
def examiners():
    return [factories.certification(role="examiner").certificate_no for _ in range(3)]


def typed_csv(rows: list[dict], headers: list[str]) -> bytes:
    """A roster with the type column last; each row's type is its `type` key."""
    data = table(rows, [h for h in headers if h not in (TYPE_ZH, TYPE_EN)])
    type_header = TYPE_EN if headers is EN or TYPE_EN in headers else TYPE_ZH
    lines = [[*data[0], type_header]] + [[*line, r["type"]] for line, r in zip(data[1:], rows, strict=True)]
    return "\r\n".join(",".join(f'"{cell}"' for cell in line) for line in lines).encode()


def stored_types() -> list[str]:
    return list(Result.objects.order_by("line").values_list("evaluation_type", flat=True))


@pytest.mark.django_db
def test_a_roster_without_the_column_is_skill_level_recognition(officer, body, examiners):
    assert TYPE_ZH not in ZH
    import_roster(
        user=officer, data=csv_bytes([row(body, examiners), row(body, examiners)]), filename="r.csv"
    )
    assert stored_types() == [LEVEL, LEVEL]


@pytest.mark.django_db
def test_chinese_names_and_short_forms_padded_with_spaces(officer, body, examiners):
    written = {
        "职业资格": QUALIFICATION,
        "职业技能等级认定": LEVEL,
        " 等级认定 ": LEVEL,
        "专项职业能力": SPECIAL,
        "\u3000专项": SPECIAL,
    }
    rows = [row(body, examiners, type=word) for word in written]

    import_roster(user=officer, data=typed_csv(rows, ZH), filename="r.csv")

    assert stored_types() == list(written.values())


@pytest.mark.django_db
def test_english_codes_in_any_case(officer, body, examiners):
    written = {"qualification": QUALIFICATION, "Level": LEVEL, " SPECIAL ": SPECIAL}
    rows = [row(body, examiners, type=word) for word in written]

    import_roster(user=officer, data=typed_csv(rows, EN), filename="r.csv")

    assert stored_types() == list(written.values())


@pytest.mark.django_db
def test_an_empty_cell_is_skill_level_recognition(officer, body, examiners):
    rows = [row(body, examiners, type="专项"), row(body, examiners, type=""), row(body, examiners, type="  ")]
    import_roster(user=officer, data=typed_csv(rows, ZH), filename="r.csv")
    assert stored_types() == [SPECIAL, LEVEL, LEVEL]


@pytest.mark.django_db
def test_the_type_is_read_from_a_workbook(officer, body, examiners):
    lines = table([row(body, examiners), row(body, examiners)])
    lines[0].append(TYPE_ZH)
    lines[1].append("专项职业能力")
    lines[2].append(None)  # an empty cell
    import_roster(user=officer, data=xlsx_bytes(lines), filename="r.xlsx")
    assert stored_types() == [SPECIAL, LEVEL]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["鉴定", "专项能力考试", "levels", "3"])
def test_an_unknown_type_refuses_the_file_at_its_row_and_column(officer, body, examiners, value):
    rows = [
        row(body, examiners, type="专项"),
        row(body, examiners, type=value),
        row(body, examiners, type=""),
    ]
    for headers, column in ((ZH, TYPE_ZH), (EN, TYPE_EN)):
        assert refused(officer, typed_csv(rows, headers)) == [(3, column, value)]


@pytest.mark.django_db
def test_an_unknown_type_is_listed_in_the_columns_order_with_the_rows_other_problems(
    officer, body, examiners
):
    rows = [row(body, examiners, type="未知", level="九级", theory_score="abc")]
    assert refused(officer, typed_csv(rows, ZH)) == [
        (2, "等级", "九级"),
        (2, TYPE_ZH, "未知"),
        (2, "理论成绩", "abc"),
    ]


@pytest.mark.django_db
def test_the_bulk_store_keeps_each_rows_type_across_chunks_and_skipped_rows(
    officer, body, examiners, monkeypatch
):
    """Whichever path the database takes (executemany on SQLite, COPY on PostgreSQL), a chunk at a time."""
    monkeypatch.setattr(store, "CHUNK", 2)
    words = ["职业资格", "专项", "", "等级认定", "special", "专项职业能力", "qualification"]
    rows = [row(body, examiners, type=word) for word in words]
    first = import_roster(user=officer, data=typed_csv(rows[:2], ZH), filename="r.csv")
    rows[1]["type"] = "职业资格"  # already stored: skipped, so its stored type stays 专项

    again = import_roster(user=officer, data=typed_csv(rows, ZH), filename="r.csv")

    assert (first.rows_stored, again.rows_stored, again.rows_skipped) == (2, 5, 2)
    assert stored_types() == [QUALIFICATION, SPECIAL, LEVEL, LEVEL, SPECIAL, SPECIAL, QUALIFICATION]


@pytest.mark.django_db
def test_the_verification_page_names_the_type(client, officer, body, examiners):
    cache.clear()  # the look-ups' rate count
    passer = row(body, examiners, type="专项职业能力")
    import_roster(user=officer, data=typed_csv([passer], ZH), filename="r.csv")

    page = client.get("/verify/", {"no": passer["certificate_no"], "name": passer["name"]}).content.decode()

    assert '<dd id="certificate-type">专项职业能力</dd>' in page
