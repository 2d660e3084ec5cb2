"""The registry export (bodies.csv, scope.csv, examiners.csv) and the same tables downloaded from the
register pages, filtered as the page is (domain.md §5)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from examiners.exports import EXCHANGE_COLUMNS
from examiners.models.person import mask_id
from registry.exports import BODY_COLUMNS, SCOPE_COLUMNS
from registry.models import Occupation, ScopeLine
from registry.services import LineRequest
from tests import factories


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def world():
    employer = factories.filed_body(
        kind="employer", lines=[LineRequest("6-31-01-03", 4), LineRequest("6-18-01-01", 3)]
    )
    social = factories.filed_body(kind="social", district_code=factories.JIULONGPO)
    # A line that ended: the export keeps the history, each line with its dates.
    ended = ScopeLine.objects.create(
        body=employer,
        occupation=Occupation.objects.get(code="4-01-02-01"),
        level=5,
        effective_from=datetime.date(2020, 1, 1),
        effective_to=datetime.date(2021, 12, 31),
    )
    pending = factories.draft_application().body
    examiner = factories.certification(role="examiner", occupations=("6-31-01-03", "6-18-01-01"))
    applicant = factories.certification(role="examiner", status="applied")
    supervisor = factories.supervisor()
    return {
        "employer": employer,
        "social": social,
        "ended": ended,
        "pending": pending,
        "examiner": examiner,
        "applicant": applicant,
        "supervisor": supervisor,
    }


def body_row(body) -> list[str]:
    return [
        body.filing_no,
        body.credit_code,
        body.name,
        body.kind,
        body.district.name,
        body.status,
        timezone.localtime(body.status_since).date().isoformat(),
        body.valid_from.isoformat(),
        body.valid_to.isoformat(),
    ]


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_writes_three_plain_utf8_files(world, tmp_path):
    out = io.StringIO()
    call_command("export_registry", str(tmp_path / "export"), stdout=out)

    files = {
        name: (tmp_path / "export" / name).read_bytes()
        for name in ("bodies.csv", "scope.csv", "examiners.csv")
    }
    for name, raw in files.items():
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
        assert b"\r\n" not in raw
        assert name in out.getvalue()
    bodies, scope, examiners = (rows_of(raw.decode("utf-8")) for raw in files.values())
    assert bodies[0] == BODY_COLUMNS == [
        "filing_no", "credit_code", "name", "kind", "district", "status", "status_since", "valid_from", "valid_to"
    ]  # fmt: skip
    assert (
        scope[0]
        == SCOPE_COLUMNS
        == ["filing_no", "occupation_code", "level", "effective_from", "effective_to"]
    )
    assert examiners[0] == EXCHANGE_COLUMNS == [
        "certificate_no", "name", "id_number", "grade", "status", "valid_from", "valid_to", "occupation_codes"
    ]  # fmt: skip

    employer, social, pending = world["employer"], world["social"], world["pending"]
    assert sorted(bodies[1:]) == sorted([body_row(employer), body_row(social)])  # not the pending body
    assert pending.name not in files["bodies.csv"].decode()

    from_ = employer.valid_from.isoformat()
    assert [r for r in scope[1:] if r[0] == employer.filing_no] == [
        [employer.filing_no, "4-01-02-01", "5", "2020-01-01", "2021-12-31"],
        [employer.filing_no, "6-18-01-01", "3", from_, ""],
        [employer.filing_no, "6-31-01-03", "4", from_, ""],
    ]
    assert {r[0] for r in scope[1:]} == {employer.filing_no, social.filing_no}

    examiner = world["examiner"]
    person = examiner.person
    assert examiners[1:] == [
        [
            examiner.certificate_no,
            person.name,
            person.id_number,
            "senior_examiner",
            "certified",
            examiner.valid_from.isoformat(),
            examiner.valid_to.isoformat(),
            "6-18-01-01;6-31-01-03",
        ]
    ]  # neither the applicant without a number nor the supervisor


@pytest.mark.django_db
def test_the_command_can_mask_id_numbers(world, tmp_path):
    call_command("export_registry", str(tmp_path), "--mask-ids", stdout=io.StringIO())
    text = (tmp_path / "examiners.csv").read_text("utf-8")
    person = world["examiner"].person
    assert mask_id(person.id_number) in text and person.id_number not in text


@pytest.mark.django_db
def test_an_empty_register_exports_headers_only(tmp_path):
    call_command("export_registry", str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / "bodies.csv").read_text("utf-8") == ",".join(BODY_COLUMNS) + "\n"
    assert (tmp_path / "scope.csv").read_text("utf-8") == ",".join(SCOPE_COLUMNS) + "\n"
    assert (tmp_path / "examiners.csv").read_text("utf-8") == ",".join(EXCHANGE_COLUMNS) + "\n"


# --- the public register page ---------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return rows_of(response.content.decode("utf-8-sig"))


@pytest.mark.django_db
def test_the_page_downloads_the_same_tables_as_the_command(client, world, tmp_path):
    call_command("export_registry", str(tmp_path), stdout=io.StringIO())
    bodies = client.get("/register/", {"format": "csv"})
    scope = client.get("/register/", {"format": "csv", "what": "scope"})

    assert bodies.content.startswith(b"\xef\xbb\xbf")  # the page's CSV is for Excel
    assert csv_rows(bodies) == rows_of((tmp_path / "bodies.csv").read_text("utf-8"))
    assert csv_rows(scope) == rows_of((tmp_path / "scope.csv").read_text("utf-8"))
    assert 'filename="bodies-' in bodies["Content-Disposition"]
    assert 'filename="scope-' in scope["Content-Disposition"]


@pytest.mark.django_db
def test_the_page_download_respects_the_search_filters(client, world):
    employer, social = world["employer"], world["social"]

    by_kind = csv_rows(client.get("/register/", {"kind": "employer", "format": "csv"}))
    assert by_kind == [BODY_COLUMNS, body_row(employer)]
    by_district = csv_rows(client.get("/register/", {"district": factories.JIULONGPO, "format": "csv"}))
    assert by_district == [BODY_COLUMNS, body_row(social)]
    scope = csv_rows(client.get("/register/", {"q": employer.filing_no, "format": "csv", "what": "scope"}))
    assert {r[0] for r in scope[1:]} == {employer.filing_no} and len(scope) == 4
    # A page number does not cut the download to one page.
    assert len(csv_rows(client.get("/register/", {"page": "2", "format": "csv"}))) == 3


@pytest.mark.django_db
def test_the_page_xlsx_opens_with_openpyxl(client, world):
    employer = world["employer"]
    for what, columns, stem in (("", BODY_COLUMNS, "bodies"), ("scope", SCOPE_COLUMNS, "scope")):
        response = client.get("/register/", {"kind": "employer", "format": "xlsx", "what": what})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert sheet.title == stem
        assert rows[0] == columns
        assert {r[0] for r in rows[1:]} == {employer.filing_no}
    bodies = openpyxl.load_workbook(
        io.BytesIO(client.get("/register/", {"kind": "employer", "format": "xlsx"}).content)
    ).active
    assert [str(v) for v in next(bodies.iter_rows(min_row=2, values_only=True))] == body_row(employer)


@pytest.mark.django_db
def test_the_page_links_to_downloads_with_its_filters(client, world):
    page = client.get("/register/", {"kind": "employer", "page": "1"}).content.decode()
    for suffix in ("format=csv", "format=xlsx", "format=csv&amp;what=scope", "format=xlsx&amp;what=scope"):
        assert f'href="?kind=employer&amp;{suffix}"' in page, suffix
    plain = client.get("/register/").content.decode()
    assert 'href="?format=csv"' in plain and 'href="?format=xlsx&amp;what=scope"' in plain


# --- the examiners' register page -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "full"), [("centre", True), ("district", False)])
def test_the_examiners_page_download_offers_the_export_columns(client, world, who, full):
    user = factories.centre_officer() if who == "centre" else factories.district_officer(factories.YUZHONG)
    client.force_login(user)
    rows = csv_rows(client.get("/examiners/", {"format": "csv"}))
    header = rows[0]
    assert set(EXCHANGE_COLUMNS) <= set(header)
    person = world["examiner"].person
    (row,) = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == world["examiner"].certificate_no]
    assert row["id_number"] == (person.id_number if full else mask_id(person.id_number))
    assert row["occupation_codes"] == "6-18-01-01;6-31-01-03"
