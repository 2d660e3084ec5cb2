"""Result roster import: any encoding and header language in, structural problems refuse the whole file,
the rest is stored once (re-imports skip known rows) and late rows are counted."""

import csv
import datetime
import hashlib
import io
import itertools
import random

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from certificates.models import Hit, Result, Roster
from certificates.services import audit as audit_service
from certificates.services.rosters import RosterRefused, errors_csv, import_roster
from registry.identifiers import resident_id
from registry.services import LineRequest
from tests import factories
from tests.helpers import admin_of

ZH = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "综合评审成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
]
EN = [
    "certificate_no",
    "name",
    "id_number",
    "occupation_code",
    "level",
    "theory_score",
    "skill_score",
    "review_score",
    "exam_date",
    "issue_date",
    "examiners",
    "body_code",
]
FIELDS = EN
OCCUPATION = "6-31-01-03"
# A Tuesday; with the clock at TODAY, the exam 3 working days back is on time for every kind of body.
TODAY = datetime.date(2025, 6, 17)
EXAM = datetime.date(2025, 6, 12)
ISSUE = datetime.date(2025, 6, 16)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(10)), tick=False):
        yield


@pytest.fixture
def officer():
    return factories.centre_officer()


@pytest.fixture
def body():
    return factories.filed_body(lines=[LineRequest(OCCUPATION, 4), LineRequest(OCCUPATION, 2)])


@pytest.fixture
def examiners():
    return [factories.certification(role="examiner").certificate_no for _ in range(3)]


_people = itertools.count(1)


def row(body, examiners, /, **overrides) -> dict:
    """One passer at level 4, as a body would write it; `passed=False` makes a failed candidate."""
    n = next(_people)
    passed = overrides.pop("passed", True)
    data = {
        "certificate_no": factories.certificate_no(body, year=ISSUE.year, level=4) if passed else "",
        "name": f"考生{n}",
        "id_number": resident_id(n, born=f"{datetime.date(1990, 1, 1) + datetime.timedelta(days=n):%Y%m%d}"),
        "occupation_code": OCCUPATION,
        "level": "4",
        "theory_score": "82" if passed else "45",
        "skill_score": "88.5" if passed else "70",
        "review_score": "",
        "exam_date": EXAM.isoformat(),
        "issue_date": ISSUE.isoformat() if passed else "",
        "examiners": "；".join(examiners),
        "body_code": body.filing_no,
    }
    data.update(overrides)
    return data


def table(rows: list[dict], headers=ZH) -> list[list]:
    """Header row plus data rows, columns in the order of `headers` (which name FIELDS in any language)."""
    order = [FIELDS[(ZH if h.strip() in ZH else EN).index(h.strip())] for h in headers]
    return [list(headers)] + [[r.get(f, "") for f in order] for r in rows]


def csv_bytes(rows: list[dict], headers=ZH, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table(rows, headers))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(lines: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for line in lines:
        workbook.active.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts() -> tuple[int, int]:
    return Roster.objects.count(), Result.objects.count()


def refused(user, data: bytes, filename="roster.csv") -> list[tuple[int, str, str]]:
    """The (row, column, value) of each problem; asserts that nothing was stored."""
    before = counts()
    with pytest.raises(RosterRefused) as caught:
        import_roster(user=user, data=data, filename=filename)
    assert counts() == before
    assert caught.value.total == len(caught.value.errors)
    assert all(e.message for e in caught.value.errors)
    return [(e.row, e.column, e.value) for e in caught.value.errors]


# --- formats, encodings, headers --------------------------------------------------------------------


@pytest.mark.django_db
def test_gbk_csv_with_chinese_headers_is_stored(officer, body, examiners):
    data = csv_bytes([row(body, examiners), row(body, examiners, passed=False)], encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK

    outcome = import_roster(user=officer, data=data, filename="名单.csv")

    assert (outcome.rows_read, outcome.rows_stored, outcome.rows_skipped, outcome.rows_late) == (2, 2, 0, 0)
    first, second = Result.objects.order_by("line")
    assert (first.line, first.status, first.name.startswith("考生")) == (2, "issued", True)
    assert (second.line, second.status, second.certificate_no, second.issue_date) == (
        3,
        "not_issued",
        "",
        None,
    )
    assert outcome.roster.body == body
    assert outcome.roster.original_name == "名单.csv"


@pytest.mark.django_db
def test_utf8_with_bom_is_stored(officer, body, examiners):
    data = csv_bytes([row(body, examiners)], encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert import_roster(user=officer, data=data, filename="r.csv").rows_stored == 1


@pytest.mark.django_db
def test_english_headers_shuffled_with_spaces_around_headers_and_values(officer, body, examiners):
    headers = [f"  {h} " for h in random.Random(7).sample(EN, len(EN))]
    padded = {k: f"  {v}  " if v else v for k, v in row(body, examiners, level="中级工").items()}

    outcome = import_roster(user=officer, data=csv_bytes([padded], headers), filename="r.csv")

    assert outcome.rows_stored == 1
    stored = Result.objects.get()
    assert stored.name == padded["name"].strip()
    assert stored.level == 4
    assert stored.certificate_no == padded["certificate_no"].strip()
    assert (stored.exam_date, stored.issue_date) == (EXAM, ISSUE)
    assert (stored.theory_score, stored.skill_score, stored.review_score) == (82.0, 88.5, None)
    assert stored.examiner_nos == ";".join(examiners)


@pytest.mark.django_db
def test_xlsx_with_excel_date_cells_text_dates_and_serial_numbers(officer, body, examiners):
    rows = [row(body, examiners) for _ in range(3)]
    lines = table(rows)
    exam, issue = ZH.index("考核日期"), ZH.index("发证日期")
    lines[1][exam], lines[1][issue] = EXAM, ISSUE  # real date cells
    lines[2][exam], lines[2][issue] = "2025/6/12", "2025-06-16"  # text
    lines[3][exam], lines[3][issue] = (EXAM - datetime.date(1899, 12, 30)).days, "2025/06/16"  # a serial
    lines[1][ZH.index("理论成绩")] = 82  # numbers as numbers
    lines[1][ZH.index("等级")] = 4

    outcome = import_roster(user=officer, data=xlsx_bytes(lines), filename="roster.xlsx")

    assert outcome.rows_stored == 3
    assert set(Result.objects.values_list("exam_date", "issue_date", "level")) == {(EXAM, ISSUE, 4)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written, level",
    [("5", 5), ("一级", 1), ("2级", 2), ("高级工", 3), ("四级/中级工", 4), ("初级工", 5), ("技师", 2)],
)
def test_level_words(officer, body, examiners, written, level):
    review = "75" if level <= 2 else ""
    import_roster(
        user=officer,
        data=csv_bytes([row(body, examiners, level=written, review_score=review)]),
        filename="r.csv",
    )
    assert Result.objects.get().level == level


@pytest.mark.django_db
def test_examiners_separated_by_any_of_the_three_marks_are_stored_joined_by_semicolons(
    officer, body, examiners
):
    a, b, c = examiners
    import_roster(
        user=officer, data=csv_bytes([row(body, examiners, examiners=f"{a} ;{b}、 {c}；")]), filename="r.csv"
    )
    assert Result.objects.get().examiner_nos == f"{a};{b};{c}"


@pytest.mark.django_db
def test_failing_scores_with_a_certificate_number_are_stored_for_the_audit(officer, body, examiners):
    """Not structural: SCORE_FAIL_CERTIFIED judges it."""
    outcome = import_roster(
        user=officer, data=csv_bytes([row(body, examiners, theory_score="41")]), filename="r.csv"
    )
    assert outcome.rows_stored == 1
    assert Result.objects.get().status == "issued"
    assert Hit.objects.filter(rule="SCORE_FAIL_CERTIFIED", result__roster=outcome.roster).count() == 1
    assert outcome.roster.audited_at is not None


@pytest.mark.django_db
def test_every_column_is_stored_as_read(officer, body, examiners):
    """The same on SQLite (executemany) and PostgreSQL (COPY): quotes and commas in names, nulls, floats."""
    passer = row(body, examiners, name='欧阳"小明", Jr', level="2", review_score="77.5", skill_score="60")
    failed = row(body, examiners, passed=False)
    import_roster(user=officer, data=csv_bytes([passer, failed]), filename="r.csv")

    first, second = Result.objects.order_by("line")
    assert (first.line, first.body, first.occupation.code, first.level) == (2, body, OCCUPATION, 2)
    assert (first.name, first.id_number, first.certificate_no) == (
        '欧阳"小明", Jr',
        passer["id_number"],
        passer["certificate_no"],
    )
    assert (first.theory_score, first.skill_score, first.review_score) == (82.0, 60.0, 77.5)
    assert (first.exam_date, first.issue_date, first.status) == (EXAM, ISSUE, "issued")
    assert (first.revoked_at, first.revoked_reason) == (None, "")
    key = f"{body.pk}|{passer['id_number']}|{first.occupation_id}|2|{EXAM.isoformat()}"
    assert first.row_key == hashlib.sha1(key.encode()).hexdigest()
    assert (second.certificate_no, second.issue_date, second.review_score, second.status) == (
        "",
        None,
        None,
        "not_issued",
    )


@pytest.mark.django_db
def test_other_columns_are_ignored_and_a_work_type_names_its_occupation(officer, body, examiners):
    headers = ["序号", *ZH, "备注"]
    lines = table([row(body, examiners, occupation_code="6-31-01-03-02")], ZH)
    data = "\r\n".join(
        ",".join(["1", *line[0:], "无"]) if i else ",".join(headers) for i, line in enumerate(lines)
    )
    outcome = import_roster(user=officer, data=data.encode("gbk"), filename="r.csv")
    assert outcome.rows_stored == 1
    assert Result.objects.get().occupation.code == OCCUPATION


@pytest.mark.django_db
def test_a_row_with_too_many_cells_is_refused_at_its_line(officer, body, examiners):
    data = csv_bytes([row(body, examiners), row(body, examiners)]) + b"a,b,c,d,e,f,g,h,i,j,k,l,m,n\r\n"
    ((where, column, value),) = refused(officer, data)
    assert (where, column, value) == (4, "", "")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_blank_lines_keep_the_row_numbers_of_the_file(officer, body, examiners, encoding):
    lines = csv_bytes([row(body, examiners), row(body, examiners, name="")]).decode().split("\r\n")
    data = "\r\n".join([lines[0], "", lines[1], ",,,,,,,,,,,", lines[2], "", ""]).encode(encoding)

    assert refused(officer, data) == [(5, "姓名", "")]


@pytest.mark.django_db
def test_rows_of_several_bodies_leave_the_roster_without_one_body(officer, body, examiners):
    other = factories.filed_body(lines=[LineRequest(OCCUPATION, 4)])
    outcome = import_roster(
        user=officer, data=csv_bytes([row(body, examiners), row(other, examiners)]), filename="r.csv"
    )
    assert outcome.roster.body is None
    assert set(Result.objects.values_list("body_id", flat=True)) == {body.pk, other.pk}


# --- structural problems: the whole file is refused ----------------------------------------------------


@pytest.mark.django_db
def test_a_missing_column_is_one_problem_at_row_1(officer, body, examiners):
    headers = [h for h in ZH if h != "考评员"]
    assert refused(officer, csv_bytes([row(body, examiners)], headers)) == [(1, "考评员", "")]


@pytest.mark.django_db
def test_a_missing_column_is_named_in_english_when_the_headers_are(officer, body, examiners):
    headers = [h for h in EN if h != "exam_date"]
    assert refused(officer, csv_bytes([row(body, examiners)], headers)) == [(1, "exam_date", "")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("exam_date", "2025-13-01"),
        ("exam_date", "12/06/2025"),
        ("issue_date", "昨天"),
        ("exam_date", "1999-12-31"),
        ("theory_score", "105"),
        ("skill_score", "abc"),
        ("theory_score", "-1"),
        ("level", "六级"),
        ("level", "0"),
        ("occupation_code", "9-99-99-99"),
        ("body_code", "S000050999999"),
        ("name", ""),
        ("id_number", ""),
        ("examiners", ""),
        ("examiners", " ； "),
        ("exam_date", ""),
        ("level", ""),
        ("theory_score", ""),
        ("body_code", ""),
        ("occupation_code", ""),
        ("issue_date", ""),  # a certificate without its issue date
        ("id_number", "5102021990010100011"),  # too long to store
        ("certificate_no", "S00005000000125400000123"),
    ],
)
def test_a_bad_cell_is_listed_at_its_row_and_column(officer, body, examiners, field, value):
    rows = [row(body, examiners), row(body, examiners, **{field: value}), row(body, examiners)]
    for headers in (ZH, EN):
        column = headers[FIELDS.index(field)]
        assert refused(officer, csv_bytes(rows, headers)) == [(3, column, value.strip())]


@pytest.mark.django_db
def test_levels_2_and_1_need_the_review_score(officer, body, examiners):
    rows = [row(body, examiners, level="技师"), row(body, examiners, level="3")]
    assert refused(officer, csv_bytes(rows)) == [(2, "综合评审成绩", "")]
    without_column = [h for h in ZH if h != "综合评审成绩"]
    assert refused(officer, csv_bytes(rows, without_column)) == [(1, "综合评审成绩", "")]
    assert import_roster(user=officer, data=csv_bytes(rows[1:], without_column), filename="r.csv").rows_stored


@pytest.mark.django_db
def test_without_an_issue_date_column_only_failed_candidates_may_be_reported(officer, body, examiners):
    headers = [h for h in ZH if h != "发证日期"]
    assert refused(officer, csv_bytes([row(body, examiners)], headers)) == [(1, "发证日期", "")]
    failed = [row(body, examiners, passed=False)]
    assert import_roster(user=officer, data=csv_bytes(failed, headers), filename="r.csv").rows_stored == 1


@pytest.mark.django_db
def test_every_problem_is_listed_in_file_order(officer, body, examiners):
    rows = [
        row(body, examiners, level="9", theory_score="abc"),
        row(body, examiners),
        row(body, examiners, body_code="X", name=""),
    ]
    assert refused(officer, csv_bytes(rows)) == [
        (2, "等级", "9"),
        (2, "理论成绩", "abc"),
        (4, "姓名", ""),
        (4, "评价机构代码", "X"),
    ]


@pytest.mark.django_db
def test_a_body_administrator_may_report_only_its_own_body(body, examiners):
    other = factories.filed_body(lines=[LineRequest(OCCUPATION, 4)])
    admin = admin_of(body)
    rows = [row(body, examiners), row(other, examiners)]

    assert refused(admin, csv_bytes(rows)) == [(3, "评价机构代码", other.filing_no)]
    outcome = import_roster(user=admin, data=csv_bytes(rows[:1]), filename="r.csv")
    assert outcome.roster.body == body


@pytest.mark.django_db
def test_only_centre_officers_and_body_administrators_may_import(body, examiners):
    with pytest.raises(PermissionDenied):
        import_roster(
            user=factories.district_officer(), data=csv_bytes([row(body, examiners)]), filename="r.csv"
        )
    assert counts() == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, filename",
    [(b"", "r.csv"), (b"\r\n", "r.csv"), (b"\xd0\xcf\x11\xe0old", "r.xls"), (b"PK\x03\x04junk", "r.xlsx")],
)
def test_an_unreadable_file_is_one_problem_at_row_1(officer, data, filename):
    assert refused(officer, data, filename) == [(1, "", "")]


@pytest.mark.django_db
def test_a_header_without_rows_is_refused(officer):
    assert refused(officer, ",".join(ZH).encode()) == [(1, "", "")]


@pytest.mark.django_db
def test_a_repeated_column_is_a_problem(officer, body, examiners):
    data = csv_bytes([row(body, examiners)], [*ZH, "name"])
    assert refused(officer, data) == [(1, "name", "name")]


# --- storing once, late rows ------------------------------------------------------------------------


@pytest.mark.django_db
def test_reimporting_the_same_file_stores_nothing_twice(officer, body, examiners):
    rows = [row(body, examiners) for _ in range(3)]
    data = csv_bytes([*rows, rows[1]])  # the last row repeats the second

    first = import_roster(user=officer, data=data, filename="r.csv")
    again = import_roster(user=officer, data=data, filename="r.csv")

    assert (first.rows_read, first.rows_stored, first.rows_skipped) == (4, 3, 1)
    assert (again.rows_read, again.rows_stored, again.rows_skipped) == (4, 0, 4)
    assert Result.objects.count() == 3
    assert again.roster.rows_stored == 0


@pytest.mark.django_db
def test_a_new_row_in_a_corrected_file_is_stored_alone(officer, body, examiners):
    rows = [row(body, examiners) for _ in range(2)]
    import_roster(user=officer, data=csv_bytes(rows), filename="r.csv")
    outcome = import_roster(user=officer, data=csv_bytes([*rows, row(body, examiners)]), filename="r.csv")
    assert (outcome.rows_stored, outcome.rows_skipped) == (1, 2)
    assert Result.objects.filter(roster=outcome.roster).get().line == 4


@pytest.mark.django_db
def test_rows_reported_after_the_working_days_of_their_body_kind_are_counted_late(officer, examiners):
    social = factories.filed_body(kind="social", lines=[LineRequest(OCCUPATION, 4)])
    employer = factories.filed_body(kind="employer", lines=[LineRequest(OCCUPATION, 4)])
    # Today is Tue 17 June: 5 working days after Mon 9 June is Mon 16 June (late for a social body);
    # 10 working days after it is Mon 23 June (on time for an employer). 10 June + 5 = 17 June: on time.
    rows = [
        row(social, examiners, exam_date="2025-06-09", issue_date="2025-06-16"),
        row(social, examiners, exam_date="2025-06-10", issue_date="2025-06-16"),
        row(employer, examiners, exam_date="2025-06-09", issue_date="2025-06-16"),
        row(employer, examiners, exam_date="2025-05-30", issue_date="2025-06-16"),
    ]
    outcome = import_roster(user=officer, data=csv_bytes(rows), filename="r.csv")
    assert outcome.rows_late == 2
    assert Roster.objects.get().rows_late == 2

    again = import_roster(user=officer, data=csv_bytes(rows), filename="r.csv")
    assert again.rows_late == 0  # nothing new was stored


@pytest.mark.django_db
def test_the_audit_runs_over_the_new_roster(officer, body, examiners, monkeypatch):
    audited = []
    monkeypatch.setattr(
        audit_service, "audit", lambda *, roster=None: audited.append(roster) or audit_service.AuditOutcome()
    )
    outcome = import_roster(user=officer, data=csv_bytes([row(body, examiners)]), filename="r.csv")
    assert audited == [outcome.roster]


# --- the error list and the command ----------------------------------------------------------------


@pytest.mark.django_db
def test_errors_csv_lists_row_column_value_message_with_a_bom_and_inert_formulas(officer, body, examiners):
    data = csv_bytes([row(body, examiners, name="=HYPERLINK(1)", level="七级")])
    with pytest.raises(RosterRefused) as caught:
        import_roster(user=officer, data=data, filename="r.csv")
    text = errors_csv(caught.value.errors)
    assert text.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[0] == ["row", "column", "value", "message"]
    assert lines[1][:3] == ["2", "等级", "七级"]
    assert len(lines) == 2


@pytest.mark.django_db
def test_command_prints_the_problems_and_exits_with_status_1(officer, body, examiners, tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([row(body, examiners, theory_score="105")]))
    with pytest.raises(CommandError) as caught:
        call_command("import_results", str(path), user=officer.username)
    assert caught.value.returncode == 1
    assert "2\t理论成绩\t105\t" in capsys.readouterr().err
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_command_imports_and_exits_with_status_0(officer, body, examiners, tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([row(body, examiners), row(body, examiners, passed=False)]))
    call_command("import_results", str(path), "--user", officer.username)
    out = capsys.readouterr().out
    assert "2 row(s) read, 2 stored" in out
    assert Roster.objects.get().original_name == "roster.csv"


@pytest.mark.django_db
def test_command_refuses_unknown_users_and_users_without_the_role(body, examiners, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([row(body, examiners)]))
    for username in ("nobody", factories.district_officer().username):
        with pytest.raises(CommandError) as caught:
            call_command("import_results", str(path), user=username)
        assert caught.value.returncode == 1
    assert counts() == (0, 0)
